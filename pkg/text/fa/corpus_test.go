package fa

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tinkhabar/tinkhabar/pkg/text"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldArticle is a line of the gold corpus (spec/corpus.md), with what these tests use.
type goldArticle struct {
	ID        string    `json:"id"`
	Lang      string    `json:"lang"`
	Published time.Time `json:"published"`
	Text      string    `json:"text"`
	Events    []struct {
		Type       string `json:"type"`
		Count      int    `json:"count"`
		Date       string `json:"date"`
		Investment *struct {
			Amount   float64 `json:"amount"`
			Currency string  `json:"currency"`
			Text     string  `json:"text"`
		} `json:"investment"`
	} `json:"events"`
}

// corpus reads testdata/articles_fa.jsonl, the Persian lines of the gold development corpus.
func corpus(t testing.TB) []goldArticle {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "articles_fa.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []goldArticle
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var a goldArticle
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("parsing corpus line %d: %v", len(out)+1, err)
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) != 40 {
		t.Fatalf("corpus has %d articles, want 40", len(out))
	}
	return out
}

// TestCorpusGold checks the pack against what the gold annotations need: every project and
// agreement count is among the article's Numbers, every investment among its Money, and every
// event date of day precision among its Dates.
func TestCorpusGold(t *testing.T) {
	p := New()
	for _, a := range corpus(t) {
		t.Run(a.ID, func(t *testing.T) {
			tx := p.Normalize(a.Text)
			nums := p.Numbers(tx)
			money := p.Money(tx)
			dates := p.Dates(tx, a.Published)
			for _, e := range a.Events {
				if e.Count != 0 && !hasNumber(nums, float64(e.Count)) {
					t.Errorf("%s count %d is not among the numbers", e.Type, e.Count)
				}
				if inv := e.Investment; inv != nil {
					found := false
					for _, m := range money {
						if m.Amount == inv.Amount && m.Currency == inv.Currency && tx.OrigText(m.Span) == inv.Text {
							found = true
						}
					}
					if !found {
						t.Errorf("investment %q (%v %s) is not among the money amounts", inv.Text, inv.Amount, inv.Currency)
					}
				}
				if len(e.Date) == len("2006-01-02") && !hasDate(dates, e.Date) {
					t.Errorf("%s date %s is not among the dates %v", e.Type, e.Date, dateStrings(tx, dates))
				}
			}
		})
	}
}

func hasNumber(ns []text.Number, v float64) bool {
	for _, n := range ns {
		if n.Value == v && !n.Ordinal {
			return true
		}
	}
	return false
}

func hasDate(ds []text.Date, iso string) bool {
	for _, d := range ds {
		if d.Precision == precDay && d.Time().Format(time.DateOnly) == iso {
			return true
		}
	}
	return false
}

func dateStrings(tx *text.Text, ds []text.Date) []string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%s=%s", tx.OrigText(d.Span), d.Time().Format(time.DateOnly)))
	}
	return out
}

// TestCorpusSpans checks every span the pack returns on the corpus: inside Norm, in order and
// non-overlapping, trimmed, and mapping back to Orig bytes that normalise to the span's text.
func TestCorpusSpans(t *testing.T) {
	p := New()
	for _, a := range corpus(t) {
		tx := p.Normalize(a.Text)
		checkText(t, tx)
		checkSpans(t, a.ID+" sentences", tx, spans(p.Sentences(tx), func(s text.Span) text.Span { return s }))
		checkSpans(t, a.ID+" numbers", tx, spans(p.Numbers(tx), func(n text.Number) text.Span { return n.Span }))
		checkSpans(t, a.ID+" money", tx, spans(p.Money(tx), func(m text.Money) text.Span { return m.Span }))
		checkSpans(t, a.ID+" dates", tx, spans(p.Dates(tx, a.Published), func(d text.Date) text.Span { return d.Span }))
		sents := p.Sentences(tx)
		covered := 0
		for _, s := range sents {
			covered += len(strings.Join(strings.Fields(tx.Norm[s.Start:s.End]), ""))
		}
		if all := len(strings.Join(strings.Fields(tx.Norm), "")); covered != all {
			t.Errorf("%s: sentences cover %d non-space bytes of %d", a.ID, covered, all)
		}
	}
}

func spans[T any](xs []T, span func(T) text.Span) []text.Span {
	out := make([]text.Span, len(xs))
	for i, x := range xs {
		out[i] = span(x)
	}
	return out
}

// checkSpans checks that spans lie inside Norm, in order, without overlap, start and end on
// rune boundaries and not on white space, and map back to original text that normalises to the
// same string.
func checkSpans(t *testing.T, what string, tx *text.Text, ss []text.Span) {
	t.Helper()
	prevEnd := 0
	for _, s := range ss {
		if s.Start < prevEnd || s.End <= s.Start || s.End > len(tx.Norm) {
			t.Errorf("%s: span %v after %d in Norm of length %d", what, s, prevEnd, len(tx.Norm))
			return
		}
		prevEnd = s.End
		norm := tx.Norm[s.Start:s.End]
		if !strings.HasPrefix(tx.Norm[s.Start:], norm) || strings.TrimSpace(norm) != norm {
			t.Errorf("%s: span %v is %q, not trimmed", what, s, norm)
		}
		a, b := tx.OrigSpan(s)
		if a < 0 || b > len(tx.Orig) || a >= b {
			t.Errorf("%s: span %v maps to [%d,%d) of Orig (len %d)", what, s, a, b, len(tx.Orig))
			continue
		}
		if got := Normalize(tx.Orig[a:b]).Norm; got != norm {
			t.Errorf("%s: span %q maps back to %q, which normalises to %q", what, norm, tx.Orig[a:b], got)
		}
	}
}

// TestAnalyzeAgrees: Analyze gives what the four calls give, on every article.
func TestAnalyzeAgrees(t *testing.T) {
	p := New()
	for _, a := range corpus(t) {
		tx := p.Normalize(a.Text)
		want := Analysis{Sentences: p.Sentences(tx), Numbers: p.Numbers(tx), Money: p.Money(tx), Dates: p.Dates(tx, a.Published)}
		if diff := cmp.Diff(want, p.Analyze(tx, a.Published)); diff != "" {
			t.Errorf("%s: Analyze differs from the separate calls (-calls +Analyze):\n%s", a.ID, diff)
		}
	}
}

// TestCorpusGolden records what the pack finds in every article of the corpus, with the
// original text of each span, in testdata/corpus.golden.json (go test -update rewrites it).
func TestCorpusGolden(t *testing.T) {
	type item struct {
		Text  string `json:"text"`
		Value string `json:"value"`
	}
	type article struct {
		ID        string   `json:"id"`
		Sentences int      `json:"sentences"`
		Numbers   []item   `json:"numbers"`
		Money     []item   `json:"money"`
		Dates     []item   `json:"dates"`
		Tenses    []string `json:"tenses"`
	}
	p := New()
	var got []article
	for _, a := range corpus(t) {
		tx := p.Normalize(a.Text)
		out := article{ID: a.ID}
		sents := p.Sentences(tx)
		out.Sentences = len(sents)
		for _, s := range sents {
			out.Tenses = append(out.Tenses, TenseOf(tx.Norm[s.Start:s.End]).String())
		}
		for _, n := range p.Numbers(tx) {
			v := fmt.Sprint(n.Value)
			if n.Ordinal {
				v += " ordinal"
			}
			out.Numbers = append(out.Numbers, item{tx.OrigText(n.Span), v})
		}
		for _, m := range p.Money(tx) {
			out.Money = append(out.Money, item{tx.OrigText(m.Span), fmt.Sprintf("%.0f %s", m.Amount, m.Currency)})
		}
		for _, d := range p.Dates(tx, a.Published) {
			out.Dates = append(out.Dates, item{tx.OrigText(d.Span), describeDate(d)})
		}
		got = append(got, out)
	}
	data, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, '\n')
	path := filepath.Join("testdata", "corpus.golden.json")
	if *update {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run go test -update to create it): %v", err)
	}
	if diff := cmp.Diff(string(want), string(data)); diff != "" {
		t.Errorf("corpus output differs from %s (-want +got):\n%s", path, diff)
	}
}

// describeDate is a compact form of a Date for tables and golden files:
// "2025-12-01 day persian", with " relative", " weekday" and " until …" when set.
func describeDate(d text.Date) string {
	s := fmt.Sprintf("%04d-%02d-%02d %s %s", d.Year, d.Month, d.Day, d.Precision, d.Calendar)
	if d.Relative {
		s += " relative"
	}
	if d.WeekdayOnly {
		s += " weekday"
	}
	if d.Until != nil {
		s += " until " + describeDate(*d.Until)
	}
	return s
}

// TestSeeds runs the pack on the two real articles kept in the shared folder beside the
// repository (they may not be copied into it); it skips when they are absent.
func TestSeeds(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "..", "shared", "seeds")
	path := filepath.Join(dir, "000_d81b8fb31a02914e.txt")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("seed article not available: %v", err)
	}
	p := New()
	tx := p.Normalize(string(data))
	checkText(t, tx)
	// The seed has no ZWNJ at all; the ZWNJ spellings must still be found in it.
	for _, w := range []string{"پروژه\u200cهای", "می\u200cشود", "شبکه\u200cهای", "شهرستان\u200cهای", "بهره\u200cبرداری"} {
		if !strings.Contains(tx.Fold, Canonical(w)) {
			t.Errorf("Canonical(%q) = %q not found in the seed", w, Canonical(w))
		}
	}
	if !hasNumber(p.Numbers(tx), 347) {
		t.Error("347 is not among the seed's numbers")
	}
	ref := time.Date(2025, 11, 29, 8, 0, 0, 0, time.UTC)
	found := false
	for _, d := range p.Dates(tx, ref) {
		if d.Precision == precDay && d.Time().Format(time.DateOnly) == "2025-12-01" && strings.Contains(tx.OrigText(d.Span), "دوشنبه ۱۰ آذرماه ۱۴۰۴") {
			found = true
		}
	}
	if !found {
		t.Errorf("«دوشنبه ۱۰ آذرماه ۱۴۰۴» = 2025-12-01 not among the seed's dates %v", dateStrings(tx, p.Dates(tx, ref)))
	}
	checkSpans(t, "seed sentences", tx, p.Sentences(tx))
}
