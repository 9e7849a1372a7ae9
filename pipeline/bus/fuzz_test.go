package bus_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// FuzzPrepareArticle feeds publish's input path (one JSON line from anyone): whatever it
// accepts must become a message on a well-formed subject whose tokens read back, with data
// that decodes to the same article.
func FuzzPrepareArticle(f *testing.F) {
	f.Add([]byte(`{"id":"fa-001","lang":"fa","source":"mehrnews","url":"https://www.mehrnews.com/news/1","text":"متن ۱۲"}`))
	f.Add([]byte(`{"url":"https://x/y?z=1","lang":"vi","text":"Bài viết."}`))
	f.Add([]byte(`{"canonical_url":"https://x/c","lang":"vi","text":"t","source":"a.b"}`))
	f.Add([]byte(`{"id":"a*","lang":"fa","text":"t"}`))
	f.Add([]byte(`{"lang":"fa","text":""}`))
	sub, err := bus.NewSubjects("pre")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		var a news.Article
		if json.Unmarshal(line, &a) != nil {
			return
		}
		if err := bus.PrepareArticle(&a); err != nil {
			if !errors.Is(err, news.ErrInvalidArticle) {
				t.Fatalf("error does not wrap ErrInvalidArticle: %v", err)
			}
			return
		}
		m, err := sub.ArticleMsg(&a)
		if err != nil {
			t.Fatal(err)
		}
		lang, source, id, ok := sub.ArticleTokens(m.Subject)
		if !ok || lang != a.Lang || source != a.Source || id != a.ID {
			t.Fatalf("subject %q reads back as %q %q %q %v", m.Subject, lang, source, id, ok)
		}
		for _, tok := range []string{lang, source, id} {
			if !news.IsToken(tok) {
				t.Fatalf("subject %q has the bad token %q", m.Subject, tok)
			}
		}
		var back news.Article
		if err := json.Unmarshal(m.Data, &back); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(a, back); diff != "" {
			t.Fatalf("article changed on the way (-want +got):\n%s", diff)
		}
	})
}
