package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/kong"
	"github.com/google/go-cmp/cmp"

	"github.com/tinkhabar/tinkhabar/pipeline/archive"
	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pipeline/extractor/bench"
	"github.com/tinkhabar/tinkhabar/pkg/extract"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

func TestParseTimeFlag(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"", time.Time{}, true},
		{"2025-11-01T08:00:00+03:30", time.Date(2025, 11, 1, 4, 30, 0, 0, time.UTC), true},
		{"2025-11-01T08:00:00.5Z", time.Date(2025, 11, 1, 8, 0, 0, 500000000, time.UTC), true},
		{"2025-11-30", time.Date(2025, 11, 30, 0, 0, 0, 0, time.UTC), true},
		{"2025-11", time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC), true},
		{"2025", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{"2025-11-31", time.Time{}, false},
		{"1404-09-10 ", time.Time{}, false},
		{"yesterday", time.Time{}, false},
		{"2025-11-01 08:00", time.Time{}, false},
	} {
		got, err := parseTimeFlag(tc.in)
		if (err == nil) != tc.ok || !got.Equal(tc.want) {
			t.Errorf("parseTimeFlag(%q) = %v, %v; want %v, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

// parseArgs parses a command line with the real CLI definition.
func parseArgs(t *testing.T, args ...string) (*cli, *kong.Context, error) {
	t.Helper()
	var c cli
	p, err := kong.New(&c, kong.Name("tinkhabar"), kong.Exit(func(int) { t.Fatal("kong wanted to exit") }))
	if err != nil {
		t.Fatal(err)
	}
	ctx, err := p.Parse(args)
	return &c, ctx, err
}

func TestArchiveFlags(t *testing.T) {
	c, _, err := parseArgs(t, "replay", "--data", "d", "--since", "2025-11", "--by", "archived", "--lang", "fa,vi", "--type", "visit", "--type", "agreement", "--reextract", "--diff")
	if err != nil {
		t.Fatal(err)
	}
	f, err := c.Replay.filter()
	if err != nil {
		t.Fatal(err)
	}
	want := archive.Filter{Since: time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC), By: archive.ByArchived,
		Langs: []string{"fa", "vi"}, Types: []string{"visit", "agreement"}}
	if diff := cmp.Diff(want, f); diff != "" || c.Replay.Data != "d" || !c.Replay.Reextract || !c.Replay.Diff {
		t.Errorf("replay flags (-want +got):\n%s\n%+v", diff, c.Replay)
	}

	c, _, err = parseArgs(t, "export", "--nats", "nats://127.0.0.1:4222", "--stream", "events", "--format", "parquet", "--zstd", "--out", "x.parquet")
	if err != nil {
		t.Fatal(err)
	}
	if c.Export.Stream != "events" || c.Export.Format != "parquet" || !c.Export.Zstd || c.Export.Out != "x.parquet" || c.Export.NATS == "" || c.Export.By != "published" {
		t.Errorf("export flags: %+v", c.Export)
	}
	c, _, err = parseArgs(t, "import", "--data", "d", "a.jsonl.zst")
	if err != nil || c.Import.File != "a.jsonl.zst" {
		t.Errorf("import: %+v, %v", c.Import, err)
	}

	for _, args := range [][]string{
		{"export", "--stream", "jobs", "--out", "x"},
		{"export", "--stream", "events"},
		{"export", "--stream", "events", "--format", "csv", "--out", "x"},
		{"replay", "--by", "fetched"},
	} {
		if _, _, err := parseArgs(t, args...); err == nil {
			t.Errorf("%v parsed", args)
		}
	}
}

func TestReplayFlagCombinations(t *testing.T) {
	for _, tc := range []struct {
		c  replayCmd
		ok bool
	}{
		{replayCmd{}, true},
		{replayCmd{Envelope: true}, true},
		{replayCmd{Reextract: true, Diff: true, Publish: true, Replace: true}, true},
		{replayCmd{Reextract: true, Rules: "dir"}, true},
		{replayCmd{Diff: true}, false},
		{replayCmd{Publish: true}, false},
		{replayCmd{Rules: "dir"}, false},
		{replayCmd{Reextract: true, Envelope: true}, false},
		{replayCmd{Reextract: true, Replace: true}, false},
	} {
		if err := tc.c.check(); (err == nil) != tc.ok {
			t.Errorf("%+v: check() = %v, want ok %v", tc.c, err, tc.ok)
		}
	}
}

func archiveTestGlobals() *globals {
	return &globals{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

func archiveCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// sourceStore makes a data directory holding the sample articles and the events the
// built-in engine finds in them, as `tinkhabar run` would leave it.
func sourceStore(t *testing.T, eng *extract.Engine) string {
	t.Helper()
	dir := t.TempDir()
	emb, err := bus.StartEmbedded(bus.EmbeddedConfig{DataDir: dir}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer emb.Shutdown()
	nc, err := emb.Connect("test")
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := bus.NewJetStream(nc)
	if err != nil {
		t.Fatal(err)
	}
	cfg := bus.DefaultConfig()
	ctx := archiveCtx(t)
	if err := bus.EnsureStreams(ctx, js, &cfg); err != nil {
		t.Fatal(err)
	}
	arts, err := bench.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	pub := bus.NewPublisher(js)
	evp := archive.NewEventPublisher(ctx, pub, cfg, func() time.Time { return time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC) })
	for i := range arts {
		a := &arts[i]
		if err := bus.PrepareArticle(a); err != nil {
			t.Fatal(err)
		}
		m, err := cfg.Subjects().ArticleMsg(a)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pub.Publish(ctx, m, a.ID); err != nil {
			t.Fatal(err)
		}
		evs, err := eng.Extract(a)
		if err != nil {
			t.Fatal(err)
		}
		for j := range evs {
			if err := evp.Add(&evs[j]); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := evp.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func sortedOutputLines(b []byte) []string {
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	slices.Sort(lines)
	return lines
}

// TestArchiveCommands runs export, import and replay as a researcher would, on data
// directories (--data).
func TestArchiveCommands(t *testing.T) {
	eng, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	src := sourceStore(t, eng)
	g := archiveTestGlobals()
	ctx := archiveCtx(t)
	out := t.TempDir()

	exportTo := func(name, stream, format string, zstd bool) []byte {
		t.Helper()
		c := exportCmd{Stream: stream, Format: format, Zstd: zstd, Out: filepath.Join(out, name)}
		c.Data, c.By = src, "published"
		var stderr bytes.Buffer
		if err := c.run(ctx, g, io.Discard, &stderr, false); err != nil {
			t.Fatalf("export %s: %v", name, err)
		}
		if !strings.HasPrefix(stderr.String(), "export: ") || strings.Count(stderr.String(), "\n") != 1 {
			t.Errorf("export %s: stderr %q, want one summary line", name, stderr.String())
		}
		b, err := os.ReadFile(c.Out)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, tc := range []struct {
		stream, format string
		zstd           bool
	}{{"articles", "jsonl", true}, {"events", "parquet", false}, {"events", "jsonl", false}} {
		a := exportTo("a-"+tc.stream+"."+tc.format, tc.stream, tc.format, tc.zstd)
		b := exportTo("b-"+tc.stream+"."+tc.format, tc.stream, tc.format, tc.zstd)
		if !bytes.Equal(a, b) {
			t.Errorf("two exports of %s as %s differ", tc.stream, tc.format)
		}
	}
	if entries, _ := os.ReadDir(out); len(entries) != 6 {
		t.Errorf("%d files in the output directory, want the 6 exports and no temporary file", len(entries))
	}

	// Import into a fresh data directory, twice.
	dst := filepath.Join(t.TempDir(), "fresh")
	var summaries []string
	for range 2 {
		c := importCmd{File: filepath.Join(out, "a-articles.jsonl")}
		c.Data = dst
		var stderr bytes.Buffer
		if err := c.run(ctx, g, nil, &stderr, false); err != nil {
			t.Fatalf("import: %v\n%s", err, stderr.String())
		}
		summaries = append(summaries, stderr.String())
	}
	if !strings.Contains(summaries[0], "80 stored, 0 already") || !strings.Contains(summaries[1], "0 stored, 80 already") {
		t.Errorf("import summaries:\n%s", strings.Join(summaries, ""))
	}

	replay := func(c replayCmd, dir string) ([]byte, string) {
		t.Helper()
		c.Data, c.By = dir, "published"
		var stdout, stderr bytes.Buffer
		if err := c.run(ctx, g, &stdout, &stderr, false); err != nil {
			t.Fatalf("replay %+v: %v\n%s", c, err, stderr.String())
		}
		return stdout.Bytes(), stderr.String()
	}
	stored, _ := replay(replayCmd{}, src)
	fresh, summary := replay(replayCmd{Reextract: true}, dst)
	if diff := cmp.Diff(sortedOutputLines(stored), sortedOutputLines(fresh)); diff != "" {
		t.Errorf("events re-extracted from the imported archive differ from the source's (-source +re-extracted):\n%s", diff)
	}
	if !strings.Contains(summary, "re-extract: 80 articles") {
		t.Errorf("re-extract summary %q", summary)
	}
	var ev news.Event
	if err := json.Unmarshal(bytes.SplitN(fresh, []byte("\n"), 2)[0], &ev); err != nil || ev.ID == "" {
		t.Errorf("replay output is not event data: %v %+v", err, ev)
	}
	envelopes, _ := replay(replayCmd{Envelope: true}, src)
	events, err := os.ReadFile(filepath.Join(out, "a-events.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(envelopes, events) {
		t.Error("replay --envelope differs from the JSON Lines events export")
	}

	// A diff against the archive: none with the same rules, some with changed ones.
	none, summary := replay(replayCmd{Reextract: true, Diff: true}, src)
	if len(none) != 0 || !strings.Contains(summary, "unchanged") {
		t.Errorf("diff with the same engine: %q\n%s", none, summary)
	}
	rules := t.TempDir()
	vi, err := os.ReadFile(filepath.Join("..", "..", "pkg", "extract", "rules", "vi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(vi), "at_least:\n  - hơn\n", "at_least:\n", 1)
	if changed == string(vi) {
		t.Fatal("vi.yaml has no at_least: hơn rule to change")
	}
	if err := os.WriteFile(filepath.Join(rules, "vi.yaml"), []byte(changed), 0o600); err != nil {
		t.Fatal(err)
	}
	diffs, summary := replay(replayCmd{Reextract: true, Diff: true, Rules: rules}, src)
	lines := strings.Split(strings.TrimSpace(string(diffs)), "\n")
	changedEvents := 0
	for _, l := range lines {
		var d archive.Difference
		if err := json.Unmarshal([]byte(l), &d); err != nil || d.Change == "" || d.Lang != "vi" {
			t.Errorf("difference line %q: %v", l, err)
		}
		if d.Change == archive.Changed {
			changedEvents++
		}
	}
	if len(lines) == 0 || !strings.Contains(summary, "project_count") {
		t.Errorf("diff with a changed rule: %d lines\n%s", len(lines), summary)
	}

	// Publishing the new version with --replace leaves nothing to differ.
	_, summary = replay(replayCmd{Reextract: true, Publish: true, Replace: true, Rules: rules}, src)
	if want := "replace: " + strconv.Itoa(changedEvents) + " stored events replaced"; !strings.Contains(summary, want) {
		t.Errorf("publish --replace summary lacks %q:\n%s", want, summary)
	}
	after, summary := replay(replayCmd{Reextract: true, Diff: true, Rules: rules}, src)
	if len(after) != 0 {
		t.Errorf("differences left after publish --replace:\n%s\n%s", after, summary)
	}
}

func TestImportCommandReportsBadLines(t *testing.T) {
	arts, err := bench.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, a := range arts[:3] {
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, string(b))
	}
	file := filepath.Join(t.TempDir(), "bad.jsonl")
	content := lines[0] + "\n{not json\n" + lines[1] + "\n" + lines[2][:40]
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	c := importCmd{File: file}
	c.Data = t.TempDir()
	var stderr bytes.Buffer
	err = c.run(archiveCtx(t), archiveTestGlobals(), nil, &stderr, false)
	if err == nil || !strings.Contains(err.Error(), "2 of 4 lines") {
		t.Errorf("err = %v, want 2 of 4 lines not imported", err)
	}
	for _, want := range []string{file + ":2: not an article", file + ":4: truncated last line", "2 stored"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
}

func TestProgressOnlyOnATerminal(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, false, "x", "events")
	p.Start(10)
	p.Add(5)
	p.done()
	if buf.Len() != 0 {
		t.Errorf("a progress bar off a terminal wrote %q", buf.String())
	}
	p = newProgress(&buf, true, "replay", "events")
	p.Start(10)
	p.Add(10)
	p.done()
	if !strings.Contains(buf.String(), "replay") {
		t.Errorf("the progress bar on a terminal wrote %q", buf.String())
	}
}
