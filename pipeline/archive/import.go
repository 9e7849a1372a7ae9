package archive

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"sync"

	"github.com/nats-io/nats.go"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pkg/export"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// importWindow is how many articles an import keeps waiting for their acks.
const importWindow = 512

// ErrBadLines is wrapped by Import's error when some lines were not imported.
var ErrBadLines = errors.New("some lines were not imported")

// LineError is a line of an import file that was not imported, and why.
type LineError struct {
	Line int
	Err  error
}

func (e LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

// ImportStats counts what an import did.
type ImportStats struct {
	// Lines counts the lines read (blank lines included).
	Lines int
	// Stored counts articles ARTICLES stored; Duplicates articles it already held.
	Stored, Duplicates int
	// Bad lists the lines not imported, in line order.
	Bad []LineError
	// Compressed is set when the file was zstd-compressed.
	Compressed bool
}

// Importer loads exported articles files into ARTICLES.
type Importer struct {
	pub      *bus.Publisher
	subjects bus.Subjects
}

// NewImporter returns an importer publishing through pub on the streams of cfg (valid).
func NewImporter(pub *bus.Publisher, cfg bus.Config) *Importer {
	return &Importer{pub: pub, subjects: cfg.Subjects()}
}

// Import reads articles from r, one JSON object per line, plain or zstd-compressed (told by
// its first bytes), and publishes each into ARTICLES with the publisher's permanent
// de-duplication: an article id the stream already holds is counted as a duplicate, so
// importing a file twice adds nothing. Each article is published as it is in the file, so an
// exported archive imported elsewhere exports again byte for byte (only an article without an
// id gets one from its URL, and one without a source gets "unknown", as bus.PrepareArticle does).
//
// A line that is not a valid article, or that JetStream refuses, is listed in the stats'
// Bad with its line number, and the import goes on; so does a line too long to read. A
// publish that fails for a passing reason (a timeout, a lost connection) is tried twice
// more, one at a time, before its line is listed. A compressed stream that is cut or
// corrupt ends the import at that line (also listed). Blank lines are skipped. The returned
// error wraps ErrBadLines when any line was not imported, and is another error when the
// import could not go on (ctx ended). To follow a long import, wrap r in a reader that
// counts the bytes read.
func (im *Importer) Import(ctx context.Context, r io.Reader) (ImportStats, error) {
	var st ImportStats
	lr, err := export.NewLineReader(r, 0)
	if err != nil {
		return st, err
	}
	defer lr.Close()
	st.Compressed = lr.Compressed()

	var (
		mu       sync.Mutex
		inflight = map[int]*news.Article{} // published, not yet answered, by line
		retry    = map[int]*news.Article{} // failed transiently, by line
	)
	bad := func(line int, err error) {
		mu.Lock()
		st.Bad = append(st.Bad, LineError{Line: line, Err: err})
		mu.Unlock()
	}
	// record counts one answer; mu is held.
	record := func(line int, o bus.Outcome, err error, a *news.Article, last bool) {
		switch {
		case err == nil && o == bus.Duplicate:
			st.Duplicates++
		case err == nil:
			st.Stored++
		case errors.Is(err, bus.ErrRejected) || last || a == nil:
			st.Bad = append(st.Bad, LineError{Line: line, Err: err})
		default:
			retry[line] = a
		}
	}
	batch := im.pub.NewBatch(ctx, importWindow, func(res bus.Result) {
		mu.Lock()
		defer mu.Unlock()
		a := inflight[res.Tag]
		delete(inflight, res.Tag)
		record(res.Tag, res.Outcome, res.Err, a, false)
	})
	for {
		line, err := lr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if line.N > 0 {
			st.Lines = line.N
		}
		if err != nil {
			bad(line.N, err)
			if errors.Is(err, export.ErrCorruptInput) {
				break
			}
			continue
		}
		if len(bytes.TrimSpace(line.Data)) == 0 {
			continue
		}
		a, m, err := im.message(line)
		if err != nil {
			bad(line.N, err)
			continue
		}
		mu.Lock()
		inflight[line.N] = a
		mu.Unlock()
		if err := batch.Add(m, a.ID, line.N); err != nil {
			mu.Lock()
			delete(inflight, line.N)
			record(line.N, 0, err, a, false)
			mu.Unlock()
			if ctx.Err() != nil {
				break
			}
		}
	}
	batch.Close()

	// Passing failures get two more tries, one at a time, in line order.
	for attempt := 1; attempt <= 2 && len(retry) > 0 && ctx.Err() == nil; attempt++ {
		todo := retry
		retry = map[int]*news.Article{}
		lines := slices.Sorted(maps.Keys(todo))
		for _, n := range lines {
			m, err := im.subjects.ArticleMsg(todo[n])
			var o bus.Outcome
			if err == nil {
				o, err = im.pub.Publish(ctx, m, todo[n].ID)
			}
			record(n, o, err, todo[n], attempt == 2 || ctx.Err() != nil)
		}
	}
	for n := range retry { // left when ctx ended
		st.Bad = append(st.Bad, LineError{Line: n, Err: context.Cause(ctx)})
	}
	slices.SortFunc(st.Bad, func(a, b LineError) int { return a.Line - b.Line })
	switch {
	case ctx.Err() != nil:
		return st, fmt.Errorf("import stopped after line %d: %w", st.Lines, context.Cause(ctx))
	case len(st.Bad) > 0:
		return st, fmt.Errorf("%w: %d bad lines", ErrBadLines, len(st.Bad))
	}
	return st, nil
}

// message decodes one line into the ARTICLES message of its article.
func (im *Importer) message(line export.Line) (*news.Article, *nats.Msg, error) {
	a := new(news.Article)
	if err := json.Unmarshal(line.Data, a); err != nil {
		if line.Unterminated {
			return nil, nil, fmt.Errorf("truncated last line (no line end): %w", err)
		}
		return nil, nil, fmt.Errorf("not an article: %w", err)
	}
	if err := bus.PrepareArticle(a); err != nil {
		return nil, nil, err
	}
	m, err := im.subjects.ArticleMsg(a)
	if err != nil {
		return nil, nil, err
	}
	return a, m, nil
}
