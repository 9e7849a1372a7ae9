package schedule

import (
	"bytes"
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// Source is one news outlet to poll (an entry of configs/sources.yaml).
type Source struct {
	ID     string `yaml:"id"`     // subject token: [a-z0-9_-]+
	Name   string `yaml:"name"`   // English name
	Native string `yaml:"native"` // name in the outlet's language
	Lang   string `yaml:"lang"`   // "fa" or "vi"
	// Zone is the IANA zone the outlet writes its times in, used for dates with a zone
	// abbreviation or none. Defaults: Asia/Tehran for fa, Asia/Ho_Chi_Minh for vi.
	Zone string `yaml:"zone"`
	// Rules names the site-rule family (configs/sites/<family>.yaml); empty picks by host.
	Rules string   `yaml:"rules"`
	Home  string   `yaml:"home"`
	Feeds []string `yaml:"feeds"`
	// Interval between polls of each feed (default 15m, at least 1m); Jitter spreads them
	// (default a tenth of Interval).
	Interval time.Duration `yaml:"interval"`
	Jitter   time.Duration `yaml:"jitter"`
	// FullText: the feed's items carry the whole article (content:encoded), so no page is
	// fetched for them.
	FullText bool `yaml:"full_text"`
	// Allow lists internal address ranges (CIDR) this source's feeds and pages may reach.
	// Empty for every real source; the sample site needs 127.0.0.1/32.
	Allow []string `yaml:"allow"`
	// Notes are for people.
	Notes string `yaml:"notes"`

	loc   *time.Location
	allow []netip.Prefix
}

// Location is the source's time zone (valid after ParseSources).
func (s *Source) Location() *time.Location {
	if s.loc == nil {
		return time.UTC
	}
	return s.loc
}

// AllowPrefixes are the parsed Allow ranges (valid after ParseSources).
func (s *Source) AllowPrefixes() []netip.Prefix { return s.allow }

// Validate checks one source and fills in its defaults.
func (s *Source) Validate() error {
	if !news.IsToken(s.ID) {
		return fmt.Errorf("source id %q is not a [a-z0-9_-]+ token", s.ID)
	}
	switch s.Lang {
	case news.LangFa:
		if s.Zone == "" {
			s.Zone = "Asia/Tehran"
		}
	case news.LangVi:
		if s.Zone == "" {
			s.Zone = "Asia/Ho_Chi_Minh"
		}
	default:
		return fmt.Errorf("source %s: lang %q is not fa or vi", s.ID, s.Lang)
	}
	loc, err := time.LoadLocation(s.Zone)
	if err != nil {
		return fmt.Errorf("source %s: zone: %w", s.ID, err)
	}
	s.loc = loc
	if len(s.Feeds) == 0 {
		return fmt.Errorf("source %s: no feeds", s.ID)
	}
	for _, f := range s.Feeds {
		u, err := url.Parse(f)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("source %s: feed %q is not an http(s) url", s.ID, f)
		}
	}
	if s.Interval == 0 {
		s.Interval = 15 * time.Minute
	}
	if s.Interval < time.Second {
		return fmt.Errorf("source %s: interval %s is under a second", s.ID, s.Interval)
	}
	if s.Jitter == 0 {
		s.Jitter = s.Interval / 10
	}
	if s.Jitter < 0 || s.Jitter > s.Interval {
		return fmt.Errorf("source %s: jitter %s not within [0, interval]", s.ID, s.Jitter)
	}
	s.allow = nil
	for _, a := range s.Allow {
		p, err := netip.ParsePrefix(a)
		if err != nil {
			return fmt.Errorf("source %s: allow %q: %w", s.ID, a, err)
		}
		s.allow = append(s.allow, p)
	}
	return nil
}

type sourcesFile struct {
	Sources []Source `yaml:"sources"`
}

// ParseSources reads a sources file (configs/sources.yaml), validating every source. Unknown
// keys and duplicate ids are errors.
func ParseSources(data []byte) ([]Source, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f sourcesFile
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	if len(f.Sources) == 0 {
		return nil, errors.New("sources: none listed")
	}
	seen := map[string]bool{}
	var errs []error
	for i := range f.Sources {
		s := &f.Sources[i]
		if err := s.Validate(); err != nil {
			errs = append(errs, err)
			continue
		}
		if seen[s.ID] {
			errs = append(errs, fmt.Errorf("source %s listed twice", s.ID))
		}
		seen[s.ID] = true
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("sources: %w", errors.Join(errs...))
	}
	return f.Sources, nil
}
