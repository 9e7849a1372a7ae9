package metrics

import (
	"reflect"
	"strings"
	"time"
	"unicode"

	"github.com/prometheus/client_golang/prometheus"
)

// StatsCollector exposes the counters a stage already keeps in a Stats struct (feeds.Stats,
// pages.Stats, extractor.Stats): snapshot is called at every scrape and must return a struct
// (or a pointer to one). Each unsigned or signed integer field becomes a series of
//
//	tinkhabar_stage_stats_total{stage="<stage>",stat="<field in snake_case>"}
//
// and each time.Duration field a series of tinkhabar_stage_stats_seconds; other fields are
// ignored. The stage is a constant label, so one registry holds a collector per stage.
func StatsCollector(stage string, snapshot func() any) prometheus.Collector {
	labels := prometheus.Labels{"stage": stage}
	return &statsCollector{
		snapshot: snapshot,
		counts: prometheus.NewDesc(prometheus.BuildFQName(Namespace, "stage", "stats_total"),
			"Counters a stage keeps in its Stats, by stat.", []string{"stat"}, labels),
		seconds: prometheus.NewDesc(prometheus.BuildFQName(Namespace, "stage", "stats_seconds"),
			"Durations a stage keeps in its Stats, by stat.", []string{"stat"}, labels),
	}
}

type statsCollector struct {
	snapshot        func() any
	counts, seconds *prometheus.Desc
}

func (c *statsCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.counts
	ch <- c.seconds
}

var durationType = reflect.TypeFor[time.Duration]()

func (c *statsCollector) Collect(ch chan<- prometheus.Metric) {
	v := reflect.ValueOf(c.snapshot())
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return
	}
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		fv := v.Field(i)
		name := snake(f.Name)
		switch {
		case f.Type == durationType:
			ch <- prometheus.MustNewConstMetric(c.seconds, prometheus.GaugeValue, time.Duration(fv.Int()).Seconds(), name)
		case fv.CanUint():
			ch <- prometheus.MustNewConstMetric(c.counts, prometheus.CounterValue, float64(fv.Uint()), name)
		case fv.CanInt():
			ch <- prometheus.MustNewConstMetric(c.counts, prometheus.CounterValue, float64(fv.Int()), name)
		}
	}
}

// snake turns a Go field name into snake_case: "NotModified" gives "not_modified", "PageJobs"
// "page_jobs", "MaxGap" "max_gap".
func snake(s string) string {
	var b strings.Builder
	runes := []rune(s)
	for i, r := range runes {
		if unicode.IsUpper(r) {
			// A new word starts at an upper-case letter after a lower-case one, or before a
			// lower-case one inside a run of capitals ("HTTPErrors" → "http_errors").
			if i > 0 && (unicode.IsLower(runes[i-1]) || i+1 < len(runes) && unicode.IsLower(runes[i+1]) && unicode.IsUpper(runes[i-1])) {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
