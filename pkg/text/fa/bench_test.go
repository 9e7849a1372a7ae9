package fa

import (
	"github.com/tinkhabar/tinkhabar/pkg/text"

	"strings"
	"testing"
)

// article4K is a Persian news text of about 4 KB: corpus articles joined, in their original
// spellings (ZWNJ, spaces, Arabic letters, three digit scripts).
func article4K(b *testing.B) (string, goldArticle) {
	b.Helper()
	as := corpus(b)
	var sb strings.Builder
	for _, a := range as {
		if sb.Len() >= 4096 {
			break
		}
		sb.WriteString(a.Text)
		sb.WriteString("\n\n")
	}
	return sb.String(), as[0]
}

func BenchmarkNormalize(b *testing.B) {
	s, _ := article4K(b)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		Normalize(s)
	}
}

// BenchmarkIdentityFloor is text.Identity on the same article: the cost of building a Text
// (text.Builder and text.Fold) that any normaliser pays, for comparison with Normalize.
func BenchmarkIdentityFloor(b *testing.B) {
	s, _ := article4K(b)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		text.Identity(s)
	}
}

// BenchmarkPack is what the engine does with one article: normalise, split sentences, read
// the tense of each, and find the numbers, money and dates.
func BenchmarkPack(b *testing.B) {
	s, a := article4K(b)
	p := New()
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		tx := p.Normalize(s)
		for _, sp := range p.Sentences(tx) {
			TenseOf(tx.Norm[sp.Start:sp.End])
		}
		p.Numbers(tx)
		p.Money(tx)
		p.Dates(tx, a.Published)
	}
}

// BenchmarkAnalyze is BenchmarkPack with Analyze in place of the four separate calls.
func BenchmarkAnalyze(b *testing.B) {
	s, a := article4K(b)
	p := New()
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		tx := p.Normalize(s)
		an := p.Analyze(tx, a.Published)
		for _, sp := range an.Sentences {
			TenseOf(tx.Norm[sp.Start:sp.End])
		}
	}
}

func BenchmarkSentences(b *testing.B) { benchStep(b, func(p *Pack, tx textT) { p.Sentences(tx) }) }
func BenchmarkNumbers(b *testing.B)   { benchStep(b, func(p *Pack, tx textT) { p.Numbers(tx) }) }
func BenchmarkMoney(b *testing.B)     { benchStep(b, func(p *Pack, tx textT) { p.Money(tx) }) }
func BenchmarkDates(b *testing.B) {
	_, a := article4K(b)
	benchStep(b, func(p *Pack, tx textT) { p.Dates(tx, a.Published) })
}
func BenchmarkTense(b *testing.B) {
	benchStep(b, func(p *Pack, tx textT) {
		for _, sp := range p.Sentences(tx) {
			TenseOf(tx.Norm[sp.Start:sp.End])
		}
	})
}

type textT = *text.Text

func benchStep(b *testing.B, step func(*Pack, textT)) {
	s, _ := article4K(b)
	p := New()
	tx := p.Normalize(s)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		step(p, tx)
	}
}
