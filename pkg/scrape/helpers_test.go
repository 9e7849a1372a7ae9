package scrape

import (
	"testing"

	"github.com/tinkhabar/tinkhabar/pkg/fetch"
	"github.com/tinkhabar/tinkhabar/pkg/samplesite"
)

func decodeForTest(t testing.TB, e samplesite.Expected, body []byte) []byte {
	t.Helper()
	ct := ""
	if e.Charset == "windows-1258 (header)" {
		ct = "text/html; charset=windows-1258"
	}
	out, _, err := fetch.DecodeHTML(body, ct, fetch.FallbackFor(e.Lang))
	if err != nil {
		t.Fatal(err)
	}
	return out
}
