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
// envelope's time (zero when absent). It checks what news.UnmarshalEnvelope checks on the
// fields a reader of the archive relies on (spec version 1.0, an id and a source, a contract
// v1 type, JSON data whose id and type agree with the envelope's) in one JSON pass, about
// four times faster than the CloudEvents SDK; every envelope news.UnmarshalEnvelope accepts it
// accepts with the same result. Errors wrap news.ErrInvalidEnvelope.
func DecodeEnvelope(b []byte) (*news.Event, time.Time, error) {
	var e envelope
	if err := json.Unmarshal(b, &e); err != nil {
		return nil, time.Time{}, fmt.Errorf("%w: %w", news.ErrInvalidEnvelope, err)
	}
	typ, ok := news.EventTypeOf(e.Type)
	switch {
	case e.SpecVersion != "1.0":
		return nil, time.Time{}, fmt.Errorf("%w: specversion %q, want 1.0", news.ErrInvalidEnvelope, e.SpecVersion)
	case e.ID == "" || e.Source == "":
		return nil, time.Time{}, fmt.Errorf("%w: id and source are required", news.ErrInvalidEnvelope)
	case !ok:
		return nil, time.Time{}, fmt.Errorf("%w: type %q is not a tinkhabar v1 event type", news.ErrInvalidEnvelope, e.Type)
	case e.DataContentType != "application/json":
		return nil, time.Time{}, fmt.Errorf("%w: data content type %q, want application/json", news.ErrInvalidEnvelope, e.DataContentType)
	case e.Data == nil:
		return nil, time.Time{}, fmt.Errorf("%w: no data", news.ErrInvalidEnvelope)
	case e.Data.ID != e.ID || e.Data.Type != typ:
		return nil, time.Time{}, fmt.Errorf("%w: envelope says %s %s, data says %s %s", news.ErrInvalidEnvelope, typ, e.ID, e.Data.Type, e.Data.ID)
	}
	var at time.Time
	if e.Time != nil {
		at = *e.Time
	}
	return e.Data, at, nil
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
