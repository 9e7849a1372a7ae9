package vi

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

// benchArticle is about 4 KB of corpus text (the first vi articles joined).
func benchArticle(b *testing.B) (string, time.Time) {
	b.Helper()
	arts := loadCorpus(b)
	var sb strings.Builder
	for _, a := range arts {
		if sb.Len() >= 4096 {
			break
		}
		sb.WriteString(norm.NFC.String(a.Text))
		sb.WriteString("\n\n")
	}
	return sb.String()[:strings.LastIndex(sb.String()[:4096], " ")], arts[0].Published
}

func BenchmarkNormalize(b *testing.B) {
	art, _ := benchArticle(b)
	p := New()
	for _, c := range []struct{ name, in string }{{"NFC", art}, {"NFD", norm.NFD.String(art)}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.in)))
			b.ReportAllocs()
			for b.Loop() {
				p.Normalize(c.in)
			}
		})
	}
}

// BenchmarkPack is everything the engine asks of the pack for one article.
func BenchmarkPack(b *testing.B) {
	art, ref := benchArticle(b)
	p := New()
	for _, c := range []struct{ name, in string }{{"NFC", art}, {"NFD", norm.NFD.String(art)}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.in)))
			b.ReportAllocs()
			for b.Loop() {
				tx := p.Normalize(c.in)
				p.Sentences(tx)
				p.Numbers(tx)
				p.Money(tx)
				p.Dates(tx, ref)
			}
		})
	}
}

func BenchmarkParts(b *testing.B) {
	art, ref := benchArticle(b)
	p := New()
	tx := p.Normalize(art)
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"Sentences", func() { p.Sentences(tx) }},
		{"Numbers", func() { p.Numbers(tx) }},
		{"Money", func() { p.Money(tx) }},
		{"Dates", func() { p.Dates(tx, ref) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(art)))
			b.ReportAllocs()
			for b.Loop() {
				c.f()
			}
		})
	}
}
