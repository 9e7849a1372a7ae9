// Package extractor is the stage that turns articles into events: a durable pull consumer on
// ARTICLES, an extraction engine, and CloudEvents published on EVENTS.
//
// The ack rules. An article is acknowledged only after JetStream acknowledged every one of
// its events (events are published asynchronously and pipelined, never one synchronous
// round trip per event). An event id that EVENTS already holds counts as published, so a
// redelivered article adds nothing. A transient failure (a publish timeout, a lost
// connection, an extractor error that does not wrap news.ErrInvalidArticle) hands the
// article back with a delay (Config.Backoff). A permanent failure (an article that does not
// decode or validate, an extractor error wrapping news.ErrInvalidArticle, an extractor panic,
// an event JetStream refuses), or a transient one on the last allowed delivery
// (Config.MaxDeliver), parks the article on DEAD (dead.extractor.<source>) with the reason in
// headers and body, then terminates it.
//
// Pulling. The stage pulls with Fetch requests that each expire after Config.PullExpiry, so
// a pull request the server loses (the Consume() stall of nats.go#1622 / nats-server#5839)
// costs at most one expiry: nothing waits on a request that will never be answered. When a
// pull comes back empty although the last delivery said more messages were pending, the
// stage asks the consumer and counts a stall if messages are pending and the ack window is
// not full (Stats.Stalls), and the next pull goes out at once.
package extractor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// Name is the stage's name in dead-letter subjects (dead.extractor.<source>) and logs.
const Name = "extractor"

// Reasons written on DEAD (bus.DeadLetter.Reason).
const (
	ReasonInvalidArticle    = "invalid_article"     // does not decode, validate, or the engine calls it invalid
	ReasonExtractorPanic    = "extractor_panic"     // the engine panicked on it
	ReasonInvalidEvent      = "invalid_event"       // the engine produced an event that cannot be published
	ReasonEventRejected     = "event_rejected"      // JetStream refused an event
	ReasonTooManyDeliveries = "too_many_deliveries" // failed transiently on its last delivery, or delivered too often
)

// Extractor turns one article into its events. It must be safe for concurrent use and
// deterministic. An error wrapping news.ErrInvalidArticle means the article is permanently
// unusable; any other error is taken as transient. *extract.Engine satisfies it.
type Extractor interface {
	Version() string
	Extract(a *news.Article) ([]news.Event, error)
}

// Deps are what the stage runs on.
type Deps struct {
	// JS is the JetStream context, ideally from bus.NewJetStream (bounded async publishing).
	// The stage does not close its connection.
	JS jetstream.JetStream
	// Bus names the streams and the subject prefix; it must be valid.
	Bus bus.Config
	// Extractor is the engine.
	Extractor Extractor
	// Logger; nil discards.
	Logger *slog.Logger
	// Now gives the extraction time of events (the CloudEvents "time"); nil is time.Now.
	Now func() time.Time
}

// Stage is the extractor stage. Create it with New and run it with Run; Stats may be called
// at any time from any goroutine.
type Stage struct {
	cfg      Config
	js       jetstream.JetStream
	bus      bus.Config
	subjects bus.Subjects
	pub      *bus.Publisher
	ext      Extractor
	log      *slog.Logger
	now      func() time.Time
	workers  int
	stats    counters
	// retryLog limits the warnings about retried articles (see rateLog).
	retryLog *rateLog
}

// New checks cfg and deps and returns a stage. It does not touch the network.
func New(cfg Config, deps Deps) (*Stage, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := deps.Bus.Validate(); err != nil {
		return nil, fmt.Errorf("extractor: %w", err)
	}
	if deps.JS == nil || deps.Extractor == nil {
		return nil, errors.New("extractor: JetStream and Extractor are required")
	}
	s := &Stage{
		cfg:      cfg,
		js:       deps.JS,
		bus:      deps.Bus,
		subjects: deps.Bus.Subjects(),
		pub:      bus.NewPublisher(deps.JS),
		ext:      deps.Extractor,
		log:      deps.Logger,
		now:      deps.Now,
		workers:  cfg.Workers,
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.log = s.log.With("stage", Name)
	if s.now == nil {
		s.now = time.Now
	}
	if s.workers == 0 {
		s.workers = runtime.GOMAXPROCS(0)
	}
	s.retryLog = &rateLog{log: s.log, interval: time.Second}
	return s, nil
}

// ConsumerConfig is the durable consumer the stage creates (or updates) on ARTICLES. The
// server never stops redelivering on its own (MaxDeliver -1): the stage counts deliveries and
// parks a message on DEAD itself, so no message is dropped without a dead letter.
func (s *Stage) ConsumerConfig() jetstream.ConsumerConfig {
	return jetstream.ConsumerConfig{
		Durable:       s.cfg.Durable,
		Description:   "tinkhabar extractor: articles to events",
		FilterSubject: s.subjects.ArticlesAll(),
		DeliverPolicy: jetstream.DeliverAllPolicy,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       s.cfg.AckWait,
		MaxDeliver:    -1,
		MaxAckPending: s.cfg.MaxAckPending,
	}
}

// Run consumes ARTICLES until ctx is done or the connection is closed. It creates the
// consumer (the streams must exist: see bus.EnsureStreams). When ctx is done it stops
// pulling and drains: the articles already received are extracted, their events published
// and the articles acked, for at most Config.ShutdownTimeout; whatever is not finished by
// then is handed back (nak) for another copy or a later run. It then flushes the connection
// and returns nil. It returns an error when the consumer cannot be created or the
// connection is closed under it; articles in flight then are redelivered after AckWait.
func (s *Stage) Run(ctx context.Context) error {
	cons, err := s.consumer(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	s.log.Info("extractor started", "consumer", s.cfg.Durable, "stream", s.bus.Articles.Name,
		"workers", s.workers, "extractor_version", s.ext.Version())

	// work is the context of articles in progress: it outlives ctx by at most
	// ShutdownTimeout, and ends at once when the connection is gone.
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	stopTimer := context.AfterFunc(ctx, func() {
		time.AfterFunc(s.cfg.ShutdownTimeout, cancelWork)
	})
	defer stopTimer()

	msgs := make(chan jetstream.Msg, s.cfg.FetchBatch)
	jobs := make(chan *job, s.cfg.FetchBatch)

	var fetchErr error
	var wg sync.WaitGroup
	wg.Go(func() {
		fetchErr = s.pull(ctx, work, cons, msgs)
		if fetchErr != nil {
			cancelWork()
		}
	})
	var workers sync.WaitGroup
	for range s.workers {
		workers.Go(func() {
			for m := range msgs {
				if work.Err() != nil {
					s.handBack(m)
					continue
				}
				jobs <- s.process(work, m)
			}
		})
	}
	wg.Go(func() {
		workers.Wait()
		close(jobs)
	})
	wg.Go(func() {
		for j := range jobs {
			s.complete(work, j)
		}
	})
	progressCtx, stopProgress := context.WithCancel(ctx)
	progressDone := make(chan struct{})
	go func() {
		defer close(progressDone)
		s.logProgress(progressCtx, time.Minute)
	}()
	wg.Wait()
	stopProgress()
	<-progressDone

	if fetchErr != nil {
		return fmt.Errorf("extractor: %w", fetchErr)
	}
	// Acks are fire-and-forget: make sure the server has them before returning.
	flushCtx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := s.js.Conn().FlushWithContext(flushCtx); err != nil {
		s.log.Warn("flushing acks on shutdown", "error", err)
	}
	s.log.Info("extractor stopped", "acked", s.stats.acked.Load(), "dead", s.stats.dead.Load())
	return nil
}

// logProgress logs the counters every interval in which something happened, until ctx is
// done.
func (s *Stage) logProgress(ctx context.Context, interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	var last Stats
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		st := s.Stats()
		if st.Delivered == last.Delivered {
			continue
		}
		s.log.Info("extractor progress", "acked", st.Acked-last.Acked, "events", st.Events-last.Events,
			"duplicates", st.Duplicates-last.Duplicates, "retried", st.Retried-last.Retried, "dead", st.Dead-last.Dead,
			"stalls", st.Stalls-last.Stalls, "interval", interval)
		last = st
	}
}

// consumer creates or updates the durable consumer, retrying while JetStream cannot answer
// (a cluster electing a leader, a server restarting) until ctx is done. A missing stream or
// a closed connection is an error at once.
func (s *Stage) consumer(ctx context.Context) (jetstream.Consumer, error) {
	retry := 100 * time.Millisecond
	for {
		cons, err := s.js.CreateOrUpdateConsumer(ctx, s.bus.Articles.Name, s.ConsumerConfig())
		if err == nil {
			return cons, nil
		}
		err = fmt.Errorf("extractor: creating consumer %s on %s: %w", s.cfg.Durable, s.bus.Articles.Name, err)
		if errors.Is(err, jetstream.ErrStreamNotFound) || errors.Is(err, nats.ErrConnectionClosed) || ctx.Err() != nil {
			return nil, err
		}
		s.log.Warn("creating the consumer; retrying", "error", err, "retry_in", retry)
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(retry):
		}
		retry = min(2*retry, 5*time.Second)
	}
}

// pull fetches messages into msgs until ctx is done, then closes msgs. The messages of the
// pull in progress when ctx ends are still passed on (they are drained) unless work has
// ended too. It returns an error only when pulling cannot go on (the connection is closed).
func (s *Stage) pull(ctx, work context.Context, cons jetstream.Consumer, msgs chan<- jetstream.Msg) error {
	defer close(msgs)
	var (
		last        time.Time // the last delivery
		lastPending uint64    // messages pending after the last delivery, as it said
		retry       = 50 * time.Millisecond
	)
	for ctx.Err() == nil {
		batch, err := cons.Fetch(s.cfg.FetchBatch, jetstream.FetchMaxWait(s.cfg.PullExpiry))
		if err == nil {
			n := 0
			for m := range batch.Messages() {
				n++
				now := time.Now()
				if lastPending > 0 && !last.IsZero() {
					s.stats.noteGap(now.Sub(last))
				}
				last = now
				if meta, err := m.Metadata(); err == nil {
					lastPending = meta.NumPending
				}
				s.stats.delivered.Add(1)
				select {
				case msgs <- m:
				case <-work.Done():
					s.handBack(m)
				}
			}
			err = batch.Error()
			if err == nil {
				retry = 50 * time.Millisecond
				if n == 0 && lastPending > 0 {
					s.checkStall(ctx, cons)
					lastPending = 0
				}
				continue
			}
		}
		if errors.Is(err, nats.ErrConnectionClosed) {
			return fmt.Errorf("pulling from %s: %w", s.cfg.Durable, err)
		}
		if errors.Is(err, jetstream.ErrConsumerNotFound) || errors.Is(err, jetstream.ErrConsumerDeleted) {
			c, cerr := s.js.CreateOrUpdateConsumer(ctx, s.bus.Articles.Name, s.ConsumerConfig())
			if cerr == nil {
				s.log.Warn("consumer was gone; created it again", "consumer", s.cfg.Durable)
				cons = c
				continue
			}
			err = cerr
		}
		if ctx.Err() != nil {
			break
		}
		s.log.Warn("pulling articles", "error", err, "retry_in", retry)
		select {
		case <-ctx.Done():
		case <-time.After(retry):
		}
		retry = min(2*retry, 2*time.Second)
	}
	return nil
}

// checkStall is called after an empty pull that followed a delivery announcing pending
// messages. It asks the consumer whether messages are pending while the ack window has room:
// that is a stall the next pull (sent right away) recovers from; it is counted and logged.
func (s *Stage) checkStall(ctx context.Context, cons jetstream.Consumer) {
	ictx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	info, err := cons.Info(ictx)
	if err != nil {
		return
	}
	if info.NumPending > 0 && info.NumAckPending < s.cfg.MaxAckPending {
		s.stats.stalls.Add(1)
		s.log.Warn("pull came back empty with messages pending; pulling again",
			"num_pending", info.NumPending, "num_ack_pending", info.NumAckPending)
	}
}

// handBack returns a message the stage will not process (shutdown) for redelivery. The
// short delay keeps it from coming straight back into a pull of this stage still open.
func (s *Stage) handBack(m jetstream.Msg) {
	if err := m.NakWithDelay(s.cfg.PullExpiry); err != nil {
		s.log.Debug("handing back a message", "subject", m.Subject(), "error", err)
	}
	s.stats.handedBack.Add(1)
}

// job is one article between extraction and its ack.
type job struct {
	msg     jetstream.Msg
	meta    *jetstream.MsgMetadata
	source  string
	pending []*bus.Pending
	fail    *failure
}

// failure is why an article cannot be acked now.
type failure struct {
	reason    string // a Reason* code for DEAD
	err       error
	permanent bool
}

func permanent(reason string, err error) *failure {
	return &failure{reason: reason, err: err, permanent: true}
}

func transient(err error) *failure { return &failure{err: err} }

// process decodes and extracts one article and starts publishing its events.
func (s *Stage) process(ctx context.Context, m jetstream.Msg) *job {
	j := &job{msg: m, source: bus.UnknownSource}
	meta, err := m.Metadata()
	if err != nil {
		j.fail = permanent(ReasonInvalidArticle, fmt.Errorf("reading message metadata: %w", err))
		return j
	}
	j.meta = meta
	_, subjSource, subjID, subjOK := s.subjects.ArticleTokens(m.Subject())
	if subjOK {
		j.source = subjSource
	}
	if meta.NumDelivered > uint64(s.cfg.MaxDeliver) {
		j.fail = permanent(ReasonTooManyDeliveries, fmt.Errorf("delivered %d times without being acknowledged (max_deliver %d)", meta.NumDelivered, s.cfg.MaxDeliver))
		return j
	}

	var a news.Article
	if err := json.Unmarshal(m.Data(), &a); err != nil {
		j.fail = permanent(ReasonInvalidArticle, fmt.Errorf("decoding article: %w", err))
		return j
	}
	if a.ID == "" && subjOK {
		a.ID = subjID
	}
	if a.Source == "" {
		a.Source = j.source
	}
	j.source = a.Source
	if err := a.Validate(); err != nil {
		j.fail = permanent(ReasonInvalidArticle, err)
		return j
	}

	events, f := s.extract(&a)
	if f != nil {
		j.fail = f
		return j
	}
	at := s.now()
	for i := range events {
		ev := &events[i]
		em, err := s.subjects.EventMsg(ev, a.Source, at)
		if err != nil {
			j.fail = permanent(ReasonInvalidEvent, fmt.Errorf("event %d of article %s: %w", i, a.ID, err))
			return j
		}
		p, err := s.pub.PublishAsync(ctx, em, ev.ID)
		if err != nil {
			if errors.Is(err, bus.ErrRejected) {
				j.fail = permanent(ReasonEventRejected, err)
			} else {
				j.fail = transient(err)
			}
			return j
		}
		j.pending = append(j.pending, p)
	}
	return j
}

// extract runs the engine, turning a panic into a permanent failure.
func (s *Stage) extract(a *news.Article) (events []news.Event, f *failure) {
	defer func() {
		if r := recover(); r != nil {
			events, f = nil, permanent(ReasonExtractorPanic, fmt.Errorf("extractor panicked on article %s: %v", a.ID, r))
		}
	}()
	events, err := s.ext.Extract(a)
	switch {
	case errors.Is(err, news.ErrInvalidArticle):
		return nil, permanent(ReasonInvalidArticle, err)
	case err != nil:
		return nil, transient(fmt.Errorf("extracting article %s: %w", a.ID, err))
	}
	return events, nil
}

// complete waits for the article's event publishes and acks, naks or parks it.
func (s *Stage) complete(ctx context.Context, j *job) {
	if j.fail == nil {
		for _, p := range j.pending {
			o, err := p.Wait(ctx)
			if err != nil {
				if errors.Is(err, bus.ErrRejected) {
					j.fail = permanent(ReasonEventRejected, err)
				} else {
					j.fail = transient(err)
				}
				break
			}
			if o == bus.Duplicate {
				s.stats.duplicates.Add(1)
			} else {
				s.stats.events.Add(1)
			}
		}
	}
	if j.fail == nil {
		if err := j.msg.Ack(); err != nil {
			s.retryLog.Warn("acking article failed; it will be delivered again", "subject", j.msg.Subject(), "error", err)
			return
		}
		s.stats.acked.Add(1)
		return
	}

	f := j.fail
	if !f.permanent && (j.meta == nil || j.meta.NumDelivered < uint64(s.cfg.MaxDeliver)) {
		var delivered uint64 = 1
		if j.meta != nil {
			delivered = j.meta.NumDelivered
		}
		delay := s.cfg.backoff(delivered)
		s.retryLog.Warn("article failed; retrying later", "subject", j.msg.Subject(), "source", j.source,
			"error", f.err, "deliveries", delivered, "retry_in", delay)
		if err := j.msg.NakWithDelay(delay); err != nil {
			s.log.Debug("nak", "subject", j.msg.Subject(), "error", err)
		}
		s.stats.retried.Add(1)
		return
	}
	if !f.permanent {
		f = permanent(ReasonTooManyDeliveries, fmt.Errorf("failed on delivery %d of %d: %w", j.meta.NumDelivered, s.cfg.MaxDeliver, f.err))
	}
	s.park(ctx, j, f)
}

// park puts the article on DEAD and terminates it; when DEAD cannot be reached it hands the
// article back instead, so it is never dropped without a dead letter.
func (s *Stage) park(ctx context.Context, j *job, f *failure) {
	log := s.log.With("subject", j.msg.Subject(), "source", j.source)
	d := bus.DeadLetter{
		Stage:   Name,
		Reason:  f.reason,
		Error:   f.err.Error(),
		Stream:  s.bus.Articles.Name,
		Subject: j.msg.Subject(),
		Source:  j.source,
		Time:    s.now().UTC(),
	}
	if !news.IsToken(d.Source) {
		d.Source = bus.UnknownSource
	}
	if j.meta != nil {
		d.StreamSeq, d.Deliveries = j.meta.Sequence.Stream, j.meta.NumDelivered
	}
	pctx, cancel := context.WithTimeout(ctx, bus.DefaultPublishTimeout)
	defer cancel()
	if err := s.pub.Park(pctx, s.subjects, d, j.msg.Data()); err != nil {
		log.Warn("parking article on DEAD failed; retrying later", "error", err, "reason", f.reason)
		_ = j.msg.NakWithDelay(s.cfg.backoff(1))
		return
	}
	if err := j.msg.TermWithReason(f.reason); err != nil {
		log.Debug("term", "error", err)
	}
	s.stats.dead.Add(1)
	log.Warn("article parked on DEAD", "reason", f.reason, "error", f.err)
}

// Stats is a snapshot of what the stage did since it was created.
type Stats struct {
	// Delivered counts messages received from the consumer (redeliveries included).
	Delivered uint64
	// Acked counts articles acknowledged after all their events were stored.
	Acked uint64
	// Events counts events stored; Duplicates events EVENTS already had.
	Events, Duplicates uint64
	// Retried counts articles handed back with a delay after a transient failure.
	Retried uint64
	// Dead counts articles parked on DEAD and terminated.
	Dead uint64
	// HandedBack counts articles returned unprocessed on shutdown.
	HandedBack uint64
	// Stalls counts empty pulls while the consumer had messages pending and room to send them.
	Stalls uint64
	// MaxGap is the longest time between two deliveries while messages were pending.
	MaxGap time.Duration
}

type counters struct {
	delivered, acked, events, duplicates, retried, dead, handedBack, stalls atomic.Uint64
	maxGap                                                                  atomic.Int64
}

func (c *counters) noteGap(d time.Duration) {
	for {
		old := c.maxGap.Load()
		if int64(d) <= old || c.maxGap.CompareAndSwap(old, int64(d)) {
			return
		}
	}
}

// Stats returns the stage's counters.
func (s *Stage) Stats() Stats {
	c := &s.stats
	return Stats{
		Delivered: c.delivered.Load(), Acked: c.acked.Load(), Events: c.events.Load(),
		Duplicates: c.duplicates.Load(), Retried: c.retried.Load(), Dead: c.dead.Load(),
		HandedBack: c.handedBack.Load(), Stalls: c.stalls.Load(), MaxGap: time.Duration(c.maxGap.Load()),
	}
}
