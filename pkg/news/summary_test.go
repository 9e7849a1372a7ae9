package news_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tinkhabar/tinkhabar/pkg/news"
)

func TestSummary(t *testing.T) {
	kerman := &news.Location{ID: "ir/kerman", Name: "Kerman", Native: "کرمان", Country: "IR", Level: "province"}
	daNang := &news.Location{ID: "vn/da-nang", Name: "Da Nang", Native: "Đà Nẵng", Country: "VN", Level: "province"}
	day := func(v string) *news.Date {
		return &news.Date{Value: v, Precision: news.PrecisionDay, Calendar: news.CalendarPersian}
	}
	tests := []struct {
		name string
		ev   news.Event
		want string
	}{
		{
			name: "visit of the ICT minister",
			ev: news.Event{Type: news.TypeVisit, Location: kerman, Date: day("2025-12-01"), Status: news.StatusPlanned, DurationDays: 1,
				Visitor: &news.Visitor{Name: "محمدحسین رستگار", Role: "minister", Org: "ir/ict-ministry"}},
			want: "Minister of ICT visits Kerman province (Iran) on 2025-12-01 — planned",
		},
		{
			name: "deputy minister of Vietnam's science ministry; the duration is left out",
			ev: news.Event{Type: news.TypeVisit, Location: daNang, Date: day("2025-03-12"), Status: news.StatusDone, DurationDays: 3,
				Visitor: &news.Visitor{Role: "deputy_minister", Org: "vn/mst"}},
			want: "Deputy Minister of Science and Technology visits Da Nang (Vietnam) on 2025-03-12 — done",
		},
		{
			name: "company head abroad, month precision",
			ev: news.Event{Type: news.TypeVisit, Location: &news.Location{ID: "ru", Name: "Russia", Country: "RU", Level: "country"},
				Date: &news.Date{Value: "2025-10", Precision: news.PrecisionMonth}, DurationDays: 1, Status: news.StatusOngoing,
				Visitor: &news.Visitor{Role: "company_head", Org: "org/vnpt"}},
			want: "Head of VNPT visits Russia in October 2025 — ongoing",
		},
		{
			name: "governor touring a former Vietnamese province",
			ev: news.Event{Type: news.TypeVisit,
				Location: &news.Location{ID: "vn/binh-dinh", Name: "Binh Dinh", Country: "VN", Level: "province", CurrentID: "vn/gia-lai"},
				Visitor:  &news.Visitor{Role: "governor", Org: "vn/gia-lai"}},
			want: "Governor of Gia Lai visits Binh Dinh province (Vietnam)",
		},
		{
			name: "unknown company head, no date or status",
			ev:   news.Event{Type: news.TypeVisit, Location: kerman, Visitor: &news.Visitor{Role: "company_head", Org: "name:شرکت x"}},
			want: "Company head visits Kerman province (Iran)",
		},
		{
			name: "visit without visitor or place",
			ev:   news.Event{Type: news.TypeVisit},
			want: "An official visits an unnamed place",
		},
		{
			name: "exact project count with investment",
			ev: news.Event{Type: news.TypeProjectCount, Count: 347, Qualifier: news.QualExact, Location: kerman, Date: day("2025-12-01"),
				Status: news.StatusPlanned, Investment: &news.Money{Amount: 20_000_000_000_000, Currency: "IRR", Qualifier: news.QualExact}},
			want: "347 projects in Kerman province (Iran) on 2025-12-01, investment 20 trillion IRR — planned",
		},
		{
			name: "at-least count, fractional amount",
			ev: news.Event{Type: news.TypeProjectCount, Count: 180, Qualifier: news.QualAtLeast, Location: kerman, Status: news.StatusDone,
				Investment: &news.Money{Amount: 1_500_000_000, Currency: "VND", Qualifier: news.QualAbout}},
			want: "At least 180 projects in Kerman province (Iran), investment about 1.5 billion VND — done",
		},
		{
			name: "one nationwide project in a year",
			ev: news.Event{Type: news.TypeProjectCount, Count: 1, Date: &news.Date{Value: "2025", Precision: news.PrecisionYear},
				Status: news.StatusOngoing, Investment: &news.Money{Amount: 750_000, Currency: "USD"}},
			want: "1 project in 2025, investment 750,000 USD — ongoing",
		},
		{
			name: "strategic agreement between a province and a company",
			ev: news.Event{Type: news.TypeAgreement, AgreementKind: news.KindStrategic, Date: day("2025-10-23"), Status: news.StatusDone,
				Parties: []news.Party{{ID: "vn/gia-lai", Name: "UBND tỉnh Gia Lai", Kind: "government"}, {ID: "org/vnpt", Name: "VNPT"}}},
			want: "Strategic cooperation agreement between Gia Lai province and VNPT on 2025-10-23 — done",
		},
		{
			name: "three parties, one known only by name, one municipality",
			ev: news.Event{Type: news.TypeAgreement, AgreementKind: news.KindMoU, Status: news.StatusPlanned,
				Parties: []news.Party{{ID: "vn/ho-chi-minh"}, {ID: "name:đại học bách khoa", Name: "Đại học Bách khoa"}, {ID: "kr"}}},
			want: "Memorandum of understanding between Ho Chi Minh, Đại học Bách khoa and South Korea — planned",
		},
		{
			name: "a number of documents without named parties",
			ev:   news.Event{Type: news.TypeAgreement, AgreementKind: news.KindMoU, Count: 4, Parties: []news.Party{}, Status: news.StatusDone},
			want: "4 memoranda of understanding — done",
		},
		{
			name: "contract with the ICT ministry",
			ev: news.Event{Type: news.TypeAgreement, AgreementKind: news.KindContract,
				Parties: []news.Party{{ID: "ir/ict-ministry"}}},
			want: "Contract with the ICT Ministry of Iran",
		},
		{
			name: "unknown type",
			ev:   news.Event{Type: "road_opening", Location: kerman},
			want: "Road opening in Kerman province (Iran)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := news.Summary(&tt.ev); got != tt.want {
				t.Errorf("Summary:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestSummaryIsOneLine checks the promise of a single line when fields written as published
// hold line breaks, for every role.
func TestSummaryIsOneLine(t *testing.T) {
	for _, role := range []string{"minister", "deputy_minister", "president", "vice_president", "prime_minister",
		"governor", "party_secretary", "company_head", "delegation", "other", "unknown"} {
		ev := news.Event{Type: news.TypeVisit, Visitor: &news.Visitor{Role: role, Name: "a\nb", Org: "name:x\n\ty"}}
		s := news.Summary(&ev)
		if !strings.Contains(s, " visits ") || strings.ContainsAny(s, "\n\r\t") || strings.Contains(s, "  ") {
			t.Errorf("role %s: %q", role, s)
		}
	}
}

func ExampleSummary() {
	ev := &news.Event{
		Type:     news.TypeVisit,
		Lang:     news.LangFa,
		Location: &news.Location{ID: "ir/kerman", Name: "Kerman", Native: "کرمان", Country: "IR", Level: "province"},
		Date:     &news.Date{Value: "2025-12-01", Precision: news.PrecisionDay, Text: "دوشنبه ۱۰ آذرماه ۱۴۰۴", Calendar: news.CalendarPersian},
		Status:   news.StatusPlanned,
		Visitor:  &news.Visitor{Name: "محمدحسین رستگار", Role: "minister", Org: "ir/ict-ministry"},
	}
	fmt.Println(news.Summary(ev))
	// Output: Minister of ICT visits Kerman province (Iran) on 2025-12-01 — planned
}

func BenchmarkSummary(b *testing.B) {
	ev := &news.Event{Type: news.TypeProjectCount, Count: 347, Qualifier: news.QualAtLeast,
		Location:   &news.Location{ID: "ir/kerman", Name: "Kerman", Country: "IR", Level: "province"},
		Date:       &news.Date{Value: "2025-12-01", Precision: news.PrecisionDay},
		Investment: &news.Money{Amount: 20_000_000_000_000, Currency: "IRR"}, Status: news.StatusPlanned}
	b.ReportAllocs()
	for b.Loop() {
		news.Summary(ev)
	}
}
