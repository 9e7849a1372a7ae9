package gazetteer

import (
	"testing"
	"unicode"
)

// TestIsWordFastPath: the fast paths agree with the unicode tables.
func TestIsWordFastPath(t *testing.T) {
	for r := rune(0); r < 0x3000; r++ {
		want := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '\u200c' || r == '\u200d'
		if got := isWord(r); got != want {
			t.Errorf("isWord(%U) = %v, want %v", r, got, want)
		}
	}
}

func TestTrieWalk(t *testing.T) {
	tr := newTrie([]string{"ha", "ha nam", "ha noi", "b"})
	for _, c := range []struct {
		hay  string
		s    int
		want []trieEnd
	}{
		{"ha nam x", 0, []trieEnd{{0, 2}, {1, 6}}},
		{"ha noi", 0, []trieEnd{{0, 2}, {2, 6}}},
		{"ha n", 0, []trieEnd{{0, 2}}},
		{"xb", 1, []trieEnd{{3, 2}}},
		{"x", 0, nil},
	} {
		got := tr.walk(c.hay, c.s, nil)
		if len(got) != len(c.want) {
			t.Errorf("walk(%q, %d) = %v, want %v", c.hay, c.s, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("walk(%q, %d) = %v, want %v", c.hay, c.s, got, c.want)
			}
		}
	}
}
