package bus_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

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

// BenchmarkPublishArticle measures asynchronous publishing of new articles into ARTICLES,
// with every ack awaited: over TCP to a separate server object, and in process.
func BenchmarkPublishArticle(b *testing.B) {
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
			var failed error
			batch := bus.NewPublisher(js).NewBatch(ctx, bus.DefaultMaxPending, func(r bus.Result) {
				if r.Err != nil && failed == nil {
					failed = r.Err
				}
			})
			size := 0
			i := 0
			start := time.Now()
			for b.Loop() {
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
			b.ReportMetric(float64(i)/time.Since(start).Seconds(), "articles/s")
			b.SetBytes(int64(size))
		})
	}
}
