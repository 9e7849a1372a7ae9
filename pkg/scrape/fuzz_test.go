package scrape

import (
	"os"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FuzzScrape feeds arbitrary bytes to the scraper as a page of either language: it must not
// panic, and an article it returns must have a valid id, non-empty NFC text, and no
// paragraph that is empty.
func FuzzScrape(f *testing.F) {
	pages, _ := filepath.Glob("testdata/*.html")
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, p[len(p)-7:len(p)-5] == "fa")
	}
	f.Add([]byte("<p>x</p>"), true)
	f.Add([]byte("<html><head><link rel=canonical href='javascript:x'></head><body><article id=item><div class=item-body><div class=item-text itemprop=articleBody><p>سلام</p></div></div></article>"), true)
	rules := testRules(f)
	s := New(rules)
	f.Fuzz(func(t *testing.T, body []byte, fa bool) {
		lang := "vi"
		if fa {
			lang = "fa"
		}
		res, err := s.Scrape(Page{URL: "https://example.com/news/1", Body: body, Source: "fuzz", Lang: lang, Zone: time.UTC})
		if err != nil {
			return
		}
		a := res.Article
		if err := a.Validate(); err != nil {
			t.Fatalf("invalid article: %v", err)
		}
		if !utf8.ValidString(a.Text) && utf8.Valid(body) {
			t.Fatalf("text not valid utf-8 from a utf-8 page")
		}
		if utf8.Valid(body) && !norm.NFC.IsNormalString(a.Text) {
			t.Fatalf("text not NFC: %q", a.Text)
		}
		for _, p := range splitParas(a.Text) {
			if p == "" {
				t.Fatalf("empty paragraph in %q", a.Text)
			}
		}
	})
}

func splitParas(s string) []string {
	var out []string
	start := 0
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '\n' && s[i+1] == '\n' {
			out = append(out, s[start:i])
			start = i + 2
			i++
		}
	}
	return append(out, s[start:])
}

// FuzzVisibleDate: any string in either language either fails or gives a time between 1900
// and 2200; never a panic.
func FuzzVisibleDate(f *testing.F) {
	for _, s := range []string{"۱۹ بهمن ۱۴۰۲، ۹:۳۰", "۱۴۰۴/۱۰/۱۸ - ۱۴:۱۴", "21:35 سه شنبه، 17ام بهمن\u200cماه 1391",
		"Thứ năm, 17/9/2026, 07:31 (GMT+7)", "۳۰ اسفند ۱۴۰۳", "99:99", "", "۱۴۰۴/۱۳/۴۰"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, fa bool) {
		lang := "vi"
		if fa {
			lang = "fa"
		}
		tm, err := ParseVisibleDate(s, lang, time.UTC)
		if err != nil {
			return
		}
		if tm.Year() < 1900 || tm.Year() > 2200 || tm.Location() != time.UTC {
			t.Fatalf("ParseVisibleDate(%q) = %v", s, tm)
		}
	})
}
