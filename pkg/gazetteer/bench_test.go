package gazetteer

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// article4K is about 4 KB of the corpus in one language: whole articles, cut at a rune.
func article4K(b *testing.B, lang string) string {
	var sb strings.Builder
	for _, a := range readCorpus(b) {
		if a.Lang == lang && sb.Len() < 4096 {
			sb.WriteString(a.Text)
			sb.WriteString("\n\n")
		}
	}
	s := sb.String()[:4096]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}

// BenchmarkFind measures Find alone on a normalised 4 KB text; MB/s are of normalised bytes.
func BenchmarkFind(b *testing.B) {
	g := testGazetteer(b)
	for _, lang := range []string{"fa", "vi"} {
		b.Run(lang, func(b *testing.B) {
			tx := normalize(lang, article4K(b, lang))
			b.SetBytes(int64(len(tx.Norm)))
			b.ReportAllocs()
			for b.Loop() {
				g.Find(lang, tx)
			}
		})
	}
}

// BenchmarkLoad measures loading the embedded data: parsing, normalising every alias and
// building the automata.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Default(testNorms()); err != nil {
			b.Fatal(err)
		}
	}
}
