package fa

import (
	"testing"

	"github.com/tinkhabar/tinkhabar/pkg/text"
)

func BenchmarkZZIdentity(b *testing.B) {
	s, _ := article4K(b)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		text.Identity(s)
	}
}
func BenchmarkZZFold(b *testing.B) {
	s, _ := article4K(b)
	n := Normalize(s).Norm
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		text.Fold(n)
	}
}
