package extract

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/tinkhabar/tinkhabar/pkg/gazetteer"
	"github.com/tinkhabar/tinkhabar/pkg/news"
	"github.com/tinkhabar/tinkhabar/pkg/text"
)

// Roles whose holders work in the capital: their being in the capital is no visit.
var capitalRoles = map[string]bool{"minister": true, "deputy_minister": true, "president": true, "vice_president": true, "prime_minister": true}

// capitals are the national capitals by language of the news.
func capitalOf(lang string) string {
	if lang == news.LangFa {
		return "ir/tehran"
	}
	return "vn/ha-noi"
}

// visits finds officials' and delegations' trips: a sentence with a travel cue, a place near
// it and a visitor (a role, a delegation, or the article's main official). Trips to one place
// (by current province id) are merged into one event.
func (d *doc) visits() []news.Event {
	var out []news.Event
	byPlace := map[string]int{}
	for i := range d.sents {
		s := &d.sents[i]
		trig, ok := d.visitTrigger(s)
		if !ok || s.has(catBackground) {
			continue
		}
		if s.has(catOnline) && trig.cat != catVisit {
			continue
		}
		loc, ok := d.visitPlace(s, trig)
		if !ok && trig.cat == catVisit {
			loc, ok = d.placeBefore(s)
		}
		if !ok {
			continue
		}
		who, ok := d.visitor(s, trig)
		if !ok {
			continue
		}
		place := loc.Entry.Location
		if capitalRoles[who.Role] && place.ID == capitalOf(d.lang) {
			continue
		}
		tense := d.tense(s, trig.Start)
		date, dur := d.visitDate(s, tense)
		if date == nil && s.idx > 0 {
			date = lastDate(&d.sents[s.idx-1])
		}
		date = d.weekdayAhead(date, tense)
		status := d.visitStatus(s, trig, date, dur)
		if date != nil && !d.pubDay.IsZero() && date.Time().Before(d.pubDay.AddDate(0, 0, -45)) {
			continue // an old trip recalled, not news
		}
		key := cmp.Or(place.CurrentID, place.ID)
		if j, seen := byPlace[key]; seen {
			ev := &out[j]
			if ev.Date == nil && date != nil {
				ev.Date = d.dateOf(*date)
			}
			if ev.DurationDays == 0 {
				ev.DurationDays = dur
			}
			if ev.Visitor.Name == "" && who.Name != "" && ev.Visitor.Role == who.Role {
				ev.Visitor.Name = who.Name
			}
			continue
		}
		ev := news.Event{
			Type:         news.TypeVisit,
			Location:     newsLocation(place),
			Status:       status,
			Evidence:     d.evidence(s),
			Visitor:      who,
			DurationDays: dur,
			Confidence:   0.6,
		}
		if date != nil {
			ev.Date = d.dateOf(*date)
			ev.Confidence += 0.15
		}
		if trig.cat == catVisit {
			ev.Confidence += 0.1
		}
		if who.Name != "" {
			ev.Confidence += 0.1
		}
		byPlace[key] = len(out)
		out = append(out, ev)
	}
	return out
}

// visitTrigger returns the sentence's travel cue. A weak cue (đến, tới, می‌رود …) counts only
// with a place right next to it: after it in Vietnamese, before it in Persian.
func (d *doc) visitTrigger(s *sentence) (hit, bool) {
	for _, h := range s.hits {
		switch h.cat {
		case catVisit, catOngoingTrip:
			return hit{Span: h.Span, cat: catVisit}, true
		case catVisitReceive:
			return h, true
		case catVisitWeak:
			if slices.ContainsFunc(s.dates, func(x text.Date) bool { return dist(x.Span, h.Span) <= 1 }) {
				continue // «ngày 6/1 tới», «vào ngày 6/1»: "next", "on", not travel
			}
			for _, m := range s.locations() {
				if d.lang == news.LangVi && m.Start >= h.End && (words(d.gap(h.Span, m.Span)) <= 3 || m.Start-h.End < 150 && introducedAsVenue(d.t.Fold[h.End:m.Start])) {
					return h, true
				}
				if d.lang == news.LangFa && (m.End <= h.Start && words(d.gap(m.Span, h.Span)) <= 2 || m.Start >= h.End && words(d.gap(h.Span, m.Span)) <= 1) {
					return h, true
				}
			}
		}
	}
	return hit{}, false
}

// visitPlace picks the destination: the place nearest the cue, preferring one that is not
// part of a title or an office («استاندار فارس», «UBND tỉnh X», «Sở … Quảng Trị»).
func (d *doc) visitPlace(s *sentence, trig hit) (gazetteer.Match, bool) {
	var best gazetteer.Match
	bestScore := 1 << 30
	for _, m := range s.locations() {
		score := dist(m.Span, trig.Span)
		if d.attached(s, m) {
			score += 400
		}
		switch {
		case trig.cat == catVisitReceive && m.Start >= trig.End:
			score += 300 // the guests' home, not where they are received
		case trig.cat != catVisitReceive && d.lang == news.LangVi && m.End <= trig.Start:
			score += 120
		}
		if m.Entry.Location.Level == "country" && m.Entry.Location.ID == strings.ToLower(countryOf(d.lang)) {
			continue // the news's own country is where everyone already is
		}
		if score < bestScore {
			best, bestScore = m, score
		}
	}
	return best, bestScore < 1<<30
}

// placeBefore is the destination of a trip told without a place («đã đến làm việc với lãnh đạo
// thành phố»): the last place named in the two sentences before, else the article's first
// province.
func (d *doc) placeBefore(s *sentence) (gazetteer.Match, bool) {
	for i := s.idx - 1; i >= max(0, s.idx-2); i-- {
		locs := d.sents[i].locations()
		for k := len(locs) - 1; k >= 0; k-- {
			if locs[k].Entry.Location.Level == "province" {
				return locs[k], true
			}
		}
	}
	for i := range d.sents {
		for _, m := range d.sents[i].locations() {
			if m.Entry.Location.Level == "province" {
				return m, true
			}
		}
	}
	return gazetteer.Match{}, false
}

// introducedAsVenue reports whether the text before a place ends with «tại» or «ở», perhaps
// followed by an administrative word («tại phường», «ở xã», «tại TP»).
func introducedAsVenue(before string) bool {
	b := strings.TrimSpace(before)
	for _, admin := range []string{"", " phường", " xã", " tp", " thành phố", " tỉnh", " huyện", " thị xã", " quận", " khu vực", " đặc khu", " thị trấn"} {
		if strings.HasSuffix(b, " tại"+admin) || strings.HasSuffix(b, " ở"+admin) || b == "tại"+admin {
			return true
		}
	}
	return false
}

func countryOf(lang string) string {
	if lang == news.LangFa {
		return "IR"
	}
	return "VN"
}

// attached reports whether a place belongs to a title or office just before it (the place of
// someone's job, not a destination).
func (d *doc) attached(s *sentence, m gazetteer.Match) bool {
	for _, g := range s.gaz {
		if g.End > m.Start || m.Start-g.End > 60 {
			continue
		}
		if g.Entry.Kind != gazetteer.KindRole && g.Entry.Kind != gazetteer.KindOrg {
			continue
		}
		if words(d.gap(g.Span, m.Span)) <= 4 {
			return true
		}
	}
	before := d.t.Fold[max(s.Start, m.Start-40):m.Start]
	for _, w := range d.tab.offices {
		if strings.HasSuffix(strings.TrimSpace(before), w) {
			return true
		}
	}
	return false
}

// officeWords end a phrase that makes the following place part of an office's name.
func officeWords(lang string) []string {
	if lang == news.LangFa {
		return []string{"استانداری", "استاندار", "مدیرکل ارتباطات و فناوری اطلاعات", "اداره کل ارتباطات و فناوری اطلاعات", "مدیرکل ارتباطات", "ارتباطات و فناوری اطلاعات استان", "مخابرات منطقه", "مخابرات استان", "فرماندار", "وزیر", "سفیر", "پارک علم و فناوری"}
	}
	return []string{"ubnd tỉnh", "ubnd thành phố", "ubnd tp", "ủy ban nhân dân tỉnh", "sở khoa học và công nghệ", "tỉnh ủy", "thành ủy", "vnpt", "viettel", "đoàn công tác tỉnh", "lãnh đạo tỉnh", "chủ tịch ubnd tỉnh", "bí thư tỉnh ủy"}
}

// visitor finds who travels: a role in the sentence (the one before the cue first), else a
// delegation, else the first official the article names.
func (d *doc) visitor(s *sentence, trig hit) (*news.Visitor, bool) {
	roles := s.roles()
	var pick *gazetteer.Match
	// «سفر محمد … وزیر …»: the role right after the trip word is the traveller's.
	if d.lang == news.LangFa {
		for i := range roles {
			r := &roles[i]
			if r.Entry.Role.ID != "delegation" && r.Start >= trig.End && words(d.gap(trig.Span, r.Span)) <= 4 && !strings.Contains(d.gap(trig.Span, r.Span), "،") {
				return d.person(s, *r), true
			}
		}
	}
	for i := range roles {
		r := &roles[i]
		if r.Entry.Role.ID == "delegation" || d.speaker(s, r.Span, trig.Span) {
			continue
		}
		if trig.cat == catVisitReceive {
			// «… tiếp đoàn Viettel do Tổng giám đốc X dẫn đầu»: the guest comes after the cue.
			if r.Start > trig.Start {
				pick = r
				break
			}
			continue
		}
		if r.Start < trig.Start {
			// Before the cue the highest office wins: «معاون وزیر … و رئیس سازمان …» is a
			// deputy minister, «وزیر … با حضور استاندار» a minister.
			if pick == nil || pick.Start > trig.Start || roleRank(r.Entry.Role.ID) < roleRank(pick.Entry.Role.ID) {
				pick = r
			}
		} else if pick == nil {
			pick = r
			break
		}
	}
	led := s.has(catLeads)
	if pick == nil {
		var del *text.Span
		for _, r := range roles {
			if r.Entry.Role.ID == "delegation" && (trig.cat != catVisitReceive || r.Start > trig.Start) {
				del = &r.Span
				break
			}
		}
		if dl := s.hitsOf(catDelegation); del == nil && len(dl) > 0 {
			del = &dl[0].Span
		}
		if del != nil && !led {
			if v := d.delegationHead(s, *del); v != nil {
				return v, true
			}
			return d.delegation(s, *del), true
		}
		// The visitor is named elsewhere: the article's first official.
		for i := range d.sents {
			for _, r := range d.sents[i].roles() {
				if r.Entry.Role.ID != "delegation" {
					v := d.person(&d.sents[i], r)
					return v, true
				}
			}
		}
		return nil, false
	}
	v := d.person(s, *pick)
	if v.Name == "" {
		// The same role named with a person elsewhere in the article.
		for i := range d.sents {
			for _, r := range d.sents[i].roles() {
				if r.Entry.Role.ID == pick.Entry.Role.ID {
					if w := d.person(&d.sents[i], r); w.Name != "" {
						v.Name = w.Name
						return v, true
					}
				}
			}
		}
	}
	return v, true
}

// speaker reports a role that introduces reported speech before the cue («مدیرکل … گفت: …
// در این سفر», «Giám đốc Sở … cho biết: …»): the speaker is not the traveller.
func (d *doc) speaker(s *sentence, role, trig text.Span) bool {
	if role.End > trig.Start {
		return false
	}
	between := d.t.Fold[role.End:trig.Start]
	if strings.Contains(between, ":") {
		return true
	}
	for _, w := range []string{" خبر داد", " cho biết", " thông tin", " گفت", " اعلام کرد"} {
		if strings.Contains(between, w) {
			return true
		}
	}
	return false
}

// roleRank orders roles from the highest office down.
func roleRank(id string) int {
	switch id {
	case "president":
		return 0
	case "vice_president", "prime_minister":
		return 1
	case "minister":
		return 2
	case "deputy_minister":
		return 3
	case "governor", "party_secretary":
		return 4
	case "company_head":
		return 5
	}
	return 6
}

// delegationHead finds the head of a company's or ministry's delegation named elsewhere in the
// article: «đoàn công tác của VNPT» and «ông X - Chủ tịch HĐTV VNPT» make X the visitor.
func (d *doc) delegationHead(s *sentence, del text.Span) *news.Visitor {
	org := ""
	for _, g := range s.gaz {
		if g.Entry.Kind == gazetteer.KindOrg && g.Entry.Org != nil && g.Start >= del.End && words(d.gap(del, g.Span)) <= 2 {
			org = g.Entry.Org.ID
			break
		}
	}
	if org == "" {
		return nil
	}
	for i := range d.sents {
		for _, r := range d.sents[i].roles() {
			if r.Entry.Role.ID == "delegation" {
				continue
			}
			if v := d.person(&d.sents[i], r); v.Org == org {
				return v
			}
		}
	}
	return nil
}

// person builds a visitor from a role match and the name written next to it.
func (d *doc) person(s *sentence, r gazetteer.Match) *news.Visitor {
	v := &news.Visitor{Role: r.Entry.Role.ID, RoleText: d.orig(r.Span)}
	if v.Role == "president" && d.lang == news.LangFa {
		// «معاون علمی، فناوری و اقتصاد دانش‌بنیان رئیس‌جمهور» is a vice-president.
		before := d.t.Fold[max(s.Start, r.Start-120):r.Start]
		if i := strings.LastIndex(before, "معاون"); i >= 0 && words(before[i:]) <= 8 {
			v.Role = "vice_president"
		}
	}
	if r.Entry.Org != nil {
		v.Org = r.Entry.Org.ID
	} else {
		for _, g := range s.gaz {
			if g.Start >= r.End && g.Start-r.End <= 4 {
				switch {
				case g.Entry.Kind == gazetteer.KindOrg && g.Entry.Org != nil:
					v.Org = g.Entry.Org.ID
				case g.Entry.Kind == gazetteer.KindLocation && g.Entry.Location != nil && (v.Role == "governor" || v.Role == "party_secretary"):
					v.Org = g.Entry.Location.ID
				}
				break
			}
		}
	}
	v.Name = d.nameNear(s, r.Span)
	return v
}

// delegation builds the visitor for a delegation with no named head: the delegation phrase as
// written, up to the next punctuation or verb-like break.
func (d *doc) delegation(s *sentence, sp text.Span) *news.Visitor {
	end := sp.End
	rest := d.t.Norm[sp.End:s.End]
	fold := d.t.Fold[sp.End:s.End]
	n := 0
	for i, r := range rest {
		if strings.ContainsRune(",،:;؛.()", r) {
			break
		}
		if r == ' ' {
			n++
			if n > 7 || delegationEnds(fold[i+1:]) {
				break
			}
		}
		end = sp.End + i + len(string(r))
	}
	label := strings.TrimSpace(d.orig(text.Span{Start: sp.Start, End: end}))
	return &news.Visitor{Name: label, Role: "delegation", RoleText: d.orig(sp)}
}

// delegationEnds reports words that end a delegation's description: its verb or its
// destination follows.
func delegationEnds(rest string) bool {
	for _, w := range []string{"do ", "đã ", "sẽ ", "đang ", "hoạt động", "sang ", "đến ", "tới ", "về ", "tại ", "vào ", "gồm ", "cùng ", "با ", "به ", "در ", "فردا", "امروز", "روز ", "وارد ", "برای "} {
		if strings.HasPrefix(rest, w) {
			return true
		}
	}
	return false
}

// nameNear finds a person's name written next to a role: before it in Persian («محمدحسین
// رستگار وزیر …»), after it or after «ông/bà» in Vietnamese («Bộ trưởng … Trần Minh Khôi»).
func (d *doc) nameNear(s *sentence, role text.Span) string {
	if d.lang == news.LangFa {
		return d.faName(s, role)
	}
	return d.viName(s, role)
}

func (d *doc) faName(s *sentence, role text.Span) string {
	before := d.t.Norm[s.Start:role.Start]
	fields := strings.Fields(before)
	stop := map[string]bool{"و": true, "که": true, "از": true, "به": true, "با": true, "در": true, "را": true, "سفر": true, "گزارش": true, "این": true, "آن": true, "وی": true, "نیز": true, "امروز": true, "روز": true, "دیروز": true, "فردا": true}
	var name []string
	for i := len(fields) - 1; i >= 0 && len(name) < 4; i-- {
		f := fields[i]
		if strings.ContainsAny(f, "،,:؛.0123456789") || stop[f] || strings.HasSuffix(f, "،") {
			break
		}
		name = append([]string{f}, name...)
	}
	if len(name) < 2 {
		return ""
	}
	// Map the words back to the original spelling.
	joined := strings.Join(name, " ")
	at := strings.LastIndex(before, joined)
	if at < 0 {
		return ""
	}
	return strings.TrimSpace(d.orig(text.Span{Start: s.Start + at, End: s.Start + at + len(joined)}))
}

func (d *doc) viName(s *sentence, role text.Span) string {
	// «ông/bà X» just before the role.
	before := d.t.Norm[max(s.Start, role.Start-60):role.Start]
	for _, t := range []string{"ông ", "bà ", "Ông ", "Bà "} {
		if i := strings.LastIndex(before, t); i >= 0 {
			if n := capRun(before[i+len(t):]); n != "" {
				off := max(s.Start, role.Start-60) + i + len(t) + strings.Index(before[i+len(t):], n)
				return d.orig(text.Span{Start: off, End: off + len(n)})
			}
		}
	}
	after := d.t.Norm[role.End:min(s.End, role.End+90)]
	ws := strings.Fields(after)
	start := -1
	for i := 0; i < len(ws); i++ {
		w := strings.Trim(ws[i], ",.;:()-–")
		if isUpperWord(w) && w != strings.ToUpper(w) && w == ws[i] {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 && i-start >= 2 {
			if !isUpperWord(ws[i]) || w != ws[i] {
				if w != ws[i] && isUpperWord(w) && w != strings.ToUpper(w) {
					i++ // the last word carries punctuation
				}
				n := strings.Join(ws[start:i], " ")
				n = strings.TrimRight(n, ",.;:()-–")
				if k := strings.Index(after, n); k >= 0 {
					return d.orig(text.Span{Start: role.End + k, End: role.End + k + len(n)})
				}
				return ""
			}
		}
		start = -1
	}
	if start >= 0 && len(ws)-start >= 2 {
		n := strings.TrimRight(strings.Join(ws[start:], " "), ",.;:()-–")
		if k := strings.Index(after, n); k >= 0 {
			return d.orig(text.Span{Start: role.End + k, End: role.End + k + len(n)})
		}
	}
	return ""
}

// capRun returns the run of capitalised words at the start of s (at least two), or "".
func capRun(s string) string {
	ws := strings.Fields(s)
	var run []string
	for _, w := range ws {
		c := strings.TrimRight(w, ",.;:()-–")
		if !isUpperWord(c) {
			break
		}
		run = append(run, c)
		if c != w || len(run) == 4 {
			break
		}
	}
	if len(run) < 2 {
		return ""
	}
	return strings.Join(run, " ")
}

// visitDate returns the start date of the trip told in the sentence (the earliest day-precision
// date in it, else the earliest date) and its length in days when stated.
func (d *doc) visitDate(s *sentence, tense string) (*text.Date, int) {
	var best *text.Date
	for i := range s.dates {
		x := &s.dates[i]
		if best == nil || rank(x) < rank(best) || (rank(x) == rank(best) && x.Time().Before(best.Time())) {
			best = x
		}
	}
	// A trip announced for later: the first date after publication, not the day of the report.
	if tense == news.StatusPlanned && best != nil && !d.pubDay.IsZero() && !best.Time().After(d.pubDay) {
		for i := range s.dates {
			if x := &s.dates[i]; x.Time().After(d.pubDay) && x.Precision == news.PrecisionDay {
				best = x
				break
			}
		}
	}
	dur := 0
	if best != nil && best.Until != nil {
		dur = int(best.Until.Time().Sub(best.Time())/(24*time.Hour)) + 1
	}
	if dur == 0 {
		dur = d.duration(s)
	}
	return best, dur
}

// weekdayAhead moves a bare weekday («روز شنبه», «thứ Hai») told in the future tense to its
// next occurrence: the pack resolves it to the latest such day on or before publication.
func (d *doc) weekdayAhead(x *text.Date, tense string) *text.Date {
	if x == nil || !x.WeekdayOnly || tense != news.StatusPlanned || d.pubDay.IsZero() || !x.Time().Before(d.pubDay) {
		return x
	}
	t := x.Time().AddDate(0, 0, 7)
	y := *x
	y.Year, y.Month, y.Day = t.Year(), int(t.Month()), t.Day()
	return &y
}

// lastDate is the last day-precision date of a sentence (the main clause's, in news style),
// else its last date of any precision, else nil.
func lastDate(s *sentence) *text.Date {
	var out *text.Date
	for i := range s.dates {
		if x := &s.dates[i]; out == nil || rank(x) <= rank(out) {
			out = x
		}
	}
	return out
}

func rank(x *text.Date) int {
	switch x.Precision {
	case news.PrecisionDay:
		return 0
	case news.PrecisionMonth:
		return 1
	}
	return 2
}

// duration reads a stated trip length: «سفر دو روزه», «chuyến công tác 2 ngày».
func (d *doc) duration(s *sentence) int {
	for _, n := range s.nums {
		if !n.IsInt() || n.Value < 1 || n.Value > 30 || n.Ordinal {
			continue
		}
		after := strings.TrimLeft(d.t.Fold[n.End:min(s.End, n.End+16)], " ")
		if d.lang == news.LangFa && strings.HasPrefix(after, "روزه") {
			return int(n.Value)
		}
		if d.lang == news.LangVi && strings.HasPrefix(after, "ngày") {
			before := d.t.Fold[max(s.Start, n.Start-40):n.Start]
			if strings.Contains(before, "chuyến") || strings.Contains(before, "công tác") || strings.Contains(before, "thăm") {
				return int(n.Value)
			}
		}
	}
	return 0
}

// visitStatus places the trip relative to the publication day: after it planned, spanning it
// ongoing, before it done; on the day itself (or with no date) the tense decides.
func (d *doc) visitStatus(s *sentence, trig hit, date *text.Date, dur int) string {
	t := d.tense(s, trig.Start)
	if date == nil || d.pubDay.IsZero() || date.Precision != news.PrecisionDay {
		if s.has(catOngoingTrip) {
			return news.StatusOngoing
		}
		if date != nil && !d.pubDay.IsZero() && date.Time().After(d.pubDay) {
			return news.StatusPlanned
		}
		return cmp.Or(t, news.StatusDone)
	}
	start := date.Time()
	switch {
	case start.After(d.pubDay):
		return news.StatusPlanned
	case dur > 1 && !start.AddDate(0, 0, dur-1).Before(d.pubDay):
		return news.StatusOngoing
	case start.Before(d.pubDay):
		if s.has(catOngoingTrip) {
			return news.StatusOngoing
		}
		return news.StatusDone
	}
	if s.has(catOngoingTrip) {
		return news.StatusOngoing
	}
	return cmp.Or(t, news.StatusDone)
}
