// Package bench measures, in one run on this machine, the JetStream publish ceiling for
// articles and the end-to-end throughput of the extractor stage through an embedded bus,
// and supplies the sample articles both use (and the stage's tests).
package bench

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// corpus is a copy of the development corpus (shared/corpus/articles.jsonl): 80 synthetic
// Persian and Vietnamese articles written for the project, with their gold events.
//
//go:embed articles.jsonl
var corpus []byte

// Corpus returns the sample articles (the gold events and notes are left out). Each call
// returns fresh copies.
func Corpus() ([]news.Article, error) {
	var out []news.Article
	sc := bufio.NewScanner(bytes.NewReader(corpus))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for line := 1; sc.Scan(); line++ {
		var a news.Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, fmt.Errorf("sample corpus line %d: %w", line, err)
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading the sample corpus: %w", err)
	}
	return out, nil
}

// Variants returns n articles made from base in turn, each a distinct article: variant i
// has base[i%len(base)]'s content, the URL with "?v=<i>" appended, and the id derived from
// that URL (news.ArticleID). The same base and n always give the same articles.
func Variants(base []news.Article, n int) []news.Article {
	out := make([]news.Article, n)
	for i := range out {
		out[i] = variant(base, i)
	}
	return out
}

// variant is article i of Variants(base, n) for any n > i.
func variant(base []news.Article, i int) news.Article {
	a := base[i%len(base)]
	a.URL = a.URL + "?v=" + strconv.Itoa(i)
	a.CanonicalURL = ""
	a.ID = news.ArticleID(a.URL)
	a.Authors = append([]string(nil), a.Authors...)
	return a
}

// Articles returns n variants of the sample corpus (see Variants).
func Articles(n int) ([]news.Article, error) {
	base, err := Corpus()
	if err != nil {
		return nil, err
	}
	return Variants(base, n), nil
}
