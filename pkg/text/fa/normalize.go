package fa

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tinkhabar/tinkhabar/pkg/text"
)

// What Normalize does with a rune of the Arabic block (U+0600–U+06FF).
const (
	actKeep  uint8 = iota // copy as is
	actDrop               // leave out (tatweel, diacritics, Quranic marks)
	actMap                // replace by arabicTo
	actDigit              // replace by the ASCII digit in arabicTo
)

const (
	zwnj     = '\u200c'
	yeh      = 'ی' // U+06CC, the Persian yeh every yeh becomes
	heh      = 'ه' // U+0647
	alef     = 'ا'
	alefMadd = 'آ'
	maddah   = '\u0653'
)

// arabicAct and arabicTo describe the Arabic block, indexed by rune-0x600.
var arabicAct, arabicTo = buildArabicTables()

// arabicRune is what the normaliser's fast path needs to know about a rune of the Arabic block.
type arabicRune struct {
	act    uint8
	out    rune   // the rune written (for actKeep the rune itself)
	str    string // out in UTF-8
	letter bool   // out is a letter
}

var arabicFast = func() (t [256]arabicRune) {
	for i := range t {
		r := rune(0x600 + i)
		e := arabicRune{act: arabicAct[i], out: r}
		if e.act == actMap || e.act == actDigit {
			e.out = arabicTo[i]
		}
		e.str = string(e.out)
		e.letter = IsLetter(e.out)
		t[i] = e
	}
	return t
}()

func buildArabicTables() (act [256]uint8, to [256]rune) {
	drop := func(lo, hi rune) {
		for r := lo; r <= hi; r++ {
			act[r-0x600] = actDrop
		}
	}
	drop(0x0610, 0x061A) // honorific and small high signs
	drop(0x0640, 0x0640) // tatweel
	drop(0x064B, 0x065F) // harakat, shadda, sukun, hamza above/below, …
	drop(0x0670, 0x0670) // superscript alef
	drop(0x06D6, 0x06DC) // Quranic annotation marks
	drop(0x06DF, 0x06E4)
	drop(0x06E7, 0x06E8)
	drop(0x06EA, 0x06ED)
	drop(0x061C, 0x061C) // Arabic letter mark (a bidi control)
	for d := rune(0); d < 10; d++ {
		act[0x0660+d-0x600], to[0x0660+d-0x600] = actDigit, '0'+d // Arabic-Indic
		act[0x06F0+d-0x600], to[0x06F0+d-0x600] = actDigit, '0'+d // Persian
	}
	m := func(from, into rune) { act[from-0x600], to[from-0x600] = actMap, into }
	m('\u066B', '.') // Arabic decimal separator
	m('\u066C', ',') // Arabic thousands separator
	m('\u066A', '%') // Arabic percent sign
	m('\u0643', 'ک') // Arabic kaf
	m('\u06AA', 'ک') // swash kaf
	m('\u064A', yeh) // Arabic yeh
	m('\u0649', yeh) // alef maksura
	m('\u0626', yeh) // yeh with hamza: «رئیس» = «رییس», «مسائل» = «مسایل»
	m('\u06CD', yeh) // yeh with tail
	m('\u06D0', yeh) // yeh E
	m('\u06C0', heh) // heh with yeh above: «توسعۀ» = «توسعه»
	m('\u06C1', heh) // heh goal
	m('\u06D5', heh) // ae
	m('\u0629', heh) // teh marbuta
	m('\u0623', alef)
	m('\u0625', alef)
	m('\u0671', alef)
	m('\u0624', 'و') // waw with hamza: «مؤسسه» = «موسسه»
	return act, to
}

// ignorable reports whether r is left out of the normalised text wherever it stands: the
// zero-width joiners and spaces, byte-order marks, bidi controls and the soft hyphen. (Marks
// of the Arabic block are dropped through arabicAct.)
func ignorable(r rune) bool {
	switch {
	case r >= 0x200B && r <= 0x200F: // ZWSP, ZWNJ, ZWJ, LRM, RLM
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069: // bidi embeddings and isolates
		return true
	case r == 0xFEFF, r == 0x00AD, r == 0x2060:
		return true
	}
	return false
}

// spaceKind is 0 for a rune that is not white space, 1 for a horizontal space, 2 for a line
// break and 3 for a paragraph separator (two line breaks).
func spaceKind(r rune) int {
	switch r {
	case ' ', '\t', '\v', '\f', 0x00A0, 0x1680, 0x202F, 0x205F, 0x3000:
		return 1
	case '\n', '\r', 0x0085, 0x2028:
		return 2
	case 0x2029:
		return 3
	}
	if r >= 0x2000 && r <= 0x200A {
		return 1
	}
	return 0
}

// mapRune is r as Normalize writes it, with drop set when Normalize leaves it out (ignorable
// runes and marks). White space is not handled here.
func mapRune(r rune) (out rune, drop bool) {
	if r >= 0x600 && r <= 0x6FF {
		switch arabicAct[r-0x600] {
		case actDrop:
			return 0, true
		case actMap, actDigit:
			return arabicTo[r-0x600], false
		}
		return r, false
	}
	if ignorable(r) {
		return 0, true
	}
	return r, false
}

// IsLetter reports whether r is a letter: what Normalize keeps inside a word. Digits, marks
// and punctuation are not letters. Two adjacent letters belong to one word.
func IsLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	if r >= 0x620 && r <= 0x6D3 {
		return r <= 0x64A || r >= 0x66E && r != 0x670
	}
	return unicode.IsLetter(r)
}

// isArabicLetter reports whether r is a letter of the Arabic script (Persian letters).
func isArabicLetter(r rune) bool {
	return r >= 0x620 && r <= 0x6FF && IsLetter(r) || r >= 0xFB50 && r <= 0xFEFC && unicode.IsLetter(r)
}

// Affixes that Persian writes with a zero-width non-joiner, a space or nothing at all. Normalize
// glues them to their word so that the three spellings come out alike.
var (
	// prefixes: a separate «می» before a word is the verbal prefix («می شود» = «می‌شود»).
	joinPrefixes = []string{"می", "نمی", "بی"}
	// suffixes glued to any preceding Persian word («پروژه های» = «پروژه‌های»).
	joinSuffixes = map[string]bool{
		"ها": true, "های": true, "هایی": true, "هاست": true, "هایش": true, "هایشان": true,
		"هایم": true, "هایمان": true, "هایت": true, "هایتان": true, "هاشان": true, "هامان": true,
		"هاتان": true, "ترین": true, "تر": true, "ترینها": true,
	}
	// endings glued to a preceding word that ends in «ه» («شده اند» = «شده‌اند», «پروژه ای»).
	joinAfterHeh = map[string]bool{"اند": true, "ام": true, "ایم": true, "اید": true, "ای": true}
	// number words that with «شنبه» make a weekday («سه شنبه» = «سه‌شنبه»).
	weekdayHeads = []string{"یک", "دو", "سه", "چهار", "پنج"}
)

// maxTok is how many runes of the current word the normaliser remembers.
const maxTok = 6

// normalizer holds the state of one Normalize call.
type normalizer struct {
	orig string
	b    *text.Builder
	// the word being written: its first runes and its length in runes (0 after a non-letter).
	tok    [maxTok]rune
	tokLen int
	last   rune // last rune written, 0 at the start
}

// Normalize returns the normalised view of orig. See the package documentation for what it
// changes; every byte of Norm maps back to the range of orig it came from.
func Normalize(orig string) *text.Text {
	n := normalizer{orig: orig, b: text.NewBuilder(orig, len(orig))}
	n.run()
	return n.b.Text()
}

// track records r as the rune just written: a letter extends the current word, anything
// else ends it.
func (n *normalizer) track(r rune, letter bool) {
	if letter {
		if n.tokLen < maxTok {
			n.tok[n.tokLen] = r
		}
		n.tokLen++
	} else {
		n.tokLen = 0
	}
	n.last = r
}

func (n *normalizer) run() {
	s := n.orig
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
				i = n.space(i)
				continue
			}
			n.b.Emit(s[i:i+1], i, i+1)
			n.track(rune(c), 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z')
			i++
			continue
		}
		// Fast path: the Arabic block (U+0600–U+06FF) is lead byte D8–DB and one continuation.
		if c >= 0xD8 && c <= 0xDB && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			r := rune(c&0x1F)<<6 | rune(s[i+1]&0x3F)
			e := &arabicFast[r-0x600]
			switch {
			case e.act == actDrop:
				i += 2
				continue
			case e.act == actKeep && r == alef && strings.HasPrefix(s[i+2:], string(maddah)):
				// ا followed by a combining maddah is آ.
				n.b.EmitRune(alefMadd, i, i+4)
				e = &arabicFast[alefMadd-0x600]
				i += 2
			case e.act == actKeep:
				n.b.Emit(s[i:i+2], i, i+2)
			case r == '\u0623' && n.last == yeh:
				n.b.Emit(string(yeh), i, i+2) // «هیأت» = «هیئت»
				e = &arabicFast[yeh-0x600]
			default:
				n.b.Emit(e.str, i, i+2)
			}
			n.track(e.out, e.letter)
			i += 2
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if k := spaceKind(r); k != 0 {
			i = n.space(i)
			continue
		}
		if ignorable(r) {
			if r == zwnj {
				if j, ok := n.zwnj(i + size); ok {
					i = j
					continue
				}
			}
			i += size
			continue
		}
		if r == utf8.RuneError && size == 1 {
			n.b.EmitRune(utf8.RuneError, i, i+1)
		} else {
			n.b.Emit(s[i:i+size], i, i+size)
		}
		n.track(r, IsLetter(r))
		i += size
	}
}

// zwnj handles the two spellings where a zero-width non-joiner is not simply left out; j is
// where a ZWNJ ends. After «ه», a ZWNJ and a lone «ی» (the ezafe: «توسعه‌ی شبکه») drop both,
// as «ۀ» is «ه»; a ZWNJ before «است» becomes a space («شده‌است» = «شده است»). It returns
// where to go on and whether it applied.
func (n *normalizer) zwnj(j int) (int, bool) {
	if n.tokLen == 0 {
		return 0, false
	}
	if n.last == heh {
		if k, ok := ezafeAt(n.orig, j); ok {
			return k, true
		}
	}
	if astAt(n.orig, j) {
		n.b.Emit(" ", j-len(string(zwnj)), j)
		n.tokLen, n.last = 0, ' '
		return j, true
	}
	return 0, false
}

// ezafeAt reports whether a lone «ی» starts at j (just after a ZWNJ that follows «ه»), and
// where it ends: the ezafe that Normalize leaves out.
func ezafeAt(s string, j int) (int, bool) {
	if j >= len(s) {
		return 0, false
	}
	r, size := utf8.DecodeRuneInString(s[j:])
	if m, drop := mapRune(r); drop || m != yeh || r == '\u0626' {
		return 0, false
	}
	k := skipDropped(s, j+size)
	if k == len(s) || !startsWithLetter(s[k:]) {
		return k, true
	}
	return 0, false
}

// astAt reports whether the word «است» starts at j (just after a ZWNJ).
func astAt(s string, j int) bool {
	var buf [peekMax]byte
	w, _ := peekPlain(&buf, s, j)
	return string(w) == "است"
}

// skipDropped returns the first offset at or after i that holds a rune Normalize keeps.
func skipDropped(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if _, drop := mapRune(r); !drop || spaceKind(r) != 0 {
			return i
		}
		i += size
	}
	return i
}

func startsWithLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	m, _ := mapRune(r)
	return spaceKind(r) == 0 && IsLetter(m)
}

// peekPlain reads the letters starting at i in s, normalised, up to white space, a non-letter
// or a ZWNJ, with marks and other zero-width characters left out, into buf: up to 8 runes
// (nothing when longer or when none starts there). It returns the word and where it ends.
func peekPlain(buf *[peekMax]byte, s string, i int) (word []byte, end int) {
	return peek(buf, s, i, false)
}

// peekWord reads the word starting at i in s as Normalize will write it: up to 8 runes
// (nothing when longer), with ZWNJs left out except where Normalize ends the word at one
// (before «است», and the ezafe after «ه»).
func peekWord(buf *[peekMax]byte, s string, i int) (word []byte, end int) {
	return peek(buf, s, i, true)
}

const peekMax = 8 * utf8.UTFMax

func peek(buf *[peekMax]byte, s string, i int, throughZWNJ bool) (word []byte, end int) {
	w := buf[:0]
	runes := 0
	var last rune
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == zwnj {
			if !throughZWNJ {
				break
			}
			if runes > 0 && last == heh {
				if k, ok := ezafeAt(s, i+size); ok {
					return w, k
				}
			}
			if runes > 0 && astAt(s, i+size) {
				break
			}
			i += size
			continue
		}
		if spaceKind(r) != 0 {
			break
		}
		m, drop := mapRune(r)
		if drop {
			i += size
			continue
		}
		if !IsLetter(m) {
			break
		}
		if runes == 8 {
			return nil, i
		}
		w = utf8.AppendRune(w, m)
		last = m
		runes++
		i += size
	}
	return w, i
}

// space handles the run of white space (and of what Normalize drops inside it: zero-width
// characters, marks) starting at i
// and returns where it ends. A run is dropped at the start and end of the text; a run with
// two or more line breaks becomes "\n\n", with one "\n"; otherwise a single space, or nothing
// when it separates an affix from its word (see joins).
func (n *normalizer) space(i int) int {
	s := n.orig
	j, breaks := i, 0
scan:
	for j < len(s) {
		c := s[j]
		if c < utf8.RuneSelf {
			switch c {
			case ' ', '\t', '\v', '\f':
			case '\n':
				breaks++
			case '\r':
				if j+1 >= len(s) || s[j+1] != '\n' {
					breaks++
				}
			default:
				break scan
			}
			j++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[j:])
		switch k := spaceKind(r); {
		case k == 2:
			breaks++
		case k == 3:
			breaks += 2
		case k == 1:
		default:
			if _, drop := mapRune(r); !drop {
				break scan
			}
		}
		j += size
	}
	if n.b.Len() == 0 || j == len(s) {
		return j
	}
	switch {
	case breaks >= 2:
		n.b.Emit("\n\n", i, j)
		n.tokLen, n.last = 0, '\n'
	case breaks == 1:
		n.b.Emit("\n", i, j)
		n.tokLen, n.last = 0, '\n'
	case n.joins(j):
		// the affix and its word become one
	default:
		n.b.Emit(" ", i, j)
		n.tokLen, n.last = 0, ' '
	}
	return j
}

// skipHorizontal returns the end of the run of horizontal white space (and dropped runes) at
// i, or i when no white space starts there or the run holds a line break.
func skipHorizontal(s string, i int) int {
	j, spaced := i, false
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if k := spaceKind(r); k > 1 {
			return i
		} else if k == 1 {
			spaced = true
		} else if _, drop := mapRune(r); !drop {
			break
		}
		j += size
	}
	if !spaced {
		return i
	}
	return j
}

// tokIs reports whether the current word is exactly w.
func (n *normalizer) tokIs(w string) bool {
	k := 0
	for _, r := range w {
		if k >= n.tokLen || k >= maxTok || n.tok[k] != r {
			return false
		}
		k++
	}
	return k == n.tokLen
}

// joins decides whether the space before offset j separates an affix from its word.
func (n *normalizer) joins(j int) bool {
	if n.tokLen == 0 || n.last < 0x620 || !isArabicLetter(n.last) {
		return false
	}
	var first rune
	if c := n.orig[j]; c >= 0xD8 && c <= 0xDB && j+1 < len(n.orig) && n.orig[j+1]&0xC0 == 0x80 {
		e := &arabicFast[(rune(c&0x1F)<<6|rune(n.orig[j+1]&0x3F))-0x600]
		if !e.letter || e.act == actDrop {
			return false // a digit, punctuation, or a mark that the slow path would skip: no affix
		}
		first = e.out
	} else {
		r, _ := utf8.DecodeRuneInString(n.orig[j:])
		first, _ = mapRune(r)
		if !isArabicLetter(first) {
			return false
		}
	}
	if n.tokLen <= 3 && (n.tok[0] == 'م' || n.tok[0] == 'ن' || n.tok[0] == 'ب') {
		for _, p := range joinPrefixes {
			if n.tokIs(p) {
				return true
			}
		}
	}
	var buf [2 * peekMax]byte
	switch first {
	case 'ه', 'ت':
		w, end := peekWord((*[peekMax]byte)(buf[:peekMax]), n.orig, j)
		if string(w) == "ه" {
			// A lone «ه» glues «ای», «ایم»… after it into «های», «هایم»: read it that way, or
			// the next Normalize would glue what this one left apart.
			if k := skipHorizontal(n.orig, end); k > end {
				if w2, _ := peekWord((*[peekMax]byte)(buf[peekMax:]), n.orig, k); joinAfterHeh[string(w2)] {
					w = append(buf[:len(w):len(w)], w2...)
				}
			}
		}
		return joinSuffixes[string(w)]
	case alef:
		if n.last != heh {
			return false
		}
		w, _ := peekWord((*[peekMax]byte)(buf[:peekMax]), n.orig, j)
		return joinAfterHeh[string(w)]
	case 'ش':
		if n.tokLen > 4 {
			return false
		}
		if w, _ := peekWord((*[peekMax]byte)(buf[:peekMax]), n.orig, j); string(w) != "شنبه" {
			return false
		}
		for _, h := range weekdayHeads {
			if n.tokIs(h) {
				return true
			}
		}
	}
	return false
}

// Canonical is the form a short phrase (a gazetteer alias, a cue phrase) takes in the folded
// text of an article: Normalize(s).Fold, so it can be compared with, or searched for in,
// Text.Fold. For Persian letters Fold is the same as Norm; Latin letters are lower-cased.
// Write phrases in ordinary spelling: Arabic or Persian letters and digits, with or without
// ZWNJ; see Variants for compounds that may also be written as two words.
func Canonical(s string) string {
	return Normalize(s).Fold
}

// Variants returns the canonical forms of a phrase under both readings of each of its
// zero-width non-joiners: glued (as Normalize leaves «تفاهم‌نامه») and as a space (as an
// article may write «تفاهم نامه»). Normalize already makes the affixes «می», «ها», «ترین»…
// spelling-independent; this is for compounds that Normalize cannot recognise. The first
// element is Canonical(s); the result has no duplicates and at most 16 elements (only the
// first four ZWNJs vary).
func Variants(s string) []string {
	parts := strings.Split(s, string(zwnj))
	out := []string{Canonical(s)}
	k := min(len(parts)-1, 4)
	if k <= 0 {
		return out
	}
	var sb strings.Builder
	for mask := 1; mask < 1<<k; mask++ {
		sb.Reset()
		for i, p := range parts {
			if i > 0 {
				if i <= k && mask&(1<<(i-1)) != 0 {
					sb.WriteByte(' ')
				} else {
					sb.WriteRune(zwnj)
				}
			}
			sb.WriteString(p)
		}
		c := Canonical(sb.String())
		dup := false
		for _, o := range out {
			if o == c {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, c)
		}
	}
	return out
}
