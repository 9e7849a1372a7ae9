package archive_test

import (
	"encoding/json"
	"flag"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/tinkhabar/tinkhabar/pipeline/archive"
	"github.com/tinkhabar/tinkhabar/pipeline/extractor/bench"
	"github.com/tinkhabar/tinkhabar/pkg/export"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// benchN is the size of the archive the benchmarks read. Setting it up (publishing) is not
// timed; run them once each:
//
//	go test ./pipeline/archive -run '^$' -bench . -benchtime 1x
var benchN = flag.Int("archive.n", 100_000, "messages in the benchmarks' archive")

// manyEvents returns n distinct events: the corpus's events again and again, each round
// moved to other article ids (so other event ids).
func manyEvents(b *testing.B, n int) []news.Event {
	b.Helper()
	arts := corpus(b)
	base := extractAll(b, defaultEngine(b), arts)
	out := make([]news.Event, n)
	for i := range out {
		ev := base[i%len(base)]
		round := i / len(base)
		if round > 0 {
			url := ev.Article.URL + "?round=" + strconv.Itoa(round)
			ev.Article.ID = news.ArticleID(url)
			ev.Article.URL = url
			ev.ID = news.EventID(ev.Article.ID, ev.Type, ev.Key())
		}
		out[i] = ev
	}
	return out
}

// countingDiscard counts the bytes written to it.
type countingDiscard struct{ n int64 }

func (c *countingDiscard) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

func report(b *testing.B, n int, bytes int64, unit string) {
	secs := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(n)/secs, unit+"/s")
	b.ReportMetric(float64(bytes)/1e6/secs, "MB/s")
}

// BenchmarkEvents replays and exports an archive of -archive.n events (MB/s: archived
// message bytes read per second; out-MB: the size of the file).
func BenchmarkEvents(b *testing.B) {
	e := newEnv(b)
	evs := manyEvents(b, *benchN)
	start := time.Now()
	st := e.publishEvents(evs, time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC))
	b.Logf("setup: published %d events in %v", st.Stored, time.Since(start))

	b.Run("replay", func(b *testing.B) {
		var st archive.Stats
		for b.Loop() {
			var err error
			out := &countingDiscard{}
			st, err = e.r.Events(b.Context(), archive.Filter{}, archive.Options{}, func(_ archive.Record, ev *news.Event, _ time.Time) error {
				line, err := json.Marshal(ev)
				if err != nil {
					return err
				}
				_, err = out.Write(append(line, '\n'))
				return err
			})
			if err != nil || st.Matched != *benchN {
				b.Fatalf("replayed %d events: %v", st.Matched, err)
			}
		}
		report(b, st.Matched, st.Bytes, "events")
	})
	for _, tc := range []struct {
		name string
		opt  export.Options
	}{
		{"export-jsonl", export.Options{Format: export.JSONL}},
		{"export-jsonl-zstd", export.Options{Format: export.JSONL, Zstd: true}},
		{"export-parquet", export.Options{Format: export.Parquet}},
		{"export-parquet-zstd", export.Options{Format: export.Parquet, Zstd: true}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var st archive.Stats
			out := &countingDiscard{}
			for b.Loop() {
				var err error
				out.n = 0
				st, err = e.r.ExportEvents(b.Context(), archive.Filter{}, tc.opt, out, archive.Options{})
				if err != nil || st.Matched != *benchN {
					b.Fatalf("exported %d events: %v", st.Matched, err)
				}
			}
			report(b, st.Matched, st.Bytes, "events")
			b.ReportMetric(float64(out.n)/1e6, "out-MB")
		})
	}
}

// BenchmarkReextract re-extracts an archive of -archive.n articles with the built-in engine
// ("archive"); for comparison it reads and decodes the articles without extracting them
// ("read-only"), and runs the engine on the same articles in memory with as many workers
// ("engine-only").
func BenchmarkReextract(b *testing.B) {
	e := newEnv(b)
	arts, err := bench.Articles(*benchN)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	e.publishArticles(arts)
	b.Logf("setup: published %d articles in %v", len(arts), time.Since(start))
	eng := defaultEngine(b)
	workers := runtime.GOMAXPROCS(0)

	b.Run("archive", func(b *testing.B) {
		var st archive.ReextractStats
		for b.Loop() {
			var err error
			st, err = e.r.Reextract(b.Context(), eng, archive.Filter{}, workers, archive.Options{}, func(archive.Extracted) error { return nil })
			if err != nil || st.Articles != *benchN {
				b.Fatalf("re-extracted %d articles: %v", st.Articles, err)
			}
		}
		report(b, st.Articles, st.Bytes, "articles")
		b.ReportMetric(float64(st.Events)/(b.Elapsed().Seconds()/float64(b.N)), "events/s")
	})
	b.Run("read-only", func(b *testing.B) {
		var st archive.Stats
		for b.Loop() {
			var err error
			st, err = e.r.Articles(b.Context(), archive.Filter{}, archive.Options{}, func(archive.Record, *news.Article) error { return nil })
			if err != nil || st.Matched != *benchN {
				b.Fatalf("read %d articles: %v", st.Matched, err)
			}
		}
		report(b, st.Matched, st.Bytes, "articles")
	})
	b.Run("engine-only", func(b *testing.B) {
		for b.Loop() {
			var wg sync.WaitGroup
			next := make(chan int, 1024)
			for range workers {
				wg.Go(func() {
					for i := range next {
						a := arts[i]
						if _, err := eng.Extract(&a); err != nil {
							b.Error(err)
						}
					}
				})
			}
			for i := range arts {
				next <- i
			}
			close(next)
			wg.Wait()
		}
		report(b, len(arts), 0, "articles")
	})
}
