package archive_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tinkhabar/tinkhabar/pipeline/archive"
	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pipeline/bus/bustest"
	"github.com/tinkhabar/tinkhabar/pipeline/extractor/bench"
	"github.com/tinkhabar/tinkhabar/pkg/extract"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// testLogger logs warnings to stderr with -v and nothing otherwise.
func testLogger() *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

func ctxFor(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// env is one JetStream with the streams of the contract.
type env struct {
	t   testing.TB
	js  jetstream.JetStream
	bus bus.Config
	r   *archive.Reader
}

// newEnv starts a server (bustest) and creates the streams.
func newEnv(t testing.TB) *env {
	t.Helper()
	srv := bustest.NewServer(t)
	js, err := bus.NewJetStream(srv.Conn(t))
	if err != nil {
		t.Fatal(err)
	}
	return envOn(t, js)
}

// envOn creates the streams on js.
func envOn(t testing.TB, js jetstream.JetStream) *env {
	t.Helper()
	cfg := bus.DefaultConfig()
	if err := bus.EnsureStreams(ctxFor(t, 30*time.Second), js, &cfg); err != nil {
		t.Fatal(err)
	}
	r, err := archive.NewReader(js, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, js: js, bus: cfg, r: r}
}

// publishArticles stores the articles in ARTICLES, failing the test on any error.
func (e *env) publishArticles(arts []news.Article) {
	e.t.Helper()
	ctx := ctxFor(e.t, 60*time.Second)
	pub := bus.NewPublisher(e.js)
	sub := e.bus.Subjects()
	var mu sync.Mutex
	var errs []error
	b := pub.NewBatch(ctx, 1024, func(r bus.Result) {
		if r.Err != nil {
			mu.Lock()
			errs = append(errs, r.Err)
			mu.Unlock()
		}
	})
	for i := range arts {
		if err := bus.PrepareArticle(&arts[i]); err != nil {
			e.t.Fatal(err)
		}
		m, err := sub.ArticleMsg(&arts[i])
		if err != nil {
			e.t.Fatal(err)
		}
		if err := b.Add(m, arts[i].ID, i); err != nil {
			e.t.Fatal(err)
		}
	}
	b.Close()
	if len(errs) > 0 {
		e.t.Fatalf("publishing articles: %v", errs[0])
	}
}

// publishEvents stores the events in EVENTS with the archive's EventPublisher.
func (e *env) publishEvents(evs []news.Event, at time.Time) archive.PublishStats {
	e.t.Helper()
	p := archive.NewEventPublisher(ctxFor(e.t, 60*time.Second), bus.NewPublisher(e.js), e.bus, func() time.Time { return at })
	for i := range evs {
		if err := p.Add(&evs[i]); err != nil {
			e.t.Fatal(err)
		}
	}
	st, err := p.Close()
	if err != nil {
		e.t.Fatal(err)
	}
	return st
}

// storedEvents replays EVENTS with f and returns the events, in archive order.
func (e *env) storedEvents(f archive.Filter) []news.Event {
	e.t.Helper()
	var out []news.Event
	if _, err := e.r.Events(ctxFor(e.t, 60*time.Second), f, archive.Options{}, func(_ archive.Record, ev *news.Event, _ time.Time) error {
		out = append(out, *ev)
		return nil
	}); err != nil {
		e.t.Fatal(err)
	}
	return out
}

// reextract runs the engine over the archive with f and returns the events in order.
func (e *env) reextract(ext archive.Extractor, f archive.Filter, workers int) []news.Event {
	e.t.Helper()
	var out []news.Event
	if _, err := e.r.Reextract(ctxFor(e.t, 120*time.Second), ext, f, workers, archive.Options{}, func(x archive.Extracted) error {
		if x.Err != nil {
			e.t.Errorf("article %s: %v", x.Article.ID, x.Err)
		}
		out = append(out, x.Events...)
		return nil
	}); err != nil {
		e.t.Fatal(err)
	}
	return out
}

// streamMsgs returns the number of messages in a stream.
func (e *env) streamMsgs(name string) uint64 {
	e.t.Helper()
	s, err := e.js.Stream(ctxFor(e.t, 10*time.Second), name)
	if err != nil {
		e.t.Fatal(err)
	}
	return s.CachedInfo().State.Msgs
}

// corpus returns the sample articles (a copy of the development corpus), prepared for
// ARTICLES.
func corpus(t testing.TB) []news.Article {
	t.Helper()
	arts, err := bench.Corpus()
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

var (
	engineOnce sync.Once
	engine     *extract.Engine
	engineErr  error
)

// defaultEngine is the engine with the built-in rules, built once per test binary.
func defaultEngine(t testing.TB) *extract.Engine {
	t.Helper()
	engineOnce.Do(func() { engine, engineErr = extract.New() })
	if engineErr != nil {
		t.Fatal(engineErr)
	}
	return engine
}

// extractAll runs the engine over the articles in order.
func extractAll(t testing.TB, ext archive.Extractor, arts []news.Article) []news.Event {
	t.Helper()
	var out []news.Event
	for i := range arts {
		a := arts[i]
		evs, err := ext.Extract(&a)
		if err != nil {
			t.Fatalf("article %s: %v", a.ID, err)
		}
		out = append(out, evs...)
	}
	return out
}

// changedRulesEngine is an engine whose Vietnamese rules were changed on purpose: "hơn"
// ("more than") no longer reads as "at least", and a bare "ký" ("sign") is no longer a
// signing cue (only "ký kết" is). On the corpus this changes, adds and removes events.
func changedRulesEngine(t testing.TB) *extract.Engine {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "pkg", "extract", "rules", "vi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	changed := string(src)
	for _, edit := range [][2]string{
		{"at_least:\n  - hơn\n", "at_least:\n"},
		{"  - ký kết\n  - ký\n", "  - ký kết\n"},
	} {
		if !strings.Contains(changed, edit[0]) {
			t.Fatalf("vi.yaml no longer has %q: update the test's rule change", edit[0])
		}
		changed = strings.Replace(changed, edit[0], edit[1], 1)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "vi.yaml"), []byte(changed), 0o600); err != nil {
		t.Fatal(err)
	}
	eng, err := extract.NewWithOptions(extract.Options{RulesDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return eng
}
