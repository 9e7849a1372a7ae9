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

// maxLexWord is the longest word (in bytes) looked up in the lexicon.
const maxLexWord = 32

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
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(norm[i:])
		}
		if k := spaceKind(r); k != 0 {
			space = true
			newline = newline || k > 1
			i += size
			continue
		}
		if !IsLetter(r) {
			out = append(out, tok{start: i, end: i + size, kind: tkPunct, space: space, newline: newline})
			space, newline = false, false
			i += size
			continue
		}
		j := i + size
		for j < len(norm) {
			r, size := rune(norm[j]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRuneInString(norm[j:])
			}
			if !IsLetter(r) {
				break
			}
			j += size
		}
		t := tok{start: i, end: j, kind: tkWord, space: space, newline: newline}
		if j-i <= maxLexWord {
			t.lex = p.lex[norm[i:j]]
		}
		out = append(out, t)
		space, newline = false, false
		i = j
	}
	return out
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

// punctAt reports whether token i is the punctuation rune r.
func punctAt(ts []tok, norm string, i int, r byte) bool {
	return i < len(ts) && ts[i].kind == tkPunct && ts[i].end-ts[i].start == 1 && norm[ts[i].start] == r
}

func isLatinByte(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
