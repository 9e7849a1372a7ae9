// Package feeds is the feed worker stage: it takes poll jobs from JOBS, fetches the feed
// politely (conditional GET, so an unchanged feed costs a 304), parses it, publishes items that
// carry their full text straight to ARTICLES, and puts a page job on JOBS for every other item
// not yet in ARTICLES. A feed that fails is logged once with its source and the reason, backed
// off exponentially per feed (in a key-value bucket, so every worker agrees) and polled again
// when the backoff ends; it is never given up.
package feeds

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pipeline/metrics"
	"github.com/tinkhabar/tinkhabar/pipeline/schedule"
	"github.com/tinkhabar/tinkhabar/pkg/feed"
	"github.com/tinkhabar/tinkhabar/pkg/fetch"
	"github.com/tinkhabar/tinkhabar/pkg/news"
	"github.com/tinkhabar/tinkhabar/pkg/scrape"
)

// Name is the stage name in logs and dead letters.
const Name = "feeds"

// Dead-letter reasons.
const (
	ReasonInvalidJob = "invalid_job"
	ReasonFetch      = "fetch_failed"
	ReasonParse      = "feed_unparseable"
	ReasonRejected   = "article_rejected"
)

// Config configures the stage.
type Config struct {
	Worker       schedule.WorkerConfig `yaml:"worker"`
	HealthBucket string                `yaml:"health_bucket"`
	Backoff      fetch.Backoff         `yaml:"backoff"`
}

// DefaultConfig: consumer "feeds", 4 jobs at once, 60 s ack wait, bucket "feed_health",
// backoff from one minute to six hours.
func DefaultConfig() Config {
	return Config{
		Worker:       schedule.WorkerConfig{Durable: "feeds", Workers: 4, AckWait: time.Minute, MaxAckPending: 64, ShutdownTimeout: 10 * time.Second},
		HealthBucket: "feed_health",
		Backoff:      fetch.DefaultBackoff,
	}
}

// Validate checks the configuration.
func (c Config) Validate() error {
	if err := c.Worker.Validate(); err != nil {
		return fmt.Errorf("feeds: %w", err)
	}
	if c.HealthBucket == "" || c.Backoff.Base <= 0 || c.Backoff.Max < c.Backoff.Base {
		return errors.New("feeds: health bucket and a backoff with 0 < base <= max are required")
	}
	return nil
}

// Deps are what the stage runs on. The fetcher should have been built with a ValidatorStore
// (NewKVValidators) for conditional GET.
type Deps struct {
	JS      jetstream.JetStream
	Bus     bus.Config
	Sources []schedule.Source
	Fetcher *fetch.Fetcher
	Logger  *slog.Logger
	// Metrics receives per-source counts and fetch latencies; nil records nothing.
	Metrics *metrics.Stage
	Now     func() time.Time
}

// Stats counts what the stage did.
type Stats struct {
	Polled, NotModified, Skipped, Failed uint64 // feed jobs
	Items, Articles, Duplicates, Known   uint64 // items; articles from full-text items
	PageJobs, Dead                       uint64
}

// Stage is the feed worker stage.
type Stage struct {
	cfg     Config
	deps    Deps
	sources map[string]*schedule.Source
	sub     bus.Subjects
	pub     *bus.Publisher
	log     *slog.Logger

	polled, notModified, skipped, failed     atomic.Uint64
	items, articles, duplicates, known, jobs atomic.Uint64
	dead                                     atomic.Uint64
}

// New checks the configuration and returns the stage. It does not touch the network.
func New(cfg Config, deps Deps) (*Stage, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := deps.Bus.Validate(); err != nil {
		return nil, fmt.Errorf("feeds: %w", err)
	}
	if deps.JS == nil || deps.Fetcher == nil {
		return nil, errors.New("feeds: JetStream and Fetcher are required")
	}
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.DiscardHandler)
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	s := &Stage{cfg: cfg, deps: deps, sources: map[string]*schedule.Source{}, sub: deps.Bus.Subjects(),
		pub: bus.NewPublisher(deps.JS), log: deps.Logger.With("stage", Name)}
	for i := range deps.Sources {
		s.sources[deps.Sources[i].ID] = &deps.Sources[i]
	}
	return s, nil
}

// Stats returns the counters; safe to call at any time.
func (s *Stage) Stats() Stats {
	return Stats{Polled: s.polled.Load(), NotModified: s.notModified.Load(), Skipped: s.skipped.Load(), Failed: s.failed.Load(),
		Items: s.items.Load(), Articles: s.articles.Load(), Duplicates: s.duplicates.Load(), Known: s.known.Load(),
		PageJobs: s.jobs.Load(), Dead: s.dead.Load()}
}

// Run works feed jobs until ctx is done (see schedule.Work), then returns nil.
func (s *Stage) Run(ctx context.Context) error {
	health, err := bus.EnsureKV(ctx, s.deps.JS, bus.KVConfig{Bucket: s.cfg.HealthBucket, Description: "tinkhabar: consecutive failures per feed"})
	if err != nil {
		return err
	}
	articles, err := s.deps.JS.Stream(ctx, s.deps.Bus.Articles.Name)
	if err != nil {
		return fmt.Errorf("feeds: opening %s: %w", s.deps.Bus.Articles.Name, err)
	}
	return schedule.Work(ctx, s.deps.JS, s.deps.Bus, schedule.KindFeed, s.cfg.Worker, s.log, func(ctx context.Context, m jetstream.Msg) {
		s.handle(ctx, m, health, articles)
	})
}

func (s *Stage) handle(ctx context.Context, m jetstream.Msg, health jetstream.KeyValue, articles jetstream.Stream) {
	var job schedule.FeedJob
	if err := json.Unmarshal(m.Data(), &job); err != nil {
		s.park(ctx, m, "unknown", ReasonInvalidJob, err)
		return
	}
	src, ok := s.sources[job.Source]
	if !ok {
		s.park(ctx, m, job.Source, ReasonInvalidJob, fmt.Errorf("unknown source %q", job.Source))
		return
	}
	log := s.log.With("source", src.ID, "feed", job.URL)
	hkey := src.ID + "." + schedule.Key(job.URL)
	var h feedHealth
	if e, err := health.Get(ctx, hkey); err == nil {
		_ = json.Unmarshal(e.Value(), &h)
	}
	if s.deps.Now().Before(h.Next) {
		s.skipped.Add(1) // backing off: the scheduler will offer it again
		_ = m.Ack()
		return
	}
	s.polled.Add(1)
	s.deps.Metrics.In(src.ID)
	began := time.Now()
	resp, err := s.deps.Fetcher.Fetch(ctx, fetch.Request{URL: job.URL, Expect: fetch.KindFeed, Lang: src.Lang, Conditional: true, Allow: src.AllowPrefixes()})
	s.deps.Metrics.Fetch(src.ID, "feed", metrics.FetchOutcome(err == nil && resp.NotModified, err), time.Since(began))
	if err != nil {
		s.deps.Metrics.Error(src.ID, "fetch")
	}
	if err == nil && resp.NotModified {
		s.notModified.Add(1)
		s.recovered(ctx, health, hkey, h, log)
		_ = m.Ack()
		return
	}
	var items []feed.Item
	reason := ReasonFetch
	if err == nil {
		items, err = feed.Parse(resp.Body, resp.URL, src.Lang, src.Location())
		reason = ReasonParse
	}
	if err != nil {
		s.failure(ctx, m, health, hkey, h, src, reason, err, log)
		return
	}
	for _, it := range items {
		s.items.Add(1)
		if err := s.item(ctx, src, job, it, articles); err != nil {
			if errors.Is(err, bus.ErrRejected) {
				log.Error("article rejected", "link", it.Link, "error", err)
				continue
			}
			// Transient (the bus is busy or gone): try the whole feed again soon; what was
			// published is de-duplicated.
			log.Warn("feed item not published; retrying the feed", "link", it.Link, "error", err)
			_ = m.NakWithDelay(5 * time.Second)
			return
		}
	}
	if err := s.deps.Fetcher.Remember(ctx, resp); err != nil {
		log.Warn("keeping validators", "error", err)
	}
	s.recovered(ctx, health, hkey, h, log)
	log.Debug("feed polled", "items", len(items))
	_ = m.Ack()
}

// item publishes a full-text item as an article, or queues a page job for an item whose
// article is not in ARTICLES yet.
func (s *Stage) item(ctx context.Context, src *schedule.Source, job schedule.FeedJob, it feed.Item, articles jetstream.Stream) error {
	if src.FullText && it.Text != "" {
		a := news.Article{URL: it.Link, Source: src.ID, Lang: src.Lang, Title: it.Title, Lead: it.Summary, Text: it.Text,
			Authors: it.Authors, Published: it.Published, Via: news.ViaFeed}
		canon := it.GUID
		if canon == "" {
			canon = it.Link
		}
		if c, err := scrape.CanonicalURL(canon); err == nil {
			a.CanonicalURL = c
		}
		now := s.deps.Now().UTC()
		a.Fetched = &now
		a.ContentHash = news.ContentHash(a.Text)
		if err := bus.PrepareArticle(&a); err != nil {
			return fmt.Errorf("%w: %w", bus.ErrRejected, err)
		}
		m, err := s.sub.ArticleMsg(&a)
		if err != nil {
			return fmt.Errorf("%w: %w", bus.ErrRejected, err)
		}
		out, err := s.pub.Publish(ctx, m, a.ID)
		if err != nil {
			return err
		}
		if out == bus.Duplicate {
			s.duplicates.Add(1)
		} else {
			s.articles.Add(1)
		}
		return nil
	}
	for _, u := range []string{it.GUID, it.Link} {
		if u == "" {
			continue
		}
		c, err := scrape.CanonicalURL(u)
		if err != nil {
			continue
		}
		_, err = articles.GetLastMsgForSubject(ctx, s.sub.Article(src.Lang, src.ID, news.ArticleID(c)))
		if err == nil {
			s.known.Add(1)
			return nil
		}
		if !errors.Is(err, jetstream.ErrMsgNotFound) {
			return err
		}
	}
	pj := schedule.PageJob{Source: src.ID, URL: it.Link, Feed: job.URL, GUID: it.GUID, Title: it.Title, Published: it.Published}
	if err := schedule.PublishJob(ctx, s.deps.JS, s.sub, schedule.KindPage, src.ID, "page-"+schedule.Key(it.Link), pj); err != nil {
		return err
	}
	s.jobs.Add(1)
	return nil
}

func (s *Stage) recovered(ctx context.Context, kv jetstream.KeyValue, key string, h feedHealth, log *slog.Logger) {
	if h.Failures == 0 {
		return
	}
	log.Info("feed recovered", "after_failures", h.Failures)
	if err := kv.Delete(ctx, key); err != nil {
		log.Warn("clearing feed backoff", "error", err)
	}
}

// failure logs a failed poll once, backs the feed off, parks permanent failures on DEAD, and
// acknowledges the job: the scheduler offers the feed again, and the backoff decides when it
// is really fetched.
func (s *Stage) failure(ctx context.Context, m jetstream.Msg, kv jetstream.KeyValue, key string, h feedHealth, src *schedule.Source,
	reason string, err error, log *slog.Logger) {
	s.failed.Add(1)
	h.Failures++
	wait := s.cfg.Backoff.Delay(h.Failures, rand.Float64())
	if ra := fetch.RetryAfter(err); ra > wait {
		wait = ra
	}
	h.Next, h.Error = s.deps.Now().Add(wait).UTC(), err.Error()
	b, _ := json.Marshal(h)
	if _, perr := kv.Put(ctx, key, b); perr != nil {
		log.Warn("recording feed backoff", "error", perr)
	}
	transient := reason == ReasonFetch && fetch.Transient(err)
	log.Warn("feed failed", "reason", reason, "transient", transient, "failures", h.Failures, "retry_in", wait.Round(time.Second), "error", err)
	if !transient {
		s.park(ctx, m, src.ID, reason, err)
		return
	}
	_ = m.Ack()
}

// park puts the job on DEAD with the reason and terminates it.
func (s *Stage) park(ctx context.Context, m jetstream.Msg, source, reason string, cause error) {
	if !news.IsToken(source) {
		source = bus.UnknownSource
	}
	d := bus.DeadLetter{Stage: Name, Reason: reason, Error: cause.Error(), Subject: m.Subject(), Source: source, Time: s.deps.Now().UTC()}
	if md, err := m.Metadata(); err == nil {
		d.Stream, d.StreamSeq, d.Deliveries = md.Stream, md.Sequence.Stream, md.NumDelivered
	}
	if err := s.pub.Park(ctx, s.sub, d, m.Data()); err != nil {
		s.log.Error("parking job on DEAD; will be redelivered", "source", source, "error", err)
		_ = m.NakWithDelay(10 * time.Second)
		return
	}
	s.dead.Add(1)
	_ = m.Term()
}
