package gazetteer

import (
	"bufio"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// specLocation is one id of spec/locations.md.
type specLocation struct {
	ID, Native, CurrentID string
}

// readSpecCopy reads testdata/locations.tsv, the committed copy of the spec's ids.
func readSpecCopy(t *testing.T) []specLocation {
	t.Helper()
	b, err := os.ReadFile("testdata/locations.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var out []specLocation
	for _, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		l := specLocation{ID: f[0], Native: f[1]}
		if len(f) > 2 {
			l.CurrentID = f[2]
		}
		out = append(out, l)
	}
	return out
}

var (
	specID     = regexp.MustCompile(`^(ir|vn)/[a-z-]+$`)
	specFormer = regexp.MustCompile(`(vn/[a-z-]+) \(([^)]+)\)`)
	specParens = regexp.MustCompile(` \(.*\)$`)
)

// parseSpec reads the location tables of spec/locations.md: id | native | capital or former
// provinces («vn/binh-dinh (Bình Định)»).
func parseSpec(path string) ([]specLocation, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []specLocation
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cells := strings.Split(strings.Trim(strings.TrimSpace(sc.Text()), "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if len(cells) != 3 || !specID.MatchString(cells[0]) {
			continue
		}
		out = append(out, specLocation{ID: cells[0], Native: specParens.ReplaceAllString(cells[1], "")})
		if strings.HasPrefix(cells[0], "vn/") {
			for _, m := range specFormer.FindAllStringSubmatch(cells[2], -1) {
				out = append(out, specLocation{ID: m[1], Native: m[2], CurrentID: cells[0]})
			}
		}
	}
	return out, sc.Err()
}

// TestSpecCopy keeps testdata/locations.tsv equal to spec/locations.md, read from ../shared
// beside the repository when it is there.
func TestSpecCopy(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "spec", "locations.md")
	spec, err := parseSpec(path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s is absent; testdata/locations.tsv is checked on its own", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(spec) != 31+34+29 {
		t.Errorf("parsed %d ids from %s, want 31 Iranian provinces, 34 Vietnamese units and 29 former provinces", len(spec), path)
	}
	if diff := cmp.Diff(spec, readSpecCopy(t)); diff != "" {
		t.Errorf("testdata/locations.tsv differs from %s (-spec +copy):\n%s", path, diff)
	}
}

// TestSpecLocations checks that every id of the spec is a province of the data with the
// spec's native name and current_id, and that the data has no other province.
func TestSpecLocations(t *testing.T) {
	g := testGazetteer(t)
	spec := readSpecCopy(t)
	ids := map[string]bool{}
	for _, s := range spec {
		ids[s.ID] = true
		loc, ok := g.Location(s.ID)
		if !ok {
			t.Errorf("%s: missing", s.ID)
			continue
		}
		country := strings.ToUpper(s.ID[:2])
		want := Location{ID: s.ID, Name: loc.Name, Native: s.Native, Country: country, Level: "province", CurrentID: s.CurrentID}
		if loc != want || loc.Name == "" {
			t.Errorf("%s = %+v, want %+v", s.ID, loc, want)
		}
	}
	for id, loc := range g.locations {
		if loc.Level == "province" && !ids[id] {
			t.Errorf("%s: a province that spec/locations.md does not list", id)
		}
	}
}

// TestProvinceNames finds every province by its native name with the province word of its
// language, and every current province but two by its bare name.
func TestProvinceNames(t *testing.T) {
	g := testGazetteer(t)
	qualifiedOnly := map[string]bool{"ir/markazi": true, "ir/golestan": true}
	for _, s := range readSpecCopy(t) {
		lang, word := "fa", "استان "
		if strings.HasPrefix(s.ID, "vn/") {
			lang, word = "vi", "tỉnh "
		}
		for _, in := range []string{word + s.Native, s.Native} {
			if in == s.Native && qualifiedOnly[s.ID] {
				if ms := findAll(g, lang, in); len(ms) != 0 {
					t.Errorf("%q alone = %v, want nothing", in, ms)
				}
				continue
			}
			tx := normalize(lang, "در "+in+" .")
			if lang == "vi" {
				tx = normalize(lang, "tại "+in+" .")
			}
			ms := g.Find(lang, tx)
			if len(ms) != 1 || ms[0].Entry.Location == nil || ms[0].Entry.Location.ID != s.ID || ms[0].Entry.Former != (s.CurrentID != "") {
				var got []string
				for _, m := range ms {
					got = append(got, describe(tx, m))
				}
				t.Errorf("%q = %v, want %s alone", in, got, s.ID)
			}
		}
	}
}
