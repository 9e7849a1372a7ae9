package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pipeline/config"
	"github.com/tinkhabar/tinkhabar/pipeline/extractor"
	"github.com/tinkhabar/tinkhabar/pipeline/feeds"
	"github.com/tinkhabar/tinkhabar/pipeline/metrics"
	"github.com/tinkhabar/tinkhabar/pipeline/pages"
	"github.com/tinkhabar/tinkhabar/pipeline/schedule"
	"github.com/tinkhabar/tinkhabar/pipeline/serve"
	"github.com/tinkhabar/tinkhabar/pkg/extract"
)

// busFlags are the flags of every command that reads or writes streams. Flags override the
// configuration file, which overrides the defaults.
type busFlags struct {
	Config  string `name:"config" placeholder:"FILE" help:"Configuration file (YAML, see configs/tinkhabar.yaml); what it leaves out keeps the defaults." env:"TINKHABAR_CONFIG"`
	NATS    string `name:"nats" placeholder:"URL" help:"External NATS server or cluster (comma-separated URLs) instead of the embedded server." env:"TINKHABAR_NATS"`
	Data    string `name:"data" placeholder:"DIR" help:"JetStream store directory of the embedded server (default ./data)." env:"TINKHABAR_DATA"`
	Creds   string `name:"creds" placeholder:"FILE" help:"NATS credentials file (user JWT and NKey seed)." env:"TINKHABAR_NATS_CREDS"`
	NKey    string `name:"nkey" placeholder:"FILE" help:"File holding an NKey seed." env:"TINKHABAR_NATS_NKEY"`
	Token   string `name:"token" placeholder:"TOKEN" help:"NATS authentication token (better given as TINKHABAR_NATS_TOKEN)." env:"TINKHABAR_NATS_TOKEN"`
	TLSCA   string `name:"tls-ca" placeholder:"FILE" help:"PEM roots to trust for the NATS server's certificate."`
	TLSCert string `name:"tls-cert" placeholder:"FILE" help:"Client certificate (PEM) for mutual TLS."`
	TLSKey  string `name:"tls-key" placeholder:"FILE" help:"Client key (PEM) for mutual TLS."`
}

// load returns the configuration: the defaults, then the file, then the flags.
func (f *busFlags) load() (config.Config, error) {
	c := config.Default()
	if f.Config != "" {
		var err error
		if c, err = config.Load(f.Config); err != nil {
			return c, err
		}
	}
	n := &c.NATS
	for _, o := range []struct {
		flag string
		dst  *string
	}{{f.NATS, &n.URL}, {f.Data, &n.Data}, {f.Creds, &n.Creds}, {f.NKey, &n.NKey}, {f.Token, &n.Token},
		{f.TLSCA, &n.TLS.CA}, {f.TLSCert, &n.TLS.Cert}, {f.TLSKey, &n.TLS.Key}} {
		if o.flag != "" {
			*o.dst = o.flag
		}
	}
	if f.Data != "" && f.NATS == "" {
		n.URL = "" // --data means the store, even when the file names a server
	}
	return c, c.Validate()
}

// open connects a short-lived command to the bus: --nats URL (or the file's url), --data DIR,
// or with neither the address `tinkhabar run` listens on, falling back to the store.
func (f *busFlags) open(g *globals, name string) (*bus.Session, config.Config, error) {
	c, err := f.load()
	if err != nil {
		return nil, c, err
	}
	t := bus.Target{Conn: c.NATS.ConnConfig}
	if c.NATS.URL == "" {
		if f.Data != "" {
			t.DataDir = c.NATS.Data
		} else {
			t.FallbackDataDir = c.NATS.Data
			if c.NATS.Listen != "" {
				t.DefaultURL = "nats://" + c.NATS.Listen
			}
		}
	}
	s, err := bus.Open(t, name, g.Logger)
	switch {
	case errors.Is(err, bus.ErrStoreLocked):
		return nil, c, fmt.Errorf("%w: is `tinkhabar run` using it? Reach that with --nats URL (it listens on nats://%s unless started with another --nats-listen)", err, bus.DefaultListen)
	case errors.Is(err, bus.ErrNoBus):
		return nil, c, fmt.Errorf("%w: start `tinkhabar run`, or pass --nats URL or --data DIR", err)
	case err != nil:
		return nil, c, err
	}
	if s.FellBack != "" {
		fmt.Fprintln(os.Stderr, "tinkhabar:", s.FellBack)
	}
	return s, c, nil
}

// runCmd is `tinkhabar run`: the stages, together, on the embedded server or an external one.
type runCmd struct {
	busFlags
	httpFlags
	Listen      string   `name:"nats-listen" placeholder:"ADDR" help:"Where the embedded server listens for other processes (default 127.0.0.1:4222; \"none\" for nowhere)." env:"TINKHABAR_NATS_LISTEN"`
	Stages      []string `name:"stages" placeholder:"NAMES" help:"Stages to run, comma-separated (default: all of them)." env:"TINKHABAR_STAGES"`
	Replicas    int      `name:"replicas" placeholder:"N" help:"Set every stream's replica count (3 on a three-node cluster)."`
	HealthFile  string   `name:"health-file" placeholder:"FILE" help:"Write the time to FILE every 5 s while every stage runs and NATS is connected (a liveness signal for containers)."`
	PrintConfig bool     `name:"print-config" help:"Print the effective configuration (secrets hidden) and exit."`
}

// stage is one long-running part of `run`.
type stage interface {
	Run(ctx context.Context) error
}

// stageEnv is what a stage is built from: the configuration, its own connection, and a
// logger. The connection belongs to run, which closes it after the stage returned.
type stageEnv struct {
	cfg *config.Config
	nc  *nats.Conn
	js  jetstream.JetStream
	log *slog.Logger
	// shared holds what several stages of one process share (see run_stages.go).
	shared *sharedDeps
}

// stageFactory builds one stage of `run`. To add a stage, append it to stages (in the order
// they start) with a build function in the stage's command file.
type stageFactory struct {
	name  string
	build func(env stageEnv) (stage, error)
}

var stages = []stageFactory{
	{name: extractor.Name, build: buildExtractor},
	{name: serve.Name, build: buildServe},
	{name: schedule.Name, build: buildSchedule},
	{name: feeds.Name, build: buildFeeds},
	{name: pages.Name, build: buildPages},
}

func buildExtractor(env stageEnv) (stage, error) {
	eng, err := extract.New()
	if err != nil {
		return nil, fmt.Errorf("building the extraction engine: %w", err)
	}
	st, err := extractor.New(env.cfg.Extractor, extractor.Deps{JS: env.js, Bus: env.cfg.Bus, Extractor: eng, Logger: env.log})
	if err == nil && env.shared != nil {
		env.shared.reg.MustRegister(metrics.StatsCollector(extractor.Name, func() any { return st.Stats() }))
	}
	return st, err
}

func stageNames() string {
	names := make([]string, len(stages))
	for i, s := range stages {
		names[i] = s.name
	}
	return strings.Join(names, ", ")
}

func (c *runCmd) Run(g *globals) error {
	cfg, err := c.config()
	if err != nil {
		return err
	}
	if c.PrintConfig {
		out, err := cfg.YAML()
		if err != nil {
			return err
		}
		_, err = os.Stdout.Write(out)
		return err
	}
	chosen, err := c.chosen()
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return runStages(ctx, &cfg, chosen, c.HealthFile, g.Logger)
}

// config is the loaded configuration with run's own flags applied.
func (c *runCmd) config() (config.Config, error) {
	cfg, err := c.load()
	if err != nil {
		return cfg, err
	}
	switch c.Listen {
	case "":
	case "none":
		cfg.NATS.Listen = ""
	default:
		cfg.NATS.Listen = c.Listen
	}
	if c.Replicas != 0 {
		cfg.Bus.SetReplicas(c.Replicas)
	}
	if cfg.Serve, err = c.serveConfig(cfg.Serve); err != nil {
		return cfg, err
	}
	return cfg, cfg.Validate()
}

// chosen returns the stage factories --stages names, in start order.
func (c *runCmd) chosen() ([]stageFactory, error) {
	if len(c.Stages) == 0 {
		return stages, nil
	}
	var out []stageFactory
	for _, name := range c.Stages {
		found := false
		for _, s := range stages {
			if s.name == name {
				out = append(out, s)
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown stage %q (known: %s)", name, stageNames())
		}
	}
	return out, nil
}

// runStages starts the embedded server when no URL is configured, creates or updates the
// streams, runs the stages until ctx is done or one fails, and shuts everything down in
// order: the stages drain, their connections close, the server stops.
func runStages(ctx context.Context, cfg *config.Config, chosen []stageFactory, healthFile string, log *slog.Logger) error {
	var connect func(name string) (*nats.Conn, error)
	if cfg.NATS.URL == "" {
		emb, err := bus.StartEmbedded(bus.EmbeddedConfig{DataDir: cfg.NATS.Data, Listen: cfg.NATS.Listen}, log)
		if err != nil {
			return err
		}
		defer emb.Shutdown()
		if u := emb.ClientURL(); u != "" {
			log.Info("embedded NATS server started", "data", cfg.NATS.Data, "url", u)
		} else {
			log.Info("embedded NATS server started (no TCP listener)", "data", cfg.NATS.Data)
		}
		connect = func(name string) (*nats.Conn, error) { return emb.Connect(name) }
	} else {
		log.Info("using external NATS", "url", cfg.NATS.Redacted().URL)
		connect = func(name string) (*nats.Conn, error) { return bus.Connect(&cfg.NATS.ConnConfig, name, log) }
	}

	var conns []*nats.Conn
	defer func() {
		for _, nc := range conns {
			_ = nc.FlushTimeout(2 * time.Second)
			nc.Close()
		}
	}()
	open := func(name string) (*nats.Conn, jetstream.JetStream, error) {
		nc, err := connect("tinkhabar-" + name)
		if err != nil {
			return nil, nil, err
		}
		conns = append(conns, nc)
		js, err := bus.NewJetStream(nc)
		return nc, js, err
	}

	_, js, err := open("setup")
	if err != nil {
		return err
	}
	if err := ensureStreams(ctx, js, &cfg.Bus, log); err != nil {
		return err
	}

	shared := &sharedDeps{reg: metrics.NewRegistry()}
	if shared.pipe, err = metrics.NewPipeline(shared.reg); err != nil {
		return err
	}
	built := make([]stage, len(chosen))
	for i, f := range chosen {
		nc, js, err := open(f.name)
		if err != nil {
			return err
		}
		if built[i], err = f.build(stageEnv{cfg: cfg, nc: nc, js: js, log: log, shared: shared}); err != nil {
			return fmt.Errorf("stage %s: %w", f.name, err)
		}
	}

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, len(built))
	var wg sync.WaitGroup
	for i, s := range built {
		wg.Go(func() {
			errs[i] = s.Run(runCtx)
			if errs[i] != nil {
				errs[i] = fmt.Errorf("stage %s: %w", chosen[i].name, errs[i])
			} else if ctx.Err() == nil {
				errs[i] = fmt.Errorf("stage %s stopped by itself", chosen[i].name)
			}
			cancel() // one stage down takes the others down, so the process restarts whole
		})
	}
	if healthFile != "" {
		wg.Go(func() { writeHealth(runCtx, healthFile, conns, log) })
	}
	log.Info("running", "stages", len(built))
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

// ensureStreams creates or updates the streams, retrying while a cluster is not ready yet.
func ensureStreams(ctx context.Context, js jetstream.JetStream, c *bus.Config, log *slog.Logger) error {
	retry := 250 * time.Millisecond
	for {
		tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err := bus.EnsureStreams(tctx, js, c)
		cancel()
		if err == nil {
			return nil
		}
		var apiErr *jetstream.APIError
		if errors.As(err, &apiErr) && apiErr.Code == 400 || ctx.Err() != nil {
			return err // a configuration JetStream refuses: retrying cannot help
		}
		log.Warn("creating streams; retrying", "error", err, "retry_in", retry)
		select {
		case <-ctx.Done():
			return err
		case <-time.After(retry):
		}
		retry = min(2*retry, 5*time.Second)
	}
}

// writeHealth writes the time to path every 5 s while every connection is up, and removes
// the file when ctx is done.
func writeHealth(ctx context.Context, path string, conns []*nats.Conn, log *slog.Logger) {
	defer os.Remove(path)
	tick := time.NewTicker(5 * time.Second)
	defer tick.Stop()
	for {
		up := true
		for _, nc := range conns {
			up = up && nc.IsConnected()
		}
		if up {
			if err := os.WriteFile(path, []byte(time.Now().UTC().Format(time.RFC3339)+"\n"), 0o644); err != nil {
				log.Warn("writing the health file", "path", path, "error", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
