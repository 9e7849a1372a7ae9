package serve

import (
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/tinkhabar/tinkhabar/pkg/news"
)

func benchEvent(i int) []byte {
	langs := []string{news.LangFa, news.LangVi}
	locs := []*news.Location{
		{ID: "ir/kerman", Name: "Kerman", Native: "کرمان", Country: "IR", Level: "province"},
		{ID: "vn/gia-lai", Name: "Gia Lai", Native: "Gia Lai", Country: "VN", Level: "province"},
		{ID: "ir/tehran", Name: "Tehran", Native: "تهران", Country: "IR", Level: "province"},
	}
	ev := &news.Event{Type: news.TypeVisit, Lang: langs[i%2], Location: locs[i%3],
		Article:   news.ArticleRef{ID: fmt.Sprintf("a_%d", i), Source: fmt.Sprintf("src%d", i%15), Published: time.Date(2025, 1, 1+i%365, 0, 0, 0, 0, time.UTC).Format(time.RFC3339)},
		Visitor:   &news.Visitor{Name: "محمدحسین رستگار", Role: "minister", RoleText: "وزیر ارتباطات و فناوری اطلاعات", Org: "ir/ict-ministry"},
		Evidence:  news.Evidence{Text: "محمدحسین رستگار وزیر ارتباطات و فناوری اطلاعات روز دوشنبه ۱۰ آذرماه ۱۴۰۴ در سفری یک روزه به استان کرمان سفر می‌کند.", Start: 0, End: 200},
		Extractor: news.Extractor{Version: "bench"}, Confidence: 0.9, Status: news.StatusPlanned}
	if ev.Lang == news.LangVi {
		ev.Visitor = &news.Visitor{Name: "Nguyễn Mạnh Hùng", Role: "minister", RoleText: "Bộ trưởng Bộ Khoa học và Công nghệ", Org: "vn/mst"}
		ev.Evidence.Text = "Sáng 23/10, Bộ trưởng Bộ Khoa học và Công nghệ Nguyễn Mạnh Hùng đã có chuyến công tác tại tỉnh Gia Lai và làm việc với UBND tỉnh về chuyển đổi số."
	}
	ev.ID = news.EventID(ev.Article.ID, ev.Type, ev.Key())
	b, err := news.MarshalEnvelope(ev, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		panic(err)
	}
	return b
}

// BenchmarkDecodeEntry measures reading one stored event into the index.
func BenchmarkDecodeEntry(b *testing.B) {
	for _, lang := range []struct {
		name string
		i    int
	}{{"fa", 0}, {"vi", 1}} {
		msg := benchEvent(lang.i)
		b.Run(lang.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := decodeEntry(1, msg, "src1"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkQuery measures GET /api/events and /api/stats work over a full index of 100 000
// events: a filtered page, a search that scans everything, and the statistics.
func BenchmarkQuery(b *testing.B) {
	x := newIndex(100_000, nil)
	for i := range 100_000 {
		e, err := decodeEntry(uint64(i+1), benchEvent(i), "")
		if err != nil {
			b.Fatal(err)
		}
		x.add(uint64(i+1), e)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct{ name, query string }{
		{"page/lang", "lang=fa&limit=50"},
		{"page/location", "location=ir/tehran&limit=50"},
		{"search/no-match", "q=" + url.QueryEscape("هیچ‌چیز")},
		{"stats/all", ""},
	} {
		q, err := ParseQuery(mustValues(tt.query), now, 50, 500)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(tt.name, func(b *testing.B) {
			for b.Loop() {
				if tt.name == "stats/all" {
					n := 0
					x.each(q, func(*entry) { n++ })
					continue
				}
				x.page(q, 0, q.Limit)
			}
		})
	}
}

func mustValues(s string) url.Values {
	v, err := url.ParseQuery(s)
	if err != nil {
		panic(err)
	}
	return v
}

// FuzzParseQuery: any query string is parsed or rejected, never a panic; what is accepted
// keeps its promises (tokens, a positive limit not above the maximum).
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"", "type=visit&lang=fa", "since=7d&until=2025-01-01", "q=%D9%83%D8%B1%D9%85%D8%A7%D9%86",
		"cursor=18446744073709551615", "limit=-1", "location=ir/kerman,vn/gia-lai", "since=9999999999d", "since=-5h"} {
		f.Add(s)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, err := ParseQuery(v, now, 50, 500)
		if err != nil {
			return
		}
		if q.Limit < 1 || q.Limit > 500 {
			t.Fatalf("limit %d", q.Limit)
		}
		for _, vs := range [][]string{q.Types, q.Langs, q.Sources} {
			for _, tok := range vs {
				if !news.IsToken(tok) {
					t.Fatalf("accepted %q", tok)
				}
			}
		}
	})
}

// FuzzDecodeEntry: whatever a stream holds, decoding it gives an entry or an error.
func FuzzDecodeEntry(f *testing.F) {
	f.Add(benchEvent(1))
	f.Add([]byte(`{"specversion":"1.0","id":"e_1","source":"tinkhabar/extractor","type":"org.tinkhabar.event.visit.v1","datacontenttype":"application/json","data":{"id":"e_1","type":"visit"}}`))
	f.Add([]byte(`{"data":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := decodeEntry(1, data, "x")
		if err == nil && (e.json == nil || e.id == "") {
			t.Fatalf("entry without envelope or id: %+v", e)
		}
	})
}
