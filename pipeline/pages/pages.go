// Package pages is the page worker stage: it takes page jobs from JOBS, fetches the article
// page politely, scrapes it (site rules, else the generic extractor) and publishes the article
// to ARTICLES. A transient failure (timeout, 5xx, 429 with Retry-After, an anti-bot
// interstitial) is retried later with a growing delay; a permanent one (404, 410, a blocked
// address, the size cap, a PDF, a charset that does not decode, the wrong language, no text) is
// parked on DEAD with the reason. Each failure is logged once with its source.
package pages

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pipeline/metrics"
	"github.com/tinkhabar/tinkhabar/pipeline/schedule"
	"github.com/tinkhabar/tinkhabar/pkg/fetch"
	"github.com/tinkhabar/tinkhabar/pkg/news"
	"github.com/tinkhabar/tinkhabar/pkg/scrape"
)

// Name is the stage name in logs and dead letters.
const Name = "pages"

// Dead-letter reasons.
const (
	ReasonInvalidJob        = "invalid_job"
	ReasonFetch             = "fetch_failed"
	ReasonWrongLanguage     = "wrong_language"
	ReasonNoContent         = "no_content"
	ReasonScrape            = "scrape_failed"
	ReasonRejected          = "article_rejected"
	ReasonTooManyDeliveries = "too_many_deliveries"
)

// Config configures the stage.
type Config struct {
	Worker schedule.WorkerConfig `yaml:"worker"`
	// MaxDeliver is how many times a page is tried before a transient failure is parked.
	MaxDeliver int           `yaml:"max_deliver"`
	Backoff    fetch.Backoff `yaml:"backoff"`
}

// DefaultConfig: consumer "pages", 8 pages at once, 6 tries with 30 s doubling to 1 h between.
func DefaultConfig() Config {
	return Config{
		Worker:     schedule.WorkerConfig{Durable: "pages", Workers: 8, AckWait: 2 * time.Minute, MaxAckPending: 256, ShutdownTimeout: 10 * time.Second},
		MaxDeliver: 6,
		Backoff:    fetch.Backoff{Base: 30 * time.Second, Max: time.Hour, Jitter: 0.2},
	}
}

// Validate checks the configuration.
func (c Config) Validate() error {
	if err := c.Worker.Validate(); err != nil {
		return fmt.Errorf("pages: %w", err)
	}
	if c.MaxDeliver < 1 || c.Backoff.Base <= 0 || c.Backoff.Max < c.Backoff.Base {
		return errors.New("pages: max_deliver >= 1 and a backoff with 0 < base <= max are required")
	}
	return nil
}

// Deps are what the stage runs on.
type Deps struct {
	JS      jetstream.JetStream
	Bus     bus.Config
	Sources []schedule.Source
	Fetcher *fetch.Fetcher
	Scraper *scrape.Scraper
	Logger  *slog.Logger
	// Metrics receives per-source counts and fetch latencies; nil records nothing.
	Metrics *metrics.Stage
	Now     func() time.Time
}

// Stats counts what the stage did.
type Stats struct {
	Pages, Articles, Duplicates, Retried, Dead uint64
}

// Stage is the page worker stage.
type Stage struct {
	cfg     Config
	deps    Deps
	sources map[string]*schedule.Source
	sub     bus.Subjects
	pub     *bus.Publisher
	log     *slog.Logger

	pages, articles, duplicates, retried, dead atomic.Uint64
}

// New checks the configuration and returns the stage. It does not touch the network.
func New(cfg Config, deps Deps) (*Stage, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := deps.Bus.Validate(); err != nil {
		return nil, fmt.Errorf("pages: %w", err)
	}
	if deps.JS == nil || deps.Fetcher == nil || deps.Scraper == nil {
		return nil, errors.New("pages: JetStream, Fetcher and Scraper are required")
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
	return Stats{Pages: s.pages.Load(), Articles: s.articles.Load(), Duplicates: s.duplicates.Load(), Retried: s.retried.Load(), Dead: s.dead.Load()}
}

// Run works page jobs until ctx is done (see schedule.Work), then returns nil.
func (s *Stage) Run(ctx context.Context) error {
	return schedule.Work(ctx, s.deps.JS, s.deps.Bus, schedule.KindPage, s.cfg.Worker, s.log, s.handle)
}

func (s *Stage) handle(ctx context.Context, m jetstream.Msg) {
	var job schedule.PageJob
	if err := json.Unmarshal(m.Data(), &job); err != nil {
		s.park(ctx, m, bus.UnknownSource, ReasonInvalidJob, err)
		return
	}
	src, ok := s.sources[job.Source]
	if !ok {
		s.park(ctx, m, job.Source, ReasonInvalidJob, fmt.Errorf("unknown source %q", job.Source))
		return
	}
	log := s.log.With("source", src.ID, "url", job.URL)
	s.pages.Add(1)
	s.deps.Metrics.In(src.ID)
	began := time.Now()
	resp, err := s.deps.Fetcher.Fetch(ctx, fetch.Request{URL: job.URL, Expect: fetch.KindHTML, Lang: src.Lang, Allow: src.AllowPrefixes()})
	s.deps.Metrics.Fetch(src.ID, "page", metrics.FetchOutcome(false, err), time.Since(began))
	if err != nil {
		s.deps.Metrics.Error(src.ID, "fetch")
	}
	if err != nil {
		if fetch.Transient(err) {
			s.retry(ctx, m, src.ID, ReasonFetch, err, fetch.RetryAfter(err), log)
		} else {
			log.Warn("page failed", "reason", ReasonFetch, "error", err)
			s.park(ctx, m, src.ID, ReasonFetch, err)
		}
		return
	}
	res, err := s.deps.Scraper.Scrape(scrape.Page{URL: resp.URL, Body: resp.Body, Source: src.ID, Lang: src.Lang,
		Rule: src.Rules, Zone: src.Location(), Fetched: resp.Fetched})
	if err != nil {
		reason := ReasonScrape
		switch {
		case errors.Is(err, scrape.ErrInterstitial):
			s.retry(ctx, m, src.ID, "interstitial", err, 0, log)
			return
		case errors.Is(err, scrape.ErrWrongLanguage):
			reason = ReasonWrongLanguage
		case errors.Is(err, scrape.ErrNoContent):
			reason = ReasonNoContent
		}
		err = fmt.Errorf("scraping %s: %w", job.URL, err)
		log.Warn("page failed", "reason", reason, "error", err)
		s.park(ctx, m, src.ID, reason, err)
		return
	}
	a := res.Article
	if a.Published == nil && job.Published != nil {
		a.Published = job.Published
	}
	if a.Title == "" {
		a.Title = job.Title
	}
	if err := bus.PrepareArticle(&a); err != nil {
		s.park(ctx, m, src.ID, ReasonRejected, err)
		return
	}
	msg, err := s.sub.ArticleMsg(&a)
	if err != nil {
		s.park(ctx, m, src.ID, ReasonRejected, err)
		return
	}
	out, err := s.pub.Publish(ctx, msg, a.ID)
	switch {
	case errors.Is(err, bus.ErrRejected):
		log.Error("article rejected", "article_id", a.ID, "error", err)
		s.park(ctx, m, src.ID, ReasonRejected, err)
		return
	case err != nil:
		s.retry(ctx, m, src.ID, "publish", err, 0, log)
		return
	case out == bus.Duplicate:
		s.duplicates.Add(1)
	default:
		s.articles.Add(1)
		log.Debug("article published", "article_id", a.ID, "rule", res.Rule)
	}
	_ = m.Ack()
}

// retry hands the job back with a delay (the server's Retry-After when longer than the
// backoff), or parks it once it has had MaxDeliver tries.
func (s *Stage) retry(ctx context.Context, m jetstream.Msg, source, what string, err error, retryAfter time.Duration, log *slog.Logger) {
	delivered := uint64(1)
	if md, merr := m.Metadata(); merr == nil {
		delivered = md.NumDelivered
	}
	if delivered >= uint64(s.cfg.MaxDeliver) {
		log.Warn("page failed too often", "reason", what, "tries", delivered, "error", err)
		s.park(ctx, m, source, ReasonTooManyDeliveries, fmt.Errorf("%s, %d tries: %w", what, delivered, err))
		return
	}
	wait := s.cfg.Backoff.Delay(int(delivered), 0.5)
	if retryAfter > wait {
		wait = retryAfter
	}
	s.retried.Add(1)
	log.Info("page retried later", "reason", what, "try", delivered, "retry_in", wait, "error", err)
	_ = m.NakWithDelay(wait)
}

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
