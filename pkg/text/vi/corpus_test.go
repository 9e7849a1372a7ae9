package vi

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tinkhabar/tinkhabar/pkg/text"
)

// article is a line of testdata/corpus-vi.jsonl: the Vietnamese lines of the development
// corpus (shared/corpus/articles.jsonl, synthetic articles), with the fields these tests use.
type article struct {
	ID        string    `json:"id"`
	Published time.Time `json:"published"`
	Text      string    `json:"text"`
	Events    []struct {
		Type       string `json:"type"`
		Count      *int   `json:"count"`
		Date       string `json:"date"`
		Investment *struct {
			Amount   float64 `json:"amount"`
			Currency string  `json:"currency"`
			Text     string  `json:"text"`
		} `json:"investment"`
	} `json:"events"`
}

func loadCorpus(t testing.TB) []article {
	t.Helper()
	f, err := os.Open("testdata/corpus-vi.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []article
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var a article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("corpus line %d: %v", len(out)+1, err)
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

// dateKey writes a date at its precision, like the gold corpus.
func dateKey(d text.Date) string {
	switch d.Precision {
	case "year":
		return fmt.Sprintf("%04d", d.Year)
	case "month":
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// TestCorpusGold checks every vi article of the development corpus: each gold count is among
// Numbers, each gold date among Dates at its precision, each investment among Money; and every
// span the pack returns is in order, inside Norm, and maps inside Orig.
func TestCorpusGold(t *testing.T) {
	p := New()
	var counts, dates, money int
	for _, a := range loadCorpus(t) {
		tx := p.Normalize(a.Text)
		nums := p.Numbers(tx)
		ds := p.Dates(tx, a.Published)
		ms := p.Money(tx)
		checkSpans(t, a.ID, tx, p)
		for _, e := range a.Events {
			if e.Type == "project_count" || e.Type == "agreement" && e.Count != nil {
				counts++
				found := false
				for _, n := range nums {
					found = found || !n.Ordinal && n.Value == float64(*e.Count)
				}
				if !found {
					t.Errorf("%s: count %d not among numbers", a.ID, *e.Count)
				}
			}
			if e.Date != "" {
				dates++
				found := false
				for _, d := range ds {
					found = found || dateKey(d) == e.Date
				}
				if !found {
					t.Errorf("%s: date %s not among dates %v", a.ID, e.Date, keys(ds))
				}
			}
			if e.Investment != nil {
				money++
				found := false
				for _, m := range ms {
					found = found || m.Amount == e.Investment.Amount && m.Currency == e.Investment.Currency &&
						strings.HasSuffix(e.Investment.Text, tx.Norm[m.Start:m.End])
				}
				if !found {
					t.Errorf("%s: investment %q not among money", a.ID, e.Investment.Text)
				}
			}
		}
		// A period is never a date, and neither is a thousands number.
		for _, d := range ds {
			s := tx.Norm[d.Start:d.End]
			if strings.Contains(s, "2025-2030") || strings.Contains(s, "1.250") {
				t.Errorf("%s: date %q", a.ID, s)
			}
		}
	}
	if counts < 20 || dates < 40 || money < 12 {
		t.Errorf("checked %d counts, %d dates, %d investments: corpus not read right", counts, dates, money)
	}
}

func keys(ds []text.Date) []string {
	var out []string
	for _, d := range ds {
		out = append(out, dateKey(d))
	}
	return out
}

// checkSpans checks every span the pack finds in tx: in order, non-overlapping, non-empty,
// inside Norm, mapping inside Orig; sentences trimmed and covering every non-space byte.
func checkSpans(t testing.TB, name string, tx *text.Text, p *Pack) {
	t.Helper()
	check := func(what string, spans []text.Span) {
		t.Helper()
		prev := 0
		for _, s := range spans {
			if s.Start < prev || s.End <= s.Start || s.End > len(tx.Norm) {
				t.Errorf("%s: %s span %v out of order or range (prev end %d, len %d)", name, what, s, prev, len(tx.Norm))
				return
			}
			prev = s.End
			if a, b := tx.OrigSpan(s); a < 0 || b > len(tx.Orig) || a > b {
				t.Errorf("%s: %s span %v maps to [%d,%d) outside Orig", name, what, s, a, b)
			}
		}
	}
	var spans []text.Span
	sents := p.Sentences(tx)
	check("sentence", sents)
	covered := make([]bool, len(tx.Norm))
	for _, s := range sents {
		if c := tx.Norm[s.Start]; c == ' ' || c == '\n' {
			t.Errorf("%s: sentence %v not trimmed", name, s)
		}
		if c := tx.Norm[s.End-1]; c == ' ' || c == '\n' {
			t.Errorf("%s: sentence %v not trimmed", name, s)
		}
		for i := s.Start; i < s.End; i++ {
			covered[i] = true
		}
	}
	for i, c := range []byte(tx.Norm) {
		if !covered[i] && c != ' ' && c != '\n' {
			t.Errorf("%s: byte %d (%q) in no sentence", name, i, c)
			break
		}
	}
	spans = spans[:0]
	for _, n := range p.Numbers(tx) {
		spans = append(spans, n.Span)
	}
	check("number", spans)
	spans = spans[:0]
	for _, m := range p.Money(tx) {
		spans = append(spans, m.Span)
	}
	check("money", spans)
	spans = spans[:0]
	for _, ref := range []time.Time{{}, time.Date(2025, 12, 31, 20, 0, 0, 0, time.UTC)} {
		for _, d := range p.Dates(tx, ref) {
			spans = append(spans, d.Span)
			if d.Until != nil {
				if d.Until.Start < d.Start || d.Until.End > d.End {
					t.Errorf("%s: Until %v outside date %v", name, d.Until.Span, d.Span)
				}
				check("until", []text.Span{d.Until.Span})
			}
		}
		check("date", spans)
		spans = spans[:0]
	}
}
