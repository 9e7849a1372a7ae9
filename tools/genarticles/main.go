// Command genarticles writes a large JSON Lines article input for throughput measurements
// (tinkhabar extract). It cycles through the articles of a corpus and gives each copy a
// unique id and URL, a new paragraph order (the first paragraph stays first) and paragraphs of
// other articles of its language until the text is between -min and -max bytes. The same
// flags always give the same bytes.
//
//	go run ./tools/genarticles -n 100000 -seed 1 > big.jsonl
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"
)

func main() {
	var (
		n      = flag.Int("n", 1000, "number of articles to write")
		seed   = flag.Uint64("seed", 1, "seed of the variations")
		corpus = flag.String("corpus", "testdata/corpus/articles.jsonl", "corpus to cycle through (JSON Lines articles)")
		minLen = flag.Int("min", 3000, "smallest text, in bytes")
		maxLen = flag.Int("max", 5000, "largest text, in bytes")
	)
	flag.Parse()
	if err := run(*corpus, *n, *seed, *minLen, *maxLen, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "genarticles:", err)
		os.Exit(1)
	}
}

func run(corpus string, n int, seed uint64, minLen, maxLen int, w io.Writer) error {
	f, err := os.Open(corpus)
	if err != nil {
		return err
	}
	defer f.Close()
	base, err := readArticles(f)
	if err != nil {
		return fmt.Errorf("reading %s: %w", corpus, err)
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	if err := generate(bw, base, n, seed, minLen, maxLen); err != nil {
		return err
	}
	return bw.Flush()
}

// article is the raw part of a corpus line, in the order the corpus writes it.
type article struct {
	ID        string  `json:"id"`
	Lang      string  `json:"lang"`
	Source    string  `json:"source"`
	URL       string  `json:"url"`
	Published *string `json:"published"`
	Title     string  `json:"title"`
	Text      string  `json:"text"`
}

func readArticles(r io.Reader) ([]article, error) {
	var arts []article
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 64<<20)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var a article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		arts = append(arts, a)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(arts) == 0 {
		return nil, errors.New("no articles")
	}
	return arts, nil
}

// generate writes n variations of the base articles to w.
func generate(w io.Writer, base []article, n int, seed uint64, minLen, maxLen int) error {
	if minLen > maxLen {
		return fmt.Errorf("-min %d is above -max %d", minLen, maxLen)
	}
	pool := map[string][]string{} // paragraphs per language
	for _, a := range base {
		pool[a.Lang] = append(pool[a.Lang], strings.Split(a.Text, "\n\n")...)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for i := range n {
		a := base[i%len(base)]
		// One generator per article: article i is the same whatever n is.
		r := rand.New(rand.NewPCG(seed, uint64(i)))
		paras := strings.Split(a.Text, "\n\n")
		rest := paras[1:]
		r.Shuffle(len(rest), func(x, y int) { rest[x], rest[y] = rest[y], rest[x] })
		size := len(a.Text)
		target := minLen + r.IntN(maxLen-minLen+1)
		for tries := 0; size < target && tries < 50; tries++ {
			p := pool[a.Lang][r.IntN(len(pool[a.Lang]))]
			if size+len("\n\n")+len(p) > maxLen {
				continue
			}
			paras = append(paras, p)
			size += len("\n\n") + len(p)
		}
		a.ID = fmt.Sprintf("gen-%07d", i)
		a.URL = fmt.Sprintf("%s?gen=%d", a.URL, i)
		a.Text = strings.Join(paras, "\n\n")
		if err := enc.Encode(a); err != nil {
			return err
		}
	}
	return nil
}
