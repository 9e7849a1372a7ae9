package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"github.com/tinkhabar/tinkhabar/pkg/extract"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// maxLineBytes is the longest input line extract accepts; a longer line is a bad line.
const maxLineBytes = 64 << 20

// errLineTooLong is the error of a line longer than the limit.
var errLineTooLong = errors.New("line longer than 64 MiB")

// extractCmd is `tinkhabar extract`: JSON Lines articles in, one event data object per line
// out, in input order, on every core.
type extractCmd struct {
	In      string `name:"in" placeholder:"FILE" help:"Articles, one JSON object per line (default: stdin)."`
	Out     string `name:"out" placeholder:"FILE" help:"Where to write the events, one data object per line (default: stdout)."`
	Workers int    `name:"workers" default:"0" help:"Extraction workers (0: one per CPU)."`
}

// engine is what the offline commands need of the extraction engine (*extract.Engine).
type engine interface {
	Version() string
	Extract(a *news.Article) ([]news.Event, error)
}

func (c *extractCmd) Run(g *globals) error {
	if os.Getenv("GOGC") == "" {
		// A batch job with a small live heap: collecting less often saves about a sixth of
		// the CPU per article (measured with BenchmarkExtract), for a few MB more memory.
		debug.SetGCPercent(400)
	}
	in, inName := io.Reader(os.Stdin), "stdin"
	if c.In != "" && c.In != "-" {
		f, err := os.Open(c.In)
		if err != nil {
			return fmt.Errorf("opening input: %w", err)
		}
		defer f.Close()
		in, inName = f, c.In
	}
	eng, err := extract.New()
	if err != nil {
		return fmt.Errorf("building extraction engine: %w", err)
	}
	out := os.Stdout
	if c.Out != "" && c.Out != "-" {
		f, err := os.Create(c.Out)
		if err != nil {
			return fmt.Errorf("creating output: %w", err)
		}
		defer f.Close()
		out = f
	}
	g.Logger.Debug("extracting", "input", inName, "extractor", eng.Version())
	bw := bufio.NewWriterSize(out, 256<<10)
	x := extraction{engine: eng, workers: c.Workers, maxLine: maxLineBytes, inName: inName, diag: os.Stderr}
	st, err := x.run(in, bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil && out != os.Stdout {
		err = out.Close()
	}
	fmt.Fprintln(os.Stderr, st)
	if err != nil {
		return fmt.Errorf("extracting: %w", err)
	}
	if st.BadLines > 0 {
		return fmt.Errorf("%d bad input lines (see above)", st.BadLines)
	}
	return nil
}

// extraction runs an engine over a stream of JSON Lines articles.
type extraction struct {
	engine  engine
	workers int       // ≤ 0: runtime.GOMAXPROCS(0)
	maxLine int       // longest accepted line, in bytes without the line end
	inName  string    // input name in diagnostics
	diag    io.Writer // one line per bad input line, "<inName>:<line>: <error>"
}

// extractStats sums up an extraction run.
type extractStats struct {
	Articles int   // lines extracted
	Events   int   // events written
	BadLines int   // lines reported on diag
	Bytes    int64 // input bytes read
	Elapsed  time.Duration
}

func (s extractStats) String() string {
	secs := max(s.Elapsed.Seconds(), 1e-9)
	return fmt.Sprintf("extract: %d articles, %d events, %d bad lines in %.2fs (%.0f articles/s, %.1f MB/s)",
		s.Articles, s.Events, s.BadLines, s.Elapsed.Seconds(), float64(s.Articles)/secs, float64(s.Bytes)/1e6/secs)
}

// extractJob is one input line on its way to a worker; the worker sends its result on res.
type extractJob struct {
	line int
	data []byte
	res  chan<- extractResult
}

// extractResult is what became of one input line: its events as JSON Lines, or what is wrong
// with it.
type extractResult struct {
	line   int
	out    []byte
	events int
	err    error
}

// run reads articles from in (JSON Lines) and writes the data object of each of their events
// to out, one per line, in input order: the same input gives byte-identical output whatever
// the number of workers. Blank lines are skipped. A bad line (not JSON, not an article the
// engine accepts, longer than maxLine) is reported on x.diag with its line number and
// skipped; the run goes on. run streams: at most 4×workers+2 lines (each up to maxLine
// bytes) are in memory at once. It returns the first read or write error, after which it
// stops reading and writes nothing more; it returns when every goroutine it started has
// ended. It closes neither in nor out.
func (x *extraction) run(in io.Reader, out io.Writer) (extractStats, error) {
	start := time.Now()
	workers := x.workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	jobs := make(chan extractJob, workers)
	// order holds the result channel of every line in input order; its capacity bounds the
	// lines in flight.
	order := make(chan chan extractResult, 4*workers)
	stop := make(chan struct{})

	var (
		readErr error
		nbytes  int64
	)
	go func() {
		defer close(order)
		defer close(jobs)
		br := bufio.NewReaderSize(in, 1<<20)
		for line := 1; ; line++ {
			data, n, err := readLine(br, x.maxLine)
			nbytes += n
			if err == io.EOF {
				return
			}
			if err != nil && !errors.Is(err, errLineTooLong) {
				readErr = fmt.Errorf("reading %s line %d: %w", x.inName, line, err)
				return
			}
			if err == nil && len(bytes.TrimSpace(data)) == 0 {
				continue
			}
			res := make(chan extractResult, 1)
			select {
			case order <- res:
			case <-stop:
				return
			}
			if err != nil {
				res <- extractResult{line: line, err: err}
				continue
			}
			select {
			case jobs <- extractJob{line: line, data: data, res: res}:
			case <-stop:
				return
			}
		}
	}()

	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				r := x.process(j.data)
				r.line = j.line
				j.res <- r
			}
		})
	}

	var (
		st       extractStats
		writeErr error
	)
	for res := range order {
		if writeErr != nil {
			continue // drain without waiting: the reader stops at its next line
		}
		r := <-res
		if r.err != nil {
			st.BadLines++
			fmt.Fprintf(x.diag, "%s:%d: %v\n", x.inName, r.line, r.err)
			continue
		}
		st.Articles++
		st.Events += r.events
		if _, err := out.Write(r.out); err != nil {
			writeErr = fmt.Errorf("writing events: %w", err)
			close(stop)
		}
	}
	wg.Wait()
	st.Bytes = nbytes
	st.Elapsed = time.Since(start)
	return st, errors.Join(readErr, writeErr)
}

// process turns one input line into its events as JSON Lines.
func (x *extraction) process(data []byte) extractResult {
	a, err := decodeArticle(data)
	if err != nil {
		return extractResult{err: err}
	}
	evs, err := x.engine.Extract(&a)
	if err != nil {
		return extractResult{err: err}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for i := range evs {
		if err := enc.Encode(&evs[i]); err != nil {
			return extractResult{err: fmt.Errorf("article %s: encoding event %d: %w", a.ID, i, err)}
		}
	}
	return extractResult{out: buf.Bytes(), events: len(evs)}
}

// decodeArticle reads one input line: the raw article fields of spec/events.md; other keys
// (a gold corpus line's events and notes) are ignored. An article without an id gets the one
// its canonical URL (else its URL) gives, or, with neither, one derived from its text, so that
// event ids stay stable. The article must pass news.Article.Validate.
func decodeArticle(data []byte) (news.Article, error) {
	var a news.Article
	if err := json.Unmarshal(data, &a); err != nil {
		if se := (*json.SyntaxError)(nil); errors.As(err, &se) {
			return news.Article{}, fmt.Errorf("invalid JSON: %w", err)
		}
		return news.Article{}, fmt.Errorf("decoding article: %w", err)
	}
	if err := a.Validate(); err != nil {
		if a.ID != "" {
			err = fmt.Errorf("article %s: %w", a.ID, err)
		}
		return news.Article{}, err
	}
	if a.ID == "" {
		switch {
		case a.CanonicalURL != "":
			a.ID = news.ArticleID(a.CanonicalURL)
		case a.URL != "":
			a.ID = news.ArticleID(a.URL)
		default:
			a.ID = news.ArticleID(news.ContentHash(a.Text))
		}
	}
	return a, nil
}

// readLine reads one line from r and returns it without its line end ("\n" or "\r\n"), with
// the number of bytes consumed. The last line may lack a line end; after it readLine returns
// io.EOF. A line longer than max bytes is consumed to its end without being kept, and
// reported as errLineTooLong. Any other error is the reader's.
func readLine(r *bufio.Reader, max int) (line []byte, n int64, err error) {
	tooLong := false
	for {
		frag, rerr := r.ReadSlice('\n')
		n += int64(len(frag))
		if !tooLong {
			if len(line)+len(frag) > max+len("\r\n") {
				tooLong, line = true, nil
			} else {
				line = append(line, frag...)
			}
		}
		switch {
		case rerr == bufio.ErrBufferFull:
			continue
		case rerr == io.EOF && n == 0:
			return nil, 0, io.EOF
		case rerr != nil && rerr != io.EOF:
			return nil, n, rerr
		}
		if tooLong {
			return nil, n, errLineTooLong
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) > max {
			return nil, n, errLineTooLong
		}
		return line, n, nil
	}
}
