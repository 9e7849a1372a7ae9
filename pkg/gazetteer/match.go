package gazetteer

import (
	"unicode"
	"unicode/utf8"

	ahocorasick "github.com/petar-dambovaliev/aho-corasick"

	"github.com/tinkhabar/tinkhabar/pkg/text"
)

// candidate is one meaning of a pattern.
type candidate struct {
	entry *Entry
	// cased is the normalised alias with its capitals when the alias is matched with them
	// (places, acronyms); empty when case is ignored.
	cased string
	// generated marks an alias rendered from a form: an alias written out in the data wins
	// over a generated one with the same key.
	generated bool
	src       string // file:line, for error messages
}

// matcher holds the automaton of one language.
type matcher struct {
	ac ahocorasick.AhoCorasick
	// cands[i] are the meanings of pattern i, those with a case condition first.
	cands [][]candidate
	// byKey maps a pattern (a folded normalised alias) to its index, to look up a shorter
	// alias at the start of a match whose longest alias was rejected.
	byKey map[string]int
}

// find runs one leftmost-longest pass over t.Fold. The automaton reports, for every position
// where some alias starts, the longest alias starting there; of those, find keeps the first
// that is a whole word (and has the right capitals), skips what overlaps a kept match, and
// falls back to a shorter alias at the same start when the longest one is glued to a word.
func (m *matcher) find(t *text.Text) []Match {
	hay := t.Fold
	if len(hay) != len(t.Norm) { // not a Text built by text.Builder; match the case-kept form
		hay = text.Fold(t.Norm)
		if len(hay) != len(t.Norm) {
			return nil
		}
	}
	var out []Match
	next := 0 // the end of the last kept match
	it := m.ac.Iter(hay)
	for x := it.Next(); x != nil; x = it.Next() {
		s, e := x.Start(), x.End()
		if s < next {
			continue
		}
		ent, end := m.accept(t.Norm, hay, x.Pattern(), s, e)
		if ent == nil {
			continue
		}
		next = end
		if ent.Kind == KindIgnore {
			continue
		}
		out = append(out, Match{Span: text.Span{Start: s, End: end}, Entry: ent})
	}
	return out
}

// accept decides a match of pattern pat at fold[s:e]: it returns the entry and the end of the
// accepted alias, the longest one starting at s that is a whole word and passes its case
// condition, or nil.
func (m *matcher) accept(norm, fold string, pat, s, e int) (*Entry, int) {
	if gluedBefore(fold, s) {
		return nil, 0 // every alias starting at s starts inside a word
	}
	if !gluedAfter(fold, e) {
		if ent := m.pick(norm, pat, s, e); ent != nil {
			return ent, e
		}
	}
	for k := e - 1; k > s; k-- {
		if !utf8.RuneStart(fold[k]) {
			continue
		}
		p, ok := m.byKey[fold[s:k]]
		if !ok || gluedAfter(fold, k) {
			continue
		}
		if ent := m.pick(norm, p, s, k); ent != nil {
			return ent, k
		}
	}
	return nil, 0
}

// pick returns the first meaning of pattern pat whose case condition norm[s:e] meets.
func (m *matcher) pick(norm string, pat, s, e int) *Entry {
	for _, c := range m.cands[pat] {
		if c.cased == "" || hasCapitals(norm[s:e], c.cased) {
			return c.entry
		}
	}
	return nil
}

// hasCapitals reports whether got, a string that folds to the same as alias, has a capital
// wherever alias has one. Lower case in alias allows either case («tỉnh» matches «Tỉnh»).
func hasCapitals(got, alias string) bool {
	if len(got) != len(alias) {
		return false
	}
	for i, j := 0, 0; i < len(alias) && j < len(got); {
		a, n := utf8.DecodeRuneInString(alias[i:])
		g, k := utf8.DecodeRuneInString(got[j:])
		if unicode.IsUpper(a) && !unicode.IsUpper(g) {
			return false
		}
		i += n
		j += k
	}
	return true
}

// gluedBefore reports whether position s of t (a match start) is inside a word: both the
// rune before s and the rune at s are word runes.
func gluedBefore(t string, s int) bool {
	if s <= 0 || s >= len(t) {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(t[:s])
	at, _ := utf8.DecodeRuneInString(t[s:])
	return isWord(before) && isWord(at)
}

// gluedAfter reports whether position e of t (a match end) is inside a word.
func gluedAfter(t string, e int) bool {
	if e <= 0 || e >= len(t) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(t[:e])
	after, _ := utf8.DecodeRuneInString(t[e:])
	return isWord(last) && isWord(after)
}

// isWord reports whether r belongs to a word: a letter, a digit, a combining mark, or a
// zero-width (non-)joiner, which glues a Persian suffix to its word («کرمان‌ی»).
func isWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '\u200c' || r == '\u200d'
}
