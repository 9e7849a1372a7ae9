package extract

import (
	"syscall"
	"testing"
	"time"

	"github.com/tinkhabar/tinkhabar/pkg/gold"
)

// BenchmarkParts times each step of the analysis on the corpus articles, for profiling.
func BenchmarkParts(b *testing.B) {
	e, err := New()
	if err != nil {
		b.Fatal(err)
	}
	arts, err := gold.ReadFile("../../testdata/corpus/articles.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	for _, lang := range []string{"fa", "vi"} {
		l := e.langs[lang]
		var texts []string
		for _, g := range arts {
			if g.Lang == lang {
				texts = append(texts, g.Text)
			}
		}
		ref := time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)
		steps := []struct {
			name string
			run  func(s string)
		}{
			{"normalize", func(s string) { l.pack.Normalize(s) }},
			{"sentences", func(s string) { l.pack.Sentences(l.pack.Normalize(s)) }},
			{"numbers", func(s string) { l.pack.Numbers(l.pack.Normalize(s)) }},
			{"money", func(s string) { l.pack.Money(l.pack.Normalize(s)) }},
			{"dates", func(s string) { l.pack.Dates(l.pack.Normalize(s), ref) }},
			{"gazetteer", func(s string) { e.gaz.Find(lang, l.pack.Normalize(s)) }},
			{"lexicon", func(s string) { l.lex.find(l.pack.Normalize(s).Fold) }},
		}
		for _, st := range steps {
			b.Run(lang+"/"+st.name, func(b *testing.B) {
				i := 0
				c0 := cpuTime()
				for b.Loop() {
					st.run(texts[i%len(texts)])
					i++
				}
				b.ReportMetric(float64((cpuTime()-c0).Nanoseconds())/float64(b.N), "cpu-ns/op")
			})
		}
	}
}

// cpuTime is the CPU time this process has used (user and system), which unlike wall time
// does not grow when other processes take the machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
