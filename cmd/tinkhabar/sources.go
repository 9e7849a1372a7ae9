package main

import (
	"context"
	"fmt"
	"os"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/tinkhabar/tinkhabar/pkg/feed"
	"github.com/tinkhabar/tinkhabar/pkg/fetch"
)

type sourcesCmd struct {
	Check sourcesCheckCmd `cmd:"" help:"Validate the sources file and fetch each feed once where the network allows."`
}

type sourcesCheckCmd struct {
	Sources string        `help:"Sources file (default: the embedded configs/sources.yaml)." type:"existingfile"`
	Rules   string        `help:"Directory of site rule files (default: the embedded configs/sites)." type:"existingdir"`
	Offline bool          `help:"Only validate; fetch nothing."`
	Timeout time.Duration `default:"15s" help:"Time allowed for each feed."`
}

// Run validates the sources and their rule families, then (unless --offline) fetches every
// feed once, politely, and reports how many items it found and the newest item's time. It
// fails when the file is invalid; an unreachable feed is reported, not an error.
func (c *sourcesCheckCmd) Run(g *globals) error {
	srcs, err := loadSources(c.Sources)
	if err != nil {
		return err
	}
	rules, err := loadRules(c.Rules)
	if err != nil {
		return err
	}
	for _, s := range srcs {
		if s.Rules != "" {
			if _, ok := rules.Family(s.Rules); !ok {
				return fmt.Errorf("source %s: no rule family %q (have %v)", s.ID, s.Rules, rules.Names())
			}
		}
	}
	nfeeds := 0
	for _, s := range srcs {
		nfeeds += len(s.Feeds)
	}
	fmt.Printf("%d sources, %d feeds, %d rule families: valid\n", len(srcs), nfeeds, len(rules.Names()))
	if c.Offline {
		return nil
	}
	f, err := fetch.New(fetch.Config{Timeout: c.Timeout, HeaderTimeout: c.Timeout}, nil, g.Logger)
	if err != nil {
		return err
	}
	type row struct{ src, url, result string }
	var rows []row
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for _, s := range srcs {
		for _, u := range s.Feeds {
			wg.Go(func() {
				sem <- struct{}{}
				defer func() { <-sem }()
				ctx, cancel := context.WithTimeout(context.Background(), c.Timeout)
				defer cancel()
				result := ""
				resp, err := f.Fetch(ctx, fetch.Request{URL: u, Expect: fetch.KindFeed, Lang: s.Lang, Allow: s.AllowPrefixes()})
				if err != nil {
					result = "unreachable: " + err.Error()
				} else if items, err := feed.Parse(resp.Body, resp.URL, s.Lang, s.Location()); err != nil {
					result = "bad feed: " + err.Error()
				} else {
					var newest time.Time
					full := 0
					for _, it := range items {
						if it.Published != nil && it.Published.After(newest) {
							newest = *it.Published
						}
						if it.Text != "" {
							full++
						}
					}
					result = fmt.Sprintf("ok: %d items, %d with full text, newest %s", len(items), full, newest.Format(time.RFC3339))
				}
				mu.Lock()
				rows = append(rows, row{s.ID, u, result})
				mu.Unlock()
			})
		}
	}
	wg.Wait()
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	for _, s := range srcs { // keep file order
		for _, r := range rows {
			if r.src == s.ID {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", r.src, r.url, r.result)
			}
		}
	}
	return tw.Flush()
}
