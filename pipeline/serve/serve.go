// Package serve is the HTTP face of tinkhabar: a JSON API over the events in EVENTS, a live
// stream of new events (Server-Sent Events), the Prometheus metrics of the process, health
// probes, and a web page for monitoring teams, all from one stage.
//
// Endpoints (the filters are those of Query):
//
//	GET /api/events?type=&lang=&location=&source=&since=&until=&q=&limit=&cursor=
//	    {"events": [envelope…], "next_cursor": "…", "last_sequence": N}, newest first. Each
//	    envelope is the CloudEvents message as stored, with data.summary_en filled in.
//	    next_cursor is present when more events match; last_sequence is the stream sequence
//	    of the newest event the server had read, to start a live stream from.
//	GET /api/events/{id}    one envelope, read from EVENTS (also events older than the
//	                        server keeps in memory); 404 when there is none.
//	GET /api/stats?…        counts per type, language, source, province, day, province and day.
//	GET /api/sources        each source's health: failing feeds, last article, events.
//	GET /api/stream?…       Server-Sent Events: "id: <stream sequence>" and "data: <envelope>".
//	                        A client that reconnects with Last-Event-ID (or ?last_event_id=)
//	                        gets every matching event stored after that sequence; without it,
//	                        only new ones.
//	GET /metrics            Prometheus text format, from the registry in Deps.
//	GET /healthz            200 while the process serves.
//	GET /readyz             200 once the server has read EVENTS up to where it stood at start
//	                        and its NATS connection is up; 503 before.
//	GET /                   the web page (embedded; no build step).
//
// Security. The server listens on loopback by default; Config.Validate refuses any other
// address without a bearer token. With a token, /api/ and /metrics need "Authorization:
// Bearer <token>" (compared in constant time; never logged); the page and the probes need
// none. Every response forbids MIME sniffing and framing, and the page runs under a Content
// Security Policy that allows only its own script and style.
package serve

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pipeline/metrics"
	"github.com/tinkhabar/tinkhabar/pipeline/schedule"
	"github.com/tinkhabar/tinkhabar/pkg/gazetteer"
	"github.com/tinkhabar/tinkhabar/pkg/news"
	"github.com/tinkhabar/tinkhabar/pkg/text/fa"
	"github.com/tinkhabar/tinkhabar/pkg/text/vi"
)

// Name is the stage's name in logs and metrics.
const Name = "serve"

// Places names location ids.
type Places interface {
	// Place returns the English and native names of a location id, and false when unknown.
	Place(id string) (name, native string, ok bool)
}

// DefaultPlaces returns the Places of the embedded gazetteer (every province of
// spec/locations.md and the countries it knows).
func DefaultPlaces() (Places, error) {
	g, err := gazetteer.Default(map[string]gazetteer.Normalizer{news.LangFa: fa.Canonical, news.LangVi: vi.Canonical})
	if err != nil {
		return nil, fmt.Errorf("serve: loading the gazetteer: %w", err)
	}
	return gazetteerPlaces{g}, nil
}

type gazetteerPlaces struct{ g *gazetteer.Gazetteer }

func (p gazetteerPlaces) Place(id string) (string, string, bool) {
	l, ok := p.g.Location(id)
	return l.Name, l.Native, ok
}

// Deps are what the server runs on.
type Deps struct {
	// JS is the JetStream context; the server does not close its connection.
	JS jetstream.JetStream
	// Bus names the streams and the subject prefix; it must be valid.
	Bus bus.Config
	// Registry is where the process's metrics live: /metrics exposes it, and the server adds
	// its own and the JetStream collector to it. Nil makes a registry of the server's own.
	Registry *prometheus.Registry
	// Sources are the configured sources, for the source health and the page's source list;
	// nil shows only the sources seen in events.
	Sources []schedule.Source
	// Places names provinces in the statistics; nil loads the embedded gazetteer
	// (DefaultPlaces). Ids it does not know keep the names their events carry.
	Places Places
	// Listener, when set, is used instead of listening on Config.Addr (tests, or a port
	// chosen by the caller). Run closes it.
	Listener net.Listener
	// Logger; nil discards.
	Logger *slog.Logger
	// Now is the clock of relative periods ("since=24h"); nil is time.Now.
	Now func() time.Time
}

// Server is the HTTP stage. Create it with New and run it with Run.
type Server struct {
	cfg     Config
	deps    Deps
	sub     bus.Subjects
	log     *slog.Logger
	reg     *prometheus.Registry
	idx     *index
	places  Places
	handler http.Handler
	met     serverMetrics
	sources sourceCache

	streams atomic.Int64 // live streams open
	addr    atomic.Pointer[string]
}

type serverMetrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	sent     prometheus.Counter
}

// New checks cfg and deps and returns the server. It registers the server's metrics and the
// JetStream collector on the registry. It does not touch the network.
func New(cfg Config, deps Deps) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := deps.Bus.Validate(); err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	if deps.JS == nil {
		return nil, errors.New("serve: JetStream is required")
	}
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.DiscardHandler)
	}
	if deps.Now == nil {
		deps.Now = time.Now
	}
	s := &Server{cfg: cfg, deps: deps, sub: deps.Bus.Subjects(), log: deps.Logger.With("stage", Name), reg: deps.Registry}
	if s.reg == nil {
		s.reg = metrics.NewRegistry()
	}
	s.idx = newIndex(cfg.MaxEvents, s.log)
	s.places = deps.Places
	if s.places == nil {
		p, err := DefaultPlaces()
		if err != nil {
			return nil, err
		}
		s.places = p
	}
	if err := s.registerMetrics(); err != nil {
		return nil, fmt.Errorf("serve: registering metrics: %w", err)
	}
	s.handler = s.routes()
	return s, nil
}

func (s *Server) registerMetrics() error {
	var err error
	s.met.requests, err = metrics.Register(s.reg, prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: metrics.Namespace, Subsystem: "http", Name: "requests_total",
		Help: "HTTP requests by handler and status code."}, []string{"handler", "code"}))
	if err != nil {
		return err
	}
	s.met.duration, err = metrics.Register(s.reg, prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: metrics.Namespace, Subsystem: "http", Name: "request_duration_seconds",
		Help: "Time to answer an HTTP request (live streams excluded), by handler.", Buckets: prometheus.DefBuckets},
		[]string{"handler"}))
	if err != nil {
		return err
	}
	s.met.sent, err = metrics.Register(s.reg, prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: metrics.Namespace, Subsystem: "serve", Name: "stream_events_sent_total",
		Help: "Events sent on live streams."}))
	if err != nil {
		return err
	}
	collectors := []prometheus.Collector{
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: metrics.Namespace, Subsystem: "serve", Name: "streams_open",
			Help: "Live streams open now."}, func() float64 { return float64(s.streams.Load()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: metrics.Namespace, Subsystem: "serve", Name: "events_indexed",
			Help: "Events the server holds in memory for the API."}, func() float64 { n, _, _, _ := s.idx.state(); return float64(n) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: metrics.Namespace, Subsystem: "serve", Name: "last_sequence",
			Help: "Sequence of the last EVENTS message the server has read."}, func() float64 { _, l, _, _ := s.idx.state(); return float64(l) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: metrics.Namespace, Subsystem: "serve", Name: "bad_events_total",
			Help: "EVENTS messages that are not valid event envelopes."}, func() float64 { _, _, _, b := s.idx.state(); return float64(b) }),
	}
	var ids []string
	for _, src := range s.deps.Sources {
		ids = append(ids, src.ID)
	}
	collectors = append(collectors, metrics.JetStream(s.deps.JS, metrics.JetStreamConfig{
		Bus: s.deps.Bus, FeedHealthBucket: s.cfg.FeedHealthBucket, Sources: ids, Logger: s.log}))
	for _, c := range collectors {
		if _, err := metrics.Register(s.reg, c); err != nil {
			return err
		}
	}
	return nil
}

// Registry is the registry /metrics exposes.
func (s *Server) Registry() *prometheus.Registry { return s.reg }

// Handler is the server's HTTP handler (every endpoint, with authentication). Run serves it;
// tests may serve it themselves, but the API only has events once Run follows EVENTS.
func (s *Server) Handler() http.Handler { return s.handler }

// Addr is the address the server listens on once Run has started listening, else "".
func (s *Server) Addr() string {
	if a := s.addr.Load(); a != nil {
		return *a
	}
	return ""
}

// Run listens (on Deps.Listener or Config.Addr), follows EVENTS into memory and serves until
// ctx is done. Then it stops taking connections, ends the live streams, waits at most
// Config.ShutdownTimeout for other requests, and returns nil. It returns an error when it
// cannot listen, or when the NATS connection is closed under it.
func (s *Server) Run(ctx context.Context) error {
	ln := s.deps.Listener
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", s.cfg.Addr); err != nil {
			return fmt.Errorf("serve: listening on %s: %w", s.cfg.Addr, err)
		}
	}
	addr := ln.Addr().String()
	s.addr.Store(&addr)

	// Requests get a context that ends when the server stops, so live streams end too
	// (http.Server.Shutdown does not cancel the requests it waits for).
	base, stopRequests := context.WithCancel(context.WithoutCancel(ctx))
	defer stopRequests()
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return base },
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
	}
	followCtx, stopFollow := context.WithCancel(ctx)
	defer stopFollow()

	var wg sync.WaitGroup
	errc := make(chan error, 2)
	wg.Go(func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errc <- fmt.Errorf("serve: %w", err)
		}
	})
	wg.Go(func() {
		if err := s.idx.follow(followCtx, s.deps.JS, s.deps.Bus); err != nil {
			errc <- err
		}
	})
	s.log.Info("serving", "addr", addr, "url", "http://"+addr+"/", "token", s.cfg.Token != "")

	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-errc:
	}
	stopRequests()
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		s.log.Warn("shutting down the http server", "error", err)
		_ = srv.Close()
	}
	stopFollow()
	wg.Wait()
	s.log.Info("stopped serving", "addr", addr)
	return runErr
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	api := func(pattern, name string, h http.HandlerFunc) {
		mux.Handle(pattern, s.instrument(name, s.authorize(h)))
	}
	api("GET /api/events", "events", s.handleEvents)
	api("GET /api/events/{id}", "event", s.handleEvent)
	api("GET /api/stats", "stats", s.handleStats)
	api("GET /api/sources", "sources", s.handleSources)
	mux.Handle("GET /api/stream", s.countOnly("stream", s.authorize(s.handleStream)))
	mux.Handle("GET /metrics", s.instrument("metrics", s.authorize(
		promhttp.HandlerFor(s.reg, promhttp.HandlerOpts{ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn)}).ServeHTTP)))
	mux.Handle("GET /healthz", s.instrument("healthz", http.HandlerFunc(s.handleHealth)))
	mux.Handle("GET /readyz", s.instrument("readyz", http.HandlerFunc(s.handleReady)))
	mux.Handle("GET /api/", s.instrument("api_unknown", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such endpoint")
	})))
	mux.Handle("GET /", s.instrument("page", webHandler()))
	return securityHeaders(mux)
}

// authorize requires the bearer token when one is configured.
func (s *Server) authorize(h http.HandlerFunc) http.HandlerFunc {
	if s.cfg.Token == "" {
		return h
	}
	want := []byte("Bearer " + s.cfg.Token)
	return func(w http.ResponseWriter, r *http.Request) {
		got := []byte(r.Header.Get("Authorization"))
		if subtle.ConstantTimeCompare(got, want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="tinkhabar"`)
			writeError(w, http.StatusUnauthorized, "a valid bearer token is required")
			return
		}
		h(w, r)
	}
}

// statusRecorder remembers the status code written.
type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.code == 0 {
		r.code = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.code == 0 {
		r.code = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// instrument counts and times a handler, bounds its writes, and logs it at debug level (the
// path only: no headers, so no credentials).
func (s *Server) instrument(name string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		_ = http.NewResponseController(w).SetWriteDeadline(start.Add(30 * time.Second))
		rec := &statusRecorder{ResponseWriter: w}
		h.ServeHTTP(rec, r)
		if rec.code == 0 {
			rec.code = http.StatusOK
		}
		d := time.Since(start)
		s.met.requests.WithLabelValues(name, strconv.Itoa(rec.code)).Inc()
		s.met.duration.WithLabelValues(name).Observe(d.Seconds())
		s.log.Debug("http request", "handler", name, "method", r.Method, "path", r.URL.Path, "status", rec.code, "took", d)
	})
}

// countOnly counts a long-lived handler's requests without timing or bounding it.
func (s *Server) countOnly(name string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w}
		h.ServeHTTP(rec, r)
		if rec.code == 0 {
			rec.code = http.StatusOK
		}
		s.met.requests.WithLabelValues(name, strconv.Itoa(rec.code)).Inc()
	})
}

// contentSecurityPolicy lets the page load only its own script, style and data.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "no-referrer")
		if !strings.HasPrefix(r.URL.Path, "/api/") && r.URL.Path != "/metrics" {
			hd.Set("Content-Security-Policy", contentSecurityPolicy)
		}
		h.ServeHTTP(w, r)
	})
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	n, last, ready, _ := s.idx.state()
	connected := s.deps.JS.Conn().Status() == nats.CONNECTED
	body := map[string]any{"ready": ready && connected, "events": n, "last_sequence": last, "nats_connected": connected}
	code := http.StatusOK
	if !ready || !connected {
		code = http.StatusServiceUnavailable
	}
	writeJSON(w, code, body)
}
