package archive_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tinkhabar/tinkhabar/pipeline/archive"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

func TestFilterValidate(t *testing.T) {
	day := time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)
	many := make([]string, 40)
	for i := range many {
		many[i] = strings.Repeat("s", i+1)
	}
	for _, tc := range []struct {
		name string
		f    archive.Filter
		ok   bool
	}{
		{"zero selects everything", archive.Filter{}, true},
		{"languages and tokens", archive.Filter{Langs: []string{"fa", "vi"}, Sources: []string{"mehrnews"}, Types: []string{"visit"}}, true},
		{"bounds with a basis", archive.Filter{Since: day, Until: day.Add(time.Hour), By: archive.ByArchived}, true},
		{"open end", archive.Filter{Since: day, By: archive.ByPublished}, true},
		{"unknown language", archive.Filter{Langs: []string{"en"}}, false},
		{"source with a dot", archive.Filter{Sources: []string{"mehr.news"}}, false},
		{"type with a wildcard", archive.Filter{Types: []string{"*"}}, false},
		{"bound without a basis", archive.Filter{Since: day}, false},
		{"since after until", archive.Filter{Since: day, Until: day, By: archive.ByPublished}, false},
		{"too many combinations", archive.Filter{Langs: []string{"fa", "vi"}, Sources: many, Types: []string{"a", "b", "c", "d"}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.f.Validate()
			if (err == nil) != tc.ok {
				t.Fatalf("Validate() = %v, want ok %v", err, tc.ok)
			}
			if err != nil && !errors.Is(err, archive.ErrInvalidFilter) {
				t.Errorf("error %v does not wrap ErrInvalidFilter", err)
			}
		})
	}
}

func TestParseBy(t *testing.T) {
	for in, want := range map[string]archive.By{"published": archive.ByPublished, "archived": archive.ByArchived} {
		got, err := archive.ParseBy(in)
		if err != nil || got != want || got.String() != in {
			t.Errorf("ParseBy(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := archive.ParseBy("fetched"); err == nil {
		t.Error("ParseBy(fetched) succeeded")
	}
}

// timedArticles returns n corpus-based articles with the given language, source and
// publication times one hour apart from start.
func timedArticles(t *testing.T, n int, start time.Time) []news.Article {
	t.Helper()
	base := corpus(t)
	out := make([]news.Article, n)
	for i := range out {
		a := base[i%len(base)]
		a.ID = ""
		a.URL = a.URL + "?t=" + start.Format("20060102") + "-" + string(rune('a'+i%26)) + strings.Repeat("x", i/26)
		p := start.Add(time.Duration(i) * time.Hour)
		a.Published = &p
		out[i] = a
	}
	return out
}

func articleIDs(t *testing.T, e *env, f archive.Filter) []string {
	t.Helper()
	var ids []string
	var last uint64
	_, err := e.r.Articles(ctxFor(t, 30*time.Second), f, archive.Options{}, func(rec archive.Record, a *news.Article) error {
		if rec.Seq <= last {
			t.Errorf("sequence %d after %d: not archive order", rec.Seq, last)
		}
		last = rec.Seq
		ids = append(ids, a.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestArticlesFilters(t *testing.T) {
	e := newEnv(t)
	start := time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)
	first := timedArticles(t, 40, start)
	e.publishArticles(first)
	time.Sleep(20 * time.Millisecond)
	cut := time.Now()
	time.Sleep(20 * time.Millisecond)
	second := timedArticles(t, 40, start.Add(40*time.Hour))
	second[0].Published = nil // unknown publication time
	e.publishArticles(second)
	all := append(slices.Clone(first), second...)

	want := func(keep func(i int, a news.Article) bool) []string {
		var ids []string
		for i, a := range all {
			if keep(i, a) {
				ids = append(ids, a.ID)
			}
		}
		return ids
	}
	for _, tc := range []struct {
		name string
		f    archive.Filter
		keep func(i int, a news.Article) bool
	}{
		{"everything in archive order", archive.Filter{}, func(int, news.Article) bool { return true }},
		{"one language", archive.Filter{Langs: []string{"vi"}}, func(_ int, a news.Article) bool { return a.Lang == "vi" }},
		{"two sources", archive.Filter{Sources: []string{"mehrnews", "vnexpress"}}, func(_ int, a news.Article) bool {
			return a.Source == "mehrnews" || a.Source == "vnexpress"
		}},
		{"language and source", archive.Filter{Langs: []string{"fa"}, Sources: []string{"irna"}}, func(_ int, a news.Article) bool {
			return a.Lang == "fa" && a.Source == "irna"
		}},
		{"published period", archive.Filter{By: archive.ByPublished, Since: start.Add(10 * time.Hour), Until: start.Add(50 * time.Hour)},
			func(_ int, a news.Article) bool {
				return a.Published != nil && !a.Published.Before(start.Add(10*time.Hour)) && a.Published.Before(start.Add(50*time.Hour))
			}},
		{"published since, unknown left out", archive.Filter{By: archive.ByPublished, Since: start.Add(30 * time.Hour)},
			func(_ int, a news.Article) bool {
				return a.Published != nil && !a.Published.Before(start.Add(30*time.Hour))
			}},
		{"archived since", archive.Filter{By: archive.ByArchived, Since: cut}, func(i int, _ news.Article) bool { return i >= 40 }},
		{"archived until", archive.Filter{By: archive.ByArchived, Until: cut}, func(i int, _ news.Article) bool { return i < 40 }},
		{"archived until, vi", archive.Filter{By: archive.ByArchived, Until: cut, Langs: []string{"vi"}}, func(i int, a news.Article) bool {
			return i < 40 && a.Lang == "vi"
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := articleIDs(t, e, tc.f)
			if diff := cmp.Diff(want(tc.keep), got); diff != "" {
				t.Errorf("articles (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := e.r.Articles(ctxFor(t, 10*time.Second), archive.Filter{Types: []string{"visit"}}, archive.Options{}, nil); !errors.Is(err, archive.ErrInvalidFilter) {
		t.Errorf("a type filter on articles: err = %v, want ErrInvalidFilter", err)
	}
}

// TestReadLeavesConsumersAlone checks that a read neither moves a durable consumer nor leaves
// a consumer of its own behind.
func TestReadLeavesConsumersAlone(t *testing.T) {
	e := newEnv(t)
	e.publishArticles(corpus(t))
	ctx := ctxFor(t, 30*time.Second)
	durable, err := e.js.CreateOrUpdateConsumer(ctx, e.bus.Articles.Name, jetstream.ConsumerConfig{
		Durable: "stage", AckPolicy: jetstream.AckExplicitPolicy, FilterSubject: e.bus.Subjects().ArticlesAll(),
	})
	if err != nil {
		t.Fatal(err)
	}
	// The stage has taken 5 articles and acked none yet.
	batch, err := durable.Fetch(5)
	if err != nil {
		t.Fatal(err)
	}
	for range batch.Messages() {
	}
	before, err := durable.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}

	if got := len(articleIDs(t, e, archive.Filter{})); got != 80 {
		t.Fatalf("read %d articles, want 80", got)
	}

	after, err := durable.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if before.NumPending != after.NumPending || before.NumAckPending != after.NumAckPending || before.Delivered.Stream != after.Delivered.Stream {
		t.Errorf("durable consumer moved: before pending %d ack-pending %d delivered %d, after %d %d %d",
			before.NumPending, before.NumAckPending, before.Delivered.Stream, after.NumPending, after.NumAckPending, after.Delivered.Stream)
	}
	stream, err := e.js.Stream(ctx, e.bus.Articles.Name)
	if err != nil {
		t.Fatal(err)
	}
	names := stream.ConsumerNames(ctx)
	var got []string
	for n := range names.Name() {
		got = append(got, n)
	}
	if diff := cmp.Diff([]string{"stage"}, got); diff != "" {
		t.Errorf("consumers after the read (-want +got):\n%s", diff)
	}
}

// TestReadStopsAtTheEndItSaw checks that a read ends at the last message stored when it
// began, even while more are being published.
func TestReadStopsAtTheEndItSaw(t *testing.T) {
	e := newEnv(t)
	arts := timedArticles(t, 60, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	e.publishArticles(arts[:30])
	n := 0
	_, err := e.r.Articles(ctxFor(t, 30*time.Second), archive.Filter{}, archive.Options{}, func(archive.Record, *news.Article) error {
		n++
		if n == 1 {
			e.publishArticles(arts[30:]) // arrives while the read is under way
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 30 {
		t.Errorf("read %d articles, want the 30 stored when the read began", n)
	}
}

func TestReadEmptyAndMissing(t *testing.T) {
	e := newEnv(t)
	var p countingProgress
	st, err := e.r.Events(ctxFor(t, 10*time.Second), archive.Filter{}, archive.Options{Progress: &p}, func(archive.Record, *news.Event, time.Time) error {
		t.Error("called on an empty stream")
		return nil
	})
	if err != nil || st.Read != 0 || p.starts != 1 || p.total != 0 {
		t.Errorf("empty EVENTS: stats %+v, err %v, progress %+v", st, err, p)
	}
	e.publishArticles(corpus(t)[:3])
	// A filter nothing matches, on a stream that is not empty.
	st, err = e.r.Articles(ctxFor(t, 10*time.Second), archive.Filter{Sources: []string{"nosuchsource"}}, archive.Options{}, func(archive.Record, *news.Article) error {
		t.Error("called for a filter that matches nothing")
		return nil
	})
	if err != nil || st.Read != 0 {
		t.Errorf("no match: stats %+v, err %v", st, err)
	}
	if err := e.js.DeleteStream(ctxFor(t, 10*time.Second), e.bus.Events.Name); err != nil {
		t.Fatal(err)
	}
	if _, err := e.r.Events(ctxFor(t, 10*time.Second), archive.Filter{}, archive.Options{}, nil); !errors.Is(err, jetstream.ErrStreamNotFound) {
		t.Errorf("missing stream: err = %v, want ErrStreamNotFound", err)
	}
}

type countingProgress struct {
	starts int
	total  int64
	added  int64
}

func (p *countingProgress) Start(total int64) { p.starts++; p.total = total }
func (p *countingProgress) Add(n int64)       { p.added += n }

func TestEventsFiltersAndInvalid(t *testing.T) {
	e := newEnv(t)
	arts := corpus(t)
	evs := extractAll(t, defaultEngine(t), arts)
	at := time.Date(2025, 12, 1, 10, 0, 0, 0, time.UTC)
	e.publishEvents(evs, at)
	// A message on an event subject that is not an event envelope.
	if _, err := e.js.Publish(ctxFor(t, 10*time.Second), e.bus.Subjects().Event("visit", "fa", "mehrnews", "e_bad"), []byte(`{"not":"an event"}`)); err != nil {
		t.Fatal(err)
	}

	var invalid []archive.InvalidRecord
	var p countingProgress
	var got []news.Event
	st, err := e.r.Events(ctxFor(t, 30*time.Second), archive.Filter{Types: []string{"visit", "agreement"}, Langs: []string{"fa"}},
		archive.Options{Progress: &p, OnInvalid: func(ir archive.InvalidRecord) { invalid = append(invalid, ir) }},
		func(_ archive.Record, ev *news.Event, extracted time.Time) error {
			if !extracted.Equal(at) {
				t.Errorf("event %s: extraction time %v, want %v", ev.ID, extracted, at)
			}
			got = append(got, *ev)
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	var want []news.Event
	for _, ev := range evs {
		if ev.Lang == "fa" && (ev.Type == "visit" || ev.Type == "agreement") {
			want = append(want, ev)
		}
	}
	if len(want) == 0 {
		t.Fatal("the corpus has no Persian visits or agreements: the test proves nothing")
	}
	// Events were published in extraction order, so archive order is the same.
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if len(invalid) != 1 || invalid[0].Record.Subject != e.bus.Subjects().Event("visit", "fa", "mehrnews", "e_bad") || !errors.Is(invalid[0].Err, news.ErrInvalidEnvelope) {
		t.Errorf("invalid records = %+v", invalid)
	}
	if st.Matched != len(want) || st.Invalid != 1 || st.Read != len(want)+1 {
		t.Errorf("stats %+v, want %d matched, 1 invalid", st, len(want))
	}
	if p.starts != 1 || p.added != int64(st.Read) || p.total < p.added {
		t.Errorf("progress %+v for %d messages read", p, st.Read)
	}
}
