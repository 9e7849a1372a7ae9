package archive

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// publishWindow is how many events an EventPublisher keeps waiting for their acks.
const publishWindow = 1024

// maxReportedErrors bounds the publish errors kept for the final error.
const maxReportedErrors = 10

// PublishStats counts what publishing did.
type PublishStats struct {
	// Stored counts events EVENTS stored.
	Stored int
	// Duplicates counts events whose id EVENTS already held: the archive keeps the first
	// version of an event id (see Supersede).
	Duplicates int
	// Failed counts events that could not be published.
	Failed int
}

// EventPublisher writes events to EVENTS the way the extractor stage does: each event in its
// CloudEvents envelope (the time is the publishing time) on
// events.<type>.<lang>.<source>.<event_id>, with the source of its article, through the bus
// publisher's permanent de-duplication. Publishes are pipelined. Use it from one goroutine:
// Add, then Close.
type EventPublisher struct {
	batch    *bus.Batch
	subjects bus.Subjects
	now      func() time.Time

	mu    sync.Mutex // guards what the batch's report callback writes
	stats PublishStats
	errs  []error
}

// NewEventPublisher starts publishing through pub on the streams of cfg. ctx bounds every
// publish; now gives the envelope time (nil: time.Now).
func NewEventPublisher(ctx context.Context, pub *bus.Publisher, cfg bus.Config, now func() time.Time) *EventPublisher {
	if now == nil {
		now = time.Now
	}
	p := &EventPublisher{subjects: cfg.Subjects(), now: now}
	p.batch = pub.NewBatch(ctx, publishWindow, func(r bus.Result) {
		p.mu.Lock()
		defer p.mu.Unlock()
		switch {
		case r.Err != nil:
			p.fail(r.Err)
		case r.Outcome == bus.Duplicate:
			p.stats.Duplicates++
		default:
			p.stats.Stored++
		}
	})
	return p
}

// fail records a failed event; p.mu is held.
func (p *EventPublisher) fail(err error) {
	p.stats.Failed++
	if len(p.errs) < maxReportedErrors {
		p.errs = append(p.errs, err)
	}
}

// Add publishes ev without waiting for its ack. An event that cannot be put on its subject
// (a token that is not a contract token) is counted as failed; an error is returned only
// when publishing cannot go on (ctx is done).
func (p *EventPublisher) Add(ev *news.Event) error {
	source := ev.Article.Source
	if source == "" {
		source = bus.UnknownSource
	}
	m, err := p.subjects.EventMsg(ev, source, p.now())
	if err == nil {
		err = p.batch.Add(m, ev.ID, 0)
		if err != nil && !errors.Is(err, bus.ErrRejected) {
			return fmt.Errorf("publishing event %s: %w", ev.ID, err)
		}
	}
	if err != nil {
		p.mu.Lock()
		p.fail(fmt.Errorf("event %s: %w", ev.ID, err))
		p.mu.Unlock()
	}
	return nil
}

// Close waits for every ack and returns the counts. The error joins the first failures.
func (p *EventPublisher) Close() (PublishStats, error) {
	p.batch.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	var err error
	if p.stats.Failed > 0 {
		err = fmt.Errorf("%d events not published: %w", p.stats.Failed, errors.Join(p.errs...))
	}
	return p.stats, err
}

// SupersedeStats counts what Supersede did.
type SupersedeStats struct {
	// Replaced counts stored events replaced by their new version (Changed).
	Replaced int
	// Deleted counts stored events deleted because the new extractor no longer finds them
	// (Removed).
	Deleted int
}

// Supersede makes EVENTS hold what the new extractor finds for the articles c compared:
// each stored event c found Changed is deleted and its new version published in its place
// (envelope time now), and each one found Removed is deleted. Publishing c.Fresh afterwards
// (EventPublisher) then adds the Added ones; without Supersede, EVENTS keeps the first
// version of every event id forever. This rewrites the archive: consumers that already read
// the old messages are not told, and they receive the new versions as new messages.
//
// A new version is published without a Nats-Msg-Id: the id of the old one may still be in
// the stream's duplicate window, and the new message would be dropped as its duplicate once
// the old one is gone. The per-subject check (one message per event id) still holds. If
// Supersede stops half-way (an error, a crash), running the comparison again shows the
// events it deleted and did not replace as Added, and publishing adds them.
func Supersede(ctx context.Context, js jetstream.JetStream, cfg bus.Config, c *Comparison, now time.Time) (SupersedeStats, error) {
	var st SupersedeStats
	s, err := js.Stream(ctx, cfg.Events.Name)
	if err != nil {
		return st, fmt.Errorf("opening stream %s: %w", cfg.Events.Name, err)
	}
	subjects := cfg.Subjects()
	for _, d := range c.Diff.Differences {
		if d.Change != Changed && d.Change != Removed {
			continue
		}
		old, ok := c.Stored[d.EventID]
		if !ok {
			continue
		}
		var m *nats.Msg
		if d.Change == Changed {
			source := d.New.Article.Source
			if source == "" {
				source = bus.UnknownSource
			}
			if m, err = subjects.EventMsg(d.New, source, now); err != nil {
				return st, fmt.Errorf("event %s: %w", d.EventID, err)
			}
		}
		if err := s.DeleteMsg(ctx, old.Record.Seq); err != nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
			return st, fmt.Errorf("deleting event %s (sequence %d) from %s: %w", d.EventID, old.Record.Seq, cfg.Events.Name, err)
		}
		if m == nil {
			st.Deleted++
			continue
		}
		if _, err := js.PublishMsg(ctx, m, jetstream.WithExpectLastSequencePerSubject(0)); err != nil {
			return st, fmt.Errorf("publishing the new version of event %s: %w", d.EventID, err)
		}
		st.Replaced++
	}
	return st, nil
}
