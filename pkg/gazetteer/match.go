package gazetteer

import (
	"slices"
	"unicode"
	"unicode/utf8"

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

// matcher holds the aliases of one language.
type matcher struct {
	trie *trie
	// cands[i] are the meanings of pattern i, those with a case condition first.
	cands [][]candidate
}

// find runs one left-to-right pass over t.Fold. At every position that does not start inside a
// word it walks the alias trie as far as the text goes and keeps the longest alias that ends
// on a word boundary and has the right capitals; a shorter alias at the same start wins when a
// longer one is glued to the following word. Kept matches do not overlap; ignore entries are
// kept (so they shadow what they contain) but not returned.
func (m *matcher) find(t *text.Text) []Match {
	hay := t.Fold
	if len(hay) != len(t.Norm) { // not a Text built by text.Builder; match the case-kept form
		hay = text.Fold(t.Norm)
		if len(hay) != len(t.Norm) {
			return nil
		}
	}
	var out []Match
	var ends []trieEnd
	prevWord := false // whether the rune before s is a word rune
	for s := 0; s < len(hay); {
		r, size := utf8.DecodeRuneInString(hay[s:])
		word := isWord(r)
		if (prevWord && word) || !m.trie.starts(hay[s]) {
			prevWord = word
			s += size
			continue
		}
		ends = m.trie.walk(hay, s, ends[:0])
		var ent *Entry
		end := 0
		for k := len(ends) - 1; k >= 0; k-- {
			if gluedAfter(hay, ends[k].end) {
				continue
			}
			if e := m.pick(t.Norm, ends[k].pat, s, ends[k].end); e != nil {
				ent, end = e, ends[k].end
				break
			}
		}
		if ent == nil {
			prevWord = word
			s += size
			continue
		}
		if ent.Kind != KindIgnore {
			out = append(out, Match{Span: text.Span{Start: s, End: end}, Entry: ent})
		}
		last, _ := utf8.DecodeLastRuneInString(hay[:end])
		prevWord = isWord(last)
		s = end
	}
	return out
}

// trie is a byte trie of the folded aliases of one language, its edges sorted by byte in one
// array so that it costs a few allocations to build and little memory to keep.
type trie struct {
	nodes []trieNode
	edges []trieEdge
	root  [256]int32 // the child of the root for each first byte, or -1
	// root2 is the node reached by each pair of first bytes, or -1: one lookup for the two
	// bytes of an Arabic-script or accented letter, where most walks start.
	root2 []int32
}

// starts reports whether some alias starts with byte b.
func (tr *trie) starts(b byte) bool { return tr.root[b] >= 0 }

type trieNode struct {
	first, count int32 // the node's edges: edges[first:first+count], sorted by byte
	pat          int32 // the pattern ending here, or -1
}

type trieEdge struct {
	b    byte
	next int32
}

// trieEnd is an alias found by walk: its pattern and where it ends.
type trieEnd struct {
	pat int
	end int
}

// newTrie builds the trie of keys; pattern i is keys[i].
func newTrie(keys []string) *trie {
	// Build with maps, then flatten into sorted edge arrays.
	type tmp struct {
		kids map[byte]int
		pat  int
	}
	nodes := []tmp{{pat: -1}}
	for i, k := range keys {
		n := 0
		for j := 0; j < len(k); j++ {
			if nodes[n].kids == nil {
				nodes[n].kids = map[byte]int{}
			}
			c, ok := nodes[n].kids[k[j]]
			if !ok {
				c = len(nodes)
				nodes = append(nodes, tmp{pat: -1})
				nodes[n].kids[k[j]] = c
			}
			n = c
		}
		nodes[n].pat = i
	}
	tr := &trie{nodes: make([]trieNode, len(nodes))}
	for b := range tr.root {
		tr.root[b] = -1
	}
	for b, c := range nodes[0].kids {
		tr.root[b] = int32(c)
	}
	tr.root2 = make([]int32, 1<<16)
	for i := range tr.root2 {
		tr.root2[i] = -1
	}
	for b1, c1 := range nodes[0].kids {
		for b2, c2 := range nodes[c1].kids {
			tr.root2[int(b1)<<8|int(b2)] = int32(c2)
		}
	}
	for i, n := range nodes {
		bs := make([]byte, 0, len(n.kids))
		for b := range n.kids {
			bs = append(bs, b)
		}
		slices.Sort(bs)
		tr.nodes[i] = trieNode{first: int32(len(tr.edges)), count: int32(len(bs)), pat: int32(n.pat)}
		for _, b := range bs {
			tr.edges = append(tr.edges, trieEdge{b: b, next: int32(n.kids[b])})
		}
	}
	return tr
}

// walk appends to ends every alias that starts at s in hay, shortest first.
func (tr *trie) walk(hay string, s int, ends []trieEnd) []trieEnd {
	n := tr.root[hay[s]]
	k := s
	if n >= 0 && s+1 < len(hay) {
		if p := tr.nodes[n].pat; p >= 0 {
			ends = append(ends, trieEnd{pat: int(p), end: s + 1})
		}
		n = tr.root2[int(hay[s])<<8|int(hay[s+1])]
		k = s + 1
	}
	for n >= 0 {
		if p := tr.nodes[n].pat; p >= 0 {
			ends = append(ends, trieEnd{pat: int(p), end: k + 1})
		}
		k++
		if k >= len(hay) {
			break
		}
		node := tr.nodes[n]
		es := tr.edges[node.first : node.first+node.count]
		c := hay[k]
		lo, hi := 0, len(es) // binary search: a node after a Persian lead byte has many edges
		for lo < hi {
			mid := int(uint(lo+hi) >> 1)
			if es[mid].b < c {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		n = -1
		if lo < len(es) && es[lo].b == c {
			n = es[lo].next
		}
	}
	return ends
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
func isWord(r rune) bool { return text.IsWordRune(r) || r == '\u200c' || r == '\u200d' }
