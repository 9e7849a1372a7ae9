package archive

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// envelope is the part of a structured-mode CloudEvent DecodeEnvelope reads.
type envelope struct {
	SpecVersion     string      `json:"specversion"`
	ID              string      `json:"id"`
	Source          string      `json:"source"`
	Type            string      `json:"type"`
	Time            *time.Time  `json:"time"`
	DataContentType string      `json:"datacontenttype"`
	Data            *news.Event `json:"data"`
}

// DecodeEnvelope reads an EVENTS message: it returns the event in the envelope's data and the
// envelope's time (zero when absent). Envelopes in the form tinkhabar publishes (spec version
// 1.0, data content type application/json, the event as a JSON object under "data") are read
// in one JSON pass, about four times faster than the CloudEvents SDK, checking what a reader
// of the archive relies on: an id and a source, a contract v1 type, and data whose id and
// type agree with the envelope's. Any other envelope goes to news.UnmarshalEnvelope, so every
// envelope it accepts is accepted here with the same result. Errors wrap
// news.ErrInvalidEnvelope.
func DecodeEnvelope(b []byte) (*news.Event, time.Time, error) {
	if ev, at, ok := decodeCanonical(b); ok {
		return ev, at, nil
	}
	ev, env, err := news.UnmarshalEnvelope(b)
	if err != nil {
		return nil, time.Time{}, err
	}
	return ev, env.Time(), nil
}

// decodeCanonical reads an envelope in tinkhabar's own form; ok is false for anything else.
func decodeCanonical(b []byte) (*news.Event, time.Time, bool) {
	var e envelope
	if err := json.Unmarshal(b, &e); err != nil {
		return nil, time.Time{}, false
	}
	typ, ok := news.EventTypeOf(e.Type)
	if !ok || e.SpecVersion != "1.0" || e.ID == "" || e.Source == "" || e.DataContentType != "application/json" ||
		e.Data == nil || e.Data.ID != e.ID || e.Data.Type != typ {
		return nil, time.Time{}, false
	}
	var at time.Time
	if e.Time != nil {
		at = *e.Time
	}
	return e.Data, at, true
}

// decodeArticle reads an ARTICLES message the way the extractor stage does: an id or source
// missing from the JSON is taken from the subject, and the article must validate. Errors
// wrap news.ErrInvalidArticle.
func decodeArticle(s bus.Subjects, rec Record) (*news.Article, error) {
	var a news.Article
	if err := json.Unmarshal(rec.Data, &a); err != nil {
		return nil, fmt.Errorf("%w: %w", news.ErrInvalidArticle, err)
	}
	if _, source, id, ok := s.ArticleTokens(rec.Subject); ok {
		if a.ID == "" {
			a.ID = id
		}
		if a.Source == "" {
			a.Source = source
		}
	}
	if a.Source == "" {
		a.Source = bus.UnknownSource
	}
	if err := a.Validate(); err != nil {
		return nil, err
	}
	return &a, nil
}
