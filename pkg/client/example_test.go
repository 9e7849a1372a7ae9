package client_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/tinkhabar/tinkhabar/pkg/client"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// A subscriber that prints the visits of Persian articles, in English, as they are stored.
// Here the events come from an in-process server; a real program connects to tinkhabar's
// NATS (see pkg/client/example).
func ExampleClient_Subscribe() {
	dir, err := os.MkdirTemp("", "client-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	js, stop, err := startJetStream(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer stop()
	visit := &news.Event{Type: news.TypeVisit, Lang: news.LangFa,
		Article:  news.ArticleRef{ID: "a_1", Source: "mehrnews"},
		Location: &news.Location{ID: "ir/kerman", Name: "Kerman", Native: "کرمان", Country: "IR", Level: "province"},
		Date:     &news.Date{Value: "2025-12-01", Precision: news.PrecisionDay, Text: "۱۰ آذر ۱۴۰۴", Calendar: news.CalendarPersian},
		Status:   news.StatusPlanned, Visitor: &news.Visitor{Role: "minister", Org: "ir/ict-ministry"},
		Extractor: news.Extractor{Version: "example"}}
	visit.ID = news.EventID(visit.Article.ID, visit.Type, visit.Key())
	count := &news.Event{Type: news.TypeProjectCount, Lang: news.LangFa, Article: news.ArticleRef{ID: "a_1", Source: "mehrnews"},
		Count: 347, Qualifier: news.QualExact, Extractor: news.Extractor{Version: "example"}}
	count.ID = news.EventID(count.Article.ID, count.Type, count.Key())
	if err := publishEvents(js, visit, count); err != nil {
		log.Fatal(err)
	}

	c, err := client.New(js, client.Config{})
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	filter := client.Filter{Types: []string{news.TypeVisit}, Langs: []string{news.LangFa}, Start: client.StartAll}
	err = c.Subscribe(ctx, filter, func(ctx context.Context, ev *client.Event) error {
		fmt.Printf("#%d %s: %s\n", ev.Sequence, ev.Source, ev.Summary())
		cancel() // one is enough here; a real subscriber runs until it is stopped
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output: #1 mehrnews: Minister of ICT visits Kerman province (Iran) on 2025-12-01 — planned
}
