package bus

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// HeaderContentType is the header that names a message's media type.
const HeaderContentType = "Content-Type"

// PrepareArticle makes an article ready for ARTICLES, in place: an article without an id gets
// news.ArticleID of its canonical URL, or of its URL when it has no canonical one; an article
// without a source gets UnknownSource. It then validates the article. Every error wraps
// news.ErrInvalidArticle. The text is left as it is: normalising it is the extractor's work,
// and an event's evidence offsets point into the text as published.
func PrepareArticle(a *news.Article) error {
	if a.ID == "" {
		switch {
		case a.CanonicalURL != "":
			a.ID = news.ArticleID(a.CanonicalURL)
		case a.URL != "":
			a.ID = news.ArticleID(a.URL)
		default:
			return fmt.Errorf("%w: no id, url or canonical_url to derive an id from", news.ErrInvalidArticle)
		}
	}
	if a.Source == "" {
		a.Source = UnknownSource
	}
	return a.Validate()
}

// ArticleMsg returns the ARTICLES message of an article that passed PrepareArticle: its JSON
// on articles.<lang>.<source>.<id>. Publish it with the article id as message id.
func (s Subjects) ArticleMsg(a *news.Article) (*nats.Msg, error) {
	data, err := json.Marshal(a)
	if err != nil {
		return nil, fmt.Errorf("encoding article %s: %w", a.ID, err)
	}
	m := nats.NewMsg(s.Article(a.Lang, a.Source, a.ID))
	m.Data = data
	m.Header.Set(HeaderContentType, "application/json")
	return m, nil
}

// EventMsg returns the EVENTS message of an event: its CloudEvents envelope (structured JSON,
// see news.MarshalEnvelope) on events.<type>.<lang>.<source>.<event_id>, where source is the
// source token of the event's article (the article's Source after PrepareArticle). Publish it
// with the event id as message id. It fails when a subject token is not a contract token or
// the envelope is invalid; both are permanent.
func (s Subjects) EventMsg(ev *news.Event, source string, extracted time.Time) (*nats.Msg, error) {
	if err := CheckEventTokens(ev.Type, ev.Lang, source, ev.ID); err != nil {
		return nil, err
	}
	data, err := news.MarshalEnvelope(ev, extracted)
	if err != nil {
		return nil, err
	}
	m := nats.NewMsg(s.Event(ev.Type, ev.Lang, source, ev.ID))
	m.Data = data
	m.Header.Set(HeaderContentType, news.EnvelopeContentType)
	return m, nil
}
