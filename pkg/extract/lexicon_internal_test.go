package extract

import (
	"testing"
)

func TestLexiconFind(t *testing.T) {
	lex, err := loadLexicon("test", []byte("visit:\n  - در سفر به\n  - سفر\ndone:\n  - افتتاح کرد\n  - khánh thành\n"), func(s string) string { return s })
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"وزیر در سفر به کرمان", []string{"در سفر به"}},
		{"در سفری به کرمان", nil},                              // no partial words
		{"در سفر و افتتاح کرد", []string{"سفر", "افتتاح کرد"}}, // the longer phrase fails, the shorter is found
		{"lễ khánh thành,", []string{"khánh thành"}},
		{"khánh  thành", nil}, // words of a phrase are one space apart
	} {
		var got []string
		for _, h := range lex.find(c.in) {
			got = append(got, c.in[h.Start:h.End])
		}
		if len(got) != len(c.want) {
			t.Errorf("find(%q) = %q, want %q", c.in, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("find(%q) = %q, want %q", c.in, got, c.want)
			}
		}
	}
}

func TestLoadLexiconErrors(t *testing.T) {
	for _, y := range []string{
		"nope:\n  - x\n",                // unknown category
		"visit: x\n",                    // not a list
		"visit:\n  - a\ndone:\n  - a\n", // one phrase, two categories
		"visit:\n  - ','\n",             // no word
		"- a\n",                         // not a mapping
	} {
		if _, err := loadLexicon("bad.yaml", []byte(y), func(s string) string { return s }); err == nil {
			t.Errorf("loadLexicon(%q) succeeded", y)
		}
	}
}
