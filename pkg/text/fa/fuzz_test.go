package fa

import (
	"reflect"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tinkhabar/tinkhabar/pkg/text"
)

// fuzzSeeds are the seed inputs of every fuzz target: the table inputs that stress the
// scanners, a few corpus articles, and broken text.
func fuzzSeeds(f *testing.F) []string {
	seeds := []string{
		"", " ", "\n\n", "می شود", "پروژه های", "شده\u200cاست", "توسعه\u200cی", "ا\u0653", "a\xffb", "\u200c\u200c",
		"سیصد و چهل و هفت", "هزار و ۲۰۰ میلیارد تومان", "۲۰ هزار میلیارد ریال", "۲/۵ میلیون", "1,234.5",
		"۱۴۰۴/۰۹/۱۰", "10/09/1404", "14:30", "5G", "17ام", "سی ام", "چهار صدم", "دو و نیم میلیون",
		"عصر روز دوشنبه ۱۰ آذرماه ۱۴۰۴", "از ۱۰ تا ۱۲ آذر", "۲۸ آبان تا ۳ آذر", "سال\u200cهای ۱۴۰۴ تا ۱۴۰۸",
		"دوشنبه هفته آینده", "پس فردا", "روز گذشته", "۳۱ اسفند ۱۴۰۳", "ج.ا.ا", "؟!...", "«سفر.»",
		"هزار هزار میلیارد و", "و و و", "۱۰ تا", "از", "سال", "۱, ۲", "1/", "/1", "9999/99/99",
	}
	for i, a := range corpus(f) {
		if i%8 == 0 {
			seeds = append(seeds, a.Text)
		}
	}
	return seeds
}

// checkFuzzSpans checks what holds for any input: spans inside Norm, in order, on rune
// boundaries, and mapping to a range inside Orig.
func checkFuzzSpans(t *testing.T, what string, tx *text.Text, ss []text.Span) {
	t.Helper()
	prev := 0
	for _, s := range ss {
		if s.Start < prev || s.End <= s.Start || s.End > len(tx.Norm) {
			t.Fatalf("%s: span %v after %d, Norm length %d", what, s, prev, len(tx.Norm))
		}
		if !utf8.RuneStart(tx.Norm[s.Start]) || s.End < len(tx.Norm) && !utf8.RuneStart(tx.Norm[s.End]) {
			t.Fatalf("%s: span %v splits a rune of %q", what, s, tx.Norm)
		}
		prev = s.End
		a, b := tx.OrigSpan(s)
		if a < 0 || b > len(tx.Orig) || a >= b {
			t.Fatalf("%s: span %v maps to [%d,%d), Orig length %d", what, s, a, b, len(tx.Orig))
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tx := Normalize(s)
		checkText(t, tx)
		if again := Normalize(s); !reflect.DeepEqual(again, tx) {
			t.Fatalf("Normalize(%q) is not deterministic", s)
		}
		if n2 := Normalize(tx.Norm).Norm; n2 != tx.Norm {
			t.Fatalf("Normalize is not idempotent on %q:\n once  %q\n twice %q", s, tx.Norm, n2)
		}
	})
}

func FuzzSentences(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	p := New()
	f.Fuzz(func(t *testing.T, s string) {
		tx := p.Normalize(s)
		ss := p.Sentences(tx)
		checkFuzzSpans(t, "sentences", tx, ss)
		covered := 0
		for _, sp := range ss {
			for _, r := range tx.Norm[sp.Start:sp.End] {
				if spaceKind(r) == 0 {
					covered += utf8.RuneLen(r)
				}
			}
		}
		all := 0
		for _, r := range tx.Norm {
			if spaceKind(r) == 0 {
				all += utf8.RuneLen(r)
			}
		}
		if covered != all {
			t.Fatalf("sentences of %q cover %d of %d non-space bytes", tx.Norm, covered, all)
		}
		if !reflect.DeepEqual(ss, p.Sentences(tx)) {
			t.Fatal("Sentences is not deterministic")
		}
	})
}

func FuzzNumbers(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	p := New()
	f.Fuzz(func(t *testing.T, s string) {
		tx := p.Normalize(s)
		ns := p.Numbers(tx)
		checkFuzzSpans(t, "numbers", tx, spans(ns, func(n text.Number) text.Span { return n.Span }))
		for _, n := range ns {
			if n.Value < 0 || n.Value != n.Value {
				t.Fatalf("number %q has value %v", tx.Norm[n.Start:n.End], n.Value)
			}
		}
		ms := p.Money(tx)
		checkFuzzSpans(t, "money", tx, spans(ms, func(m text.Money) text.Span { return m.Span }))
		if !reflect.DeepEqual(ns, p.Numbers(tx)) || !reflect.DeepEqual(ms, p.Money(tx)) {
			t.Fatal("Numbers or Money is not deterministic")
		}
	})
}

func FuzzDates(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s, azar1404.Unix())
		f.Add(s, int64(0))
	}
	p := New()
	f.Fuzz(func(t *testing.T, s string, unix int64) {
		ref := time.Time{}
		if unix != 0 {
			ref = time.Unix(unix%(1<<40), 0) // keep within years the calendar handles
		}
		tx := p.Normalize(s)
		ds := p.Dates(tx, ref)
		checkFuzzSpans(t, "dates", tx, spans(ds, func(d text.Date) text.Span { return d.Span }))
		for _, d := range ds {
			checkDate(t, tx, d)
			if d.Until != nil {
				checkDate(t, tx, *d.Until)
				if d.Until.Start < d.Start || d.Until.End > d.End || d.Until.Time().Before(d.Time()) {
					t.Fatalf("range %q ends before it starts or outside its span", tx.Norm[d.Start:d.End])
				}
			}
		}
		if !reflect.DeepEqual(ds, p.Dates(tx, ref)) {
			t.Fatal("Dates is not deterministic")
		}
	})
}

// checkDate checks that a date is a real date at its precision.
func checkDate(t *testing.T, tx *text.Text, d text.Date) {
	t.Helper()
	ok := false
	switch d.Precision {
	case precDay:
		ok = d.Month >= 1 && d.Month <= 12 && d.Day >= 1 && d.Time().Day() == d.Day
	case precMonth:
		ok = d.Month >= 1 && d.Month <= 12 && d.Day == 0
	case precYear:
		ok = d.Month == 0 && d.Day == 0
	}
	if !ok || d.Calendar != calNamePersian && d.Calendar != calNameGregorian {
		t.Fatalf("date %q is %+v", tx.Norm[d.Start:d.End], d)
	}
}
