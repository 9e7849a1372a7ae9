package archive

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// Extractor turns one article into its events; *extract.Engine satisfies it. It must be safe
// for concurrent use and deterministic.
type Extractor interface {
	Version() string
	Extract(a *news.Article) ([]news.Event, error)
}

// Extracted is one archived article and what the extractor made of it.
type Extracted struct {
	Record  Record
	Article *news.Article
	// Events are the article's events, in the extractor's order, of the filter's types.
	Events []news.Event
	// Err is set when the extractor refused the article or panicked; Events is then nil.
	Err error
}

// ReextractStats counts what a re-extraction did.
type ReextractStats struct {
	// Stats is the read of ARTICLES.
	Stats
	// Articles counts the articles extracted (Failed included).
	Articles int
	// Events counts the events passed on (of the filter's types).
	Events int
	// Failed counts the articles the extractor refused or panicked on.
	Failed int
}

// Reextract reads the articles f selects (f.Types applies to their events) and runs ext over
// them on workers goroutines (≤ 0: one per CPU), while the next articles are being read. It
// calls fn once per article, in archive order, from the calling goroutine, so the output of a
// run depends only on the archive, the filter and the extractor. An error from fn, or ctx
// ending, stops the run and is returned once every goroutine has finished.
func (r *Reader) Reextract(ctx context.Context, ext Extractor, f Filter, workers int, o Options, fn func(Extracted) error) (ReextractStats, error) {
	var st ReextractStats
	if err := f.Validate(); err != nil {
		return st, err
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	types := f.Types
	af := f
	af.Types = nil

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	type job struct {
		x   Extracted
		res chan Extracted
	}
	jobs := make(chan job, 4*workers)
	order := make(chan chan Extracted, 64*workers)

	var (
		readStats Stats
		readErr   error
		wg        sync.WaitGroup
	)
	wg.Go(func() {
		defer close(order)
		defer close(jobs)
		readStats, readErr = r.Articles(ctx, af, o, func(rec Record, a *news.Article) error {
			res := make(chan Extracted, 1)
			select {
			case order <- res:
			case <-ctx.Done():
				return context.Cause(ctx)
			}
			select {
			case jobs <- job{x: Extracted{Record: rec, Article: a}, res: res}:
			case <-ctx.Done():
				close(res) // queued but never extracted: the collector skips it
				return context.Cause(ctx)
			}
			return nil
		})
	})
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				x := j.x
				x.Events, x.Err = extractSafely(ext, x.Article)
				if len(types) > 0 {
					x.Events = slices.DeleteFunc(x.Events, func(ev news.Event) bool { return !slices.Contains(types, ev.Type) })
				}
				j.res <- x
			}
		})
	}

	var fnErr error
	for res := range order {
		x, ok := <-res
		if !ok || fnErr != nil {
			continue // draining after an error
		}
		st.Articles++
		if x.Err != nil {
			st.Failed++
		}
		st.Events += len(x.Events)
		if err := fn(x); err != nil {
			fnErr = err
			cancel(err)
		}
	}
	wg.Wait()
	st.Stats = readStats
	switch {
	case fnErr != nil:
		return st, fnErr
	case readErr != nil:
		return st, readErr
	}
	return st, nil
}

// errExtractorPanic is wrapped by the error of an article the extractor panicked on.
var errExtractorPanic = errors.New("extractor panicked")

func extractSafely(ext Extractor, a *news.Article) (evs []news.Event, err error) {
	defer func() {
		if p := recover(); p != nil {
			evs, err = nil, fmt.Errorf("article %s: %w: %v", a.ID, errExtractorPanic, p)
		}
	}()
	return ext.Extract(a)
}
