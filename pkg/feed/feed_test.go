package feed

import (
	"errors"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/tinkhabar/tinkhabar/pkg/samplesite"
)

// TestSampleFeeds parses every sample feed (each in its outlet's style: RFC 822 with offset,
// a zone abbreviation, no zone, Solar Hijri in Persian digits, Atom) and checks each item's
// time and link against the corpus, and full text where the feed carries it.
func TestSampleFeeds(t *testing.T) {
	exp, err := samplesite.Articles()
	if err != nil {
		t.Fatal(err)
	}
	byURL := map[string]samplesite.Expected{}
	sources := map[string]string{}
	for _, e := range exp {
		byURL["https://sample.test"+e.Path] = e
		sources[e.Source] = e.Lang
	}
	for src, lang := range sources {
		t.Run(src, func(t *testing.T) {
			name := src + "/rss.xml"
			if src == "ictna" {
				name = src + "/atom.xml"
			}
			body, err := samplesite.File(name)
			if err != nil {
				t.Fatal(err)
			}
			body = []byte(strings.ReplaceAll(string(body), samplesite.Placeholder, "https://sample.test"))
			zone, _ := time.LoadLocation(map[string]string{"fa": "Asia/Tehran", "vi": "Asia/Ho_Chi_Minh"}[lang])
			items, err := Parse(body, "https://sample.test/"+name, lang, zone)
			if err != nil {
				t.Fatal(err)
			}
			if len(items) == 0 {
				t.Fatal("no items")
			}
			for _, it := range items {
				e, ok := byURL[it.Link]
				if !ok {
					t.Errorf("item link %s is not a sample page", it.Link)
					continue
				}
				if it.Published == nil || it.Published.Format(time.RFC3339) != e.Published {
					t.Errorf("%s: published %v, want %s", e.CorpusID, it.Published, e.Published)
				}
				if it.Title != e.Title {
					t.Errorf("%s: title %q, want %q", e.CorpusID, it.Title, e.Title)
				}
				if e.Via == "feed" && it.Text != e.Text {
					t.Errorf("%s: full text differs:\n got %q\nwant %q", e.CorpusID, it.Text, e.Text)
				}
				if e.Via != "feed" && it.Text != "" {
					t.Errorf("%s: text from a feed without content", e.CorpusID)
				}
			}
		})
	}
}

func TestTruncatedFeed(t *testing.T) {
	body, err := samplesite.File("broken/truncated.xml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse(body, "https://sample.test/x", "fa", time.UTC); !errors.Is(err, ErrParse) {
		t.Errorf("truncated feed: err = %v, want ErrParse", err)
	}
	if _, err := Parse([]byte("%PDF-1.4"), "https://sample.test/x", "fa", time.UTC); !errors.Is(err, ErrParse) {
		t.Errorf("pdf: err = %v, want ErrParse", err)
	}
}

func TestItemTime(t *testing.T) {
	teh, _ := time.LoadLocation("Asia/Tehran")
	utc := func(s string) *time.Time { v, _ := time.Parse(time.RFC3339, s); return &v }
	for _, tc := range []struct {
		raw    string
		parsed *time.Time
		want   string
	}{
		{"Sat, 29 Nov 2025 12:10:00 +0330", utc("2025-11-29T08:40:00Z"), "2025-11-29T08:40:00Z"},
		{"Sat, 29 Nov 2025 12:10:00 IRST", utc("2025-11-29T12:10:00Z"), "2025-11-29T08:40:00Z"},
		{"Sat, 29 Nov 2025 12:10:00 GMT", utc("2025-11-29T12:10:00Z"), "2025-11-29T12:10:00Z"},
		{"2025-11-29 12:10:00", nil, "2025-11-29T08:40:00Z"},
		{"۱۴۰۴/۰۹/۰۸ - ۱۲:۱۰", nil, "2025-11-29T08:40:00Z"},
		{"nonsense", nil, ""},
	} {
		got, ok := itemTime(tc.raw, tc.parsed, "fa", teh)
		if tc.want == "" {
			if ok {
				t.Errorf("itemTime(%q) = %v, want none", tc.raw, got)
			}
			continue
		}
		if !ok || got.Format(time.RFC3339) != tc.want {
			t.Errorf("itemTime(%q) = %v, %v; want %s", tc.raw, got, ok, tc.want)
		}
	}
}
