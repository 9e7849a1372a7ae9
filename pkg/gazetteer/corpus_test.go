package gazetteer

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// corpusArticle is a line of testdata/articles.jsonl, a copy of corpus/articles.jsonl.
type corpusArticle struct {
	ID     string `json:"id"`
	Lang   string `json:"lang"`
	Text   string `json:"text"`
	Events []struct {
		Type      string   `json:"type"`
		Location  string   `json:"location"`
		CurrentID string   `json:"current_id"`
		Parties   []string `json:"parties"`
	} `json:"events"`
}

func readCorpus(t testing.TB) []corpusArticle {
	t.Helper()
	out, err := readArticles("testdata/articles.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// readArticles reads a gold corpus file (spec/corpus.md).
func readArticles(path string) ([]corpusArticle, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []corpusArticle
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var a corpusArticle
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out = append(out, a)
	}
	return out, sc.Err()
}

// TestCorpusLocations: every location of every gold event (visits, project counts) is among
// the locations Find sees in the article's text, by id or current_id; every party that has an
// id of spec/events.md (a location, org/…, a ministry) is among the ids of what Find sees.
func TestCorpusLocations(t *testing.T) {
	articles := readCorpus(t)
	if len(articles) != 80 {
		t.Fatalf("read %d articles, want 80", len(articles))
	}
	if n := checkGold(t, testGazetteer(t), articles); n < 100 {
		t.Errorf("checked %d gold locations and parties, want the corpus's 100 or more", n)
	}
}

// TestSeedLocations does the same over the two real articles, read from ../shared beside the
// repository (they are not copied into it).
func TestSeedLocations(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "corpus", "seeds.jsonl")
	articles, err := readArticles(path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s is absent", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	if n := checkGold(t, testGazetteer(t), articles); n == 0 {
		t.Errorf("%s: no gold location or party to check", path)
	}
}

// checkGold checks the gold locations and parties of articles and returns how many it checked.
func checkGold(t *testing.T, g *Gazetteer, articles []corpusArticle) int {
	t.Helper()
	n := 0
	for _, a := range articles {
		tx := normalize(a.Lang, a.Text)
		seen := map[string]bool{}
		for _, m := range g.Find(a.Lang, tx) {
			e := m.Entry
			if e.Location != nil {
				seen[e.Location.ID] = true
				seen[e.Location.CurrentID] = true
			}
			if e.Org != nil {
				seen[e.Org.ID] = true
			}
		}
		for _, e := range a.Events {
			if e.Location != "" {
				n++
				if !seen[e.Location] && !(e.CurrentID != "" && seen[e.CurrentID]) {
					t.Errorf("%s: %s location %s (current %q) not found; found %v", a.ID, e.Type, e.Location, e.CurrentID, keys(seen))
				}
			}
			for _, p := range e.Parties {
				if strings.HasPrefix(p, "name:") {
					continue // organisations the data need not know
				}
				n++
				if !seen[p] {
					t.Errorf("%s: party %s not found; found %v", a.ID, p, keys(seen))
				}
			}
		}
	}
	return n
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		if k != "" {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}
