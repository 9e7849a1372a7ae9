package gazetteer

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/tinkhabar/tinkhabar/pkg/text"
)

//go:embed data/*.yaml
var embedded embed.FS

// Embedded returns the default data files: the *.yaml files that Default loads.
func Embedded() fs.FS {
	sub, err := fs.Sub(embedded, "data")
	if err != nil { // cannot happen: the directory is embedded
		panic(err)
	}
	return sub
}

// Default loads the embedded data. norms must hold a normaliser for every language of the data
// ("fa" and "vi").
func Default(norms map[string]Normalizer) (*Gazetteer, error) {
	return LoadLayers(norms, Embedded())
}

// Load reads every *.yaml file at the root of fsys (in name order) and builds a gazetteer.
// norms holds the normaliser of every language the files have aliases for; a language without
// one is an error. A malformed file, an unknown field, a reference to an unknown id or an
// alias that means two different things is an error naming the file and line (a *DataError).
func Load(fsys fs.FS, norms map[string]Normalizer) (*Gazetteer, error) {
	return LoadLayers(norms, fsys)
}

// LoadLayers is Load over several directories: typically the embedded defaults (Embedded)
// followed by a configuration directory. An entry of a later layer replaces the entry of an
// earlier layer with the same key (locations and organisations by id, roles by role and org,
// ignore entries and forms by id); other entries add to the data. Within one layer a key may
// occur only once.
func LoadLayers(norms map[string]Normalizer, layers ...fs.FS) (*Gazetteer, error) {
	var d docs
	sum := sha256.New()
	for i, fsys := range layers {
		names, err := fs.Glob(fsys, "*.yaml")
		if err != nil {
			return nil, fmt.Errorf("gazetteer: listing data files: %w", err)
		}
		layer := docs{}
		for _, name := range names {
			b, err := fs.ReadFile(fsys, name)
			if err != nil {
				return nil, fmt.Errorf("gazetteer: reading %s: %w", name, err)
			}
			fmt.Fprintf(sum, "%d\x00%s\x00%d\x00", i, name, len(b))
			sum.Write(b)
			if err := layer.parse(name, b); err != nil {
				return nil, fmt.Errorf("gazetteer: %w", err)
			}
		}
		d.overlay(&layer)
	}
	g, err := build(&d, norms, sum)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	return g, nil
}

// DataError is an error in a data file at a line.
type DataError struct {
	File string
	Line int
	Err  error
}

func (e *DataError) Error() string { return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err) }

func (e *DataError) Unwrap() error { return e.Err }

// ErrNoNormalizer is the error of data with aliases in a language that norms lacks.
var ErrNoNormalizer = errors.New("no normaliser for language")

// The data file format. See data/README.md.

// langAliases maps a language code to aliases in that language.
type langAliases map[string][]string

type fileDoc struct {
	Locations []locationDoc `yaml:"locations"`
	Orgs      []orgDoc      `yaml:"orgs"`
	Roles     []roleDoc     `yaml:"roles"`
	Ignore    []ignoreDoc   `yaml:"ignore"`
	Forms     []formDoc     `yaml:"forms"`
}

type locationDoc struct {
	ID        string      `yaml:"id"`
	Name      string      `yaml:"name"`
	Native    string      `yaml:"native"`
	Country   string      `yaml:"country"`
	Level     string      `yaml:"level"`
	CurrentID string      `yaml:"current_id"`
	Names     langAliases `yaml:"names"`
	Qualified langAliases `yaml:"qualified"`
	Aliases   langAliases `yaml:"aliases"`
	Cities    langAliases `yaml:"cities"`
}

type orgDoc struct {
	ID       string      `yaml:"id"`
	Name     string      `yaml:"name"`
	Native   string      `yaml:"native"`
	Kind     string      `yaml:"kind"`
	Location string      `yaml:"location"`
	Aliases  langAliases `yaml:"aliases"`
	Cased    langAliases `yaml:"cased"`
}

type roleDoc struct {
	Role    string      `yaml:"role"`
	Org     string      `yaml:"org"`
	Aliases langAliases `yaml:"aliases"`
	Cased   langAliases `yaml:"cased"`
}

type ignoreDoc struct {
	ID      string      `yaml:"id"`
	Aliases langAliases `yaml:"aliases"`
	Cased   langAliases `yaml:"cased"`
}

type formDoc struct {
	ID      string   `yaml:"id"`
	Lang    string   `yaml:"lang"`
	Country string   `yaml:"country"`
	Kind    string   `yaml:"kind"`
	OrgKind string   `yaml:"org_kind"`
	Name    string   `yaml:"name"`
	Aliases []string `yaml:"aliases"`
}

// at is a position in a data file.
type at struct {
	file string
	line int
}

func (a at) String() string { return fmt.Sprintf("%s:%d", a.file, a.line) }

func (a at) errorf(format string, args ...any) error {
	return &DataError{File: a.file, Line: a.line, Err: fmt.Errorf(format, args...)}
}

// keyed is a list of entries of one section, each with a key, kept in first-seen order.
type keyed[T any] struct {
	keys  []string
	index map[string]int
	docs  []T
	pos   []at
}

func (k *keyed[T]) add(key string, doc T, p at) error {
	if k.index == nil {
		k.index = map[string]int{}
	}
	if i, ok := k.index[key]; ok {
		return p.errorf("%q is already defined at %s", key, k.pos[i])
	}
	k.index[key] = len(k.docs)
	k.keys = append(k.keys, key)
	k.docs = append(k.docs, doc)
	k.pos = append(k.pos, p)
	return nil
}

// overlay puts the entries of o over those of k: same key replaces, new keys append.
func (k *keyed[T]) overlay(o *keyed[T]) {
	if k.index == nil {
		k.index = map[string]int{}
	}
	for j, key := range o.keys {
		if i, ok := k.index[key]; ok {
			k.docs[i], k.pos[i] = o.docs[j], o.pos[j]
			continue
		}
		k.index[key] = len(k.docs)
		k.keys = append(k.keys, key)
		k.docs = append(k.docs, o.docs[j])
		k.pos = append(k.pos, o.pos[j])
	}
}

type docs struct {
	locations keyed[locationDoc]
	orgs      keyed[orgDoc]
	roles     keyed[roleDoc]
	ignore    keyed[ignoreDoc]
	forms     keyed[formDoc]
}

func (d *docs) overlay(o *docs) {
	d.locations.overlay(&o.locations)
	d.orgs.overlay(&o.orgs)
	d.roles.overlay(&o.roles)
	d.ignore.overlay(&o.ignore)
	d.forms.overlay(&o.forms)
}

// yamlLine matches the position at the start of a go-yaml error message.
var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// yamlErrors turns a go-yaml error into DataErrors with the file and line.
func yamlErrors(file string, err error) error {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	errs := make([]error, 0, len(msgs))
	for _, m := range msgs {
		line := 0
		if sub := yamlLine.FindStringSubmatch(m); sub != nil {
			line, _ = strconv.Atoi(sub[1])
			m = sub[2]
		}
		errs = append(errs, &DataError{File: file, Line: line, Err: errors.New(strings.TrimPrefix(m, "yaml: "))})
	}
	return errors.Join(errs...)
}

// parse decodes one data file strictly and adds its entries.
func (d *docs) parse(file string, b []byte) error {
	var f fileDoc
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil // an empty file
		}
		return yamlErrors(file, err)
	}
	var more yaml.Node
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		return &DataError{File: file, Line: more.Line, Err: errors.New("more than one YAML document")}
	}
	// The lines of the entries: decode again as nodes (KnownFields has checked the shape).
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		return yamlErrors(file, err)
	}
	lines := sectionLines(&root)
	pos := func(section string, i int) at {
		if l := lines[section]; i < len(l) {
			return at{file, l[i]}
		}
		return at{file, 0}
	}
	var errs []error
	for i, x := range f.Locations {
		errs = append(errs, d.locations.add(x.ID, x, pos("locations", i)))
	}
	for i, x := range f.Orgs {
		id := x.ID
		if id == "" {
			id = NameID(x.Native)
		}
		errs = append(errs, d.orgs.add(id, x, pos("orgs", i)))
	}
	for i, x := range f.Roles {
		errs = append(errs, d.roles.add(x.Role+"@"+x.Org, x, pos("roles", i)))
	}
	for i, x := range f.Ignore {
		errs = append(errs, d.ignore.add(x.ID, x, pos("ignore", i)))
	}
	for i, x := range f.Forms {
		errs = append(errs, d.forms.add(x.ID, x, pos("forms", i)))
	}
	return errors.Join(errs...)
}

// sectionLines returns the line of every item of every top-level sequence.
func sectionLines(root *yaml.Node) map[string][]int {
	out := map[string][]int{}
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		return out
	}
	m := root.Content[0]
	if m.Kind != yaml.MappingNode {
		return out
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		seq := m.Content[i+1]
		for _, item := range seq.Content {
			out[m.Content[i].Value] = append(out[m.Content[i].Value], item.Line)
		}
	}
	return out
}

// Enumerations of the data format.
var (
	levels   = []string{"province", "country"}
	orgKinds = []string{"company", "ministry", "government", "university", "other"}
	roleIDs  = []string{"minister", "deputy_minister", "president", "vice_president", "prime_minister",
		"governor", "party_secretary", "company_head", "delegation", "other"}
	formKinds = []string{"location", "government", "body"}
)

var countryCode = regexp.MustCompile(`^[A-Z]{2}$`)

// builder collects the aliases of every language.
type builder struct {
	norms     map[string]Normalizer
	langs     map[string]*langBuilder
	locations map[string]*Location
	orgs      map[string]*Org
	roles     map[string]*Role
}

type langBuilder struct {
	norm  Normalizer
	keys  []string
	index map[string]int
	cands [][]candidate
}

func build(d *docs, norms map[string]Normalizer, sum hash.Hash) (*Gazetteer, error) {
	b := &builder{
		norms:     norms,
		langs:     map[string]*langBuilder{},
		locations: map[string]*Location{},
		orgs:      map[string]*Org{},
		roles:     map[string]*Role{},
	}
	for _, id := range roleIDs {
		b.roles[id] = &Role{ID: id}
	}
	steps := []func(*docs) error{b.addLocations, b.addOrgs, b.addForms, b.addRoles, b.addIgnore}
	for _, step := range steps {
		if err := step(d); err != nil {
			return nil, err
		}
	}
	g := &Gazetteer{
		langs:     map[string]*matcher{},
		locations: b.locations,
		orgs:      b.orgs,
	}
	langs := make([]string, 0, len(b.langs))
	for l := range b.langs {
		langs = append(langs, l)
	}
	slices.Sort(langs)
	for _, l := range langs {
		lb := b.langs[l]
		fmt.Fprintf(sum, "lang\x00%s\x00", l)
		for i, k := range lb.keys {
			fmt.Fprintf(sum, "%s\x00", k)
			for _, c := range lb.cands[i] {
				fmt.Fprintf(sum, "%s\x00%s\x00", c.cased, target(c.entry))
			}
		}
		g.langs[l] = &matcher{cands: lb.cands, trie: newTrie(lb.keys)}
	}
	g.version = hex.EncodeToString(sum.Sum(nil))[:12]
	return g, nil
}

// target describes what an entry means, to tell whether two entries are the same.
func target(e *Entry) string {
	var b strings.Builder
	b.WriteString(e.Kind.String())
	if e.Location != nil {
		b.WriteString(" loc=" + e.Location.ID)
	}
	if e.City {
		b.WriteString(" city")
	}
	if e.Org != nil {
		b.WriteString(" org=" + e.Org.ID)
	}
	if e.Role != nil {
		b.WriteString(" role=" + e.Role.ID)
	}
	return b.String()
}

// lang returns the builder of a language, or an error when norms has no normaliser for it.
func (b *builder) lang(l string, p at) (*langBuilder, error) {
	if lb, ok := b.langs[l]; ok {
		return lb, nil
	}
	n := b.norms[l]
	if n == nil {
		return nil, p.errorf("%w %q", ErrNoNormalizer, l)
	}
	lb := &langBuilder{norm: n, index: map[string]int{}}
	b.langs[l] = lb
	return lb, nil
}

// add adds one alias of language l meaning e. cased keeps the alias's capitals as a condition.
// A ZWNJ in the alias stands for a ZWNJ, a space or nothing (Persian writes «خرم‌آباد»,
// «خرم آباد» and «خرمآباد»).
func (b *builder) add(l, alias string, cased, generated bool, e Entry, p at) error {
	var ent *Entry
	return b.addWith(l, alias, cased, generated, p, func(string) *Entry {
		if ent == nil {
			e.Lang, e.Alias = l, strings.TrimSpace(alias)
			ent = &e
		}
		return ent
	})
}

// addWith is add with the entry made from each normalised spelling of the alias. Spellings
// are tried without the ZWNJ first, then with a space, then with the ZWNJ; a spelling that
// normalises to the key of an earlier one of the same alias is that one.
func (b *builder) addWith(l, alias string, cased, generated bool, p at, mk func(norm string) *Entry) error {
	lb, err := b.lang(l, p)
	if err != nil {
		return err
	}
	alias = strings.TrimSpace(alias)
	if alias == "" {
		return p.errorf("empty %s alias", l)
	}
	seen := map[string]bool{}
	for _, v := range zwnjVariants(alias) {
		n := strings.TrimSpace(lb.norm(v))
		if n == "" {
			return p.errorf("%s alias %q normalises to nothing", l, alias)
		}
		key := text.Fold(n)
		if seen[key] {
			continue
		}
		seen[key] = true
		c := candidate{entry: mk(n), generated: generated, src: p.String()}
		if cased {
			c.cased = n
		}
		if err := lb.put(key, c); err != nil {
			return p.errorf("%s alias %q: %w", l, alias, err)
		}
	}
	return nil
}

// put adds a candidate meaning to a pattern. Two meanings of one pattern with the same case
// condition must agree, except that an alias written out beats a generated one.
func (lb *langBuilder) put(key string, c candidate) error {
	i, ok := lb.index[key]
	if !ok {
		lb.index[key] = len(lb.keys)
		lb.keys = append(lb.keys, key)
		lb.cands = append(lb.cands, []candidate{c})
		return nil
	}
	cs := lb.cands[i]
	for j, x := range cs {
		if x.cased != c.cased {
			continue
		}
		switch {
		case target(x.entry) == target(c.entry):
			return nil
		case x.generated && !c.generated:
			cs[j] = c
			return nil
		case !x.generated && c.generated:
			return nil
		}
		return fmt.Errorf("means %s here and %s at %s", target(c.entry), target(x.entry), x.src)
	}
	cs = append(cs, c)
	// Meanings with a case condition first: «Hòa Bình» the place before any caseless meaning.
	slices.SortStableFunc(cs, func(a, b candidate) int {
		return boolInt(a.cased == "") - boolInt(b.cased == "")
	})
	lb.cands[i] = cs
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// zwnjVariants spells every ZWNJ of s as nothing, a space and a ZWNJ, in that order.
func zwnjVariants(s string) []string {
	i := strings.IndexRune(s, '\u200c')
	if i < 0 {
		return []string{s}
	}
	head, tail := s[:i], s[i+len("\u200c"):]
	var out []string
	for _, t := range zwnjVariants(tail) {
		out = append(out, head+t, head+" "+t, head+"\u200c"+t)
	}
	return out
}

// each calls f for every alias of a language map, languages in sorted order.
func each(m langAliases, f func(lang, alias string) error) error {
	langs := make([]string, 0, len(m))
	for l := range m {
		langs = append(langs, l)
	}
	slices.Sort(langs)
	var errs []error
	for _, l := range langs {
		for _, a := range m[l] {
			errs = append(errs, f(l, a))
		}
	}
	return errors.Join(errs...)
}

func (b *builder) addLocations(d *docs) error {
	// Register every location first, so that current_id may point forward.
	var errs []error
	for i, x := range d.locations.docs {
		p := d.locations.pos[i]
		switch {
		case x.ID == "" || x.Name == "" || x.Native == "":
			errs = append(errs, p.errorf("location %q needs id, name and native", x.ID))
		case !slices.Contains(levels, x.Level):
			errs = append(errs, p.errorf("location %s: level %q is not one of %v", x.ID, x.Level, levels))
		case !countryCode.MatchString(x.Country):
			errs = append(errs, p.errorf("location %s: country %q is not an upper-case ISO code", x.ID, x.Country))
		case x.Level == "country" && x.ID != strings.ToLower(x.Country):
			errs = append(errs, p.errorf("country %s: id must be the lower-case country code %q", x.ID, strings.ToLower(x.Country)))
		}
		b.locations[x.ID] = &Location{ID: x.ID, Name: x.Name, Native: x.Native, Country: x.Country, Level: x.Level, CurrentID: x.CurrentID}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for i, x := range d.locations.docs {
		p := d.locations.pos[i]
		loc := b.locations[x.ID]
		if x.CurrentID != "" {
			cur, ok := b.locations[x.CurrentID]
			switch {
			case !ok:
				errs = append(errs, p.errorf("location %s: current_id %q is not a location", x.ID, x.CurrentID))
				continue
			case cur.CurrentID != "" || cur.Level != "province" || x.Level != "province":
				errs = append(errs, p.errorf("location %s: current_id %q must be a current province", x.ID, x.CurrentID))
				continue
			case len(x.Cities) > 0:
				errs = append(errs, p.errorf("location %s: a former province has no cities (list them under %s)", x.ID, x.CurrentID))
				continue
			}
		}
		own := Entry{Kind: KindLocation, Location: loc, Former: loc.CurrentID != ""}
		errs = append(errs,
			each(x.Names, func(l, a string) error { return b.add(l, a, true, false, own, p) }),
			each(x.Aliases, func(l, a string) error { return b.add(l, a, true, false, own, p) }),
			each(x.Cities, func(l, a string) error {
				return b.add(l, a, true, false, Entry{Kind: KindLocation, Location: loc, City: true}, p)
			}),
		)
	}
	return errors.Join(errs...)
}

func (b *builder) addOrgs(d *docs) error {
	var errs []error
	for i, x := range d.orgs.docs {
		p := d.orgs.pos[i]
		id := d.orgs.keys[i]
		if x.Native == "" || x.Name == "" {
			errs = append(errs, p.errorf("org %q needs name and native", id))
			continue
		}
		if !slices.Contains(orgKinds, x.Kind) {
			errs = append(errs, p.errorf("org %s: kind %q is not one of %v", id, x.Kind, orgKinds))
			continue
		}
		org := &Org{ID: id, Name: x.Name, Native: x.Native, Kind: x.Kind}
		b.orgs[id] = org
		e := Entry{Kind: KindOrg, Org: org}
		if x.Location != "" {
			loc, ok := b.locations[x.Location]
			if !ok {
				errs = append(errs, p.errorf("org %s: location %q is not a location", id, x.Location))
				continue
			}
			e.Location = loc
		}
		errs = append(errs,
			each(x.Aliases, func(l, a string) error { return b.add(l, a, false, false, e, p) }),
			each(x.Cased, func(l, a string) error { return b.add(l, a, true, false, e, p) }),
		)
	}
	return errors.Join(errs...)
}

func (b *builder) addRoles(d *docs) error {
	var errs []error
	for i, x := range d.roles.docs {
		p := d.roles.pos[i]
		role, ok := b.roles[x.Role]
		if !ok {
			errs = append(errs, p.errorf("role %q is not one of %v", x.Role, roleIDs))
			continue
		}
		e := Entry{Kind: KindRole, Role: role}
		if x.Org != "" {
			org, ok := b.orgs[x.Org]
			if !ok {
				errs = append(errs, p.errorf("role %s: org %q is not an organisation", x.Role, x.Org))
				continue
			}
			e.Org = org
		}
		errs = append(errs,
			each(x.Aliases, func(l, a string) error { return b.add(l, a, false, false, e, p) }),
			each(x.Cased, func(l, a string) error { return b.add(l, a, true, false, e, p) }),
		)
	}
	return errors.Join(errs...)
}

func (b *builder) addIgnore(d *docs) error {
	var errs []error
	for i, x := range d.ignore.docs {
		p := d.ignore.pos[i]
		e := Entry{Kind: KindIgnore}
		errs = append(errs,
			each(x.Aliases, func(l, a string) error { return b.add(l, a, false, false, e, p) }),
			each(x.Cased, func(l, a string) error { return b.add(l, a, true, false, e, p) }),
		)
	}
	return errors.Join(errs...)
}

// addForms renders the forms over the names of every province of their country.
func (b *builder) addForms(d *docs) error {
	var errs []error
	for i, f := range d.forms.docs {
		p := d.forms.pos[i]
		switch {
		case f.ID == "" || f.Lang == "" || len(f.Aliases) == 0:
			errs = append(errs, p.errorf("form %q needs id, lang and aliases", f.ID))
			continue
		case !slices.Contains(formKinds, f.Kind):
			errs = append(errs, p.errorf("form %s: kind %q is not one of %v", f.ID, f.Kind, formKinds))
			continue
		case !countryCode.MatchString(f.Country):
			errs = append(errs, p.errorf("form %s: country %q is not an upper-case ISO code", f.ID, f.Country))
			continue
		case f.Kind != "location" && !strings.Contains(f.Name, "{}"):
			errs = append(errs, p.errorf("form %s: name %q needs a {} for the province's name", f.ID, f.Name))
			continue
		case f.Kind == "body" && !slices.Contains(orgKinds, f.OrgKind):
			errs = append(errs, p.errorf("form %s: org_kind %q is not one of %v", f.ID, f.OrgKind, orgKinds))
			continue
		}
		if bad := slices.IndexFunc(f.Aliases, func(a string) bool { return strings.Count(a, "{}") != 1 }); bad >= 0 {
			errs = append(errs, p.errorf("form %s: alias %q needs exactly one {}", f.ID, f.Aliases[bad]))
			continue
		}
		for j, x := range d.locations.docs {
			loc := b.locations[x.ID]
			if loc.Level != "province" || loc.Country != f.Country {
				continue
			}
			names := append(slices.Clone(x.Names[f.Lang]), x.Qualified[f.Lang]...)
			if len(names) == 0 {
				continue
			}
			errs = append(errs, b.addForm(f, loc, names, d.locations.pos[j]))
		}
	}
	return errors.Join(errs...)
}

func (b *builder) addForm(f formDoc, loc *Location, names []string, p at) error {
	var errs []error
	var gov *Org
	if f.Kind == "government" {
		gov = b.orgs[loc.ID]
		if gov == nil {
			gov = &Org{ID: loc.ID, Name: render(f.Name, loc.Name), Native: render(f.Aliases[0], names[0]), Kind: "government"}
			b.orgs[loc.ID] = gov
		}
	}
	for _, n := range names {
		for _, tmpl := range f.Aliases {
			alias := render(tmpl, n)
			e := Entry{Kind: KindLocation, Location: loc, Former: loc.CurrentID != ""}
			if f.Kind == "government" {
				e.Kind, e.Org = KindOrg, gov
			}
			if f.Kind != "body" {
				errs = append(errs, b.add(f.Lang, alias, true, true, e, p))
				continue
			}
			// A body's id is its name as written: one organisation per spelling.
			errs = append(errs, b.addWith(f.Lang, alias, true, true, p, func(n string) *Entry {
				id := NameID(n)
				org := b.orgs[id]
				if org == nil {
					org = &Org{ID: id, Name: render(f.Name, loc.Name), Native: n, Kind: f.OrgKind}
					b.orgs[id] = org
				}
				e := e
				e.Kind, e.Org, e.Lang, e.Alias = KindOrg, org, f.Lang, alias
				return &e
			}))
		}
	}
	return errors.Join(errs...)
}

func render(tmpl, name string) string { return strings.Replace(tmpl, "{}", name, 1) }
