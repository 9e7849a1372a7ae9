package extract_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tinkhabar/tinkhabar/pkg/news"
)

func TestExplain(t *testing.T) {
	e := newEngine(t)
	pub := time.Date(2025, 11, 25, 8, 0, 0, 0, time.UTC)
	a := news.Article{ID: "x", Lang: "fa", Source: "test", Published: &pub,
		Text: "وزیر ارتباطات امروز در سفر به یزد ۱۲ پروژه را افتتاح کرد."}
	var b strings.Builder
	if err := e.Explain(&a, &b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"published 2025-11-25 local", "cue   visit", "name  place ir/yazd", "name  role minister", "date  2025-11-25", "num   12", "2 events"} {
		if !strings.Contains(out, want) {
			t.Errorf("explanation lacks %q:\n%s", want, out)
		}
	}
	bad := news.Article{ID: "x", Lang: "en", Text: "hi"}
	if err := e.Explain(&bad, &b); !errors.Is(err, news.ErrInvalidArticle) {
		t.Errorf("bad article: %v", err)
	}
}
