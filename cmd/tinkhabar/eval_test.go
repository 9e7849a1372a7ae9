package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tinkhabar/tinkhabar/pkg/extract"
	"github.com/tinkhabar/tinkhabar/pkg/gold"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// scriptedEngine returns fixed events per article id.
type scriptedEngine map[string][]news.Event

func (scriptedEngine) Version() string { return "scripted-1" }

func (s scriptedEngine) Extract(a *news.Article) ([]news.Event, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	return s[a.ID], nil
}

// script: for fa-001, the visit with a wrong date and the 347 projects; for vi-001, the
// agreement; and a false visit in fa-010, an article without events.
var script = scriptedEngine{
	"fa-001": {
		{Type: news.TypeVisit, Location: &news.Location{ID: "ir/kerman"}, Status: "planned",
			Date: &news.Date{Value: "2025-11-30"}, Visitor: &news.Visitor{Role: "minister"}, Evidence: news.Evidence{Text: "وزیر\nبه کرمان"}},
		{Type: news.TypeProjectCount, Count: 347, Qualifier: "exact", Status: "planned", Date: &news.Date{Value: "2025-12-01"}, Location: &news.Location{ID: "ir/kerman"}},
	},
	"vi-001": {
		{Type: news.TypeAgreement, Parties: []news.Party{{ID: "org/vnpt"}, {ID: "vn/gia-lai"}}, AgreementKind: "strategic_cooperation",
			Date: &news.Date{Value: "2025-10-23"}, Period: &news.Period{From: 2025, To: 2030, Horizon: 2035}, Status: "done"},
	},
	"fa-010": {
		{Type: news.TypeVisit, Location: &news.Location{ID: "ir/tehran"}, Evidence: news.Evidence{Text: "در تهران"}},
	},
}

func TestEvalJSON(t *testing.T) {
	var out bytes.Buffer
	c := evalCmd{Gold: []string{corpusPath}, JSON: true}
	if err := c.run(script, &out); err != nil {
		t.Fatal(err)
	}
	var rep evalReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out.String())
	}
	if rep.Extractor != "scripted-1" || rep.Articles != 80 || !cmp.Equal(rep.Gold, []string{corpusPath}) {
		t.Errorf("header: extractor %q, %d articles, gold %v", rep.Extractor, rep.Articles, rep.Gold)
	}
	if diff := cmp.Diff(gold.NewCounts(126, 4, 3), rep.Overall); diff != "" {
		t.Errorf("overall (-want +got):\n%s", diff)
	}
	rows := map[string]gold.Counts{}
	for _, r := range rep.Rows {
		rows[r.Type+"/"+r.Lang] = r.Counts
	}
	for key, want := range map[string]gold.Counts{
		"visit/fa":         gold.NewCounts(26, 2, 1),
		"project_count/fa": gold.NewCounts(29, 1, 1),
		"agreement/vi":     gold.NewCounts(13, 1, 1),
		"all/vi":           gold.NewCounts(58, 1, 1),
	} {
		if diff := cmp.Diff(want, rows[key]); diff != "" {
			t.Errorf("row %s (-want +got):\n%s", key, diff)
		}
	}
	if rep.Misses != nil || rep.FalseEvents != nil || rep.ArgErrors != nil {
		t.Error("lists in a report that is not verbose")
	}
}

func TestEvalVerboseJSON(t *testing.T) {
	var out bytes.Buffer
	c := evalCmd{Gold: []string{corpusPath}, JSON: true, Verbose: true}
	if err := c.run(script, &out); err != nil {
		t.Fatal(err)
	}
	var rep evalReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Misses) != 123 || len(rep.FalseEvents) != 1 || rep.FalseEvents[0].Article != "fa-010" {
		t.Errorf("%d misses, false events %+v: want 123 and the one of fa-010", len(rep.Misses), rep.FalseEvents)
	}
	want := []gold.ArgError{{Article: "fa-001", Lang: "fa", Type: "visit", Arg: "date", Gold: "2025-12-01",
		Predicted: "2025-11-30", Evidence: "وزیر\nبه کرمان"}}
	if diff := cmp.Diff(want, rep.ArgErrors); diff != "" {
		t.Errorf("argument errors (-want +got):\n%s", diff)
	}
}

func TestEvalTable(t *testing.T) {
	var out bytes.Buffer
	c := evalCmd{Gold: []string{corpusPath}, Verbose: true}
	if err := c.run(script, &out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		"extractor scripted-1 on 80 articles (" + corpusPath + ")",
		"type           lang   gold  predicted     tp     fp     fn      P      R     F1\n",
		"visit          fa       26          2      1      1     25  0.500  0.038  0.071\n",
		"agreement      fa       13          0      0      0     13      -  0.000  0.000\n",
		"all            all     126          4      3      1    123  0.750  0.024  0.046\n",
		"visit          date                   1        0     0.000\n",
		"all            parties                1        1     1.000\n",
		"misses (gold events not matched): 123\n",
		"  fa-002  visit location=ir/kermanshah visitor=علیرضا یاری date=2025-10-14 status=done visitor_role=deputy_minister\n",
		"false events (predictions not matched): 1\n  fa-010  visit location=ir/tehran\n      evidence: در تهران\n",
		"argument errors: 1\n  fa-001  visit date: gold 2025-12-01, predicted 2025-11-30\n      evidence: وزیر به کرمان\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("table lacks %q:\n%s", want, text)
		}
	}
}

func TestEvalMinF1(t *testing.T) {
	for _, tt := range []struct {
		minF1   float64
		wantErr string
	}{
		{0, ""},
		{0.04, ""},
		{0.05, "overall F1 0.046 is below --min-f1 0.050"},
		{1.5, "not between 0 and 1"},
	} {
		err := (&evalCmd{Gold: []string{corpusPath}, MinF1: tt.minF1}).run(script, &bytes.Buffer{})
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("--min-f1 %v: error %v, want %q", tt.minF1, err, tt.wantErr)
		}
	}
}

func TestEvalBadGold(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte(`{"id": "fa-900", "lang": "fa", "text": "x", "events": []}`+"\n{oops\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := (&evalCmd{Gold: []string{corpusPath, bad}}).run(script, &out)
	var le *gold.LineError
	if !errors.As(err, &le) || le.File != bad || le.Line != 2 {
		t.Errorf("error %v, want one at %s:2", err, bad)
	}
	if out.Len() != 0 {
		t.Errorf("a report was written for unreadable gold:\n%s", out.String())
	}
	if err := (&evalCmd{Gold: []string{filepath.Join(dir, "missing.jsonl")}}).run(script, &out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing gold file: error %v", err)
	}
}

func TestEvalExplain(t *testing.T) {
	eng, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	c := evalCmd{Gold: []string{corpusPath}, Explain: "fa-002"}
	if err := c.explain(eng, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"article fa-002", "name  place ir/kermanshah", "3 gold events", `"count":181`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("explanation lacks %q", want)
		}
	}
	c.Explain = "no-such-article"
	if err := c.explain(eng, &out); err == nil || !strings.Contains(err.Error(), "no-such-article") {
		t.Errorf("unknown article: %v", err)
	}
}
