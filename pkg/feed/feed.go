// Package feed reads RSS, Atom and JSON feeds (with gofeed) into the items tinkhabar needs:
// link, title, publish time read in the source's zone when the feed gives none or only an
// abbreviation, summary and full text as plain NFC text.
package feed

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/text/unicode/norm"

	"github.com/tinkhabar/tinkhabar/pkg/scrape"
)

// ErrParse wraps every error of a feed that does not parse.
var ErrParse = errors.New("feed does not parse")

// Item is one feed entry.
type Item struct {
	Title string
	// Link is the item's address resolved against the feed's; GUID is kept when it is
	// itself an http(s) URL (often the canonical address).
	Link, GUID string
	Published  *time.Time // UTC; nil when the feed gives none that reads
	Summary    string     // plain text
	Text       string     // plain text of the full content, "" when the feed has none
	Authors    []string
}

// Parse reads a feed body. base is the feed's URL (resolves relative links); lang and zone are
// the source's language and time zone. Items without a usable link are skipped.
func Parse(body []byte, base, lang string, zone *time.Location) ([]Item, error) {
	if zone == nil {
		zone = time.UTC
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrParse, err)
	}
	bu, _ := url.Parse(base)
	var out []Item
	for _, it := range f.Items {
		link := strings.TrimSpace(it.Link)
		if link == "" && len(it.Links) > 0 {
			link = strings.TrimSpace(it.Links[0])
		}
		if link == "" {
			continue
		}
		if bu != nil {
			if u, err := bu.Parse(link); err == nil {
				link = u.String()
			}
		}
		u, err := url.Parse(link)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			continue
		}
		item := Item{
			Title:   clean(it.Title),
			Link:    link,
			Summary: scrape.TextOf(it.Description),
		}
		if g := strings.TrimSpace(it.GUID); strings.HasPrefix(g, "http://") || strings.HasPrefix(g, "https://") {
			item.GUID = g
		}
		if it.Content != "" {
			item.Text = scrape.TextOf(it.Content)
		}
		for _, a := range it.Authors {
			if a != nil && clean(a.Name) != "" {
				item.Authors = append(item.Authors, clean(a.Name))
			}
		}
		raw, parsed := it.Published, it.PublishedParsed
		if raw == "" {
			raw, parsed = it.Updated, it.UpdatedParsed
		}
		if t, ok := itemTime(raw, parsed, lang, zone); ok {
			item.Published = &t
		}
		out = append(out, item)
	}
	return out, nil
}

func clean(s string) string {
	return norm.NFC.String(strings.Join(strings.Fields(s), " "))
}

// explicitOffset matches a timestamp that states its offset (not an abbreviation like IRST).
var explicitOffset = regexp.MustCompile(`(?i)([+-]\d{2}:?\d{2}|\dZ|\b(GMT|UTC|UT))\s*$`)

// itemTime reads a feed date. gofeed parses RFC 822/3339 forms; a date it parsed that carries
// a zone abbreviation or no zone is read again in the source's zone (Go gives an unknown
// abbreviation a zero offset); a date it could not parse (Solar Hijri, Persian digits) goes
// to the visible-date parser.
func itemTime(raw string, parsed *time.Time, lang string, zone *time.Location) (time.Time, bool) {
	raw = strings.TrimSpace(raw)
	if parsed != nil && !parsed.IsZero() {
		t := *parsed
		if !explicitOffset.MatchString(raw) {
			t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), zone)
		}
		return t.UTC(), true
	}
	if raw == "" {
		return time.Time{}, false
	}
	if t, err := scrape.ParseMachineDate(raw, zone); err == nil {
		return t, true
	}
	if t, err := scrape.ParseVisibleDate(raw, lang, zone); err == nil {
		return t, true
	}
	return time.Time{}, false
}
