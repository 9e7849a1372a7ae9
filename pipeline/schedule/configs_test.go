package schedule_test

import (
	"os"
	"testing"

	"github.com/tinkhabar/tinkhabar/pipeline/schedule"
	"github.com/tinkhabar/tinkhabar/pkg/scrape"
)

// TestRealSources: configs/sources.yaml is valid, lists both languages, allows no internal
// address, and names only rule families that exist.
func TestRealSources(t *testing.T) {
	data, err := os.ReadFile("../../configs/sources.yaml")
	if err != nil {
		t.Fatal(err)
	}
	srcs, err := schedule.ParseSources(data)
	if err != nil {
		t.Fatal(err)
	}
	rules, err := scrape.LoadRules(os.DirFS("../../configs"), "sites")
	if err != nil {
		t.Fatal(err)
	}
	langs := map[string]int{}
	for _, s := range srcs {
		langs[s.Lang]++
		if len(s.Allow) > 0 {
			t.Errorf("%s: a real source allows internal addresses %v", s.ID, s.Allow)
		}
		if s.Rules != "" {
			if _, ok := rules.Family(s.Rules); !ok {
				t.Errorf("%s: no rule family %q", s.ID, s.Rules)
			}
		}
	}
	if langs["fa"] < 7 || langs["vi"] < 8 {
		t.Errorf("sources per language: %v", langs)
	}
}
