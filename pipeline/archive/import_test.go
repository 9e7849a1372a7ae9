package archive_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/klauspost/compress/zstd"

	"github.com/tinkhabar/tinkhabar/pipeline/archive"
	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pipeline/extractor/bench"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

func articleLines(t *testing.T, arts []news.Article) []string {
	t.Helper()
	out := make([]string, len(arts))
	for i := range arts {
		b, err := json.Marshal(&arts[i])
		if err != nil {
			t.Fatal(err)
		}
		out[i] = string(b)
	}
	return out
}

func badLines(st archive.ImportStats) map[int]string {
	out := map[int]string{}
	for _, b := range st.Bad {
		out[b.Line] = b.Err.Error()
	}
	return out
}

// TestImportCorruptFile imports a file with bad lines among good ones: the good ones go in,
// the bad ones are reported with their line numbers, and the error says so.
func TestImportCorruptFile(t *testing.T) {
	e := newEnv(t)
	lines := articleLines(t, corpus(t)[:10])
	noLang := strings.Replace(lines[4], `"lang":"fa"`, `"lang":"en"`, 1)
	if noLang == lines[4] {
		t.Fatal("line 5 is not a Persian article")
	}
	file := strings.Join([]string{
		lines[0],
		lines[1],
		`{"id": "a_broken", "text": "no end`, // 3: not JSON
		lines[2],
		"", // 5: blank, skipped
		noLang,
		lines[3],
		`[1, 2, 3]`, // 8: JSON, not an article
		lines[5],
		lines[6][:len(lines[6])/2], // 10: the file was cut here
	}, "\n")
	im := archive.NewImporter(bus.NewPublisher(e.js), e.bus)
	st, err := im.Import(ctxFor(t, 30*time.Second), strings.NewReader(file))
	if !errors.Is(err, archive.ErrBadLines) {
		t.Fatalf("err = %v, want ErrBadLines", err)
	}
	bad := badLines(st)
	var gotLines []int
	for _, b := range st.Bad {
		gotLines = append(gotLines, b.Line)
	}
	if diff := cmp.Diff([]int{3, 6, 8, 10}, gotLines); diff != "" {
		t.Errorf("bad lines (-want +got):\n%s\n%v", diff, bad)
	}
	if !strings.Contains(bad[6], "lang") || !strings.Contains(bad[10], "truncated") {
		t.Errorf("reasons do not say what is wrong: %v", bad)
	}
	if st.Stored != 5 || st.Duplicates != 0 || st.Lines != 10 {
		t.Errorf("stats %+v, want 5 stored of 10 lines", st)
	}
	if n := e.streamMsgs(e.bus.Articles.Name); n != 5 {
		t.Errorf("ARTICLES holds %d articles, want the 5 good ones", n)
	}

	// The same file again adds nothing and reports the same lines.
	st, err = im.Import(ctxFor(t, 30*time.Second), strings.NewReader(file))
	if !errors.Is(err, archive.ErrBadLines) || st.Stored != 0 || st.Duplicates != 5 || len(st.Bad) != 4 {
		t.Errorf("second import: %+v, %v; want 5 duplicates and the 4 bad lines", st, err)
	}
}

// TestImportTruncatedZstd imports a compressed file cut short: the lines before the cut go
// in and the cut is reported at the line it falls in.
func TestImportTruncatedZstd(t *testing.T) {
	e := newEnv(t)
	arts, err := bench.Articles(400) // several zstd blocks of 128 KiB
	if err != nil {
		t.Fatal(err)
	}
	lines := articleLines(t, arts)
	var buf bytes.Buffer
	zw, err := zstd.NewWriter(&buf, zstd.WithEncoderConcurrency(1))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lines {
		zw.Write([]byte(l + "\n"))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	cut := buf.Bytes()[:buf.Len()-10] // the last block is incomplete

	im := archive.NewImporter(bus.NewPublisher(e.js), e.bus)
	st, err := im.Import(ctxFor(t, 30*time.Second), bytes.NewReader(cut))
	if !errors.Is(err, archive.ErrBadLines) {
		t.Fatalf("err = %v, want ErrBadLines", err)
	}
	if !st.Compressed || len(st.Bad) != 1 || !strings.Contains(st.Bad[0].Err.Error(), "corrupt or truncated") {
		t.Fatalf("stats %+v: want one corrupt-input line", st)
	}
	stored := st.Stored
	if stored == 0 || stored >= len(arts) || st.Bad[0].Line != stored+1 {
		t.Errorf("%d articles stored, cut reported at line %d; want some but not all stored, and the cut on the next line", stored, st.Bad[0].Line)
	}
	// Exactly the articles before the cut are in ARTICLES.
	var ids []string
	if _, err := e.r.Articles(ctxFor(t, 30*time.Second), archive.Filter{}, archive.Options{}, func(_ archive.Record, a *news.Article) error {
		ids = append(ids, a.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, a := range arts[:stored] {
		want = append(want, a.ID)
	}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("stored articles (-want +got):\n%s", diff)
	}
}

// TestImportFillsIDAndSource checks that an article without id or source is stored as
// bus.PrepareArticle prepares it, and that a file of good lines imports without error.
func TestImportFillsIDAndSource(t *testing.T) {
	e := newEnv(t)
	a := corpus(t)[0]
	a.ID, a.Source = "", ""
	line := articleLines(t, []news.Article{a})[0]
	im := archive.NewImporter(bus.NewPublisher(e.js), e.bus)
	st, err := im.Import(ctxFor(t, 30*time.Second), strings.NewReader(line+"\n\n"))
	if err != nil || st.Stored != 1 {
		t.Fatalf("import: %+v, %v", st, err)
	}
	var got []*news.Article
	if _, err := e.r.Articles(ctxFor(t, 30*time.Second), archive.Filter{}, archive.Options{}, func(_ archive.Record, a *news.Article) error {
		got = append(got, a)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != news.ArticleID(a.URL) || got[0].Source != bus.UnknownSource {
		t.Errorf("stored %+v, want id %s and source %s", got, news.ArticleID(a.URL), bus.UnknownSource)
	}
}
