package serve_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pipeline/bus/bustest"
	"github.com/tinkhabar/tinkhabar/pipeline/serve"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// testLogger logs warnings and errors to stderr with -v, and nothing otherwise.
func testLogger() *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	return slog.New(slog.DiscardHandler)
}

// testBus is a JetStream server with the streams of the contract.
type testBus struct {
	srv *bustest.Server
	js  jetstream.JetStream
	cfg bus.Config
	pub *bus.Publisher
}

func newBus(t *testing.T) *testBus {
	t.Helper()
	srv := bustest.NewServer(t)
	js, err := bus.NewJetStream(srv.Conn(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg := bus.DefaultConfig()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := bus.EnsureStreams(ctx, js, &cfg); err != nil {
		t.Fatal(err)
	}
	return &testBus{srv: srv, js: js, cfg: cfg, pub: bus.NewPublisher(js)}
}

// publish stores events on EVENTS in order, as the extractor does, and returns their stream
// sequences.
func (b *testBus) publish(t *testing.T, evs ...*news.Event) []uint64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	stream, err := b.js.Stream(ctx, b.cfg.Events.Name)
	if err != nil {
		t.Fatal(err)
	}
	var seqs []uint64
	for _, ev := range evs {
		m, err := b.cfg.Subjects().EventMsg(ev, ev.Article.Source, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		out, err := b.pub.Publish(ctx, m, ev.ID)
		if err != nil || out != bus.Stored {
			t.Fatalf("publishing %s: %v %v", ev.ID, out, err)
		}
		msg, err := stream.GetLastMsgForSubject(ctx, m.Subject)
		if err != nil {
			t.Fatal(err)
		}
		seqs = append(seqs, msg.Sequence)
	}
	return seqs
}

// running is a server started with Run on a loopback port.
type running struct {
	srv  *serve.Server
	base string
	stop func()
}

// startServer runs a server on b until the test ends, and waits until it is ready.
func startServer(t *testing.T, b *testBus, cfg serve.Config) *running {
	t.Helper()
	return startServerWith(t, b, cfg, nil)
}

// startServerWith is startServer with deps changed by with (when not nil) before New.
func startServerWith(t *testing.T, b *testBus, cfg serve.Config, with func(*serve.Deps)) *running {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deps := serve.Deps{JS: b.js, Bus: b.cfg, Listener: ln, Logger: testLogger()}
	if with != nil {
		with(&deps)
	}
	srv, err := serve.New(cfg, deps)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx) }()
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Errorf("Run did not return within 15 s of cancellation")
		}
	}
	t.Cleanup(stop)
	r := &running{srv: srv, base: "http://" + ln.Addr().String(), stop: stop}
	r.waitReady(t)
	return r
}

func (r *running) waitReady(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(r.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("server not ready within 15 s")
}

// waitSequence waits until the server has read EVENTS up to seq.
func (r *running) waitSequence(t *testing.T, seq uint64) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		var ready struct {
			LastSequence uint64 `json:"last_sequence"`
		}
		if code := getJSON(t, r.base+"/readyz", &ready); code == http.StatusOK && ready.LastSequence >= seq {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("server did not read up to sequence %d within 15 s", seq)
}

func getJSON(t *testing.T, url string, v any) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode == http.StatusOK && v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("decoding %s: %v\n%s", url, err, b)
		}
	}
	return resp.StatusCode
}

// envelope is the part of an API envelope the tests look at.
type envelope struct {
	ID   string     `json:"id"`
	Type string     `json:"type"`
	Data news.Event `json:"data"`
}

func decodeEnvelopes(t *testing.T, raw []json.RawMessage) []envelope {
	t.Helper()
	out := make([]envelope, len(raw))
	for i, r := range raw {
		if err := json.Unmarshal(r, &out[i]); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// sseEvent is one event of a live stream.
type sseEvent struct {
	ID   uint64
	Data string
}

// sseClient reads a live stream in the background.
type sseClient struct {
	events chan sseEvent
	lastID atomic.Uint64 // the last id seen, with or without data
	cancel func()
	done   chan struct{}
}

// openStream connects to /api/stream?query, with Last-Event-ID lastID when not empty, and
// fails the test unless the server answers 200 with an event stream.
func openStream(t *testing.T, base, query, lastID string) *sseClient {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/stream?"+query, nil)
	if err != nil {
		t.Fatal(err)
	}
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		cancel()
		t.Fatalf("stream: %s %s", resp.Status, resp.Header.Get("Content-Type"))
	}
	c := &sseClient{events: make(chan sseEvent, 100), cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(c.done)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
		var ev sseEvent
		var hasData bool
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if hasData {
					c.events <- ev
				}
				ev, hasData = sseEvent{}, false
			case strings.HasPrefix(line, "id: "):
				ev.ID, _ = strconv.ParseUint(strings.TrimPrefix(line, "id: "), 10, 64)
				c.lastID.Store(ev.ID)
			case strings.HasPrefix(line, "data: "):
				ev.Data, hasData = strings.TrimPrefix(line, "data: "), true
			}
		}
	}()
	t.Cleanup(c.close)
	return c
}

func (c *sseClient) close() {
	c.cancel()
	<-c.done
}

// next returns the next event, failing the test after 10 s.
func (c *sseClient) next(t *testing.T) sseEvent {
	t.Helper()
	select {
	case ev := <-c.events:
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("no event on the live stream within 10 s")
		return sseEvent{}
	}
}

// none checks that no event arrives for a while.
func (c *sseClient) none(t *testing.T, wait time.Duration) {
	t.Helper()
	select {
	case ev := <-c.events:
		t.Fatalf("unexpected event %d: %.120s", ev.ID, ev.Data)
	case <-time.After(wait):
	}
}
