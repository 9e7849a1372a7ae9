package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"sync"
	"syscall"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// publishCmd is `tinkhabar publish FILE|-`: articles from JSON Lines into ARTICLES.
type publishCmd struct {
	busFlags
	File string `arg:"" name:"file" help:"JSON Lines of raw articles (the fields of spec/events.md; other keys are ignored), or - for standard input."`
}

// maxArticleLine is the longest input line publish reads.
const maxArticleLine = 16 << 20

// publishReport counts what happened to the lines of one input.
type publishReport struct {
	New, Duplicate int
	// Rejected maps a line number to why the line was not published.
	Rejected map[int]string
	// Failed maps a line number to a transient error that outlasted the retries.
	Failed map[int]string
}

func (c *publishCmd) Run(g *globals) error {
	in := io.Reader(os.Stdin)
	name := "standard input"
	if c.File != "-" {
		f, err := os.Open(c.File)
		if err != nil {
			return fmt.Errorf("opening articles: %w", err)
		}
		defer f.Close()
		in, name = f, c.File
	}
	s, cfg, err := c.open(g, "tinkhabar-publish")
	if err != nil {
		return err
	}
	defer s.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := ensureStreamsExist(ctx, s.JS, &cfg.Bus); err != nil {
		return err
	}
	rep, err := publishArticles(ctx, s.JS, cfg.Bus.Subjects(), in)
	printPublishReport(os.Stdout, name, rep)
	if err != nil {
		return err
	}
	if n := len(rep.Rejected) + len(rep.Failed); n > 0 {
		return fmt.Errorf("%d line(s) not published", n)
	}
	return nil
}

// ensureStreamsExist creates the streams when ARTICLES is missing (a new store or server),
// and leaves existing streams as their owner configured them.
func ensureStreamsExist(ctx context.Context, js jetstream.JetStream, c *bus.Config) error {
	_, err := js.Stream(ctx, c.Articles.Name)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		return bus.EnsureStreams(ctx, js, c)
	}
	if err != nil {
		return fmt.Errorf("looking up stream %s: %w", c.Articles.Name, err)
	}
	return nil
}

// publishArticles publishes every line of in that is a valid article, asynchronously, and
// reports each line's fate. Transient failures are retried twice. It returns an error only
// when reading in fails or ctx ends.
func publishArticles(ctx context.Context, js jetstream.JetStream, sub bus.Subjects, in io.Reader) (publishReport, error) {
	rep := publishReport{Rejected: map[int]string{}, Failed: map[int]string{}}
	pub := bus.NewPublisher(js)
	var mu sync.Mutex
	retry := map[int]*news.Article{}
	record := func(r bus.Result, a *news.Article, final bool) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case r.Err == nil && r.Outcome == bus.Stored:
			rep.New++
		case r.Err == nil:
			rep.Duplicate++
		case errors.Is(r.Err, bus.ErrRejected):
			rep.Rejected[r.Tag] = r.Err.Error()
		case final:
			rep.Failed[r.Tag] = r.Err.Error()
		default:
			retry[r.Tag] = a
		}
	}

	articles := map[int]*news.Article{} // the articles of the batch in flight, by line
	batch := pub.NewBatch(ctx, bus.DefaultMaxPending, func(r bus.Result) {
		mu.Lock()
		a := articles[r.Tag]
		delete(articles, r.Tag)
		mu.Unlock()
		record(r, a, false)
	})
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 64<<10), maxArticleLine)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Bytes()
		if len(bytes.TrimSpace(text)) == 0 {
			continue
		}
		a := new(news.Article)
		if err := json.Unmarshal(text, a); err != nil {
			rep.Rejected[line] = "not a JSON article: " + err.Error()
			continue
		}
		if err := bus.PrepareArticle(a); err != nil {
			rep.Rejected[line] = err.Error()
			continue
		}
		m, err := sub.ArticleMsg(a)
		if err != nil {
			rep.Rejected[line] = err.Error()
			continue
		}
		mu.Lock()
		articles[line] = a
		mu.Unlock()
		if err := batch.Add(m, a.ID, line); err != nil {
			mu.Lock()
			delete(articles, line)
			mu.Unlock()
			if ctx.Err() != nil {
				batch.Close()
				return rep, err
			}
			record(bus.Result{Tag: line, Err: err}, a, false)
		}
	}
	batch.Close()
	readErr := sc.Err()
	if errors.Is(readErr, bufio.ErrTooLong) {
		readErr = fmt.Errorf("line %d is longer than %d MiB", line+1, maxArticleLine>>20)
	}

	// Transient failures get two more tries, one at a time.
	for attempt := 1; attempt <= 2 && len(retry) > 0; attempt++ {
		mu.Lock()
		todo := retry
		retry = map[int]*news.Article{}
		mu.Unlock()
		for _, l := range sortedLines(todo) {
			a := todo[l]
			m, err := sub.ArticleMsg(a)
			if err != nil {
				rep.Rejected[l] = err.Error()
				continue
			}
			o, err := pub.Publish(ctx, m, a.ID)
			record(bus.Result{Tag: l, Outcome: o, Err: err}, a, attempt == 2)
		}
	}
	if readErr != nil {
		return rep, fmt.Errorf("reading articles: %w", readErr)
	}
	return rep, ctx.Err()
}

func sortedLines[T any](m map[int]T) []int {
	lines := make([]int, 0, len(m))
	for l := range m {
		lines = append(lines, l)
	}
	sort.Ints(lines)
	return lines
}

// printPublishReport prints the rejected and failed lines in order, then the counts.
func printPublishReport(w io.Writer, name string, r publishReport) {
	for _, l := range sortedLines(r.Rejected) {
		fmt.Fprintf(w, "%s:%d: rejected: %s\n", name, l, r.Rejected[l])
	}
	for _, l := range sortedLines(r.Failed) {
		fmt.Fprintf(w, "%s:%d: failed: %s\n", name, l, r.Failed[l])
	}
	fmt.Fprintf(w, "%s: %d new, %d duplicate, %d rejected", name, r.New, r.Duplicate, len(r.Rejected))
	if len(r.Failed) > 0 {
		fmt.Fprintf(w, ", %d failed", len(r.Failed))
	}
	fmt.Fprintln(w)
}
