package client_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tinkhabar/tinkhabar/pkg/client"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// startJetStream runs an in-process nats-server with JetStream and an EVENTS stream shaped
// as the contract's (one message per subject), and returns a JetStream context on it and a
// function that stops both.
func startJetStream(dir string) (jetstream.JetStream, func(), error) {
	ns, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: server.RANDOM_PORT, JetStream: true,
		StoreDir: dir, NoSigs: true, NoLog: true})
	if err != nil {
		return nil, nil, err
	}
	go ns.Start()
	if !ns.ReadyForConnections(30 * time.Second) {
		return nil, nil, errors.New("nats-server not ready")
	}
	nc, err := nats.Connect(ns.ClientURL())
	if err != nil {
		return nil, nil, err
	}
	stop := func() {
		nc.Close()
		ns.Shutdown()
		ns.WaitForShutdown()
	}
	js, err := jetstream.New(nc)
	if err != nil {
		stop()
		return nil, nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: client.DefaultStream, Subjects: []string{"events.>"},
		MaxMsgsPerSubject: 1, Discard: jetstream.DiscardNew, DiscardNewPerSubject: true}); err != nil {
		stop()
		return nil, nil, err
	}
	return js, stop, nil
}

func newJS(t *testing.T) jetstream.JetStream {
	t.Helper()
	js, stop, err := startJetStream(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return js
}

func mkEvent(article, typ, lang, source, loc string) *news.Event {
	ev := &news.Event{Type: typ, Lang: lang, Article: news.ArticleRef{ID: article, Source: source},
		Evidence: news.Evidence{Text: "…"}, Confidence: 0.9, Extractor: news.Extractor{Version: "t"}}
	if loc != "" {
		ev.Location = &news.Location{ID: loc, Name: loc, Country: "IR", Level: "province"}
	}
	switch typ {
	case news.TypeVisit:
		ev.Visitor = &news.Visitor{Role: "minister"}
	case news.TypeProjectCount:
		ev.Count, ev.Qualifier = 3, news.QualExact
	case news.TypeAgreement:
		ev.AgreementKind, ev.Parties = news.KindMoU, []news.Party{{ID: "org/mci"}}
	}
	ev.ID = news.EventID(ev.Article.ID, ev.Type, ev.Key())
	return ev
}

// publish stores events as the extractor does (see publishEvents).
func publish(tb testing.TB, js jetstream.JetStream, evs ...*news.Event) {
	tb.Helper()
	if err := publishEvents(js, evs...); err != nil {
		tb.Fatal(err)
	}
}

// publishEvents stores events as the extractor does: a CloudEvents envelope on the event
// subject, with the event id as message id.
func publishEvents(js jetstream.JetStream, evs ...*news.Event) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, ev := range evs {
		b, err := news.MarshalEnvelope(ev, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			return err
		}
		subj := "events." + ev.Type + "." + ev.Lang + "." + ev.Article.Source + "." + ev.ID
		if _, err := js.Publish(ctx, subj, b, jetstream.WithMsgID(ev.ID)); err != nil {
			return err
		}
	}
	return nil
}

// collector is a handler that records events and can fail on purpose.
type collector struct {
	mu   sync.Mutex
	got  []*client.Event
	fail func(ev *client.Event) error
	ch   chan *client.Event
}

func newCollector() *collector { return &collector{ch: make(chan *client.Event, 100)} }

func (c *collector) handle(_ context.Context, ev *client.Event) error {
	c.mu.Lock()
	c.got = append(c.got, ev)
	c.mu.Unlock()
	c.ch <- ev
	if c.fail != nil {
		return c.fail(ev)
	}
	return nil
}

func (c *collector) next(t *testing.T) *client.Event {
	t.Helper()
	select {
	case ev := <-c.ch:
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10 s")
		return nil
	}
}

func (c *collector) none(t *testing.T, wait time.Duration) {
	t.Helper()
	select {
	case ev := <-c.ch:
		t.Fatalf("unexpected event %s (%s), delivery %d", ev.ID, ev.Subject, ev.Delivered)
	case <-time.After(wait):
	}
}

// subscribe runs Subscribe in the background until the returned stop is called.
func subscribe(t *testing.T, c *client.Client, f client.Filter, h client.Handler) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Subscribe(ctx, f, h) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Subscribe: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Error("Subscribe did not return within 10 s of cancellation")
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// waitConsumer waits until the durable consumer exists.
func waitConsumer(t *testing.T, js jetstream.JetStream, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		if _, err := js.Consumer(ctx, client.DefaultStream, name); err == nil {
			return
		} else if ctx.Err() != nil {
			t.Fatalf("consumer %s not created: %v", name, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestSubscribeFiltersAndTypes(t *testing.T) {
	js := newJS(t)
	evs := []*news.Event{
		mkEvent("a1", news.TypeVisit, news.LangFa, "mehrnews", "ir/kerman"),
		mkEvent("a2", news.TypeProjectCount, news.LangFa, "mehrnews", "ir/kerman"),
		mkEvent("a3", news.TypeVisit, news.LangVi, "vnexpress", "vn/gia-lai"),
		mkEvent("a4", news.TypeVisit, news.LangFa, "irna", "ir/tehran"),
		mkEvent("a5", news.TypeAgreement, news.LangFa, "isna", ""),
	}
	publish(t, js, evs...)
	c, err := client.New(js, client.Config{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		filter client.Filter
		want   []string // article ids, in order
	}{
		{"visits", client.Filter{Types: []string{"visit"}}, []string{"a1", "a3", "a4"}},
		{"Persian visits", client.Filter{Types: []string{"visit"}, Langs: []string{"fa"}}, []string{"a1", "a4"}},
		{"two sources", client.Filter{Sources: []string{"mehrnews", "isna"}}, []string{"a1", "a2", "a5"}},
		{"a place", client.Filter{Locations: []string{"ir/kerman"}}, []string{"a1", "a2"}},
		{"a party", client.Filter{Locations: []string{"org/mci"}}, []string{"a5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			col := newCollector()
			tt.filter.Start = client.StartAll
			stop := subscribe(t, c, tt.filter, col.handle)
			var got []string
			for range tt.want {
				got = append(got, col.next(t).Article.ID)
			}
			col.none(t, 200*time.Millisecond)
			stop()
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
		})
	}

	col := newCollector()
	subscribe(t, c, client.Filter{Types: []string{"visit"}, Start: client.StartAll}, col.handle)
	ev := col.next(t)
	if ev.Sequence != 1 || ev.Source != "mehrnews" || ev.Delivered != 1 || ev.Subject != "events.visit.fa.mehrnews."+evs[0].ID ||
		ev.Visitor == nil || ev.Visitor.Role != "minister" || !ev.Extracted.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("typed event: %+v", ev)
	}
	if ev.Summary() != news.Summary(evs[0]) {
		t.Errorf("Summary %q", ev.Summary())
	}
}

// TestDurableResumes: a durable consumer picks up after the last acknowledged event, and
// only new events reach a subscription that starts at StartNew.
func TestDurableResumes(t *testing.T) {
	js := newJS(t)
	c, _ := client.New(js, client.Config{})
	publish(t, js, mkEvent("old", news.TypeVisit, news.LangFa, "irna", "ir/yazd"))

	col := newCollector()
	stop := subscribe(t, c, client.Filter{Durable: "app"}, col.handle) // StartNew: "old" is not delivered
	waitConsumer(t, js, "app")
	col.none(t, 300*time.Millisecond)
	publish(t, js, mkEvent("b1", news.TypeVisit, news.LangFa, "irna", "ir/yazd"), mkEvent("b2", news.TypeVisit, news.LangFa, "irna", "ir/yazd"))
	if got := []string{col.next(t).Article.ID, col.next(t).Article.ID}; !cmp.Equal(got, []string{"b1", "b2"}) {
		t.Fatalf("got %v", got)
	}
	stop()

	publish(t, js, mkEvent("b3", news.TypeVisit, news.LangFa, "irna", "ir/yazd"), mkEvent("b4", news.TypeVisit, news.LangFa, "irna", "ir/yazd"))
	col2 := newCollector()
	subscribe(t, c, client.Filter{Durable: "app", Start: client.StartAll}, col2.handle) // position kept
	if got := []string{col2.next(t).Article.ID, col2.next(t).Article.ID}; !cmp.Equal(got, []string{"b3", "b4"}) {
		t.Fatalf("after resuming: got %v, want [b3 b4]", got)
	}
	col2.none(t, 300*time.Millisecond)
}

// TestAcks: a failing handler gets the event again (with the delivery count); a permanent
// failure is not retried; a message that is not an event never reaches the handler.
func TestAcks(t *testing.T) {
	js := newJS(t)
	c, _ := client.New(js, client.Config{})
	retry := mkEvent("retry", news.TypeVisit, news.LangFa, "irna", "ir/yazd")
	perm := mkEvent("perm", news.TypeVisit, news.LangFa, "irna", "ir/yazd")
	ok := mkEvent("ok", news.TypeVisit, news.LangFa, "irna", "ir/yazd")
	col := newCollector()
	col.fail = func(ev *client.Event) error {
		switch {
		case ev.Article.ID == "retry" && ev.Delivered == 1:
			return errors.New("busy")
		case ev.Article.ID == "perm":
			return client.Permanent(errors.New("cannot store this"))
		}
		return nil
	}
	subscribe(t, c, client.Filter{Durable: "acks", Backoff: []time.Duration{100 * time.Millisecond}}, col.handle)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	waitConsumer(t, js, "acks") // it starts at new events: publish once it exists
	publish(t, js, retry, perm)
	if _, err := js.Publish(ctx, "events.visit.fa.irna.e_garbage", []byte("<html>not an event</html>")); err != nil {
		t.Fatal(err)
	}
	publish(t, js, ok)

	var seen []string
	for range 4 {
		ev := col.next(t)
		seen = append(seen, ev.Article.ID+":"+string(rune('0'+ev.Delivered)))
	}
	want := map[string]bool{"retry:1": true, "retry:2": true, "perm:1": true, "ok:1": true}
	for _, s := range seen {
		if !want[s] {
			t.Errorf("unexpected delivery %s (all: %v)", s, seen)
		}
		delete(want, s)
	}
	if len(want) != 0 {
		t.Errorf("missing deliveries %v (got %v)", want, seen)
	}
	col.none(t, 500*time.Millisecond) // perm is not delivered again, garbage never

	cons, err := js.Consumer(ctx, client.DefaultStream, "acks")
	if err != nil {
		t.Fatal(err)
	}
	info, err := cons.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.NumAckPending != 0 || info.NumPending != 0 {
		t.Errorf("consumer has %d unacknowledged and %d pending messages", info.NumAckPending, info.NumPending)
	}
}

func TestEphemeralConsumerIsRemoved(t *testing.T) {
	js := newJS(t)
	c, _ := client.New(js, client.Config{})
	stop := subscribe(t, c, client.Filter{}, newCollector().handle)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	count := func() int {
		s, err := js.Stream(ctx, client.DefaultStream)
		if err != nil {
			t.Fatal(err)
		}
		info, err := s.Info(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return info.State.Consumers
	}
	deadline := time.Now().Add(5 * time.Second)
	for count() != 1 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := count(); n != 1 {
		t.Fatalf("%d consumers while subscribed, want 1", n)
	}
	stop()
	if n := count(); n != 0 {
		t.Errorf("%d consumers after Subscribe returned, want 0", n)
	}
}

func TestBadArguments(t *testing.T) {
	js := newJS(t)
	if _, err := client.New(js, client.Config{Prefix: "a.*"}); err == nil {
		t.Error("a wildcard prefix was accepted")
	}
	c, _ := client.New(js, client.Config{})
	ctx := context.Background()
	for name, f := range map[string]client.Filter{
		"type with a dot":  {Types: []string{"visit.fa"}},
		"durable with dot": {Durable: "a.b"},
	} {
		if err := c.Subscribe(ctx, f, newCollector().handle); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if err := c.Subscribe(ctx, client.Filter{}, nil); err == nil {
		t.Error("nil handler: no error")
	}
	other, _ := client.New(js, client.Config{Stream: "NOPE"})
	if err := other.Subscribe(ctx, client.Filter{}, newCollector().handle); !errors.Is(err, jetstream.ErrStreamNotFound) {
		t.Errorf("missing stream: %v", err)
	}
}
