package serve_test

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/tinkhabar/tinkhabar/pipeline/metrics"
	"github.com/tinkhabar/tinkhabar/pipeline/serve"
)

// scrapeMetrics reads /metrics and returns every sample as "name{k="v",…}" → value, labels sorted.
func scrapeMetrics(t *testing.T, base string) map[string]float64 {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: status %d", resp.StatusCode)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parsing /metrics: %v", err)
	}
	out := map[string]float64{}
	for name, f := range fams {
		for _, m := range f.GetMetric() {
			var labels []string
			for _, l := range m.GetLabel() {
				labels = append(labels, fmt.Sprintf("%s=%q", l.GetName(), l.GetValue()))
			}
			sort.Strings(labels)
			key := name + "{" + strings.Join(labels, ",") + "}"
			switch {
			case m.Counter != nil:
				out[key] = m.GetCounter().GetValue()
			case m.Gauge != nil:
				out[key] = m.GetGauge().GetValue()
			case m.Histogram != nil:
				out[key] = float64(m.GetHistogram().GetSampleCount())
			case m.Untyped != nil:
				out[key] = m.GetUntyped().GetValue()
			}
		}
	}
	return out
}

// TestMetricsMoveWithDemoRun scrapes /metrics, runs the demo pipeline on the sample site,
// scrapes again and checks that what moved moved as the run says it should.
func TestMetricsMoveWithDemoRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole demo pipeline")
	}
	b := newBus(t)
	reg := metrics.NewRegistry()
	d := newDemo(t, b, reg)
	r := startServerWith(t, b, serve.DefaultConfig(), func(deps *serve.Deps) {
		deps.Registry = reg
		deps.Sources = d.sources
	})
	before := scrapeMetrics(t, r.base)
	d.run(t)
	events := b.eventCount(t)
	r.waitSequence(t, events)
	after := scrapeMetrics(t, r.base)
	if events == 0 {
		t.Fatal("the demo run stored no event")
	}

	exact := []struct {
		key           string
		before, after float64
	}{
		{`tinkhabar_stream_messages{stream="ARTICLES"}`, 0, float64(d.articles)},
		{`tinkhabar_stream_messages{stream="EVENTS"}`, 0, float64(events)},
		{`tinkhabar_stream_last_sequence{stream="EVENTS"}`, 0, float64(events)},
		{`tinkhabar_serve_events_indexed{}`, 0, float64(events)},
		{`tinkhabar_serve_last_sequence{}`, 0, float64(events)},
		{`tinkhabar_stage_stats_total{stage="extractor",stat="acked"}`, 0, float64(d.articles)},
		{`tinkhabar_stage_stats_total{stage="extractor",stat="events"}`, 0, float64(events)},
		{`tinkhabar_stage_stats_total{stage="extractor",stat="dead"}`, 0, 0},
		{`tinkhabar_stage_stats_total{stage="feeds",stat="failed"}`, 0, 0},
		{`tinkhabar_consumer_pending_messages{consumer="extractor",stream="ARTICLES"}`, 0, 0},
		{`tinkhabar_source_up{source="mehrnews"}`, 1, 1},
		{`tinkhabar_jetstream_up{}`, 1, 1},
	}
	for _, c := range exact {
		b, okB := before[c.key]
		a, okA := after[c.key]
		if c.before != 0 && !okB || !okA {
			t.Errorf("%s: missing (before %v, after %v)", c.key, okB, okA)
			continue
		}
		if b != c.before || a != c.after {
			t.Errorf("%s: %v → %v, want %v → %v", c.key, b, a, c.before, c.after)
		}
	}
	// Counters that must have grown, by an amount the run does not fix exactly.
	for _, key := range []string{
		`tinkhabar_stage_stats_total{stage="feeds",stat="polled"}`,
		`tinkhabar_stage_stats_total{stage="feeds",stat="items"}`,
		`tinkhabar_stage_stats_total{stage="pages",stat="pages"}`,
		`tinkhabar_stage_stats_total{stage="pages",stat="articles"}`,
		`tinkhabar_http_requests_total{code="200",handler="metrics"}`,
		// Per source, from the stages' own counters: feed and page fetches with their latency.
		`tinkhabar_stage_items_in_total{source="mehrnews",stage="feeds"}`,
		`tinkhabar_stage_items_in_total{source="mehrnews",stage="pages"}`,
		`tinkhabar_fetch_duration_seconds{kind="feed",outcome="ok",source="mehrnews"}`,
		`tinkhabar_fetch_duration_seconds{kind="page",outcome="ok",source="mehrnews"}`,
	} {
		if after[key] <= before[key] {
			t.Errorf("%s did not grow: %v → %v", key, before[key], after[key])
		}
	}
	// The articles came from full-text feeds and from pages: together, all of them.
	got := after[`tinkhabar_stage_stats_total{stage="feeds",stat="articles"}`] + after[`tinkhabar_stage_stats_total{stage="pages",stat="articles"}`]
	if got != float64(d.articles) {
		t.Errorf("feeds + pages published %v articles, the site has %d", got, d.articles)
	}
	t.Logf("demo run: %d articles, %d events", d.articles, events)
}
