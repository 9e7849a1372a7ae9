package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/tinkhabar/tinkhabar/pipeline/archive"
	"github.com/tinkhabar/tinkhabar/pkg/export"
)

// exportCmd is `tinkhabar export`: archived articles or events to a JSON Lines or Parquet file.
type exportCmd struct {
	busFlags
	filterFlags

	Stream string `name:"stream" required:"" enum:"articles,events" help:"What to export: articles or events."`
	Format string `name:"format" default:"jsonl" enum:"jsonl,parquet" help:"jsonl: each record exactly as archived, one per line; parquet: typed columns (docs/export-schema.md)."`
	Zstd   bool   `name:"zstd" help:"Compress: a JSON Lines file becomes one zstd stream (.jsonl.zst); Parquet pages use zstd instead of snappy."`
	Out    string `name:"out" required:"" placeholder:"FILE" help:"Output file (- for standard output). It is written under a temporary name and renamed when complete."`
}

func (c *exportCmd) Run(g *globals) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return c.run(ctx, g, os.Stdout, os.Stderr, stderrIsTerminal())
}

func (c *exportCmd) run(ctx context.Context, g *globals, stdout, stderr io.Writer, tty bool) error {
	f, err := c.filter()
	if err != nil {
		return err
	}
	if c.Stream == "articles" && len(f.Types) > 0 {
		return errors.New("--type selects events; articles have no type")
	}
	format, err := export.ParseFormat(c.Format)
	if err != nil {
		return err
	}
	s, cfg, err := c.open(g, "tinkhabar-export")
	if err != nil {
		return err
	}
	defer s.Close()
	r, err := archive.NewReader(s.JS, cfg.Bus)
	if err != nil {
		return err
	}

	w, commit, abort, err := createOutput(c.Out, stdout)
	if err != nil {
		return err
	}
	cw := &countingWriter{w: w}
	bar := newProgress(stderr, tty, "export "+c.Stream, c.Stream)
	o := archive.Options{Progress: bar, OnInvalid: logInvalid(g.Logger)}
	opt := export.Options{Format: format, Zstd: c.Zstd}
	start := time.Now()
	var st archive.Stats
	if c.Stream == "articles" {
		st, err = r.ExportArticles(ctx, f, opt, cw, o)
	} else {
		st, err = r.ExportEvents(ctx, f, opt, cw, o)
	}
	bar.done()
	if err != nil {
		abort()
		return err
	}
	if err := commit(); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "export: %d %s (%d read, %d invalid) to %s (%s) in %s\n",
		st.Matched, c.Stream, st.Read, st.Invalid, c.Out, sizeString(cw.n), rate(st.Read, st.Bytes, time.Since(start), c.Stream))
	return nil
}

// createOutput opens the output: standard output for "-", otherwise a temporary file beside
// path that commit syncs, closes and renames to path, and abort removes.
func createOutput(path string, stdout io.Writer) (w io.Writer, commit func() error, abort func(), err error) {
	if path == "-" {
		return stdout, func() error { return nil }, func() {}, nil
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".partial-*")
	if err != nil {
		return nil, nil, nil, fmt.Errorf("creating output: %w", err)
	}
	abort = func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}
	commit = func() error {
		err := tmp.Chmod(0o644)
		if err == nil {
			err = tmp.Sync()
		}
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp.Name(), path)
		}
		if err != nil {
			os.Remove(tmp.Name())
			return fmt.Errorf("writing %s: %w", path, err)
		}
		return nil
	}
	return tmp, commit, abort, nil
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// sizeString formats a file size in decimal units.
func sizeString(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1000_000:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	case n < 1000_000_000:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%.2f GB", float64(n)/1e9)
}
