package fa

import (
	"unicode/utf8"
)

// Token kinds.
const (
	tkWord   uint8 = iota + 1 // a run of letters
	tkDigits                  // a run of ASCII digits
	tkPunct                   // one other rune
)

// tok is a token of a normalised text: a word, a run of digits or one punctuation rune.
type tok struct {
	start, end int
	kind       uint8
	space      bool // white space separates it from the previous token
	newline    bool // a line break separates it from the previous token
	lex        *lexEntry
}

// arabicLetter tells which runes of the Arabic block are letters.
var arabicLetter = func() (t [256]bool) {
	for i := range t {
		t[i] = IsLetter(rune(0x600 + i))
	}
	return t
}()

// maxLexWord is the longest word (in bytes) looked up in the lexicon.
const maxLexWord = 32

// lexKey is the key of the lexicon prefilter: the low bits of a word's first and last runes
// and its length in runes. A word whose key is not in the filter is not in the lexicon, which
// spares most words a map lookup.
func lexKey(first, last rune, runes int) uint32 {
	h := uint32(first)*0x9E3779B1 ^ uint32(last)*0x85EBCA6B ^ uint32(min(runes, 31))*0xC2B2AE35
	return h >> 16
}

// buildLexFilter sets the keys of all lexicon words.
func buildLexFilter(lex map[string]*lexEntry) *[1 << 10]uint64 {
	var f [1 << 10]uint64
	for w := range lex {
		first, _ := utf8.DecodeRuneInString(w)
		last, _ := utf8.DecodeLastRuneInString(w)
		k := lexKey(first, last, utf8.RuneCountInString(w))
		f[k>>6] |= 1 << (k & 63)
	}
	return &f
}

// tokenize appends the tokens of norm to out.
func (p *Pack) tokenize(norm string, out []tok) []tok {
	space, newline := false, false
	for i := 0; i < len(norm); {
		c := norm[i]
		switch {
		case c == ' ':
			space = true
			i++
			continue
		case c == '\n':
			space, newline = true, true
			i++
			continue
		case '0' <= c && c <= '9':
			j := i + 1
			for j < len(norm) && '0' <= norm[j] && norm[j] <= '9' {
				j++
			}
			out = append(out, tok{start: i, end: j, kind: tkDigits, space: space, newline: newline})
			space, newline = false, false
			i = j
			continue
		}
		r, size := decodeLetter(norm, i)
		if r < 0 {
			r = -r
			if k := spaceKind(r); k != 0 {
				space = true
				newline = newline || k > 1
			} else {
				out = append(out, tok{start: i, end: i + size, kind: tkPunct, space: space, newline: newline})
				space, newline = false, false
			}
			i += size
			continue
		}
		first, last, runes := r, r, 1
		j := i + size
		for j < len(norm) {
			if c := norm[j]; c >= 0xD8 && c <= 0xDB && j+1 < len(norm) && norm[j+1]&0xC0 == 0x80 {
				r := rune(c&0x1F)<<6 | rune(norm[j+1]&0x3F) // the Arabic block, inline
				if !arabicLetter[r-0x600] {
					break
				}
				last, runes = r, runes+1
				j += 2
				continue
			}
			r, size := decodeLetter(norm, j)
			if r < 0 {
				break
			}
			last, runes = r, runes+1
			j += size
		}
		t := tok{start: i, end: j, kind: tkWord, space: space, newline: newline}
		if k := lexKey(first, last, runes); p.lexFilter[k>>6]&(1<<(k&63)) != 0 && j-i <= maxLexWord {
			t.lex = p.lex[norm[i:j]]
		}
		out = append(out, t)
		space, newline = false, false
		i = j
	}
	return out
}

// decodeLetter decodes the rune at s[i]: r > 0 when it is a letter, -r (r's negation) when it
// is not. Letters of the Arabic block and ASCII take a fast path.
func decodeLetter(s string, i int) (r rune, size int) {
	c := s[i]
	if c < utf8.RuneSelf {
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
			return rune(c), 1
		}
		return -rune(c), 1
	}
	if c >= 0xD8 && c <= 0xDB && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
		r := rune(c&0x1F)<<6 | rune(s[i+1]&0x3F)
		if arabicLetter[r-0x600] {
			return r, 2
		}
		return -r, 2
	}
	r, size = utf8.DecodeRuneInString(s[i:])
	if IsLetter(r) {
		return r, size
	}
	if r == 0 {
		return -utf8.RuneError, size // NUL: not a letter, and -0 would read as one
	}
	return -r, size
}

// glued reports whether token i touches the token before it (no white space between).
func glued(ts []tok, i int) bool { return i > 0 && !ts[i].space }

// near reports whether token i follows the previous token on the same line, separated by
// white space (the way the words of one phrase are).
func near(ts []tok, i int) bool { return i < len(ts) && ts[i].space && !ts[i].newline }

// fnAt reports whether token i exists and is the function word f.
func fnAt(ts []tok, i int, f uint8) bool {
	return i < len(ts) && ts[i].lex != nil && ts[i].lex.fn == f
}

func isLatinByte(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
