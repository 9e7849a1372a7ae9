package text

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"abc", "abc"},
		{"Bộ Trưởng VNPT", "bộ trưởng vnpt"},
		{"ĐÀ NẴNG", "đà nẵng"},
		{"وزیر ارتباطات", "وزیر ارتباطات"},
		{"Kİ", "kİ"}, // İ lower-cases to a rune of another length: kept
		{"Ẩ", "ẩ"},
	} {
		if got := Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
		if len(Fold(c.in)) != len(c.in) {
			t.Errorf("Fold(%q) changed the length", c.in)
		}
	}
}

// TestFoldMatchesToLower: on every rune whose lower case keeps its UTF-8 length, Fold agrees
// with unicode.ToLower (the caseless fast path skips no cased rune).
func TestFoldMatchesToLower(t *testing.T) {
	var b strings.Builder
	for r := rune(0); r < 0x20000; r++ {
		if utf8.ValidRune(r) && (r < 0xD800 || r > 0xDFFF) {
			b.WriteRune(r)
		}
	}
	in := b.String()
	out := Fold(in)
	i := 0
	for _, r := range in {
		got, _ := utf8.DecodeRuneInString(out[i:])
		want := unicode.ToLower(r)
		if utf8.RuneLen(want) != utf8.RuneLen(r) {
			want = r
		}
		if got != want {
			t.Fatalf("Fold(%U) = %U, want %U", r, got, want)
		}
		i += utf8.RuneLen(r)
	}
}

func TestBuilderMapsBack(t *testing.T) {
	orig := "ab\u200ccd efg"
	b := NewBuilder(orig, len(orig))
	b.EmitCopy(0, 2)         // "ab"
	b.EmitCopy(5, 7)         // "cd", ZWNJ (3 bytes) dropped
	b.Emit(" ", 7, 8)        // the space
	b.EmitRune('E', 8, 9)    // "e" → "E"
	b.EmitCopy(9, len(orig)) // "fg"
	txt := b.Text()
	if txt.Norm != "abcd Efg" || txt.Fold != "abcd efg" {
		t.Fatalf("Norm %q Fold %q", txt.Norm, txt.Fold)
	}
	for _, c := range []struct {
		sp         Span
		start, end int
		orig       string
	}{
		{Span{0, 4}, 0, 7, "ab\u200ccd"},
		{Span{2, 4}, 5, 7, "cd"},
		{Span{5, 8}, 8, 11, "efg"},
		{Span{8, 8}, 11, 11, ""},
		{Span{3, 3}, 6, 6, ""},
	} {
		a, e := txt.OrigSpan(c.sp)
		if a != c.start || e != c.end || txt.OrigText(c.sp) != c.orig {
			t.Errorf("OrigSpan(%v) = [%d,%d) %q, want [%d,%d) %q", c.sp, a, e, txt.OrigText(c.sp), c.start, c.end, c.orig)
		}
	}
}

func TestIdentity(t *testing.T) {
	s := "Sáng 23-10, UBND tỉnh"
	txt := Identity(s)
	if txt.Norm != s || txt.Fold != Fold(s) {
		t.Fatalf("Identity changed the text: %q", txt.Norm)
	}
	a, e := txt.OrigSpan(Span{0, len(s)})
	if a != 0 || e != len(s) {
		t.Fatalf("OrigSpan of all = [%d,%d)", a, e)
	}
}

func BenchmarkFold(b *testing.B) {
	for _, c := range []struct{ name, s string }{
		{"fa", strings.Repeat("وزیر ارتباطات و فناوری اطلاعات ۱۰ آذر به کرمان سفر می‌کند. ", 40)},
		{"vi", strings.Repeat("Bộ trưởng Khoa học và Công nghệ Trần Minh Khôi thăm Gia Lai. ", 40)},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.s)))
			for b.Loop() {
				Fold(c.s)
			}
		})
	}
}

// TestIsWordRune: the fast paths agree with the unicode tables.
func TestIsWordRune(t *testing.T) {
	for r := rune(0); r < 0x3000; r++ {
		want := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
		if got := IsWordRune(r); got != want {
			t.Errorf("IsWordRune(%U) = %v, want %v", r, got, want)
		}
	}
}

// TestReleaseReuse: a released Text's buffers serve a later Text without changing it.
func TestReleaseReuse(t *testing.T) {
	a := Identity("first text, long enough")
	want := a.Norm
	a.Release()
	a.Release() // twice is harmless
	b := Identity("second")
	if a.Norm != want || b.Norm != "second" {
		t.Fatalf("strings changed: %q %q", a.Norm, b.Norm)
	}
	if s, e := b.OrigSpan(Span{0, 6}); s != 0 || e != 6 {
		t.Fatalf("OrigSpan after reuse = [%d,%d)", s, e)
	}
}
