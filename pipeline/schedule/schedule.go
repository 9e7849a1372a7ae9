// Package schedule is tinkhabar's JOBS work queue: the sources to poll (configs/sources.yaml),
// the job messages, the scheduler that puts a poll job for every feed on JOBS at its source's
// interval with jitter, and the loop job workers share. Schedulers on any number of machines
// claim each poll in a JetStream key-value bucket with a compare-and-set, so a feed is polled
// once per interval however many schedulers run.
package schedule

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pkg/fetch"
)

// Name is the stage name in logs.
const Name = "schedule"

// Config configures the scheduler.
type Config struct {
	// Tick is how often due feeds are looked for.
	Tick time.Duration `yaml:"tick"`
	// Bucket is the key-value bucket holding each feed's next poll time.
	Bucket string `yaml:"bucket"`
}

// DefaultConfig: a one-second tick, bucket "schedule".
func DefaultConfig() Config { return Config{Tick: time.Second, Bucket: "schedule"} }

// Validate checks the configuration.
func (c Config) Validate() error {
	if c.Tick < 10*time.Millisecond {
		return fmt.Errorf("schedule: tick %v under 10ms", c.Tick)
	}
	if c.Bucket == "" {
		return errors.New("schedule: empty bucket")
	}
	return nil
}

// Deps are what the scheduler runs on.
type Deps struct {
	JS      jetstream.JetStream
	Bus     bus.Config
	Sources []Source
	Logger  *slog.Logger
	Now     func() time.Time
	// Jitter returns a random duration in [0, d); nil is fetch.Jitter.
	Jitter func(d time.Duration) time.Duration
}

// Scheduler puts feed poll jobs on JOBS.
type Scheduler struct {
	cfg  Config
	deps Deps
	log  *slog.Logger
}

// New checks the configuration and returns a scheduler. It does not touch the network.
func New(cfg Config, deps Deps) (*Scheduler, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if deps.JS == nil {
		return nil, errors.New("schedule: JetStream is required")
	}
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.DiscardHandler)
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Jitter == nil {
		deps.Jitter = fetch.Jitter
	}
	return &Scheduler{cfg: cfg, deps: deps, log: deps.Logger.With("stage", Name)}, nil
}

type slot struct {
	Next time.Time `json:"next"`
}

// Run schedules until ctx is done, then returns nil. A feed never seen before is due at once.
func (s *Scheduler) Run(ctx context.Context) error {
	kv, err := bus.EnsureKV(ctx, s.deps.JS, bus.KVConfig{Bucket: s.cfg.Bucket, Description: "tinkhabar: next poll time per feed"})
	if err != nil {
		return err
	}
	t := time.NewTicker(s.cfg.Tick)
	defer t.Stop()
	for {
		s.Round(ctx, kv)
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Round claims and publishes every feed that is due now; it returns how many jobs it put on
// JOBS. Errors are logged with the source and the round goes on.
func (s *Scheduler) Round(ctx context.Context, kv jetstream.KeyValue) int {
	n := 0
	now := s.deps.Now()
	sub := s.deps.Bus.Subjects()
	for i := range s.deps.Sources {
		src := &s.deps.Sources[i]
		for _, feed := range src.Feeds {
			if ctx.Err() != nil {
				return n
			}
			key := src.ID + "." + Key(feed)
			ok, err := s.claim(ctx, kv, key, now, src.Interval+s.deps.Jitter(src.Jitter))
			if err != nil {
				s.log.Warn("claiming poll", "source", src.ID, "feed", feed, "error", err)
				continue
			}
			if !ok {
				continue
			}
			job := FeedJob{Source: src.ID, URL: feed, Due: now.UTC()}
			if err := PublishJob(ctx, s.deps.JS, sub, KindFeed, src.ID, "feed-"+key+"-"+now.UTC().Format(time.RFC3339), job); err != nil {
				s.log.Warn("publishing poll job", "source", src.ID, "feed", feed, "error", err)
				continue
			}
			n++
		}
	}
	return n
}

// claim takes the poll of key if it is due, moving its next time by wait; false when it is not
// due or another scheduler took it first (the compare-and-set lost).
func (s *Scheduler) claim(ctx context.Context, kv jetstream.KeyValue, key string, now time.Time, wait time.Duration) (bool, error) {
	next, _ := json.Marshal(slot{Next: now.Add(wait).UTC()})
	e, err := kv.Get(ctx, key)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		if _, err := kv.Create(ctx, key, next); err != nil {
			if errors.Is(err, jetstream.ErrKeyExists) {
				return false, nil
			}
			return false, err
		}
		return true, nil
	}
	if err != nil {
		return false, err
	}
	var cur slot
	if err := json.Unmarshal(e.Value(), &cur); err == nil && now.Before(cur.Next) {
		return false, nil
	}
	if _, err := kv.Update(ctx, key, next, e.Revision()); err != nil {
		var apiErr *jetstream.APIError
		if errors.As(err, &apiErr) && apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence {
			return false, nil
		}
		return false, err
	}
	return true, nil
}
