package scrape

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/google/go-cmp/cmp"

	"github.com/tinkhabar/tinkhabar/pkg/samplesite"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func testRules(t testing.TB) *Rules {
	t.Helper()
	r, err := LoadRules(os.DirFS("../../configs"), "sites")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

type pageMetaFile struct {
	Source, Lang, URL, Zone string
}

// golden is what a golden file holds: the result, or the error.
type golden struct {
	Result *Result `json:"result,omitempty"`
	Error  string  `json:"error,omitempty"`
}

// TestGolden scrapes every testdata/<case>.html (described by <case>.page.json) and compares
// the result with <case>.golden.json. Adding a case needs no code; -update rewrites them.
func TestGolden(t *testing.T) {
	s := New(testRules(t))
	pages, _ := filepath.Glob("testdata/*.html")
	if len(pages) == 0 {
		t.Fatal("no golden inputs")
	}
	for _, page := range pages {
		name := strings.TrimSuffix(filepath.Base(page), ".html")
		t.Run(name, func(t *testing.T) {
			body, err := os.ReadFile(page)
			if err != nil {
				t.Fatal(err)
			}
			var pm pageMetaFile
			mb, err := os.ReadFile(strings.TrimSuffix(page, ".html") + ".page.json")
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(mb, &pm); err != nil {
				t.Fatal(err)
			}
			zone, err := time.LoadLocation(pm.Zone)
			if err != nil {
				t.Fatal(err)
			}
			var got golden
			res, err := s.Scrape(Page{URL: pm.URL, Body: body, Source: pm.Source, Lang: pm.Lang, Zone: zone})
			if err != nil {
				got.Error = err.Error()
			} else {
				got.Result = res
			}
			gotJSON, _ := json.MarshalIndent(got, "", "  ")
			gotJSON = append(gotJSON, '\n')
			path := strings.TrimSuffix(page, ".html") + ".golden.json"
			if *update {
				if err := os.WriteFile(path, gotJSON, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if d := cmp.Diff(string(want), string(gotJSON)); d != "" {
				t.Errorf("result differs from %s (-want +got):\n%s", path, d)
			}
		})
	}
}

// TestSampleSite scrapes every page of the sample site and checks the article against what
// the corpus says it is: exact text and title, publish time, id from the canonical URL, and
// which rule family read it.
func TestSampleSite(t *testing.T) {
	s := New(testRules(t))
	exp, err := samplesite.Articles()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range exp {
		t.Run(e.CorpusID, func(t *testing.T) {
			body, err := samplesite.File(e.Path)
			if err != nil {
				t.Fatal(err)
			}
			res, err := s.Scrape(samplePage(t, e, body))
			if err != nil {
				t.Fatal(err)
			}
			a := res.Article
			if a.Text != e.Text {
				t.Errorf("text differs (-want +got):\n%s", cmp.Diff(e.Text, a.Text))
			}
			if a.Title != e.Title {
				t.Errorf("title = %q, want %q", a.Title, e.Title)
			}
			if a.Published == nil || a.Published.Format(time.RFC3339) != e.Published {
				t.Errorf("published = %v (from %q), want %s", a.Published, res.DateFrom, e.Published)
			}
			if a.ID != e.ID || a.CanonicalURL != e.Canonical {
				t.Errorf("id %s canonical %s, want %s %s", a.ID, a.CanonicalURL, e.ID, e.Canonical)
			}
			if res.Rule != e.Rule {
				t.Errorf("rule = %q, want %q", res.Rule, e.Rule)
			}
		})
	}
}

func samplePage(t testing.TB, e samplesite.Expected, body []byte) Page {
	zone := "Asia/Tehran"
	if e.Lang == "vi" {
		zone = "Asia/Ho_Chi_Minh"
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(e.Charset, "windows") {
		// the sample page is stored encoded; these tests start after decoding
		body = decodeForTest(t, e, body)
	}
	return Page{URL: "http://127.0.0.1:1" + e.Path, Body: body, Source: e.Source, Lang: e.Lang, Zone: loc}
}

func TestErrorsAreTyped(t *testing.T) {
	s := New(testRules(t))
	for _, tc := range []struct {
		file string
		lang string
		want error
	}{
		{"testdata/error-interstitial.html", "fa", ErrInterstitial},
		{"testdata/error-wrong-language.html", "vi", ErrWrongLanguage},
		{"testdata/nastooh-mehr.html", "vi", ErrWrongLanguage},
		{"testdata/vnexpress-nfd.html", "fa", ErrWrongLanguage},
	} {
		body, err := os.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.Scrape(Page{URL: "https://example.com/a", Body: body, Source: "x", Lang: tc.lang})
		if !errors.Is(err, tc.want) {
			t.Errorf("%s as %s: err = %v, want %v", tc.file, tc.lang, err, tc.want)
		}
	}
	var ie *InterstitialError
	body, _ := os.ReadFile("testdata/error-interstitial.html")
	if _, err := s.Scrape(Page{URL: "https://example.com/a", Body: body, Lang: "fa"}); !errors.As(err, &ie) || ie.Vendor != "arvancloud" {
		t.Errorf("interstitial: err = %v, want vendor arvancloud", err)
	}
}
