package fa

import (
	"unicode/utf8"

	"github.com/tinkhabar/tinkhabar/pkg/text"
)

// Sentences splits t.Norm into sentences, in order, trimmed of white space and covering every
// other byte. A sentence ends at a line break and after . ! ? ؟ ؛ (with any closing quotes or
// brackets after them). A '.' does not end a sentence between digits (۱۲.۵), after a
// one-letter word (the initials of «ج.ا.ا», «ق.ظ», «م. رضایی»), or glued to a Latin letter or
// digit on both sides (mehrnews.com); '?' glued to Latin text on both sides (a URL) does not
// either. «،» and ':' never end a sentence; dates such as 1404/09/10 contain no terminator.
func (p *Pack) Sentences(t *text.Text) []text.Span {
	return sentences(t.Norm)
}

func sentences(s string) []text.Span {
	out := make([]text.Span, 0, len(s)/80+1)
	start := 0
	emit := func(end int) {
		a, b := start, end
		for a < b && isSpaceByte(s, a) {
			a += spaceLen(s, a)
		}
		for b > a && isSpaceBefore(s, b) {
			_, size := utf8.DecodeLastRuneInString(s[:b])
			b -= size
		}
		if a < b {
			out = append(out, text.Span{Start: a, End: b})
		}
		start = end
	}
	for i := 0; i < len(s); {
		c := s[i]
		// Only '\n', '.', '!', '?' and runes led by C2, D8, DB or E2 (U+0085, «؟», «؛», «۔»,
		// U+2028, U+2029) can end a sentence; skip everything else a rune at a time.
		switch {
		case c == '\n':
			emit(i)
			i++
			continue
		case c < utf8.RuneSelf:
			if c != '.' && c != '!' && c != '?' {
				i++
				continue
			}
		case c == 0xD8 || c == 0xDB:
			// «؟» D8 9F, «؛» D8 9B, «۔» DB 94; every other rune of these is a letter or digit.
			if i+1 < len(s) && (c == 0xD8 && s[i+1] != 0x9F && s[i+1] != 0x9B || c == 0xDB && s[i+1] != 0x94) {
				i += 2
				continue
			}
		case c != 0xC2 && c != 0xE2:
			i += leadLen(c)
			continue
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if spaceKind(r) > 1 {
			emit(i)
			i += size
			continue
		}
		if !isTerminator(r) || !endsSentence(s, i, r, size) {
			i += size
			continue
		}
		// Take every terminator and closing mark that follows: «؟!», «...», «.»», «.)».
		j := i + size
		for j < len(s) {
			r2, size2 := utf8.DecodeRuneInString(s[j:])
			if !isTerminator(r2) && !isCloser(r2) {
				break
			}
			j += size2
		}
		emit(j)
		i = j
	}
	emit(len(s))
	return out
}

// leadLen is the length of the UTF-8 sequence a byte starts (1 for a stray continuation byte).
func leadLen(c byte) int {
	switch {
	case c >= 0xF0:
		return 4
	case c >= 0xE0:
		return 3
	case c >= 0xC0:
		return 2
	}
	return 1
}

func isTerminator(r rune) bool {
	switch r {
	case '.', '!', '?', '؟', '؛', '۔':
		return true
	}
	return false
}

func isCloser(r rune) bool {
	switch r {
	case '»', '"', '\'', ')', ']', '}', '”', '’', '›':
		return true
	}
	return false
}

// endsSentence decides whether the terminator r at s[i:i+size] ends a sentence.
func endsSentence(s string, i int, r rune, size int) bool {
	var prev, next rune
	if i > 0 {
		prev, _ = utf8.DecodeLastRuneInString(s[:i])
	}
	if i+size < len(s) {
		next, _ = utf8.DecodeRuneInString(s[i+size:])
	}
	latinOrDigit := func(r rune) bool { return r < utf8.RuneSelf && (isLatinByte(byte(r)) || '0' <= r && r <= '9') }
	switch r {
	case '.':
		switch {
		case isDigit(prev) && isDigit(next):
			return false
		case latinOrDigit(prev) && latinOrDigit(next):
			return false
		case IsLetter(prev) && singleLetterWord(s, i):
			return false
		}
		return true
	case '?', '!':
		return !(latinOrDigit(prev) && latinOrDigit(next))
	}
	return true
}

// singleLetterWord reports whether the word ending at s[:i] is one letter long.
func singleLetterWord(s string, i int) bool {
	_, size := utf8.DecodeLastRuneInString(s[:i])
	if i-size == 0 {
		return true
	}
	before, _ := utf8.DecodeLastRuneInString(s[:i-size])
	return !IsLetter(before)
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

func isSpaceByte(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return spaceKind(r) != 0
}

func spaceLen(s string, i int) int {
	_, size := utf8.DecodeRuneInString(s[i:])
	return size
}

func isSpaceBefore(s string, b int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:b])
	return spaceKind(r) != 0
}
