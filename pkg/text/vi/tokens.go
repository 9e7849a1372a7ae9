package vi

import (
	"unicode"
	"unicode/utf8"

	"github.com/tinkhabar/tinkhabar/pkg/text"
)

// kind is the kind of a token.
type kind uint8

const (
	kWord  kind = iota + 1 // a run of letters (and combining marks)
	kNum                   // a run of ASCII digits
	kPunct                 // any other single rune that is not a space
)

// tok is a token of a normalised text: a byte range of Norm (and Fold).
type tok struct {
	start, end int32
	kind       kind
}

// scan is a normalised text cut into tokens. Spaces and line breaks separate tokens and are
// not tokens themselves; whether two tokens touch, or are one space apart, is read from their
// offsets.
type scan struct {
	norm, fold string
	toks       []tok
}

// scan returns the tokens of t. The engine asks Numbers, Money and Dates of the same Text in
// a row, so the last scan is kept (scans are immutable, so sharing one is safe).
func (p *Pack) scan(t *text.Text) *scan {
	if c := p.last.Load(); c != nil && c.t == t && c.s.fold == t.Fold && c.s.norm == t.Norm {
		return c.s
	}
	s := newScan(t)
	p.last.Store(&cachedScan{t: t, s: s})
	return s
}

type cachedScan struct {
	t *text.Text
	s *scan
}

func newScan(t *text.Text) *scan {
	s := &scan{norm: t.Norm, fold: t.Fold}
	f := t.Fold
	s.toks = make([]tok, 0, len(f)/4+1)
	for i := 0; i < len(f); {
		c := f[i]
		switch {
		case c == ' ' || c == '\n':
			i++
		case c >= '0' && c <= '9':
			j := i + 1
			for j < len(f) && f[j] >= '0' && f[j] <= '9' {
				j++
			}
			s.toks = append(s.toks, tok{int32(i), int32(j), kNum})
			i = j
		case c < utf8.RuneSelf && !isASCIILetter(c):
			s.toks = append(s.toks, tok{int32(i), int32(i + 1), kPunct})
			i++
		default:
			j := i
			for j < len(f) {
				b := f[j]
				if b < utf8.RuneSelf {
					if !isASCIILetter(b) {
						break
					}
					j++
					continue
				}
				// Fast paths for Vietnamese letters: U+00C0–U+01BF but × and ÷, and
				// U+1E80–U+1EFF (ạ … ỹ), are letters.
				if b >= 0xC3 && b <= 0xC6 && j+1 < len(f) && !(b == 0xC3 && (f[j+1] == 0x97 || f[j+1] == 0xB7)) {
					j += 2
					continue
				}
				if b == 0xE1 && j+2 < len(f) && (f[j+1] == 0xBA || f[j+1] == 0xBB) {
					j += 3
					continue
				}
				r, size := utf8.DecodeRuneInString(f[j:])
				if !isLetter(r) && !isMark(r) {
					break
				}
				j += size
			}
			if j == i { // a non-ASCII rune that is not a letter
				_, size := utf8.DecodeRuneInString(f[i:])
				s.toks = append(s.toks, tok{int32(i), int32(i + size), kPunct})
				i += size
				continue
			}
			s.toks = append(s.toks, tok{int32(i), int32(j), kWord})
			i = j
		}
	}
	return s
}

func (s *scan) n() int { return len(s.toks) }

// word is the Fold text of token i when it is a word, else "".
func (s *scan) word(i int) string {
	if i < 0 || i >= len(s.toks) || s.toks[i].kind != kWord {
		return ""
	}
	return s.fold[s.toks[i].start:s.toks[i].end]
}

// text is the Fold text of token i, or "" out of range.
func (s *scan) text(i int) string {
	if i < 0 || i >= len(s.toks) {
		return ""
	}
	return s.fold[s.toks[i].start:s.toks[i].end]
}

func (s *scan) isNum(i int) bool { return i >= 0 && i < len(s.toks) && s.toks[i].kind == kNum }

func (s *scan) isWord(i int) bool { return i >= 0 && i < len(s.toks) && s.toks[i].kind == kWord }

// punct reports whether token i is the ASCII punctuation c.
func (s *scan) punct(i int, c byte) bool {
	return i >= 0 && i < len(s.toks) && s.toks[i].kind == kPunct &&
		s.toks[i].end-s.toks[i].start == 1 && s.fold[s.toks[i].start] == c
}

// adj reports whether tokens i and i+1 touch.
func (s *scan) adj(i int) bool {
	return i >= 0 && i+1 < len(s.toks) && s.toks[i].end == s.toks[i+1].start
}

// sp reports whether tokens i and i+1 are one space apart on the same line.
func (s *scan) sp(i int) bool {
	return i >= 0 && i+1 < len(s.toks) && s.toks[i+1].start == s.toks[i].end+1 && s.fold[s.toks[i].end] == ' '
}

// near reports whether tokens i and i+1 touch or are one space apart.
func (s *scan) near(i int) bool { return s.adj(i) || s.sp(i) }

// capital reports whether token i starts with an upper-case letter in Norm.
func (s *scan) capital(i int) bool {
	if i < 0 || i >= len(s.toks) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s.norm[s.toks[i].start:])
	return unicode.IsUpper(r)
}

// span is the Norm span from the start of token i to the end of token j.
func (s *scan) span(i, j int) text.Span {
	return text.Span{Start: int(s.toks[i].start), End: int(s.toks[j].end)}
}

// digits is the value of the digit run of token i.
func (s *scan) digits(i int) (v int64, width int) {
	d := s.text(i)
	for k := 0; k < len(d); k++ {
		v = v*10 + int64(d[k]-'0')
	}
	return v, len(d)
}

// A vocabulary filter: a word can only be in a small vocabulary if its bucket (length and
// first and last bytes) is marked. It saves the string switch for most words.
type vocab [256]bool

func bucket(w string) uint8 {
	return uint8(len(w)*31 + int(w[0])*7 + int(w[len(w)-1]))
}

func newVocab(words ...string) *vocab {
	v := new(vocab)
	for _, w := range words {
		v[bucket(w)] = true
	}
	return v
}

// has reports whether w may be in the vocabulary (false means it surely is not).
func (v *vocab) has(w string) bool { return w != "" && v[bucket(w)] }

// numberVocab holds every word numWord knows, and «thứ».
var numberVocab = newVocab("không", "một", "mốt", "hai", "ba", "bốn", "tư", "năm", "lăm", "sáu",
	"bảy", "bẩy", "tám", "chín", "mười", "mươi", "trăm", "linh", "lẻ", "nghìn", "ngàn", "triệu",
	"tỷ", "tỉ", "chục", "rưỡi", "thứ")

// dateVocab holds every word a date expression starts with.
var dateVocab = newVocab("sáng", "trưa", "chiều", "tối", "đêm", "khuya", "rạng", "hôm", "ngày",
	"thứ", "chủ", "từ", "tháng", "năm", "quý")
