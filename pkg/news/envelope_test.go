package news_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tinkhabar/tinkhabar/pkg/news"
)

func sampleEvent() *news.Event {
	ev := &news.Event{
		Type: news.TypeVisit,
		Lang: news.LangFa,
		Article: news.ArticleRef{
			ID:        "a_3f9c2e7d1b0a4c55",
			URL:       "https://www.mehrnews.com/news/6678412/x",
			Source:    "mehrnews",
			Published: "2025-11-29T08:40:00Z",
		},
		Date:       &news.Date{Value: "2025-12-01", Precision: news.PrecisionDay, Text: "دوشنبه ۱۰ آذرماه ۱۴۰۴", Calendar: news.CalendarPersian},
		Location:   &news.Location{ID: "ir/kerman", Name: "Kerman", Native: "کرمان", Country: "IR", Level: "province", CurrentID: "ir/kerman"},
		Status:     news.StatusPlanned,
		Evidence:   news.Evidence{Text: "وزیر … سفر می‌کند", Start: 10, End: 40},
		Confidence: 0.93,
		Extractor:  news.Extractor{Version: "1.0.0"},
		Visitor:    &news.Visitor{Name: "محمدحسین رستگار", Role: "minister", Org: "ir/ict-ministry"},
	}
	ev.ID = news.EventID(ev.Article.ID, ev.Type, ev.Key())
	return ev
}

func TestEnvelopeRoundTrip(t *testing.T) {
	ev := sampleEvent()
	at := time.Date(2025, 11, 29, 9, 0, 0, 0, time.FixedZone("IRST", 3*3600+1800))
	b, err := news.MarshalEnvelope(ev, at)
	if err != nil {
		t.Fatal(err)
	}

	// The attributes a subscriber sees without the SDK.
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	wantAttrs := map[string]any{
		"specversion":     "1.0",
		"id":              ev.ID,
		"source":          "tinkhabar/extractor",
		"type":            "org.tinkhabar.event.visit.v1",
		"subject":         ev.Article.URL,
		"time":            "2025-11-29T05:30:00Z",
		"datacontenttype": "application/json",
	}
	for k, want := range wantAttrs {
		if raw[k] != want {
			t.Errorf("attribute %s = %v, want %v", k, raw[k], want)
		}
	}
	if _, ok := raw["data"].(map[string]any); !ok {
		t.Errorf("data is %T, want a JSON object (structured mode, not base64)", raw["data"])
	}

	got, env, err := news.UnmarshalEnvelope(b)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ev, got); diff != "" {
		t.Errorf("event changed in the round trip (-want +got):\n%s", diff)
	}
	if !env.Time().Equal(at) {
		t.Errorf("time = %v, want %v", env.Time(), at)
	}
}

func TestEnvelopeDeterministicData(t *testing.T) {
	ev := sampleEvent()
	a, err := news.NewEnvelope(ev, time.Unix(1, 0))
	if err != nil {
		t.Fatal(err)
	}
	b, err := news.NewEnvelope(ev, time.Unix(2, 0))
	if err != nil {
		t.Fatal(err)
	}
	if string(a.Data()) != string(b.Data()) {
		t.Errorf("data differs between two wraps of one event:\n%s\n%s", a.Data(), b.Data())
	}
}

func TestEnvelopeNoURLNoSubject(t *testing.T) {
	ev := sampleEvent()
	ev.Article.URL = ""
	b, err := news.MarshalEnvelope(ev, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	if _, ok := raw["subject"]; ok {
		t.Errorf("subject present for an event with no article URL: %s", b)
	}
}

func TestNewEnvelopeRejects(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*news.Event)
	}{
		{"no id", func(e *news.Event) { e.ID = "" }},
		{"no type", func(e *news.Event) { e.Type = "" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev := sampleEvent()
			tc.edit(ev)
			if _, err := news.NewEnvelope(ev, time.Now()); !errors.Is(err, news.ErrInvalidEnvelope) {
				t.Errorf("err = %v, want ErrInvalidEnvelope", err)
			}
		})
	}
}

func TestUnmarshalEnvelopeRejects(t *testing.T) {
	ev := sampleEvent()
	good, err := news.MarshalEnvelope(ev, time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
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
	for _, tc := range []struct {
		name string
		in   []byte
	}{
		{"not json", []byte("{")},
		{"no source", edit(func(m map[string]any) { delete(m, "source") })},
		{"foreign type", edit(func(m map[string]any) { m["type"] = "com.example.thing" })},
		{"type version 2", edit(func(m map[string]any) { m["type"] = "org.tinkhabar.event.visit.v2" })},
		{"id disagrees with data", edit(func(m map[string]any) { m["id"] = "e_0000000000000000" })},
		{"type disagrees with data", edit(func(m map[string]any) { m["type"] = news.EnvelopeType(news.TypeAgreement) })},
		{"data not an event", edit(func(m map[string]any) { m["data"] = []int{1, 2} })},
		{"xml data", edit(func(m map[string]any) { m["datacontenttype"] = "application/xml"; m["data"] = "<a/>" })},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := news.UnmarshalEnvelope(tc.in); !errors.Is(err, news.ErrInvalidEnvelope) {
				t.Errorf("err = %v, want ErrInvalidEnvelope", err)
			}
		})
	}
}

func TestEventTypeOf(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"org.tinkhabar.event.visit.v1", "visit", true},
		{"org.tinkhabar.event.project_count.v1", "project_count", true},
		{"org.tinkhabar.event..v1", "", false},
		{"org.tinkhabar.event.visit.v2", "", false},
		{"org.tinkhabar.event.Visit.v1", "", false},
		{"com.example.visit.v1", "", false},
	} {
		got, ok := news.EventTypeOf(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("EventTypeOf(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	for _, typ := range news.Types {
		if got, ok := news.EventTypeOf(news.EnvelopeType(typ)); !ok || got != typ {
			t.Errorf("EventTypeOf(EnvelopeType(%q)) = %q, %v", typ, got, ok)
		}
	}
}

func FuzzUnmarshalEnvelope(f *testing.F) {
	good, err := news.MarshalEnvelope(sampleEvent(), time.Unix(0, 0))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(`{"specversion":"1.0","id":"x","source":"s","type":"org.tinkhabar.event.visit.v1","data":{"id":"x","type":"visit"}}`))
	f.Add([]byte(`{"specversion":"0.3","id":"x","source":"s","type":"t"}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ev, env, err := news.UnmarshalEnvelope(b)
		if err != nil {
			if !errors.Is(err, news.ErrInvalidEnvelope) {
				t.Fatalf("error does not wrap ErrInvalidEnvelope: %v", err)
			}
			return
		}
		if ev.ID != env.ID() {
			t.Fatalf("accepted an envelope whose id %q differs from its data's %q", env.ID(), ev.ID)
		}
	})
}

func ExampleMarshalEnvelope() {
	ev := &news.Event{Type: news.TypeProjectCount, Lang: news.LangVi, Count: 12, Qualifier: news.QualExact,
		Article: news.ArticleRef{ID: "a_0123456789abcdef", URL: "https://vnexpress.net/x", Source: "vnexpress"}}
	ev.ID = news.EventID(ev.Article.ID, ev.Type, ev.Key())
	b, err := news.MarshalEnvelope(ev, time.Date(2025, 10, 23, 1, 2, 3, 0, time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	fmt.Println(m["type"], m["source"], m["time"])
	// Output: org.tinkhabar.event.project_count.v1 tinkhabar/extractor 2025-10-23T01:02:03Z
}
