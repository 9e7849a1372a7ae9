package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/tinkhabar/tinkhabar/pipeline/archive"
	"github.com/tinkhabar/tinkhabar/pipeline/bus"
)

// importCmd is `tinkhabar import FILE`: an exported articles file into ARTICLES.
type importCmd struct {
	busFlags
	File string `arg:"" name:"file" help:"Exported articles: JSON Lines, plain or zstd-compressed (recognised by content), or - for standard input."`
}

func (c *importCmd) Run(g *globals) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return c.run(ctx, g, os.Stdin, os.Stderr, stderrIsTerminal())
}

func (c *importCmd) run(ctx context.Context, g *globals, stdin io.Reader, stderr io.Writer, tty bool) error {
	in, name, size := stdin, "standard input", int64(0)
	if c.File != "-" {
		f, err := os.Open(c.File)
		if err != nil {
			return fmt.Errorf("opening %s: %w", c.File, err)
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size()
		}
		in, name = f, c.File
	}
	s, cfg, err := c.open(g, "tinkhabar-import")
	if err != nil {
		return err
	}
	defer s.Close()
	if err := ensureStreamsExist(ctx, s.JS, &cfg.Bus); err != nil {
		return err
	}

	bar := newProgress(stderr, tty, "import", "bytes")
	bar.Start(size)
	counted := &progressReader{r: in, p: bar}
	im := archive.NewImporter(bus.NewPublisher(s.JS), cfg.Bus)
	start := time.Now()
	st, err := im.Import(ctx, counted)
	bar.done()
	for _, b := range st.Bad {
		fmt.Fprintf(stderr, "%s:%d: %v\n", name, b.Line, b.Err)
	}
	d := time.Since(start)
	fmt.Fprintf(stderr, "import: %s: %d lines, %d stored, %d already in ARTICLES, %d bad, in %.2fs (%.1f MB/s)\n",
		name, st.Lines, st.Stored, st.Duplicates, len(st.Bad), d.Seconds(), float64(counted.n)/1e6/max(d.Seconds(), 1e-9))
	if errors.Is(err, archive.ErrBadLines) {
		return fmt.Errorf("%d of %d lines not imported (listed above)", len(st.Bad), st.Lines)
	}
	return err
}

// progressReader tells a progress bar the bytes read through it.
type progressReader struct {
	r io.Reader
	p *progress
	n int64
}

func (r *progressReader) Read(b []byte) (int, error) {
	n, err := r.r.Read(b)
	r.n += int64(n)
	r.p.Add(int64(n))
	return n, err
}
