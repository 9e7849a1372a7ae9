package vi

import (
	"encoding/json"
	"os"
	"testing"
)

// TestNumberWordsOracle reads every number word phrase that the read-vietnamese-number oracle
// wrote (testdata/numwords.json, made by tools/oracles-vi/gen.mjs in two dialects) back to
// its value. Each phrase is put before a counted noun, as it would stand in a sentence.
func TestNumberWordsOracle(t *testing.T) {
	raw, err := os.ReadFile("testdata/numwords.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Dialect string  `json:"dialect"`
		Value   float64 `json:"value"`
		Text    string  `json:"text"`
	}
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 200 {
		t.Fatalf("fixture has %d cases, want at least 200", len(cases))
	}
	p := New()
	for _, c := range cases {
		in := "Tỉnh có " + c.Text + " dự án."
		tx := p.Normalize(in)
		nums := p.Numbers(tx)
		if len(nums) != 1 {
			t.Errorf("%s %q: got %d numbers %v, want one", c.Dialect, c.Text, len(nums), nums)
			continue
		}
		n := nums[0]
		if got := tx.Norm[n.Start:n.End]; got != c.Text || n.Value != c.Value || !n.Words || n.Ordinal {
			t.Errorf("%s %q: got %q = %v (words %v, ordinal %v), want %v", c.Dialect, c.Text, got, n.Value, n.Words, n.Ordinal, c.Value)
		}
	}
}
