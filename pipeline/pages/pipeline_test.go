package pages_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pipeline/bus/bustest"
	"github.com/tinkhabar/tinkhabar/pipeline/extractor"
	"github.com/tinkhabar/tinkhabar/pipeline/feeds"
	"github.com/tinkhabar/tinkhabar/pipeline/pages"
	"github.com/tinkhabar/tinkhabar/pipeline/schedule"
	"github.com/tinkhabar/tinkhabar/pkg/extract"
	"github.com/tinkhabar/tinkhabar/pkg/fetch"
	"github.com/tinkhabar/tinkhabar/pkg/news"
	"github.com/tinkhabar/tinkhabar/pkg/samplesite"
	"github.com/tinkhabar/tinkhabar/pkg/scrape"
)

type clock struct{ off atomic.Int64 }

func (c *clock) Now() time.Time          { return time.Now().Add(time.Duration(c.off.Load())) }
func (c *clock) Advance(d time.Duration) { c.off.Add(int64(d)) }
func logger(t *testing.T) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

// TestPipelineOnSampleSite runs scheduler, feed workers, page workers and the extractor on a
// real in-process JetStream against the sample site (good outlets on one server, broken inputs
// on another, since a 429 rightly blocks its whole host), and checks: every corpus article
// arrives in ARTICLES exactly as the corpus has it; every broken input is on DEAD with its
// source and reason, or backed off; the events are those the engine gives for the archived
// articles; a second poll is all 304s and publishes nothing.
func TestPipelineOnSampleSite(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	srv := bustest.NewServer(t)
	js := srv.JetStream(t)
	bc := bus.DefaultConfig()
	if err := bus.EnsureStreams(ctx, js, &bc); err != nil {
		t.Fatal(err)
	}
	good, err := samplesite.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer good.Close()
	bad, err := samplesite.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer bad.Close()
	isolated, err := samplesite.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer isolated.Close()
	goodSrcs, err := schedule.ParseSources(samplesite.Sources(good.URL))
	if err != nil {
		t.Fatal(err)
	}
	badSrcs, err := schedule.ParseSources(samplesite.BrokenSources(bad.URL, isolated.URL))
	if err != nil {
		t.Fatal(err)
	}
	srcs := append(goodSrcs, badSrcs...)

	log := logger(t)
	clk := &clock{}
	vals, err := feeds.NewKVValidators(ctx, js, feeds.ValidatorBucket)
	if err != nil {
		t.Fatal(err)
	}
	f, err := fetch.New(fetch.Config{HostRate: 500, HostBurst: 100, HostConcurrency: 8, HeaderTimeout: time.Second, Timeout: 5 * time.Second}, vals, log)
	if err != nil {
		t.Fatal(err)
	}
	rules, err := scrape.LoadRules(os.DirFS("../../configs"), "sites")
	if err != nil {
		t.Fatal(err)
	}
	engine, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	sched, err := schedule.New(schedule.DefaultConfig(), schedule.Deps{JS: js, Bus: bc, Sources: srcs, Logger: log, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	fcfg := feeds.DefaultConfig()
	fcfg.Worker.Workers = 4
	fs, err := feeds.New(fcfg, feeds.Deps{JS: js, Bus: bc, Sources: srcs, Fetcher: f, Logger: log, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	pcfg := pages.DefaultConfig()
	ps, err := pages.New(pcfg, pages.Deps{JS: js, Bus: bc, Sources: srcs, Fetcher: f, Scraper: scrape.New(rules), Logger: log, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	ex, err := extractor.New(extractor.DefaultConfig(), extractor.Deps{JS: js, Bus: bc, Extractor: engine, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for _, st := range []interface{ Run(context.Context) error }{fs, ps, ex} {
		wg.Go(func() {
			if err := st.Run(runCtx); err != nil {
				t.Errorf("stage: %v", err)
			}
		})
	}
	defer func() { stop(); wg.Wait() }()

	kv, err := bus.EnsureKV(ctx, js, bus.KVConfig{Bucket: schedule.DefaultConfig().Bucket})
	if err != nil {
		t.Fatal(err)
	}
	nfeeds := 0
	for _, s := range srcs {
		nfeeds += len(s.Feeds)
	}
	if n := sched.Round(ctx, kv); n != nfeeds {
		t.Fatalf("first round scheduled %d feeds, want %d", n, nfeeds)
	}
	if n := sched.Round(ctx, kv); n != 0 {
		t.Errorf("a second round at once scheduled %d feeds, want 0 (not due yet)", n)
	}

	exp, err := samplesite.Articles()
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "all articles and dead letters", func() bool {
		return streamMsgs(ctx, t, js, bc.Articles.Name) >= uint64(len(exp)) && jobsDone(ctx, t, js, bc) &&
			fs.Stats().Polled+fs.Stats().Failed >= uint64(nfeeds)
	})

	// Every expected article, exactly.
	arts, err := js.Stream(ctx, bc.Articles.Name)
	if err != nil {
		t.Fatal(err)
	}
	sub := bc.Subjects()
	var published []*news.Article
	for _, e := range exp {
		m, err := arts.GetLastMsgForSubject(ctx, sub.Article(e.Lang, e.Source, e.ID))
		if err != nil {
			t.Errorf("%s (%s): not in ARTICLES: %v", e.CorpusID, e.Source, err)
			continue
		}
		var a news.Article
		if err := json.Unmarshal(m.Data, &a); err != nil {
			t.Fatal(err)
		}
		published = append(published, &a)
		if a.Text != e.Text || a.Title != e.Title || a.Via != e.Via || a.CanonicalURL != e.Canonical {
			t.Errorf("%s: article differs: via %s/%s canonical %s/%s title %q/%q text equal %v",
				e.CorpusID, a.Via, e.Via, a.CanonicalURL, e.Canonical, a.Title, e.Title, a.Text == e.Text)
		}
		if a.Published == nil || a.Published.Format(time.RFC3339) != e.Published {
			t.Errorf("%s: published %v, want %s", e.CorpusID, a.Published, e.Published)
		}
	}
	if n := streamMsgs(ctx, t, js, bc.Articles.Name); n != uint64(len(exp)) {
		t.Errorf("ARTICLES holds %d messages, want %d", n, len(exp))
	}

	// Every broken input: on DEAD with its source and a reason, or backed off (transient).
	dead := deadLetters(ctx, t, js, bc)
	wantDead := map[string]string{ // source → reason, url substring
		"broken-truncated": feeds.ReasonParse,
		"broken-404":       feeds.ReasonFetch,
		"broken-410":       feeds.ReasonFetch,
		"broken-loop":      feeds.ReasonFetch,
		"broken-pdf":       feeds.ReasonFetch,
	}
	for src, reason := range wantDead {
		if !hasDead(dead, feeds.Name, src, reason, "") {
			t.Errorf("no dead letter for %s with reason %s; have %v", src, reason, dead)
		}
	}
	for _, c := range []struct{ reason, url, msg string }{
		{pages.ReasonFetch, "wrong-charset.html", "charset"},
		{pages.ReasonFetch, "big.html", "size cap"},
		{pages.ReasonFetch, "report.pdf", "content type"},
		{pages.ReasonWrongLanguage, "english.html", "another language"},
		{pages.ReasonFetch, "page-404.html", "404"},
		{pages.ReasonFetch, "169.254.169.254", "address not allowed"},
		{pages.ReasonFetch, "10.0.0.1", "address not allowed"},
	} {
		if !hasDead(dead, pages.Name, "broken-pages", c.reason, c.url, c.msg) {
			t.Errorf("no dead letter for broken-pages %s (%s, %q)", c.url, c.reason, c.msg)
		}
	}
	// The transient broken feeds (500, 429, stall) are backed off, not dead.
	for _, src := range []string{"broken-500", "broken-429", "broken-stall"} {
		if hasDead(dead, feeds.Name, src, "", "") {
			t.Errorf("%s is transient but was parked on DEAD", src)
		}
	}
	if ps.Stats().Retried == 0 {
		t.Error("the interstitial page was never retried")
	}

	// Events: exactly what the engine gives for the archived articles.
	want := map[string]bool{}
	for _, a := range published {
		evs, err := engine.Extract(a)
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range evs {
			want[ev.ID] = true
		}
	}
	waitFor(t, ctx, "extractor caught up", func() bool {
		c, err := js.Consumer(ctx, bc.Articles.Name, extractor.DefaultConfig().Durable)
		if err != nil {
			return false
		}
		info, err := c.Info(ctx)
		return err == nil && info.NumPending == 0 && info.NumAckPending == 0
	})
	got := eventIDs(ctx, t, js, bc)
	if len(got) != len(want) {
		t.Errorf("EVENTS holds %d events, the engine gives %d for the archived articles", len(got), len(want))
	}
	for id := range want {
		if !got[id] {
			t.Errorf("event %s missing from EVENTS", id)
		}
	}
	t.Logf("%d articles, %d events, %d dead letters", len(published), len(got), len(dead))

	// Second poll: all 304s, nothing new.
	before := good.Stats()
	polled := fs.Stats().Polled
	articlesBefore := streamMsgs(ctx, t, js, bc.Articles.Name)
	jobsBefore := fs.Stats().PageJobs
	clk.Advance(2 * time.Minute)
	if n := sched.Round(ctx, kv); n != nfeeds {
		t.Fatalf("second round scheduled %d feeds, want %d", n, nfeeds)
	}
	waitFor(t, ctx, "second poll", func() bool {
		return fs.Stats().Polled+fs.Stats().Skipped >= polled+uint64(len(goodSrcs)) && jobsDone(ctx, t, js, bc)
	})
	after := good.Stats()
	feedsAsked := after.Requests - before.Requests
	if nm := after.NotModified - before.NotModified; feedsAsked != len(goodSrcs) || nm != len(goodSrcs) {
		t.Errorf("second poll: %d requests to the good site, %d answered 304; want %d and %d", feedsAsked, nm, len(goodSrcs), len(goodSrcs))
	}
	if n := streamMsgs(ctx, t, js, bc.Articles.Name); n != articlesBefore {
		t.Errorf("second poll published %d articles", n-articlesBefore)
	}
	if fs.Stats().PageJobs != jobsBefore {
		t.Errorf("second poll queued %d page jobs", fs.Stats().PageJobs-jobsBefore)
	}
}

func waitFor(t *testing.T, ctx context.Context, what string, cond func() bool) {
	t.Helper()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("timed out waiting for %s", what)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func streamMsgs(ctx context.Context, t *testing.T, js jetstream.JetStream, name string) uint64 {
	s, err := js.Stream(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return info.State.Msgs
}

// jobsDone: JOBS is empty (a work queue deletes acknowledged and terminated jobs) apart from
// jobs waiting for a retry, which the page consumer holds as pending acks.
func jobsDone(ctx context.Context, t *testing.T, js jetstream.JetStream, bc bus.Config) bool {
	s, err := js.Stream(ctx, bc.Jobs.Name)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		return false
	}
	waiting := uint64(0)
	for _, d := range []string{"feeds", "pages"} {
		c, err := js.Consumer(ctx, bc.Jobs.Name, d)
		if err != nil {
			return false
		}
		ci, err := c.Info(ctx)
		if err != nil || ci.NumPending > 0 {
			return false
		}
		waiting += uint64(ci.NumAckPending)
	}
	// Only the interstitial page may still wait for a retry.
	return info.State.Msgs <= 1 && waiting <= 1
}

type deadLetter struct {
	subject string
	bus.DeadLetter
}

func deadLetters(ctx context.Context, t *testing.T, js jetstream.JetStream, bc bus.Config) []deadLetter {
	c, err := js.OrderedConsumer(ctx, bc.Dead.Name, jetstream.OrderedConsumerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	var out []deadLetter
	n := streamMsgs(ctx, t, js, bc.Dead.Name)
	for uint64(len(out)) < n {
		m, err := c.Next(jetstream.FetchMaxWait(5 * time.Second))
		if err != nil {
			t.Fatal(err)
		}
		var d bus.DeadLetter
		if err := json.Unmarshal(m.Data(), &d); err != nil {
			t.Fatal(err)
		}
		out = append(out, deadLetter{m.Subject(), d})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].subject < out[j].subject })
	return out
}

// hasDead: a letter from stage for source with reason (any if ""), whose original job names
// url and whose error contains every one of msgs.
func hasDead(dead []deadLetter, stage, source, reason, url string, msgs ...string) bool {
outer:
	for _, d := range dead {
		if d.Stage != stage || d.Source != source || (reason != "" && d.Reason != reason) || !strings.Contains(string(d.Data), url) {
			continue
		}
		for _, m := range msgs {
			if !strings.Contains(d.Error, m) {
				continue outer
			}
		}
		return true
	}
	return false
}

func eventIDs(ctx context.Context, t *testing.T, js jetstream.JetStream, bc bus.Config) map[string]bool {
	out := map[string]bool{}
	n := streamMsgs(ctx, t, js, bc.Events.Name)
	if n == 0 {
		return out
	}
	c, err := js.OrderedConsumer(ctx, bc.Events.Name, jetstream.OrderedConsumerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	for uint64(len(out)) < n {
		m, err := c.Next(jetstream.FetchMaxWait(5 * time.Second))
		if err != nil {
			t.Fatal(err)
		}
		ev, _, err := news.UnmarshalEnvelope(m.Data())
		if err != nil {
			t.Fatal(err)
		}
		out[ev.ID] = true
	}
	return out
}
