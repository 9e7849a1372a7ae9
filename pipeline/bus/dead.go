package bus

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Headers of a message parked on DEAD. The same facts are in the JSON body (DeadLetter).
const (
	HeaderDeadStage      = "Tinkhabar-Dead-Stage"
	HeaderDeadReason     = "Tinkhabar-Dead-Reason"
	HeaderDeadError      = "Tinkhabar-Dead-Error"
	HeaderDeadStream     = "Tinkhabar-Dead-Stream"
	HeaderDeadSubject    = "Tinkhabar-Dead-Subject"
	HeaderDeadSequence   = "Tinkhabar-Dead-Stream-Seq"
	HeaderDeadDeliveries = "Tinkhabar-Dead-Deliveries"
)

// DeadLetter is the body of a message parked on DEAD: why a stage gave up on a message, and
// the message itself.
type DeadLetter struct {
	// Stage that gave up ("extractor").
	Stage string `json:"stage"`
	// Reason is a short code for the kind of failure ("invalid_article", "too_many_deliveries").
	Reason string `json:"reason"`
	// Error is the error text of the last failure.
	Error string `json:"error"`
	// Stream, Subject and StreamSeq locate the original message.
	Stream    string `json:"stream"`
	Subject   string `json:"subject"`
	StreamSeq uint64 `json:"stream_seq"`
	// Deliveries is how many times the message had been delivered.
	Deliveries uint64 `json:"deliveries"`
	// Source is the source token of the dead subject.
	Source string    `json:"source"`
	Time   time.Time `json:"time"`
	// Data is the original message when it is JSON; DataBase64 holds it otherwise.
	Data       json.RawMessage `json:"data,omitempty"`
	DataBase64 []byte          `json:"data_base64,omitempty"`
}

// DeadMsg returns the DEAD message of d, on dead.<stage>.<source>, with the original message
// data attached to the body. Publish it with DeadMsgID(d) as message id.
func (s Subjects) DeadMsg(d DeadLetter, original []byte) (*nats.Msg, error) {
	if json.Valid(original) {
		d.Data = original
	} else {
		d.DataBase64 = original
	}
	body, err := json.Marshal(d)
	if err != nil {
		return nil, fmt.Errorf("encoding dead letter of %s: %w", d.Subject, err)
	}
	m := nats.NewMsg(s.Dead(d.Stage, d.Source))
	m.Data = body
	m.Header.Set(HeaderContentType, "application/json")
	m.Header.Set(HeaderDeadStage, d.Stage)
	m.Header.Set(HeaderDeadReason, d.Reason)
	m.Header.Set(HeaderDeadError, headerValue(d.Error))
	m.Header.Set(HeaderDeadStream, d.Stream)
	m.Header.Set(HeaderDeadSubject, d.Subject)
	m.Header.Set(HeaderDeadSequence, strconv.FormatUint(d.StreamSeq, 10))
	m.Header.Set(HeaderDeadDeliveries, strconv.FormatUint(d.Deliveries, 10))
	return m, nil
}

// DeadMsgID is the message id of a dead letter: one per stage and original message, so a
// stage that parks the same message twice inside the duplicate window stores it once.
func DeadMsgID(d DeadLetter) string {
	return d.Stage + ":" + d.Stream + ":" + strconv.FormatUint(d.StreamSeq, 10)
}

// Park publishes d (with the original message data) on DEAD and waits for the ack. A stage
// terminates the original message only after Park returned nil.
func (p *Publisher) Park(ctx context.Context, s Subjects, d DeadLetter, original []byte) error {
	m, err := s.DeadMsg(d, original)
	if err != nil {
		return err
	}
	// DEAD keeps many messages per subject: publish without the per-subject expectation.
	pending, err := p.js.PublishMsgAsync(m, jetstream.WithMsgID(DeadMsgID(d)))
	if err != nil {
		return classify(m.Subject, err)
	}
	w := &Pending{p: p, paf: pending, subject: m.Subject}
	if _, err := w.Wait(ctx); err != nil {
		return fmt.Errorf("parking %s on DEAD: %w", d.Subject, err)
	}
	return nil
}

// headerValue makes an error text safe as a header value: one line, at most 1 KiB.
func headerValue(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' {
			return ' '
		}
		return r
	}, s)
	if len(s) > 1024 {
		s = strings.ToValidUTF8(s[:1024], "")
	}
	return s
}
