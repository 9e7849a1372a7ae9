// Package gazetteer finds the places, organisations and official titles named in Persian and
// Vietnamese news: the 31 Iranian provinces and the 34 Vietnamese provincial units of
// spec/locations.md (with the former Vietnamese provinces and their successors), their cities,
// foreign countries, the telecom organisations of spec/events.md and the roles of visitors.
//
// The knowledge is data: YAML files embedded from data/ (see Default and the format described
// in data/README.md) that a configuration directory may extend or override (LoadLayers). The
// machinery is one leftmost-longest Aho-Corasick pass per call of Find over text that a
// language pack (pkg/text/fa, pkg/text/vi) has normalised; aliases are normalised with the same
// pack's Canonical function, passed in as a Normalizer so that this package does not depend on
// the packs.
package gazetteer

import (
	"slices"

	"github.com/tinkhabar/tinkhabar/pkg/text"
)

// Kind is the kind of a gazetteer entry.
type Kind uint8

// The kinds of entries.
const (
	// KindLocation is a place: a province, a city inside one, or a country.
	KindLocation Kind = iota + 1
	// KindOrg is an organisation, including a provincial government (whose Org.ID is the
	// province's location id).
	KindOrg
	// KindRole is an official's title.
	KindRole
	// KindIgnore is a phrase that contains a name but does not mean it («خلیج فارس» is not
	// Fars province). Find consumes it, so that the name inside loses, and never returns it.
	KindIgnore
)

// String is the kind's lower-case name.
func (k Kind) String() string {
	switch k {
	case KindLocation:
		return "location"
	case KindOrg:
		return "org"
	case KindRole:
		return "role"
	case KindIgnore:
		return "ignore"
	}
	return "unknown"
}

// Location is a province, a Vietnamese provincial unit (current or former) or a country, as
// spec/locations.md and spec/events.md identify them.
type Location struct {
	ID        string // "ir/kerman", "vn/binh-dinh", "ru"
	Name      string // English name
	Native    string // name in the country's language
	Country   string // ISO 3166-1 alpha-2, upper case: "IR", "VN", "RU"
	Level     string // "province" or "country"
	CurrentID string // set only for a former Vietnamese province: the unit it merged into
}

// Org is an organisation. ID is "org/<slug>" or a ministry id ("ir/ict-ministry", "vn/mst")
// for the organisations spec/events.md names, a location id for a provincial government, and
// "name:<normalised native name>" (see NameID) for any other.
type Org struct {
	ID, Name, Native string
	Kind             string // "company", "ministry", "government", "university" or "other"
}

// Role is the role of an official: minister, deputy_minister, president, vice_president,
// prime_minister, governor, party_secretary, company_head, delegation or other.
type Role struct {
	ID string
}

// Entry is what an alias means. Entries are shared between calls and goroutines: treat them,
// and the Location, Org and Role they point to, as read-only.
type Entry struct {
	Kind  Kind
	Lang  string // "fa" or "vi"
	Alias string // the alias as written in the data file (for a form, as rendered)
	// Location is the place the alias resolves to: for KindLocation always; for KindOrg when
	// the organisation is a provincial government or body («استانداری خوزستان», «UBND tỉnh Gia
	// Lai», «Sở KH&CN Quảng Trị») or its name contains a place («سازمان منطقه آزاد کیش»).
	Location *Location
	// City reports that the alias names a city, county, ward or district inside Location (or a
	// country's city), not Location itself.
	City bool
	// Former reports that the alias names a former Vietnamese province: Location is the former
	// province, and Location.CurrentID the unit it is part of now.
	Former bool
	// Org is the organisation (KindOrg), or the organisation a title belongs to (KindRole, as in
	// «وزیر ارتباطات» → ir/ict-ministry, «Thứ trưởng Bộ KH&CN» → vn/mst).
	Org  *Org
	Role *Role // KindRole
}

// Match is an alias found in a text: Span is a byte range of t.Norm (and t.Fold).
type Match struct {
	text.Span
	Entry *Entry
}

// Normalizer returns the normalised form of a short phrase, exactly as the language pack's
// Normalize would render it inside a text (fa.Canonical, vi.Canonical).
type Normalizer func(s string) string

// Gazetteer resolves aliases in normalised text. It is immutable once loaded and safe for
// concurrent use.
type Gazetteer struct {
	langs     map[string]*matcher
	locations map[string]*Location
	orgs      map[string]*Org
	version   string
}

// Location returns the location with this id (a province, a former Vietnamese province or a
// country).
func (g *Gazetteer) Location(id string) (Location, bool) {
	l, ok := g.locations[id]
	if !ok {
		return Location{}, false
	}
	return *l, true
}

// Org returns the organisation with this id. A provincial government is found by its
// location id.
func (g *Gazetteer) Org(id string) (Org, bool) {
	o, ok := g.orgs[id]
	if !ok {
		return Org{}, false
	}
	return *o, true
}

// Version is a short hash of the data and of the normalised aliases built from it: it changes
// when any data file or a normaliser's output for an alias changes.
func (g *Gazetteer) Version() string { return g.version }

// Langs lists the languages the gazetteer has aliases for, sorted.
func (g *Gazetteer) Langs() []string {
	out := make([]string, 0, len(g.langs))
	for l := range g.langs {
		out = append(out, l)
	}
	slices.Sort(out)
	return out
}

// Find returns the aliases of language lang found in t, in order and non-overlapping. t must
// have been normalised by the pack of lang. Where aliases overlap, the leftmost wins and, of
// those starting there, the longest («کرمانشاه», never «کرمان» inside it). A match never
// starts or ends inside a word: the runes around it are not letters, digits or marks. Places
// and the aliases marked cased match only when every capital of the alias is a capital in
// t.Norm («Hòa Bình» but not «hòa bình»); all other aliases ignore case. Ignore entries are
// matched but not returned. An unknown lang or a nil t gives nil.
func (g *Gazetteer) Find(lang string, t *text.Text) []Match {
	m := g.langs[lang]
	if m == nil || t == nil {
		return nil
	}
	return m.find(t)
}
