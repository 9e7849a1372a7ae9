package serve_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/tinkhabar/tinkhabar/pipeline/serve"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

func sseEnvelope(t *testing.T, ev sseEvent) envelope {
	t.Helper()
	var e envelope
	if err := json.Unmarshal([]byte(ev.Data), &e); err != nil {
		t.Fatalf("event %d: %v", ev.ID, err)
	}
	return e
}

// TestStreamResumesWithLastEventID: a live stream sends only new events that match; a client
// that drops and reconnects with the last id it saw gets exactly what it missed, in order.
func TestStreamResumesWithLastEventID(t *testing.T) {
	r, b, _ := withFixtures(t, serve.DefaultConfig())

	c1 := openStream(t, r.base, "lang=fa", "")
	c1.none(t, 300*time.Millisecond) // the seven stored events are not replayed

	a, bv, c := later("a", news.LangFa, "2026-02-01T00:00:00Z"), later("b", news.LangVi, "2026-02-01T00:00:00Z"), later("c", news.LangFa, "2026-02-01T00:00:00Z")
	seqs := b.publish(t, a, bv, c)
	for _, want := range []struct {
		seq uint64
		id  string
	}{{seqs[0], a.ID}, {seqs[2], c.ID}} {
		got := c1.next(t)
		if got.ID != want.seq || sseEnvelope(t, got).ID != want.id {
			t.Fatalf("got id %d event %s, want id %d event %s", got.ID, sseEnvelope(t, got).ID, want.seq, want.id)
		}
	}
	c1.none(t, 200*time.Millisecond)
	last := strconv.FormatUint(seqs[2], 10)
	c1.close()

	// While the client is away: two Persian events and a Vietnamese one.
	d, e, f := later("d", news.LangFa, "2026-02-02T00:00:00Z"), later("e", news.LangVi, "2026-02-02T00:00:00Z"), later("f", news.LangFa, "2026-02-02T00:00:00Z")
	missed := b.publish(t, d, e, f)

	c2 := openStream(t, r.base, "lang=fa", last)
	for _, want := range []struct {
		seq uint64
		id  string
	}{{missed[0], d.ID}, {missed[2], f.ID}} {
		got := c2.next(t)
		if got.ID != want.seq || sseEnvelope(t, got).ID != want.id {
			t.Fatalf("after reconnecting: got id %d event %s, want id %d event %s", got.ID, sseEnvelope(t, got).ID, want.seq, want.id)
		}
	}
	c2.none(t, 300*time.Millisecond)

	// The same through the last_event_id parameter, with a type filter: every visit after
	// sequence 4 (fa-visit-tehran is 5), then the later visits in order.
	c3 := openStream(t, r.base, "type=visit&last_event_id=4", "")
	want := []uint64{5, seqs[0], seqs[1], seqs[2], missed[0], missed[1], missed[2]}
	for i, w := range want {
		if got := c3.next(t); got.ID != w {
			t.Fatalf("event %d: id %d, want %d", i, got.ID, w)
		}
	}
	c3.none(t, 200*time.Millisecond)
}

// TestStreamFiltersInServer: filters JetStream cannot apply (location, q) are applied by the
// server, and the ids it skips still reach the client in a heartbeat, so that a reconnect
// does not read them again.
func TestStreamFiltersInServer(t *testing.T) {
	cfg := serve.DefaultConfig()
	cfg.Heartbeat = 100 * time.Millisecond
	r, b, _ := withFixtures(t, cfg)
	c := openStream(t, r.base, "location=ir/kerman&q="+url.QueryEscape("وزیر"), "")

	other := later("elsewhere", news.LangFa, "2026-02-01T00:00:00Z") // Yazd
	skipped := b.publish(t, other)[0]
	deadline := time.Now().Add(5 * time.Second)
	for c.lastID.Load() != skipped && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if got := c.lastID.Load(); got != skipped {
		t.Fatalf("last id %d after a skipped event, want %d from a heartbeat", got, skipped)
	}
	c.none(t, 150*time.Millisecond)

	match := fixtures()[0].ev // the minister's visit to Kerman, again under another id
	again := *match
	again.Article.ID = "a_again"
	again.ID = news.EventID(again.Article.ID, again.Type, again.Key())
	seq := b.publish(t, &again)[0]
	if got := c.next(t); got.ID != seq || sseEnvelope(t, got).Data.SummaryEn == "" {
		t.Fatalf("got %d (%.80s), want %d with a summary", got.ID, got.Data, seq)
	}
}

func TestStreamRejectsBadRequests(t *testing.T) {
	r, _, _ := withFixtures(t, serve.DefaultConfig())
	for _, tt := range []struct{ query, lastID string }{{"type=A", ""}, {"", "x"}, {"", "-1"}} {
		req, _ := http.NewRequest(http.MethodGet, r.base+"/api/stream?"+tt.query, nil)
		if tt.lastID != "" {
			req.Header.Set("Last-Event-ID", tt.lastID)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%q / %q: status %d, want 400", tt.query, tt.lastID, resp.StatusCode)
		}
	}
}

// TestStreamLimit: streams past MaxStreams get 503 until one closes.
func TestStreamLimit(t *testing.T) {
	cfg := serve.DefaultConfig()
	cfg.MaxStreams = 1
	r, _, _ := withFixtures(t, cfg)
	c := openStream(t, r.base, "", "")
	resp, err := http.Get(r.base + "/api/stream")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("second stream: %d, want 503 with Retry-After", resp.StatusCode)
	}
	c.close()
	deadline := time.Now().Add(5 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, r.base+"/api/stream", nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		cancel()
		if err == nil && resp.StatusCode == http.StatusOK {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("a stream slot did not free up after the first stream closed")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestShutdownEndsStreams: Run returns promptly on cancellation although a live stream is
// open, and the client sees the stream end.
func TestShutdownEndsStreams(t *testing.T) {
	r, _, _ := withFixtures(t, serve.DefaultConfig())
	c := openStream(t, r.base, "", "")
	r.stop() // fails the test when Run returns an error or hangs
	select {
	case <-c.done:
	case <-time.After(5 * time.Second):
		t.Fatal("the live stream stayed open after shutdown")
	}
	if _, err := http.Get(r.base + "/healthz"); err == nil {
		t.Error("the server still answers after Run returned")
	}
}
