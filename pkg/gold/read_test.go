package gold

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tinkhabar/tinkhabar/pkg/news"
)

const corpusPath = "../../testdata/corpus/articles.jsonl"

func TestReadCorpus(t *testing.T) {
	arts, err := ReadFile(corpusPath)
	if err != nil {
		t.Fatal(err)
	}
	// The counts the corpus README states.
	langs := map[string]int{}
	types := map[string]int{}
	negatives := 0
	for i, a := range arts {
		langs[a.Lang]++
		if len(a.Events) == 0 {
			negatives++
		}
		for _, e := range a.Events {
			types[e.Type]++
		}
		if a.File != corpusPath || a.Line != i+1 {
			t.Errorf("article %s: position %s:%d, want %s:%d", a.ID, a.File, a.Line, corpusPath, i+1)
		}
		if a.Published == nil || a.URL == "" || a.Source == "" {
			t.Errorf("article %s: published %v, url %q, source %q: want all given", a.ID, a.Published, a.URL, a.Source)
		}
	}
	if diff := cmp.Diff(map[string]int{"fa": 40, "vi": 40}, langs); diff != "" {
		t.Errorf("articles per language (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"visit": 50, "project_count": 50, "agreement": 26}, types); diff != "" {
		t.Errorf("events per type (-want +got):\n%s", diff)
	}
	if negatives != 20 {
		t.Errorf("%d articles without events, want 20", negatives)
	}

	first := arts[0]
	if first.ID != "fa-001" || !first.Published.Equal(time.Date(2025, 11, 29, 8, 40, 0, 0, time.UTC)) {
		t.Errorf("first article %s published %v", first.ID, first.Published)
	}
	wantVisit := Event{Type: "visit", Location: "ir/kerman", VisitorName: "محمدحسین رستگار",
		VisitorRole: "minister", VisitorOrg: "ir/ict-ministry", DurationDays: 1, Date: "2025-12-01", Status: "planned"}
	if diff := cmp.Diff(wantVisit, first.Events[0]); diff != "" {
		t.Errorf("fa-001 visit (-want +got):\n%s", diff)
	}
}

// The two real seed articles live outside the repository; the test reads them in place.
func TestReadSeeds(t *testing.T) {
	path := "../../../shared/corpus/seeds.jsonl"
	if _, err := os.Stat(path); err != nil {
		t.Skipf("seeds not available: %v", err)
	}
	arts, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 2 {
		t.Fatalf("%d seed articles, want 2", len(arts))
	}
	fa, vi := arts[0], arts[1]
	if fa.Published != nil || fa.URL != "" {
		t.Errorf("seed-fa: published %v, url %q: want null read as nil and empty", fa.Published, fa.URL)
	}
	if vi.Source != "" || vi.Published == nil {
		t.Errorf("seed-vi: source %q, published %v: want empty and set", vi.Source, vi.Published)
	}
	if na := fa.NewsArticle(); na.Published != nil {
		t.Errorf("seed-fa news article published %v, want nil", na.Published)
	}
}

func TestNewsArticle(t *testing.T) {
	pub := time.Date(2025, 10, 23, 8, 6, 0, 0, time.UTC)
	a := Article{ID: "vi-001", Lang: "vi", Source: "baogialai", URL: "https://baogialai.com.vn/x",
		Published: &pub, Title: "T", Text: "Body.", Notes: "n",
		Events: []Event{{Type: "visit", Location: "vn/gia-lai"}}, File: "f", Line: 3}
	got := a.NewsArticle()
	want := news.Article{ID: "vi-001", Lang: "vi", Source: "baogialai", URL: "https://baogialai.com.vn/x",
		Published: &pub, Title: "T", Text: "Body."}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("NewsArticle (-want +got):\n%s", diff)
	}
	*got.Published = time.Time{}
	if !a.Published.Equal(pub) {
		t.Error("NewsArticle shares the published time with the gold article")
	}
}

// line builds a valid corpus line with some fields replaced (a value "-" removes the key).
func line(fields ...string) string {
	kv := map[string]string{
		"id": `"fa-001"`, "lang": `"fa"`, "source": `"irna"`, "url": `"https://www.irna.ir/news/1"`,
		"published": `"2025-11-29T08:40:00Z"`, "title": `"t"`, "text": `"متن"`, "events": `[]`,
	}
	for i := 0; i+1 < len(fields); i += 2 {
		kv[fields[i]] = fields[i+1]
	}
	var parts []string
	for _, k := range []string{"id", "lang", "source", "url", "published", "title", "text", "events"} {
		if v := kv[k]; v != "-" {
			parts = append(parts, `"`+k+`": `+v)
		}
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

func TestReadErrors(t *testing.T) {
	ok := line()
	tests := []struct {
		name    string
		input   string
		line    int
		want    string // in the error message
		wantErr error  // wrapped, when not nil
	}{
		{"invalid JSON", ok + "\n{\"id\": \n", 2, "invalid JSON", nil},
		{"not an object", "[]\n", 1, "not a JSON object", nil},
		{"null", "null\n", 1, "not a JSON object", nil},
		{"missing id", line("id", "-"), 1, "missing id", nil},
		{"unknown lang", line("lang", `"en"`), 1, `lang "en"`, news.ErrInvalidArticle},
		{"missing text", line("text", "-"), 1, "empty text", news.ErrInvalidArticle},
		{"id not a token", line("id", `"FA 1"`), 1, "token", news.ErrInvalidArticle},
		{"bad published", line("published", `"29/11/2025"`), 1, "not RFC 3339", nil},
		{"missing events", line("events", "-"), 1, "missing events", nil},
		{"events not an array", line("events", `{}`), 1, "invalid JSON", nil},
		{"unknown type", line("events", `[{"type": "meeting"}]`), 1, `event 1 (meeting): unknown type`, nil},
		{"visit without location", line("events", `[{"type": "visit", "status": "done"}]`), 1, "needs a location", nil},
		{"count without count", line("events", `[{"type": "project_count"}]`), 1, "needs a count", nil},
		{"agreement without parties or count", line("events", `[{"type": "agreement", "parties": []}]`), 1, "needs parties or a count", nil},
		{"empty party", line("events", `[{"type": "agreement", "parties": ["org/vnpt", ""]}]`), 1, "empty party id", nil},
		{"month 13", line("events", `[{"type": "visit", "location": "ir/yazd", "date": "2025-13-01"}]`), 1, `date "2025-13-01"`, nil},
		{"slashed date", line("events", `[{"type": "visit", "location": "ir/yazd", "date": "2025/12/01"}]`), 1, "is not YYYY-MM-DD", nil},
		{"bad status", line("events", `[{"type": "visit", "location": "ir/yazd", "status": "cancelled"}]`), 1, `status "cancelled"`, nil},
		{"bad role", line("events", `[{"type": "visit", "location": "ir/yazd", "visitor_role": "mayor"}]`), 1, `visitor_role "mayor"`, nil},
		{"bad qualifier", line("events", `[{"type": "project_count", "count": 3, "qualifier": "many"}]`), 1, `qualifier "many"`, nil},
		{"bad kind", line("events", `[{"type": "agreement", "count": 2, "agreement_kind": "treaty"}]`), 1, `agreement_kind "treaty"`, nil},
		{"second event", line("events", `[{"type": "visit", "location": "ir/yazd"}, {"type": "visit"}]`), 1, "event 2 (visit)", nil},
		{"blank lines are counted", ok + "\n\n  \n" + line("id", `"fa-002"`, "text", `""`), 4, "empty text", nil},
		{"duplicate id", ok + "\n" + line("id", `"fa-002"`) + "\n" + ok, 3, `duplicate id "fa-001" (first on line 1)`, nil},
		{"line too long", ok + "\n" + strings.Repeat(" ", MaxLineBytes+1) + "\n" + line("id", `"fa-009"`), 2, "", ErrLineTooLong},
		{"line far too long", ok + "\n" + strings.Repeat("x", MaxLineBytes+100) + "\n", 2, "", ErrLineTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, err := Read(strings.NewReader(tt.input), "c.jsonl")
			if err == nil {
				t.Fatalf("no error, %d articles", len(arts))
			}
			if arts != nil {
				t.Errorf("articles returned with an error: %d", len(arts))
			}
			var le *LineError
			if !errors.As(err, &le) {
				t.Fatalf("error %v is not a *LineError", err)
			}
			if le.File != "c.jsonl" || le.Line != tt.line {
				t.Errorf("error at %s:%d, want c.jsonl:%d (%v)", le.File, le.Line, tt.line, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("error %v does not wrap %v", err, tt.wantErr)
			}
		})
	}
}

func TestReadReportsEveryBadLine(t *testing.T) {
	input := "{\n" + line() + "\n" + line("id", `"fa-002"`, "lang", `"xx"`) + "\n"
	_, err := Read(strings.NewReader(input), "c.jsonl")
	var lines []int
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var le *LineError
		if errors.As(e, &le) {
			lines = append(lines, le.Line)
		}
	}
	if diff := cmp.Diff([]int{1, 3}, lines); diff != "" {
		t.Errorf("lines with errors (-want +got):\n%s", diff)
	}
}

func TestReadAccepts(t *testing.T) {
	input := "\ufeff" + line("published", "null", "url", "null", "source", "null",
		"events", `[{"type": "agreement", "parties": [], "count": 4, "future_key": 1}]`) +
		"\r\n\n" + strings.Replace(line("id", `"fa-002"`), "{", `{"notes": "n", "extra": [1, 2], `, 1)
	arts, err := Read(strings.NewReader(input), "c.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	want := []Article{
		{ID: "fa-001", Lang: "fa", Title: "t", Text: "متن",
			Events: []Event{{Type: "agreement", Parties: []string{}, Count: 4}}, File: "c.jsonl", Line: 1},
		{ID: "fa-002", Lang: "fa", Source: "irna", URL: "https://www.irna.ir/news/1", Title: "t", Text: "متن",
			Published: ptr(time.Date(2025, 11, 29, 8, 40, 0, 0, time.UTC)), Events: []Event{}, Notes: "n",
			File: "c.jsonl", Line: 3},
	}
	if diff := cmp.Diff(want, arts); diff != "" {
		t.Errorf("articles (-want +got):\n%s", diff)
	}
}

func TestReadFiles(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.jsonl")
	b := filepath.Join(dir, "b.jsonl")
	c := filepath.Join(dir, "c.jsonl")
	write := func(path string, lines ...string) {
		if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(a, line(), line("id", `"fa-002"`))
	write(b, line("id", `"vi-001"`, "lang", `"vi"`))
	write(c, line("id", `"fa-003"`), line("id", `"fa-002"`))

	arts, err := ReadFiles(a, b)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range arts {
		got = append(got, x.ID+"@"+filepath.Base(x.File))
	}
	if diff := cmp.Diff([]string{"fa-001@a.jsonl", "fa-002@a.jsonl", "vi-001@b.jsonl"}, got); diff != "" {
		t.Errorf("articles (-want +got):\n%s", diff)
	}

	_, err = ReadFiles(a, c)
	var le *LineError
	if !errors.As(err, &le) || le.File != c || le.Line != 2 || !strings.Contains(err.Error(), a+":2") {
		t.Errorf("duplicate across files: got %v, want an error at %s:2 naming %s:2", err, c, a)
	}

	if _, err := ReadFiles(filepath.Join(dir, "missing.jsonl")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: got %v, want os.ErrNotExist", err)
	}
}

func FuzzRead(f *testing.F) {
	corpus, err := os.ReadFile(corpusPath)
	if err != nil {
		f.Fatal(err)
	}
	for l := range bytes.Lines(corpus) {
		f.Add(l)
	}
	f.Add([]byte(line() + "\n" + line()))
	f.Add([]byte(line("events", `[{"type": "agreement", "parties": null, "count": -1}]`)))
	f.Add([]byte(line("published", `"2025-02-30T00:00:00Z"`)))
	f.Add([]byte("\ufeff\r\n{}\n[]\nnull\n\"x\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		arts, err := Read(bytes.NewReader(data), "fuzz")
		if err != nil {
			if arts != nil {
				t.Fatal("articles returned with an error")
			}
			var le *LineError
			if !errors.As(err, &le) || le.Line < 1 {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, a := range arts {
			na := a.NewsArticle()
			if err := na.Validate(); err != nil {
				t.Fatalf("accepted article fails Validate: %v", err)
			}
			if seen[a.ID] {
				t.Fatalf("duplicate id %q accepted", a.ID)
			}
			seen[a.ID] = true
			if a.Events == nil {
				t.Fatalf("article %s accepted without events", a.ID)
			}
			for _, e := range a.Events {
				if err := checkEvent(e); err != nil {
					t.Fatalf("accepted event fails its check: %v", err)
				}
			}
		}
	})
}

func ptr[T any](v T) *T { return &v }
