// Package client subscribes a Go program to tinkhabar's events: typed events (news.Event with
// the message's sequence and times), subject filters by type, language and source, a filter
// by place, a durable consumer that resumes where it stopped or an ephemeral one that lives
// as long as the subscription, and acknowledgements handled from the handler's result.
//
// It speaks NATS JetStream directly (github.com/nats-io/nats.go/jetstream) and depends on no
// other part of tinkhabar than the wire types of pkg/news: the subjects and stream are those
// of the contract (docs/asyncapi.yaml, spec/events.md).
//
//	c, _ := client.New(js, client.Config{})
//	err := c.Subscribe(ctx, client.Filter{Types: []string{"visit"}, Durable: "my-app"},
//		func(ctx context.Context, ev *client.Event) error {
//			fmt.Println(ev.Summary())
//			return nil // acknowledged; an error redelivers it later, client.Permanent(err) drops it
//		})
package client

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// DefaultStream is the stream of events in contract v1.
const DefaultStream = "EVENTS"

// ErrPermanent marks a handler error that retrying cannot fix: the event is terminated
// instead of redelivered. Wrap an error with Permanent, or wrap ErrPermanent yourself.
var ErrPermanent = errors.New("permanent failure")

// Permanent wraps err so that Subscribe terminates the event instead of redelivering it.
func Permanent(err error) error { return fmt.Errorf("%w: %w", ErrPermanent, err) }

// Config says where the events are.
type Config struct {
	// Stream is the events stream (default DefaultStream).
	Stream string
	// Prefix is the deployment's subject prefix ("" for none): events are then on
	// <prefix>.events.<type>.<lang>.<source>.<event_id>.
	Prefix string
	// Logger receives what the client skips (messages that are not events); nil discards.
	Logger *slog.Logger
}

// Client subscribes to events. It is safe for concurrent use; each Subscribe has its own
// consumer.
type Client struct {
	js     jetstream.JetStream
	stream string
	prefix string
	log    *slog.Logger
}

// New returns a client on js. It does not touch the network. The caller keeps ownership of
// js's connection.
func New(js jetstream.JetStream, cfg Config) (*Client, error) {
	if js == nil {
		return nil, errors.New("client: a JetStream context is required")
	}
	c := &Client{js: js, stream: cfg.Stream, prefix: cfg.Prefix, log: cfg.Logger}
	if c.stream == "" {
		c.stream = DefaultStream
	}
	if c.prefix != "" {
		for tok := range strings.SplitSeq(c.prefix, ".") {
			if tok == "" || strings.ContainsAny(tok, "*> \t\r\n") {
				return nil, fmt.Errorf("client: subject prefix %q is not a sequence of dot-separated tokens", cfg.Prefix)
			}
		}
		c.prefix += "."
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	return c, nil
}

// Start says where a new consumer begins.
type Start int

const (
	// StartNew delivers only events stored after the consumer is created.
	StartNew Start = iota
	// StartAll delivers every event the stream holds, oldest first.
	StartAll
)

// Filter selects events and says how they are consumed. Within one field the values are
// alternatives; the fields must all hold. Empty fields select everything.
type Filter struct {
	// Types, Langs and Sources select by subject ("visit", "fa", "mehrnews"): JetStream
	// only delivers matching events.
	Types, Langs, Sources []string
	// Locations select events whose location id, location current_id or a party id is one
	// of them ("ir/kerman", "vn/gia-lai", "org/vnpt"). Checked by the client: other events
	// are acknowledged without calling the handler.
	Locations []string
	// Durable names a durable consumer: it outlives Subscribe, and a later Subscribe with the
	// same name (from this process or another, possibly several at once sharing the work)
	// resumes after the last acknowledged event. Empty means an ephemeral consumer, deleted
	// when Subscribe returns. Letters, digits, '-' and '_'.
	Durable string
	// Start is where a new consumer begins; Since, when set, overrides it with the events
	// stored at or after that time. An existing durable consumer keeps its position.
	Start Start
	Since time.Time
	// AckWait is how long the server waits for the handler before delivering the event again
	// (default 30 s).
	AckWait time.Duration
	// MaxDeliver is how many times an event is delivered before the server gives up on it
	// (default 5).
	MaxDeliver int
	// Backoff is the delay before an event whose handler failed is delivered again, by
	// delivery (the last repeats); default 1 s, 5 s, 30 s.
	Backoff []time.Duration
}

// Event is one event as delivered: the event data and what the message says about it.
type Event struct {
	news.Event
	// Subject is the message's subject: <prefix>events.<type>.<lang>.<source>.<event_id>.
	Subject string
	// Source is the source token of the subject (the article's source).
	Source string
	// Sequence is the event's sequence in the stream.
	Sequence uint64
	// Extracted is the extraction time (the CloudEvents "time"); Stored when JetStream
	// stored it.
	Extracted, Stored time.Time
	// Delivered counts deliveries of this event to this consumer, from 1.
	Delivered uint64
}

// Summary is the event's one-line English summary: the summary_en it carries, or one built
// from its fields.
func (e *Event) Summary() string {
	if e.SummaryEn != "" {
		return e.SummaryEn
	}
	return news.Summary(&e.Event)
}

// Handler handles one event. Returning nil acknowledges it. An error wrapping ErrPermanent
// terminates it (never delivered again); any other error hands it back to be delivered again
// after Filter.Backoff, up to Filter.MaxDeliver deliveries. ctx is Subscribe's.
type Handler func(ctx context.Context, ev *Event) error

// maxFilterSubjects caps the subject filters of one consumer; past it the consumer takes
// every event and the client filters.
const maxFilterSubjects = 64

// Subscribe creates (or, for a durable name, reuses) a consumer on the events stream and
// calls h for each matching event, one at a time, in stream order, until ctx is done; it
// then returns nil (also when ctx ends while it is still setting up). Events received but not yet handled when ctx ends are not acknowledged:
// a durable consumer delivers them again after AckWait. It returns an error at once when
// the stream does not exist or the filter is invalid, and later when the connection is
// closed.
func (c *Client) Subscribe(ctx context.Context, f Filter, h Handler) error {
	if h == nil {
		return errors.New("client: a handler is required")
	}
	cfg, serverFilters, err := c.consumerConfig(f)
	if err != nil {
		return err
	}
	stream, err := c.js.Stream(ctx, c.stream)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("client: opening stream %s: %w", c.stream, err)
	}
	if f.Durable == "" {
		// An ephemeral consumer gets its name here, so that it is deleted on return even
		// when ctx ends while the server is creating it.
		cfg.Name = ephemeralName()
		defer func() {
			dctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := stream.DeleteConsumer(dctx, cfg.Name); err != nil && !errors.Is(err, jetstream.ErrConsumerNotFound) {
				c.log.Debug("deleting the ephemeral consumer", "consumer", cfg.Name, "error", err)
			}
		}()
	}
	var cons jetstream.Consumer
	if f.Durable != "" {
		// An existing durable keeps where it starts from; only its filter and limits change.
		if existing, err := stream.Consumer(ctx, f.Durable); err == nil {
			old := existing.CachedInfo().Config
			cfg.DeliverPolicy, cfg.OptStartTime, cfg.OptStartSeq = old.DeliverPolicy, old.OptStartTime, old.OptStartSeq
		}
		cons, err = stream.CreateOrUpdateConsumer(ctx, cfg)
	} else {
		cons, err = stream.CreateConsumer(ctx, cfg)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("client: creating the consumer on %s: %w", c.stream, err)
	}

	it, err := cons.Messages()
	if err != nil {
		return fmt.Errorf("client: consuming %s: %w", c.stream, err)
	}
	stop := context.AfterFunc(ctx, it.Stop)
	defer stop()
	defer it.Stop()
	for {
		m, err := it.Next()
		if err != nil {
			switch {
			case ctx.Err() != nil || errors.Is(err, jetstream.ErrMsgIteratorClosed):
				return nil
			case errors.Is(err, nats.ErrConnectionClosed):
				return fmt.Errorf("client: consuming %s: %w", c.stream, err)
			}
			c.log.Warn("consuming events", "stream", c.stream, "error", err)
			continue
		}
		c.handle(ctx, m, f, serverFilters, h)
	}
}

// consumerConfig builds the consumer of f; serverFilters reports whether JetStream applies
// the type, language and source filters (otherwise the client does).
func (c *Client) consumerConfig(f Filter) (jetstream.ConsumerConfig, bool, error) {
	for _, vs := range [][]string{f.Types, f.Langs, f.Sources} {
		for _, v := range vs {
			if !news.IsToken(v) {
				return jetstream.ConsumerConfig{}, false, fmt.Errorf("client: filter value %q is not a [a-z0-9_-]+ token", v)
			}
		}
	}
	for _, r := range f.Durable {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return jetstream.ConsumerConfig{}, false, fmt.Errorf("client: durable name %q: want letters, digits, '-' or '_'", f.Durable)
		}
	}
	cfg := jetstream.ConsumerConfig{
		Durable:       f.Durable,
		Description:   "tinkhabar client",
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       f.AckWait,
		MaxDeliver:    f.MaxDeliver,
		DeliverPolicy: jetstream.DeliverNewPolicy,
	}
	if cfg.AckWait <= 0 {
		cfg.AckWait = 30 * time.Second
	}
	if cfg.MaxDeliver <= 0 {
		cfg.MaxDeliver = 5
	}
	if f.Durable == "" {
		cfg.InactiveThreshold = time.Minute
	}
	switch {
	case !f.Since.IsZero():
		since := f.Since
		cfg.DeliverPolicy, cfg.OptStartTime = jetstream.DeliverByStartTimePolicy, &since
	case f.Start == StartAll:
		cfg.DeliverPolicy = jetstream.DeliverAllPolicy
	}
	or := func(v []string) []string {
		if len(v) == 0 {
			return []string{"*"}
		}
		return v
	}
	types, langs, sources := or(f.Types), or(f.Langs), or(f.Sources)
	if n := len(types) * len(langs) * len(sources); n > maxFilterSubjects {
		cfg.FilterSubject = c.prefix + "events.>"
		return cfg, false, nil
	}
	for _, t := range types {
		for _, l := range langs {
			for _, s := range sources {
				cfg.FilterSubjects = append(cfg.FilterSubjects, c.prefix+"events."+t+"."+l+"."+s+".*")
			}
		}
	}
	if len(cfg.FilterSubjects) == 1 {
		cfg.FilterSubject, cfg.FilterSubjects = cfg.FilterSubjects[0], nil
	}
	return cfg, true, nil
}

// handle decodes one message, applies the client-side filters, calls h and acks by its
// result.
func (c *Client) handle(ctx context.Context, m jetstream.Msg, f Filter, serverFilters bool, h Handler) {
	log := c.log.With("subject", m.Subject())
	md, err := m.Metadata()
	if err != nil {
		log.Warn("event without metadata; terminated", "error", err)
		_ = m.Term()
		return
	}
	typ, lang, source, ok := c.tokens(m.Subject())
	if !ok {
		log.Warn("message outside the event subjects; terminated")
		_ = m.TermWithReason("not an event subject")
		return
	}
	if !serverFilters && !(match(f.Types, typ) && match(f.Langs, lang) && match(f.Sources, source)) {
		_ = m.Ack()
		return
	}
	ev, env, err := news.UnmarshalEnvelope(m.Data())
	if err != nil {
		log.Warn("message that is not an event; terminated", "error", err)
		_ = m.TermWithReason("not a tinkhabar event")
		return
	}
	if len(f.Locations) > 0 && !atPlace(ev, f.Locations) {
		_ = m.Ack()
		return
	}
	e := &Event{Event: *ev, Subject: m.Subject(), Source: source, Sequence: md.Sequence.Stream,
		Extracted: env.Time(), Stored: md.Timestamp, Delivered: md.NumDelivered}
	err = h(ctx, e)
	switch {
	case err == nil:
		if aerr := m.Ack(); aerr != nil {
			log.Warn("acknowledging an event", "error", aerr)
		}
	case errors.Is(err, ErrPermanent):
		log.Warn("handler failed for good; event terminated", "event_id", ev.ID, "error", err)
		_ = m.TermWithReason("handler: permanent failure")
	default:
		delay := backoff(f.Backoff, md.NumDelivered)
		log.Warn("handler failed; event delivered again later", "event_id", ev.ID, "deliveries", md.NumDelivered, "retry_in", delay, "error", err)
		_ = m.NakWithDelay(delay)
	}
}

// tokens splits <prefix>events.<type>.<lang>.<source>.<id>.
func (c *Client) tokens(subject string) (typ, lang, source string, ok bool) {
	rest, found := strings.CutPrefix(subject, c.prefix+"events.")
	if !found {
		return "", "", "", false
	}
	t := strings.Split(rest, ".")
	if len(t) != 4 {
		return "", "", "", false
	}
	return t[0], t[1], t[2], true
}

func match(want []string, v string) bool { return len(want) == 0 || slices.Contains(want, v) }

func atPlace(ev *news.Event, places []string) bool {
	if l := ev.Location; l != nil && (slices.Contains(places, l.ID) || l.CurrentID != "" && slices.Contains(places, l.CurrentID)) {
		return true
	}
	for _, p := range ev.Parties {
		if slices.Contains(places, p.ID) {
			return true
		}
	}
	return false
}

// ephemeralName is a fresh consumer name: "tinkhabar-client-" and 16 random hex digits.
func ephemeralName() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "tinkhabar-client-" + hex.EncodeToString(b[:])
}

var defaultBackoff = []time.Duration{time.Second, 5 * time.Second, 30 * time.Second}

func backoff(b []time.Duration, delivered uint64) time.Duration {
	if len(b) == 0 {
		b = defaultBackoff
	}
	i := int(min(delivered, uint64(len(b)))) - 1
	return b[max(i, 0)]
}
