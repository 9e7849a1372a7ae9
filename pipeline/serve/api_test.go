package serve_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tinkhabar/tinkhabar/pipeline/serve"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// withFixtures starts a bus with the seven fixtures and a server that has read them. It
// returns the server and the fixture names by event id.
func withFixtures(t *testing.T, cfg serve.Config) (*running, *testBus, map[string]string) {
	t.Helper()
	b := newBus(t)
	fx := fixtures()
	names := map[string]string{}
	var evs []*news.Event
	for _, f := range fx {
		names[f.ev.ID] = f.name
		evs = append(evs, f.ev)
	}
	seqs := b.publish(t, evs...)
	r := startServer(t, b, cfg)
	r.waitSequence(t, seqs[len(seqs)-1])
	return r, b, names
}

func namesOf(t *testing.T, page serve.EventsPage, names map[string]string) []string {
	t.Helper()
	out := []string{}
	for _, e := range decodeEnvelopes(t, page.Events) {
		out = append(out, names[e.ID])
	}
	return out
}

func TestEventsFilters(t *testing.T) {
	r, _, names := withFixtures(t, serve.DefaultConfig())
	tests := []struct {
		query string
		want  []string // newest first
	}{
		{"", []string{"fa-agree-mci", "vi-count-hanoi", "fa-visit-tehran", "vi-visit-binhdinh", "vi-agree-gialai", "fa-count-kerman", "fa-visit-kerman"}},
		{"type=visit", []string{"fa-visit-tehran", "vi-visit-binhdinh", "fa-visit-kerman"}},
		{"lang=fa", []string{"fa-agree-mci", "fa-visit-tehran", "fa-count-kerman", "fa-visit-kerman"}},
		{"type=visit,agreement&lang=vi", []string{"vi-visit-binhdinh", "vi-agree-gialai"}},
		{"source=mehrnews", []string{"fa-count-kerman", "fa-visit-kerman"}},
		{"source=mehrnews,isna&type=agreement", []string{"fa-agree-mci"}},
		// A former province matches through its current_id; an agreement through a party.
		{"location=vn/gia-lai", []string{"vi-visit-binhdinh", "vi-agree-gialai"}},
		{"location=vn/binh-dinh", []string{"vi-visit-binhdinh"}},
		{"location=org/mci", []string{"fa-agree-mci"}},
		{"location=ir/kerman,ir/tehran", []string{"fa-visit-tehran", "fa-count-kerman", "fa-visit-kerman"}},
		{"since=2025-12-01", []string{"fa-agree-mci", "vi-count-hanoi", "fa-visit-tehran"}},
		{"until=2025-10-23", []string{"vi-visit-binhdinh", "vi-agree-gialai"}},
		{"since=2025-11-01&until=2025-12-15", []string{"fa-visit-tehran", "fa-count-kerman", "fa-visit-kerman"}},
		{"since=2025-12-15T06:00:00Z&until=2025-12-20T01:00:00Z", []string{"fa-visit-tehran"}},
		// Search: Arabic kaf and Persian kaf alike, case and tone-mark forms alike.
		{"q=" + url.QueryEscape("کرمان"), []string{"fa-count-kerman", "fa-visit-kerman"}},
		{"q=" + url.QueryEscape("كرمان"), []string{"fa-count-kerman", "fa-visit-kerman"}},
		{"q=" + url.QueryEscape("HÀ NỘI"), []string{"vi-count-hanoi"}},
		{"q=" + url.QueryEscape("thoả thuận"), []string{"vi-agree-gialai"}},
		{"q=vnpt", []string{"vi-agree-gialai"}},
		{"q=" + url.QueryEscape("minister of ICT"), []string{"fa-visit-kerman"}},
		{"type=project_count&q=" + url.QueryEscape("۳۴۷"), []string{"fa-count-kerman"}},
		{"lang=vi&source=mehrnews", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			var page serve.EventsPage
			if code := getJSON(t, r.base+"/api/events?"+tt.query, &page); code != http.StatusOK {
				t.Fatalf("status %d", code)
			}
			if diff := cmp.Diff(tt.want, namesOf(t, page, names)); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
			if page.NextCursor != "" {
				t.Errorf("next_cursor %q on a page that holds every match", page.NextCursor)
			}
			if page.LastSequence != 7 {
				t.Errorf("last_sequence %d, want 7", page.LastSequence)
			}
		})
	}
}

func TestEventsBadQueries(t *testing.T) {
	r, _, _ := withFixtures(t, serve.DefaultConfig())
	for _, q := range []string{"type=Visit", "lang=fa.x", "source=a*", "limit=0", "limit=x", "cursor=abc", "cursor=0",
		"since=yesterday", "until=2025-13-01", "location=" + url.QueryEscape("a\nb"), "q=" + strings.Repeat("x", 201)} {
		t.Run(q, func(t *testing.T) {
			resp, err := http.Get(r.base + "/api/events?" + q)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body struct{ Error string }
			_ = json.NewDecoder(resp.Body).Decode(&body)
			if resp.StatusCode != http.StatusBadRequest || body.Error == "" {
				t.Errorf("status %d, error %q; want 400 with an error", resp.StatusCode, body.Error)
			}
		})
	}
}

func TestEventsPagination(t *testing.T) {
	r, _, names := withFixtures(t, serve.DefaultConfig())
	for _, tt := range []struct {
		query string
		limit string
		pages [][]string
	}{
		{"", "3", [][]string{
			{"fa-agree-mci", "vi-count-hanoi", "fa-visit-tehran"},
			{"vi-visit-binhdinh", "vi-agree-gialai", "fa-count-kerman"},
			{"fa-visit-kerman"},
		}},
		// A last page exactly full has no next_cursor.
		{"lang=fa", "2", [][]string{
			{"fa-agree-mci", "fa-visit-tehran"},
			{"fa-count-kerman", "fa-visit-kerman"},
		}},
		{"type=visit", "1", [][]string{{"fa-visit-tehran"}, {"vi-visit-binhdinh"}, {"fa-visit-kerman"}}},
	} {
		t.Run(tt.query+"/"+tt.limit, func(t *testing.T) {
			cursor := ""
			for i, want := range tt.pages {
				u := r.base + "/api/events?limit=" + tt.limit + "&" + tt.query
				if cursor != "" {
					u += "&cursor=" + cursor
				}
				var page serve.EventsPage
				if code := getJSON(t, u, &page); code != http.StatusOK {
					t.Fatalf("page %d: status %d", i, code)
				}
				if diff := cmp.Diff(want, namesOf(t, page, names)); diff != "" {
					t.Fatalf("page %d (-want +got):\n%s", i, diff)
				}
				last := i == len(tt.pages)-1
				if last != (page.NextCursor == "") {
					t.Fatalf("page %d: next_cursor %q, last page %v", i, page.NextCursor, last)
				}
				cursor = page.NextCursor
			}
		})
	}
}

func TestEventsCarrySummary(t *testing.T) {
	r, _, names := withFixtures(t, serve.DefaultConfig())
	var page serve.EventsPage
	getJSON(t, r.base+"/api/events?type=visit&lang=fa", &page)
	got := map[string]string{}
	for _, e := range decodeEnvelopes(t, page.Events) {
		got[names[e.ID]] = e.Data.SummaryEn
		if e.Type != news.EnvelopeType(e.Data.Type) {
			t.Errorf("%s: envelope type %q for data type %q", e.ID, e.Type, e.Data.Type)
		}
	}
	want := map[string]string{
		"fa-visit-kerman": "Minister of ICT visits Kerman province (Iran) on 2025-12-01 — planned",
		"fa-visit-tehran": "Governor visits Tehran province (Iran) — done",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("summaries (-want +got):\n%s", diff)
	}
}

func TestEventByID(t *testing.T) {
	// Keep only two events in memory: the oldest are still read from the stream.
	cfg := serve.DefaultConfig()
	cfg.MaxEvents = 2
	r, _, _ := withFixtures(t, cfg)
	fx := fixtures()

	var page serve.EventsPage
	getJSON(t, r.base+"/api/events", &page)
	if len(page.Events) != 2 {
		t.Fatalf("%d events in memory, want 2 (max_events)", len(page.Events))
	}

	oldest := fx[0].ev
	resp, err := http.Get(r.base + "/api/events/" + oldest.ID)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != news.EnvelopeContentType {
		t.Errorf("content type %q", ct)
	}
	if seq := resp.Header.Get("X-Stream-Sequence"); seq != "1" {
		t.Errorf("X-Stream-Sequence %q, want 1", seq)
	}
	got, _, err := news.UnmarshalEnvelope(body)
	if err != nil {
		t.Fatal(err)
	}
	want := *oldest
	want.SummaryEn = news.Summary(oldest)
	if diff := cmp.Diff(&want, got); diff != "" {
		t.Errorf("event (-want +got):\n%s", diff)
	}

	for _, tt := range []struct {
		id   string
		code int
	}{{"e_0000000000000000", http.StatusNotFound}, {"E_UPPER", http.StatusBadRequest}, {"a*", http.StatusBadRequest}} {
		if code := getJSON(t, r.base+"/api/events/"+url.PathEscape(tt.id), nil); code != tt.code {
			t.Errorf("%s: status %d, want %d", tt.id, code, tt.code)
		}
	}
}

func TestStats(t *testing.T) {
	r, _, _ := withFixtures(t, serve.DefaultConfig())
	var st serve.Stats
	if code := getJSON(t, r.base+"/api/stats", &st); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	want := serve.Stats{
		Total:    7,
		ByType:   map[string]int{"visit": 3, "project_count": 2, "agreement": 2},
		ByLang:   map[string]int{"fa": 4, "vi": 3},
		BySource: map[string]int{"mehrnews": 2, "baogialai": 1, "tuoitre": 1, "irna": 1, "vnexpress": 1, "isna": 1},
		ByDay: map[string]int{"2025-11-29": 2, "2025-10-23": 1, "2024-12-01": 1, "2025-12-15": 1, "2025-12-20": 1,
			"2026-01-05": 1},
		// A former province counts under the unit it is part of now; agreements have no
		// location. Names come from the gazetteer.
		Locations: []serve.LocationStat{
			{ID: "ir/kerman", Name: "Kerman", Native: "کرمان", Count: 2},
			{ID: "ir/tehran", Name: "Tehran", Native: "تهران", Count: 1},
			{ID: "vn/gia-lai", Name: "Gia Lai", Native: "Gia Lai", Count: 1},
			{ID: "vn/ha-noi", Name: "Ha Noi", Native: "Hà Nội", Count: 1},
		},
		ByLocationDay: map[string]map[string]int{
			"ir/kerman":  {"2025-11-29": 2},
			"ir/tehran":  {"2025-12-15": 1},
			"vn/gia-lai": {"2024-12-01": 1},
			"vn/ha-noi":  {"2025-12-20": 1},
		},
		LastSequence: 7,
	}
	if diff := cmp.Diff(want, st); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}

	var fa serve.Stats
	getJSON(t, r.base+"/api/stats?lang=fa&type=visit", &fa)
	if fa.Total != 2 || fa.ByType["visit"] != 2 || len(fa.ByLang) != 1 {
		t.Errorf("filtered stats: %+v", fa)
	}
}

// TestExtractorSummaryIsKept: an event that carries its own summary_en is served as stored.
func TestExtractorSummaryIsKept(t *testing.T) {
	b := newBus(t)
	ev := fixtures()[0].ev
	ev.SummaryEn = "The extractor's own line"
	seq := b.publish(t, ev)[0]
	r := startServer(t, b, serve.DefaultConfig())
	r.waitSequence(t, seq)
	var page serve.EventsPage
	getJSON(t, r.base+"/api/events", &page)
	if got := decodeEnvelopes(t, page.Events); len(got) != 1 || got[0].Data.SummaryEn != ev.SummaryEn {
		t.Errorf("served %+v, want the stored summary %q", got, ev.SummaryEn)
	}
}
