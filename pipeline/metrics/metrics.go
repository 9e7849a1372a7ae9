// Package metrics holds tinkhabar's Prometheus metrics: a registry of its own (never the
// process-global one), the counters each stage increments as it works (Pipeline, Stage),
// and collectors that read state at scrape time: stream sizes, consumer lag, dead letters and
// feed health from JetStream (JetStream), and the counters a stage already keeps in its Stats
// (StatsCollector).
//
// Every metric is named tinkhabar_*. Label values that come from data (sources, reasons) are
// checked to be contract tokens and replaced by "unknown" otherwise, so that bad input
// cannot create unbounded label sets.
package metrics

import (
	"errors"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// Namespace prefixes every metric name.
const Namespace = "tinkhabar"

// Unknown is the label value that stands for a missing or malformed one.
const Unknown = "unknown"

// NewRegistry returns a registry with the Go runtime and process collectors, for one
// process. Give the same registry to every stage of the process and to the HTTP server that
// exposes it.
func NewRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}

// Register registers c with reg and returns it; when an equal collector is already
// registered (a second stage of the same kind, a server restarted in one process), it
// returns the registered one instead, so both share the same series.
func Register[C prometheus.Collector](reg prometheus.Registerer, c C) (C, error) {
	if err := reg.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) {
			if existing, ok := are.ExistingCollector.(C); ok {
				return existing, nil
			}
		}
		return c, err
	}
	return c, nil
}

// Pipeline holds the counters shared by every stage, each labelled with the stage. Create it
// once per registry with NewPipeline and hand each stage its Stage.
type Pipeline struct {
	in, out, errs, dead *prometheus.CounterVec
	fetch               *prometheus.HistogramVec
}

// NewPipeline creates the stage counters on reg (or finds them there, see Register).
//
//	tinkhabar_stage_items_in_total{stage,source}          messages a stage took in
//	tinkhabar_stage_items_out_total{stage,source}         messages a stage published (new, not duplicates)
//	tinkhabar_stage_errors_total{stage,source,kind}       failures by kind (fetch, parse, publish, …)
//	tinkhabar_dead_letters_total{stage,source,reason}     messages parked on DEAD
//	tinkhabar_fetch_duration_seconds{source,kind,outcome} HTTP fetch latency (kind feed|page)
func NewPipeline(reg prometheus.Registerer) (*Pipeline, error) {
	p := &Pipeline{
		in: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Subsystem: "stage", Name: "items_in_total",
			Help: "Messages a stage took in, by stage and source."}, []string{"stage", "source"}),
		out: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Subsystem: "stage", Name: "items_out_total",
			Help: "Messages a stage published and JetStream stored as new, by stage and source."}, []string{"stage", "source"}),
		errs: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Subsystem: "stage", Name: "errors_total",
			Help: "Failures by stage, source and kind of error."}, []string{"stage", "source", "kind"}),
		dead: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "dead_letters_total",
			Help: "Messages parked on DEAD, by stage, source and reason."}, []string{"stage", "source", "reason"}),
		fetch: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Name: "fetch_duration_seconds",
			Help:    "Time to fetch a feed or page, by source, kind (feed or page) and outcome (ok, not_modified, error).",
			Buckets: []float64{.05, .1, .25, .5, 1, 2.5, 5, 10, 30}}, []string{"source", "kind", "outcome"}),
	}
	var err error
	if p.in, err = Register(reg, p.in); err != nil {
		return nil, err
	}
	if p.out, err = Register(reg, p.out); err != nil {
		return nil, err
	}
	if p.errs, err = Register(reg, p.errs); err != nil {
		return nil, err
	}
	if p.dead, err = Register(reg, p.dead); err != nil {
		return nil, err
	}
	if p.fetch, err = Register(reg, p.fetch); err != nil {
		return nil, err
	}
	return p, nil
}

// Stage returns the counters of one stage ("feeds", "pages", "extractor", "serve"). A nil
// Pipeline gives a nil *Stage, whose methods do nothing: a stage built without metrics
// needs no checks.
func (p *Pipeline) Stage(name string) *Stage {
	if p == nil {
		return nil
	}
	return &Stage{p: p, name: name}
}

// Stage is the view of Pipeline for one stage. All methods are safe for concurrent use and
// do nothing on a nil *Stage.
type Stage struct {
	p    *Pipeline
	name string
}

// In counts one message taken in from source.
func (s *Stage) In(source string) {
	if s == nil {
		return
	}
	s.p.in.WithLabelValues(s.name, Token(source)).Inc()
}

// Out counts n messages published for source and stored as new.
func (s *Stage) Out(source string, n int) {
	if s == nil || n <= 0 {
		return
	}
	s.p.out.WithLabelValues(s.name, Token(source)).Add(float64(n))
}

// Error counts one failure of kind (a short snake_case code such as "fetch", "parse",
// "publish", "invalid_article") for source.
func (s *Stage) Error(source, kind string) {
	if s == nil {
		return
	}
	s.p.errs.WithLabelValues(s.name, Token(source), Token(kind)).Inc()
}

// Dead counts one message parked on DEAD for source with reason (the DeadLetter.Reason).
func (s *Stage) Dead(source, reason string) {
	if s == nil {
		return
	}
	s.p.dead.WithLabelValues(s.name, Token(source), Token(reason)).Inc()
}

// Fetch records the duration of one HTTP fetch of kind ("feed" or "page") for source, and its
// outcome: "ok", "not_modified" or "error".
func (s *Stage) Fetch(source, kind, outcome string, d time.Duration) {
	if s == nil {
		return
	}
	s.p.fetch.WithLabelValues(Token(source), Token(kind), Token(outcome)).Observe(d.Seconds())
}

// Token returns v when it is a contract token ([a-z0-9_-]+, at most 64 bytes) and Unknown
// otherwise: the form of every label value taken from data.
func Token(v string) string {
	if len(v) > 64 || !news.IsToken(v) {
		return Unknown
	}
	return v
}

// FetchOutcome names the outcome of a fetch for Stage.Fetch: "error" when err is set,
// "not_modified" for a 304, "ok" otherwise.
func FetchOutcome(notModified bool, err error) string {
	switch {
	case err != nil:
		return "error"
	case notModified:
		return "not_modified"
	}
	return "ok"
}
