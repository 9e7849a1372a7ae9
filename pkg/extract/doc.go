package extract

import (
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/tinkhabar/tinkhabar/pkg/gazetteer"
	"github.com/tinkhabar/tinkhabar/pkg/news"
	"github.com/tinkhabar/tinkhabar/pkg/text"
)

// doc is one article under analysis: its normalised text and everything found in it, all in
// Norm byte offsets and sorted by position.
type doc struct {
	e     *Engine
	a     *news.Article
	lang  string
	tab   *tables
	t     *text.Text
	sents []sentence
	hits  []hit
	nums  []text.Number
	money []text.Money
	dates []text.Date
	gaz   []gazetteer.Match
	// pubDay is the local publication date (midnight UTC of that calendar day); zero when the
	// article has no publication time.
	pubDay time.Time
}

// sentence is one sentence with the findings inside it (sub-slices of the doc's).
type sentence struct {
	text.Span
	idx   int
	para  int // paragraph number
	hits  []hit
	nums  []text.Number
	money []text.Money
	dates []text.Date
	gaz   []gazetteer.Match
}

func (e *Engine) analyse(a *news.Article, l *language) *doc {
	t := l.pack.Normalize(a.Text)
	d := &doc{e: e, a: a, lang: a.Lang, tab: &l.tables, t: t}
	var ref time.Time
	if a.Published != nil {
		ref = *a.Published
		loc := ref.In(l.pack.Zone())
		d.pubDay = time.Date(loc.Year(), loc.Month(), loc.Day(), 0, 0, 0, 0, time.UTC)
	}
	d.hits = l.lex.find(t.Fold)
	found := text.Analyze(l.pack, t, ref)
	d.nums, d.money, d.dates = found.Numbers, found.Money, found.Dates
	d.gaz = e.gaz.Find(a.Lang, t)
	spans := found.Sentences
	d.sents = make([]sentence, len(spans))
	para := 0
	prevEnd := 0
	for i, sp := range spans {
		if strings.Contains(t.Norm[prevEnd:sp.Start], "\n\n") || (i > 0 && strings.Count(t.Norm[prevEnd:sp.Start], "\n") > 0) {
			para++
		}
		prevEnd = sp.End
		d.sents[i] = sentence{
			Span:  sp,
			idx:   i,
			para:  para,
			hits:  within(d.hits, sp, func(h hit) text.Span { return h.Span }),
			nums:  within(d.nums, sp, func(n text.Number) text.Span { return n.Span }),
			money: within(d.money, sp, func(m text.Money) text.Span { return m.Span }),
			dates: within(d.dates, sp, func(x text.Date) text.Span { return x.Span }),
			gaz:   within(d.gaz, sp, func(m gazetteer.Match) text.Span { return m.Span }),
		}
	}
	return d
}

// within returns the sub-slice of xs (sorted by start) whose items start inside sp.
func within[T any](xs []T, sp text.Span, span func(T) text.Span) []T {
	lo := sort.Search(len(xs), func(i int) bool { return span(xs[i]).Start >= sp.Start })
	hi := sort.Search(len(xs), func(i int) bool { return span(xs[i]).Start >= sp.End })
	if lo > hi {
		return nil
	}
	return xs[lo:hi:hi]
}

// evidence is the original text of a sentence with its byte offsets into Article.Text.
func (d *doc) evidence(s *sentence) news.Evidence {
	a, b := d.t.OrigSpan(s.Span)
	return news.Evidence{Text: d.a.Text[a:b], Start: a, End: b}
}

// orig is the original text behind a span of Norm, in NFC: text-like fields are copied as
// written (Arabic ي, a missing ZWNJ or an old tone mark stay), but composed.
func (d *doc) orig(sp text.Span) string { return norm.NFC.String(d.t.OrigText(sp)) }

// has reports whether the sentence has a cue of category c.
func (s *sentence) has(c category) bool {
	return slices.ContainsFunc(s.hits, func(h hit) bool { return h.cat == c })
}

// hitsOf returns the sentence's cues of category c.
func (s *sentence) hitsOf(c ...category) []hit {
	var out []hit
	for _, h := range s.hits {
		if slices.Contains(c, h.cat) {
			out = append(out, h)
		}
	}
	return out
}

// dist is the number of bytes between two spans (0 when they touch or overlap).
func dist(a, b text.Span) int {
	switch {
	case a.End <= b.Start:
		return b.Start - a.End
	case b.End <= a.Start:
		return a.Start - b.End
	}
	return 0
}

// gap is the Norm text strictly between two spans in order (empty if they overlap).
func (d *doc) gap(a, b text.Span) string {
	if a.End >= b.Start {
		return ""
	}
	return d.t.Norm[a.End:b.Start]
}

// words counts the words in s.
func words(s string) int {
	n, in := 0, false
	for _, r := range s {
		w := isWordRune(r)
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// overlaps reports whether sp overlaps any span of xs.
func overlaps[T any](sp text.Span, xs []T, span func(T) text.Span) bool {
	for _, x := range xs {
		o := span(x)
		if o.Start < sp.End && sp.Start < o.End {
			return true
		}
	}
	return false
}

// locations returns the sentence's location matches, including provincial bodies named with
// their province («UBND tỉnh Gia Lai», «استانداری کرمان»).
func (s *sentence) locations() []gazetteer.Match {
	var out []gazetteer.Match
	for _, m := range s.gaz {
		if (m.Entry.Kind == gazetteer.KindLocation || m.Entry.Kind == gazetteer.KindOrg) && m.Entry.Location != nil {
			out = append(out, m)
		}
	}
	return out
}

// roles returns the sentence's role matches.
func (s *sentence) roles() []gazetteer.Match {
	var out []gazetteer.Match
	for _, m := range s.gaz {
		if m.Entry.Kind == gazetteer.KindRole && m.Entry.Role != nil {
			out = append(out, m)
		}
	}
	return out
}

// newsLocation converts a gazetteer location.
func newsLocation(l *gazetteer.Location) *news.Location {
	return &news.Location{ID: l.ID, Name: l.Name, Native: l.Native, Country: l.Country, Level: l.Level, CurrentID: l.CurrentID}
}

// dateOf converts a found date to the event's date.
func (d *doc) dateOf(x text.Date) *news.Date {
	v := x.Time()
	var val string
	switch x.Precision {
	case news.PrecisionYear:
		val = v.Format("2006")
	case news.PrecisionMonth:
		val = v.Format("2006-01")
	default:
		val = v.Format("2006-01-02")
	}
	return &news.Date{Value: val, Precision: x.Precision, Text: d.orig(x.Span), Calendar: x.Calendar}
}

// tense reads the tense around pos in a sentence from its tense cues: the nearest future or
// past cue wins; Persian verbs follow their arguments, so there cues after pos count first.
func (d *doc) tense(s *sentence, pos int) string {
	best, bestDist := "", 1<<30
	for _, h := range s.hits {
		var t string
		switch h.cat {
		case catFuture, catPlanned:
			t = news.StatusPlanned
		case catPast, catDone:
			t = news.StatusDone
		case catOngoingTrip:
			t = news.StatusOngoing
		default:
			continue
		}
		dd := dist(h.Span, text.Span{Start: pos, End: pos})
		if d.lang == news.LangFa && h.Start < pos {
			dd += 40 // a Persian verb usually follows
		}
		if d.lang == news.LangVi && h.Start > pos {
			dd += 40 // Vietnamese tense markers precede the verb
		}
		if dd < bestDist {
			best, bestDist = t, dd
		}
	}
	return best
}

// isUpperWord reports whether w starts with an upper-case letter.
func isUpperWord(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

func firstRune(s string) (rune, int) { return utf8.DecodeRuneInString(s) }
