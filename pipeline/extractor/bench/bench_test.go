package bench

import (
	"context"
	"testing"
	"time"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pipeline/extractor"
	"github.com/tinkhabar/tinkhabar/pkg/extract"
)

// A small run of the whole measurement: every rate positive, the events counted, memory read.
func TestRunSmall(t *testing.T) {
	res, err := Run(t.Context(), Config{Backlog: 2000, Live: 2000, Extractor: DigitSentences{}, DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", res)
	if res.PublishCeiling <= 0 || res.EndToEnd <= 0 || res.Drain <= 0 {
		t.Errorf("a rate is not positive: %+v", res)
	}
	if res.Ratio != res.EndToEnd/res.PublishCeiling {
		t.Errorf("ratio %v is not end to end / ceiling", res.Ratio)
	}
	if res.EventsPerArticle < 1 {
		t.Errorf("events per article %.2f: the synthetic extractor gives more than one", res.EventsPerArticle)
	}
	if res.ArticleBytes < 500 {
		t.Errorf("articles of %d bytes: not the corpus", res.ArticleBytes)
	}
	if currentRSS() > 0 && (res.PeakRSS <= 0 || res.PeakRSS < res.RSSBefore) {
		t.Errorf("peak RSS %d below the RSS before the drain %d", res.PeakRSS, res.RSSBefore)
	}
}

func TestVariantsDistinctAndStable(t *testing.T) {
	a, err := Articles(200)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Articles(200)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for i := range a {
		if a[i].ID != b[i].ID || a[i].URL != b[i].URL {
			t.Fatalf("variant %d differs between two calls", i)
		}
		if seen[a[i].ID] {
			t.Fatalf("variant %d repeats id %s", i, a[i].ID)
		}
		seen[a[i].ID] = true
	}
}

// BenchmarkEndToEnd measures articles through the embedded bus: one op is 1,000 articles
// published while the stage runs, until the stage acknowledged all of them (every event
// stored). The articles/s metric is the end-to-end throughput.
func BenchmarkEndToEnd(b *testing.B) {
	eng, err := extract.New()
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		ext  extractor.Extractor
	}{{"engine", eng}, {"synthetic", DigitSentences{}}} {
		b.Run(tc.name, func(b *testing.B) {
			const perOp = 1000
			bb, err := newBus(b.TempDir(), nil)
			if err != nil {
				b.Fatal(err)
			}
			defer bb.close()
			nc, err := bb.srv.Connect("bench-extractor")
			if err != nil {
				b.Fatal(err)
			}
			defer nc.Close()
			js, err := bus.NewJetStream(nc)
			if err != nil {
				b.Fatal(err)
			}
			st, err := extractor.New(extractor.DefaultConfig(), extractor.Deps{JS: js, Bus: bb.cfg, Extractor: tc.ext})
			if err != nil {
				b.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- st.Run(ctx) }()
			defer func() { cancel(); <-done }()

			base, err := Corpus()
			if err != nil {
				b.Fatal(err)
			}
			sent := 0
			for b.Loop() {
				if _, _, err := bb.publishAll(ctx, base, sent, perOp); err != nil {
					b.Fatal(err)
				}
				sent += perOp
				for st.Stats().Acked < uint64(sent) {
					time.Sleep(200 * time.Microsecond)
				}
			}
			b.ReportMetric(float64(sent)/b.Elapsed().Seconds(), "articles/s")
			b.ReportMetric(float64(st.Stats().Events)/float64(sent), "events/article")
		})
	}
}
