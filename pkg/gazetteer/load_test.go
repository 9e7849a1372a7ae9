package gazetteer

import (
	"errors"
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// mapFS is a data directory of the given files.
func mapFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for name, body := range files {
		m[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return m
}

const kermanYAML = `locations:
  - id: ir/kerman
    name: Kerman
    native: کرمان
    country: IR
    level: province
    names: {fa: [کرمان]}
    cities: {fa: [بم]}
`

func TestLoadTypoNamesFileAndLine(t *testing.T) {
	typo := strings.Replace(kermanYAML, "    level: province\n", "    levle: province\n", 1)
	_, err := Load(mapFS(map[string]string{"a.yaml": kermanYAML, "iran.yaml": typo}), testNorms())
	if err == nil {
		t.Fatal("Load accepted an unknown field")
	}
	var de *DataError
	if !errors.As(err, &de) || de.File != "iran.yaml" || de.Line != 6 {
		t.Fatalf("error %v: want a *DataError at iran.yaml:6", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "iran.yaml:6: ") || !strings.Contains(msg, "levle") {
		t.Errorf("error %q: want iran.yaml:6 and the unknown field levle", msg)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string // a regexp the error must match
	}{
		{"yaml syntax", map[string]string{"x.yaml": "locations:\n  - id: [a\n"}, `x\.yaml:\d+: `},
		{"not a list", map[string]string{"x.yaml": "orgs: {id: org/a}\n"}, `x\.yaml:1: cannot unmarshal`},
		{"two documents", map[string]string{"x.yaml": "orgs: []\n---\nroles: []\n"}, `x\.yaml:\d+: more than one YAML document`},
		{"bad level", map[string]string{"x.yaml": strings.Replace(kermanYAML, "level: province", "level: city", 1)},
			`x\.yaml:2: location ir/kerman: level "city" is not one of`},
		{"bad country", map[string]string{"x.yaml": strings.Replace(kermanYAML, "country: IR", "country: ir", 1)},
			`x\.yaml:2: location ir/kerman: country "ir"`},
		{"country id", map[string]string{"x.yaml": "locations:\n  - {id: russia, name: Russia, native: Russia, country: RU, level: country}\n"},
			`x\.yaml:2: country russia: id must be the lower-case country code "ru"`},
		{"missing name", map[string]string{"x.yaml": "locations:\n  - {id: ir/x, native: x, country: IR, level: province}\n"},
			`x\.yaml:2: location "ir/x" needs id, name and native`},
		{"unknown current_id", map[string]string{"x.yaml": kermanYAML + "  - {id: vn/a, name: A, native: A, country: VN, level: province, current_id: vn/b}\n"},
			`x\.yaml:9: location vn/a: current_id "vn/b" is not a location`},
		{"current_id of a former province", map[string]string{"x.yaml": "locations:\n" +
			"  - {id: vn/a, name: A, native: A, country: VN, level: province}\n" +
			"  - {id: vn/b, name: B, native: B, country: VN, level: province, current_id: vn/a}\n" +
			"  - {id: vn/c, name: C, native: C, country: VN, level: province, current_id: vn/b}\n"},
			`x\.yaml:4: location vn/c: current_id "vn/b" must be a current province`},
		{"cities of a former province", map[string]string{"x.yaml": "locations:\n" +
			"  - {id: vn/a, name: A, native: A, country: VN, level: province}\n" +
			"  - {id: vn/b, name: B, native: B, country: VN, level: province, current_id: vn/a, cities: {vi: [Bờ]}}\n"},
			`x\.yaml:3: location vn/b: a former province has no cities`},
		{"duplicate id in one layer", map[string]string{"a.yaml": kermanYAML, "b.yaml": kermanYAML},
			`b\.yaml:2: "ir/kerman" is already defined at a\.yaml:2`},
		{"one alias, two places", map[string]string{"x.yaml": kermanYAML +
			"  - {id: ir/yazd, name: Yazd, native: یزد, country: IR, level: province, cities: {fa: [بم]}}\n"},
			`x\.yaml:9: fa alias "بم": means location loc=ir/yazd city here and location loc=ir/kerman city at x\.yaml:2`},
		{"empty alias", map[string]string{"x.yaml": strings.Replace(kermanYAML, "[بم]", `["  "]`, 1)},
			`x\.yaml:2: empty fa alias`},
		{"org kind", map[string]string{"x.yaml": "orgs:\n  - {id: org/a, name: A, native: A, kind: shop}\n"},
			`x\.yaml:2: org org/a: kind "shop" is not one of`},
		{"org location", map[string]string{"x.yaml": "orgs:\n  - {id: org/a, name: A, native: A, kind: company, location: ir/nowhere}\n"},
			`x\.yaml:2: org org/a: location "ir/nowhere" is not a location`},
		{"role id", map[string]string{"x.yaml": "roles:\n  - {role: king, aliases: {fa: [شاه]}}\n"},
			`x\.yaml:2: role "king" is not one of`},
		{"role org", map[string]string{"x.yaml": "roles:\n  - {role: minister, org: org/none, aliases: {fa: [وزیر]}}\n"},
			`x\.yaml:2: role minister: org "org/none" is not an organisation`},
		{"form without a place", map[string]string{"x.yaml": kermanYAML +
			"forms:\n  - {id: f, lang: fa, country: IR, kind: location, aliases: [استان]}\n"},
			`x\.yaml:10: form f: alias "استان" needs exactly one \{\}`},
		{"form kind", map[string]string{"x.yaml": "forms:\n  - {id: f, lang: fa, country: IR, kind: city, aliases: [\"شهر {}\"]}\n"},
			`x\.yaml:2: form f: kind "city" is not one of`},
		{"no normaliser", map[string]string{"x.yaml": strings.Replace(kermanYAML, "names: {fa: [کرمان]}", "names: {fa: [کرمان], en: [Kerman]}", 1)},
			`x\.yaml:2: no normaliser for language "en"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(mapFS(tc.files), testNorms())
			if err == nil {
				t.Fatalf("Load succeeded, want an error matching %q", tc.want)
			}
			if !regexp.MustCompile(tc.want).MatchString(err.Error()) {
				t.Errorf("error:\n%v\nwant it to match %q", err, tc.want)
			}
			var de *DataError
			if !errors.As(err, &de) {
				t.Errorf("error %v is not a *DataError", err)
			}
		})
	}
}

func TestLoadNoNormalizer(t *testing.T) {
	_, err := Default(map[string]Normalizer{"fa": testNorms()["fa"]})
	if !errors.Is(err, ErrNoNormalizer) || !strings.Contains(err.Error(), `"vi"`) {
		t.Errorf("Default without a vi normaliser: %v, want ErrNoNormalizer for vi", err)
	}
}

func TestLoadEmpty(t *testing.T) {
	g, err := Load(mapFS(map[string]string{"empty.yaml": "", "README.md": "not data"}), testNorms())
	if err != nil {
		t.Fatal(err)
	}
	if got := g.Find("fa", normalize("fa", "کرمان")); got != nil {
		t.Errorf("empty gazetteer found %v", got)
	}
}

// TestOverride: a later layer replaces entries with the same key and adds new ones; the rest
// of the defaults stays.
func TestOverride(t *testing.T) {
	override := mapFS(map[string]string{"local.yaml": `locations:
  - id: ir/kerman
    name: Kerman
    native: کرمان
    country: IR
    level: province
    names: {fa: [کرمان]}
    cities: {fa: [گلباف]}
orgs:
  - id: org/mci
    name: MCI
    native: همراه اول
    kind: company
    aliases: {fa: [همراه اول, ام سی آی]}
  - native: شرکت نمونه
    name: Sample Company
    kind: company
    aliases: {fa: [شرکت نمونه]}
`})
	def := testGazetteer(t)
	g, err := LoadLayers(testNorms(), Embedded(), override)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in         string
		def, local []string
	}{
		{"بم", []string{"بم|city:ir/kerman"}, nil}, // the replaced entry's city is gone
		{"گلباف", nil, []string{"گلباف|city:ir/kerman"}},
		{"ام سی آی", nil, []string{"ام سی آی|org:org/mci"}},
		{"شرکت ارتباطات سیار ایران", []string{"شرکت ارتباطات سیار ایران|org:org/mci"}, []string{"ایران|loc:ir"}},
		{"شرکت نمونه", nil, []string{"شرکت نمونه|org:name:شرکت نمونه"}},
		{"جیرفت", []string{"جیرفت|city:ir/kerman"}, nil},
		{"یزد و میبد", []string{"یزد|loc:ir/yazd", "میبد|city:ir/yazd"}, []string{"یزد|loc:ir/yazd", "میبد|city:ir/yazd"}},
	}
	for _, tc := range tests {
		if got := findAll(def, "fa", tc.in); !equalStrings(got, tc.def) {
			t.Errorf("defaults: Find(%q) = %v, want %v", tc.in, got, tc.def)
		}
		if got := findAll(g, "fa", tc.in); !equalStrings(got, tc.local) {
			t.Errorf("with override: Find(%q) = %v, want %v", tc.in, got, tc.local)
		}
	}
	if len(g.locations) != len(def.locations) {
		t.Errorf("override changed the number of locations: %d, want %d", len(g.locations), len(def.locations))
	}
	if g.Version() == def.Version() {
		t.Error("override left Version unchanged")
	}
}

func equalStrings(a, b []string) bool { return strings.Join(a, "\x00") == strings.Join(b, "\x00") }

func TestVersion(t *testing.T) {
	a := testGazetteer(t)
	b, err := Default(testNorms())
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^[0-9a-f]{12}$`).MatchString(a.Version()) {
		t.Errorf("Version() = %q, want 12 hex digits", a.Version())
	}
	if a.Version() != b.Version() {
		t.Errorf("two loads of the same data: %s and %s", a.Version(), b.Version())
	}
	// A normaliser that writes an alias differently changes the version.
	norms := testNorms()
	vi := norms["vi"]
	norms["vi"] = func(s string) string { return strings.ReplaceAll(vi(s), "Đ", "D") }
	c, err := Default(norms)
	if err != nil {
		t.Fatal(err)
	}
	if c.Version() == a.Version() {
		t.Error("a different normaliser output left Version unchanged")
	}
}

func TestZWNJVariants(t *testing.T) {
	got := zwnjVariants("a\u200cb\u200cc")
	want := []string{"abc", "a bc", "a\u200cbc", "ab c", "a b c", "a\u200cb c", "ab\u200cc", "a b\u200cc", "a\u200cb\u200cc"}
	if !equalStrings(got, want) {
		t.Errorf("zwnjVariants = %q, want %q", got, want)
	}
}

// TestEmbeddedFiles: the data are the YAML files that data/README.md describes, written with
// Persian letters (never Arabic ي or ك).
func TestEmbeddedFiles(t *testing.T) {
	names, err := fs.Glob(Embedded(), "*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"countries.yaml", "forms.yaml", "ignore.yaml", "iran.yaml", "orgs.yaml", "roles.yaml", "vietnam.yaml"}
	if !equalStrings(names, want) {
		t.Errorf("embedded files %v, want %v", names, want)
	}
	for _, name := range names {
		b, _ := fs.ReadFile(Embedded(), name)
		for i, line := range strings.Split(string(b), "\n") {
			if strings.Contains(line, "native:") && !strings.Contains(line, "{") {
				continue // a foreign country's own name may be Arabic
			}
			if strings.ContainsAny(line, "يكى") {
				t.Errorf("%s:%d: Arabic ي, ى or ك; write Persian ی and ک", name, i+1)
			}
		}
	}
}
