package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pipeline/bus/bustest"
	"github.com/tinkhabar/tinkhabar/pipeline/extractor/bench"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

func quietGlobals() *globals {
	return &globals{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

func busCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// corpusLines returns n sample articles as JSON lines (with ids, as the corpus has them).
func corpusLines(t *testing.T, n int) []string {
	t.Helper()
	arts, err := bench.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range arts[:n] {
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

func TestPublishCounts(t *testing.T) {
	srv := bustest.NewServer(t)
	js, err := bus.NewJetStream(srv.Conn(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx := busCtx(t)
	cfg := bus.DefaultConfig()
	if err := ensureStreamsExist(ctx, js, &cfg); err != nil {
		t.Fatal(err)
	}
	good := corpusLines(t, 3)
	input := strings.Join([]string{
		good[0],
		good[1],
		"",       // blank lines are skipped
		good[0],  // line 4: the same article again
		`{"id":`, // line 5: not JSON
		`{"id":"x1","lang":"en","text":"hello","source":"bbc"}`, // line 6: a language tinkhabar does not read
		`{"lang":"fa","text":"متن"}`,                            // line 7: nothing to make an id from
		good[2],
		`{"url":"https://example.com/a?b=1","lang":"vi","text":"Bài viết 12."}`, // line 9: id from the URL, source unknown
	}, "\n")

	rep, err := publishArticles(ctx, js, cfg.Subjects(), strings.NewReader(input))
	if err != nil {
		t.Fatal(err)
	}
	if rep.New != 4 || rep.Duplicate != 1 || len(rep.Failed) != 0 {
		t.Errorf("new %d, duplicate %d, failed %v; want 4, 1, none", rep.New, rep.Duplicate, rep.Failed)
	}
	wantRejected := map[int]string{5: "not a JSON article", 6: `lang "en"`, 7: "no id, url or canonical_url"}
	if len(rep.Rejected) != len(wantRejected) {
		t.Errorf("rejected lines %v, want %v", rep.Rejected, wantRejected)
	}
	for line, want := range wantRejected {
		if !strings.Contains(rep.Rejected[line], want) {
			t.Errorf("line %d: reason %q, want one mentioning %q", line, rep.Rejected[line], want)
		}
	}
	var out bytes.Buffer
	printPublishReport(&out, "in.jsonl", rep)
	for _, want := range []string{
		"in.jsonl:5: rejected: not a JSON article",
		"in.jsonl:6: rejected: invalid article: lang \"en\"",
		"in.jsonl: 4 new, 1 duplicate, 3 rejected\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}

	// The source-less article is stored under "unknown", with its id from the URL.
	s, err := js.Stream(ctx, cfg.Articles.Name)
	if err != nil {
		t.Fatal(err)
	}
	subj := cfg.Subjects().Article("vi", bus.UnknownSource, news.ArticleID("https://example.com/a?b=1"))
	if _, err := s.GetLastMsgForSubject(ctx, subj); err != nil {
		t.Errorf("no article on %s: %v", subj, err)
	}

	// Everything again: nothing new.
	rep, err = publishArticles(ctx, js, cfg.Subjects(), strings.NewReader(input))
	if err != nil {
		t.Fatal(err)
	}
	if rep.New != 0 || rep.Duplicate != 5 {
		t.Errorf("second run: %d new, %d duplicate; want 0 and 5", rep.New, rep.Duplicate)
	}
}

// The command itself: it exits with an error when a line was rejected, and not otherwise.
func TestPublishCommandExitStatus(t *testing.T) {
	srv := bustest.NewServer(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.jsonl")
	bad := filepath.Join(dir, "bad.jsonl")
	lines := corpusLines(t, 2)
	if err := os.WriteFile(good, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte(lines[0]+"\nnot json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := publishCmd{busFlags: busFlags{NATS: srv.URL()}, File: good}
	if err := cmd.Run(quietGlobals()); err != nil {
		t.Errorf("publishing valid articles: %v", err)
	}
	cmd.File = bad
	if err := cmd.Run(quietGlobals()); err == nil {
		t.Error("publishing a file with a bad line returned no error")
	}
}

func sampleEvents() []news.Event {
	pub := "2025-11-29T08:40:00Z"
	evs := []news.Event{
		{Type: news.TypeVisit, Lang: "fa", Status: news.StatusPlanned, DurationDays: 1,
			Article:  news.ArticleRef{ID: "a_1", URL: "https://mehrnews.com/1", Source: "mehrnews", Published: pub},
			Date:     &news.Date{Value: "2025-12-01", Precision: "day", Calendar: "persian"},
			Location: &news.Location{ID: "ir/kerman", Name: "Kerman", Native: "کرمان", Country: "IR", Level: "province"},
			Visitor:  &news.Visitor{Name: "محمدحسین رستگار", Role: "minister"}},
		{Type: news.TypeProjectCount, Lang: "fa", Status: news.StatusPlanned, Count: 347, Qualifier: news.QualExact,
			ProjectKind: "پروژه ارتباطی",
			Article:     news.ArticleRef{ID: "a_1", URL: "https://mehrnews.com/1", Source: "mehrnews", Published: pub},
			Location:    &news.Location{ID: "ir/kerman", Name: "Kerman", Native: "کرمان", Country: "IR", Level: "province"},
			Investment:  &news.Money{Amount: 20000000000000, Currency: "IRR", Qualifier: news.QualExact}},
		{Type: news.TypeAgreement, Lang: "vi", Status: news.StatusDone, AgreementKind: news.KindStrategic,
			Article: news.ArticleRef{ID: "a_2", URL: "https://baogialai.com.vn/2", Source: "baogialai"},
			Date:    &news.Date{Value: "2025-10-23", Precision: "day", Calendar: "gregorian"},
			Parties: []news.Party{{ID: "vn/gia-lai", Name: "UBND tỉnh Gia Lai"}, {ID: "org/vnpt", Name: "VNPT"}},
			Topic:   "chuyển đổi số", Period: &news.Period{From: 2025, To: 2030, Horizon: 2035}},
		{Type: news.TypeProjectCount, Lang: "vi", Status: news.StatusOngoing, Count: 1250, Qualifier: news.QualAtLeast,
			Article:  news.ArticleRef{ID: "a_3", Source: "vnexpress"},
			Location: &news.Location{ID: "vn/quang-nam", Name: "Quang Nam", Native: "Quảng Nam", CurrentID: "vn/da-nang", Country: "VN", Level: "province"}},
	}
	for i := range evs {
		evs[i].ID = news.EventID(evs[i].Article.ID, evs[i].Type, evs[i].Key())
	}
	return evs
}

func TestFormatEvent(t *testing.T) {
	want := []string{
		"VISIT      2025-12-01  planned  Minister محمدحسین رستگار → Kerman (کرمان), 1 day  [mehrnews/fa]",
		"PROJECTS   no date     planned  347 projects (پروژه ارتباطی) in Kerman (کرمان), 20,000,000,000,000 IRR  [mehrnews/fa]",
		"AGREEMENT  2025-10-23  done     Strategic cooperation: UBND tỉnh Gia Lai + VNPT, on chuyển đổi số, 2025–2030 (to 2035)  [baogialai/vi]",
		"PROJECTS   no date     ongoing  at least 1,250 projects in Quang Nam (Quảng Nam), now vn/da-nang  [vnexpress/vi]",
	}
	var got []string
	for _, ev := range sampleEvents() {
		got = append(got, formatEvent(&ev))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func publishEvents(t *testing.T, ctx context.Context, js jetstream.JetStream, cfg *bus.Config, evs []news.Event) {
	t.Helper()
	pub := bus.NewPublisher(js)
	for i := range evs {
		m, err := cfg.Subjects().EventMsg(&evs[i], evs[i].Article.Source, time.Unix(1764400000, 0))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pub.Publish(ctx, m, evs[i].ID); err != nil {
			t.Fatal(err)
		}
	}
}

func TestTail(t *testing.T) {
	srv := bustest.NewServer(t)
	js, err := bus.NewJetStream(srv.Conn(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx := busCtx(t)
	cfg := bus.DefaultConfig()
	if err := bus.EnsureStreams(ctx, js, &cfg); err != nil {
		t.Fatal(err)
	}
	evs := sampleEvents()
	publishEvents(t, ctx, js, &cfg, evs)

	run := func(opts tailOptions) []string {
		t.Helper()
		var out bytes.Buffer
		if err := tailEvents(ctx, js, &cfg, opts, &out); err != nil {
			t.Fatal(err)
		}
		return strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	}

	all := run(tailOptions{all: true, count: 4})
	for i, line := range all {
		if line != formatEvent(&evs[i]) {
			t.Errorf("line %d = %q, want %q", i, line, formatEvent(&evs[i]))
		}
	}
	got := run(tailOptions{all: true, count: 2, typ: news.TypeProjectCount})
	if diff := cmp.Diff([]string{formatEvent(&evs[1]), formatEvent(&evs[3])}, got); diff != "" {
		t.Errorf("--type project_count (-want +got):\n%s", diff)
	}
	got = run(tailOptions{all: true, count: 1, lang: "vi", source: "baogialai"})
	if diff := cmp.Diff([]string{formatEvent(&evs[2])}, got); diff != "" {
		t.Errorf("--lang vi --source baogialai (-want +got):\n%s", diff)
	}
	for i, line := range run(tailOptions{all: true, count: 4, json: true}) {
		ev, _, err := news.UnmarshalEnvelope([]byte(line))
		if err != nil {
			t.Fatalf("--json line %d: %v", i, err)
		}
		if ev.ID != evs[i].ID {
			t.Errorf("--json line %d is event %s, want %s", i, ev.ID, evs[i].ID)
		}
	}

	// Without --all, only events that arrive after the start are printed.
	before := consumerNames(t, ctx, js, cfg.Events.Name)
	done := make(chan []string)
	go func() {
		var out bytes.Buffer
		err := tailEvents(ctx, js, &cfg, tailOptions{count: 1}, &out)
		if err != nil {
			t.Error(err)
		}
		done <- strings.Split(strings.TrimSpace(out.String()), "\n")
	}()
	waitForNewConsumer(t, ctx, js, cfg.Events.Name, before)
	fresh := sampleEvents()[:1]
	fresh[0].Article.ID = "a_new"
	fresh[0].ID = news.EventID("a_new", fresh[0].Type, fresh[0].Key())
	publishEvents(t, ctx, js, &cfg, fresh)
	if diff := cmp.Diff([]string{formatEvent(&fresh[0])}, <-done); diff != "" {
		t.Errorf("live tail (-want +got):\n%s", diff)
	}
}

// consumerNames lists a stream's consumers.
func consumerNames(t *testing.T, ctx context.Context, js jetstream.JetStream, stream string) map[string]bool {
	t.Helper()
	s, err := js.Stream(ctx, stream)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	lister := s.ConsumerNames(ctx)
	for n := range lister.Name() {
		names[n] = true
	}
	if err := lister.Err(); err != nil {
		t.Fatal(err)
	}
	return names
}

// waitForNewConsumer waits until a stream has a consumer that is not in before (tail's
// ordered consumer; the consumers of earlier tails may linger for a while).
func waitForNewConsumer(t *testing.T, ctx context.Context, js jetstream.JetStream, stream string, before map[string]bool) {
	t.Helper()
	for {
		for n := range consumerNames(t, ctx, js, stream) {
			if !before[n] {
				return
			}
		}
		select {
		case <-ctx.Done():
			t.Fatal("tail's consumer never appeared")
		case <-time.After(10 * time.Millisecond):
		}
	}
}

func TestStreams(t *testing.T) {
	srv := bustest.NewServer(t)
	js, err := bus.NewJetStream(srv.Conn(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx := busCtx(t)
	cfg := bus.DefaultConfig()
	if err := bus.EnsureStreams(ctx, js, &cfg); err != nil {
		t.Fatal(err)
	}
	rep, err := publishArticles(ctx, js, cfg.Subjects(), strings.NewReader(strings.Join(corpusLines(t, 5), "\n")))
	if err != nil || rep.New != 5 {
		t.Fatalf("publishing: %+v, %v", rep, err)
	}
	publishEvents(t, ctx, js, &cfg, sampleEvents())

	// A consumer that took three articles and acknowledged two: 2 pending + 1 unacked.
	cons, err := js.CreateOrUpdateConsumer(ctx, cfg.Articles.Name, jetstream.ConsumerConfig{
		Durable: "extractor", AckPolicy: jetstream.AckExplicitPolicy, AckWait: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	batch, err := cons.Fetch(3, jetstream.FetchMaxWait(5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for m := range batch.Messages() {
		if n < 2 {
			if err := m.DoubleAck(ctx); err != nil {
				t.Fatal(err)
			}
		}
		n++
	}
	pub := bus.NewPublisher(js)
	for i, reason := range []string{"invalid_article", "invalid_article", "too_many_deliveries"} {
		d := bus.DeadLetter{Stage: "extractor", Reason: reason, Error: "e", Stream: cfg.Articles.Name,
			Subject: "articles.fa.irna.x", StreamSeq: uint64(100 + i), Source: "irna"}
		if err := pub.Park(ctx, cfg.Subjects(), d, []byte("{}")); err != nil {
			t.Fatal(err)
		}
	}

	got, err := collectStreams(ctx, js, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i := range got.Streams {
		got.Streams[i].Bytes = 0 // sizes depend on the server's encoding
	}
	want := streamsReport{
		Streams: []streamRow{
			{Name: "ARTICLES", Exists: true, Messages: 5, Lag: 3, Dead: 3},
			{Name: "EVENTS", Exists: true, Messages: 4},
			{Name: "JOBS", Exists: true},
			{Name: "DEAD", Exists: true, Messages: 3},
		},
		Consumers: []consumerRow{{Stream: "ARTICLES", Name: "extractor", Pending: 2, AckPending: 1}},
		Dead: []deadRow{
			{Stage: "extractor", Stream: "ARTICLES", Reason: "invalid_article", Count: 2},
			{Stage: "extractor", Stream: "ARTICLES", Reason: "too_many_deliveries", Count: 1},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	var out bytes.Buffer
	printStreams(&out, got)
	for _, line := range []string{
		"STREAM    MESSAGES  BYTES  LAG  DEAD",
		"ARTICLES         5    0 B    3     3",
		"extractor  ARTICLES        2        1            0              0",
		"extractor     ARTICLES  too_many_deliveries      1",
	} {
		if !strings.Contains(out.String(), line) {
			t.Errorf("output lacks %q:\n%s", line, out.String())
		}
	}
}

func TestStreamsBeforeAnything(t *testing.T) {
	srv := bustest.NewServer(t)
	js, err := bus.NewJetStream(srv.Conn(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg := bus.DefaultConfig()
	rep, err := collectStreams(busCtx(t), js, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range rep.Streams {
		if s.Exists {
			t.Errorf("stream %s reported on an empty server", s.Name)
		}
	}
}

func TestBusFlagsPrecedence(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(file, []byte("nats:\n  url: nats://file:4222\n  data: /from/file\nextractor:\n  workers: 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		flags    busFlags
		url, dat string
	}{
		{"defaults", busFlags{}, "", "./data"},
		{"file", busFlags{Config: file}, "nats://file:4222", "/from/file"},
		{"flag url over file", busFlags{Config: file, NATS: "nats://flag:4222"}, "nats://flag:4222", "/from/file"},
		{"flag data means the store", busFlags{Config: file, Data: "/flag"}, "", "/flag"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := tc.flags.load()
			if err != nil {
				t.Fatal(err)
			}
			if c.NATS.URL != tc.url || c.NATS.Data != tc.dat {
				t.Errorf("url, data = %q, %q; want %q, %q", c.NATS.URL, c.NATS.Data, tc.url, tc.dat)
			}
		})
	}
}

// A store another process has open is refused with a message that says what to do.
func TestOpenLockedStore(t *testing.T) {
	dir := t.TempDir()
	emb, err := bus.StartEmbedded(bus.EmbeddedConfig{DataDir: dir}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer emb.Shutdown()
	f := busFlags{Data: dir}
	_, _, err = f.open(quietGlobals(), "test")
	if !errors.Is(err, bus.ErrStoreLocked) || !strings.Contains(err.Error(), "--nats") {
		t.Errorf("err = %v, want ErrStoreLocked with advice to use --nats", err)
	}
}

// With no flags, a command tries the URL `run` listens on, then the store, and never creates
// a store that is not there.
func TestOpenFallback(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "data")
	cfgFile := filepath.Join(dir, "c.yaml")
	// A listen address nobody listens on.
	if err := os.WriteFile(cfgFile, []byte("nats:\n  listen: 127.0.0.1:1\n  data: "+store+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f := busFlags{Config: cfgFile}
	if _, _, err := f.open(quietGlobals(), "test"); !errors.Is(err, bus.ErrNoBus) {
		t.Errorf("err = %v, want ErrNoBus", err)
	}
	if _, err := os.Stat(store); err == nil {
		t.Error("the fallback created a store")
	}
	if err := os.Mkdir(store, 0o750); err != nil {
		t.Fatal(err)
	}
	s, _, err := f.open(quietGlobals(), "test")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.FellBack == "" || s.Where != "store "+store {
		t.Errorf("session %q (fell back: %q), want the store", s.Where, s.FellBack)
	}
}
