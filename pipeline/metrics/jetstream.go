package metrics

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
)

// JetStreamConfig says what the JetStream collector reads.
type JetStreamConfig struct {
	// Bus names the four streams and the subject prefix.
	Bus bus.Config
	// FeedHealthBucket is the key-value bucket where the feed workers keep each failing
	// feed's consecutive failures (feeds.Config.HealthBucket, "feed_health" by default); empty
	// leaves feed health out.
	FeedHealthBucket string
	// Sources are the configured source ids: each gets a tinkhabar_source_up series, 1 when
	// none of its feeds is failing. Sources seen only in the bucket are reported too.
	Sources []string
	// Timeout bounds the JetStream requests of one scrape (default 3 s).
	Timeout time.Duration
	// Logger receives one line per failed scrape; nil discards.
	Logger *slog.Logger
}

// JetStream returns a collector that asks JetStream at every scrape for:
//
//	tinkhabar_jetstream_up                                  1 when JetStream answered
//	tinkhabar_stream_messages{stream}, _bytes, _last_sequence
//	tinkhabar_consumer_pending_messages{stream,consumer}    consumer lag: messages not yet delivered
//	tinkhabar_consumer_ack_pending_messages{stream,consumer}
//	tinkhabar_consumer_redelivered_messages{stream,consumer}
//	tinkhabar_dead_messages{stage,source}                   messages held on DEAD
//	tinkhabar_feed_consecutive_failures{source,feed}        per failing feed
//	tinkhabar_source_up{source}                             1 when no feed of the source is failing
//
// Only durable consumers are reported (ephemeral ones, such as a browser's live stream, come
// and go with random names). A scrape never blocks longer than the timeout.
func JetStream(js jetstream.JetStream, cfg JetStreamConfig) prometheus.Collector {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 3 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	d := func(name, help string, labels ...string) *prometheus.Desc {
		return prometheus.NewDesc(Namespace+"_"+name, help, labels, nil)
	}
	return &jsCollector{
		js:    js,
		cfg:   cfg,
		up:    d("jetstream_up", "1 when the last scrape could read JetStream, 0 otherwise."),
		msgs:  d("stream_messages", "Messages held in a stream.", "stream"),
		bytes: d("stream_bytes", "Bytes held in a stream.", "stream"),
		last:  d("stream_last_sequence", "Sequence of the last message stored in a stream.", "stream"),
		pending: d("consumer_pending_messages", "Messages of a durable consumer's filter not yet delivered (its lag).",
			"stream", "consumer"),
		ackPending: d("consumer_ack_pending_messages", "Messages delivered to a durable consumer and not yet acknowledged.",
			"stream", "consumer"),
		redelivered: d("consumer_redelivered_messages", "Messages of a durable consumer delivered more than once and not yet acknowledged.",
			"stream", "consumer"),
		dead:     d("dead_messages", "Messages held on DEAD, by the stage that parked them and source.", "stage", "source"),
		failures: d("feed_consecutive_failures", "Consecutive failed polls of a feed now backing off.", "source", "feed"),
		sourceUp: d("source_up", "1 when none of a source's feeds is failing, 0 otherwise.", "source"),
	}
}

type jsCollector struct {
	js  jetstream.JetStream
	cfg JetStreamConfig

	up, msgs, bytes, last, pending, ackPending, redelivered, dead, failures, sourceUp *prometheus.Desc
}

func (c *jsCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.up, c.msgs, c.bytes, c.last, c.pending, c.ackPending, c.redelivered, c.dead, c.failures, c.sourceUp} {
		ch <- d
	}
}

func (c *jsCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), c.cfg.Timeout)
	defer cancel()
	var errs []error
	for _, name := range []string{c.cfg.Bus.Articles.Name, c.cfg.Bus.Events.Name, c.cfg.Bus.Jobs.Name, c.cfg.Bus.Dead.Name} {
		if err := c.collectStream(ctx, ch, name); err != nil {
			errs = append(errs, err)
		}
	}
	if err := c.collectFeeds(ctx, ch); err != nil {
		errs = append(errs, err)
	}
	up := 1.0
	if err := errors.Join(errs...); err != nil {
		up = 0
		c.cfg.Logger.Warn("metrics: reading jetstream", "error", err)
	}
	ch <- prometheus.MustNewConstMetric(c.up, prometheus.GaugeValue, up)
}

func (c *jsCollector) collectStream(ctx context.Context, ch chan<- prometheus.Metric, name string) error {
	s, err := c.js.Stream(ctx, name)
	if err != nil {
		return err
	}
	var opts []jetstream.StreamInfoOpt
	isDead := name == c.cfg.Bus.Dead.Name
	if isDead {
		opts = append(opts, jetstream.WithSubjectFilter(c.cfg.Bus.Subjects().DeadAll()))
	}
	info, err := s.Info(ctx, opts...)
	if err != nil {
		return err
	}
	ch <- prometheus.MustNewConstMetric(c.msgs, prometheus.GaugeValue, float64(info.State.Msgs), name)
	ch <- prometheus.MustNewConstMetric(c.bytes, prometheus.GaugeValue, float64(info.State.Bytes), name)
	ch <- prometheus.MustNewConstMetric(c.last, prometheus.GaugeValue, float64(info.State.LastSeq), name)
	if isDead {
		// dead.<stage>.<source>, after the prefix.
		prefix := c.cfg.Bus.Subjects().DeadAll()
		prefix = strings.TrimSuffix(prefix, ">")
		for subj, n := range info.State.Subjects {
			rest, ok := strings.CutPrefix(subj, prefix)
			if !ok {
				continue
			}
			stage, source, _ := strings.Cut(rest, ".")
			ch <- prometheus.MustNewConstMetric(c.dead, prometheus.GaugeValue, float64(n), Token(stage), Token(source))
		}
	}
	lister := s.ListConsumers(ctx)
	for ci := range lister.Info() {
		if ci.Config.Durable == "" {
			continue
		}
		ch <- prometheus.MustNewConstMetric(c.pending, prometheus.GaugeValue, float64(ci.NumPending), name, ci.Name)
		ch <- prometheus.MustNewConstMetric(c.ackPending, prometheus.GaugeValue, float64(ci.NumAckPending), name, ci.Name)
		ch <- prometheus.MustNewConstMetric(c.redelivered, prometheus.GaugeValue, float64(ci.NumRedelivered), name, ci.Name)
	}
	return lister.Err()
}

func (c *jsCollector) collectFeeds(ctx context.Context, ch chan<- prometheus.Metric) error {
	failing := map[string]bool{}
	defer func() {
		seen := map[string]bool{}
		for _, src := range c.cfg.Sources {
			seen[src] = true
			ch <- prometheus.MustNewConstMetric(c.sourceUp, prometheus.GaugeValue, boolFloat(!failing[src]), Token(src))
		}
		for src := range failing {
			if !seen[src] {
				ch <- prometheus.MustNewConstMetric(c.sourceUp, prometheus.GaugeValue, 0, Token(src))
			}
		}
	}()
	if c.cfg.FeedHealthBucket == "" {
		return nil
	}
	health, err := FeedHealth(ctx, c.js, c.cfg.FeedHealthBucket)
	if err != nil {
		return err
	}
	for _, h := range health {
		if h.Failures > 0 {
			failing[h.Source] = true
			ch <- prometheus.MustNewConstMetric(c.failures, prometheus.GaugeValue, float64(h.Failures), Token(h.Source), Token(h.Feed))
		}
	}
	return nil
}

// FeedState is the health record of one failing feed, as the feed workers keep it: the
// key-value key is "<source>.<feed digest>", and the record is deleted when the feed recovers.
type FeedState struct {
	Source   string    `json:"source"`
	Feed     string    `json:"feed"` // the digest of the feed URL (schedule.Key)
	Failures int       `json:"failures"`
	Next     time.Time `json:"next"`
	Error    string    `json:"error,omitempty"`
}

// FeedHealth reads every record of the feed health bucket. A bucket that does not exist yet
// (no feed worker has run) gives no records and no error.
func FeedHealth(ctx context.Context, js jetstream.JetStream, bucket string) ([]FeedState, error) {
	kv, err := js.KeyValue(ctx, bucket)
	if errors.Is(err, jetstream.ErrBucketNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	keys, err := kv.ListKeys(ctx)
	if err != nil {
		return nil, err
	}
	defer func() { _ = keys.Stop() }()
	var out []FeedState
	for k := range keys.Keys() {
		e, err := kv.Get(ctx, k)
		if errors.Is(err, jetstream.ErrKeyNotFound) {
			continue // recovered meanwhile
		}
		if err != nil {
			return out, err
		}
		var st FeedState
		if err := json.Unmarshal(e.Value(), &st); err != nil {
			continue
		}
		st.Source, st.Feed, _ = strings.Cut(k, ".")
		out = append(out, st)
	}
	return out, nil
}

func boolFloat(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
