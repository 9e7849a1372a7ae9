// Package extract is the extraction engine: one Article in, its events out, as spec/events.md
// defines them. It is pure and deterministic: the same article and engine version always give
// byte-identical events. It knows nothing of NATS or files.
package extract

import (
	"fmt"

	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// Engine extracts events from articles. It is safe for concurrent use.
type Engine struct {
	version string
}

// New builds an engine from the embedded default rules and gazetteer.
func New() (*Engine, error) {
	return &Engine{version: "0.0.0-dev"}, nil
}

// Version is the extractor version written into every event (news.Extractor).
func (e *Engine) Version() string { return e.version }

// Extract returns the events of one article, in a deterministic order. It fails only when the
// article itself is unusable (news.ErrInvalidArticle); an article with no events gives nil.
func (e *Engine) Extract(a *news.Article) ([]news.Event, error) {
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("article %s: %w", a.ID, err)
	}
	return nil, nil
}
