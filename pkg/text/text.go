// Package text holds what the language packs (text/fa, text/vi) share: a normalised view of
// an article's text that maps every byte back to the original, and the spans, numbers, money
// amounts and dates the packs find in it. Offsets are byte offsets; spans are half-open.
package text

import (
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// Span is a half-open byte range [Start, End) in a normalised string (Text.Norm).
type Span struct {
	Start, End int
}

// Len is the span's length in bytes.
func (s Span) Len() int { return s.End - s.Start }

// Text is a normalised view of an original string. Norm is the normalised text with case
// kept; Fold is Norm lower-cased rune by rune, with the same byte length as Norm (a rune whose
// lower case has another length is kept as is), so a span of one is a span of the other.
// Every byte of Norm came from a range of Orig; OrigSpan maps a span back.
type Text struct {
	Orig string
	Norm string
	Fold string
	// start[i], end[i]: the range of Orig that Norm byte i came from.
	start, end []int32
	// spare is the Builder's byte buffer (Norm is a copy of it), kept for Release.
	spare []byte
}

// OrigSpan maps a span of Norm to the range of Orig it came from. The result is inside Orig
// and Start <= End; an empty span maps to an empty range at the original position.
func (t *Text) OrigSpan(s Span) (start, end int) {
	n := len(t.Norm)
	if s.Start < 0 {
		s.Start = 0
	}
	if s.End > n {
		s.End = n
	}
	if s.Start >= n {
		return len(t.Orig), len(t.Orig)
	}
	start = int(t.start[s.Start])
	if s.End <= s.Start {
		return start, start
	}
	end = int(t.end[s.End-1])
	if end < start {
		end = start
	}
	return start, end
}

// OrigText is the original text behind a span of Norm.
func (t *Text) OrigText(s Span) string {
	a, b := t.OrigSpan(s)
	return t.Orig[a:b]
}

// Builder assembles a Text by emitting normalised pieces, each tied to the range of the
// original it replaces. Pieces must be emitted in original order.
type Builder struct {
	orig       string
	norm       []byte
	start, end []int32
}

// buffers are the offset arrays of a Text, recycled through bufferPool by Text.Release: they
// are most of what normalising an article allocates.
type buffers struct {
	norm       []byte
	start, end []int32
}

// bufferPool holds released buffers. It is a cache, not state: any Text may take any buffers.
var bufferPool = sync.Pool{New: func() any { return new(buffers) }}

// NewBuilder starts a Text over orig; sizeHint is the expected normalised length.
func NewBuilder(orig string, sizeHint int) *Builder {
	bufs := bufferPool.Get().(*buffers)
	b := &Builder{orig: orig, norm: bufs.norm[:0], start: bufs.start[:0], end: bufs.end[:0]}
	if cap(b.norm) < sizeHint {
		b.norm = make([]byte, 0, sizeHint)
	}
	if cap(b.start) < sizeHint || cap(b.end) < sizeHint {
		b.start = make([]int32, 0, sizeHint)
		b.end = make([]int32, 0, sizeHint)
	}
	return b
}

// Emit appends s to the normalised text as the replacement of orig[origStart:origEnd].
func (b *Builder) Emit(s string, origStart, origEnd int) {
	b.norm = append(b.norm, s...)
	for range len(s) {
		b.start = append(b.start, int32(origStart))
		b.end = append(b.end, int32(origEnd))
	}
}

// EmitCopy appends orig[origStart:origEnd] unchanged, each byte tied to itself. It is the fast
// path for runs the normaliser leaves alone; origStart and origEnd must be rune boundaries.
func (b *Builder) EmitCopy(origStart, origEnd int) {
	b.norm = append(b.norm, b.orig[origStart:origEnd]...)
	for i := origStart; i < origEnd; i++ {
		b.start = append(b.start, int32(i))
		b.end = append(b.end, int32(i+1))
	}
}

// EmitRune appends r as the replacement of orig[origStart:origEnd].
func (b *Builder) EmitRune(r rune, origStart, origEnd int) {
	n := len(b.norm)
	b.norm = utf8.AppendRune(b.norm, r)
	for range len(b.norm) - n {
		b.start = append(b.start, int32(origStart))
		b.end = append(b.end, int32(origEnd))
	}
}

// Len is the number of normalised bytes emitted so far.
func (b *Builder) Len() int { return len(b.norm) }

// Last returns the last rune emitted, or utf8.RuneError when nothing was.
func (b *Builder) Last() rune {
	r, _ := utf8.DecodeLastRune(b.norm)
	return r
}

// Text finishes the Text. The Builder must not be used afterwards.
func (b *Builder) Text() *Text {
	norm := string(b.norm)
	return &Text{Orig: b.orig, Norm: norm, Fold: Fold(norm), start: b.start, end: b.end, spare: b.norm[:0]}
}

// Release hands the Text's offset arrays back for reuse by later Texts. Its strings stay
// valid, but OrigSpan and OrigText must not be called afterwards. Calling Release is optional:
// a Text that is not released is collected as usual.
func (t *Text) Release() {
	if t.start == nil {
		return
	}
	bufferPool.Put(&buffers{norm: t.spare, start: t.start[:0], end: t.end[:0]})
	t.start, t.end, t.spare = nil, nil, nil
}

// Identity returns a Text whose Norm is orig itself.
func Identity(orig string) *Text {
	b := NewBuilder(orig, len(orig))
	for i, r := range orig {
		b.EmitRune(r, i, i+utf8.RuneLen(r))
	}
	return b.Text()
}

// Fold lower-cases s rune by rune, keeping a rune whose lower case has another UTF-8 length,
// so the result has the byte length of s and the same offsets.
func Fold(s string) string {
	first := -1
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				first = i
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !caseless(r) && unicode.ToLower(r) != r {
			first = i
			break
		}
		i += size
	}
	if first < 0 {
		return s
	}
	out := make([]byte, first, len(s))
	copy(out, s[:first])
	for i := first; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			out = append(out, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		l := r
		switch {
		case r >= 0x1EA0 && r <= 0x1EF9: // Vietnamese letters: upper even, lower odd
			l = r | 1
		case !caseless(r):
			l = unicode.ToLower(r)
		}
		if utf8.RuneLen(l) != size {
			l = r
		}
		out = utf8.AppendRune(out, l)
		i += size
	}
	return string(out)
}

// caseless reports runes of scripts without case (Arabic, Persian, Hebrew), skipped cheaply.
func caseless(r rune) bool { return r >= 0x0590 && r <= 0x08FF || r >= 0xFB1D && r <= 0xFEFF }

// Number is a number found in normalised text, written in digits, words or both, with any
// scale word it carries ("۲۰ هزار میلیارد" is 2e13, "3,5 triệu" is 3.5e6).
type Number struct {
	Span
	Value   float64
	Words   bool // written (at least partly) in words
	Ordinal bool // an ordinal ("دهم", "thứ ba")
}

// IsInt reports whether the value is a whole number.
func (n Number) IsInt() bool { return n.Value == float64(int64(n.Value)) }

// Money is an amount of a currency found in normalised text. Currency is an ISO-like code:
// IRR (ریال), IRT (تومان; همت is 10^12 IRT), VND or USD. Amount is in units of Currency.
type Money struct {
	Span
	Amount   float64
	Currency string
}

// Date is a date found in normalised text, resolved to the Gregorian calendar. Month and Day
// are 0 below the date's precision. Calendar is the calendar it was written in ("persian" or
// "gregorian"). Relative marks a date given by a relative word (today, tomorrow) or a bare
// weekday; WeekdayOnly a bare weekday, resolved to the latest such day on or before the
// reference date. A range ("từ ngày 12 đến 14/3") sets Until to its last day.
type Date struct {
	Span
	Year, Month, Day int
	Precision        string // "day", "month" or "year"
	Calendar         string
	Relative         bool
	WeekdayOnly      bool
	Until            *Date
}

// Time returns the date as midnight UTC (the first day of the month or year at lower precision).
func (d Date) Time() time.Time {
	m, day := d.Month, d.Day
	if m == 0 {
		m = 1
	}
	if day == 0 {
		day = 1
	}
	return time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, time.UTC)
}

// Pack is a language pack: everything language-specific the extractor needs about text.
// Implementations are safe for concurrent use.
type Pack interface {
	// Lang is the pack's language code ("fa", "vi").
	Lang() string
	// Zone is the time zone dates in this language's news are written in.
	Zone() *time.Location
	// Normalize returns the normalised view of orig used for all matching.
	Normalize(orig string) *Text
	// Sentences splits t.Norm into sentences, in order, trimmed of surrounding space,
	// covering every non-space byte.
	Sentences(t *Text) []Span
	// Numbers finds the numbers in t.Norm, in order and non-overlapping.
	Numbers(t *Text) []Number
	// Money finds the money amounts in t.Norm, in order and non-overlapping.
	Money(t *Text) []Money
	// Dates finds the dates in t.Norm, in order and non-overlapping. Dates without a year
	// and relative dates are resolved against ref (the publication time; converted to Zone
	// by the pack); with a zero ref they are left out.
	Dates(t *Text, ref time.Time) []Date
}

// Analysis is what a pack finds in one text: sentences, numbers, money and dates.
type Analysis struct {
	Sentences []Span
	Numbers   []Number
	Money     []Money
	Dates     []Date
}

// Analyzer is implemented by packs that read a text once for all four kinds of findings.
type Analyzer interface {
	Analyze(t *Text, ref time.Time) Analysis
}

// Analyze returns p's findings in t: through the pack's single pass when it implements
// Analyzer, else by calling each reader in turn. Both give the same result.
func Analyze(p Pack, t *Text, ref time.Time) Analysis {
	if a, ok := p.(Analyzer); ok {
		return a.Analyze(t, ref)
	}
	return Analysis{Sentences: p.Sentences(t), Numbers: p.Numbers(t), Money: p.Money(t), Dates: p.Dates(t, ref)}
}

// IsWordRune reports a rune inside a word: a letter, a digit or a combining mark. It has fast
// paths for ASCII, Vietnamese and Arabic-script letters and agrees with the unicode tables.
func IsWordRune(r rune) bool {
	switch {
	case r < 0x80:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	case r >= 0xC0 && r <= 0x24F: // Latin-1 and Latin Extended letters (Vietnamese)
		return r != 0xD7 && r != 0xF7
	case r >= 0x1EA0 && r <= 0x1EF9: // Vietnamese letters with two diacritics
		return true
	case r >= 0x0300 && r <= 0x036F: // combining diacritical marks
		return true
	case r >= 0x0621 && r <= 0x06D3: // Arabic-script letters, marks and digits
		return r < 0x066A || r > 0x066D
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}
