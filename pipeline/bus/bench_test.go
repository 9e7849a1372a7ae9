package bus_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/nats-io/nats.go"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pipeline/bus/bustest"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

var benchText = strings.Repeat("وزیر ارتباطات و فناوری اطلاعات روز دوشنبه ۱۰ آذرماه به استان کرمان سفر می‌کند. ", 16)

// benchArticle is an article of the corpus's size (about 1.5 KB of JSON).
func benchArticle(i int) *news.Article {
	a := &news.Article{URL: "https://www.mehrnews.com/news/" + strconv.Itoa(i), Source: "mehrnews", Lang: "fa",
		Title: "سفر وزیر ارتباطات به کرمان", Text: benchText, Via: news.ViaImport}
	if err := bus.PrepareArticle(a); err != nil {
		panic(err)
	}
	return a
}

// BenchmarkPublishArticles measures asynchronous publishing of new articles into ARTICLES:
// one op is 1,000 articles published and every ack received, over TCP to a server in the same
// process and over an in-process connection. The articles/s metric is the publish ceiling.
func BenchmarkPublishArticles(b *testing.B) {
	const perOp = 1000
	for _, mode := range []string{"tcp", "in-process"} {
		b.Run(mode, func(b *testing.B) {
			var nc *nats.Conn
			if mode == "tcp" {
				nc = bustest.NewServer(b).Conn(b)
			} else {
				e, err := bus.StartEmbedded(bus.EmbeddedConfig{DataDir: b.TempDir()}, quiet)
				if err != nil {
					b.Fatal(err)
				}
				b.Cleanup(e.Shutdown)
				if nc, err = e.Connect("bench"); err != nil {
					b.Fatal(err)
				}
				b.Cleanup(nc.Close)
			}
			js, err := bus.NewJetStream(nc)
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			c := bus.DefaultConfig()
			if err := bus.EnsureStreams(ctx, js, &c); err != nil {
				b.Fatal(err)
			}
			sub := c.Subjects()
			pub := bus.NewPublisher(js)
			size, i := 0, 0
			for b.Loop() {
				var failed error
				batch := pub.NewBatch(ctx, bus.DefaultMaxPending, func(r bus.Result) {
					if r.Err != nil && failed == nil {
						failed = r.Err
					}
				})
				for range perOp {
					a := benchArticle(i)
					m, err := sub.ArticleMsg(a)
					if err != nil {
						b.Fatal(err)
					}
					size = len(m.Data)
					if err := batch.Add(m, a.ID, i); err != nil {
						b.Fatal(err)
					}
					i++
				}
				batch.Close()
				if failed != nil {
					b.Fatal(failed)
				}
			}
			b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "articles/s")
			b.SetBytes(int64(size * perOp))
		})
	}
}
