package serve_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/tinkhabar/tinkhabar/configs"
	"github.com/tinkhabar/tinkhabar/pipeline/extractor"
	"github.com/tinkhabar/tinkhabar/pipeline/feeds"
	"github.com/tinkhabar/tinkhabar/pipeline/metrics"
	"github.com/tinkhabar/tinkhabar/pipeline/pages"
	"github.com/tinkhabar/tinkhabar/pipeline/schedule"
	"github.com/tinkhabar/tinkhabar/pkg/extract"
	"github.com/tinkhabar/tinkhabar/pkg/fetch"
	"github.com/tinkhabar/tinkhabar/pkg/samplesite"
	"github.com/tinkhabar/tinkhabar/pkg/scrape"
)

// demo is the pipeline of `tinkhabar demo` on a test bus: the bundled sample site, the
// scheduler, feed and page workers and the extractor, wired as cmd/tinkhabar/demo.go wires
// them.
type demo struct {
	b        *testBus
	sources  []schedule.Source
	articles int // articles on the sample site
	stages   []interface{ Run(context.Context) error }
	fs       *feeds.Stage
	ps       *pages.Stage
	ex       *extractor.Stage
}

// newDemo builds the stages (without running them) and registers their Stats on reg.
func newDemo(t *testing.T, b *testBus, reg prometheus.Registerer) *demo {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	site, err := samplesite.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = site.Close() })
	srcs, err := schedule.ParseSources(samplesite.Sources(site.URL))
	if err != nil {
		t.Fatal(err)
	}
	expected, err := samplesite.Articles()
	if err != nil {
		t.Fatal(err)
	}
	vals, err := feeds.NewKVValidators(ctx, b.js, feeds.ValidatorBucket)
	if err != nil {
		t.Fatal(err)
	}
	log := testLogger()
	f, err := fetch.New(fetch.Config{HostRate: 200, HostBurst: 50, HostConcurrency: 8, HeaderTimeout: 2 * time.Second, Timeout: 10 * time.Second}, vals, log)
	if err != nil {
		t.Fatal(err)
	}
	rules, err := scrape.LoadRules(configs.Sites, "sites")
	if err != nil {
		t.Fatal(err)
	}
	engine, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	d := &demo{b: b, sources: srcs, articles: len(expected)}
	var pipe *metrics.Pipeline // nil records nothing
	if reg != nil {
		if pipe, err = metrics.NewPipeline(reg); err != nil {
			t.Fatal(err)
		}
	}
	sched, err := schedule.New(schedule.DefaultConfig(), schedule.Deps{JS: b.js, Bus: b.cfg, Sources: srcs, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	if d.fs, err = feeds.New(feeds.DefaultConfig(), feeds.Deps{JS: b.js, Bus: b.cfg, Sources: srcs, Fetcher: f, Logger: log, Metrics: pipe.Stage(feeds.Name)}); err != nil {
		t.Fatal(err)
	}
	pcfg := pages.DefaultConfig()
	pcfg.MaxDeliver = 2
	pcfg.Backoff = fetch.Backoff{Base: time.Second, Max: 2 * time.Second}
	if d.ps, err = pages.New(pcfg, pages.Deps{JS: b.js, Bus: b.cfg, Sources: srcs, Fetcher: f, Scraper: scrape.New(rules), Logger: log, Metrics: pipe.Stage(pages.Name)}); err != nil {
		t.Fatal(err)
	}
	if d.ex, err = extractor.New(extractor.DefaultConfig(), extractor.Deps{JS: b.js, Bus: b.cfg, Extractor: engine, Logger: log}); err != nil {
		t.Fatal(err)
	}
	d.stages = []interface{ Run(context.Context) error }{sched, d.fs, d.ps, d.ex}
	if reg != nil {
		reg.MustRegister(
			metrics.StatsCollector(feeds.Name, func() any { return d.fs.Stats() }),
			metrics.StatsCollector(pages.Name, func() any { return d.ps.Stats() }),
			metrics.StatsCollector(extractor.Name, func() any { return d.ex.Stats() }),
		)
	}
	return d
}

// run runs the stages until every sample article is archived and extracted (at most 60 s),
// then stops them.
func (d *demo) run(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, st := range d.stages {
		wg.Go(func() {
			if err := st.Run(ctx); err != nil {
				t.Errorf("stage: %v", err)
			}
		})
	}
	defer func() {
		cancel()
		wg.Wait()
	}()
	deadline := time.Now().Add(60 * time.Second)
	for !d.processed(ctx) {
		if time.Now().After(deadline) {
			t.Fatal("the sample was not processed within 60 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// processed reports whether every sample article is archived and the extractor has acked
// them all.
func (d *demo) processed(ctx context.Context) bool {
	s, err := d.b.js.Stream(ctx, d.b.cfg.Articles.Name)
	if err != nil {
		return false
	}
	info, err := s.Info(ctx)
	if err != nil || info.State.Msgs < uint64(d.articles) {
		return false
	}
	c, err := d.b.js.Consumer(ctx, d.b.cfg.Articles.Name, extractor.DefaultConfig().Durable)
	if err != nil {
		return false
	}
	ci, err := c.Info(ctx)
	return err == nil && ci.NumPending == 0 && ci.NumAckPending == 0
}

// eventCount is the number of messages in EVENTS.
func (b *testBus) eventCount(t *testing.T) uint64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s, err := b.js.Stream(ctx, b.cfg.Events.Name)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return info.State.LastSeq
}
