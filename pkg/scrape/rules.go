package scrape

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"go.yaml.in/yaml/v3"
)

// Family is the rule set of one platform family (one file in configs/sites/), shared by every
// site built on that platform. Each field lists selectors tried in order; the first that
// matches wins. A selector may end in "@attr" to take an attribute instead of the text.
type Family struct {
	Name string `yaml:"family"`
	// Hosts are the sites on this platform; a page's host matches a host or any subdomain.
	Hosts []string `yaml:"hosts"`
	// Detect recognises the platform in a page whose host is not listed (a mirror, the
	// sample site): the family applies if any of these selectors matches.
	Detect []string `yaml:"detect"`
	Title  []string `yaml:"title"`
	Lead   []string `yaml:"lead"`
	Body   []string `yaml:"body"`
	// Date is the visible publish date, read when the page has no machine-readable one.
	Date   []string `yaml:"date"`
	Author []string `yaml:"author"`
	// Drop removes boilerplate inside the body before its text is taken.
	Drop []string `yaml:"drop"`
	// DropParagraphs removes body paragraphs matching any of these regular expressions
	// ("read more" lines, production credits).
	DropParagraphs []string `yaml:"drop_paragraphs"`

	title, lead, body, date, author, detect []sel
	drop                                    []cascadia.Selector
	dropPara                                []*regexp.Regexp
}

type sel struct {
	src  string
	m    cascadia.Selector
	attr string
}

var attrSuffix = regexp.MustCompile(`^(.*[^\s])@([a-zA-Z_:][a-zA-Z0-9_:.-]*)$`)

func compileSels(field string, srcs []string) ([]sel, error) {
	out := make([]sel, 0, len(srcs))
	for _, s := range srcs {
		css, attr := s, ""
		if m := attrSuffix.FindStringSubmatch(s); m != nil && !strings.Contains(m[2], "]") {
			css, attr = m[1], m[2]
		}
		c, err := cascadia.Compile(css)
		if err != nil {
			return nil, fmt.Errorf("%s selector %q: %w", field, s, err)
		}
		out = append(out, sel{src: s, m: c, attr: attr})
	}
	return out, nil
}

func (f *Family) compile() error {
	if f.Name == "" {
		return errors.New("no family name")
	}
	if len(f.Body) == 0 {
		return errors.New("no body selector")
	}
	var err error
	for _, x := range []struct {
		name string
		src  []string
		dst  *[]sel
	}{
		{"title", f.Title, &f.title}, {"lead", f.Lead, &f.lead}, {"body", f.Body, &f.body},
		{"date", f.Date, &f.date}, {"author", f.Author, &f.author}, {"detect", f.Detect, &f.detect},
	} {
		if *x.dst, err = compileSels(x.name, x.src); err != nil {
			return err
		}
	}
	for _, s := range f.Drop {
		c, err := cascadia.Compile(s)
		if err != nil {
			return fmt.Errorf("drop selector %q: %w", s, err)
		}
		f.drop = append(f.drop, c)
	}
	for _, s := range f.DropParagraphs {
		re, err := regexp.Compile(s)
		if err != nil {
			return fmt.Errorf("drop_paragraphs %q: %w", s, err)
		}
		f.dropPara = append(f.dropPara, re)
	}
	for i, h := range f.Hosts {
		f.Hosts[i] = strings.ToLower(strings.TrimPrefix(h, "www."))
	}
	return nil
}

// ParseFamily reads one rule file. Unknown keys are errors, so a typo cannot silently disable
// a selector.
func ParseFamily(name string, data []byte) (*Family, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f Family
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("site rules %s: %w", name, err)
	}
	if err := f.compile(); err != nil {
		return nil, fmt.Errorf("site rules %s: %w", name, err)
	}
	return &f, nil
}

// Rules is the set of platform families. It is immutable after LoadRules and safe for
// concurrent use.
type Rules struct {
	families []*Family
	byName   map[string]*Family
}

// LoadRules reads every *.yaml file in dir of fsys as a Family. Two files naming the same
// family, or two families claiming one host, are errors.
func LoadRules(fsys fs.FS, dir string) (*Rules, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	r := &Rules{byName: make(map[string]*Family)}
	hosts := make(map[string]string)
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		f, err := ParseFamily(n, data)
		if err != nil {
			return nil, err
		}
		if _, dup := r.byName[f.Name]; dup {
			return nil, fmt.Errorf("site rules %s: family %q defined twice", n, f.Name)
		}
		for _, h := range f.Hosts {
			if other, dup := hosts[h]; dup {
				return nil, fmt.Errorf("site rules %s: host %s already in family %q", n, h, other)
			}
			hosts[h] = f.Name
		}
		r.families = append(r.families, f)
		r.byName[f.Name] = f
	}
	if len(r.families) == 0 {
		return nil, fmt.Errorf("no site rules in %s", dir)
	}
	return r, nil
}

// Family returns the family of that name.
func (r *Rules) Family(name string) (*Family, bool) {
	if r == nil {
		return nil, false
	}
	f, ok := r.byName[name]
	return f, ok
}

// Names lists the families in file order.
func (r *Rules) Names() []string {
	var out []string
	if r != nil {
		for _, f := range r.families {
			out = append(out, f.Name)
		}
	}
	return out
}

// match picks the family for a page: the one named, else the one listing the host, else
// the first whose detect selector matches. nil means the generic fallback.
func (r *Rules) match(name, host string, doc *goquery.Document) *Family {
	if r == nil {
		return nil
	}
	if f, ok := r.byName[name]; ok {
		return f
	}
	host = strings.TrimPrefix(strings.ToLower(host), "www.")
	for _, f := range r.families {
		if slices.ContainsFunc(f.Hosts, func(h string) bool { return host == h || strings.HasSuffix(host, "."+h) }) {
			return f
		}
	}
	for _, f := range r.families {
		for _, d := range f.detect {
			if doc.FindMatcher(d.m).Length() > 0 {
				return f
			}
		}
	}
	return nil
}
