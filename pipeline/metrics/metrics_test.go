package metrics_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pipeline/bus/bustest"
	"github.com/tinkhabar/tinkhabar/pipeline/metrics"
)

func TestStageCounters(t *testing.T) {
	reg := prometheus.NewRegistry()
	p, err := metrics.NewPipeline(reg)
	if err != nil {
		t.Fatal(err)
	}
	feeds := p.Stage("feeds")
	feeds.In("mehrnews")
	feeds.In("mehrnews")
	feeds.Out("mehrnews", 3)
	feeds.Out("mehrnews", 0) // nothing
	feeds.Error("Mehr News", "fetch")
	feeds.Dead("irna", "feed_unparseable")
	feeds.Fetch("irna", "feed", "ok", 300*time.Millisecond)
	feeds.Fetch("irna", "feed", "ok", 2*time.Second)

	// A second pipeline on the same registry shares the series.
	again, err := metrics.NewPipeline(reg)
	if err != nil {
		t.Fatal(err)
	}
	again.Stage("extractor").Out("irna", 2)

	// A nil pipeline gives a stage whose methods do nothing.
	var none *metrics.Pipeline
	none.Stage("x").In("y")

	want := `
# HELP tinkhabar_stage_items_in_total Messages a stage took in, by stage and source.
# TYPE tinkhabar_stage_items_in_total counter
tinkhabar_stage_items_in_total{source="mehrnews",stage="feeds"} 2
# HELP tinkhabar_stage_items_out_total Messages a stage published and JetStream stored as new, by stage and source.
# TYPE tinkhabar_stage_items_out_total counter
tinkhabar_stage_items_out_total{source="irna",stage="extractor"} 2
tinkhabar_stage_items_out_total{source="mehrnews",stage="feeds"} 3
# HELP tinkhabar_stage_errors_total Failures by stage, source and kind of error.
# TYPE tinkhabar_stage_errors_total counter
tinkhabar_stage_errors_total{kind="fetch",source="unknown",stage="feeds"} 1
# HELP tinkhabar_dead_letters_total Messages parked on DEAD, by stage, source and reason.
# TYPE tinkhabar_dead_letters_total counter
tinkhabar_dead_letters_total{reason="feed_unparseable",source="irna",stage="feeds"} 1
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "tinkhabar_stage_items_in_total",
		"tinkhabar_stage_items_out_total", "tinkhabar_stage_errors_total", "tinkhabar_dead_letters_total"); err != nil {
		t.Error(err)
	}
	if n, err := testutil.GatherAndCount(reg, "tinkhabar_fetch_duration_seconds"); err != nil || n != 1 {
		t.Errorf("fetch histogram series: %d, %v", n, err)
	}
}

func TestToken(t *testing.T) {
	for in, want := range map[string]string{
		"mehrnews": "mehrnews", "feed_unparseable": "feed_unparseable", "": "unknown", "Mehr": "unknown",
		"a b": "unknown", "a.b": "unknown", strings.Repeat("a", 64): strings.Repeat("a", 64), strings.Repeat("a", 65): "unknown",
	} {
		if got := metrics.Token(in); got != want {
			t.Errorf("Token(%q) = %q, want %q", in, got, want)
		}
	}
}

type sampleStats struct {
	Polled, NotModified uint64
	PageJobs            int
	HTTPErrors          int64
	MaxGap              time.Duration
	Note                string // ignored: not a number
}

func TestStatsCollector(t *testing.T) {
	n := uint64(0)
	c := metrics.StatsCollector("feeds", func() any {
		n++
		return sampleStats{Polled: n, NotModified: 2, PageJobs: 3, HTTPErrors: 4, MaxGap: 1500 * time.Millisecond, Note: "x"}
	})
	reg := prometheus.NewRegistry()
	reg.MustRegister(c)
	// A second stage beside it: the stage is a constant label, so both register.
	reg.MustRegister(metrics.StatsCollector("pages", func() any { return &sampleStats{Polled: 7} }))
	want := `
# HELP tinkhabar_stage_stats_total Counters a stage keeps in its Stats, by stat.
# TYPE tinkhabar_stage_stats_total counter
tinkhabar_stage_stats_total{stage="feeds",stat="http_errors"} 4
tinkhabar_stage_stats_total{stage="feeds",stat="not_modified"} 2
tinkhabar_stage_stats_total{stage="feeds",stat="page_jobs"} 3
tinkhabar_stage_stats_total{stage="feeds",stat="polled"} 1
tinkhabar_stage_stats_total{stage="pages",stat="http_errors"} 0
tinkhabar_stage_stats_total{stage="pages",stat="not_modified"} 0
tinkhabar_stage_stats_total{stage="pages",stat="page_jobs"} 0
tinkhabar_stage_stats_total{stage="pages",stat="polled"} 7
# HELP tinkhabar_stage_stats_seconds Durations a stage keeps in its Stats, by stat.
# TYPE tinkhabar_stage_stats_seconds gauge
tinkhabar_stage_stats_seconds{stage="feeds",stat="max_gap"} 1.5
tinkhabar_stage_stats_seconds{stage="pages",stat="max_gap"} 0
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want)); err != nil {
		t.Error(err)
	}
	// Each scrape reads the stats afresh.
	if err := testutil.GatherAndCompare(reg, strings.NewReader(strings.Replace(want, `stat="polled"} 1`, `stat="polled"} 2`, 1))); err != nil {
		t.Error(err)
	}
}

func TestJetStreamCollector(t *testing.T) {
	srv := bustest.NewServer(t)
	js, err := bus.NewJetStream(srv.Conn(t))
	if err != nil {
		t.Fatal(err)
	}
	bc := bus.DefaultConfig()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := bus.EnsureStreams(ctx, js, &bc); err != nil {
		t.Fatal(err)
	}
	sub := bc.Subjects()
	// Three articles, one of them read (not yet acked) by a durable consumer: lag 2.
	for i, id := range []string{"a_1", "a_2", "a_3"} {
		m := nats.NewMsg(sub.Article("fa", "irna", id))
		m.Data = []byte(`{}`)
		if _, err := js.PublishMsg(ctx, m); err != nil {
			t.Fatalf("article %d: %v", i, err)
		}
	}
	cons, err := js.CreateConsumer(ctx, bc.Articles.Name, jetstream.ConsumerConfig{Durable: "extractor", AckPolicy: jetstream.AckExplicitPolicy})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cons.Next(jetstream.FetchMaxWait(5 * time.Second)); err != nil {
		t.Fatal(err)
	}
	// An ephemeral consumer is left out.
	if _, err := js.OrderedConsumer(ctx, bc.Events.Name, jetstream.OrderedConsumerConfig{}); err != nil {
		t.Fatal(err)
	}
	// Two dead letters from the extractor for irna, one from feeds for an unknown source.
	pub := bus.NewPublisher(js)
	for i, d := range []bus.DeadLetter{
		{Stage: "extractor", Reason: "invalid_article", Source: "irna", Stream: "ARTICLES", StreamSeq: 1},
		{Stage: "extractor", Reason: "invalid_article", Source: "irna", Stream: "ARTICLES", StreamSeq: 2},
		{Stage: "feeds", Reason: "invalid_job", Source: "unknown", Stream: "JOBS", StreamSeq: 9},
	} {
		if err := pub.Park(ctx, sub, d, []byte(`{}`)); err != nil {
			t.Fatalf("dead letter %d: %v", i, err)
		}
	}
	// One failing feed of isna, as the feed workers record it.
	kv, err := bus.EnsureKV(ctx, js, bus.KVConfig{Bucket: "feed_health"})
	if err != nil {
		t.Fatal(err)
	}
	rec, _ := json.Marshal(map[string]any{"failures": 3, "next": time.Now().Add(time.Hour), "error": "HTTP 503"})
	if _, err := kv.Put(ctx, "isna.0123456789abcdef", rec); err != nil {
		t.Fatal(err)
	}

	c := metrics.JetStream(js, metrics.JetStreamConfig{Bus: bc, FeedHealthBucket: "feed_health", Sources: []string{"irna", "isna"}})
	reg := prometheus.NewRegistry()
	reg.MustRegister(c)
	want := `
# HELP tinkhabar_consumer_pending_messages Messages of a durable consumer's filter not yet delivered (its lag).
# TYPE tinkhabar_consumer_pending_messages gauge
tinkhabar_consumer_pending_messages{consumer="extractor",stream="ARTICLES"} 2
# HELP tinkhabar_consumer_ack_pending_messages Messages delivered to a durable consumer and not yet acknowledged.
# TYPE tinkhabar_consumer_ack_pending_messages gauge
tinkhabar_consumer_ack_pending_messages{consumer="extractor",stream="ARTICLES"} 1
# HELP tinkhabar_dead_messages Messages held on DEAD, by the stage that parked them and source.
# TYPE tinkhabar_dead_messages gauge
tinkhabar_dead_messages{source="irna",stage="extractor"} 2
tinkhabar_dead_messages{source="unknown",stage="feeds"} 1
# HELP tinkhabar_feed_consecutive_failures Consecutive failed polls of a feed now backing off.
# TYPE tinkhabar_feed_consecutive_failures gauge
tinkhabar_feed_consecutive_failures{feed="0123456789abcdef",source="isna"} 3
# HELP tinkhabar_jetstream_up 1 when the last scrape could read JetStream, 0 otherwise.
# TYPE tinkhabar_jetstream_up gauge
tinkhabar_jetstream_up 1
# HELP tinkhabar_source_up 1 when none of a source's feeds is failing, 0 otherwise.
# TYPE tinkhabar_source_up gauge
tinkhabar_source_up{source="irna"} 1
tinkhabar_source_up{source="isna"} 0
# HELP tinkhabar_stream_messages Messages held in a stream.
# TYPE tinkhabar_stream_messages gauge
tinkhabar_stream_messages{stream="ARTICLES"} 3
tinkhabar_stream_messages{stream="DEAD"} 3
tinkhabar_stream_messages{stream="EVENTS"} 0
tinkhabar_stream_messages{stream="JOBS"} 0
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "tinkhabar_consumer_pending_messages",
		"tinkhabar_consumer_ack_pending_messages", "tinkhabar_dead_messages", "tinkhabar_feed_consecutive_failures",
		"tinkhabar_jetstream_up", "tinkhabar_source_up", "tinkhabar_stream_messages"); err != nil {
		t.Error(err)
	}

	// With the server gone, a scrape still answers (within the timeout) and says so.
	srv.Stop()
	down := metrics.JetStream(js, metrics.JetStreamConfig{Bus: bc, Timeout: 300 * time.Millisecond})
	reg2 := prometheus.NewRegistry()
	reg2.MustRegister(down)
	if err := testutil.GatherAndCompare(reg2, strings.NewReader(`
# HELP tinkhabar_jetstream_up 1 when the last scrape could read JetStream, 0 otherwise.
# TYPE tinkhabar_jetstream_up gauge
tinkhabar_jetstream_up 0
`), "tinkhabar_jetstream_up"); err != nil {
		t.Error(err)
	}
}
