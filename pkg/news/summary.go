package news

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Summary returns the one-line English summary of an event (the `summary_en` of contract v1),
// built from its fields alone, so the same event always gives the same line:
//
//	visit:          "Minister of ICT visits Kerman province (Iran) on 2025-12-01 — planned"
//	project_count:  "At least 180 projects in Kermanshah province (Iran) on 2025-10-14, investment 20 trillion IRR — done"
//	agreement:      "Strategic cooperation agreement between Gia Lai province and VNPT on 2025-10-23 — done"
//
// Roles, organisations with an id, provinces and countries are named in English; a name the
// contract has no English for (a person, an organisation known only by its "name:" id) is
// left out or kept as written. Parts the event lacks (date, status, place) are left out, and so
// is a visit's duration, to keep the line short. It never fails: an event of an unknown type
// gives its type and place.
func Summary(ev *Event) string {
	var b strings.Builder
	switch ev.Type {
	case TypeVisit:
		b.WriteString(visitorPhrase(ev.Visitor))
		b.WriteString(" visits ")
		if where := place(ev.Location); where != "" {
			b.WriteString(where)
		} else {
			b.WriteString("an unnamed place")
		}
	case TypeProjectCount:
		b.WriteString(capitalise(qualifierWord(ev.Qualifier) + plural(ev.Count, "project", "projects")))
		if where := place(ev.Location); where != "" {
			b.WriteString(" in ")
			b.WriteString(where)
		}
	case TypeAgreement:
		b.WriteString(agreementPhrase(ev))
	default:
		b.WriteString(capitalise(strings.ReplaceAll(ev.Type, "_", " ")))
		if b.Len() == 0 {
			b.WriteString("Event")
		}
		if where := place(ev.Location); where != "" {
			b.WriteString(" in ")
			b.WriteString(where)
		}
	}
	if d := datePhrase(ev.Date); d != "" {
		b.WriteString(" ")
		b.WriteString(d)
	}
	if ev.Type == TypeProjectCount && ev.Investment != nil && ev.Investment.Amount > 0 {
		b.WriteString(", investment ")
		b.WriteString(qualifierWord(ev.Investment.Qualifier))
		b.WriteString(amount(ev.Investment.Amount))
		if ev.Investment.Currency != "" {
			b.WriteString(" ")
			b.WriteString(ev.Investment.Currency)
		}
	}
	if ev.Status != "" {
		b.WriteString(" — ")
		b.WriteString(ev.Status)
	}
	// Names kept as written may hold line breaks or runs of spaces: the summary is one line.
	return strings.Join(strings.Fields(b.String()), " ")
}

// roleWords are the English titles of the contract's roles.
var roleWords = map[string]string{
	"minister":        "Minister",
	"deputy_minister": "Deputy Minister",
	"president":       "President",
	"vice_president":  "Vice President",
	"prime_minister":  "Prime Minister",
	"governor":        "Governor",
	"party_secretary": "Party Secretary",
	"company_head":    "Head",
	"delegation":      "A delegation",
	"other":           "An official",
}

// ministryPortfolios name the ministries of the contract by their portfolio, as a title
// uses them ("Minister of ICT").
var ministryPortfolios = map[string]string{
	"ir/ict-ministry": "ICT",
	"vn/mst":          "Science and Technology",
	"vn/mic":          "Information and Communications",
}

// orgNames are the English names of the organisations the contract gives an id to.
var orgNames = map[string]string{
	"org/vnpt":        "VNPT",
	"org/viettel":     "Viettel",
	"org/mobifone":    "MobiFone",
	"org/fpt":         "FPT",
	"org/tci":         "TCI",
	"org/mci":         "MCI",
	"org/irancell":    "Irancell",
	"org/rightel":     "Rightel",
	"org/tic":         "TIC",
	"ir/ict-ministry": "the ICT Ministry of Iran",
	"vn/mst":          "the Ministry of Science and Technology of Vietnam",
	"vn/mic":          "the Ministry of Information and Communications of Vietnam",
}

// vnMunicipalities are the centrally-run cities among Vietnam's provincial units: they are
// named without the word "province".
var vnMunicipalities = map[string]bool{
	"vn/ha-noi": true, "vn/hue": true, "vn/hai-phong": true, "vn/da-nang": true,
	"vn/ho-chi-minh": true, "vn/can-tho": true,
}

func visitorPhrase(v *Visitor) string {
	if v == nil {
		return "An official"
	}
	title, ok := roleWords[v.Role]
	if !ok {
		title = "An official"
	}
	switch v.Role {
	case "minister", "deputy_minister":
		if p, ok := ministryPortfolios[v.Org]; ok {
			return title + " of " + p
		}
	case "company_head":
		if n, ok := orgNames[v.Org]; ok {
			return title + " of " + n
		}
		return "Company head"
	case "delegation":
		if n := partyName(Party{ID: v.Org}); n != "" {
			return title + " of " + n
		}
	case "governor", "party_secretary":
		if isProvinceID(v.Org) {
			return title + " of " + slugName(v.Org)
		}
	}
	return title
}

func agreementPhrase(ev *Event) string {
	one, many := "Agreement", "agreements"
	switch ev.AgreementKind {
	case KindStrategic:
		one, many = "Strategic cooperation agreement", "strategic cooperation agreements"
	case KindCooperation:
		one, many = "Cooperation agreement", "cooperation agreements"
	case KindMoU:
		one, many = "Memorandum of understanding", "memoranda of understanding"
	case KindContract:
		one, many = "Contract", "contracts"
	}
	s := one
	if ev.Count > 1 {
		s = strconv.FormatInt(ev.Count, 10) + " " + many
	}
	var names []string
	for _, p := range ev.Parties {
		if n := partyName(p); n != "" {
			names = append(names, n)
		}
	}
	switch len(names) {
	case 0:
	case 1:
		s += " with " + names[0]
	default:
		s += " between " + strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	}
	return s
}

// partyName names a party in English where its id allows, and as written otherwise.
func partyName(p Party) string {
	if n, ok := orgNames[p.ID]; ok {
		return n
	}
	switch {
	case isProvinceID(p.ID):
		if vnMunicipalities[p.ID] {
			return slugName(p.ID)
		}
		return slugName(p.ID) + " province"
	case len(p.ID) == 2:
		if n := countryName(p.ID); n != "" {
			return n
		}
	}
	if p.Name != "" {
		return p.Name
	}
	if n, ok := strings.CutPrefix(p.ID, "name:"); ok {
		return n
	}
	return ""
}

// isProvinceID reports whether id is a province id of spec/locations.md ("ir/…", "vn/…")
// rather than a ministry.
func isProvinceID(id string) bool {
	if _, ministry := ministryPortfolios[id]; ministry {
		return false
	}
	return strings.HasPrefix(id, "ir/") || strings.HasPrefix(id, "vn/")
}

// slugName turns the slug of a location id into words: "ir/west-azerbaijan" gives
// "West Azerbaijan", "ir/sistan-and-baluchestan" "Sistan and Baluchestan".
func slugName(id string) string {
	_, slug, _ := strings.Cut(id, "/")
	words := strings.Split(slug, "-")
	for i, w := range words {
		if w != "and" {
			words[i] = capitalise(w)
		}
	}
	return strings.Join(words, " ")
}

// place names a location in English: "Kerman province (Iran)", "Da Nang (Vietnam)", "Russia".
func place(l *Location) string {
	if l == nil || (l.Name == "" && l.ID == "") {
		return ""
	}
	name := l.Name
	if name == "" {
		name = slugName(l.ID)
	}
	if l.Level == "country" {
		return name
	}
	country := countryName(l.Country)
	switch {
	case l.Level == "province" && !vnMunicipalities[l.ID]:
		name += " province"
	}
	if country != "" {
		name += " (" + country + ")"
	}
	return name
}

// countryName is the English name of an ISO 3166-1 alpha-2 code, "" when it is not one.
func countryName(code string) string {
	if len(code) != 2 {
		return ""
	}
	r, err := language.ParseRegion(strings.ToUpper(code))
	if err != nil {
		return ""
	}
	return display.English.Regions().Name(r)
}

func datePhrase(d *Date) string {
	if d == nil || d.Value == "" {
		return ""
	}
	switch d.Precision {
	case PrecisionMonth:
		if t, err := time.Parse("2006-01", d.Value); err == nil {
			return "in " + t.Format("January 2006")
		}
	case PrecisionYear:
		return "in " + d.Value
	}
	return "on " + d.Value
}

func qualifierWord(q string) string {
	switch q {
	case QualAtLeast:
		return "at least "
	case QualAbout:
		return "about "
	}
	return ""
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.FormatInt(n, 10) + " " + many
}

// amount writes a sum the way a reader takes it in: "20 trillion", "1.5 billion", "750,000".
func amount(n int64) string {
	scales := []struct {
		v    int64
		name string
	}{{1e12, "trillion"}, {1e9, "billion"}, {1e6, "million"}}
	for _, s := range scales {
		if n >= s.v {
			v := strconv.FormatFloat(float64(n)/float64(s.v), 'f', 2, 64)
			v = strings.TrimSuffix(strings.TrimRight(v, "0"), ".")
			return v + " " + s.name
		}
	}
	digits := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func capitalise(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}
