package main

import (
	"context"
	"fmt"
	"os"
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/tinkhabar/tinkhabar/configs"
	"github.com/tinkhabar/tinkhabar/pipeline/feeds"
	"github.com/tinkhabar/tinkhabar/pipeline/metrics"
	"github.com/tinkhabar/tinkhabar/pipeline/pages"
	"github.com/tinkhabar/tinkhabar/pipeline/schedule"
	"github.com/tinkhabar/tinkhabar/pipeline/serve"
	"github.com/tinkhabar/tinkhabar/pkg/fetch"
	"github.com/tinkhabar/tinkhabar/pkg/scrape"
)

// sharedDeps is what the stages of one `run` process share: one metrics registry, the
// sources, and one polite fetcher, so that the per-host rate holds across feed and page
// workers. The sources and the fetcher are built on first use.
type sharedDeps struct {
	reg  *prometheus.Registry
	pipe *metrics.Pipeline

	once    sync.Once
	err     error
	sources []schedule.Source
	fetcher *fetch.Fetcher
	rules   *scrape.Rules
}

// ingest builds (once) the sources, the fetcher with its validators in JetStream, and the site
// rules.
func (s *sharedDeps) ingest(env stageEnv) ([]schedule.Source, *fetch.Fetcher, *scrape.Rules, error) {
	s.once.Do(func() {
		data := configs.Sources
		if env.cfg.Sources != "" {
			if data, s.err = os.ReadFile(env.cfg.Sources); s.err != nil {
				s.err = fmt.Errorf("reading sources: %w", s.err)
				return
			}
		}
		if s.sources, s.err = schedule.ParseSources(data); s.err != nil {
			s.err = fmt.Errorf("sources: %w", s.err)
			return
		}
		vals, err := feeds.NewKVValidators(context.Background(), env.js, feeds.ValidatorBucket)
		if err != nil {
			s.err = err
			return
		}
		if s.fetcher, s.err = fetch.New(env.cfg.Fetch, vals, env.log); s.err != nil {
			return
		}
		s.rules, s.err = scrape.LoadRules(configs.Sites, "sites")
	})
	return s.sources, s.fetcher, s.rules, s.err
}

func buildServe(env stageEnv) (stage, error) {
	srcs, _, _, err := env.shared.ingest(env)
	if err != nil {
		return nil, err
	}
	return serve.New(env.cfg.Serve, serve.Deps{JS: env.js, Bus: env.cfg.Bus, Sources: srcs, Registry: env.shared.reg, Logger: env.log})
}

func buildSchedule(env stageEnv) (stage, error) {
	srcs, _, _, err := env.shared.ingest(env)
	if err != nil {
		return nil, err
	}
	return schedule.New(schedule.DefaultConfig(), schedule.Deps{JS: env.js, Bus: env.cfg.Bus, Sources: srcs, Logger: env.log})
}

func buildFeeds(env stageEnv) (stage, error) {
	srcs, f, _, err := env.shared.ingest(env)
	if err != nil {
		return nil, err
	}
	st, err := feeds.New(feeds.DefaultConfig(), feeds.Deps{JS: env.js, Bus: env.cfg.Bus, Sources: srcs, Fetcher: f, Logger: env.log, Metrics: env.shared.pipe.Stage(feeds.Name)})
	if err == nil {
		env.shared.reg.MustRegister(metrics.StatsCollector(feeds.Name, func() any { return st.Stats() }))
	}
	return st, err
}

func buildPages(env stageEnv) (stage, error) {
	srcs, f, rules, err := env.shared.ingest(env)
	if err != nil {
		return nil, err
	}
	st, err := pages.New(pages.DefaultConfig(), pages.Deps{JS: env.js, Bus: env.cfg.Bus, Sources: srcs, Fetcher: f, Scraper: scrape.New(rules), Logger: env.log, Metrics: env.shared.pipe.Stage(pages.Name)})
	if err == nil {
		env.shared.reg.MustRegister(metrics.StatsCollector(pages.Name, func() any { return st.Stats() }))
	}
	return st, err
}
