package vi

import (
	"unicode"
	"unicode/utf8"

	"github.com/tinkhabar/tinkhabar/pkg/text"
)

// Sentences splits t.Norm into sentences, in order, trimmed of surrounding spaces and line
// breaks, covering every non-space byte.
//
// A sentence ends at a line break, and at «.», «!», «?», «…» (or a run of them, with any
// closing quotes or brackets after it) that is followed by a space and then by something that
// is not a lower-case letter, or by a line break or the end. So decimals, thousands and dates
// written with dots («3,5», «1.250», «23.10», «TP.HCM») never end a sentence, since no space
// follows the dot. A «.» does not end a sentence after an abbreviation: a single capital
// letter (an initial, «Q. 1», «P. 5», «Ô. Nguyễn») or one of TP, Tp, TS, ThS, PGS, GS, KS,
// BS, NCS, TX, TT, Th, Mr, Mrs, Ms, Dr, St, Jr, Nxb, NXB (so «PGS.TS. Nguyễn», «TP. Hồ Chí
// Minh» stay whole).
func (p *Pack) Sentences(t *text.Text) []text.Span {
	s := t.Norm
	var out []text.Span
	add := func(a, b int) {
		for a < b && (s[a] == ' ' || s[a] == '\n') {
			a++
		}
		for b > a && (s[b-1] == ' ' || s[b-1] == '\n') {
			b--
		}
		if a < b {
			out = append(out, text.Span{Start: a, End: b})
		}
	}
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\n':
			add(start, i)
			start = i + 1
			i++
		case c == '.' || c == '!' || c == '?' || c == 0xE2 && isEllipsis(s, i):
			end := i
			onlyDot := true
			for end < len(s) {
				switch {
				case s[end] == '.':
					end++
				case s[end] == '!' || s[end] == '?':
					end++
					onlyDot = false
				case isEllipsis(s, end):
					end += 3
					onlyDot = false
				default:
					goto closers
				}
			}
		closers:
			multi := end-i > 1
			for end < len(s) && isCloser(s[end]) {
				end++
			}
			if endsSentence(s, end) && !(onlyDot && !multi && abbreviation(s, i)) {
				add(start, end)
				start = end
			}
			i = end
		default:
			i++
		}
	}
	add(start, len(s))
	return out
}

func isEllipsis(s string, i int) bool {
	return i+3 <= len(s) && s[i] == 0xE2 && s[i+1] == 0x80 && s[i+2] == 0xA6
}

func isCloser(c byte) bool {
	return c == '"' || c == '\'' || c == ')' || c == ']'
}

// endsSentence reports whether a terminator ending at i is followed by the end, a line
// break, or a space and then something other than a lower-case letter.
func endsSentence(s string, i int) bool {
	if i >= len(s) || s[i] == '\n' {
		return true
	}
	if s[i] != ' ' {
		return false
	}
	i++
	if i >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return !unicode.IsLower(r)
}

// abbreviation reports whether the word before the dot at i is an abbreviation.
func abbreviation(s string, i int) bool {
	j := i
	for j > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:j])
		if !isLetter(r) {
			break
		}
		j -= size
	}
	w := s[j:i]
	if w == "" {
		return false
	}
	if r, size := utf8.DecodeRuneInString(w); size == len(w) {
		return unicode.IsUpper(r)
	}
	switch w {
	case "TP", "Tp", "TS", "ThS", "PGS", "GS", "KS", "BS", "NCS", "TX", "TT", "Th", "Mr", "Mrs",
		"Ms", "Dr", "St", "Jr", "Nxb", "NXB":
		return true
	}
	return false
}
