package archive_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tinkhabar/tinkhabar/pipeline/archive"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

func sampleEnvelope(t testing.TB) ([]byte, *news.Event, time.Time) {
	t.Helper()
	ev := &news.Event{Type: news.TypeAgreement, Lang: news.LangVi, Parties: []news.Party{{ID: "org/vnpt"}},
		Article:   news.ArticleRef{ID: "a_0123456789abcdef", URL: "https://vnexpress.net/x", Source: "vnexpress", Published: "2025-10-23T01:02:03Z"},
		Extractor: news.Extractor{Version: "v"}}
	ev.ID = news.EventID(ev.Article.ID, ev.Type, ev.Key())
	at := time.Date(2025, 10, 23, 1, 2, 3, 456000000, time.UTC)
	b, err := news.MarshalEnvelope(ev, at)
	if err != nil {
		t.Fatal(err)
	}
	return b, ev, at
}

func TestDecodeEnvelope(t *testing.T) {
	good, ev, at := sampleEnvelope(t)
	got, gotAt, err := archive.DecodeEnvelope(good)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ev, got); diff != "" || !gotAt.Equal(at) {
		t.Errorf("decoded (-want +got):\n%s\ntime %v, want %v", diff, gotAt, at)
	}
	edit := func(f func(m map[string]any)) []byte {
		var m map[string]any
		if err := json.Unmarshal(good, &m); err != nil {
			t.Fatal(err)
		}
		f(m)
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	noTime := edit(func(m map[string]any) { delete(m, "time") })
	if _, at, err := archive.DecodeEnvelope(noTime); err != nil || !at.IsZero() {
		t.Errorf("no time: %v, %v; want a zero time and no error", at, err)
	}
	for name, in := range map[string][]byte{
		"not json":           []byte("{"),
		"spec version 9.9":   edit(func(m map[string]any) { m["specversion"] = "9.9" }),
		"no source":          edit(func(m map[string]any) { delete(m, "source") }),
		"no id":              edit(func(m map[string]any) { delete(m, "id") }),
		"foreign type":       edit(func(m map[string]any) { m["type"] = "com.example.x" }),
		"xml":                edit(func(m map[string]any) { m["datacontenttype"] = "application/xml" }),
		"no data":            edit(func(m map[string]any) { delete(m, "data") }),
		"data not an object": edit(func(m map[string]any) { m["data"] = []int{1} }),
		"id disagrees":       edit(func(m map[string]any) { m["id"] = "e_0000000000000000" }),
		"type disagrees":     edit(func(m map[string]any) { m["type"] = news.EnvelopeType(news.TypeVisit) }),
		"time not a time":    edit(func(m map[string]any) { m["time"] = "yesterday" }),
		"a bare json string": []byte(`"event"`),
		"an empty object":    []byte(`{}`),
	} {
		if _, _, err := archive.DecodeEnvelope(in); !errors.Is(err, news.ErrInvalidEnvelope) {
			t.Errorf("%s: err = %v, want ErrInvalidEnvelope", name, err)
		}
	}
}

// FuzzDecodeEnvelope checks that DecodeEnvelope accepts every envelope news.UnmarshalEnvelope
// accepts, with the same event and time, and never fails without ErrInvalidEnvelope.
func FuzzDecodeEnvelope(f *testing.F) {
	good, _, _ := sampleEnvelope(f)
	f.Add(good)
	f.Add([]byte(`{"specversion":"1.0","id":"x","source":"s","type":"org.tinkhabar.event.visit.v1","datacontenttype":"application/json","data":{"id":"x","type":"visit"}}`))
	f.Add([]byte(`{"specversion":"1.0","id":"x","source":"s","type":"org.tinkhabar.event.visit.v1","data":{"id":"x","type":"visit"}}`))
	f.Add([]byte(`{"specversion":"1.0","id":"x","source":"s","type":"org.tinkhabar.event.visit.v1","datacontenttype":"application/json; charset=utf-8","data":{"id":"x","type":"visit"}}`))
	f.Add([]byte(`{"specversion":"0.3","id":"x","source":"s","type":"org.tinkhabar.event.visit.v1","datacontenttype":"application/json","data":{"id":"x","type":"visit"}}`))
	f.Add([]byte(`{"specversion":"1.0","id":"x","source":"s","type":"org.tinkhabar.event.visit.v1","datacontenttype":"application/json","data_base64":"eyJpZCI6IngiLCJ0eXBlIjoidmlzaXQifQ=="}`))
	f.Add([]byte(`{"specversion":"1.0","id":"x","source":"s","type":"org.tinkhabar.event.visit.v1","datacontenttype":"application/json","time":"2025-01-01T00:00:00.5+03:30","data":{"id":"x","type":"visit"}}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ev, at, err := archive.DecodeEnvelope(b)
		if err != nil && !errors.Is(err, news.ErrInvalidEnvelope) {
			t.Fatalf("error without ErrInvalidEnvelope: %v", err)
		}
		want, env, werr := news.UnmarshalEnvelope(b)
		if werr != nil {
			return
		}
		if err != nil {
			t.Fatalf("news accepts what DecodeEnvelope refuses (%v): %s", err, b)
		}
		if diff := cmp.Diff(want, ev); diff != "" {
			t.Fatalf("events differ (-news +archive):\n%s", diff)
		}
		if !env.Time().Equal(at) {
			t.Fatalf("time %v, news says %v", at, env.Time())
		}
	})
}
