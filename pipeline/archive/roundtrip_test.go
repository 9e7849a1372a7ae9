package archive_test

import (
	"bytes"
	"cmp"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/tinkhabar/tinkhabar/pipeline/archive"
	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pipeline/extractor"
	"github.com/tinkhabar/tinkhabar/pkg/export"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// runStage runs the extractor stage on the env until it has acked n articles.
func runStage(t *testing.T, e *env, ext archive.Extractor, n int) {
	t.Helper()
	st, err := extractor.New(extractor.DefaultConfig(), extractor.Deps{JS: e.js, Bus: e.bus, Extractor: ext, Logger: testLogger()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- st.Run(ctx) }()
	deadline := time.Now().Add(60 * time.Second)
	for st.Stats().Acked < uint64(n) {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("the extractor stage acked %d of %d articles in 60 s: %+v", st.Stats().Acked, n, st.Stats())
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func byID(evs []news.Event) []news.Event {
	out := slices.Clone(evs)
	slices.SortFunc(out, func(a, b news.Event) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// TestExportImportReextract is the researcher's round trip: the archive of one machine
// (articles, and the events the extractor stage made of them) is exported, imported into a
// fresh data directory on another, and re-extracted there; the events are the same.
func TestExportImportReextract(t *testing.T) {
	src := newEnv(t)
	arts := corpus(t)
	src.publishArticles(arts)
	eng := defaultEngine(t)
	runStage(t, src, eng, len(arts))
	want := src.storedEvents(archive.Filter{})
	if len(want) < 50 {
		t.Fatalf("only %d events from the corpus: the test proves little", len(want))
	}

	file := filepath.Join(t.TempDir(), "articles.jsonl.zst")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	st, err := src.r.ExportArticles(ctxFor(t, 30*time.Second), archive.Filter{}, export.Options{Format: export.JSONL, Zstd: true}, f, archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if st.Matched != len(arts) {
		t.Fatalf("exported %d articles, want %d", st.Matched, len(arts))
	}

	// A fresh data directory, opened the way `--data DIR` opens it.
	emb, err := bus.StartEmbedded(bus.EmbeddedConfig{DataDir: t.TempDir()}, testLogger())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(emb.Shutdown)
	nc, err := emb.Connect("test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := bus.NewJetStream(nc)
	if err != nil {
		t.Fatal(err)
	}
	dst := envOn(t, js)
	im := archive.NewImporter(bus.NewPublisher(js), dst.bus)
	for round, wantStored := range []int{len(arts), 0} {
		in, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		ist, err := im.Import(ctxFor(t, 30*time.Second), in)
		in.Close()
		if err != nil {
			t.Fatalf("import %d: %v", round+1, err)
		}
		if ist.Stored != wantStored || ist.Duplicates != len(arts)-wantStored || !ist.Compressed || len(ist.Bad) != 0 {
			t.Errorf("import %d: %+v, want %d stored and the rest duplicates", round+1, ist, wantStored)
		}
	}
	if n := dst.streamMsgs(dst.bus.Articles.Name); n != uint64(len(arts)) {
		t.Errorf("ARTICLES holds %d messages after two imports, want %d", n, len(arts))
	}

	got := dst.reextract(eng, archive.Filter{}, 0)
	if diff := gocmp.Diff(byID(want), byID(got)); diff != "" {
		t.Errorf("re-extracted events differ from the source's (-source +re-extracted):\n%s", diff)
	}

	// The imported articles are the exported ones, byte for byte.
	var a, b bytes.Buffer
	if _, err := src.r.ExportArticles(ctxFor(t, 30*time.Second), archive.Filter{}, export.Options{Format: export.JSONL}, &a, archive.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := dst.r.ExportArticles(ctxFor(t, 30*time.Second), archive.Filter{}, export.Options{Format: export.JSONL}, &b, archive.Options{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the articles export of the imported archive differs from the source's")
	}
}

// TestReextractOrderAndTypes checks that the output does not depend on the number of
// workers, follows archive order, and keeps only the requested types.
func TestReextractOrderAndTypes(t *testing.T) {
	e := newEnv(t)
	arts := corpus(t)
	e.publishArticles(arts)
	eng := defaultEngine(t)
	want := extractAll(t, eng, arts)
	for _, workers := range []int{1, 3, 8} {
		if diff := gocmp.Diff(want, e.reextract(eng, archive.Filter{}, workers)); diff != "" {
			t.Errorf("%d workers (-want +got):\n%s", workers, diff)
		}
	}
	var counts []news.Event
	for _, ev := range want {
		if ev.Type == news.TypeProjectCount && ev.Lang == news.LangVi {
			counts = append(counts, ev)
		}
	}
	if len(counts) == 0 {
		t.Fatal("no Vietnamese project counts in the corpus")
	}
	got := e.reextract(eng, archive.Filter{Types: []string{news.TypeProjectCount}, Langs: []string{news.LangVi}}, 2)
	if diff := gocmp.Diff(counts, got); diff != "" {
		t.Errorf("project counts (-want +got):\n%s", diff)
	}
}

// panicky panics on one article and refuses another.
type panicky struct {
	archive.Extractor
	panicOn, refuse string
}

func (p panicky) Extract(a *news.Article) ([]news.Event, error) {
	switch a.ID {
	case p.panicOn:
		panic("on purpose")
	case p.refuse:
		return nil, news.ErrInvalidArticle
	}
	return p.Extractor.Extract(a)
}

func TestReextractSurvivesPanicsAndStopsOnError(t *testing.T) {
	e := newEnv(t)
	arts := corpus(t)
	e.publishArticles(arts)
	ext := panicky{Extractor: defaultEngine(t), panicOn: arts[3].ID, refuse: arts[5].ID}
	var failed []string
	st, err := e.r.Reextract(ctxFor(t, 30*time.Second), ext, archive.Filter{}, 2, archive.Options{}, func(x archive.Extracted) error {
		if x.Err != nil {
			failed = append(failed, x.Article.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := gocmp.Diff([]string{arts[3].ID, arts[5].ID}, failed); diff != "" || st.Failed != 2 || st.Articles != len(arts) {
		t.Errorf("failed articles (-want +got):\n%s\nstats %+v", diff, st)
	}

	c, err := e.r.Compare(ctxFor(t, 30*time.Second), ext, archive.Filter{}, 2, archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var refused []string
	for _, x := range c.Refused {
		refused = append(refused, x.Article.ID)
	}
	if diff := gocmp.Diff([]string{arts[3].ID, arts[5].ID}, refused); diff != "" {
		t.Errorf("refused articles of a comparison (-want +got):\n%s", diff)
	}

	stop := context.Canceled
	n := 0
	_, err = e.r.Reextract(ctxFor(t, 30*time.Second), ext, archive.Filter{}, 2, archive.Options{}, func(archive.Extracted) error {
		n++
		if n == 10 {
			return stop
		}
		return nil
	})
	if err != stop || n != 10 {
		t.Errorf("after an error from fn: err %v, %d calls; want the error and 10 calls", err, n)
	}
}
