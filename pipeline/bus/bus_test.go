package bus_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pipeline/bus/bustest"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestSubjects(t *testing.T) {
	plain, err := bus.NewSubjects("")
	if err != nil {
		t.Fatal(err)
	}
	pre, err := bus.NewSubjects("acme.prod")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ got, want string }{
		{plain.Article("fa", "mehrnews", "a_1"), "articles.fa.mehrnews.a_1"},
		{pre.Article("fa", "mehrnews", "a_1"), "acme.prod.articles.fa.mehrnews.a_1"},
		{plain.Event("visit", "vi", "vnexpress", "e_1"), "events.visit.vi.vnexpress.e_1"},
		{pre.Dead("extractor", "irna"), "acme.prod.dead.extractor.irna"},
		{plain.Job("page", "irna"), "jobs.page.irna"},
		{plain.EventsFilter("", "fa", ""), "events.*.fa.*.*"},
		{pre.EventsFilter("agreement", "", "tuoitre"), "acme.prod.events.agreement.*.tuoitre.*"},
		{plain.ArticlesAll(), "articles.>"},
		{pre.EventsAll(), "acme.prod.events.>"},
		{pre.Prefix(), "acme.prod"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	for _, bad := range []string{"a..b", "*", "a.>", "a b", ".a", "a."} {
		if _, err := bus.NewSubjects(bad); err == nil {
			t.Errorf("NewSubjects(%q) accepted a bad prefix", bad)
		}
	}

	lang, src, id, ok := pre.ArticleTokens("acme.prod.articles.vi.tuoitre.a_9")
	if !ok || lang != "vi" || src != "tuoitre" || id != "a_9" {
		t.Errorf("ArticleTokens = %q %q %q %v", lang, src, id, ok)
	}
	for _, s := range []string{"articles.vi.tuoitre.a_9", "acme.prod.articles.vi.a_9", "acme.prod.events.x.vi.t.e"} {
		if _, _, _, ok := pre.ArticleTokens(s); ok {
			t.Errorf("ArticleTokens(%q) ok under prefix acme.prod", s)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	def := bus.DefaultConfig()
	if err := def.Validate(); err != nil {
		t.Fatalf("default config invalid: %v", err)
	}
	for _, tc := range []struct {
		name string
		edit func(*bus.Config)
		want string
	}{
		{"bad prefix", func(c *bus.Config) { c.Prefix = "a.*" }, "prefix"},
		{"two replicas", func(c *bus.Config) { c.Events.Replicas = 2 }, "replicas"},
		{"storage", func(c *bus.Config) { c.Dead.Storage = "disk" }, "storage"},
		{"same name", func(c *bus.Config) { c.Dead.Name = c.Events.Name }, "same name"},
		{"dotted name", func(c *bus.Config) { c.Jobs.Name = "A.B" }, "name"},
		{"window over age", func(c *bus.Config) { c.Jobs.DuplicateWindow = 48 * time.Hour }, "duplicate_window"},
		{"no window", func(c *bus.Config) { c.Articles.DuplicateWindow = 0 }, "duplicate_window"},
		{"negative bytes", func(c *bus.Config) { c.Articles.MaxBytes = -5 }, "max_bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := bus.DefaultConfig()
			tc.edit(&c)
			err := c.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Validate() = %v, want an error about %s", err, tc.want)
			}
		})
	}
}

func TestStreamConfigsDedupeForever(t *testing.T) {
	c := bus.DefaultConfig()
	c.Prefix = "x"
	scs := c.StreamConfigs()
	if len(scs) != 4 {
		t.Fatalf("%d stream configs, want 4", len(scs))
	}
	for _, sc := range scs[:2] { // ARTICLES, EVENTS
		if sc.MaxMsgsPerSubject != 1 || sc.Discard != jetstream.DiscardNew || !sc.DiscardNewPerSubject {
			t.Errorf("%s: per-subject de-duplication not configured: %+v", sc.Name, sc)
		}
	}
	if scs[2].Retention != jetstream.WorkQueuePolicy {
		t.Errorf("JOBS retention = %v, want work queue", scs[2].Retention)
	}
	got := []string{scs[0].Subjects[0], scs[1].Subjects[0], scs[2].Subjects[0], scs[3].Subjects[0]}
	want := []string{"x.articles.>", "x.events.>", "x.jobs.>", "x.dead.>"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("subjects (-want +got):\n%s", diff)
	}
}

func TestEnsureStreamsCreatesAndUpdates(t *testing.T) {
	srv := bustest.NewServer(t)
	js := srv.JetStream(t)
	ctx := testCtx(t)
	c := bus.DefaultConfig()
	if err := bus.EnsureStreams(ctx, js, &c); err != nil {
		t.Fatal(err)
	}
	c.Articles.MaxAge = 10 * 24 * time.Hour
	if err := bus.EnsureStreams(ctx, js, &c); err != nil {
		t.Fatalf("second EnsureStreams (an update): %v", err)
	}
	s, err := js.Stream(ctx, bus.StreamArticles)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.CachedInfo().Config.MaxAge; got != 10*24*time.Hour {
		t.Errorf("ARTICLES max age = %v after update, want 240h", got)
	}
	c.Events.Storage = bus.StorageMemory
	if err := bus.EnsureStreams(ctx, js, &c); err == nil || !strings.Contains(err.Error(), "EVENTS") {
		t.Errorf("changing the storage of an existing stream: err = %v, want an error naming EVENTS", err)
	}
}

func sampleArticle(id string) *news.Article {
	return &news.Article{ID: id, URL: "https://example.com/" + id, Source: "mehrnews", Lang: "fa", Text: "متن خبر ۱۲"}
}

func TestPublishDeduplicatesAfterTheWindow(t *testing.T) {
	srv := bustest.NewServer(t)
	nc := srv.Conn(t)
	js, err := bus.NewJetStream(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx := testCtx(t)
	c := bus.DefaultConfig()
	c.Articles.DuplicateWindow = 300 * time.Millisecond
	if err := bus.EnsureStreams(ctx, js, &c); err != nil {
		t.Fatal(err)
	}
	pub := bus.NewPublisher(js)
	sub := c.Subjects()
	publish := func() bus.Outcome {
		t.Helper()
		m, err := sub.ArticleMsg(sampleArticle("a_1"))
		if err != nil {
			t.Fatal(err)
		}
		o, err := pub.Publish(ctx, m, "a_1")
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	if o := publish(); o != bus.Stored {
		t.Fatalf("first publish: %v, want stored", o)
	}
	if o := publish(); o != bus.Duplicate {
		t.Errorf("second publish inside the window: %v, want duplicate", o)
	}
	time.Sleep(400 * time.Millisecond) // past the Nats-Msg-Id window
	if o := publish(); o != bus.Duplicate {
		t.Errorf("publish after the window: %v, want duplicate", o)
	}
	s, err := js.Stream(ctx, bus.StreamArticles)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.State.Msgs != 1 {
		t.Errorf("ARTICLES holds %d messages, want 1", info.State.Msgs)
	}
}

// A publisher that sends neither Nats-Msg-Id nor the expected-sequence header still cannot
// store an id twice: the stream refuses it, and Publisher calls that refusal a duplicate.
func TestPerSubjectLimitIsDuplicateAndFullStreamIsNot(t *testing.T) {
	srv := bustest.NewServer(t)
	js, err := bus.NewJetStream(srv.Conn(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx := testCtx(t)
	c := bus.DefaultConfig()
	c.Events.MaxBytes = 4096
	if err := bus.EnsureStreams(ctx, js, &c); err != nil {
		t.Fatal(err)
	}
	subj := c.Subjects().Event("visit", "fa", "irna", "e_1")
	if _, err := js.Publish(ctx, subj, []byte("first")); err != nil {
		t.Fatal(err)
	}
	paf, err := js.PublishAsync(subj, []byte("second, no headers"))
	if err != nil {
		t.Fatal(err)
	}
	var rawErr error
	select {
	case <-paf.Ok():
		t.Fatal("the stream stored a second message on one subject")
	case rawErr = <-paf.Err():
	}
	var apiErr *jetstream.APIError
	if !errors.As(rawErr, &apiErr) || apiErr.ErrorCode != 10077 {
		t.Fatalf("second raw publish: %v, want API error 10077", rawErr)
	}
	o, err := bus.ExportOutcomeOfError(ctx, bus.NewPublisher(js), subj, rawErr)
	if err != nil || o != bus.Duplicate {
		t.Errorf("outcome of the per-subject refusal = %v, %v; want duplicate", o, err)
	}

	// Fill the stream: the same error code for a new subject is not a duplicate.
	big := make([]byte, 3000)
	if _, err := js.Publish(ctx, c.Subjects().Event("visit", "fa", "irna", "e_2"), big); err != nil {
		t.Fatal(err)
	}
	full := c.Subjects().Event("visit", "fa", "irna", "e_3")
	m := nats.NewMsg(full)
	m.Data = big
	o, err = bus.NewPublisher(js).Publish(ctx, m, "e_3")
	if err == nil {
		t.Fatalf("publish into a full stream: outcome %v and no error", o)
	}
	if errors.Is(err, bus.ErrRejected) {
		t.Errorf("a full stream is transient, got a rejection: %v", err)
	}
}

func TestPublishTooLargeIsRejected(t *testing.T) {
	srv := bustest.NewServer(t)
	js, err := bus.NewJetStream(srv.Conn(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx := testCtx(t)
	c := bus.DefaultConfig()
	if err := bus.EnsureStreams(ctx, js, &c); err != nil {
		t.Fatal(err)
	}
	m := nats.NewMsg(c.Subjects().Event("visit", "fa", "irna", "e_big"))
	m.Data = make([]byte, 2<<20) // over the server's 1 MiB max payload
	if _, err := bus.NewPublisher(js).Publish(ctx, m, "e_big"); !errors.Is(err, bus.ErrRejected) {
		t.Errorf("publishing 2 MiB: err = %v, want ErrRejected", err)
	}
}

func TestParkOnDead(t *testing.T) {
	srv := bustest.NewServer(t)
	js, err := bus.NewJetStream(srv.Conn(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx := testCtx(t)
	c := bus.DefaultConfig()
	if err := bus.EnsureStreams(ctx, js, &c); err != nil {
		t.Fatal(err)
	}
	pub := bus.NewPublisher(js)
	d := bus.DeadLetter{Stage: "extractor", Reason: "invalid_article", Error: "bad\nthing", Stream: "ARTICLES",
		Subject: "articles.fa.irna.a_1", StreamSeq: 7, Deliveries: 2, Source: "irna", Time: time.Unix(100, 0).UTC()}
	for _, original := range [][]byte{[]byte(`{"id":"a_1"}`), []byte("not json \xff")} {
		d.StreamSeq++
		if err := pub.Park(ctx, c.Subjects(), d, original); err != nil {
			t.Fatal(err)
		}
		s, err := js.Stream(ctx, bus.StreamDead)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := s.GetLastMsgForSubject(ctx, "dead.extractor.irna")
		if err != nil {
			t.Fatal(err)
		}
		if got := raw.Header.Get(bus.HeaderDeadReason); got != "invalid_article" {
			t.Errorf("reason header = %q", got)
		}
		if got := raw.Header.Get(bus.HeaderDeadError); got != "bad thing" {
			t.Errorf("error header = %q, want the error on one line", got)
		}
		var body bus.DeadLetter
		if err := json.Unmarshal(raw.Data, &body); err != nil {
			t.Fatal(err)
		}
		var gotOriginal []byte
		if body.Data != nil {
			gotOriginal = body.Data
		} else {
			gotOriginal = body.DataBase64
		}
		if string(gotOriginal) != string(original) {
			t.Errorf("original data = %q, want %q", gotOriginal, original)
		}
		body.Data, body.DataBase64 = nil, nil
		if diff := cmp.Diff(d, body); diff != "" {
			t.Errorf("dead letter body (-want +got):\n%s", diff)
		}
	}
}

func TestPrepareArticle(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      news.Article
		wantID  string
		wantSrc string
		wantErr bool
	}{
		{"id kept", news.Article{ID: "fa-001", URL: "https://x/1", Source: "irna", Lang: "fa", Text: "t"}, "fa-001", "irna", false},
		{"id from canonical", news.Article{URL: "https://x/1?utm=1", CanonicalURL: "https://x/1", Source: "irna", Lang: "fa", Text: "t"}, news.ArticleID("https://x/1"), "irna", false},
		{"id from url", news.Article{URL: "https://x/2", Source: "irna", Lang: "vi", Text: "t"}, news.ArticleID("https://x/2"), "irna", false},
		{"no source", news.Article{ID: "a_1", Lang: "vi", Text: "t"}, "a_1", bus.UnknownSource, false},
		{"nothing to derive an id", news.Article{Source: "irna", Lang: "fa", Text: "t"}, "", "", true},
		{"bad id token", news.Article{ID: "A.1", Source: "irna", Lang: "fa", Text: "t"}, "", "", true},
		{"bad lang", news.Article{ID: "a_1", Source: "irna", Lang: "en", Text: "t"}, "", "", true},
		{"no text", news.Article{ID: "a_1", Source: "irna", Lang: "fa"}, "", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.in
			err := bus.PrepareArticle(&a)
			if tc.wantErr {
				if !errors.Is(err, news.ErrInvalidArticle) {
					t.Errorf("err = %v, want ErrInvalidArticle", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if a.ID != tc.wantID || a.Source != tc.wantSrc {
				t.Errorf("id, source = %q, %q; want %q, %q", a.ID, a.Source, tc.wantID, tc.wantSrc)
			}
		})
	}
}

func TestEmbeddedStoreLockAndRestart(t *testing.T) {
	dir := t.TempDir()
	e, err := bus.StartEmbedded(bus.EmbeddedConfig{DataDir: dir, Listen: "127.0.0.1:0"}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bus.StartEmbedded(bus.EmbeddedConfig{DataDir: dir}, quiet); !errors.Is(err, bus.ErrStoreLocked) {
		t.Errorf("second server on one store: err = %v, want ErrStoreLocked", err)
	}
	if e.ClientURL() == "" {
		t.Error("a listening server has no client URL")
	}
	// A TCP client and an in-process one see the same server.
	tcp, err := nats.Connect(e.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	tcp.Close()
	nc, err := e.Connect("test")
	if err != nil {
		t.Fatal(err)
	}
	js, err := bus.NewJetStream(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx := testCtx(t)
	c := bus.DefaultConfig()
	if err := bus.EnsureStreams(ctx, js, &c); err != nil {
		t.Fatal(err)
	}
	m, err := c.Subjects().ArticleMsg(sampleArticle("a_1"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bus.NewPublisher(js).Publish(ctx, m, "a_1"); err != nil {
		t.Fatal(err)
	}
	nc.Close()
	e.Shutdown()

	// The store survives; the lock is released.
	e, err = bus.StartEmbedded(bus.EmbeddedConfig{DataDir: dir}, quiet)
	if err != nil {
		t.Fatalf("restart on the same store: %v", err)
	}
	defer e.Shutdown()
	if e.ClientURL() != "" {
		t.Errorf("a server with no listener has client URL %q", e.ClientURL())
	}
	nc, err = e.Connect("test")
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err = jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	s, err := js.Stream(ctx, bus.StreamArticles)
	if err != nil {
		t.Fatal(err)
	}
	if n := s.CachedInfo().State.Msgs; n != 1 {
		t.Errorf("ARTICLES has %d messages after a restart, want 1", n)
	}
}

func TestEmbeddedBusyPort(t *testing.T) {
	srv := bustest.NewServer(t)
	addr := strings.TrimPrefix(srv.URL(), "nats://")
	_, err := bus.StartEmbedded(bus.EmbeddedConfig{DataDir: t.TempDir(), Listen: addr}, quiet)
	if err == nil || !strings.Contains(err.Error(), "not free") {
		t.Errorf("listening on a busy port: err = %v, want a clear error", err)
	}
}

func TestEnsureKV(t *testing.T) {
	srv := bustest.NewServer(t)
	js := srv.JetStream(t)
	ctx := testCtx(t)
	kv, err := bus.EnsureKV(ctx, js, bus.KVConfig{Bucket: "http_validators", History: 1, TTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kv.Create(ctx, "k", []byte("v1")); err != nil {
		t.Fatal(err)
	}
	// Again, with a change: the bucket and its values stay.
	kv, err = bus.EnsureKV(ctx, js, bus.KVConfig{Bucket: "http_validators", History: 1, TTL: 2 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	e, err := kv.Get(ctx, "k")
	if err != nil || string(e.Value()) != "v1" {
		t.Errorf("value after update = %v, %v", e, err)
	}
	st, err := kv.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.TTL() != 2*time.Hour {
		t.Errorf("TTL = %v after update, want 2h", st.TTL())
	}
	for _, bad := range []bus.KVConfig{{}, {Bucket: "b", Storage: "disk"}, {Bucket: "b", History: 65}} {
		if _, err := bus.EnsureKV(ctx, js, bad); !errors.Is(err, bus.ErrInvalidBucket) {
			t.Errorf("EnsureKV(%+v) = %v, want ErrInvalidBucket", bad, err)
		}
	}
}

func TestConnConfig(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    bus.ConnConfig
		ok   bool
	}{
		{"embedded", bus.ConnConfig{}, true},
		{"url", bus.ConnConfig{URL: "nats://a:4222,nats://b:4222"}, true},
		{"token", bus.ConnConfig{URL: "nats://a:4222", Token: "s3cret"}, true},
		{"two auths", bus.ConnConfig{URL: "nats://a:4222", Token: "s", Creds: "f"}, false},
		{"cert without key", bus.ConnConfig{URL: "tls://a:4222", TLS: bus.TLSConfig{Cert: "c"}}, false},
		{"token without url", bus.ConnConfig{Token: "s"}, false},
		{"not a url", bus.ConnConfig{URL: "a b"}, false},
	} {
		err := tc.c.Validate()
		if (err == nil) != tc.ok {
			t.Errorf("%s: Validate() = %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
	r := bus.ConnConfig{URL: "nats://user:pw@a:4222,nats://tok@b:4222", Token: "s3cret"}.Redacted()
	for _, secret := range []string{"pw", "tok", "s3cret"} {
		if strings.Contains(r.URL+r.Token, secret) {
			t.Errorf("redacted config still shows %q: %+v", secret, r)
		}
	}
}
