package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/tinkhabar/tinkhabar/pipeline/archive"
	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pkg/export"
	"github.com/tinkhabar/tinkhabar/pkg/extract"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// replayCmd is `tinkhabar replay`: the archived events of a period on standard output, or a
// re-extraction of the archived articles (--reextract), compared with EVENTS (--diff) or
// published to it (--publish).
type replayCmd struct {
	busFlags
	filterFlags

	Envelope  bool   `name:"envelope" help:"Print each event's CloudEvents envelope as archived, instead of its data object."`
	Reextract bool   `name:"reextract" help:"Run the current extractor over the archived articles of the period and print their events (data objects, like extract)."`
	Diff      bool   `name:"diff" help:"With --reextract: compare with the events EVENTS holds for those articles; print the differences (JSON Lines) and, on stderr, a table per type and language."`
	Publish   bool   `name:"publish" help:"With --reextract: publish the events to EVENTS under the current extractor version (event ids EVENTS already holds keep their stored version, unless --replace)."`
	Replace   bool   `name:"replace" help:"With --reextract --publish: first replace the stored events of these articles that changed, and delete those no longer found, so that EVENTS holds the new version. Rewrites the archive."`
	Rules     string `name:"rules" placeholder:"DIR" type:"existingdir" help:"Extract with the rule files in DIR (fa.yaml, vi.yaml) instead of the built-in ones, e.g. to judge a rule change before deploying it."`
	Gazetteer string `name:"gazetteer" placeholder:"DIR" type:"existingdir" help:"Extract with the gazetteer files in DIR instead of the built-in ones."`
	Workers   int    `name:"workers" default:"0" help:"Extraction workers for --reextract (0: one per CPU)."`
}

// filterFlags select archived records; replay and export share them.
type filterFlags struct {
	Since  string   `name:"since" placeholder:"TIME" help:"Only records at or after TIME: RFC 3339 (2025-11-01T08:00:00+03:30), or a UTC date YYYY-MM-DD, YYYY-MM or YYYY."`
	Until  string   `name:"until" placeholder:"TIME" help:"Only records before TIME (same forms as --since)."`
	By     string   `name:"by" default:"published" enum:"published,archived" help:"Which time --since and --until bound: the article's publication time (records without one are left out), or the time the message was archived."`
	Lang   []string `name:"lang" placeholder:"LANG" help:"Only these languages (fa, vi); repeat the flag or separate with commas."`
	Source []string `name:"source" placeholder:"SOURCE" help:"Only these sources (e.g. mehrnews)."`
	Type   []string `name:"type" placeholder:"TYPE" help:"Only these event types (visit, project_count, agreement)."`
}

// filter returns the archive filter the flags describe.
func (f *filterFlags) filter() (archive.Filter, error) {
	var out archive.Filter
	var err error
	if out.Since, err = parseTimeFlag(f.Since); err != nil {
		return out, fmt.Errorf("--since: %w", err)
	}
	if out.Until, err = parseTimeFlag(f.Until); err != nil {
		return out, fmt.Errorf("--until: %w", err)
	}
	if out.By, err = archive.ParseBy(f.By); err != nil {
		return out, fmt.Errorf("--by: %w", err)
	}
	out.Langs, out.Sources, out.Types = f.Lang, f.Source, f.Type
	return out, out.Validate()
}

// parseTimeFlag reads a time bound: RFC 3339 with an offset, or a date in UTC at day, month
// or year precision (its first instant). "" is no bound.
func parseTimeFlag(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, time.DateOnly, "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not RFC 3339 (2025-11-01T08:00:00Z) or a date (2025-11-01, 2025-11, 2025)", s)
}

func (c *replayCmd) Run(g *globals) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return c.run(ctx, g, os.Stdout, os.Stderr, stderrIsTerminal())
}

// check rejects flag combinations that mean nothing.
func (c *replayCmd) check() error {
	switch {
	case !c.Reextract && (c.Diff || c.Publish || c.Replace || c.Rules != "" || c.Gazetteer != ""):
		return errors.New("--diff, --publish, --replace, --rules and --gazetteer go with --reextract")
	case c.Reextract && c.Envelope:
		return errors.New("--envelope prints archived envelopes; re-extracted events have none yet (use --publish)")
	case c.Replace && !c.Publish:
		return errors.New("--replace goes with --publish")
	}
	return nil
}

// run is Run with its outputs given: events or differences on stdout, progress and the
// summary on stderr (a progress bar only when tty).
func (c *replayCmd) run(ctx context.Context, g *globals, stdout, stderr io.Writer, tty bool) error {
	if err := c.check(); err != nil {
		return err
	}
	f, err := c.filter()
	if err != nil {
		return err
	}
	x := &replayRun{c: c, log: g.Logger, f: f, stderr: stderr, tty: tty}
	if c.Reextract {
		eng, err := extract.NewWithOptions(extract.Options{RulesDir: c.Rules, GazetteerDir: c.Gazetteer})
		if err != nil {
			return fmt.Errorf("building the extraction engine: %w", err)
		}
		x.ext = eng
	}
	s, cfg, err := c.open(g, "tinkhabar-replay")
	if err != nil {
		return err
	}
	defer s.Close()
	if x.r, err = archive.NewReader(s.JS, cfg.Bus); err != nil {
		return err
	}
	x.js, x.bus = s.JS, cfg.Bus
	out := bufio.NewWriterSize(stdout, 256<<10)
	x.out = out
	x.o = archive.Options{OnInvalid: logInvalid(g.Logger)}
	x.start = time.Now()
	switch {
	case !c.Reextract:
		err = x.replay(ctx)
	case c.Diff || c.Replace:
		err = x.compare(ctx)
	default:
		err = x.reextract(ctx)
	}
	if ferr := out.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("writing output: %w", ferr)
	}
	return err
}

// replayRun is one run of replay and what its steps share.
type replayRun struct {
	c      *replayCmd
	log    *slog.Logger
	r      *archive.Reader
	js     jetstream.JetStream
	bus    bus.Config
	ext    archive.Extractor // with --reextract
	f      archive.Filter
	o      archive.Options
	out    io.Writer // events or differences, JSON Lines
	stderr io.Writer // progress and summary
	tty    bool
	start  time.Time
}

// replay prints the archived events.
func (x *replayRun) replay(ctx context.Context) error {
	bar := newProgress(x.stderr, x.tty, "replay", "events")
	x.o.Progress = bar
	jw, err := export.NewJSONL(x.out, false)
	if err != nil {
		return err
	}
	st, err := x.r.Events(ctx, x.f, x.o, func(rec archive.Record, ev *news.Event, _ time.Time) error {
		line := rec.Data
		if !x.c.Envelope {
			b, err := json.Marshal(ev)
			if err != nil {
				return fmt.Errorf("encoding event %s: %w", ev.ID, err)
			}
			line = b
		}
		if err := jw.WriteLine(line); err != nil {
			return fmt.Errorf("writing output: %w", err)
		}
		return nil
	})
	if cerr := jw.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("writing output: %w", cerr)
	}
	bar.done()
	fmt.Fprintf(x.stderr, "replay: %d events (%d read, %d invalid) in %s\n", st.Matched, st.Read, st.Invalid, rate(st.Read, st.Bytes, time.Since(x.start), "events"))
	return err
}

// reextract prints (or, with --publish, publishes) the events of the archived articles.
func (x *replayRun) reextract(ctx context.Context) error {
	bar := newProgress(x.stderr, x.tty, "re-extract", "articles")
	x.o.Progress = bar
	var pub *archive.EventPublisher
	if x.c.Publish {
		pub = archive.NewEventPublisher(ctx, bus.NewPublisher(x.js), x.bus, nil)
	}
	jw, err := export.NewJSONL(x.out, false)
	if err != nil {
		return err
	}
	st, err := x.r.Reextract(ctx, x.ext, x.f, x.c.Workers, x.o, func(a archive.Extracted) error {
		if a.Err != nil {
			x.log.Warn("the extractor refused an archived article", "article_id", a.Article.ID, "error", a.Err)
		}
		for i := range a.Events {
			ev := &a.Events[i]
			if pub != nil {
				if err := pub.Add(ev); err != nil {
					return err
				}
				continue
			}
			b, err := json.Marshal(ev)
			if err != nil {
				return fmt.Errorf("encoding event %s: %w", ev.ID, err)
			}
			if err := jw.WriteLine(b); err != nil {
				return fmt.Errorf("writing output: %w", err)
			}
		}
		return nil
	})
	if cerr := jw.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("writing output: %w", cerr)
	}
	bar.done()
	fmt.Fprintf(x.stderr, "re-extract: %d articles, %d events (extractor %s; %d articles refused, %d invalid messages) in %s\n",
		st.Articles, st.Events, x.ext.Version(), st.Failed, st.Invalid, rate(st.Articles, st.Bytes, time.Since(x.start), "articles"))
	if pub != nil {
		ps, perr := pub.Close()
		fmt.Fprintf(x.stderr, "publish: %d events stored, %d already in EVENTS, %d failed\n", ps.Stored, ps.Duplicates, ps.Failed)
		err = errors.Join(err, perr)
	}
	return err
}

// compare prints the differences between a re-extraction and EVENTS (--diff), and with
// --publish writes the new events to EVENTS (after superseding the old ones, --replace).
func (x *replayRun) compare(ctx context.Context) error {
	bar := newProgress(x.stderr, x.tty, "compare", "messages")
	x.o.Progress = bar
	comp, err := x.r.Compare(ctx, x.ext, x.f, x.c.Workers, x.o)
	bar.done()
	if err != nil {
		return err
	}
	for _, a := range comp.Refused {
		x.log.Warn("the extractor refused an archived article", "article_id", a.Article.ID, "error", a.Err)
	}
	if x.c.Diff {
		enc := json.NewEncoder(x.out)
		for _, d := range comp.Diff.Differences {
			if err := enc.Encode(d); err != nil {
				return fmt.Errorf("writing output: %w", err)
			}
		}
	}
	st := comp.Reextract
	fmt.Fprintf(x.stderr, "re-extract: %d articles, %d events (extractor %s; %d articles refused, %d invalid messages) against %d stored events (extractor %s) in %s\n",
		st.Articles, st.Events, x.ext.Version(), st.Failed, st.Invalid+comp.StoredStats.Invalid, len(comp.Stored), strings.Join(comp.StoredVersions, ", "),
		rate(st.Articles, st.Bytes, time.Since(x.start), "articles"))
	printTallies(x.stderr, comp.Diff.Tallies)
	if !x.c.Publish {
		return nil
	}
	if x.c.Replace {
		ss, err := archive.Supersede(ctx, x.js, x.bus, comp, time.Now())
		fmt.Fprintf(x.stderr, "replace: %d stored events replaced by their new version, %d deleted\n", ss.Replaced, ss.Deleted)
		if err != nil {
			return err
		}
	}
	pub := archive.NewEventPublisher(ctx, bus.NewPublisher(x.js), x.bus, nil)
	for i := range comp.Fresh {
		if err := pub.Add(&comp.Fresh[i]); err != nil {
			_, _ = pub.Close()
			return err
		}
	}
	ps, err := pub.Close()
	fmt.Fprintf(x.stderr, "publish: %d events stored, %d already in EVENTS, %d failed\n", ps.Stored, ps.Duplicates, ps.Failed)
	return err
}

// printTallies prints the differences per type and language as a table.
func printTallies(w io.Writer, tallies []archive.Tally) {
	if len(tallies) == 0 {
		fmt.Fprintln(w, "diff: no events on either side")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "type\tlang\tadded\tremoved\tchanged\tunchanged\t")
	for _, t := range tallies {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t\n", t.Type, t.Lang, t.Added, t.Removed, t.Changed, t.Unchanged)
	}
	_ = tw.Flush()
}

// logInvalid logs each archived message that does not decode, once, with where it is.
func logInvalid(log *slog.Logger) func(archive.InvalidRecord) {
	return func(ir archive.InvalidRecord) {
		log.Warn("skipping an archived message that does not decode", "subject", ir.Record.Subject, "seq", ir.Record.Seq, "error", ir.Err)
	}
}

// rate formats a count, a duration and the rates for a summary line.
func rate(n int, bytes int64, d time.Duration, unit string) string {
	secs := max(d.Seconds(), 1e-9)
	return fmt.Sprintf("%.2fs (%.0f %s/s, %.1f MB/s)", d.Seconds(), float64(n)/secs, unit, float64(bytes)/1e6/secs)
}

func stderrIsTerminal() bool { return term.IsTerminal(int(os.Stderr.Fd())) }

// progress is a progress bar (count, rate, time left) on a terminal; elsewhere it shows
// nothing. It satisfies archive.Progress; each Start begins a new bar.
type progress struct {
	w    io.Writer
	tty  bool
	desc string
	unit string
	bar  *progressbar.ProgressBar
}

func newProgress(w io.Writer, tty bool, desc, unit string) *progress {
	return &progress{w: w, tty: tty, desc: desc, unit: unit}
}

func (p *progress) Start(total int64) {
	if !p.tty {
		return
	}
	p.done()
	if total <= 0 {
		total = -1 // unknown: a spinner with the count and rate
	}
	opts := []progressbar.Option{
		progressbar.OptionSetWriter(p.w),
		progressbar.OptionSetDescription(p.desc),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString(p.unit),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100 * time.Millisecond),
		progressbar.OptionSetWidth(30),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetRenderBlankState(true),
	}
	if p.unit == "bytes" {
		opts = append(opts, progressbar.OptionShowBytes(true))
	}
	p.bar = progressbar.NewOptions64(total, opts...)
}

func (p *progress) Add(n int64) {
	if p.bar != nil {
		_ = p.bar.Add64(n)
	}
}

// done removes the bar, leaving the line for the summary.
func (p *progress) done() {
	if p.bar != nil {
		_ = p.bar.Finish()
		_ = p.bar.Clear()
		p.bar = nil
	}
}
