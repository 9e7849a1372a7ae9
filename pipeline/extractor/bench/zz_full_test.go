package bench

import (
	"os"
	"testing"

	"github.com/tinkhabar/tinkhabar/pkg/extract"
)

func TestZZFull(t *testing.T) {
	if os.Getenv("ZZFULL") == "" {
		t.Skip()
	}
	eng, _ := extract.New()
	var ext interface {
		Version() string
	} = eng
	_ = ext
	cfg := Config{Backlog: 100000, Extractor: eng}
	if os.Getenv("ZZFULL") == "synthetic" {
		cfg.Extractor = DigitSentences{}
	}
	res, err := Run(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", res)
}
