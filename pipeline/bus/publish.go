package bus

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Outcome is what JetStream did with a message it acknowledged.
type Outcome int

const (
	// Stored: the message is new and was stored.
	Stored Outcome = iota + 1
	// Duplicate: the stream already holds a message with this id; nothing was stored.
	Duplicate
)

func (o Outcome) String() string {
	switch o {
	case Stored:
		return "stored"
	case Duplicate:
		return "duplicate"
	}
	return "unknown"
}

// ErrRejected is wrapped by publish errors where JetStream refused the message itself (too
// large, no stream for the subject, a header it does not accept): sending it again cannot
// succeed. Every other publish error (a timeout, a lost connection, a full stream, a cluster
// without a leader for a moment) is transient.
var ErrRejected = errors.New("message rejected by jetstream")

// JetStream error codes Publisher branches on (nats-server errors.json).
const (
	errCodeWrongLastSeq         jetstream.ErrorCode = 10071 // wrong last sequence: the subject has a message
	errCodeWrongLastSeqConstant jetstream.ErrorCode = 10164 // the same on a replicated stream
	errCodeStoreFailed          jetstream.ErrorCode = 10077 // store failed: max msgs/bytes, or max msgs per subject
)

// Defaults of NewJetStream.
const (
	DefaultMaxPending     = 4096
	DefaultPublishTimeout = 10 * time.Second
)

// NewJetStream returns the JetStream context tinkhabar uses on nc: at most DefaultMaxPending
// asynchronous publishes waiting for their acks, and each failing with a timeout after
// DefaultPublishTimeout, so that a message the server never answers cannot hold up a stage.
// The caller keeps ownership of nc.
func NewJetStream(nc *nats.Conn) (jetstream.JetStream, error) {
	js, err := jetstream.New(nc,
		jetstream.WithPublishAsyncMaxPending(DefaultMaxPending),
		jetstream.WithPublishAsyncTimeout(DefaultPublishTimeout),
	)
	if err != nil {
		return nil, fmt.Errorf("creating jetstream context: %w", err)
	}
	return js, nil
}

// Publisher publishes messages whose subject ends in their id into the streams of this
// package, and reports a repeated id as Duplicate instead of an error (see the package
// comment). It is safe for concurrent use.
type Publisher struct {
	js jetstream.JetStream
}

// NewPublisher returns a Publisher on js. For asynchronous publishing js should come from
// NewJetStream, so that every pending publish ends with an ack or an error.
func NewPublisher(js jetstream.JetStream) *Publisher {
	return &Publisher{js: js}
}

// JetStream returns the context the publisher uses.
func (p *Publisher) JetStream() jetstream.JetStream { return p.js }

// Publish sends m with Nats-Msg-Id id and waits for JetStream's answer. m.Subject must end in
// id and m must not be reused while the publish is pending; its headers are added to.
func (p *Publisher) Publish(ctx context.Context, m *nats.Msg, id string) (Outcome, error) {
	pending, err := p.PublishAsync(ctx, m, id)
	if err != nil {
		return 0, err
	}
	return pending.Wait(ctx)
}

// PublishAsync sends m with Nats-Msg-Id id and returns at once with a Pending to wait on. When
// the connection already has the maximum of publishes waiting for acks, it blocks until one
// is answered or ctx is done. Errors are those of Pending.Wait, or ctx's.
func (p *Publisher) PublishAsync(ctx context.Context, m *nats.Msg, id string) (*Pending, error) {
	for {
		paf, err := p.js.PublishMsgAsync(m, jetstream.WithMsgID(id), jetstream.WithExpectLastSequencePerSubject(0))
		if err == nil {
			return &Pending{p: p, paf: paf, subject: m.Subject}, nil
		}
		if !errors.Is(err, jetstream.ErrTooManyStalledMsgs) {
			return nil, classify(m.Subject, err)
		}
		// The window is full: wait a little for acks to come back, unless cancelled.
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("publishing %s: %w", m.Subject, context.Cause(ctx))
		case <-time.After(time.Millisecond):
		}
	}
}

// Pending is one asynchronous publish waiting for its ack.
type Pending struct {
	p       *Publisher
	paf     jetstream.PubAckFuture
	subject string
}

// Subject is the subject the message was published on.
func (w *Pending) Subject() string { return w.subject }

// Wait blocks until JetStream answers the publish (or the publish times out, see
// NewJetStream) or ctx is done. A stored message gives Stored; a message whose id the stream
// already holds gives Duplicate and no error. An error wraps ErrRejected when sending the
// message again cannot help; any other error is transient. Call Wait once.
func (w *Pending) Wait(ctx context.Context) (Outcome, error) {
	select {
	case ack := <-w.paf.Ok():
		if ack.Duplicate {
			return Duplicate, nil
		}
		return Stored, nil
	case err := <-w.paf.Err():
		return w.p.outcomeOfError(ctx, w.subject, err)
	case <-ctx.Done():
		return 0, fmt.Errorf("waiting for the ack of %s: %w", w.subject, context.Cause(ctx))
	}
}

// outcomeOfError turns a publish error into Duplicate when it means the stream already has a
// message on the subject, and otherwise classifies it.
func (p *Publisher) outcomeOfError(ctx context.Context, subject string, err error) (Outcome, error) {
	var apiErr *jetstream.APIError
	if errors.As(err, &apiErr) {
		switch apiErr.ErrorCode {
		case errCodeWrongLastSeq, errCodeWrongLastSeqConstant:
			// Nats-Expected-Last-Subject-Sequence 0 failed: the subject has a message.
			return Duplicate, nil
		case errCodeStoreFailed:
			// The store refused the message: either the per-subject limit (a duplicate) or a
			// full stream (transient). Only the stream can tell which.
			has, lookupErr := p.hasSubject(ctx, subject)
			if lookupErr != nil {
				return 0, fmt.Errorf("publishing %s: %w (and checking for a stored message: %w)", subject, err, lookupErr)
			}
			if has {
				return Duplicate, nil
			}
			return 0, fmt.Errorf("publishing %s: %w", subject, err)
		}
	}
	return 0, classify(subject, err)
}

// hasSubject reports whether the stream bound to subject holds a message on it.
func (p *Publisher) hasSubject(ctx context.Context, subject string) (bool, error) {
	name, err := p.js.StreamNameBySubject(ctx, subject)
	if err != nil {
		return false, err
	}
	s, err := p.js.Stream(ctx, name)
	if err != nil {
		return false, err
	}
	if _, err := s.GetLastMsgForSubject(ctx, subject); err != nil {
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			return false, nil
		}
		return false, err
	}
	return true, nil
}

// classify wraps err with the subject, and with ErrRejected when JetStream refused the
// message for what it is (a 4xx API error).
func classify(subject string, err error) error {
	var apiErr *jetstream.APIError
	if errors.As(err, &apiErr) && apiErr.Code >= 400 && apiErr.Code < 500 {
		return fmt.Errorf("publishing %s: %w: %w", subject, ErrRejected, err)
	}
	if errors.Is(err, nats.ErrBadSubject) || errors.Is(err, nats.ErrMaxPayload) || errors.Is(err, jetstream.ErrAsyncPublishReplySubjectSet) {
		return fmt.Errorf("publishing %s: %w: %w", subject, ErrRejected, err)
	}
	return fmt.Errorf("publishing %s: %w", subject, err)
}

// Result is the result of one message of a Batch.
type Result struct {
	// Tag is the caller's tag given to Batch.Add (e.g. a line number).
	Tag int
	// Subject the message was published on.
	Subject string
	// Outcome is Stored or Duplicate when Err is nil.
	Outcome Outcome
	Err     error
}

// Batch publishes many messages without waiting for each ack and reports every result, in
// the order the messages were added, to a callback. It keeps at most window messages
// waiting. Use it from one goroutine: Add, then Close.
type Batch struct {
	p       *Publisher
	ctx     context.Context
	report  func(Result)
	pending chan batchItem
	done    chan struct{}
	closeMu sync.Once
}

type batchItem struct {
	tag int
	w   *Pending
}

// NewBatch starts a batch. report is called from the batch's own goroutine, one result at a
// time, in order; it must not call the Batch. ctx bounds every publish and wait.
func (p *Publisher) NewBatch(ctx context.Context, window int, report func(Result)) *Batch {
	b := &Batch{p: p, ctx: ctx, report: report, pending: make(chan batchItem, max(window, 1)), done: make(chan struct{})}
	go func() {
		defer close(b.done)
		for it := range b.pending {
			o, err := it.w.Wait(ctx)
			b.report(Result{Tag: it.tag, Subject: it.w.subject, Outcome: o, Err: err})
		}
	}()
	return b
}

// Add publishes m with id and tag. It blocks while window messages are waiting for acks. An
// error means m was not sent (it is not reported to the callback); the batch can go on.
func (b *Batch) Add(m *nats.Msg, id string, tag int) error {
	w, err := b.p.PublishAsync(b.ctx, m, id)
	if err != nil {
		return err
	}
	select {
	case b.pending <- batchItem{tag: tag, w: w}:
		return nil
	case <-b.ctx.Done():
		return context.Cause(b.ctx)
	}
}

// Close waits until every added message has been reported.
func (b *Batch) Close() {
	b.closeMu.Do(func() { close(b.pending) })
	<-b.done
}
