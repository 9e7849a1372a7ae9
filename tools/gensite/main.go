// Command gensite builds the sample news site that `tinkhabar demo` and the ingestion tests
// serve: for every corpus article (corpus/articles.jsonl) an article page built the way its
// outlet's platform builds pages (research/sites.md), with the platform's boilerplate; one
// feed per source in that outlet's style; and the broken inputs. It also writes one page per
// platform family into pkg/scrape/testdata for the scraper's golden tests.
//
// Run from the repository root:
//
//	go run ./tools/gensite -corpus ../shared/corpus/articles.jsonl
//
// The output is deterministic: the same corpus gives the same bytes.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/tinkhabar/tinkhabar/pkg/news"
	"github.com/tinkhabar/tinkhabar/pkg/scrape"
	"golang.org/x/text/unicode/norm"
)

// corpusArticle is one line of corpus/articles.jsonl (the fields used here).
type corpusArticle struct {
	ID        string `json:"id"`
	Lang      string `json:"lang"`
	Source    string `json:"source"`
	URL       string `json:"url"`
	Published string `json:"published"`
	Title     string `json:"title"`
	Text      string `json:"text"`
}

// Base is the placeholder for the sample site's address; the server replaces it when serving.
const Base = "{{BASE}}"

func main() {
	corpus := flag.String("corpus", "../shared/corpus/articles.jsonl", "corpus articles (JSON Lines)")
	out := flag.String("out", "pkg/samplesite/site", "directory for the sample site")
	golden := flag.String("golden", "pkg/scrape/testdata", "directory for the scraper's golden inputs")
	flag.Parse()
	arts, err := readCorpus(*corpus)
	if err != nil {
		log.Fatal(err)
	}
	s := &site{files: map[string][]byte{}, types: map[string]string{}}
	if err := s.build(arts); err != nil {
		log.Fatal(err)
	}
	if err := s.write(*out); err != nil {
		log.Fatal(err)
	}
	if err := writeGolden(*golden, arts); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote %d files to %s", len(s.files), *out)
}

func readCorpus(path string) ([]corpusArticle, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []corpusArticle
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var a corpusArticle
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out = append(out, a)
	}
	return out, sc.Err()
}

// site collects the files of the sample site.
type site struct {
	files    map[string][]byte
	types    map[string]string // path → Content-Type to serve, when not the default
	expected []Expected
}

// Expected is what the pipeline must publish for one sample article.
type Expected struct {
	CorpusID  string `json:"corpus_id"`
	ID        string `json:"id"`
	Source    string `json:"source"`
	Lang      string `json:"lang"`
	Path      string `json:"path"`
	Canonical string `json:"canonical_url"`
	Title     string `json:"title"`
	Text      string `json:"text"`
	Published string `json:"published"`
	Via       string `json:"via"`
	Rule      string `json:"rule"`
	Charset   string `json:"charset"`
}

func (s *site) build(arts []corpusArticle) error {
	bySource := map[string][]corpusArticle{}
	for _, a := range arts {
		bySource[a.Source] = append(bySource[a.Source], a)
	}
	var ids []string
	for id := range bySource {
		if _, ok := outlets[id]; !ok {
			return fmt.Errorf("no outlet style for source %q", id)
		}
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, src := range ids {
		o := outlets[src]
		list := bySource[src]
		// Newest first, as feeds list them.
		sort.SliceStable(list, func(i, j int) bool { return list[i].Published > list[j].Published })
		for _, a := range list {
			if err := s.addPage(o, a, list); err != nil {
				return err
			}
		}
		s.files[src+"/"+o.feedFile()] = []byte(o.feed(o, list))
		s.types[src+"/"+o.feedFile()] = o.feedType()
	}
	s.files["robots.txt"] = []byte("User-agent: *\nDisallow: /admin/\nDisallow: /search\n")
	s.addBroken(arts)
	s.files["sources.yaml"] = []byte(sampleSources(ids))
	s.files["broken-sources.yaml"] = []byte(brokenSources())
	sort.Slice(s.expected, func(i, j int) bool { return s.expected[i].CorpusID < s.expected[j].CorpusID })
	exp, err := json.MarshalIndent(s.expected, "", "  ")
	if err != nil {
		return err
	}
	s.files["expected.json"] = append(exp, '\n')
	types, err := json.MarshalIndent(s.types, "", "  ")
	if err != nil {
		return err
	}
	s.files["types.json"] = append(types, '\n')
	return nil
}

func (s *site) addPage(o outlet, a corpusArticle, same []corpusArticle) error {
	p := newPageData(o, a, same)
	body := []byte(o.page(p))
	path := a.Source + "/" + a.ID + ".html"
	text := norm.NFC.String(a.Text)
	title := norm.NFC.String(a.Title)
	cs := "utf-8"
	switch a.ID {
	case windows1256Page:
		var err error
		if body, err = encode1256(string(body)); err != nil {
			return fmt.Errorf("%s: %w", a.ID, err)
		}
		text, title = roundTrip1256(text), roundTrip1256(title)
		s.types[path] = "text/html" // the header names no charset; the meta tag does
		cs = "windows-1256 (meta)"
	case windows1258Page:
		var err error
		if body, err = encode1258(string(body)); err != nil {
			return fmt.Errorf("%s: %w", a.ID, err)
		}
		s.types[path] = "text/html; charset=windows-1258"
		cs = "windows-1258 (header)"
	case undeclaredPage:
		s.types[path] = "text/html"
		cs = "undeclared"
	}
	s.files[path] = body
	canon, err := scrape.CanonicalURL(a.URL)
	if err != nil {
		return fmt.Errorf("%s: %w", a.ID, err)
	}
	via, rule := news.ViaPage, o.family
	if o.fullText {
		via = news.ViaFeed
	}
	if rule == "" {
		rule = scrape.GenericRule
	}
	s.expected = append(s.expected, Expected{
		CorpusID: a.ID, ID: news.ArticleID(canon), Source: a.Source, Lang: a.Lang, Path: "/" + path,
		Canonical: canon, Title: title, Text: text, Published: a.Published, Via: via, Rule: rule, Charset: cs,
	})
	return nil
}

// The pages served in legacy charsets, and the one with no charset declared anywhere.
const (
	windows1256Page = "fa-015" // mehrnews; already written with Arabic ي/ك
	windows1258Page = "vi-039" // vietnamnet
	undeclaredPage  = "vi-008" // laodong
)

func (s *site) write(dir string) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	var paths []string
	for p := range s.files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, s.files[p], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// goldenCases are the scraper's golden inputs: one page per platform family (two where a
// family's sites differ), the generic fallback, and the pages that must fail.
var goldenCases = []struct{ name, corpusID, style string }{
	{"nastooh-mehr", "fa-001", "mehrnews"},
	{"nastooh-isna", "fa-003", "isna"},
	{"iransamaneh-irib", "fa-007", "iribnews"},
	{"iransamaneh-yjc", "fa-006", "yjc"},
	{"tasnim", "fa-004", "tasnim"},
	{"generic-ictna", "fa-005", "ictna"},
	{"vnexpress-nfd", "vi-033", "vnexpress"},
	{"afcbc-tuoitre", "vi-003", "tuoitre"},
	{"afcbc-thanhnien", "vi-013", "thanhnien"},
	{"zce-baogialai", "vi-001", "baogialai"},
	{"vietnamnet", "vi-005", "vietnamnet"},
	{"dantri", "vi-026", "dantri"},
	{"generic-nhandan", "vi-006", "nhandan"},
}

func writeGolden(dir string, arts []corpusArticle) error {
	byID := map[string]corpusArticle{}
	for _, a := range arts {
		byID[a.ID] = a
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, c := range goldenCases {
		a, ok := byID[c.corpusID]
		if !ok {
			return fmt.Errorf("golden case %s: no corpus article %s", c.name, c.corpusID)
		}
		o := outlets[c.style]
		a.Source = c.style
		page := o.page(newPageData(o, a, []corpusArticle{a}))
		page = strings.ReplaceAll(page, Base, "https://sample.example")
		if err := os.WriteFile(filepath.Join(dir, c.name+".html"), []byte(page), 0o644); err != nil {
			return err
		}
		meta := map[string]string{"source": c.style, "lang": a.Lang, "url": "https://sample.example/" + c.style + "/" + a.ID + ".html", "zone": o.zone}
		mb, _ := json.MarshalIndent(meta, "", "  ")
		if err := os.WriteFile(filepath.Join(dir, c.name+".page.json"), append(mb, '\n'), 0o644); err != nil {
			return err
		}
	}
	for name, body := range map[string]string{"error-interstitial": arvanInterstitial, "error-wrong-language": englishPage} {
		if err := os.WriteFile(filepath.Join(dir, name+".html"), []byte(body), 0o644); err != nil {
			return err
		}
		meta := `{"source": "sample", "lang": "vi", "url": "https://sample.example/x.html", "zone": "Asia/Ho_Chi_Minh"}` + "\n"
		if name == "error-interstitial" {
			meta = strings.ReplaceAll(strings.ReplaceAll(meta, `"vi"`, `"fa"`), "Asia/Ho_Chi_Minh", "Asia/Tehran")
		}
		if err := os.WriteFile(filepath.Join(dir, name+".page.json"), []byte(meta), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// pageData is what a page template needs.
type pageData struct {
	A         corpusArticle
	Local     string // the page's own address on the sample site
	Paras     []string
	Lead      string
	Pub       time.Time // in the outlet's zone
	Related   []corpusArticle
	NativeNum string
}

func newPageData(o outlet, a corpusArticle, same []corpusArticle) pageData {
	pub, err := time.Parse(time.RFC3339, a.Published)
	if err != nil {
		log.Fatalf("%s: published: %v", a.ID, err)
	}
	zone, err := time.LoadLocation(o.zone)
	if err != nil {
		log.Fatal(err)
	}
	p := pageData{A: a, Local: Base + "/" + a.Source + "/" + a.ID + ".html", Paras: strings.Split(a.Text, "\n\n"), Pub: pub.In(zone)}
	p.Lead = firstSentence(p.Paras[0])
	for _, r := range same {
		if r.ID != a.ID && len(p.Related) < 3 {
			p.Related = append(p.Related, r)
		}
	}
	return p
}

// firstSentence is the lead a page shows: the first sentence of the first paragraph.
func firstSentence(p string) string {
	for i, r := range p {
		if (r == '.' || r == '!' || r == '?') && i > 40 {
			return strings.TrimSpace(p[:i+1])
		}
	}
	return p
}

var _ = bytes.MinRead
