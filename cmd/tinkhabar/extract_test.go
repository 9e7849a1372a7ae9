package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tinkhabar/tinkhabar/pkg/extract"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

const corpusPath = "../../testdata/corpus/articles.jsonl"

// fakeEngine gives one visit per paragraph of an article, with the article id and the
// paragraph number in the evidence, so that the output shows where each event came from. When
// holdFirst is set, the article with id "a-1" is held until "a-2" has been extracted, so that
// workers finish out of input order.
type fakeEngine struct {
	holdFirst bool
	once      sync.Once
	released  chan struct{}
}

func (f *fakeEngine) Version() string { return "fake-1" }

func (f *fakeEngine) Extract(a *news.Article) ([]news.Event, error) {
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("article %s: %w", a.ID, err)
	}
	if f.holdFirst {
		f.once.Do(func() { f.released = make(chan struct{}) })
		switch a.ID {
		case "a-1":
			<-f.released
		case "a-2":
			defer close(f.released)
		}
	}
	var evs []news.Event
	for i, p := range strings.Split(a.Text, "\n\n") {
		evs = append(evs, news.Event{
			ID: news.EventID(a.ID, news.TypeVisit, fmt.Sprint(i)), Type: news.TypeVisit, Lang: a.Lang,
			Article:  news.ArticleRef{ID: a.ID},
			Evidence: news.Evidence{Text: fmt.Sprintf("%s#%d %s", a.ID, i, p)},
		})
	}
	return evs, nil
}

func articleLine(id, lang, text string) string {
	b, err := json.Marshal(map[string]string{"id": id, "lang": lang, "text": text})
	if err != nil {
		panic(err)
	}
	return string(b)
}

// evidenceOf lists the evidence of every event in JSON Lines output.
func evidenceOf(t *testing.T, out []byte) []string {
	t.Helper()
	var got []string
	for l := range bytes.Lines(out) {
		var e news.Event
		if err := json.Unmarshal(l, &e); err != nil {
			t.Fatalf("output line %q: %v", l, err)
		}
		got = append(got, e.Evidence.Text)
	}
	return got
}

func TestExtractKeepsOrderAndReportsBadLines(t *testing.T) {
	input := strings.Join([]string{
		articleLine("a-1", "fa", "p0\n\np1"),   // 1: held until a-2 is done
		articleLine("a-2", "vi", "q0"),         // 2
		`{"id": "a-3", "lang": "fa", "text": `, // 3: invalid JSON
		"",                                     // 4: blank, skipped
		articleLine("a-5", "fa", ""),           // 5: missing text
		articleLine("a-6", "en", "text"),       // 6: unknown language
		`{"lang": "vi", "text": "` + strings.Repeat("x", 200) + `"}`,                                // 7: too long
		`{"id": "a-8", "lang": "fa", "text": "r0", "events": [], "notes": "gold keys are ignored"}`, // 8
		articleLine("a-9", "vi", "s0\n\ns1\n\ns2"),                                                  // 9, no final newline
	}, "\n")
	var out, diag bytes.Buffer
	x := extraction{engine: &fakeEngine{holdFirst: true}, workers: 4, maxLine: 150, inName: "in.jsonl", diag: &diag}
	st, err := x.run(strings.NewReader(input), &out)
	if err != nil {
		t.Fatal(err)
	}

	want := []string{"a-1#0 p0", "a-1#1 p1", "a-2#0 q0", "a-8#0 r0", "a-9#0 s0", "a-9#1 s1", "a-9#2 s2"}
	if diff := cmp.Diff(want, evidenceOf(t, out.Bytes())); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}

	diags := strings.Split(strings.TrimSuffix(diag.String(), "\n"), "\n")
	wantDiags := []struct{ prefix, says string }{
		{"in.jsonl:3: ", "invalid JSON"},
		{"in.jsonl:5: ", "article a-5: invalid article: empty text"},
		{"in.jsonl:6: ", `lang "en"`},
		{"in.jsonl:7: ", "line longer than"},
	}
	if len(diags) != len(wantDiags) {
		t.Fatalf("diagnostics:\n%s\nwant %d lines", diag.String(), len(wantDiags))
	}
	for i, w := range wantDiags {
		if !strings.HasPrefix(diags[i], w.prefix) || !strings.Contains(diags[i], w.says) {
			t.Errorf("diagnostic %q, want %q…%q", diags[i], w.prefix, w.says)
		}
	}

	if st.Articles != 4 || st.Events != 7 || st.BadLines != 4 || st.Bytes != int64(len(input)) {
		t.Errorf("stats %+v, want 4 articles, 7 events, 4 bad lines, %d bytes", st, len(input))
	}
}

// The output is the same bytes whatever the number of workers.
func TestExtractSameOutputForAnyWorkers(t *testing.T) {
	input, err := os.ReadFile(corpusPath)
	if err != nil {
		t.Fatal(err)
	}
	real, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, eng := range []engine{&fakeEngine{}, real} {
		var first []byte
		for _, workers := range []int{1, 3, 8} {
			var out, diag bytes.Buffer
			x := extraction{engine: eng, workers: workers, maxLine: maxLineBytes, inName: "corpus", diag: &diag}
			st, err := x.run(bytes.NewReader(input), &out)
			if err != nil || diag.Len() > 0 || st.Articles != 80 {
				t.Fatalf("%s, %d workers: %d articles, err %v, diagnostics:\n%s", eng.Version(), workers, st.Articles, err, diag.String())
			}
			if first == nil {
				first = out.Bytes()
			} else if !bytes.Equal(first, out.Bytes()) {
				t.Errorf("%s: output with %d workers differs from the one with 1", eng.Version(), workers)
			}
		}
	}
}

type failingWriter struct{ after int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.after--; w.after < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

// A write error stops the run (no hang, no further writes) and is returned.
func TestExtractWriteError(t *testing.T) {
	var lines []string
	for i := range 500 {
		lines = append(lines, articleLine(fmt.Sprintf("a-%d", i+10), "fa", "p"))
	}
	var diag bytes.Buffer
	x := extraction{engine: &fakeEngine{}, workers: 2, maxLine: maxLineBytes, inName: "in", diag: &diag}
	st, err := x.run(strings.NewReader(strings.Join(lines, "\n")), &failingWriter{after: 3})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("error %v, want the write error", err)
	}
	if st.Articles != 4 {
		t.Errorf("%d articles counted, want the 4 up to the failed write", st.Articles)
	}
}

type failingReader struct{ data io.Reader }

func (r *failingReader) Read(p []byte) (int, error) {
	n, err := r.data.Read(p)
	if err == io.EOF {
		return n, errors.New("connection reset")
	}
	return n, err
}

func TestExtractReadError(t *testing.T) {
	input := articleLine("a-1", "fa", "p") + "\n" + articleLine("a-2", "fa", "q") + "\n"
	var out, diag bytes.Buffer
	x := extraction{engine: &fakeEngine{}, workers: 2, maxLine: maxLineBytes, inName: "in", diag: &diag}
	st, err := x.run(&failingReader{strings.NewReader(input)}, &out)
	if err == nil || !strings.Contains(err.Error(), "reading in line 3: connection reset") {
		t.Fatalf("error %v, want the read error at line 3", err)
	}
	if st.Articles != 2 || len(evidenceOf(t, out.Bytes())) != 2 {
		t.Errorf("stats %+v, output %q: want the 2 lines before the error", st, out.String())
	}
}

func TestReadLine(t *testing.T) {
	const max = 20
	input := "short\r\n" + // CRLF
		strings.Repeat("a", max) + "\n" + // exactly the limit
		strings.Repeat("b", max+1) + "\n" + // one over
		strings.Repeat("c", 100) + "\n" + // far over, longer than the reader's buffer
		"\n" + // empty
		"last" // no line end
	type res struct {
		Line string
		N    int64
		Err  error
	}
	var got []res
	br := bufio.NewReaderSize(strings.NewReader(input), 16)
	for {
		l, n, err := readLine(br, max)
		if err == io.EOF {
			break
		}
		got = append(got, res{string(l), n, err})
	}
	want := []res{
		{"short", 7, nil},
		{strings.Repeat("a", max), max + 1, nil},
		{"", max + 2, errLineTooLong},
		{"", 101, errLineTooLong},
		{"", 1, nil},
		{"last", 4, nil},
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b error) bool { return errors.Is(a, b) })); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
}

func TestDecodeArticle(t *testing.T) {
	tests := []struct {
		name, line, wantID string
	}{
		{"id kept", `{"id": "fa-001", "lang": "fa", "text": "x", "url": "https://a/1"}`, "fa-001"},
		{"id from canonical url", `{"lang": "fa", "text": "x", "url": "https://a/1?utm=2", "canonical_url": "https://a/1"}`, news.ArticleID("https://a/1")},
		{"id from url", `{"lang": "fa", "text": "x", "url": "https://a/1"}`, news.ArticleID("https://a/1")},
		{"id from text", `{"lang": "vi", "text": "x"}`, news.ArticleID(news.ContentHash("x"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := decodeArticle([]byte(tt.line))
			if err != nil {
				t.Fatal(err)
			}
			if a.ID != tt.wantID {
				t.Errorf("id %q, want %q", a.ID, tt.wantID)
			}
		})
	}

	// A gold corpus line gives the article the gold reader gives.
	f, err := os.Open(corpusPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	first, _, err := readLine(bufio.NewReader(f), maxLineBytes)
	if err != nil {
		t.Fatal(err)
	}
	a, err := decodeArticle(first)
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != "fa-001" || a.Lang != "fa" || a.Source != "mehrnews" || a.Published == nil || !strings.HasPrefix(a.Text, "به گزارش") {
		t.Errorf("corpus line decoded as %+v", a)
	}

	for _, bad := range []string{`null`, `[1]`, `{"lang": "fa", "text": "x", "published": "yesterday"}`, `{"lang": "fa", "text": 1}`, `{"lang":`} {
		if _, err := decodeArticle([]byte(bad)); err == nil {
			t.Errorf("decodeArticle(%s): no error", bad)
		}
	}
}

// Run with files: events go to --out, the exit error counts the bad lines.
func TestExtractCmdFiles(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	out := filepath.Join(dir, "out.jsonl")
	input := articleLine("a-1", "fa", "متن") + "\nnot json\n" + articleLine("a-3", "vi", "") + "\n"
	if err := os.WriteFile(in, []byte(input), 0o644); err != nil {
		t.Fatal(err)
	}
	g := &globals{Logger: slog.New(slog.DiscardHandler)}
	err := (&extractCmd{In: in, Out: out}).Run(g)
	if err == nil || !strings.Contains(err.Error(), "2 bad input lines") {
		t.Errorf("error %v, want 2 bad input lines", err)
	}
	if _, err := os.Stat(out); err != nil {
		t.Errorf("output file: %v", err)
	}
	if err := (&extractCmd{In: filepath.Join(dir, "missing.jsonl")}).Run(g); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing input: error %v", err)
	}
}

func FuzzExtractLines(f *testing.F) {
	corpus, err := os.ReadFile(corpusPath)
	if err != nil {
		f.Fatal(err)
	}
	lines := bytes.SplitAfter(corpus, []byte("\n"))
	f.Add(bytes.Join(lines[:3], nil))
	f.Add([]byte(articleLine("a-1", "fa", "x") + "\r\n\n{\n" + articleLine("", "vi", "y")))
	f.Add([]byte(`{"lang":"vi","text":"a","published":null,"authors":[1]}` + "\n\x00\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var out, diag bytes.Buffer
		x := extraction{engine: &fakeEngine{}, workers: 2, maxLine: 1 << 10, inName: "fuzz", diag: &diag}
		st, err := x.run(bytes.NewReader(data), &out)
		if err != nil {
			t.Fatalf("error on in-memory input: %v", err)
		}
		nonBlank := 0
		for l := range bytes.Lines(data) {
			if len(bytes.TrimSpace(l)) > 0 {
				nonBlank++
			}
		}
		if st.Articles+st.BadLines > nonBlank || st.Bytes != int64(len(data)) {
			t.Fatalf("stats %+v for %d non-blank lines, %d bytes", st, nonBlank, len(data))
		}
		diags := 0
		for l := range bytes.Lines(diag.Bytes()) {
			if !bytes.HasPrefix(l, []byte("fuzz:")) {
				t.Fatalf("diagnostic line %q does not name the input and line", l)
			}
			diags++
		}
		if diags != st.BadLines {
			t.Fatalf("%d diagnostics for %d bad lines:\n%s", diags, st.BadLines, diag.String())
		}
		if n := bytes.Count(out.Bytes(), []byte("\n")); n != st.Events {
			t.Fatalf("%d output lines for %d events", n, st.Events)
		}
	})
}

// oneEventEngine gives each article one small event, at no cost.
type oneEventEngine struct{}

func (oneEventEngine) Version() string { return "one-1" }

func (oneEventEngine) Extract(a *news.Article) ([]news.Event, error) {
	return []news.Event{{ID: "e_1", Type: news.TypeVisit, Lang: a.Lang, Article: news.ArticleRef{ID: a.ID}}}, nil
}

// BenchmarkExtraction measures what the command adds around the engine (reading, decoding,
// ordering, encoding), on the 80 corpus articles.
func BenchmarkExtraction(b *testing.B) {
	input, err := os.ReadFile(corpusPath)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(input)))
	for b.Loop() {
		x := extraction{engine: oneEventEngine{}, maxLine: maxLineBytes, inName: "corpus", diag: io.Discard}
		if _, err := x.run(bytes.NewReader(input), io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExtractionEngine is the command with the real engine on the 80 corpus articles.
func BenchmarkExtractionEngine(b *testing.B) {
	input, err := os.ReadFile(corpusPath)
	if err != nil {
		b.Fatal(err)
	}
	eng, err := extract.New()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(input)))
	for b.Loop() {
		x := extraction{engine: eng, maxLine: maxLineBytes, inName: "corpus", diag: io.Discard}
		if _, err := x.run(bytes.NewReader(input), io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
