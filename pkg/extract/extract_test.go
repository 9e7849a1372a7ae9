package extract_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/tinkhabar/tinkhabar/pkg/extract"
	"github.com/tinkhabar/tinkhabar/pkg/gold"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

var (
	engineOnce sync.Once
	engine     *extract.Engine
	engineErr  error
)

func newEngine(t testing.TB) *extract.Engine {
	t.Helper()
	engineOnce.Do(func() { engine, engineErr = extract.New() })
	if engineErr != nil {
		t.Fatalf("extract.New: %v", engineErr)
	}
	return engine
}

// corpusPath is the development corpus copied into the repository.
const corpusPath = "../../testdata/corpus/articles.jsonl"

func readGold(t testing.TB, path string) []gold.Article {
	t.Helper()
	arts, err := gold.ReadFile(path)
	if err != nil {
		t.Fatalf("reading %s: %v", path, err)
	}
	return arts
}

// TestEvidencePointsAtOriginalBytes checks the contract of Evidence: Text is exactly
// Article.Text[Start:End], on valid UTF-8 boundaries, for every event of the corpus.
func TestEvidencePointsAtOriginalBytes(t *testing.T) {
	e := newEngine(t)
	n := 0
	for _, g := range readGold(t, corpusPath) {
		a := g.NewsArticle()
		evs, err := e.Extract(&a)
		if err != nil {
			t.Fatalf("%s: %v", a.ID, err)
		}
		for _, ev := range evs {
			n++
			ev := ev
			if ev.Evidence.Start < 0 || ev.Evidence.End > len(a.Text) || ev.Evidence.Start >= ev.Evidence.End {
				t.Fatalf("%s %s: evidence [%d,%d) outside text of %d bytes", a.ID, ev.ID, ev.Evidence.Start, ev.Evidence.End, len(a.Text))
			}
			if got := a.Text[ev.Evidence.Start:ev.Evidence.End]; got != ev.Evidence.Text {
				t.Errorf("%s %s: evidence text %q != text[%d:%d] %q", a.ID, ev.ID, ev.Evidence.Text, ev.Evidence.Start, ev.Evidence.End, got)
			}
			if !utf8.ValidString(ev.Evidence.Text) {
				t.Errorf("%s %s: evidence cut inside a character", a.ID, ev.ID)
			}
			if ev.ID != news.EventID(a.ID, ev.Type, ev.Key()) {
				t.Errorf("%s: id %s is not the contract's id for %s/%s", a.ID, ev.ID, ev.Type, ev.Key())
			}
			if ev.Extractor.Version != e.Version() || ev.Article.ID != a.ID {
				t.Errorf("%s %s: extractor %q article %q", a.ID, ev.ID, ev.Extractor.Version, ev.Article.ID)
			}
		}
	}
	if n == 0 {
		t.Fatal("the corpus gave no events at all")
	}
}

// TestDeterministic: the same article gives byte-identical events, also when extracted
// concurrently, and ids do not repeat inside an article.
func TestDeterministic(t *testing.T) {
	e := newEngine(t)
	arts := readGold(t, corpusPath)
	encode := func() [][]byte {
		out := make([][]byte, len(arts))
		var wg sync.WaitGroup
		for i := range arts {
			wg.Go(func() {
				a := arts[i].NewsArticle()
				evs, err := e.Extract(&a)
				if err != nil {
					t.Errorf("%s: %v", a.ID, err)
					return
				}
				ids := map[string]bool{}
				for _, ev := range evs {
					if ids[ev.ID] {
						t.Errorf("%s: event id %s twice", a.ID, ev.ID)
					}
					ids[ev.ID] = true
				}
				b, _ := json.Marshal(evs)
				out[i] = b
			})
		}
		wg.Wait()
		return out
	}
	first, second := encode(), encode()
	for i := range first {
		if !bytes.Equal(first[i], second[i]) {
			t.Errorf("%s: two extractions differ:\n%s\n%s", arts[i].ID, first[i], second[i])
		}
	}
}

// TestSpellingVariantsGiveSameEvents: an article in NFD or with old-style tone marks gives
// the events of its NFC, new-style twin: the same keys and arguments (text-like fields are
// copied as written, so they differ, and so do offsets).
func TestSpellingVariantsGiveSameEvents(t *testing.T) {
	e := newEngine(t)
	pub := time.Date(2025, 10, 23, 8, 0, 0, 0, time.UTC)
	base := news.Article{ID: "v1", Lang: "vi", Source: "test", Published: &pub,
		Text: "Sáng 23-10, UBND tỉnh Gia Lai và Tập đoàn VNPT đã ký kết thỏa thuận hợp tác chiến lược về chuyển đổi số giai đoạn 2025-2030."}
	want := keyArgs(t, e, base)
	if want == "" {
		t.Fatal("no event from the NFC article")
	}
	old := base
	old.Text = strings.ReplaceAll(base.Text, "thỏa", "thoả")
	nfd := base
	nfd.Text = norm.NFD.String(base.Text)
	for name, a := range map[string]news.Article{"old-style tone marks": old, "NFD": nfd} {
		if got := keyArgs(t, e, a); got != want {
			t.Errorf("%s: %s, want %s", name, got, want)
		}
	}
	fa1 := news.Article{ID: "f1", Lang: "fa", Source: "test", Published: &pub,
		Text: "وزیر ارتباطات امروز در سفر به کرمان ۴۵ پروژه ارتباطی را افتتاح کرد و تفاهم‌نامه همکاری با استانداری کرمان امضا شد."}
	want = keyArgs(t, e, fa1)
	if want == "" {
		t.Fatal("no event from the Persian article")
	}
	for name, txt := range map[string]string{
		"no ZWNJ":             strings.ReplaceAll(fa1.Text, "\u200c", ""),
		"space for ZWNJ":      strings.ReplaceAll(fa1.Text, "\u200c", " "),
		"Arabic yeh, kaf":     strings.NewReplacer("ی", "ي", "ک", "ك").Replace(fa1.Text),
		"Arabic-Indic digits": strings.NewReplacer("۴", "٤", "۵", "٥").Replace(fa1.Text),
	} {
		a := fa1
		a.Text = txt
		if got := keyArgs(t, e, a); got != want {
			t.Errorf("%s: %s, want %s", name, got, want)
		}
	}
}

// keyArgs renders the keys and scored arguments of an article's events.
func keyArgs(t *testing.T, e *extract.Engine, a news.Article) string {
	t.Helper()
	evs, err := e.Extract(&a)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, ev := range evs {
		g := gold.FromEvent(ev)
		fmt.Fprintf(&b, "%s|%s|%s|%s|%s|%s|%s|%v|%v;", g.Type, ev.Key(), g.Date, g.Status, g.VisitorRole, g.Qualifier, g.AgreementKind, g.Parties, g.Period)
	}
	return b.String()
}

func TestInvalidArticle(t *testing.T) {
	e := newEngine(t)
	for _, a := range []news.Article{
		{ID: "x", Lang: "en", Text: "hello"},
		{ID: "x", Lang: "fa", Text: ""},
	} {
		if _, err := e.Extract(&a); !errors.Is(err, news.ErrInvalidArticle) {
			t.Errorf("lang %q text %q: err %v, want ErrInvalidArticle", a.Lang, a.Text, err)
		}
	}
}

// loadTexts returns the corpus texts, for fuzz seeds and benchmarks.
func loadTexts(tb testing.TB) []news.Article {
	f, err := os.Open(filepath.FromSlash(corpusPath))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []news.Article
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var a news.Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			tb.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

func FuzzExtract(f *testing.F) {
	// Seeds: the first paragraph of each corpus article (whole articles make the mutator slow).
	for _, a := range loadTexts(f) {
		p, _, _ := strings.Cut(a.Text, "\n\n")
		f.Add(a.Lang == "fa", p)
	}
	f.Add(true, "وزیر ارتباطات ۱۰ آذر به کرمان سفر می‌کند")
	f.Add(false, "Ngày 23-10, Bộ trưởng thăm Gia Lai")
	e := newEngine(f)
	pub := time.Date(2025, 11, 30, 8, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, persian bool, body string) {
		if !utf8.ValidString(body) || body == "" {
			return
		}
		a := news.Article{ID: "fz", Lang: "vi", Source: "fuzz", Text: body, Published: &pub}
		if persian {
			a.Lang = "fa"
		}
		evs, err := e.Extract(&a)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := e.Extract(&a)
		b1, _ := json.Marshal(evs)
		b2, _ := json.Marshal(again)
		if !bytes.Equal(b1, b2) {
			t.Fatalf("not deterministic")
		}
		for _, ev := range evs {
			if ev.Evidence.Start < 0 || ev.Evidence.End > len(body) || body[ev.Evidence.Start:ev.Evidence.End] != ev.Evidence.Text {
				t.Fatalf("evidence [%d,%d) %q does not point into the text", ev.Evidence.Start, ev.Evidence.End, ev.Evidence.Text)
			}
		}
	})
}

// BenchmarkExtract measures the engine on articles of 3–5 KB: corpus articles of one language
// joined three at a time (the corpus articles alone are 1–2 KB).
func BenchmarkExtract(b *testing.B) {
	e := newEngine(b)
	for _, lang := range []string{"fa", "vi"} {
		var same []news.Article
		for _, a := range loadTexts(b) {
			if a.Lang == lang {
				same = append(same, a)
			}
		}
		var arts []news.Article
		size := 0
		for i := 0; i+2 < len(same); i += 3 {
			a := same[i]
			a.Text = same[i].Text + "\n\n" + same[i+1].Text + "\n\n" + same[i+2].Text
			arts = append(arts, a)
			size += len(a.Text)
		}
		b.Run(lang, func(b *testing.B) {
			b.SetBytes(int64(size / len(arts)))
			b.ReportAllocs()
			i := 0
			c0 := cpuTime()
			for b.Loop() {
				a := arts[i%len(arts)]
				if _, err := e.Extract(&a); err != nil {
					b.Fatal(err)
				}
				i++
			}
			// CPU time per article, which unlike ns/op does not grow when other processes
			// share the machine.
			b.ReportMetric(float64((cpuTime()-c0).Nanoseconds())/float64(b.N), "cpu-ns/op")
		})
	}
}

// cpuTime is the CPU time this process has used (user and system).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
