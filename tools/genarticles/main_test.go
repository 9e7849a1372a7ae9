package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func TestGenerate(t *testing.T) {
	f, err := os.Open("../../testdata/corpus/articles.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	base, err := readArticles(f)
	if err != nil {
		t.Fatal(err)
	}
	const n = 200
	var a, b, c bytes.Buffer
	if err := generate(&a, base, n, 1, 3000, 5000); err != nil {
		t.Fatal(err)
	}
	if err := generate(&b, base, n, 1, 3000, 5000); err != nil {
		t.Fatal(err)
	}
	if err := generate(&c, base, n, 2, 3000, 5000); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("same seed, different output")
	}
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Error("another seed, same output")
	}

	ids := map[string]bool{}
	urls := map[string]bool{}
	sc := bufio.NewScanner(&a)
	sc.Buffer(nil, 1<<20)
	i := 0
	for ; sc.Scan(); i++ {
		var g article
		if err := json.Unmarshal(sc.Bytes(), &g); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		src := base[i%len(base)]
		if ids[g.ID] || urls[g.URL] {
			t.Errorf("line %d: id %s or url %s repeated", i+1, g.ID, g.URL)
		}
		ids[g.ID], urls[g.URL] = true, true
		if g.Lang != src.Lang || g.Title != src.Title {
			t.Errorf("line %d: lang %s title %q, want those of %s", i+1, g.Lang, g.Title, src.ID)
		}
		if len(g.Text) < 3000 || len(g.Text) > 5000 {
			t.Errorf("line %d: text of %d bytes", i+1, len(g.Text))
		}
		lead, _, _ := strings.Cut(src.Text, "\n\n")
		if !strings.HasPrefix(g.Text, lead+"\n\n") {
			t.Errorf("line %d: does not start with the lead of %s", i+1, src.ID)
		}
		for _, p := range strings.Split(src.Text, "\n\n") {
			if !strings.Contains(g.Text, p) {
				t.Errorf("line %d: lost a paragraph of %s", i+1, src.ID)
			}
		}
	}
	if i != n {
		t.Errorf("%d lines, want %d", i, n)
	}
}
