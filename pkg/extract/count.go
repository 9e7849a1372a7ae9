package extract

import (
	"math"
	"strings"
	"unicode"

	"github.com/tinkhabar/tinkhabar/pkg/gazetteer"
	"github.com/tinkhabar/tinkhabar/pkg/news"
	"github.com/tinkhabar/tinkhabar/pkg/text"
)

// counts finds reported numbers of projects: a whole number followed by a project noun
// («۱۸۱ طرح», «1.250 trạm BTS»), in a sentence that gives the projects a status. Numbers of
// villages, people, percent and the like never qualify because the noun must follow the
// number directly. One event per distinct count.
func (d *doc) counts() []news.Event {
	var out []news.Event
	seen := map[int64]bool{}
	for i := range d.sents {
		s := &d.sents[i]
		for _, n := range s.nums {
			if !n.IsInt() || n.Value < 2 || n.Value > 1e6 || n.Ordinal {
				continue
			}
			if overlaps(n.Span, s.dates, func(x text.Date) text.Span { return x.Span }) ||
				overlaps(n.Span, s.money, func(m text.Money) text.Span { return m.Span }) ||
				overlaps(n.Span, s.gaz, func(m gazetteer.Match) text.Span { return m.Span }) {
				continue
			}
			noun, ok := d.projectNoun(s, n)
			if !ok {
				continue
			}
			status, ok := d.countStatus(s, n)
			if !ok {
				continue
			}
			count := int64(n.Value)
			if seen[count] {
				continue
			}
			seen[count] = true
			ev := news.Event{
				Type:        news.TypeProjectCount,
				Count:       count,
				Qualifier:   d.qualifier(s, n.Span),
				ProjectKind: d.projectKind(s, noun),
				Status:      status,
				Evidence:    d.evidence(s),
				Confidence:  0.7,
			}
			if loc := d.countPlace(s); loc != nil {
				ev.Location = newsLocation(loc)
			}
			x := d.countDate(s, n.Span)
			if status == news.StatusPlanned {
				x = d.weekdayAhead(x, news.StatusPlanned)
			}
			if x != nil {
				ev.Date = d.dateOf(*x)
				ev.Confidence += 0.1
			}
			if m := d.investment(s, n); m != nil {
				ev.Investment = m
			}
			out = append(out, ev)
		}
	}
	return out
}

// projectNoun returns the project noun right after a number, allowing a counter word between
// («۴ فقره», «công trình»), and refusing nouns that are never projects.
func (d *doc) projectNoun(s *sentence, n text.Number) (hit, bool) {
	pos := n.End
	for _, h := range s.hits {
		if h.Start < pos {
			continue
		}
		g := d.t.Norm[pos:h.Start]
		if strings.TrimSpace(g) != "" {
			return hit{}, false
		}
		switch h.cat {
		case catCountFiller:
			pos = h.End
			continue
		case catProject:
			return h, true
		}
		return hit{}, false
	}
	return hit{}, false
}

// qualifier reads «بیش از», «حدود», «hơn», «khoảng» … right before a number.
func (d *doc) qualifier(s *sentence, sp text.Span) string {
	q := d.qualifierSpan(s, sp)
	if q.End == q.Start {
		return news.QualExact
	}
	for _, h := range s.hits {
		if h.Span == q {
			if h.cat == catAtLeast {
				return news.QualAtLeast
			}
			return news.QualAbout
		}
	}
	return news.QualExact
}

// qualifierSpan is the span of the qualifier right before sp, or an empty span.
func (d *doc) qualifierSpan(s *sentence, sp text.Span) text.Span {
	for _, h := range s.hits {
		if h.End > sp.Start || strings.TrimSpace(d.t.Norm[h.End:sp.Start]) != "" {
			continue
		}
		if h.cat == catAtLeast || h.cat == catAbout {
			return h.Span
		}
	}
	return text.Span{}
}

// countStatus is the status cue nearest the number; a completion cue in a future-tense clause
// means planned. No cue means the number is not reported as projects with a status.
func (d *doc) countStatus(s *sentence, n text.Number) (string, bool) {
	best, bestDist := hit{}, math.MaxInt
	for _, h := range s.hits {
		if h.cat != catDone && h.cat != catOngoing && h.cat != catPlanned {
			continue
		}
		dd := dist(h.Span, n.Span)
		if dd < bestDist {
			best, bestDist = h, dd
		}
	}
	if bestDist == math.MaxInt {
		return "", false
	}
	switch best.cat {
	case catOngoing:
		if d.futureNear(s, best.Span) || d.lang == news.LangFa && startCue(d.t.Fold[best.Start:best.End]) && d.tense(s, best.End) == news.StatusPlanned {
			return news.StatusPlanned, true // ground to be broken later
		}
		return news.StatusOngoing, true
	case catPlanned:
		return news.StatusPlanned, true
	}
	if d.futureNear(s, best.Span) {
		return news.StatusPlanned, true
	}
	return news.StatusDone, true
}

// startCue reports a Persian cue of the start of works («عملیات اجرایی», «کلنگ»): with a
// future verb it announces planned works, unlike a state («نیمه‌تمام», «در حال اجرا»).
func startCue(fold string) bool {
	return strings.Contains(fold, "عملیات") || strings.Contains(fold, "کلنگ") || strings.Contains(fold, "آغاز")
}

// futureNear reports a future marker in the clause of a cue: right before it in Vietnamese
// («sẽ khánh thành»), right after it in Persian («افتتاح … خواهد شد»).
func (d *doc) futureNear(s *sentence, sp text.Span) bool {
	for _, h := range s.hits {
		if h.cat != catFuture && h.cat != catPlanned {
			continue
		}
		if d.lang == news.LangVi && h.End <= sp.Start && words(d.gap(h.Span, sp)) <= 3 {
			return true
		}
		if d.lang == news.LangFa && h.Start >= sp.End && words(d.gap(sp, h.Span)) <= 3 {
			return true
		}
	}
	return false
}

// projectKind is the project noun phrase as written: the noun and the modifiers after it, up
// to punctuation, a number or a function word.
func (d *doc) projectKind(s *sentence, noun hit) string {
	stops := d.tab.kindStops
	end := noun.End
	rest := d.t.Norm[noun.End:s.End]
	n := 0
	for _, w := range strings.SplitAfter(rest, " ") {
		core := strings.TrimSpace(w)
		if core == "" {
			end += len(w)
			continue
		}
		if n >= 8 || stops[strings.ToLower(strings.TrimRight(core, ",،.;:"))] || strings.ContainsAny(core[:1], "(") || !strings.ContainsFunc(core, isLetterRune) {
			break
		}
		clean := strings.TrimRight(core, ",،.;:")
		if clean != core {
			end += strings.Index(w, clean) + len(clean)
			break
		}
		end += len(w)
		n++
	}
	return strings.TrimSpace(d.orig(text.Span{Start: noun.Start, End: min(end, s.End)}))
}

// isLetterRune reports a letter of any script.
func isLetterRune(r rune) bool { return unicode.IsLetter(r) }

func kindStops(lang string) map[string]bool {
	ws := []string{"را", "با", "در", "به", "از", "که", "این", "آن", "برای", "تا", "شامل", "دیگر", "استان", "شهرستان", "شهرستانهای", "شهرهای", "مناطق", "طی", "توسط", "هم", "نیز", "روستای", "روستاهای", "نصب", "میشود", "شد", "است", "اجرا"}
	if lang == news.LangVi {
		ws = []string{"do", "với", "tại", "của", "trên", "được", "đã", "sẽ", "để", "trong", "ở", "cho", "từ", "đến", "tới", "thuộc", "gồm", "này", "khác", "nhằm", "đang", "vào", "có", "là", "ở", "giai", "năm"}
	}
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// countPlace is the province the sentence names (a city maps to its province), else the
// destination of the article's first visit, else none (a nationwide count).
func (d *doc) countPlace(s *sentence) *gazetteer.Location {
	for _, m := range s.locations() {
		if m.Entry.Location.Level == "province" {
			return m.Entry.Location
		}
	}
	for i := range d.sents {
		for _, m := range d.sents[i].locations() {
			if m.Entry.Location.Level == "province" {
				return m.Entry.Location
			}
		}
	}
	return nil
}

// countDate is the date of the act behind a count: the date in its sentence nearest the
// number, else the date told last before it in the article.
func (d *doc) countDate(s *sentence, at text.Span) *text.Date {
	var best *text.Date
	for j := range s.dates {
		x := &s.dates[j]
		if best == nil || rank(x) < rank(best) || rank(x) == rank(best) && dist(x.Span, at) < dist(best.Span, at) {
			best = x
		}
	}
	if best != nil {
		return best
	}
	return d.dateBefore(s)
}

// dateBefore is the last date told in the sentences before s (the main clause's date of the
// nearest sentence that has one).
func (d *doc) dateBefore(s *sentence) *text.Date {
	for i := s.idx - 1; i >= 0; i-- {
		if x := lastDate(&d.sents[i]); x != nil {
			return x
		}
	}
	return nil
}

// investment is the money stated for the counted projects: in the same sentence, or in the
// next one when it opens by pointing back at them.
func (d *doc) investment(s *sentence, n text.Number) *news.Money {
	pick := func(ms []text.Money) *news.Money {
		for _, m := range ms {
			amount := math.Round(m.Amount)
			if amount <= 0 || amount > math.MaxInt64/2 {
				continue
			}
			sp := m.Span
			if q := d.qualifierSpan(s, m.Span); q.End > q.Start {
				sp.Start = q.Start // «khoảng 980 tỷ đồng», as written
			}
			return &news.Money{Amount: int64(amount), Currency: m.Currency, Text: d.orig(sp), Qualifier: d.qualifier(s, m.Span)}
		}
		return nil
	}
	if m := pick(s.money); m != nil {
		return m
	}
	if s.idx+1 < len(d.sents) {
		next := &d.sents[s.idx+1]
		if !hasCountNoun(d, next) {
			if m := pick(next.money); m != nil {
				m.Qualifier = d.qualifier(next, text.Span{Start: next.Start, End: next.Start})
				for _, mm := range next.money {
					if d.orig(mm.Span) == m.Text {
						m.Qualifier = d.qualifier(next, mm.Span)
						break
					}
				}
				return m
			}
		}
	}
	return nil
}

// hasCountNoun reports whether a sentence has a number followed by a project noun.
func hasCountNoun(d *doc, s *sentence) bool {
	for _, n := range s.nums {
		if _, ok := d.projectNoun(s, n); ok {
			return true
		}
	}
	return false
}
