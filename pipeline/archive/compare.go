package archive

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// StoredEvent is an event as EVENTS holds it.
type StoredEvent struct {
	Record Record
	Event  *news.Event
}

// Comparison is a re-extraction of part of the archive compared with the events EVENTS holds
// for the same articles.
type Comparison struct {
	Diff Diff
	// Fresh are the re-extracted events, articles in archive order.
	Fresh []news.Event
	// Stored are the stored events compared, by event id.
	Stored map[string]StoredEvent
	// StoredVersions are the extractor versions of the stored events, sorted.
	StoredVersions []string
	// Refused are the articles the extractor refused or panicked on (Extracted.Err set), in
	// archive order; their stored events count as Removed.
	Refused []Extracted
	// Reextract is the re-extraction's count; StoredStats the read of EVENTS.
	Reextract   ReextractStats
	StoredStats Stats
}

// Compare re-extracts the articles f selects (see Reextract) and compares their events with
// the events EVENTS holds for those articles (of f's types, languages and sources; the time
// bounds choose the articles, not the stored events). It keeps both sides in memory: about a
// kilobyte per event. o.Progress is started twice: for ARTICLES, then for EVENTS.
func (r *Reader) Compare(ctx context.Context, ext Extractor, f Filter, workers int, o Options) (*Comparison, error) {
	c := &Comparison{Stored: map[string]StoredEvent{}}
	articles := map[string]bool{}
	st, err := r.Reextract(ctx, ext, f, workers, o, func(x Extracted) error {
		articles[x.Article.ID] = true
		c.Fresh = append(c.Fresh, x.Events...)
		if x.Err != nil {
			c.Refused = append(c.Refused, x)
		}
		return nil
	})
	c.Reextract = st
	if err != nil {
		return nil, err
	}

	ef := f
	ef.Since, ef.Until, ef.By = time.Time{}, time.Time{}, 0
	versions := map[string]bool{}
	var stored []news.Event
	c.StoredStats, err = r.Events(ctx, ef, o, func(rec Record, ev *news.Event, _ time.Time) error {
		if !articles[ev.Article.ID] {
			return nil
		}
		if _, dup := c.Stored[ev.ID]; dup {
			return nil
		}
		c.Stored[ev.ID] = StoredEvent{Record: rec, Event: ev}
		stored = append(stored, *ev)
		versions[ev.Extractor.Version] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	for v := range versions {
		c.StoredVersions = append(c.StoredVersions, v)
	}
	slices.Sort(c.StoredVersions)
	c.Diff, err = Compare(stored, c.Fresh)
	if err != nil {
		return nil, fmt.Errorf("comparing events: %w", err)
	}
	return c, nil
}
