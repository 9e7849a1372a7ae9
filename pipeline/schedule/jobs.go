package schedule

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
)

// Job kinds: the second token of a JOBS subject.
const (
	KindFeed = "feed"
	KindPage = "page"
)

// FeedJob asks a feed worker to poll one feed of a source (jobs.feed.<source>).
type FeedJob struct {
	Source string    `json:"source"`
	URL    string    `json:"url"`
	Due    time.Time `json:"due"`
}

// PageJob asks a page worker to fetch and scrape one article page (jobs.page.<source>). What
// the feed said about the item travels with it, for the page that lacks it.
type PageJob struct {
	Source    string     `json:"source"`
	URL       string     `json:"url"`
	Feed      string     `json:"feed,omitempty"`
	GUID      string     `json:"guid,omitempty"`
	Title     string     `json:"title,omitempty"`
	Published *time.Time `json:"published,omitempty"`
}

// Key is a short, KV- and token-safe digest of s.
func Key(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:8])
}

// PublishJob puts a job on JOBS under jobs.<kind>.<source>, with msgID as Nats-Msg-Id so that
// the same job sent twice inside the stream's duplicate window is stored once. It waits for
// JetStream's ack.
func PublishJob(ctx context.Context, js jetstream.JetStream, sub bus.Subjects, kind, source, msgID string, job any) error {
	data, err := json.Marshal(job)
	if err != nil {
		return fmt.Errorf("encoding %s job of %s: %w", kind, source, err)
	}
	m := nats.NewMsg(sub.Job(kind, source))
	m.Data = data
	m.Header.Set(bus.HeaderContentType, "application/json")
	if _, err := js.PublishMsg(ctx, m, jetstream.WithMsgID(msgID)); err != nil {
		return fmt.Errorf("publishing %s job of %s: %w", kind, source, err)
	}
	return nil
}

// WorkerConfig is the durable consumer a job worker shares with its copies.
type WorkerConfig struct {
	Durable       string        `yaml:"durable"`
	Workers       int           `yaml:"workers"` // jobs handled at once in this process
	AckWait       time.Duration `yaml:"ack_wait"`
	MaxAckPending int           `yaml:"max_ack_pending"`
	// ShutdownTimeout bounds how long jobs in flight may finish after Run's context ends.
	ShutdownTimeout time.Duration `yaml:"shutdown_timeout"`
}

// Validate checks the configuration.
func (c WorkerConfig) Validate() error {
	switch {
	case c.Durable == "":
		return errors.New("durable name is empty")
	case c.Workers < 1:
		return fmt.Errorf("workers %d: want at least 1", c.Workers)
	case c.AckWait < time.Second:
		return fmt.Errorf("ack_wait %v: want at least 1s", c.AckWait)
	case c.MaxAckPending < c.Workers:
		return fmt.Errorf("max_ack_pending %d is below workers %d", c.MaxAckPending, c.Workers)
	case c.ShutdownTimeout <= 0:
		return fmt.Errorf("shutdown_timeout %v is not positive", c.ShutdownTimeout)
	}
	return nil
}

// Work consumes the jobs of one kind from JOBS with a durable pull consumer and hands each to
// handle, at most cfg.Workers at once; handle acknowledges (Ack, NakWithDelay, Term) itself.
// It blocks until ctx is done, then stops pulling, lets the jobs in flight finish (their
// context is cancelled after cfg.ShutdownTimeout; an unacknowledged job is redelivered after
// AckWait) and returns nil.
func Work(ctx context.Context, js jetstream.JetStream, b bus.Config, kind string, cfg WorkerConfig, log *slog.Logger,
	handle func(ctx context.Context, m jetstream.Msg)) error {
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("%s workers: %w", kind, err)
	}
	cons, err := js.CreateOrUpdateConsumer(ctx, b.Jobs.Name, jetstream.ConsumerConfig{
		Durable:       cfg.Durable,
		FilterSubject: b.Subjects().Job(kind, "*"),
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       cfg.AckWait,
		MaxDeliver:    -1,
		MaxAckPending: cfg.MaxAckPending,
	})
	if err != nil {
		return fmt.Errorf("creating consumer %s: %w", cfg.Durable, err)
	}
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	msgs := make(chan jetstream.Msg)
	var wg sync.WaitGroup
	for range cfg.Workers {
		wg.Go(func() {
			for m := range msgs {
				handle(work, m)
			}
		})
	}
	stopped := make(chan struct{})
	var mu sync.Mutex
	var it jetstream.MessagesContext
	go func() {
		select {
		case <-ctx.Done():
			mu.Lock()
			if it != nil {
				it.Stop()
			}
			mu.Unlock()
		case <-stopped:
		}
	}()
	for ctx.Err() == nil {
		mu.Lock()
		it, err = cons.Messages(jetstream.PullMaxMessages(cfg.Workers), jetstream.PullExpiry(5*time.Second))
		if err == nil && ctx.Err() != nil {
			it.Stop() // cancelled while pulling again: the watcher may have missed this one
		}
		mu.Unlock()
		if err != nil {
			log.Warn("pulling jobs", "kind", kind, "error", err)
			select {
			case <-ctx.Done():
			case <-time.After(time.Second):
			}
			continue
		}
		for {
			m, err := it.Next()
			if err != nil {
				if !errors.Is(err, jetstream.ErrMsgIteratorClosed) && ctx.Err() == nil {
					// A missed heartbeat or a lost connection: start a fresh pull.
					log.Warn("pulling jobs; pulling again", "kind", kind, "error", err)
					it.Stop()
				}
				break
			}
			msgs <- m
		}
	}
	close(stopped)
	close(msgs)
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(cfg.ShutdownTimeout):
		cancelWork()
		<-done
	}
	return nil
}
