package gazetteer

import (
	"sync"
	"testing"

	"github.com/tinkhabar/tinkhabar/pkg/text"
	"github.com/tinkhabar/tinkhabar/pkg/text/fa"
	"github.com/tinkhabar/tinkhabar/pkg/text/vi"
)

// The language packs, as the engine uses them.
var packs = map[string]text.Pack{"fa": fa.New(), "vi": vi.New()}

func testNorms() map[string]Normalizer {
	return map[string]Normalizer{"fa": fa.Canonical, "vi": vi.Canonical}
}

// normalize builds the Text that Find is given, with the language's pack.
func normalize(lang, s string) *text.Text { return packs[lang].Normalize(s) }

var (
	defaultOnce sync.Once
	defaultG    *Gazetteer
	defaultErr  error
)

// testGazetteer loads the embedded data once per test binary.
func testGazetteer(t testing.TB) *Gazetteer {
	t.Helper()
	defaultOnce.Do(func() { defaultG, defaultErr = Default(testNorms()) })
	if defaultErr != nil {
		t.Fatalf("Default: %v", defaultErr)
	}
	return defaultG
}
