package news

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	ce "github.com/cloudevents/sdk-go/v2/event"
)

// CloudEvents attributes of contract v1 (spec/events.md, "Event"). Every event on EVENTS is a
// CloudEvents 1.0 event in structured mode: one JSON object holding the attributes and, under
// "data", the Event.
const (
	// EnvelopeSource is the CloudEvents "source" of every event tinkhabar extracts.
	EnvelopeSource = "tinkhabar/extractor"
	// EnvelopeContentType is the media type of a structured-mode message; publishers put it
	// in the message's Content-Type header.
	EnvelopeContentType = "application/cloudevents+json"
	// envelopeTypePrefix and envelopeTypeSuffix frame the event type in the CloudEvents "type":
	// org.tinkhabar.event.<type>.v1.
	envelopeTypePrefix = "org.tinkhabar.event."
	envelopeTypeSuffix = ".v1"
)

// ErrInvalidEnvelope is wrapped by every error UnmarshalEnvelope returns for a message that is
// not a valid event envelope of contract v1.
var ErrInvalidEnvelope = errors.New("invalid event envelope")

// EnvelopeType is the CloudEvents "type" of an event type: "visit" gives
// "org.tinkhabar.event.visit.v1".
func EnvelopeType(eventType string) string {
	return envelopeTypePrefix + eventType + envelopeTypeSuffix
}

// EventTypeOf is the inverse of EnvelopeType: it returns the event type named by a CloudEvents
// "type" of contract v1, and false for any other "type".
func EventTypeOf(ceType string) (string, bool) {
	t, ok := strings.CutPrefix(ceType, envelopeTypePrefix)
	if !ok {
		return "", false
	}
	t, ok = strings.CutSuffix(t, envelopeTypeSuffix)
	if !ok || !IsToken(t) {
		return "", false
	}
	return t, true
}

// NewEnvelope wraps ev in its CloudEvents envelope: id is ev.ID, type EnvelopeType(ev.Type),
// source EnvelopeSource, subject the article URL (absent when the event has none), time the
// extraction time (in UTC) and data the Event as JSON. It fails when ev lacks an id or a type,
// or when the result is not a valid CloudEvent.
func NewEnvelope(ev *Event, extracted time.Time) (ce.Event, error) {
	if ev.ID == "" || ev.Type == "" {
		return ce.Event{}, fmt.Errorf("wrapping event %q of type %q: %w: id and type are required", ev.ID, ev.Type, ErrInvalidEnvelope)
	}
	e := ce.New(ce.CloudEventsVersionV1)
	e.SetID(ev.ID)
	e.SetSource(EnvelopeSource)
	e.SetType(EnvelopeType(ev.Type))
	if ev.Article.URL != "" {
		e.SetSubject(ev.Article.URL)
	}
	e.SetTime(extracted.UTC())
	data, err := json.Marshal(ev)
	if err != nil {
		return ce.Event{}, fmt.Errorf("encoding event %s: %w", ev.ID, err)
	}
	e.SetDataContentType(ce.ApplicationJSON)
	e.DataEncoded = data
	if err := e.Validate(); err != nil {
		return ce.Event{}, fmt.Errorf("wrapping event %s: %w: %w", ev.ID, ErrInvalidEnvelope, err)
	}
	return e, nil
}

// MarshalEnvelope returns the structured-mode JSON of ev's envelope (see NewEnvelope): the
// bytes published on EVENTS.
func MarshalEnvelope(ev *Event, extracted time.Time) ([]byte, error) {
	e, err := NewEnvelope(ev, extracted)
	if err != nil {
		return nil, err
	}
	// The SDK's own encoder, called directly: json.Marshal would re-scan its output.
	b, err := e.MarshalJSON()
	if err != nil {
		return nil, fmt.Errorf("encoding envelope of event %s: %w", ev.ID, err)
	}
	return b, nil
}

// UnmarshalEnvelope parses a structured-mode message from EVENTS and returns the Event in its
// data together with the envelope. It checks what a subscriber relies on: a valid CloudEvent
// of a contract v1 type, JSON data, and an envelope id and type that agree with the data's.
// Every error wraps ErrInvalidEnvelope.
func UnmarshalEnvelope(b []byte) (*Event, ce.Event, error) {
	var e ce.Event
	if err := json.Unmarshal(b, &e); err != nil {
		return nil, ce.Event{}, fmt.Errorf("%w: %w", ErrInvalidEnvelope, err)
	}
	if err := e.Validate(); err != nil {
		return nil, ce.Event{}, fmt.Errorf("%w: %w", ErrInvalidEnvelope, err)
	}
	typ, ok := EventTypeOf(e.Type())
	if !ok {
		return nil, ce.Event{}, fmt.Errorf("%w: type %q is not a tinkhabar v1 event type", ErrInvalidEnvelope, e.Type())
	}
	if mt := e.DataMediaType(); mt != ce.ApplicationJSON {
		return nil, ce.Event{}, fmt.Errorf("%w: data content type %q, want %q", ErrInvalidEnvelope, mt, ce.ApplicationJSON)
	}
	var ev Event
	if err := json.Unmarshal(e.Data(), &ev); err != nil {
		return nil, ce.Event{}, fmt.Errorf("%w: data of %s: %w", ErrInvalidEnvelope, e.ID(), err)
	}
	if ev.ID != e.ID() || ev.Type != typ {
		return nil, ce.Event{}, fmt.Errorf("%w: envelope says %s %s, data says %s %s", ErrInvalidEnvelope, typ, e.ID(), ev.Type, ev.ID)
	}
	return &ev, e, nil
}
