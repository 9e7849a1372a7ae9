package bench_test

import (
	"testing"

	"github.com/tinkhabar/tinkhabar/pipeline/extractor/bench"
)

func TestRunSmall(t *testing.T) {
	res, err := bench.Run(t.Context(), bench.Config{Backlog: 3000, Live: 3000, Extractor: bench.DigitSentences{}, DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", res)
	if res.PublishCeiling <= 0 || res.EndToEnd <= 0 || res.Drain <= 0 {
		t.Errorf("a rate is not positive: %+v", res)
	}
	if res.EventsPerArticle < 1 {
		t.Errorf("events per article %.2f: the synthetic extractor gives more than one", res.EventsPerArticle)
	}
}
