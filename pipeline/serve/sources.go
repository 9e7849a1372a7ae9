package serve

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tinkhabar/tinkhabar/pipeline/metrics"
)

// Source states in SourceHealth.Status.
const (
	SourceOK      = "ok"      // no feed failing, articles arrived
	SourceFailing = "failing" // at least one feed is failing and backing off
	SourceWaiting = "waiting" // no feed failing, and no article yet
)

// SourceHealth is one source in GET /api/sources.
type SourceHealth struct {
	ID     string `json:"id"`
	Name   string `json:"name,omitempty"`
	Native string `json:"native,omitempty"`
	Lang   string `json:"lang,omitempty"`
	Home   string `json:"home,omitempty"`
	// Feeds is the number of configured feeds (0 for a source seen only in events).
	Feeds int `json:"feeds"`
	// Status is SourceOK, SourceFailing or SourceWaiting.
	Status string `json:"status"`
	// FailingFeeds and MaxFailures count the feeds now backing off and the most
	// consecutive failures among them; LastError is the error of that feed and NextPoll
	// when it is tried again.
	FailingFeeds int        `json:"failing_feeds"`
	MaxFailures  int        `json:"max_failures"`
	LastError    string     `json:"last_error,omitempty"`
	NextPoll     *time.Time `json:"next_poll,omitempty"`
	// LastArticle is when the newest article of the source was stored in ARTICLES.
	LastArticle *time.Time `json:"last_article,omitempty"`
	// Events counts the source's events the server holds; LastEvent is when the newest was
	// reported.
	Events    int        `json:"events"`
	LastEvent *time.Time `json:"last_event,omitempty"`
}

// sourceCache keeps the last answer of /api/sources for a few seconds: it costs a request
// to JetStream per source.
type sourceCache struct {
	mu  sync.Mutex
	at  time.Time
	val []SourceHealth
}

const sourceCacheTTL = 5 * time.Second

func (s *Server) handleSources(w http.ResponseWriter, r *http.Request) {
	s.sources.mu.Lock()
	defer s.sources.mu.Unlock()
	if s.sources.val == nil || time.Since(s.sources.at) > sourceCacheTTL {
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		s.sources.val = s.sourceHealth(ctx)
		cancel()
		s.sources.at = time.Now()
	}
	writeJSON(w, http.StatusOK, map[string]any{"sources": s.sources.val})
}

func (s *Server) sourceHealth(ctx context.Context) []SourceHealth {
	byID := map[string]*SourceHealth{}
	get := func(id string) *SourceHealth {
		h := byID[id]
		if h == nil {
			h = &SourceHealth{ID: id}
			byID[id] = h
		}
		return h
	}
	for _, src := range s.deps.Sources {
		h := get(src.ID)
		h.Name, h.Native, h.Lang, h.Home, h.Feeds = src.Name, src.Native, src.Lang, src.Home, len(src.Feeds)
	}
	s.idx.each(&Query{}, func(e *entry) {
		h := get(e.source)
		h.Events++
		if h.Lang == "" {
			h.Lang = e.lang
		}
		if h.LastEvent == nil || e.at.After(*h.LastEvent) {
			at := e.at
			h.LastEvent = &at
		}
	})
	if s.cfg.FeedHealthBucket != "" {
		states, err := metrics.FeedHealth(ctx, s.deps.JS, s.cfg.FeedHealthBucket)
		if err != nil {
			s.log.Warn("reading feed health", "error", err)
		}
		for _, st := range states {
			if st.Failures <= 0 {
				continue
			}
			h := get(st.Source)
			h.FailingFeeds++
			if st.Failures > h.MaxFailures {
				h.MaxFailures, h.LastError = st.Failures, st.Error
				if !st.Next.IsZero() {
					next := st.Next
					h.NextPoll = &next
				}
			}
		}
	}
	if articles, err := s.deps.JS.Stream(ctx, s.deps.Bus.Articles.Name); err == nil {
		for id, h := range byID {
			m, err := articles.GetLastMsgForSubject(ctx, s.sub.Article("*", id, "*"))
			if err == nil {
				at := m.Time.UTC()
				h.LastArticle = &at
			} else if !errors.Is(err, jetstream.ErrMsgNotFound) {
				s.log.Debug("reading the last article of a source", "source", id, "error", err)
			}
		}
	}
	out := make([]SourceHealth, 0, len(byID))
	for _, h := range byID {
		switch {
		case h.FailingFeeds > 0:
			h.Status = SourceFailing
		case h.LastArticle == nil && h.Events == 0:
			h.Status = SourceWaiting
		default:
			h.Status = SourceOK
		}
		out = append(out, *h)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Lang != out[j].Lang {
			return out[i].Lang < out[j].Lang
		}
		return out[i].ID < out[j].ID
	})
	return out
}
