package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tinkhabar/tinkhabar/configs"
	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pipeline/extractor"
	"github.com/tinkhabar/tinkhabar/pipeline/feeds"
	"github.com/tinkhabar/tinkhabar/pipeline/metrics"
	"github.com/tinkhabar/tinkhabar/pipeline/pages"
	"github.com/tinkhabar/tinkhabar/pipeline/schedule"
	"github.com/tinkhabar/tinkhabar/pipeline/serve"
	"github.com/tinkhabar/tinkhabar/pkg/extract"
	"github.com/tinkhabar/tinkhabar/pkg/fetch"
	"github.com/tinkhabar/tinkhabar/pkg/news"
	"github.com/tinkhabar/tinkhabar/pkg/samplesite"
	"github.com/tinkhabar/tinkhabar/pkg/scrape"
)

type demoCmd struct {
	Data    string        `help:"Keep the streams in this directory (a temporary one, removed at exit, otherwise)."`
	Follow  bool          `help:"Keep running after the sample is processed (Ctrl-C to stop)."`
	Broken  bool          `help:"Also poll the sample site's broken inputs and show how each fails."`
	Timeout time.Duration `default:"55s" help:"Give up if the sample is not processed by then."`
	httpFlags
}

// Run starts an embedded NATS, serves the sample site on 127.0.0.1, runs every stage
// (scheduler, feed workers, page workers, extractor), prints each event as it arrives and a
// summary, and returns when the sample is fully processed (or, with --follow, on Ctrl-C).
func (c *demoCmd) Run(g *globals) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	start := time.Now()
	log := g.Logger
	if !g.LevelSet {
		// The demo prints what happens itself; stages' routine notices would only clutter it.
		log = newLogger(slog.LevelWarn, "text")
	}

	dir := c.Data
	if dir == "" {
		tmp, err := os.MkdirTemp("", "tinkhabar-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	emb, err := bus.StartEmbedded(bus.EmbeddedConfig{DataDir: dir, ServerName: "tinkhabar-demo"}, log)
	if err != nil {
		return err
	}
	defer emb.Shutdown()
	nc, err := emb.Connect("tinkhabar-demo")
	if err != nil {
		return err
	}
	defer nc.Close()
	js, err := bus.NewJetStream(nc)
	if err != nil {
		return err
	}
	bc := bus.DefaultConfig()
	if err := bus.EnsureStreams(ctx, js, &bc); err != nil {
		return err
	}

	site, err := samplesite.Start()
	if err != nil {
		return err
	}
	defer site.Close()
	srcs, err := schedule.ParseSources(samplesite.Sources(site.URL))
	if err != nil {
		return err
	}
	if c.Broken {
		// On a second server: a 429 there must not hold up the good outlets' host.
		bad, err := samplesite.Start()
		if err != nil {
			return err
		}
		defer bad.Close()
		isolated, err := samplesite.Start()
		if err != nil {
			return err
		}
		defer isolated.Close()
		b, err := schedule.ParseSources(samplesite.BrokenSources(bad.URL, isolated.URL))
		if err != nil {
			return err
		}
		srcs = append(srcs, b...)
	}
	expected, err := samplesite.Articles()
	if err != nil {
		return err
	}
	fmt.Printf("tinkhabar demo: NATS with JetStream in %s, sample site at %s (%d outlets, %d articles)\n\n", dir, site.URL, len(srcs), len(expected))

	vals, err := feeds.NewKVValidators(ctx, js, feeds.ValidatorBucket)
	if err != nil {
		return err
	}
	// The sample site is local: a faster rate than for real outlets, still limited.
	f, err := fetch.New(fetch.Config{HostRate: 200, HostBurst: 50, HostConcurrency: 8, HeaderTimeout: 2 * time.Second, Timeout: 10 * time.Second}, vals, log)
	if err != nil {
		return err
	}
	rules, err := scrape.LoadRules(configs.Sites, "sites")
	if err != nil {
		return err
	}
	engine, err := extract.New()
	if err != nil {
		return err
	}
	reg := metrics.NewRegistry()
	pipe, err := metrics.NewPipeline(reg)
	if err != nil {
		return err
	}
	sched, err := schedule.New(schedule.DefaultConfig(), schedule.Deps{JS: js, Bus: bc, Sources: srcs, Logger: log})
	if err != nil {
		return err
	}
	fs, err := feeds.New(feeds.DefaultConfig(), feeds.Deps{JS: js, Bus: bc, Sources: srcs, Fetcher: f, Logger: log, Metrics: pipe.Stage(feeds.Name)})
	if err != nil {
		return err
	}
	pcfg := pages.DefaultConfig()
	pcfg.MaxDeliver = 2 // the demo does not wait an hour for an interstitial to clear
	pcfg.Backoff = fetch.Backoff{Base: time.Second, Max: 2 * time.Second}
	ps, err := pages.New(pcfg, pages.Deps{JS: js, Bus: bc, Sources: srcs, Fetcher: f, Scraper: scrape.New(rules), Logger: log, Metrics: pipe.Stage(pages.Name)})
	if err != nil {
		return err
	}
	ex, err := extractor.New(extractor.DefaultConfig(), extractor.Deps{JS: js, Bus: bc, Extractor: engine, Logger: log})
	if err != nil {
		return err
	}

	reg.MustRegister(metrics.StatsCollector(feeds.Name, func() any { return fs.Stats() }),
		metrics.StatsCollector(pages.Name, func() any { return ps.Stats() }),
		metrics.StatsCollector(extractor.Name, func() any { return ex.Stats() }))
	scfg, err := c.serveConfig(serve.DefaultConfig())
	if err != nil {
		return err
	}
	ln, err := demoListener(scfg.Addr, log)
	if err != nil {
		return err
	}
	srv, err := serve.New(scfg, serve.Deps{JS: js, Bus: bc, Sources: srcs, Registry: reg, Listener: ln, Logger: log})
	if err != nil {
		ln.Close()
		return err
	}
	fmt.Printf("page, API and metrics: http://%s/ (--follow keeps them up)\n\n", ln.Addr())

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errc := make(chan error, 5)
	for _, st := range []interface{ Run(context.Context) error }{sched, fs, ps, ex, srv} {
		wg.Go(func() {
			if err := st.Run(runCtx); err != nil {
				errc <- err
				cancel()
			}
		})
	}
	defer wg.Wait()
	defer cancel()

	printed, byType, err := printEvents(runCtx, js, bc)
	if err != nil {
		return err
	}
	deadline := time.After(c.Timeout)
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	done := false
	for !done || c.Follow {
		select {
		case err := <-errc:
			return err
		case <-ctx.Done():
			if c.Follow {
				return nil
			}
			return ctx.Err()
		case <-deadline:
			if !c.Follow {
				return fmt.Errorf("demo: the sample was not processed within %v", c.Timeout)
			}
		case <-tick.C:
		}
		if !done && processed(runCtx, js, bc, len(expected), printed.Load(), log) {
			done = true
			summary(runCtx, js, bc, fs.Stats(), ps.Stats(), byType(), time.Since(start))
			if c.Follow {
				fmt.Println("\nfollowing: new events are printed as they arrive (Ctrl-C to stop)")
			}
		}
	}
	return nil
}

// demoListener listens on addr for the demo's page; when that port is taken (another program
// on 8080) it says so and takes a free port on loopback instead, so the demo still runs.
func demoListener(addr string, log *slog.Logger) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err == nil {
		return ln, nil
	}
	log.Warn("demo: HTTP address taken, using a free port on 127.0.0.1 instead", "addr", addr, "error", err)
	return net.Listen("tcp", "127.0.0.1:0")
}

// processed reports whether the sample is through: every article archived, no job waiting,
// the extractor caught up and every event printed.
func processed(ctx context.Context, js jetstream.JetStream, bc bus.Config, articles int, printed uint64, log *slog.Logger) bool {
	if n := streamMsgs(ctx, js, bc.Articles.Name); n < uint64(articles) {
		log.Debug("demo: waiting for articles", "have", n, "want", articles)
		return false
	}
	if n := streamMsgs(ctx, js, bc.Jobs.Name); n > 0 {
		log.Debug("demo: waiting for jobs", "queued", n)
		return false
	}
	for _, cons := range []struct{ stream, durable string }{
		{bc.Jobs.Name, feeds.DefaultConfig().Worker.Durable},
		{bc.Jobs.Name, pages.DefaultConfig().Worker.Durable},
		{bc.Articles.Name, extractor.DefaultConfig().Durable},
	} {
		c, err := js.Consumer(ctx, cons.stream, cons.durable)
		if err != nil {
			return false
		}
		info, err := c.Info(ctx)
		if err != nil || info.NumPending > 0 || info.NumAckPending > 0 {
			log.Debug("demo: waiting for a consumer", "consumer", cons.durable, "error", err)
			return false
		}
	}
	return printed >= streamMsgs(ctx, js, bc.Events.Name)
}

func streamMsgs(ctx context.Context, js jetstream.JetStream, name string) uint64 {
	s, err := js.Stream(ctx, name)
	if err != nil {
		return 0
	}
	info, err := s.Info(ctx)
	if err != nil {
		return 0
	}
	return info.State.Msgs
}

// printEvents prints every event of EVENTS as it arrives, from the start of the stream.
func printEvents(ctx context.Context, js jetstream.JetStream, bc bus.Config) (*atomicCount, func() map[string]int, error) {
	cons, err := js.OrderedConsumer(ctx, bc.Events.Name, jetstream.OrderedConsumerConfig{})
	if err != nil {
		return nil, nil, err
	}
	var n atomicCount
	var mu sync.Mutex
	types := map[string]int{}
	// Short pull expiries: a pull the server forgot costs at most a second, not the 30 s of
	// a missed heartbeat (research/performance.md).
	cc, err := cons.Consume(func(m jetstream.Msg) {
		ev, _, err := news.UnmarshalEnvelope(m.Data())
		if err != nil {
			fmt.Printf("  (unreadable event on %s: %v)\n", m.Subject(), err)
		} else {
			fmt.Println(describeEvent(ev))
			mu.Lock()
			types[ev.Type]++
			mu.Unlock()
		}
		n.Add(1)
	}, jetstream.PullExpiry(time.Second))
	if err != nil {
		return nil, nil, err
	}
	go func() { <-ctx.Done(); cc.Stop() }()
	return &n, func() map[string]int {
		mu.Lock()
		defer mu.Unlock()
		out := map[string]int{}
		for k, v := range types {
			out[k] = v
		}
		return out
	}, nil
}

type atomicCount struct {
	mu sync.Mutex
	n  uint64
}

func (c *atomicCount) Add(d uint64) { c.mu.Lock(); c.n += d; c.mu.Unlock() }
func (c *atomicCount) Load() uint64 { c.mu.Lock(); defer c.mu.Unlock(); return c.n }

var roleLabels = map[string]string{
	"minister": "Minister", "deputy_minister": "Deputy minister", "president": "President",
	"vice_president": "Vice president", "prime_minister": "Prime minister", "governor": "Governor",
	"party_secretary": "Party secretary", "company_head": "Company head", "delegation": "Delegation", "other": "Official",
}

// describeEvent is one event as a line a person reads: type, who, where, when, how many, in
// English labels with the original names.
func describeEvent(ev *news.Event) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-13s %s  %-11s ", ev.Type, ev.Lang, ev.Article.Source)
	place := ""
	if l := ev.Location; l != nil {
		place = l.Name
		if l.Native != "" && l.Native != l.Name {
			place += " (" + l.Native + ")"
		}
	}
	switch ev.Type {
	case news.TypeVisit:
		who := "someone"
		if v := ev.Visitor; v != nil {
			who = roleLabels[v.Role]
			if who == "" {
				who = v.Role
			}
			if v.Name != "" {
				who += " " + v.Name
			}
			if v.RoleText != "" {
				who += " (" + v.RoleText + ")"
			}
		}
		fmt.Fprintf(&b, "%s visits %s", who, orDash(place))
		if ev.DurationDays > 0 {
			fmt.Fprintf(&b, " for %d day(s)", ev.DurationDays)
		}
	case news.TypeProjectCount:
		q := map[string]string{news.QualAtLeast: "at least ", news.QualAbout: "about "}[ev.Qualifier]
		fmt.Fprintf(&b, "%s%d projects", q, ev.Count)
		if ev.ProjectKind != "" {
			fmt.Fprintf(&b, " «%s»", ev.ProjectKind)
		}
		if place != "" {
			b.WriteString(" in " + place)
		}
		if m := ev.Investment; m != nil {
			fmt.Fprintf(&b, ", %d %s", m.Amount, m.Currency)
		}
	case news.TypeAgreement:
		kind := strings.ReplaceAll(orDash(ev.AgreementKind), "_", " ")
		var parties []string
		for _, p := range ev.Parties {
			parties = append(parties, orDash(p.Name))
		}
		fmt.Fprintf(&b, "%s between %s", kind, orDash(strings.Join(parties, " + ")))
		if ev.Count > 1 {
			fmt.Fprintf(&b, " (%d documents)", ev.Count)
		}
		if ev.Topic != "" {
			fmt.Fprintf(&b, " on «%s»", ev.Topic)
		}
	}
	if ev.Date != nil {
		fmt.Fprintf(&b, ", %s", ev.Date.Value)
		if ev.Date.Text != "" {
			fmt.Fprintf(&b, " («%s»)", ev.Date.Text)
		}
	}
	if ev.Status != "" {
		fmt.Fprintf(&b, " [%s]", ev.Status)
	}
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "?"
	}
	return s
}

func summary(ctx context.Context, js jetstream.JetStream, bc bus.Config, fst feeds.Stats, pst pages.Stats, types map[string]int, took time.Duration) {
	fmt.Printf("\nsummary (%s):\n", took.Round(10*time.Millisecond))
	fmt.Printf("  feeds   %d polled, %d items, %d failed\n", fst.Polled, fst.Items, fst.Failed)
	fmt.Printf("  pages   %d fetched, %d retried\n", pst.Pages, pst.Retried)
	fmt.Printf("  articles %d archived (%d from full-text feeds, %d from pages)\n", streamMsgs(ctx, js, bc.Articles.Name), fst.Articles, pst.Articles)
	var ts []string
	total := 0
	for t, n := range types {
		ts = append(ts, fmt.Sprintf("%s %d", t, n))
		total += n
	}
	sort.Strings(ts)
	fmt.Printf("  events  %d (%s)\n", total, strings.Join(ts, ", "))
	fmt.Printf("  dead    %d (see `tinkhabar streams`)\n", streamMsgs(ctx, js, bc.Dead.Name))
}
