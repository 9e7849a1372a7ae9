package gold

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/tinkhabar/tinkhabar/pkg/news"
)

func visit(loc, cur string) Event { return Event{Type: news.TypeVisit, Location: loc, CurrentID: cur} }

func count(n int64) Event { return Event{Type: news.TypeProjectCount, Count: n} }

func agreement(n int64, parties ...string) Event {
	if parties == nil {
		parties = []string{}
	}
	return Event{Type: news.TypeAgreement, Parties: parties, Count: n}
}

func TestKeyMatches(t *testing.T) {
	tests := []struct {
		name string
		g, p Event
		want bool
	}{
		{"visit same location", visit("ir/kerman", ""), visit("ir/kerman", ""), true},
		{"visit other location", visit("ir/kerman", ""), visit("ir/kermanshah", ""), false},
		{"visit no current ids: empty ids do not match", visit("vn/ha-noi", ""), visit("vn/hue", ""), false},
		{"prediction's current_id is the gold location", visit("vn/da-nang", ""), visit("vn/quang-nam", "vn/da-nang"), true},
		{"gold current_id is the predicted location", visit("vn/quang-nam", "vn/da-nang"), visit("vn/da-nang", ""), true},
		{"both current_ids equal", visit("vn/ha-nam", "vn/ninh-binh"), visit("vn/nam-dinh", "vn/ninh-binh"), true},
		{"gold location is the predicted current_id's former", visit("vn/binh-dinh", "vn/gia-lai"), visit("vn/quang-nam", "vn/da-nang"), false},
		{"type differs", visit("ir/yazd", ""), Event{Type: news.TypeProjectCount, Location: "ir/yazd"}, false},
		{"count equal", count(347), count(347), true},
		{"count differs", count(347), count(34), false},
		{"count on another type", count(12), agreement(12), false},
		{"one party in common", agreement(0, "vn/gia-lai", "org/vnpt"), agreement(0, "org/vnpt", "name:x"), true},
		{"no party in common", agreement(0, "vn/gia-lai", "org/vnpt"), agreement(0, "org/viettel"), false},
		{"gold with parties, prediction with the count only", agreement(3, "org/tic"), agreement(3), false},
		{"count-only gold, same count", agreement(4), agreement(4), true},
		{"count-only gold, other count", agreement(4), agreement(12), false},
		{"count-only gold, prediction with parties and the count", agreement(4), agreement(4, "org/mci"), true},
		{"count-only gold, prediction without a count", agreement(4), agreement(0, "org/mci"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := KeyMatches(tt.g, tt.p); got != tt.want {
				t.Errorf("KeyMatches(%+v, %+v) = %v, want %v", tt.g, tt.p, got, tt.want)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	withDate := func(e Event, d string) Event { e.Date = d; return e }
	tests := []struct {
		name         string
		golds, preds []Event
		want         []int
	}{
		{"nothing", nil, nil, []int{}},
		{"no prediction", []Event{count(5)}, nil, []int{-1}},
		{"a gold event matches one of two equal predictions",
			[]Event{count(5)}, []Event{count(5), count(5)}, []int{0}},
		{"two equal gold events share no prediction",
			[]Event{count(5), count(5)}, []Event{count(5)}, []int{0, -1}},
		{"two and two",
			[]Event{count(5), count(5)}, []Event{count(7), count(5), count(5)}, []int{1, 2}},
		{"the largest matching, not the greedy one",
			// Greedy would give prediction 0 to the first gold event and leave the second
			// without one; moving the first to prediction 1 matches both.
			[]Event{visit("vn/quang-nam", "vn/da-nang"), visit("vn/da-nang", "")},
			[]Event{visit("vn/da-nang", ""), visit("vn/quang-nam", "")},
			[]int{1, 0}},
		{"the candidate with more right arguments first",
			[]Event{withDate(visit("ir/yazd", ""), "2025-12-01")},
			[]Event{withDate(visit("ir/yazd", ""), "2025-12-02"), withDate(visit("ir/yazd", ""), "2025-12-01")},
			[]int{1}},
		{"types never cross",
			[]Event{count(2), agreement(2)}, []Event{agreement(2), count(2)}, []int{1, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Match(tt.golds, tt.preds)); diff != "" {
				t.Errorf("Match (-want +got):\n%s", diff)
			}
		})
	}
}

func TestArgCorrect(t *testing.T) {
	period := func(from, to, horizon int) *news.Period { return &news.Period{From: from, To: to, Horizon: horizon} }
	tests := []struct {
		name string
		arg  string
		g, p Event
		want bool
	}{
		{"date equal", ArgDate, Event{Date: "2025-12-01"}, Event{Date: "2025-12-01"}, true},
		{"date other day", ArgDate, Event{Date: "2025-12-01"}, Event{Date: "2025-12-02"}, false},
		{"gold month, predicted day in it", ArgDate, Event{Date: "2025-04"}, Event{Date: "2025-04-15"}, true},
		{"gold month, predicted other month", ArgDate, Event{Date: "2025-04"}, Event{Date: "2025-05-15"}, false},
		{"gold year, predicted day in it", ArgDate, Event{Date: "2025"}, Event{Date: "2025-03-04"}, true},
		{"gold year, predicted month in it", ArgDate, Event{Date: "2025"}, Event{Date: "2025-03"}, true},
		{"gold day, predicted month only", ArgDate, Event{Date: "2025-12-01"}, Event{Date: "2025-12"}, false},
		{"gold year, prediction only starts with it", ArgDate, Event{Date: "2025"}, Event{Date: "20251"}, false},
		{"gold date, no predicted date", ArgDate, Event{Date: "2025"}, Event{}, false},
		{"status equal", ArgStatus, Event{Status: "done"}, Event{Status: "done"}, true},
		{"status differs", ArgStatus, Event{Status: "done"}, Event{Status: "ongoing"}, false},
		{"status missing", ArgStatus, Event{Status: "done"}, Event{}, false},
		{"role", ArgVisitorRole, Event{VisitorRole: "governor"}, Event{VisitorRole: "governor"}, true},
		{"role differs", ArgVisitorRole, Event{VisitorRole: "governor"}, Event{VisitorRole: "minister"}, false},
		{"qualifier", ArgQualifier, Event{Qualifier: "at_least"}, Event{Qualifier: "about"}, false},
		{"kind", ArgAgreementKind, Event{AgreementKind: "mou"}, Event{AgreementKind: "mou"}, true},
		{"period equal", ArgPeriod, Event{Period: period(2025, 2030, 2035)}, Event{Period: period(2025, 2030, 2035)}, true},
		{"period horizon differs", ArgPeriod, Event{Period: period(2025, 2030, 2035)}, Event{Period: period(2025, 2030, 0)}, false},
		{"period horizon extra", ArgPeriod, Event{Period: period(2025, 2029, 0)}, Event{Period: period(2025, 2029, 2035)}, false},
		{"period from differs", ArgPeriod, Event{Period: period(2025, 2030, 0)}, Event{Period: period(2026, 2030, 0)}, false},
		{"period missing", ArgPeriod, Event{Period: period(2025, 2030, 0)}, Event{}, false},
		{"parties in another order", ArgParties, agreement(0, "vn/gia-lai", "org/vnpt"), agreement(0, "org/vnpt", "vn/gia-lai"), true},
		{"parties repeated", ArgParties, agreement(0, "vn/gia-lai", "org/vnpt"), agreement(0, "org/vnpt", "vn/gia-lai", "org/vnpt"), true},
		{"parties subset", ArgParties, agreement(0, "vn/gia-lai", "org/vnpt"), agreement(0, "org/vnpt"), false},
		{"parties superset", ArgParties, agreement(0, "org/vnpt"), agreement(0, "org/vnpt", "vn/gia-lai"), false},
		{"no parties, none predicted", ArgParties, agreement(4), agreement(4), true},
		{"no parties, some predicted", ArgParties, agreement(4), agreement(4, "org/mci"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ArgCorrect(tt.g, tt.p, tt.arg); got != tt.want {
				t.Errorf("ArgCorrect(%s) = %v, want %v", tt.arg, got, tt.want)
			}
		})
	}
}

func TestArgValue(t *testing.T) {
	e := Event{Period: &news.Period{From: 2025, To: 2029}, Parties: []string{"org/vnpt", "name:b", "org/vnpt"}}
	for _, tt := range []struct {
		arg, want string
		given     bool
	}{
		{ArgPeriod, "from=2025 to=2029", true},
		{ArgParties, "[name:b, org/vnpt]", true},
		{ArgDate, "", false},
		{ArgStatus, "", false},
	} {
		if v, given := ArgValue(e, tt.arg); v != tt.want || given != tt.given {
			t.Errorf("ArgValue(%s) = %q, %v; want %q, %v", tt.arg, v, given, tt.want, tt.given)
		}
	}
	if _, given := ArgValue(Event{Type: news.TypeAgreement, Parties: []string{}}, ArgParties); !given {
		t.Error("an empty party list is not reported as given")
	}
}

func TestNewCounts(t *testing.T) {
	tests := []struct {
		gold, pred, tp int
		want           Counts
	}{
		{0, 0, 0, Counts{}},
		{10, 0, 0, Counts{Gold: 10, FN: 10}},
		{0, 5, 0, Counts{Predicted: 5, FP: 5}},
		{4, 2, 2, Counts{Gold: 4, Predicted: 2, TP: 2, FN: 2, Precision: 1, Recall: 0.5, F1: 2.0 / 3}},
		{3, 5, 0, Counts{Gold: 3, Predicted: 5, FP: 5, FN: 3}},
		{10, 8, 6, Counts{Gold: 10, Predicted: 8, TP: 6, FP: 2, FN: 4, Precision: 0.75, Recall: 0.6, F1: 2 * 0.75 * 0.6 / (0.75 + 0.6)}},
	}
	for _, tt := range tests {
		got := NewCounts(tt.gold, tt.pred, tt.tp)
		if diff := cmp.Diff(tt.want, got, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
			t.Errorf("NewCounts(%d, %d, %d) (-want +got):\n%s", tt.gold, tt.pred, tt.tp, diff)
		}
	}
}

func TestScorer(t *testing.T) {
	fa := Article{ID: "fa-001", Lang: "fa", Events: []Event{
		{Type: "visit", Location: "ir/kerman", VisitorRole: "minister", Date: "2025-12-01", Status: "planned"},
		{Type: "project_count", Count: 347, Qualifier: "exact", Status: "planned"},
		{Type: "project_count", Count: 48, Status: "ongoing"},
	}}
	faPred := []Event{
		// the visit, with the wrong date and no role
		{Type: "visit", Location: "ir/kerman", Date: "2025-12-02", Status: "planned", Evidence: "سفر به کرمان"},
		// the 347 projects, all right
		{Type: "project_count", Count: 347, Qualifier: "exact", Status: "planned"},
		// a count that is not a project count
		{Type: "project_count", Count: 120, Status: "done", Evidence: "۱۲۰ روستا"},
	}
	vi := Article{ID: "vi-001", Lang: "vi", Events: []Event{
		{Type: "agreement", Parties: []string{"vn/gia-lai", "org/vnpt"}, AgreementKind: "strategic_cooperation",
			Date: "2025-10", Period: &news.Period{From: 2025, To: 2030, Horizon: 2035}, Status: "done"},
	}}
	viPred := []Event{
		{Type: "agreement", Parties: []string{"org/vnpt"}, AgreementKind: "strategic_cooperation",
			Date: "2025-10-23", Period: &news.Period{From: 2025, To: 2030}, Status: "done", Evidence: "Ngày 23-10"},
	}
	neg := Article{ID: "vi-002", Lang: "vi", Events: []Event{}}

	s := NewScorer()
	s.Add(fa, faPred)
	s.Add(vi, viPred)
	s.Add(neg, nil)
	got := s.Report()

	c := NewCounts
	want := Report{
		Articles: 3,
		Rows: []Row{
			{"visit", "fa", c(1, 1, 1)}, {"visit", "vi", c(0, 0, 0)}, {"visit", All, c(1, 1, 1)},
			{"project_count", "fa", c(2, 2, 1)}, {"project_count", "vi", c(0, 0, 0)}, {"project_count", All, c(2, 2, 1)},
			{"agreement", "fa", c(0, 0, 0)}, {"agreement", "vi", c(1, 1, 1)}, {"agreement", All, c(1, 1, 1)},
			{All, "fa", c(3, 3, 2)}, {All, "vi", c(1, 1, 1)}, {All, All, c(4, 4, 3)},
		},
		Overall: c(4, 4, 3),
		Arguments: []ArgScore{
			{"visit", "date", 1, 0, 0}, {"visit", "status", 1, 1, 1}, {"visit", "visitor_role", 1, 0, 0},
			{"project_count", "status", 1, 1, 1}, {"project_count", "qualifier", 1, 1, 1},
			{"agreement", "date", 1, 1, 1}, {"agreement", "status", 1, 1, 1}, {"agreement", "agreement_kind", 1, 1, 1},
			{"agreement", "period", 1, 0, 0}, {"agreement", "parties", 1, 0, 0},
			{All, "date", 2, 1, 0.5}, {All, "status", 3, 3, 1}, {All, "visitor_role", 1, 0, 0},
			{All, "qualifier", 1, 1, 1}, {All, "agreement_kind", 1, 1, 1}, {All, "period", 1, 0, 0}, {All, "parties", 1, 0, 0},
		},
		Misses:      []Miss{{Article: "fa-001", Lang: "fa", Gold: fa.Events[2]}},
		FalseEvents: []FalseEvent{{Article: "fa-001", Lang: "fa", Pred: faPred[2]}},
		ArgErrors: []ArgError{
			{Article: "fa-001", Lang: "fa", Type: "visit", Arg: "date", Gold: "2025-12-01", Predicted: "2025-12-02", Evidence: "سفر به کرمان"},
			{Article: "fa-001", Lang: "fa", Type: "visit", Arg: "visitor_role", Gold: "minister", Predicted: "", Evidence: "سفر به کرمان"},
			{Article: "vi-001", Lang: "vi", Type: "agreement", Arg: "period", Gold: "from=2025 to=2030 horizon=2035", Predicted: "from=2025 to=2030", Evidence: "Ngày 23-10"},
			{Article: "vi-001", Lang: "vi", Type: "agreement", Arg: "parties", Gold: "[org/vnpt, vn/gia-lai]", Predicted: "[org/vnpt]", Evidence: "Ngày 23-10"},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Report (-want +got):\n%s", diff)
	}
}

// A predicted type outside the contract is counted (as false events) in a row of its own.
func TestScorerUnknownType(t *testing.T) {
	s := NewScorer()
	s.Add(Article{ID: "fa-001", Lang: "fa", Events: []Event{}}, []Event{{Type: "meeting"}})
	r := s.Report()
	var rows []string
	for _, row := range r.Rows {
		if row.Predicted > 0 {
			rows = append(rows, row.Type+"/"+row.Lang)
		}
	}
	if diff := cmp.Diff([]string{"meeting/fa", "meeting/all", "all/fa", "all/all"}, rows); diff != "" {
		t.Errorf("rows with predictions (-want +got):\n%s", diff)
	}
	if r.Overall.FP != 1 || r.Overall.Precision != 0 {
		t.Errorf("overall %+v, want one false positive and precision 0", r.Overall)
	}
}

func TestFromEvent(t *testing.T) {
	visitEv := news.Event{
		ID: "e_1", Type: news.TypeVisit, Lang: "vi",
		Date:     &news.Date{Value: "2024-05-17", Precision: "day", Text: "17/5", Calendar: "gregorian"},
		Location: &news.Location{ID: "vn/quang-nam", Name: "Quang Nam", Country: "VN", Level: "province", CurrentID: "vn/da-nang"},
		Status:   "done", Evidence: news.Evidence{Text: "Thứ trưởng đến Quảng Nam.", Start: 10, End: 40},
		Visitor:      &news.Visitor{Name: "Vũ Quốc Khánh", Role: "deputy_minister", RoleText: "Thứ trưởng", Org: "vn/mic"},
		DurationDays: 2,
	}
	countEv := news.Event{
		Type: news.TypeProjectCount, Count: 40, Qualifier: "about", ProjectKind: "dự án",
		Investment: &news.Money{Amount: 600000000000, Currency: "VND", Text: "hơn 600 tỷ đồng", Qualifier: "at_least"},
	}
	agreeEv := news.Event{
		Type: news.TypeAgreement, Count: 3, AgreementKind: "mou", KindText: "biên bản ghi nhớ", Topic: "chuyển đổi số",
		Parties: []news.Party{{ID: "vn/gia-lai", Name: "UBND tỉnh Gia Lai"}, {ID: "org/vnpt"}},
		Period:  &news.Period{From: 2025, To: 2030, Horizon: 2035},
	}
	tests := []struct {
		name string
		in   news.Event
		want Event
	}{
		{"visit", visitEv, Event{Type: "visit", Location: "vn/quang-nam", CurrentID: "vn/da-nang",
			VisitorName: "Vũ Quốc Khánh", VisitorRole: "deputy_minister", VisitorOrg: "vn/mic", DurationDays: 2,
			Date: "2024-05-17", Status: "done", Evidence: "Thứ trưởng đến Quảng Nam."}},
		{"project count", countEv, Event{Type: "project_count", Count: 40, Qualifier: "about", ProjectKind: "dự án",
			Investment: &news.Money{Amount: 600000000000, Currency: "VND", Text: "hơn 600 tỷ đồng", Qualifier: "at_least"}}},
		{"agreement", agreeEv, Event{Type: "agreement", Count: 3, AgreementKind: "mou", KindText: "biên bản ghi nhớ",
			Topic: "chuyển đổi số", Parties: []string{"vn/gia-lai", "org/vnpt"}, Period: &news.Period{From: 2025, To: 2030, Horizon: 2035}}},
		{"agreement with nil parties", news.Event{Type: news.TypeAgreement, Count: 4},
			Event{Type: "agreement", Count: 4, Parties: []string{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FromEvent(tt.in)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("FromEvent (-want +got):\n%s", diff)
			}
			if (tt.want.Parties == nil) != (got.Parties == nil) {
				t.Errorf("parties nil = %v, want %v", got.Parties == nil, tt.want.Parties == nil)
			}
		})
	}
	// The flattened event does not share the investment or period with the wire event.
	g := FromEvent(agreeEv)
	g.Period.From = 1
	if agreeEv.Period.From != 2025 {
		t.Error("FromEvent shares the period")
	}
}

// BenchmarkScore scores the corpus against itself (every gold event predicted once).
func BenchmarkScore(b *testing.B) {
	arts, err := ReadFile(corpusPath)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		s := NewScorer()
		for _, a := range arts {
			s.Add(a, a.Events)
		}
		if r := s.Report(); r.Overall.F1 != 1 {
			b.Fatalf("F1 of the gold against itself = %v", r.Overall.F1)
		}
	}
}

func TestArgLocation(t *testing.T) {
	count := func(loc, cur string) Event {
		return Event{Type: "project_count", Count: 5, Location: loc, CurrentID: cur}
	}
	for _, c := range []struct {
		name  string
		g, p  Event
		given bool
		ok    bool
	}{
		{"same id", count("ir/kerman", ""), count("ir/kerman", ""), true, true},
		{"other province", count("ir/kerman", ""), count("ir/kermanshah", ""), true, false},
		{"predicted former province", count("vn/da-nang", ""), count("vn/quang-nam", "vn/da-nang"), true, true},
		{"gold former province", count("vn/quang-nam", "vn/da-nang"), count("vn/da-nang", ""), true, true},
		{"predicted none", count("ir/kerman", ""), count("", ""), true, false},
		{"gold gives none", count("", ""), count("ir/kerman", ""), false, false},
		{"a visit's location is its key", Event{Type: "visit", Location: "ir/kerman"}, Event{Type: "visit", Location: "ir/kerman"}, false, false},
	} {
		if _, given := ArgValue(c.g, ArgLocation); given != c.given {
			t.Errorf("%s: given %v, want %v", c.name, given, c.given)
		}
		if got := ArgCorrect(c.g, c.p, ArgLocation); got != c.ok {
			t.Errorf("%s: correct %v, want %v", c.name, got, c.ok)
		}
	}
}
