package archive

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/tinkhabar/tinkhabar/pkg/export"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// ExportArticles writes the articles f selects to w, in archive order, in the format of opt:
// JSON Lines hold each article exactly as archived (one per line), Parquet one
// export.ArticleRow each. The same archive and filter give the same bytes. Messages that do
// not decode as articles are left out (and reported to o.OnInvalid). w is not closed.
func (r *Reader) ExportArticles(ctx context.Context, f Filter, opt export.Options, w io.Writer, o Options) (Stats, error) {
	var (
		write  func(Record, *news.Article) error
		finish func() error
	)
	switch opt.Format {
	case export.JSONL:
		jw, err := export.NewJSONL(w, opt.Zstd)
		if err != nil {
			return Stats{}, err
		}
		write = func(rec Record, _ *news.Article) error { return jw.WriteLine(rec.Data) }
		finish = jw.Close
	case export.Parquet:
		pw := export.NewParquet[export.ArticleRow](w, opt.Zstd)
		write = func(rec Record, a *news.Article) error {
			return pw.Write(export.ArticleRowOf(a, export.Meta{Seq: rec.Seq, Archived: rec.Archived}))
		}
		finish = pw.Close
	default:
		return Stats{}, fmt.Errorf("unknown export format %q", opt.Format)
	}
	st, err := r.Articles(ctx, f, o, func(rec Record, a *news.Article) error {
		if err := write(rec, a); err != nil {
			return fmt.Errorf("writing article %s: %w", a.ID, err)
		}
		return nil
	})
	if cerr := finish(); err == nil && cerr != nil {
		err = fmt.Errorf("finishing the export: %w", cerr)
	}
	return st, err
}

// ExportEvents writes the events f selects to w, in archive order, in the format of opt:
// JSON Lines hold each CloudEvents envelope exactly as archived (one per line), Parquet one
// export.EventRow each. The same archive and filter give the same bytes. Messages that are
// not valid event envelopes are left out (and reported to o.OnInvalid). w is not closed.
func (r *Reader) ExportEvents(ctx context.Context, f Filter, opt export.Options, w io.Writer, o Options) (Stats, error) {
	var (
		write  func(Record, *news.Event, time.Time) error
		finish func() error
	)
	switch opt.Format {
	case export.JSONL:
		jw, err := export.NewJSONL(w, opt.Zstd)
		if err != nil {
			return Stats{}, err
		}
		write = func(rec Record, _ *news.Event, _ time.Time) error { return jw.WriteLine(rec.Data) }
		finish = jw.Close
	case export.Parquet:
		pw := export.NewParquet[export.EventRow](w, opt.Zstd)
		write = func(rec Record, ev *news.Event, at time.Time) error {
			return pw.Write(export.EventRowOf(ev, at, export.Meta{Seq: rec.Seq, Archived: rec.Archived}))
		}
		finish = pw.Close
	default:
		return Stats{}, fmt.Errorf("unknown export format %q", opt.Format)
	}
	st, err := r.Events(ctx, f, o, func(rec Record, ev *news.Event, at time.Time) error {
		if err := write(rec, ev, at); err != nil {
			return fmt.Errorf("writing event %s: %w", ev.ID, err)
		}
		return nil
	})
	if cerr := finish(); err == nil && cerr != nil {
		err = fmt.Errorf("finishing the export: %w", cerr)
	}
	return st, err
}
