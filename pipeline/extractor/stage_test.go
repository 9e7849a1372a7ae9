package extractor_test

import (
	"encoding/json"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/nats-io/nats.go"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pipeline/bus/bustest"
	"github.com/tinkhabar/tinkhabar/pipeline/extractor"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// The extractor is killed abruptly (its connections closed, no drain) while two copies
// share the work; a new copy finishes. EVENTS then holds exactly the offline events.
func TestKilledMidwayThenRestartedExactlyOnce(t *testing.T) {
	const n = 10000
	srv := bustest.NewServer(t)
	e := newEnv(t, srv.Conn(t), nil)
	ctx := ctxFor(t, 120*time.Second)
	arts := articles(t, n)
	if stored, _ := e.publish(ctx, arts); stored != n {
		t.Fatalf("published %d new articles, want %d", stored, n)
	}
	ext := digitExtractor{}
	want := offline(t, ext, arts)

	// Two copies on their own connections share the durable consumer.
	var copies []*running
	var conns []*nats.Conn
	for range 2 {
		nc := srv.Conn(t)
		js, err := bus.NewJetStream(nc)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, nc)
		copies = append(copies, e.start(js, ext, stageCfg()))
	}
	e.waitAckFloor(ctx, "extractor", n/3)
	for _, r := range copies {
		r.killed.Store(true)
	}
	for _, nc := range conns {
		nc.Close() // the kill: no drain, in-flight publishes and acks are lost
	}
	for i, r := range copies {
		if err := <-r.done; err == nil {
			t.Errorf("copy %d: Run returned nil after its connection was closed", i)
		}
		r.done <- nil
		if st := r.stage.Stats(); st.Delivered == 0 {
			t.Errorf("copy %d got no articles: the copies did not share the work", i)
		}
	}
	killed := e.consumerInfo(ctx, "extractor")
	if killed.NumPending == 0 && killed.NumAckPending == 0 {
		t.Fatal("the kill came too late: every article was already done")
	}
	t.Logf("killed with ack floor %d, %d pending, %d unacknowledged", killed.AckFloor.Stream, killed.NumPending, killed.NumAckPending)

	after := e.start(e.js, ext, stageCfg())
	e.waitDone(ctx, "extractor", n)
	if err := after.stop(); err != nil {
		t.Errorf("orderly stop: %v", err)
	}
	t.Logf("restarted copy: %+v", after.stage.Stats())
	e.checkEvents(ctx, want)
}

// The server stops and starts again on the same store while articles are being published
// and extracted.
func TestServerRestartMidRunExactlyOnce(t *testing.T) {
	const n = 6000
	srv := bustest.NewServer(t)
	e := newEnv(t, srv.Conn(t), nil)
	ctx := ctxFor(t, 120*time.Second)
	arts := articles(t, n)
	ext := digitExtractor{}
	want := offline(t, ext, arts)

	stageJS, err := bus.NewJetStream(srv.Conn(t))
	if err != nil {
		t.Fatal(err)
	}
	r := e.start(stageJS, ext, stageCfg())
	e.publish(ctx, arts[:n/2])
	e.waitAckFloor(ctx, "extractor", n/6)

	var wg sync.WaitGroup
	wg.Go(func() { e.publish(ctx, arts[n/2:]) }) // keeps publishing through the restart
	srv.Restart()
	wg.Wait()

	e.waitDone(ctx, "extractor", n)
	if got := e.streamMsgs(ctx, e.bus.Articles.Name); got != n {
		t.Errorf("ARTICLES holds %d articles, want %d", got, n)
	}
	if err := r.stop(); err != nil {
		t.Errorf("the stage did not survive the restart: %v", err)
	}
	e.checkEvents(ctx, want)
}

// Publishing the same articles after the Nats-Msg-Id window adds nothing to ARTICLES, and
// extracting them all again (a second consumer) adds nothing to EVENTS.
func TestRepublishAfterWindowAddsNothing(t *testing.T) {
	const n = 1000
	srv := bustest.NewServer(t)
	e := newEnv(t, srv.Conn(t), func(c *bus.Config) {
		c.Articles.DuplicateWindow = time.Second
		c.Events.DuplicateWindow = time.Second
	})
	ctx := ctxFor(t, 60*time.Second)
	arts := articles(t, n)
	ext := digitExtractor{}
	e.publish(ctx, arts)
	r := e.start(e.js, ext, stageCfg())
	e.waitDone(ctx, "extractor", n)
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	events := e.streamMsgs(ctx, e.bus.Events.Name)
	if events == 0 {
		t.Fatal("no events: the test extractor should give some")
	}

	time.Sleep(1500 * time.Millisecond) // past both windows

	stored, dups := e.publish(ctx, arts)
	if stored != 0 || dups != n {
		t.Errorf("republishing: %d stored, %d duplicates; want 0 and %d", stored, dups, n)
	}
	cfg := stageCfg()
	cfg.Durable = "second_pass"
	r2 := e.start(e.js, ext, cfg)
	e.waitDone(ctx, "second_pass", n)
	if err := r2.stop(); err != nil {
		t.Fatal(err)
	}
	st := r2.stage.Stats()
	if st.Events != 0 || st.Duplicates != events {
		t.Errorf("second extraction stored %d events and found %d duplicates; want 0 and %d", st.Events, st.Duplicates, events)
	}
	if got := e.streamMsgs(ctx, e.bus.Articles.Name); got != n {
		t.Errorf("ARTICLES holds %d, want %d", got, n)
	}
	if got := e.streamMsgs(ctx, e.bus.Events.Name); got != events {
		t.Errorf("EVENTS holds %d, want %d", got, events)
	}
	e.checkEvents(ctx, offline(t, ext, arts))
}

// Poison articles land on DEAD with their reason; the articles around them get their events.
func TestPoisonGoesToDeadAndTheRestGoesOn(t *testing.T) {
	srv := bustest.NewServer(t)
	e := newEnv(t, srv.Conn(t), nil)
	ctx := ctxFor(t, 60*time.Second)
	arts := articles(t, 300)
	bad := map[int]string{
		40:  "POISON",
		120: "FLAKY",
		200: "PANIC",
	}
	for i, mark := range bad {
		arts[i].Title = mark + " " + arts[i].Title
	}
	e.publish(ctx, arts[:250])
	// An article that is not JSON at all, published by some other client.
	garbage := e.bus.Subjects().Article("fa", "irna", "a_garbage")
	if _, err := e.js.Publish(ctx, garbage, []byte("{not json")); err != nil {
		t.Fatal(err)
	}
	e.publish(ctx, arts[250:])

	ext := digitExtractor{}
	cfg := stageCfg()
	r := e.start(e.js, ext, cfg)
	e.waitDone(ctx, "extractor", len(arts)+1)
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}

	type dead struct{ Subject, Reason string }
	var got []dead
	for _, m := range e.readAll(ctx, e.bus.Dead.Name) {
		var d bus.DeadLetter
		if err := json.Unmarshal(m.data, &d); err != nil {
			t.Fatal(err)
		}
		if m.header.Get(bus.HeaderDeadReason) != d.Reason || d.Error == "" {
			t.Errorf("dead letter %s: header reason %q, body reason %q, error %q", m.subject, m.header.Get(bus.HeaderDeadReason), d.Reason, d.Error)
		}
		if want := e.bus.Subjects().Dead("extractor", d.Source); m.subject != want {
			t.Errorf("dead letter on %s, want %s", m.subject, want)
		}
		if d.Data == nil && d.DataBase64 == nil {
			t.Errorf("dead letter %s lacks the original message", d.Subject)
		}
		got = append(got, dead{d.Subject, d.Reason})
	}
	sub := e.bus.Subjects()
	subj := func(i int) string { return sub.Article(arts[i].Lang, arts[i].Source, arts[i].ID) }
	want := []dead{
		{subj(40), extractor.ReasonInvalidArticle},
		{subj(120), extractor.ReasonTooManyDeliveries},
		{subj(200), extractor.ReasonExtractorPanic},
		{garbage, extractor.ReasonInvalidArticle},
	}
	sortDead := func(d []dead) { sort.Slice(d, func(i, j int) bool { return d[i].Subject < d[j].Subject }) }
	sortDead(got)
	sortDead(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DEAD (-want +got):\n%s", diff)
	}
	if st := r.stage.Stats(); st.Dead != 4 || st.Retried != uint64(cfg.MaxDeliver-1) {
		t.Errorf("stats: %+v; want 4 dead and %d retries (the flaky article's deliveries before its last)", st, cfg.MaxDeliver-1)
	}
	e.checkEvents(ctx, offline(t, ext, arts))
}

// A backlog of 100,000 articles drains with no pause longer than a few seconds. The gap is
// measured between consecutive calls of the extractor; the Consume() stall this guards
// against paused delivery for about 30 s.
func TestBacklogDrainsWithoutPause(t *testing.T) {
	const n = 100000
	const maxPause = 5 * time.Second
	srv := bustest.NewServer(t)
	e := newEnv(t, srv.Conn(t), nil)
	ctx := ctxFor(t, 170*time.Second)
	e.publish(ctx, articles(t, n))

	var mu sync.Mutex
	var last time.Time
	var maxGap time.Duration
	var calls atomic.Int64
	ext := oneEventExtractor{onCall: func() {
		now := time.Now()
		mu.Lock()
		if !last.IsZero() && now.Sub(last) > maxGap {
			maxGap = now.Sub(last)
		}
		last = now
		mu.Unlock()
		calls.Add(1)
	}}
	cfg := extractor.DefaultConfig()
	begin := time.Now()
	r := e.start(e.js, ext, cfg)
	e.waitDone(ctx, "extractor", n)
	took := time.Since(begin)
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	st := r.stage.Stats()
	t.Logf("drained %d articles in %v (%.0f/s); longest pause between deliveries %v (stage saw %v); stalls %d; %d extractions",
		n, took.Round(time.Millisecond), float64(n)/took.Seconds(), maxGap, st.MaxGap, st.Stalls, calls.Load())
	if maxGap > maxPause {
		t.Errorf("delivery paused for %v while articles were pending (limit %v)", maxGap, maxPause)
	}
	if got := e.streamMsgs(ctx, e.bus.Events.Name); got != n {
		t.Errorf("EVENTS holds %d events, want %d", got, n)
	}
	if st.Acked != n {
		t.Errorf("acked %d articles, want %d", st.Acked, n)
	}
}

// A three-node cluster with three replicas; one node (the one the stage is connected to)
// stops in the middle of the run. Nothing is lost and nothing doubled.
func TestClusterNodeLossExactlyOnce(t *testing.T) {
	const n = 2000
	cl := bustest.NewCluster(t, 3)
	e := newEnv(t, cl.Conn(t), func(c *bus.Config) { c.SetReplicas(3) })
	ctx := ctxFor(t, 150*time.Second)
	arts := articles(t, n)
	ext := digitExtractor{}
	want := offline(t, ext, arts)

	stageNC := cl.Conn(t)
	stageJS, err := bus.NewJetStream(stageNC)
	if err != nil {
		t.Fatal(err)
	}
	s, err := e.js.Stream(ctx, e.bus.Articles.Name)
	if err != nil {
		t.Fatal(err)
	}
	if ci := s.CachedInfo().Cluster; ci == nil || len(ci.Replicas) != 2 {
		t.Fatalf("ARTICLES is not replicated three times: %+v", ci)
	}
	victim := -1
	for i, node := range cl.Nodes {
		if node.NatsServer().Name() == stageNC.ConnectedServerName() {
			victim = i
		}
	}
	if victim < 0 {
		t.Fatalf("the stage is connected to %q, which is no node", stageNC.ConnectedServerName())
	}

	// A little work per article keeps the run long enough to stop a node in its middle.
	slowed := digitExtractor{onCall: func(*news.Article) { time.Sleep(time.Millisecond) }}
	r := e.start(stageJS, slowed, stageCfg())
	var published sync.WaitGroup
	published.Go(func() { e.publish(ctx, arts) }) // still publishing when the node stops
	// The stage's own count, not the consumer's: no request that a busy cluster might delay.
	for r.stage.Stats().Acked < n/5 {
		time.Sleep(5 * time.Millisecond)
	}
	floor := r.stage.Stats().Acked
	name := cl.Nodes[victim].NatsServer().Name()
	cl.Nodes[victim].Stop()
	t.Logf("stopped %s (ARTICLES leader was %s) with %d of %d articles done", name, s.CachedInfo().Cluster.Leader, floor, n)
	if floor >= n {
		t.Fatal("the node stopped after the run was over")
	}
	published.Wait()
	e.waitDone(ctx, "extractor", n)
	if err := r.stop(); err != nil {
		t.Errorf("stage: %v", err)
	}
	e.checkEvents(ctx, want)
}

// Run returns when its context is cancelled, after the articles already received were
// finished (acked) or, past ShutdownTimeout, handed back: none is left waiting for AckWait,
// and a later run finishes the rest quickly.
func TestShutdownFinishesOrHandsBack(t *testing.T) {
	for _, tc := range []struct {
		name       string
		timeout    time.Duration
		wantHanded bool
	}{
		{"drain", 10 * time.Second, false},
		{"hand back", 100 * time.Millisecond, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const n = 600
			srv := bustest.NewServer(t)
			e := newEnv(t, srv.Conn(t), nil)
			ctx := ctxFor(t, 60*time.Second)
			arts := articles(t, n)
			e.publish(ctx, arts)

			var started atomic.Int64
			slow := digitExtractor{onCall: func(*news.Article) {
				started.Add(1)
				time.Sleep(5 * time.Millisecond)
			}}
			cfg := stageCfg()
			cfg.Workers = 4
			cfg.FetchBatch = 64
			cfg.MaxAckPending = 128
			cfg.ShutdownTimeout = tc.timeout
			// An article left neither acked nor handed back would wait this long.
			cfg.AckWait = time.Minute
			r := e.start(e.js, slow, cfg)
			for started.Load() < 40 {
				time.Sleep(time.Millisecond)
			}
			if err := r.stop(); err != nil {
				t.Fatalf("Run after cancel: %v", err)
			}
			st := r.stage.Stats()
			t.Logf("first run: %+v", st)
			if st.Acked == 0 || st.Acked >= n {
				t.Fatalf("acked %d of %d: the shutdown did not happen mid-run", st.Acked, n)
			}
			if st.Acked+st.HandedBack+st.Retried != st.Delivered {
				t.Errorf("delivered %d, but acked %d + handed back %d + retried %d", st.Delivered, st.Acked, st.HandedBack, st.Retried)
			}
			if (st.HandedBack > 0) != tc.wantHanded {
				t.Errorf("handed back %d articles; want some: %v", st.HandedBack, tc.wantHanded)
			}

			// Everything left is available at once: the second run finishes long before
			// the minute-long ack wait would release a forgotten article.
			quick := ctxFor(t, 20*time.Second)
			r2 := e.start(e.js, digitExtractor{}, cfg)
			e.waitDone(quick, "extractor", n)
			if err := r2.stop(); err != nil {
				t.Fatal(err)
			}
			if st2 := r2.stage.Stats(); st2.Dead != 0 {
				t.Errorf("second run parked %d articles", st2.Dead)
			}
			e.checkEvents(ctx, offline(t, digitExtractor{}, arts))
		})
	}
}

func TestConfigValidate(t *testing.T) {
	if c := extractor.DefaultConfig(); c.Validate() != nil {
		t.Fatalf("default config invalid: %v", c.Validate())
	}
	for _, tc := range []struct {
		name string
		edit func(*extractor.Config)
		want string
	}{
		{"durable with dot", func(c *extractor.Config) { c.Durable = "a.b" }, "durable"},
		{"no durable", func(c *extractor.Config) { c.Durable = "" }, "durable"},
		{"negative workers", func(c *extractor.Config) { c.Workers = -1 }, "workers"},
		{"zero batch", func(c *extractor.Config) { c.FetchBatch = 0 }, "fetch_batch"},
		{"short expiry", func(c *extractor.Config) { c.PullExpiry = time.Millisecond }, "pull_expiry"},
		{"ack window below batch", func(c *extractor.Config) { c.MaxAckPending = 10 }, "max_ack_pending"},
		{"no deliveries", func(c *extractor.Config) { c.MaxDeliver = 0 }, "max_deliver"},
		{"no backoff", func(c *extractor.Config) { c.Backoff = nil }, "backoff"},
		{"zero backoff", func(c *extractor.Config) { c.Backoff = []time.Duration{0} }, "backoff[0]"},
		{"short ack wait", func(c *extractor.Config) { c.AckWait = time.Millisecond }, "ack_wait"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := extractor.DefaultConfig()
			tc.edit(&c)
			err := c.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Validate() = %v, want an error about %s", err, tc.want)
			}
		})
	}
}

func TestNewRejectsMissingDeps(t *testing.T) {
	if _, err := extractor.New(extractor.DefaultConfig(), extractor.Deps{Bus: bus.DefaultConfig()}); err == nil {
		t.Error("New without JetStream and extractor succeeded")
	}
}
