package archive_test

import (
	"bufio"
	"bytes"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/parquet-go/parquet-go"

	"github.com/tinkhabar/tinkhabar/pipeline/archive"
	"github.com/tinkhabar/tinkhabar/pkg/export"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// archivedEnv is an archive holding the corpus and the events of the built-in engine.
func archivedEnv(t *testing.T) (*env, []news.Article, []news.Event) {
	t.Helper()
	e := newEnv(t)
	arts := corpus(t)
	e.publishArticles(arts)
	evs := extractAll(t, defaultEngine(t), arts)
	e.publishEvents(evs, time.Date(2025, 12, 1, 10, 0, 0, 123456789, time.UTC))
	return e, arts, evs
}

func exportBytes(t *testing.T, e *env, stream string, f archive.Filter, opt export.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	var err error
	if stream == "articles" {
		_, err = e.r.ExportArticles(ctxFor(t, 30*time.Second), f, opt, &buf, archive.Options{})
	} else {
		_, err = e.r.ExportEvents(ctxFor(t, 30*time.Second), f, opt, &buf, archive.Options{})
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestExportsAreByteIdentical(t *testing.T) {
	e, _, _ := archivedEnv(t)
	filters := []archive.Filter{
		{},
		{Langs: []string{"vi"}, By: archive.ByPublished, Since: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, stream := range []string{"articles", "events"} {
		for _, opt := range []export.Options{{Format: export.JSONL}, {Format: export.JSONL, Zstd: true}, {Format: export.Parquet}, {Format: export.Parquet, Zstd: true}} {
			for i, f := range filters {
				a := exportBytes(t, e, stream, f, opt)
				b := exportBytes(t, e, stream, f, opt)
				if len(a) == 0 {
					t.Fatalf("%s %+v filter %d: empty export", stream, opt, i)
				}
				if !bytes.Equal(a, b) {
					t.Errorf("%s %+v filter %d: two exports differ (%d and %d bytes)", stream, opt, i, len(a), len(b))
				}
			}
		}
	}
}

// TestEventsJSONLIsTheArchive checks that a JSON Lines export holds each stored message as
// it is, in archive order.
func TestEventsJSONLIsTheArchive(t *testing.T) {
	e, _, evs := archivedEnv(t)
	var stored [][]byte
	if _, err := e.r.Events(ctxFor(t, 30*time.Second), archive.Filter{}, archive.Options{}, func(rec archive.Record, _ *news.Event, _ time.Time) error {
		stored = append(stored, rec.Data)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(stored) != len(evs) {
		t.Fatalf("%d stored events, want %d", len(stored), len(evs))
	}
	want := bytes.Join(stored, []byte("\n"))
	want = append(want, '\n')
	if got := exportBytes(t, e, "events", archive.Filter{}, export.Options{Format: export.JSONL}); !bytes.Equal(got, want) {
		t.Error("the JSON Lines export is not the stored envelopes, one per line")
	}
}

func jsonlLines(t *testing.T, b []byte) [][]byte {
	t.Helper()
	var out [][]byte
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		out = append(out, bytes.Clone(sc.Bytes()))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// archiveColumns are the columns a JSON Lines export does not carry.
var archiveColumns = []cmp.Option{
	cmpopts.IgnoreFields(export.EventRow{}, "ArchivedAt", "ArchiveSeq"),
	cmpopts.IgnoreFields(export.ArticleRow{}, "ArchivedAt", "ArchiveSeq"),
	cmpopts.EquateEmpty(),
}

func checkArchiveColumns[T any](t *testing.T, rows []T, meta func(T) (time.Time, int64)) {
	t.Helper()
	var lastSeq int64
	var lastAt time.Time
	for i, r := range rows {
		at, seq := meta(r)
		if seq <= lastSeq || at.Before(lastAt) || at.IsZero() {
			t.Fatalf("row %d: archive_seq %d after %d, archived_at %v after %v: not archive order", i, seq, lastSeq, at, lastAt)
		}
		lastSeq, lastAt = seq, at
	}
}

// TestParquetMatchesJSONL reads the Parquet exports back with parquet-go's reader: the file
// has the documented schema and the rows of the JSON Lines export.
func TestParquetMatchesJSONL(t *testing.T) {
	e, arts, evs := archivedEnv(t)
	for _, f := range []archive.Filter{{}, {Types: []string{news.TypeAgreement}}} {
		pq := exportBytes(t, e, "events", f, export.Options{Format: export.Parquet, Zstd: true})
		file, err := parquet.OpenFile(bytes.NewReader(pq), int64(len(pq)))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(export.Schema[export.EventRow]().String(), file.Schema().String()); diff != "" {
			t.Errorf("events file schema (-documented +file):\n%s", diff)
		}
		got, err := parquet.Read[export.EventRow](bytes.NewReader(pq), int64(len(pq)))
		if err != nil {
			t.Fatal(err)
		}
		var want []export.EventRow
		for _, line := range jsonlLines(t, exportBytes(t, e, "events", f, export.Options{Format: export.JSONL})) {
			ev, at, err := archive.DecodeEnvelope(line)
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, export.EventRowOf(ev, at, export.Meta{}))
		}
		if len(f.Types) == 0 && len(want) != len(evs) {
			t.Fatalf("JSON Lines export has %d events, want %d", len(want), len(evs))
		}
		if len(want) == 0 {
			t.Fatal("no events to compare")
		}
		if diff := cmp.Diff(want, got, archiveColumns...); diff != "" {
			t.Errorf("filter %+v: Parquet rows (-JSON Lines +Parquet):\n%s", f, diff)
		}
		checkArchiveColumns(t, got, func(r export.EventRow) (time.Time, int64) { return r.ArchivedAt, r.ArchiveSeq })
	}

	pq := exportBytes(t, e, "articles", archive.Filter{}, export.Options{Format: export.Parquet})
	file, err := parquet.OpenFile(bytes.NewReader(pq), int64(len(pq)))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(export.Schema[export.ArticleRow]().String(), file.Schema().String()); diff != "" {
		t.Errorf("articles file schema (-documented +file):\n%s", diff)
	}
	got, err := parquet.Read[export.ArticleRow](bytes.NewReader(pq), int64(len(pq)))
	if err != nil {
		t.Fatal(err)
	}
	var want []export.ArticleRow
	for i := range arts {
		want = append(want, export.ArticleRowOf(&arts[i], export.Meta{}))
	}
	if diff := cmp.Diff(want, got, archiveColumns...); diff != "" {
		t.Errorf("article rows (-published +Parquet):\n%s", diff)
	}
	checkArchiveColumns(t, got, func(r export.ArticleRow) (time.Time, int64) { return r.ArchivedAt, r.ArchiveSeq })
}
