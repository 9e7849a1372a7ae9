package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/tinkhabar/tinkhabar/configs"
	"github.com/tinkhabar/tinkhabar/pipeline/schedule"
	"github.com/tinkhabar/tinkhabar/pipeline/serve"
)

// serveCmd is `tinkhabar serve`: the HTTP API, the live stream, the metrics and the web page,
// over the streams of a running `tinkhabar run` (or its store, when none runs).
type serveCmd struct {
	busFlags
	httpFlags
	Sources string `name:"sources" placeholder:"FILE" help:"Sources file, for the list of sources and their health (default: the bundled configs/sources.yaml)."`
}

// httpFlags are the HTTP server's flags, for serve, run and demo. Flags left unset keep the
// value of the base configuration (the defaults, or a configuration file's).
type httpFlags struct {
	HTTP      string `name:"http" placeholder:"ADDR" help:"Address of the HTTP API, live stream, metrics and page (default 127.0.0.1:8080; an address other than loopback needs --http-token)." env:"TINKHABAR_HTTP"`
	HTTPToken string `name:"http-token" placeholder:"TOKEN" help:"Bearer token required on /api/ and /metrics (better given as TINKHABAR_HTTP_TOKEN)." env:"TINKHABAR_HTTP_TOKEN"`
	MaxEvents int    `name:"http-max-events" placeholder:"N" help:"Newest events kept in memory for the API's lists, search and statistics (default 100000)."`
}

// serveConfig returns base with the flags that are set applied, validated.
func (f *httpFlags) serveConfig(base serve.Config) (serve.Config, error) {
	if f.HTTP != "" {
		base.Addr = f.HTTP
	}
	if f.HTTPToken != "" {
		base.Token = f.HTTPToken
	}
	if f.MaxEvents > 0 {
		base.MaxEvents = f.MaxEvents
	}
	return base, base.Validate()
}

func (c *serveCmd) Run(g *globals) error {
	scfg, err := c.serveConfig(serve.DefaultConfig())
	if err != nil {
		return err
	}
	srcs, err := c.loadSources()
	if err != nil {
		return err
	}
	s, cfg, err := c.open(g, "tinkhabar-serve")
	if err != nil {
		return err
	}
	defer s.Close()
	srv, err := serve.New(scfg, serve.Deps{JS: s.JS, Bus: cfg.Bus, Sources: srcs, Logger: g.Logger})
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Fprintf(os.Stderr, "tinkhabar serve: http://%s/ (events from %s; Ctrl-C to stop)\n", scfg.Addr, s.Where)
	return srv.Run(ctx)
}

// loadSources reads the sources file, or the bundled one.
func (c *serveCmd) loadSources() ([]schedule.Source, error) {
	data := configs.Sources
	if c.Sources != "" {
		b, err := os.ReadFile(c.Sources)
		if err != nil {
			return nil, fmt.Errorf("reading sources: %w", err)
		}
		data = b
	}
	srcs, err := schedule.ParseSources(data)
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	return srcs, nil
}
