package archive

import (
	"testing"
	"time"

	"github.com/tinkhabar/tinkhabar/pipeline/extractor/bench"
	"github.com/tinkhabar/tinkhabar/pkg/extract"
)

func TestZZSpeed(t *testing.T) {
	arts, err := bench.Articles(800)
	if err != nil {
		t.Fatal(err)
	}
	e, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	n := 0
	for i := range arts {
		evs, err := e.Extract(&arts[i])
		if err != nil {
			t.Fatal(err)
		}
		n += len(evs)
	}
	t.Logf("%d articles %d events in %v: %.0f/s", len(arts), n, time.Since(start), float64(len(arts))/time.Since(start).Seconds())
}
