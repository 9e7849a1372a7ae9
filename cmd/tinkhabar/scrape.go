package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"time"
	_ "time/tzdata" // source zones must load on machines without a zone database

	"github.com/tinkhabar/tinkhabar/configs"
	"github.com/tinkhabar/tinkhabar/pipeline/schedule"
	"github.com/tinkhabar/tinkhabar/pkg/fetch"
	"github.com/tinkhabar/tinkhabar/pkg/scrape"
)

type scrapeCmd struct {
	Source       string        `help:"Source id (from --sources): sets language, zone and rule family."`
	Sources      string        `help:"Sources file (default: the embedded configs/sources.yaml)." type:"existingfile"`
	Rules        string        `help:"Directory of site rule files (default: the embedded configs/sites)." type:"existingdir"`
	Lang         string        `help:"Language of the page when no --source is given: fa or vi." enum:",fa,vi" default:""`
	Family       string        `help:"Rule family to use, overriding the source's."`
	URL          string        `name:"url" help:"Address to scrape a FILE as (resolves relative links; the canonical URL falls back to it)."`
	Allow        []string      `help:"Internal address ranges (CIDR) a URL may reach, e.g. 127.0.0.1/32."`
	IgnoreRobots bool          `name:"ignore-robots" help:"Fetch even if robots.txt disallows it (a page fetched by hand)."`
	Timeout      time.Duration `default:"30s" help:"Fetch timeout."`
	Target       string        `arg:"" name:"FILE|URL" help:"An HTML file, or an http(s) URL to fetch."`
}

// Run prints the article the page worker would publish for one page, with the rule that
// matched and where the publish time came from.
func (c *scrapeCmd) Run(g *globals) error {
	rules, err := loadRules(c.Rules)
	if err != nil {
		return err
	}
	page := scrape.Page{Lang: c.Lang, Rule: c.Family, Source: "cli", Fetched: time.Now().UTC()}
	if c.Source != "" {
		src, err := findSource(c.Sources, c.Source)
		if err != nil {
			return err
		}
		page.Source, page.Lang, page.Zone = src.ID, src.Lang, src.Location()
		if page.Rule == "" {
			page.Rule = src.Rules
		}
	}
	if page.Lang == "" {
		return errors.New("scrape: give --source or --lang")
	}
	if strings.HasPrefix(c.Target, "http://") || strings.HasPrefix(c.Target, "https://") {
		var allow []netip.Prefix
		for _, a := range c.Allow {
			p, err := netip.ParsePrefix(a)
			if err != nil {
				return fmt.Errorf("scrape: --allow %q: %w", a, err)
			}
			allow = append(allow, p)
		}
		f, err := fetch.New(fetch.Config{Timeout: c.Timeout}, nil, g.Logger)
		if err != nil {
			return err
		}
		ctx, cancel := context.WithTimeout(context.Background(), c.Timeout)
		defer cancel()
		resp, err := f.Fetch(ctx, fetch.Request{URL: c.Target, Expect: fetch.KindHTML, Lang: page.Lang, Allow: allow, IgnoreRobots: c.IgnoreRobots})
		if err != nil {
			return err
		}
		page.URL, page.Body = resp.URL, resp.Body
	} else {
		raw, err := os.ReadFile(c.Target)
		if err != nil {
			return fmt.Errorf("scrape: %w", err)
		}
		body, _, err := fetch.DecodeHTML(raw, "", fetch.FallbackFor(page.Lang))
		if err != nil {
			return fmt.Errorf("scrape %s: %w", c.Target, err)
		}
		page.Body = body
		page.URL = c.URL
		if page.URL == "" {
			page.URL = "http://localhost/" + filepath.Base(c.Target)
		}
	}
	res, err := scrape.New(rules).Scrape(page)
	if err != nil {
		return fmt.Errorf("scrape %s: %w", c.Target, err)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(res)
}

// loadRules reads the site rules from dir, or the embedded defaults when dir is "".
func loadRules(dir string) (*scrape.Rules, error) {
	if dir == "" {
		return scrape.LoadRules(configs.Sites, "sites")
	}
	return scrape.LoadRules(os.DirFS(dir), ".")
}

// loadSources reads a sources file, or the embedded configs/sources.yaml when path is "".
func loadSources(path string) ([]schedule.Source, error) {
	data := configs.Sources
	if path != "" {
		var err error
		if data, err = os.ReadFile(path); err != nil {
			return nil, err
		}
	}
	return schedule.ParseSources(data)
}

func findSource(path, id string) (*schedule.Source, error) {
	srcs, err := loadSources(path)
	if err != nil {
		return nil, err
	}
	for i := range srcs {
		if srcs[i].ID == id {
			return &srcs[i], nil
		}
	}
	return nil, fmt.Errorf("no source %q in the sources file", id)
}
