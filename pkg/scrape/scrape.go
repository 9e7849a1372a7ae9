// Package scrape turns an article page (HTML, already UTF-8) into a news.Article: the site
// rules of the page's platform family (configs/sites/*.yaml) where one matches, a generic
// main-content extractor (go-readability) where none does. The publish time comes from
// machine-readable metadata first (article:published_time, itemprop, JSON-LD), then the visible
// date; the canonical URL (rel=canonical, tracking parameters removed) gives the article id.
// An anti-bot interstitial and a page in the wrong language are typed errors.
package scrape

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"codeberg.org/readeck/go-readability/v2"
	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// GenericRule is Result.Rule when no family matched and the generic extractor was used.
const GenericRule = "generic"

var (
	// ErrInterstitial: the page is an anti-bot challenge, not the article; retry later.
	ErrInterstitial = errors.New("anti-bot interstitial page")
	// ErrWrongLanguage: the page is not in the source's language; permanent.
	ErrWrongLanguage = errors.New("page in another language")
	// ErrNoContent: no article text could be found; permanent.
	ErrNoContent = errors.New("no article text")
)

// InterstitialError is returned for an anti-bot challenge page. errors.Is(err, ErrInterstitial).
type InterstitialError struct{ Vendor string }

func (e *InterstitialError) Error() string {
	return fmt.Sprintf("%v (%s): retry later", ErrInterstitial, e.Vendor)
}

// Is makes errors.Is(err, ErrInterstitial) true.
func (e *InterstitialError) Is(target error) bool { return target == ErrInterstitial }

// WrongLanguageError is returned when the text is not in the source's language.
// errors.Is(err, ErrWrongLanguage).
type WrongLanguageError struct{ Want, Got string }

func (e *WrongLanguageError) Error() string {
	return fmt.Sprintf("%v: source is %q, text looks %q", ErrWrongLanguage, e.Want, e.Got)
}

// Is makes errors.Is(err, ErrWrongLanguage) true.
func (e *WrongLanguageError) Is(target error) bool { return target == ErrWrongLanguage }

// Page is one fetched page to scrape.
type Page struct {
	URL    string // where it was fetched from (resolves relative links, identifies the host)
	Body   []byte // HTML in UTF-8
	Source string // source id, copied into the article
	Lang   string // the source's language: "fa" or "vi"
	// Rule names the family to use (from the source's config); empty picks by host, then
	// by the families' detect selectors, then the generic extractor.
	Rule string
	// Zone is the source's time zone, for dates written without an offset.
	Zone    *time.Location
	Fetched time.Time
}

// Result is a scraped article and how it was found.
type Result struct {
	Article news.Article `json:"article"`
	// Rule is the family whose rules matched, or GenericRule.
	Rule string `json:"rule"`
	// DateFrom says where Published came from: "meta", "json-ld", "visible" (the date element
	// of the rule, as text), "rule-attr" (an attribute of that element), "" (unknown).
	DateFrom string `json:"date_from,omitempty"`
}

// Scraper scrapes pages with a set of rules. It is safe for concurrent use.
type Scraper struct {
	rules *Rules
}

// New returns a scraper using rules; nil rules means the generic extractor only.
func New(rules *Rules) *Scraper { return &Scraper{rules: rules} }

// Scrape extracts the article of one page. It does not fetch anything. Errors: an
// *InterstitialError (retry later), a *WrongLanguageError or ErrNoContent (permanent), or a
// parse error.
func (s *Scraper) Scrape(p Page) (*Result, error) {
	if v := detectInterstitial(p.Body); v != "" {
		return nil, &InterstitialError{Vendor: v}
	}
	base, err := url.Parse(p.URL)
	if err != nil {
		return nil, fmt.Errorf("page url: %w", err)
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(p.Body))
	if err != nil {
		return nil, fmt.Errorf("parsing html: %w", err)
	}
	zone := p.Zone
	if zone == nil {
		zone = time.UTC
	}
	fam := s.rules.match(p.Rule, base.Host, doc)
	meta := readMeta(doc)

	res := &Result{}
	a := &res.Article
	a.Source, a.Lang, a.URL, a.Via = p.Source, p.Lang, p.URL, news.ViaPage

	var paras []string
	if fam != nil {
		res.Rule = fam.Name
		a.Title = first(doc, fam.title)
		a.Lead = first(doc, fam.lead)
		paras = fam.bodyParagraphs(doc)
		a.Authors = all(doc, fam.author)
	}
	if len(paras) == 0 {
		// No family, or its body selector found nothing: the generic extractor.
		res.Rule = GenericRule
		if fam != nil {
			res.Rule = GenericRule + " (" + fam.Name + " body not found)"
		}
		paras, err = genericParagraphs(p.Body, base)
		if err != nil {
			return nil, err
		}
	}
	if len(paras) == 0 {
		return nil, ErrNoContent
	}
	a.Text = strings.Join(paras, "\n\n")
	if a.Title == "" {
		a.Title = firstNonEmpty(meta.ogTitle, cleanText(doc.Find("h1").First().Text()), cleanText(doc.Find("title").First().Text()))
	}
	if a.Lead == "" {
		a.Lead = firstNonEmpty(meta.description)
	}
	if len(a.Authors) == 0 {
		a.Authors = meta.authors
	}

	// Publish time: machine-readable first, then the visible date.
	if t, from := meta.published(zone); !t.IsZero() {
		a.Published, res.DateFrom = &t, from
	} else if fam != nil {
		for _, d := range fam.date {
			v := value(doc.FindMatcher(d.m).First(), d.attr)
			if v == "" {
				continue
			}
			var t time.Time
			from := "visible"
			if d.attr != "" {
				t, err = ParseMachineDate(v, zone)
				from = "rule-attr"
			} else {
				t, err = ParseVisibleDate(v, p.Lang, zone)
			}
			if err == nil {
				a.Published, res.DateFrom = &t, from
				break
			}
		}
	}

	// Canonical URL and id.
	canon := firstNonEmpty(meta.canonical, meta.ogURL, p.URL)
	if ref, err := base.Parse(canon); err == nil {
		canon = ref.String()
	}
	if c, err := CanonicalURL(canon); err == nil {
		a.CanonicalURL = c
	} else if c, err := CanonicalURL(p.URL); err == nil {
		a.CanonicalURL = c
	} else {
		return nil, fmt.Errorf("no usable url: %w", err)
	}
	a.ID = news.ArticleID(a.CanonicalURL)
	a.ContentHash = news.ContentHash(a.Text)
	if !p.Fetched.IsZero() {
		f := p.Fetched.UTC()
		a.Fetched = &f
	}
	if got := detectLang(a.Title + "\n" + a.Text); got != "" && p.Lang != "" && got != p.Lang {
		return nil, &WrongLanguageError{Want: p.Lang, Got: got}
	}
	return res, nil
}

func (f *Family) bodyParagraphs(doc *goquery.Document) []string {
	for _, b := range f.body {
		body := doc.FindMatcher(b.m)
		if body.Length() == 0 {
			continue
		}
		body = body.Clone()
		for _, d := range f.drop {
			body.FindMatcher(d).Remove()
		}
		paras := dropMatching(paragraphs(body.Nodes), f.dropPara)
		if len(paras) > 0 {
			return paras
		}
	}
	return nil
}

// genericParagraphs runs go-readability over the page and takes the text of what it keeps.
func genericParagraphs(body []byte, base *url.URL) ([]string, error) {
	root, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("parsing html: %w", err)
	}
	p := readability.NewParser()
	art, err := p.ParseDocument(root, base)
	if err != nil {
		if errors.Is(err, readability.ErrTimestampMissing) {
			err = nil
		} else {
			return nil, fmt.Errorf("%w: %v", ErrNoContent, err)
		}
	}
	if art.Node == nil {
		return nil, nil
	}
	return paragraphs([]*html.Node{art.Node}), nil
}

func value(s *goquery.Selection, attr string) string {
	if s.Length() == 0 {
		return ""
	}
	if attr != "" {
		v, _ := s.Attr(attr)
		return cleanText(v)
	}
	return cleanText(strings.Join(paragraphs(s.Nodes), " "))
}

func first(doc *goquery.Document, sels []sel) string {
	for _, s := range sels {
		if v := value(doc.FindMatcher(s.m).First(), s.attr); v != "" {
			return v
		}
	}
	return ""
}

func all(doc *goquery.Document, sels []sel) []string {
	var out []string
	for _, s := range sels {
		doc.FindMatcher(s.m).Each(func(_ int, e *goquery.Selection) {
			if v := value(e, s.attr); v != "" && !slices.Contains(out, v) {
				out = append(out, v)
			}
		})
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// pageMeta is what the page says about itself in <head> and JSON-LD.
type pageMeta struct {
	canonical, ogURL, ogTitle, description string
	publishedMeta                          string
	publishedLD                            string
	authors                                []string
}

func readMeta(doc *goquery.Document) pageMeta {
	var m pageMeta
	attr := func(sel, a string) string {
		v, _ := doc.Find(sel).First().Attr(a)
		return strings.TrimSpace(v)
	}
	m.canonical = attr(`link[rel="canonical"]`, "href")
	m.ogURL = attr(`meta[property="og:url"]`, "content")
	m.ogTitle = cleanText(attr(`meta[property="og:title"]`, "content"))
	m.description = cleanText(firstNonEmpty(attr(`meta[name="description"]`, "content"), attr(`meta[property="og:description"]`, "content")))
	// Not meta name="date": Nastooh writes the render time there.
	m.publishedMeta = firstNonEmpty(
		attr(`meta[property="article:published_time"]`, "content"),
		attr(`meta[itemprop="datePublished"]`, "content"),
		attr(`time[itemprop="datePublished"]`, "datetime"),
	)
	if a := cleanText(attr(`meta[name="author"]`, "content")); a != "" {
		m.authors = []string{a}
	}
	doc.Find(`script[type="application/ld+json"]`).Each(func(_ int, s *goquery.Selection) {
		if m.publishedLD != "" {
			return
		}
		var v any
		if json.Unmarshal([]byte(s.Text()), &v) != nil {
			return
		}
		walkLD(v, &m)
	})
	return m
}

// walkLD finds the first article object in a JSON-LD value (an object, an array, or an
// @graph) and takes its datePublished and authors.
func walkLD(v any, m *pageMeta) {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			walkLD(e, m)
		}
	case map[string]any:
		if g, ok := x["@graph"]; ok {
			walkLD(g, m)
		}
		typ := fmt.Sprint(x["@type"])
		if !strings.Contains(typ, "Article") && !strings.Contains(typ, "Posting") {
			return
		}
		if m.publishedLD == "" {
			if d, ok := x["datePublished"].(string); ok {
				m.publishedLD = d
			}
		}
		if len(m.authors) == 0 {
			m.authors = ldNames(x["author"])
		}
	}
}

func ldNames(v any) []string {
	switch x := v.(type) {
	case string:
		if s := cleanText(x); s != "" {
			return []string{s}
		}
	case map[string]any:
		if n, ok := x["name"].(string); ok && cleanText(n) != "" {
			return []string{cleanText(n)}
		}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, ldNames(e)...)
		}
		return out
	}
	return nil
}

func (m pageMeta) published(zone *time.Location) (time.Time, string) {
	if m.publishedMeta != "" {
		if t, err := ParseMachineDate(m.publishedMeta, zone); err == nil {
			return t, "meta"
		}
	}
	if m.publishedLD != "" {
		if t, err := ParseMachineDate(m.publishedLD, zone); err == nil {
			return t, "json-ld"
		}
	}
	return time.Time{}, ""
}
