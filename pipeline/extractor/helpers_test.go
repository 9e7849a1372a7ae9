package extractor_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pipeline/extractor"
	"github.com/tinkhabar/tinkhabar/pipeline/extractor/bench"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// testLogger logs warnings and errors to stderr with -v, and nothing otherwise.
func testLogger() *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// digitExtractor is bench.DigitSentences (one event per sentence with a digit) with marked
// articles that fail on purpose:
//   - "POISON" in the title: an error wrapping news.ErrInvalidArticle (permanent);
//   - "FLAKY" in the title: a plain error (transient) every time;
//   - "PANIC" in the title: a panic.
//
// onCall, when set, is called at the start of every Extract.
type digitExtractor struct {
	onCall func(a *news.Article)
}

func (digitExtractor) Version() string { return bench.DigitSentencesVersion }

func (d digitExtractor) Extract(a *news.Article) ([]news.Event, error) {
	if d.onCall != nil {
		d.onCall(a)
	}
	switch {
	case strings.Contains(a.Title, "POISON"):
		return nil, fmt.Errorf("article %s: %w: poison on purpose", a.ID, news.ErrInvalidArticle)
	case strings.Contains(a.Title, "FLAKY"):
		return nil, errors.New("flaky on purpose")
	case strings.Contains(a.Title, "PANIC"):
		panic("panic on purpose")
	}
	return bench.DigitSentences{}.Extract(a)
}

// oneEventExtractor gives exactly one small event per article, cheaply.
type oneEventExtractor struct{ onCall func() }

func (oneEventExtractor) Version() string { return "test-one-1" }

func (o oneEventExtractor) Extract(a *news.Article) ([]news.Event, error) {
	if o.onCall != nil {
		o.onCall()
	}
	ev := news.Event{Type: news.TypeVisit, Lang: a.Lang, Article: news.ArticleRef{ID: a.ID, Source: a.Source},
		Extractor: news.Extractor{Version: "test-one-1"}}
	ev.ID = news.EventID(a.ID, ev.Type, "")
	return []news.Event{ev}, nil
}

// env is a bus for one test: a JetStream connection with the streams created.
type env struct {
	t      *testing.T
	bus    bus.Config
	js     jetstream.JetStream
	nc     *nats.Conn
	stages []*running
}

func newEnv(t *testing.T, nc *nats.Conn, edit func(*bus.Config)) *env {
	t.Helper()
	js, err := bus.NewJetStream(nc)
	if err != nil {
		t.Fatal(err)
	}
	c := bus.DefaultConfig()
	if edit != nil {
		edit(&c)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := bus.EnsureStreams(ctxFor(t, 30*time.Second), js, &c); err != nil {
		t.Fatal(err)
	}
	return &env{t: t, bus: c, js: js, nc: nc}
}

func ctxFor(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), d)
	t.Cleanup(cancel)
	return ctx
}

// articles returns n distinct sample articles, prepared for ARTICLES.
func articles(t testing.TB, n int) []news.Article {
	t.Helper()
	arts, err := bench.Articles(n)
	if err != nil {
		t.Fatal(err)
	}
	for i := range arts {
		if err := bus.PrepareArticle(&arts[i]); err != nil {
			t.Fatal(err)
		}
	}
	return arts
}

// publish publishes the articles and returns how many were stored and how many were
// duplicates. Transient failures (a server restarting) are retried until ctx ends.
func (e *env) publish(ctx context.Context, arts []news.Article) (stored, dups int) {
	e.t.Helper()
	pub := bus.NewPublisher(e.js)
	sub := e.bus.Subjects()
	todo := make([]int, len(arts))
	for i := range todo {
		todo[i] = i
	}
	for len(todo) > 0 {
		var mu sync.Mutex
		var again []int
		b := pub.NewBatch(ctx, 1024, func(r bus.Result) {
			mu.Lock()
			defer mu.Unlock()
			switch {
			case r.Err != nil:
				again = append(again, r.Tag)
			case r.Outcome == bus.Stored:
				stored++
			default:
				dups++
			}
		})
		for _, i := range todo {
			m, err := sub.ArticleMsg(&arts[i])
			if err != nil {
				e.t.Fatal(err)
			}
			if err := b.Add(m, arts[i].ID, i); err != nil {
				if ctx.Err() != nil {
					e.t.Fatalf("publishing: %v", err)
				}
				mu.Lock()
				again = append(again, i)
				mu.Unlock()
			}
		}
		b.Close()
		todo = again
		if len(todo) > 0 {
			time.Sleep(100 * time.Millisecond)
		}
	}
	return stored, dups
}

// stageCfg is a config for tests: short waits so that redelivery after a kill is quick.
func stageCfg() extractor.Config {
	c := extractor.DefaultConfig()
	c.AckWait = 2 * time.Second
	c.Backoff = []time.Duration{20 * time.Millisecond}
	c.PullExpiry = 500 * time.Millisecond
	return c
}

// running is a stage running in its own goroutine.
type running struct {
	stage  *extractor.Stage
	cancel context.CancelFunc
	done   chan error
	// killed is set by a test that kills the stage on purpose.
	killed    atomic.Bool
	cancelled atomic.Bool
	exited    atomic.Pointer[error]
}

func (e *env) start(js jetstream.JetStream, ext extractor.Extractor, cfg extractor.Config) *running {
	e.t.Helper()
	st, err := extractor.New(cfg, extractor.Deps{JS: js, Bus: e.bus, Extractor: ext, Logger: testLogger()})
	if err != nil {
		e.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{stage: st, cancel: cancel, done: make(chan error, 1)}
	go func() {
		err := st.Run(ctx)
		r.exited.Store(&err)
		r.done <- err
	}()
	e.t.Cleanup(func() { r.stop() })
	e.stages = append(e.stages, r)
	return r
}

// checkStages fails the test when a stage stopped on its own.
func (e *env) checkStages() {
	e.t.Helper()
	for i, r := range e.stages {
		if p := r.exited.Load(); p != nil && !r.killed.Load() && !r.cancelled.Load() {
			e.t.Fatalf("stage %d stopped by itself: %v", i, *p)
		}
	}
}

// stop cancels the stage and returns Run's result (nil after an orderly shutdown).
func (r *running) stop() error {
	r.cancelled.Store(true)
	r.cancel()
	select {
	case err := <-r.done:
		r.done <- err // later calls see it too
		return err
	case <-time.After(30 * time.Second):
		return errors.New("stage did not stop within 30s")
	}
}

// consumerInfo returns the extractor consumer's state. Each request gets a few seconds: in
// a cluster a reply can be lost while a leader changes, and is then asked for again.
func (e *env) consumerInfo(ctx context.Context, durable string) *jetstream.ConsumerInfo {
	e.t.Helper()
	for {
		e.checkStages()
		info, err := func() (*jetstream.ConsumerInfo, error) {
			rctx, cancel := context.WithTimeout(ctx, 3*time.Second)
			defer cancel()
			c, err := e.js.Consumer(rctx, e.bus.Articles.Name, durable)
			if err != nil {
				return nil, err
			}
			return c.Info(rctx)
		}()
		if err == nil {
			return info
		}
		if ctx.Err() != nil {
			e.t.Fatalf("consumer %s: %v", durable, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitDone waits until the consumer has nothing pending and nothing unacknowledged.
func (e *env) waitDone(ctx context.Context, durable string, total int) {
	e.t.Helper()
	for {
		info := e.consumerInfo(ctx, durable)
		if info.NumPending == 0 && info.NumAckPending == 0 && info.AckFloor.Stream >= uint64(total) {
			return
		}
		if ctx.Err() != nil {
			e.t.Fatalf("consumer %s not done: pending %d, ack pending %d, ack floor %d of %d",
				durable, info.NumPending, info.NumAckPending, info.AckFloor.Stream, total)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitAckFloor waits until at least n articles are acknowledged in order, and returns the
// ack floor it saw.
func (e *env) waitAckFloor(ctx context.Context, durable string, n uint64) uint64 {
	e.t.Helper()
	for {
		if floor := e.consumerInfo(ctx, durable).AckFloor.Stream; floor >= n {
			return floor
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// streamMsgs returns the number of messages in a stream.
func (e *env) streamMsgs(ctx context.Context, name string) uint64 {
	e.t.Helper()
	for {
		info, err := func() (*jetstream.StreamInfo, error) {
			rctx, cancel := context.WithTimeout(ctx, 3*time.Second)
			defer cancel()
			s, err := e.js.Stream(rctx, name)
			if err != nil {
				return nil, err
			}
			return s.Info(rctx)
		}()
		if err == nil {
			return info.State.Msgs
		}
		if ctx.Err() != nil {
			e.t.Fatalf("stream %s: %v", name, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stored is one message read back from a stream.
type stored struct {
	subject string
	data    []byte
	header  nats.Header
}

// readAll reads every message of a stream with an ordered consumer.
func (e *env) readAll(ctx context.Context, name string) []stored {
	e.t.Helper()
	total := e.streamMsgs(ctx, name)
	if total == 0 {
		return nil
	}
	c, err := e.js.OrderedConsumer(ctx, name, jetstream.OrderedConsumerConfig{})
	if err != nil {
		e.t.Fatal(err)
	}
	out := make([]stored, 0, total)
	for uint64(len(out)) < total {
		batch, err := c.Fetch(int(min(4096, total-uint64(len(out)))), jetstream.FetchMaxWait(5*time.Second))
		if err != nil {
			e.t.Fatal(err)
		}
		for m := range batch.Messages() {
			out = append(out, stored{subject: m.Subject(), data: m.Data(), header: m.Headers()})
		}
		if ctx.Err() != nil {
			e.t.Fatalf("read %d of %d messages of %s", len(out), total, name)
		}
	}
	return out
}

// offline runs ext on the articles the way the stage does, outside the bus: the events
// EVENTS must end up holding, by id. Articles ext rejects (or panics on) give no events.
func offline(t testing.TB, ext extractor.Extractor, arts []news.Article) map[string]news.Event {
	t.Helper()
	want := map[string]news.Event{}
	for i := range arts {
		a := arts[i]
		evs, err := func() (evs []news.Event, err error) {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("panic: %v", r)
				}
			}()
			return ext.Extract(&a)
		}()
		if err != nil {
			continue
		}
		for _, ev := range evs {
			if _, dup := want[ev.ID]; dup {
				t.Fatalf("offline extraction gave event id %s twice", ev.ID)
			}
			want[ev.ID] = ev
		}
	}
	return want
}

// checkEvents asserts that EVENTS holds exactly want: every event once, none missing, none
// extra, each on the subject of its type, language, source and id, with data equal to the
// offline extraction.
func (e *env) checkEvents(ctx context.Context, want map[string]news.Event) {
	e.t.Helper()
	msgs := e.readAll(ctx, e.bus.Events.Name)
	got := map[string]news.Event{}
	sub := e.bus.Subjects()
	for _, m := range msgs {
		ev, _, err := news.UnmarshalEnvelope(m.data)
		if err != nil {
			e.t.Fatalf("message on %s: %v", m.subject, err)
		}
		if _, dup := got[ev.ID]; dup {
			e.t.Errorf("event %s stored twice", ev.ID)
		}
		got[ev.ID] = *ev
		if want := sub.Event(ev.Type, ev.Lang, ev.Article.Source, ev.ID); m.subject != want {
			e.t.Errorf("event %s on subject %s, want %s", ev.ID, m.subject, want)
		}
		if m.header.Get("Nats-Msg-Id") != ev.ID {
			e.t.Errorf("event %s has Nats-Msg-Id %q", ev.ID, m.header.Get("Nats-Msg-Id"))
		}
	}
	if len(got) != len(want) || len(msgs) != len(want) {
		e.t.Errorf("EVENTS holds %d messages (%d distinct ids), want %d", len(msgs), len(got), len(want))
	}
	missing, extra := 0, 0
	for id := range want {
		if _, ok := got[id]; !ok {
			missing++
		}
	}
	for id := range got {
		if _, ok := want[id]; !ok {
			extra++
		}
	}
	if missing > 0 || extra > 0 {
		e.t.Fatalf("EVENTS: %d events missing, %d not expected", missing, extra)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		e.t.Errorf("EVENTS differs from offline extraction (-want +got):\n%s", diff)
	}
}
