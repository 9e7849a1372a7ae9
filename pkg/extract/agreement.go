package extract

import (
	"slices"
	"strconv"
	"strings"

	"github.com/tinkhabar/tinkhabar/pkg/gazetteer"
	"github.com/tinkhabar/tinkhabar/pkg/news"
	"github.com/tinkhabar/tinkhabar/pkg/text"
)

// agreements finds signed or to-be-signed agreements: a sentence with an agreement noun and a
// signing cue that is not a request. Parties are the organisations, provincial governments and
// named bodies of the sentence; mentions of one agreement (shared party, or the same count
// when no party is named) are merged, later mentions filling in period and date.
func (d *doc) agreements() []news.Event {
	var out []news.Event
	for i := range d.sents {
		s := &d.sents[i]
		nouns := s.hitsOf(catContract, catMoU, catCooperation)
		if len(nouns) == 0 {
			continue
		}
		signs := s.hitsOf(catSign, catSignPlanned)
		if len(signs) == 0 {
			// A later mention («بر اساس این قرارداد …», «Theo thỏa thuận …») adds details.
			if len(out) > 0 {
				ev := &out[len(out)-1]
				if ev.Period == nil {
					ev.Period = d.period(s)
				}
			}
			continue
		}
		sign := signs[0]
		if d.requested(s, sign) || d.refersBack(s, nouns[0]) && len(out) > 0 {
			continue
		}
		ev := news.Event{
			Type:       news.TypeAgreement,
			Parties:    d.parties(s),
			Evidence:   d.evidence(s),
			Status:     d.signStatus(s, sign, d.tense(s, sign.Start)),
			Period:     d.period(s),
			Confidence: 0.7,
		}
		ev.AgreementKind, ev.KindText = d.agreementKind(s, nouns)
		ev.Count = d.agreementCount(s, nouns[0])
		ev.Topic = d.topic(s)
		if x := d.signDate(s, ev.Status); x != nil {
			ev.Date = d.dateOf(*x)
			ev.Confidence += 0.1
		}
		if len(ev.Parties) == 0 && ev.Count == 0 && d.bothSides(s) {
			ev.Parties = d.partiesBefore(s)
		}
		if len(ev.Parties) == 0 && ev.Count == 0 {
			continue // nobody named and nothing counted: too vague to report
		}
		if j := sameAgreement(out, &ev); j >= 0 {
			mergeAgreement(&out[j], &ev)
			continue
		}
		out = append(out, ev)
	}
	return out
}

// sameAgreement finds an earlier event for the same agreement.
func sameAgreement(evs []news.Event, ev *news.Event) int {
	for j := range evs {
		o := &evs[j]
		if len(ev.Parties) > 0 && len(o.Parties) > 0 {
			for _, p := range ev.Parties {
				if slices.ContainsFunc(o.Parties, func(q news.Party) bool { return q.ID == p.ID }) {
					return j
				}
			}
			continue
		}
		if len(ev.Parties) == 0 && len(o.Parties) == 0 && ev.Count == o.Count {
			return j
		}
	}
	return -1
}

func mergeAgreement(dst, src *news.Event) {
	for _, p := range src.Parties {
		if !slices.ContainsFunc(dst.Parties, func(q news.Party) bool { return q.ID == p.ID }) {
			dst.Parties = append(dst.Parties, p)
		}
	}
	if dst.Period == nil {
		dst.Period = src.Period
	}
	if dst.Date == nil {
		dst.Date = src.Date
	}
	if dst.Count == 0 {
		dst.Count = src.Count
	}
}

// requested reports a request, tender or draft before the signing cue: «đề nghị … ký»,
// «درخواست … امضا».
func (d *doc) requested(s *sentence, sign hit) bool {
	for _, h := range s.hits {
		if h.cat == catRequest && h.Start < sign.Start {
			return true
		}
	}
	return false
}

// signStatus: planned when the signing is announced for later, done otherwise.
func (d *doc) signStatus(s *sentence, sign hit, tense string) string {
	if sign.cat == catSignPlanned || tense == news.StatusPlanned {
		return news.StatusPlanned
	}
	for _, x := range s.dates {
		if x.Precision == news.PrecisionDay && !d.pubDay.IsZero() && x.Time().After(d.pubDay) {
			return news.StatusPlanned
		}
	}
	for _, h := range s.hits {
		if h.cat != catFuture && h.cat != catPlanned {
			continue
		}
		if d.lang == news.LangVi && h.End <= sign.Start && words(d.gap(h.Span, sign.Span)) <= 4 {
			return news.StatusPlanned
		}
		if d.lang == news.LangFa && (h.Start >= sign.End && words(d.gap(sign.Span, h.Span)) <= 2 || d.t.Fold[h.Start:h.End] == "قرار است") {
			return news.StatusPlanned
		}
	}
	return news.StatusDone
}

// signDate is the date in the signing sentence; for a done signing with none, the latest date
// told before it.
func (d *doc) signDate(s *sentence, status string) *text.Date {
	var best *text.Date
	for j := range s.dates {
		x := &s.dates[j]
		if status == news.StatusPlanned && !d.pubDay.IsZero() && x.Precision == news.PrecisionDay && !x.Time().After(d.pubDay) {
			continue // the day of the announcement, not of the signing
		}
		if best == nil || rank(x) < rank(best) {
			best = x
		}
	}
	if best != nil {
		return best
	}
	x := d.dateBefore(s)
	if status == news.StatusPlanned {
		x = d.weekdayAhead(x, status)
	}
	if status == news.StatusPlanned && x != nil && !d.pubDay.IsZero() && x.Time().Before(d.pubDay) {
		return nil // a planned signing is not dated by an earlier report
	}
	return x
}

// agreementKind applies the corpus order: strategic, contract, MoU, cooperation.
func (d *doc) agreementKind(s *sentence, nouns []hit) (kind, written string) {
	first := nouns[0]
	kind = news.KindCooperation
	switch {
	case slices.ContainsFunc(nouns, func(h hit) bool { return h.cat == catContract }):
		kind = news.KindContract
	case slices.ContainsFunc(nouns, func(h hit) bool { return h.cat == catMoU }):
		kind = news.KindMoU
	}
	end := first.End
	for _, h := range s.hits {
		if h.cat == catStrategic && h.Start >= first.End && words(d.gap(first.Span, h.Span)) <= 3 {
			kind = news.KindStrategic
			end = h.End
		}
	}
	// The noun with a following «همکاری»/«hợp tác» written as part of it.
	rest := d.t.Fold[end:s.End]
	for _, w := range []string{" همکاری", " hợp tác"} {
		if strings.HasPrefix(rest, w) && end == first.End {
			end += len(w)
		}
	}
	return kind, d.orig(text.Span{Start: first.Start, End: end})
}

// agreementCount reads «۴ فقره تفاهم‌نامه», «12 biên bản ghi nhớ».
func (d *doc) agreementCount(s *sentence, noun hit) int64 {
	for _, n := range s.nums {
		if n.End > noun.Start || !n.IsInt() || n.Value < 1 || n.Value > 1000 {
			continue
		}
		g := strings.TrimSpace(d.t.Fold[n.End:noun.Start])
		if g == "" || g == "فقره" || g == "عدد" || g == "مورد" || g == "bản" || g == "văn bản" {
			return int64(n.Value)
		}
	}
	return 0
}

// parties lists the sentence's organisations, provincial governments and named bodies, in
// order of appearance, each once.
func (d *doc) parties(s *sentence) []news.Party {
	out := []news.Party{}
	add := func(p news.Party) {
		if !slices.ContainsFunc(out, func(q news.Party) bool { return q.ID == p.ID }) {
			out = append(out, p)
		}
	}
	var taken []text.Span
	for _, m := range s.gaz {
		e := m.Entry
		switch {
		case e.Kind == gazetteer.KindOrg && e.Org != nil:
			add(news.Party{ID: e.Org.ID, Name: d.orig(m.Span), Kind: e.Org.Kind})
			taken = append(taken, m.Span)
		case e.Kind == gazetteer.KindRole && e.Org != nil:
			add(news.Party{ID: e.Org.ID, Name: e.Org.Native, Kind: e.Org.Kind})
		case e.Kind == gazetteer.KindLocation && e.Location != nil && e.Location.Level == "province" && !e.City:
			if d.venue(m.Span) {
				continue
			}
			add(news.Party{ID: e.Location.ID, Name: d.orig(m.Span), Kind: "government"})
			taken = append(taken, m.Span)
		}
	}
	for _, p := range d.namedBodies(s, taken) {
		add(p)
	}
	return out
}

// refersBack reports an agreement noun with a demonstrative («این قرارداد», «hợp đồng này»):
// a mention of an agreement already told.
func (d *doc) refersBack(s *sentence, noun hit) bool {
	before := strings.TrimSpace(d.t.Fold[max(s.Start, noun.Start-12):noun.Start])
	after := d.t.Fold[noun.End:min(s.End, noun.End+8)]
	return strings.HasSuffix(before, "این") || strings.HasSuffix(before, "همین") || strings.HasPrefix(after, " này") || strings.HasPrefix(after, " trên")
}

// bothSides reports a sentence that names the parties only as «the two sides».
func (d *doc) bothSides(s *sentence) bool {
	f := d.t.Fold[s.Start:s.End]
	for _, w := range []string{"hai bên", "hai đơn vị", "دو طرف", "طرفین", "دو مجموعه", "دو شرکت", "دو دستگاه"} {
		if strings.Contains(f, w) {
			return true
		}
	}
	return false
}

// partiesBefore gathers the first two parties named in the sentences before s, nearest first.
func (d *doc) partiesBefore(s *sentence) []news.Party {
	out := []news.Party{}
	for i := s.idx - 1; i >= 0 && len(out) < 2; i-- {
		for _, p := range d.parties(&d.sents[i]) {
			if len(out) < 2 && !slices.ContainsFunc(out, func(q news.Party) bool { return q.ID == p.ID }) {
				out = append(out, p)
			}
		}
	}
	return out
}

// venue reports a place introduced as where something happens («tại», «ở», «در»).
func (d *doc) venue(sp text.Span) bool {
	before := strings.TrimSpace(d.t.Fold[max(0, sp.Start-24):sp.Start])
	for _, w := range []string{"tại", "ở", "tại tp", "tại thành phố", "tại tỉnh", "در", "در شهر", "در استان"} {
		if strings.HasSuffix(before, " "+w) || before == w {
			return true
		}
	}
	return false
}

// namedBodies finds bodies the gazetteer does not know by a head noun («شرکت …», «Công ty …»,
// «دانشگاه …», «Trường Đại học …»), giving them "name:" ids.
func (d *doc) namedBodies(s *sentence, taken []text.Span) []news.Party {
	var out []news.Party
	fold := d.t.Fold
	for pos := s.Start; pos < s.End; {
		if pos > s.Start && fold[pos-1] != ' ' {
			pos++
			continue
		}
		if d.lang == news.LangVi && !isUpperWord(d.t.Norm[pos:s.End]) {
			pos++
			continue // Vietnamese names of bodies are capitalised («Sở …», not «cơ sở dữ liệu»)
		}
		best, kind := "", ""
		for _, h := range d.tab.bodyHeads {
			if strings.HasPrefix(fold[pos:s.End], h.head) && strings.HasPrefix(fold[pos+len(h.head):s.End], " ") {
				best, kind = h.head, h.kind
				break // heads are listed longest first
			}
		}
		if best != "" && strings.HasPrefix(fold[pos+len(best):], " trưởng") {
			best = "" // «Bộ trưởng» is a title, not a ministry
		}
		if best == "" {
			pos++
			continue
		}
		end := d.bodyEnd(s, pos+len(best)+1)
		sp := text.Span{Start: pos, End: end}
		if words(d.t.Norm[sp.Start:sp.End]) >= 2 && !overlaps(sp, taken, func(x text.Span) text.Span { return x }) {
			native := strings.TrimSpace(d.orig(sp))
			out = append(out, news.Party{ID: gazetteer.NameID(native), Name: native, Kind: kind})
		}
		pos = max(end, pos+1)
	}
	return out
}

// bodyEnd is where a body's name ends: punctuation, a conjunction, or a function word.
func (d *doc) bodyEnd(s *sentence, from int) int {
	stops := d.tab.bodyStops
	end := from
	n := 0
	for end < s.End && n < 8 {
		rest := d.t.Fold[end:s.End]
		sp := strings.IndexByte(rest, ' ')
		w := rest
		if sp >= 0 {
			w = rest[:sp]
		}
		clean := strings.TrimRight(w, ",،.;:()")
		if stops[clean] || clean == "" || strings.HasPrefix(w, "(") {
			break
		}
		if clean != w {
			end += len(clean)
			break
		}
		end += len(w)
		n++
		if sp < 0 {
			break
		}
		end++ // the space
	}
	return strings.LastIndexFunc(d.t.Norm[:end], func(r rune) bool { return r != ' ' }) + 1
}

// bodyHead is a head noun of an organisation's name and the kind of body it makes.
type bodyHead struct{ head, kind string }

// bodyHeads are the head nouns of organisations' names, longest first.
func bodyHeads(lang string) []bodyHead {
	if lang == news.LangFa {
		return []bodyHead{{"پارک علم و فناوری", "other"}, {"دانشگاه", "university"}, {"سازمان", "government"}, {"وزارت", "ministry"}, {"صندوق", "other"}, {"شرکت", "company"}, {"بانک", "company"}}
	}
	return []bodyHead{{"trường đại học", "university"}, {"bệnh viện", "other"}, {"tổng công ty", "company"}, {"ngân hàng", "company"}, {"công ty", "company"}, {"tập đoàn", "company"}, {"học viện", "university"}, {"đại học", "university"}, {"viện", "other"}, {"bộ", "ministry"}, {"sở", "government"}}
}

func bodyStops(lang string) map[string]bool {
	ws := []string{"و", "با", "در", "برای", "به", "را", "که", "از", "تا", "میان", "بین", "امضا", "قرارداد", "تفاهمنامه", "روز", "سند"}
	if lang == news.LangVi {
		ws = []string{"và", "với", "đã", "sẽ", "ký", "tại", "về", "cùng", "trong", "để", "vào", "giai", "thỏa", "hợp", "biên", "ngày", "sáng", "chiều", "là", "do", "có"}
	}
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// period reads «giai đoạn 2025-2030, định hướng đến năm 2035», «از سال ۱۴۰۴ تا ۱۴۰۸».
// Solar years map to the Gregorian year in which they begin (+621).
func (d *doc) period(s *sentence) *news.Period {
	type year struct {
		text.Span
		y int
	}
	var ys []year
	norm := d.t.Norm
	for i := s.Start; i < s.End; {
		if !isDigitByte(norm[i]) {
			i++
			continue
		}
		j := i
		for j < s.End && isDigitByte(norm[j]) {
			j++
		}
		if j-i == 4 && (i == 0 || !isDigitByte(norm[i-1])) {
			v, _ := strconv.Atoi(norm[i:j])
			switch {
			case v >= 1300 && v <= 1500:
				ys = append(ys, year{text.Span{Start: i, End: j}, v + 621})
			case v >= 1990 && v <= 2100:
				ys = append(ys, year{text.Span{Start: i, End: j}, v})
			}
		}
		i = j
	}
	if len(ys) < 2 {
		return nil
	}
	var p news.Period
	for k := 0; k+1 < len(ys) && p.From == 0; k++ {
		g := strings.TrimSpace(norm[ys[k].End:ys[k+1].Start])
		if g == "-" || g == "–" || g == "تا" || g == "đến" || g == "tới" || g == "تا سال" || g == "đến năm" {
			p.From, p.To = ys[k].y, ys[k+1].y
		}
	}
	for _, y := range ys {
		if p.From == 0 || y.y <= p.To {
			continue
		}
		before := d.t.Fold[max(s.Start, y.Start-40):y.Start]
		if strings.Contains(before, "định hướng") || strings.Contains(before, "tầm nhìn") || strings.Contains(before, "افق") || strings.Contains(before, "چشم") {
			p.Horizon = y.y
			break
		}
	}
	if p.From == 0 || p.To < p.From {
		return nil
	}
	return &p
}

// topic is what the agreement is about: after «về», «trong lĩnh vực», «در زمینه», «در حوزه».
func (d *doc) topic(s *sentence) string {
	fold := d.t.Fold[s.Start:s.End]
	for _, m := range []string{"در زمینه های ", "در زمینه ", "در حوزه ", "به منظور ", "با هدف ", "با موضوع ", "برای ", "trong lĩnh vực ", "về "} {
		i := strings.Index(fold, m)
		if i < 0 {
			continue
		}
		start := s.Start + i + len(m)
		end := start
		for end < s.End {
			rest := d.t.Fold[end:s.End]
			if stopsTopic(rest) {
				break
			}
			_, size := firstRune(rest)
			end += size
		}
		return strings.TrimRight(strings.TrimSpace(d.orig(text.Span{Start: start, End: end})), ",،")
	}
	return ""
}

// stopsTopic reports whether the rest of a sentence starts where a topic ends.
func stopsTopic(rest string) bool {
	for _, p := range []string{" giai đoạn", " tỉnh", " vào ngày", " tại ", " به امضا", " امضا", " با حضور", " میان", " بین", " روز ", " در تاریخ", ".", ";", "؛"} {
		if strings.HasPrefix(rest, p) {
			return true
		}
	}
	return false
}

func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }
