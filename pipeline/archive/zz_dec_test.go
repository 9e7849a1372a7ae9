package archive

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/tinkhabar/tinkhabar/pipeline/extractor/bench"
	"github.com/tinkhabar/tinkhabar/pkg/extract"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

func TestZZDec(t *testing.T) {
	arts, _ := bench.Articles(80)
	e, _ := extract.New()
	var envs [][]byte
	size := 0
	for i := range arts {
		evs, _ := e.Extract(&arts[i])
		for j := range evs {
			b, err := news.MarshalEnvelope(&evs[j], time.Now())
			if err != nil {
				t.Fatal(err)
			}
			envs = append(envs, b)
			size += len(b)
		}
	}
	t.Logf("%d envelopes avg %d bytes", len(envs), size/len(envs))
	start := time.Now()
	n := 0
	for time.Since(start) < time.Second {
		for _, b := range envs {
			if _, _, err := news.UnmarshalEnvelope(b); err != nil {
				t.Fatal(err)
			}
			n++
		}
	}
	t.Logf("UnmarshalEnvelope: %.0f/s", float64(n)/time.Since(start).Seconds())
	start = time.Now()
	n = 0
	for time.Since(start) < time.Second {
		for _, b := range envs {
			var v struct {
				Time time.Time `json:"time"`
				Data news.Event `json:"data"`
			}
			if err := json.Unmarshal(b, &v); err != nil {
				t.Fatal(err)
			}
			n++
		}
	}
	t.Logf("plain json: %.0f/s", float64(n)/time.Since(start).Seconds())
	start = time.Now()
	n = 0
	for time.Since(start) < time.Second {
		for i := range arts {
			var a news.Article
			b, _ := json.Marshal(&arts[i])
			if err := json.Unmarshal(b, &a); err != nil {
				t.Fatal(err)
			}
			n++
		}
	}
	t.Logf("article json m+u: %.0f/s", float64(n)/time.Since(start).Seconds())
}
