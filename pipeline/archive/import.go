package archive

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
	maxLine  int
}

// NewImporter returns an importer publishing through pub on the streams of cfg (valid).
func NewImporter(pub *bus.Publisher, cfg bus.Config) *Importer {
	return &Importer{pub: pub, subjects: cfg.Subjects()}
}

// Import reads articles from r, one JSON object per line, plain or zstd-compressed (told by
// its first bytes), and publishes each into ARTICLES with the publisher's permanent
// de-duplication: an article id the stream already holds is counted as a duplicate, so
// importing a file twice adds nothing. Each article is published as it is in the file (an
// article without an id gets one from its URL, one without a source "unknown", and one that
// does not say how it came gets via "import").
//
// A line that is not a valid article, or that JetStream refuses, is listed in the stats'
// Bad with its line number, and the import goes on; so does a line too long to read. A
// compressed stream that is cut or corrupt ends the import at that line (also listed). Blank
// lines are skipped. The returned error wraps ErrBadLines when any line was not imported,
// and is another error when the import could not go on (ctx, the connection). To follow
// a long import, wrap r in a reader that counts the bytes read.
func (im *Importer) Import(ctx context.Context, r io.Reader) (ImportStats, error) {
	var st ImportStats
	lr, err := export.NewLineReader(r, im.maxLine)
	if err != nil {
		return st, err
	}
	defer lr.Close()
	st.Compressed = lr.Compressed()

	var mu sync.Mutex
	bad := func(line int, err error) {
		mu.Lock()
		st.Bad = append(st.Bad, LineError{Line: line, Err: err})
		mu.Unlock()
	}
	batch := im.pub.NewBatch(ctx, importWindow, func(res bus.Result) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case res.Err != nil:
			st.Bad = append(st.Bad, LineError{Line: res.Tag, Err: res.Err})
		case res.Outcome == bus.Duplicate:
			st.Duplicates++
		default:
			st.Stored++
		}
	})
	var stop error
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
		m, id, err := im.message(line)
		if err != nil {
			bad(line.N, err)
			continue
		}
		if err := batch.Add(m, id, line.N); err != nil {
			if errors.Is(err, bus.ErrRejected) {
				bad(line.N, err)
				continue
			}
			stop = fmt.Errorf("importing line %d: %w", line.N, err)
			break
		}
	}
	batch.Close()
	slices.SortFunc(st.Bad, func(a, b LineError) int { return a.Line - b.Line })
	switch {
	case stop != nil:
		return st, stop
	case len(st.Bad) > 0:
		return st, fmt.Errorf("%w: %d bad lines", ErrBadLines, len(st.Bad))
	}
	return st, nil
}

// message decodes one line into the ARTICLES message of its article.
func (im *Importer) message(line export.Line) (*nats.Msg, string, error) {
	var a news.Article
	if err := json.Unmarshal(line.Data, &a); err != nil {
		if line.Unterminated {
			return nil, "", fmt.Errorf("truncated last line (no line end): %w", err)
		}
		return nil, "", fmt.Errorf("not an article: %w", err)
	}
	if a.Via == "" {
		a.Via = news.ViaImport
	}
	if err := bus.PrepareArticle(&a); err != nil {
		return nil, "", err
	}
	m, err := im.subjects.ArticleMsg(&a)
	if err != nil {
		return nil, "", err
	}
	return m, a.ID, nil
}
