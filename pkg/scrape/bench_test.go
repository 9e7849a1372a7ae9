package scrape

import (
	"strings"
	"testing"

	"github.com/tinkhabar/tinkhabar/pkg/samplesite"
)

// BenchmarkScrape scrapes every sample-site page with the site rules and with the generic
// extractor alone, reporting pages per second (per core: run with -cpu 1) and body-text
// accuracy against the corpus text: the share of pages extracted exactly and the mean
// word-level F1.
func BenchmarkScrape(b *testing.B) {
	exp, err := samplesite.Articles()
	if err != nil {
		b.Fatal(err)
	}
	pages := make([]Page, len(exp))
	for i, e := range exp {
		body, err := samplesite.File(e.Path)
		if err != nil {
			b.Fatal(err)
		}
		pages[i] = samplePage(b, e, body)
	}
	for _, mode := range []struct {
		name  string
		rules *Rules
	}{{"rules", testRules(b)}, {"generic", nil}} {
		b.Run(mode.name, func(b *testing.B) {
			s := New(mode.rules)
			exact, f1sum := 0, 0.0
			for i, p := range pages {
				res, err := s.Scrape(p)
				got := ""
				if err == nil {
					got = res.Article.Text
				}
				if got == exp[i].Text {
					exact++
				}
				f1sum += wordF1(exp[i].Text, got)
			}
			n := 0
			for b.Loop() {
				if _, err := s.Scrape(pages[n%len(pages)]); err != nil {
					b.Fatal(err)
				}
				n++
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "pages/s")
			b.ReportMetric(float64(exact)/float64(len(pages)), "exact")
			b.ReportMetric(f1sum/float64(len(pages)), "wordF1")
		})
	}
}

// wordF1 is the F1 of the two texts' word multisets.
func wordF1(want, got string) float64 {
	w, g := strings.Fields(want), strings.Fields(got)
	if len(w) == 0 || len(g) == 0 {
		return 0
	}
	count := map[string]int{}
	for _, x := range w {
		count[x]++
	}
	match := 0
	for _, x := range g {
		if count[x] > 0 {
			count[x]--
			match++
		}
	}
	p, r := float64(match)/float64(len(g)), float64(match)/float64(len(w))
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}
