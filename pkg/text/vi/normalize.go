package vi

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/tinkhabar/tinkhabar/pkg/text"
)

// Normalize returns the normalised view of orig. Norm is orig with:
//
//   - Unicode NFC (decomposed input, as some CMSs and windows-1258 decoders produce, is
//     composed; each composed character maps back to all the original bytes it came from);
//   - zero-width and bidi format characters and soft hyphens removed;
//   - one tone-mark placement: an open syllable ending in «oa», «oe» or «uy» carries the tone on
//     its first vowel («hoà» → «hòa», «thoả» → «thỏa», «thuý» → «thúy», «uỷ» → «ủy», «khoẻ» →
//     «khỏe», in any case: «HOÀ» → «HÒA»). Closed syllables («hoàng», «khoảng», «quyết») and «qu»
//     followed by a vowel («quý», «quả»: «qu» is the onset) are left alone;
//   - every horizontal space (tab, NBSP, the U+2000 range, ideographic space, control
//     characters) turned into ' ', runs collapsed to one, and no space at the start, at the end
//     or next to a line break; "\r\n", "\r", U+2028 and U+2029 become "\n" (line breaks are
//     kept, not collapsed, so "\n\n" still separates paragraphs);
//   - every dash and minus sign (– — ‒ ― ‐ −) turned into '-', with the spaces around it kept,
//     so «2025-2030» reads "2025-2030" and «2025 – 2030» reads "2025 - 2030";
//   - curly quotes turned into '"' and '\”, and the look-alike Ð/ð into Đ/đ.
//
// Invalid UTF-8 bytes become U+FFFD. Case is kept in Norm (names are found by their capitals);
// Fold is lower case. Normalize is idempotent: Normalize(t.Norm).Norm == t.Norm.
func (p *Pack) Normalize(orig string) *text.Text { return normalize(orig, false) }

// Canonical is the normalised form of a short phrase, for gazetteer entries and rule data: the
// Norm of Normalize with line breaks turned into single spaces.
func Canonical(s string) string { return normalize(s, true).Norm }

// Fold is the lower-cased Canonical form of a phrase: the form to compare with Text.Fold.
func Fold(s string) string { return text.Fold(Canonical(s)) }

func normalize(orig string, oneLine bool) *text.Text {
	// Optimistic pass over orig itself; it gives up when orig turns out not to be NFC or to
	// hold format characters, and the slow path prepares a clean NFC source first.
	n := normalizer{src: orig, b: text.NewBuilder(orig, len(orig)), oneLine: oneLine, strict: true}
	if n.run() {
		return n.b.Text()
	}
	src, m := prepare(orig)
	n = normalizer{src: src, m: m, b: text.NewBuilder(orig, len(src)), oneLine: oneLine}
	n.run()
	return n.b.Text()
}

// srcMap maps each byte of a prepared source string to the range of the original it came from.
type srcMap struct {
	start, end []int32
}

func (m *srcMap) add(n, start, end int) {
	for range n {
		m.start = append(m.start, int32(start))
		m.end = append(m.end, int32(end))
	}
}

// prepare is the slow path of Normalize: it drops format characters, replaces invalid UTF-8
// and composes to NFC, keeping a map back to orig.
func prepare(orig string) (string, *srcMap) {
	// Pass 1: drop format characters, replace invalid bytes.
	clean := make([]byte, 0, len(orig))
	cm := &srcMap{start: make([]int32, 0, len(orig)), end: make([]int32, 0, len(orig))}
	for i := 0; i < len(orig); {
		r, size := utf8.DecodeRuneInString(orig[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			clean = utf8.AppendRune(clean, utf8.RuneError)
			cm.add(utf8.RuneLen(utf8.RuneError), i, i+1)
		case isFormat(r):
		default:
			clean = append(clean, orig[i:i+size]...)
			cm.add(size, i, i+size)
		}
		i += size
	}
	cs := string(clean)
	if norm.NFC.IsNormalString(cs) {
		return cs, cm
	}
	// Pass 2: compose. norm.Iter gives the text segment by segment; a segment NFC left
	// unchanged maps rune by rune, a composed one maps as a whole to its original range.
	out := make([]byte, 0, len(cs))
	m := &srcMap{start: make([]int32, 0, len(cs)), end: make([]int32, 0, len(cs))}
	var it norm.Iter
	it.InitString(norm.NFC, cs)
	for pos := 0; !it.Done(); {
		seg := it.Next()
		next := it.Pos()
		if next <= pos {
			break
		}
		if string(seg) == cs[pos:next] {
			for i := pos; i < next; {
				_, size := utf8.DecodeRuneInString(cs[i:])
				m.add(size, int(cm.start[i]), int(cm.end[i+size-1]))
				i += size
			}
		} else {
			m.add(len(seg), int(cm.start[pos]), int(cm.end[next-1]))
		}
		out = append(out, seg...)
		pos = next
	}
	return string(out), m
}

// isFormat reports whether r is an invisible format character that Normalize removes.
func isFormat(r rune) bool {
	switch {
	case r == 0xAD, r == 0x2060, r == 0xFEFF:
		return true
	case r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// normalizer is the second stage of Normalize: it reads an NFC source (orig itself, or the
// prepared string with its map) and emits the normalised text.
type normalizer struct {
	src     string
	m       *srcMap // nil: src is orig
	b       *text.Builder
	oneLine bool
	strict  bool // src is orig unprepared: give up on a format character or if not NFC
	nfc     int8 // strict: whether src is NFC, 0 unknown, 1 yes, -1 no

	spStart, spEnd int  // pending run of spaces in src, spStart < 0 when none
	hasSpace       bool // a run is pending
	lastNL         bool // the last thing emitted is a line break
	onset          bool // in a word whose letters so far are all consonants
	prevQ          bool // the last letter is q or Q
}

func (n *normalizer) orig(i, j int) (int, int) {
	if n.m == nil {
		return i, j
	}
	return int(n.m.start[i]), int(n.m.end[j-1])
}

func (n *normalizer) emit(s string, i, j int) {
	n.flushSpace()
	a, b := n.orig(i, j)
	n.b.Emit(s, a, b)
	n.lastNL = false
}

func (n *normalizer) emitRune(r rune, i, j int) {
	n.flushSpace()
	a, b := n.orig(i, j)
	n.b.EmitRune(r, a, b)
	n.lastNL = false
}

func (n *normalizer) space(i, j int) {
	if !n.hasSpace {
		n.spStart, n.hasSpace = i, true
	}
	n.spEnd = j
	n.onset, n.prevQ = true, false
}

func (n *normalizer) flushSpace() {
	if !n.hasSpace {
		return
	}
	n.hasSpace = false
	if n.b.Len() == 0 || n.lastNL {
		return
	}
	a, b := n.orig(n.spStart, n.spEnd)
	n.b.Emit(" ", a, b)
}

func (n *normalizer) newline(i, j int) {
	if n.oneLine {
		n.space(i, j)
		return
	}
	n.hasSpace = false // no space before a line break
	a, b := n.orig(i, j)
	n.b.Emit("\n", a, b)
	n.lastNL = true
	n.onset, n.prevQ = true, false
}

// ASCII byte classes for run.
const (
	cOther     uint8 = iota // punctuation, digits: ends a word
	cConsonant              // a consonant letter
	cVowel                  // a, e, i, y
	cOU                     // o, u (may take a moved tone)
	cQ                      // q
	cSpace                  // space, tab, VT, FF
	cControl                // other C0 controls and DEL: read as a space
	cLF                     // \n
	cCR                     // \r
)

var asciiClass = func() (t [128]uint8) {
	for c := range 128 {
		switch l := byte(c) | 0x20; {
		case c == ' ' || c == '\t' || c == '\v' || c == '\f':
			t[c] = cSpace
		case c == '\n':
			t[c] = cLF
		case c == '\r':
			t[c] = cCR
		case c < 0x20 || c == 0x7f:
			t[c] = cControl
		case l < 'a' || l > 'z':
			t[c] = cOther
		case l == 'o' || l == 'u':
			t[c] = cOU
		case l == 'a' || l == 'e' || l == 'i' || l == 'y':
			t[c] = cVowel
		case l == 'q':
			t[c] = cQ
		default:
			t[c] = cConsonant
		}
	}
	return t
}()

// run emits the whole source. It returns false, having emitted only part of it, when strict
// and a format character or a non-NFC stretch shows that the source needs the slow path.
func (n *normalizer) run() bool {
	s := n.src
	n.onset = true
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch asciiClass[c] {
			case cConsonant:
				n.prevQ = false
			case cQ:
				n.prevQ = true
			case cVowel:
				n.onset, n.prevQ = false, false
			case cOU:
				if n.onset && (c == 'o' || c == 'O' || !n.prevQ) {
					if j, ok := n.tone(i); ok {
						i = j
						continue
					}
				}
				n.onset, n.prevQ = false, false
			case cOther:
				n.onset, n.prevQ = true, false
			case cSpace, cControl:
				n.space(i, i+1)
				i++
				continue
			case cLF:
				n.newline(i, i+1)
				i++
				continue
			case cCR:
				j := i + 1
				if j < len(s) && s[j] == '\n' {
					j++
				}
				n.newline(i, j)
				i = j
				continue
			}
			if n.hasSpace {
				n.flushSpace()
			}
			if n.m == nil {
				n.b.Emit(s[i:i+1], i, i+1)
			} else {
				n.b.Emit(s[i:i+1], int(n.m.start[i]), int(n.m.end[i]))
			}
			n.lastNL = false
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		j := i + size
		if r >= 0xC0 && r <= 0x1B0 && r != 0xD0 && r != 0xD7 && r != 0xF0 && r != 0xF7 || r >= 0x1EA0 && r <= 0x1EF9 {
			// Fast path for the letters of Vietnamese: NFC-stable, emitted as they are.
			if n.hasSpace {
				n.flushSpace()
			}
			if n.m == nil {
				n.b.Emit(s[i:j], i, j)
			} else {
				n.b.Emit(s[i:j], int(n.m.start[i]), int(n.m.end[j-1]))
			}
			n.lastNL = false
			if r != 'đ' && r != 'Đ' {
				n.onset = false
			}
			n.prevQ = false
			i = j
			continue
		}
		if n.strict && r == utf8.RuneError && size == 1 {
			return false // prepare replaces invalid bytes before composing
		}
		if n.strict && n.nfc <= 0 && !stableNFC(r) {
			if n.nfc == 0 {
				n.nfc = -1
				if norm.NFC.IsNormalString(s) {
					n.nfc = 1
				}
			}
			if n.nfc < 0 {
				return false
			}
		}
		switch {
		case r == utf8.RuneError && size == 1:
			n.emitRune(utf8.RuneError, i, j)
			n.onset, n.prevQ = true, false
		case isFormat(r):
			if n.strict {
				return false
			}
			// Not reached: prepare removed them.
		case isSpace(r):
			n.space(i, j)
		case r == 0x85 || r == 0x2028 || r == 0x2029:
			n.newline(i, j)
		case isDash(r):
			n.emit("-", i, j)
			n.onset, n.prevQ = true, false
		case r == '“' || r == '”' || r == '„' || r == '‟':
			n.emit(`"`, i, j)
			n.onset, n.prevQ = true, false
		case r == '‘' || r == '’' || r == '‚' || r == '‛':
			n.emit("'", i, j)
			n.onset, n.prevQ = true, false
		case r == 'Ð':
			n.emitRune('Đ', i, j)
			n.prevQ = false
		case r == 'ð':
			n.emitRune('đ', i, j)
			n.prevQ = false
		default:
			n.emit(s[i:j], i, j)
			if r == 'đ' || r == 'Đ' {
				n.prevQ = false
			} else if isLetter(r) || isMark(r) {
				n.onset, n.prevQ = false, false
			} else {
				n.onset, n.prevQ = true, false
			}
		}
		i = j
	}
	n.hasSpace = false // no trailing space
	return true
}

// stableNFC reports whether the non-ASCII r is certainly NFC wherever it stands: it is
// unchanged by NFC and never combines with what comes before it. It covers the blocks
// Vietnamese text is written in; for any other rune the fast path asks norm.
func stableNFC(r rune) bool {
	switch {
	case r >= 0xA0 && r <= 0x2FF: // Latin-1, Latin Extended-A and -B, IPA, modifier letters
		return true
	case r >= 0x1E00 && r <= 0x1EFF: // Latin Extended Additional (ạ … ỹ)
		return true
	case r >= 0x2010 && r <= 0x2027, r >= 0x2030 && r <= 0x205E: // punctuation
		return true
	case r >= 0x20A0 && r <= 0x20C0: // currency signs (₫)
		return true
	}
	return false
}

// tone handles an o/u at s[i] that starts the vowels of a syllable. If the next letter is
// a, e or y (after o: a or e; after u: y) carrying a tone mark and the syllable ends there,
// it emits the tone on the first vowel and returns the index after the pair.
func (n *normalizer) tone(i int) (int, bool) {
	s := n.src
	r, size := utf8.DecodeRuneInString(s[i+1:])
	if size < 2 {
		return 0, false
	}
	base, tone, ok := splitTone(r)
	if !ok {
		return 0, false
	}
	first := s[i] | 0x20
	if first == 'o' && base|0x20 != 'a' && base|0x20 != 'e' || first == 'u' && base|0x20 != 'y' {
		return 0, false
	}
	k := i + 1 + size
	if k < len(s) {
		next, _ := utf8.DecodeRuneInString(s[k:])
		if next < utf8.RuneSelf {
			if isASCIILetter(byte(next)) {
				return 0, false
			}
		} else if isLetter(next) || isMark(next) || isFormat(next) || !norm.NFC.PropertiesString(s[k:]).BoundaryBefore() {
			return 0, false
		}
	}
	n.emitRune(withTone(s[i], tone), i, i+1)
	n.emit(string(rune(base)), i+1, k)
	n.onset, n.prevQ = false, false
	return k, true
}

func isASCIILetter(c byte) bool {
	c |= 0x20
	return c >= 'a' && c <= 'z'
}

// The five tone marks are indexed in this order: huyền, sắc, hỏi, ngã, nặng.
var (
	tonedO = [...]rune{'ò', 'ó', 'ỏ', 'õ', 'ọ', 'Ò', 'Ó', 'Ỏ', 'Õ', 'Ọ'}
	tonedU = [...]rune{'ù', 'ú', 'ủ', 'ũ', 'ụ', 'Ù', 'Ú', 'Ủ', 'Ũ', 'Ụ'}
)

// splitTone splits a toned a, e or y (either case) into its base letter and tone index.
func splitTone(r rune) (base byte, tone int, ok bool) {
	switch r {
	case 'à', 'á', 'ả', 'ã', 'ạ':
		return 'a', toneIndex(r, "àáảãạ"), true
	case 'À', 'Á', 'Ả', 'Ã', 'Ạ':
		return 'A', toneIndex(r, "ÀÁẢÃẠ"), true
	case 'è', 'é', 'ẻ', 'ẽ', 'ẹ':
		return 'e', toneIndex(r, "èéẻẽẹ"), true
	case 'È', 'É', 'Ẻ', 'Ẽ', 'Ẹ':
		return 'E', toneIndex(r, "ÈÉẺẼẸ"), true
	case 'ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ':
		return 'y', toneIndex(r, "ỳýỷỹỵ"), true
	case 'Ỳ', 'Ý', 'Ỷ', 'Ỹ', 'Ỵ':
		return 'Y', toneIndex(r, "ỲÝỶỸỴ"), true
	}
	return 0, 0, false
}

func toneIndex(r rune, set string) int {
	k := 0
	for _, c := range set {
		if c == r {
			return k
		}
		k++
	}
	return 0
}

// withTone returns the ASCII vowel o/O/u/U carrying tone t.
func withTone(c byte, t int) rune {
	switch c {
	case 'o':
		return tonedO[t]
	case 'O':
		return tonedO[5+t]
	case 'u':
		return tonedU[t]
	default:
		return tonedU[5+t]
	}
}

// isSpace reports whether the non-ASCII r is a horizontal space or a C1 control character.
func isSpace(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9F && r != 0x85:
		return true
	case r == 0xA0, r == 0x1680, r == 0x202F, r == 0x205F, r == 0x3000:
		return true
	case r >= 0x2000 && r <= 0x200A:
		return true
	}
	return false
}

func isDash(r rune) bool {
	switch r {
	case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D:
		return true
	}
	return false
}

// isLetter is unicode.IsLetter with a fast path for the Latin blocks Vietnamese uses.
func isLetter(r rune) bool {
	switch {
	case r < 0x80:
		return isASCIILetter(byte(r))
	case r >= 0xC0 && r <= 0x24F:
		return r != 0xD7 && r != 0xF7
	case r >= 0x1E00 && r <= 0x1EFF:
		return true
	}
	return unicode.IsLetter(r)
}

func isMark(r rune) bool {
	if r < 0x300 {
		return false
	}
	return unicode.IsMark(r)
}
