package gold

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// MaxLineBytes is the longest line a corpus may have.
const MaxLineBytes = 64 << 20

// ErrLineTooLong is wrapped by the LineError of a line longer than MaxLineBytes.
var ErrLineTooLong = errors.New("line longer than 64 MiB")

// LineError is what is wrong with one line of a corpus file.
type LineError struct {
	File string
	Line int // from 1
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// Roles are the visitor roles of contract v1 (spec/events.md).
var Roles = []string{
	"minister", "deputy_minister", "president", "vice_president", "prime_minister",
	"governor", "party_secretary", "company_head", "delegation", "other",
}

// ReadFile reads the gold corpus in the file at path (see Read).
func ReadFile(path string) ([]Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading gold corpus: %w", err)
	}
	defer f.Close()
	return Read(f, path)
}

// ReadFiles reads several gold corpora, in order, into one list. An article id may appear
// only once over all the files.
func ReadFiles(paths ...string) ([]Article, error) {
	var all []Article
	seen := make(map[string]Article)
	var errs []error
	for _, p := range paths {
		arts, err := ReadFile(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, a := range arts {
			if first, ok := seen[a.ID]; ok {
				errs = append(errs, &LineError{File: a.File, Line: a.Line,
					Err: fmt.Errorf("duplicate id %q (first at %s:%d)", a.ID, first.File, first.Line)})
				continue
			}
			seen[a.ID] = a
			all = append(all, a)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return all, nil
}

// Read reads a gold corpus (JSON Lines, spec/corpus.md) from r to its end. name is the file
// name used in errors and in Article.File. Blank lines are skipped; keys the format does not
// know are ignored. Each line is checked: a JSON object with an id, a language and text the
// extractor accepts (news.Article.Validate), an events array, and events whose type, key,
// enumerations and dates are those of the contract. Read returns every line's error, each a
// *LineError, joined with errors.Join, and no articles if there is any; reading stops at a
// line longer than MaxLineBytes. Read does not close r.
func Read(r io.Reader, name string) ([]Article, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxLineBytes+len("\r\n"))
	var (
		arts []Article
		errs []error
		line int
		seen = make(map[string]int)
	)
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if line == 1 {
			b = bytes.TrimPrefix(b, []byte("\ufeff"))
		}
		if len(b) > MaxLineBytes {
			errs = append(errs, &LineError{File: name, Line: line, Err: ErrLineTooLong})
			continue
		}
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		a, err := parseLine(b)
		if err == nil {
			if first, ok := seen[a.ID]; ok {
				err = fmt.Errorf("duplicate id %q (first on line %d)", a.ID, first)
			}
		}
		if err != nil {
			errs = append(errs, &LineError{File: name, Line: line, Err: err})
			continue
		}
		seen[a.ID] = line
		a.File, a.Line = name, line
		arts = append(arts, a)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = ErrLineTooLong
		}
		errs = append(errs, &LineError{File: name, Line: line + 1, Err: err})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return arts, nil
}

// lineJSON is one corpus line as written: published and events are pointers so that null and
// absent are told apart from a value.
type lineJSON struct {
	ID        string   `json:"id"`
	Lang      string   `json:"lang"`
	Source    *string  `json:"source"`
	URL       *string  `json:"url"`
	Published *string  `json:"published"`
	Title     string   `json:"title"`
	Text      string   `json:"text"`
	Events    *[]Event `json:"events"`
	Notes     string   `json:"notes"`
}

func parseLine(b []byte) (Article, error) {
	if b = bytes.TrimSpace(b); len(b) == 0 || b[0] != '{' {
		return Article{}, errors.New("not a JSON object")
	}
	var l lineJSON
	if err := json.Unmarshal(b, &l); err != nil {
		return Article{}, fmt.Errorf("invalid JSON: %w", err)
	}
	if l.ID == "" {
		return Article{}, errors.New("missing id")
	}
	a := Article{ID: l.ID, Lang: l.Lang, Title: l.Title, Text: l.Text, Notes: l.Notes}
	if l.Source != nil {
		a.Source = *l.Source
	}
	if l.URL != nil {
		a.URL = *l.URL
	}
	if l.Published != nil {
		t, err := time.Parse(time.RFC3339, *l.Published)
		if err != nil {
			return Article{}, fmt.Errorf("article %s: published %q is not RFC 3339", a.ID, *l.Published)
		}
		a.Published = &t
	}
	na := a.NewsArticle()
	if err := na.Validate(); err != nil {
		return Article{}, fmt.Errorf("article %s: %w", a.ID, err)
	}
	if l.Events == nil {
		return Article{}, fmt.Errorf("article %s: missing events (an article without events has \"events\": [])", a.ID)
	}
	a.Events = *l.Events
	for i, e := range a.Events {
		if err := checkEvent(e); err != nil {
			return Article{}, fmt.Errorf("article %s: event %d (%s): %w", a.ID, i+1, e.Type, err)
		}
	}
	return a, nil
}

// checkEvent checks what scoring relies on: a known type with its key, values from the
// contract's enumerations, and well-formed dates.
func checkEvent(e Event) error {
	switch e.Type {
	case news.TypeVisit:
		if e.Location == "" {
			return errors.New("a visit needs a location")
		}
	case news.TypeProjectCount:
		if e.Count <= 0 {
			return errors.New("a project count needs a count > 0")
		}
	case news.TypeAgreement:
		if len(e.Parties) == 0 && e.Count <= 0 {
			return errors.New("an agreement needs parties or a count > 0")
		}
		if slices.Contains(e.Parties, "") {
			return errors.New("empty party id")
		}
	default:
		return fmt.Errorf("unknown type %q", e.Type)
	}
	if e.Date != "" && !validDate(e.Date) {
		return fmt.Errorf("date %q is not YYYY-MM-DD, YYYY-MM or YYYY", e.Date)
	}
	for _, f := range []struct {
		name, value string
		allowed     []string
	}{
		{"status", e.Status, []string{news.StatusPlanned, news.StatusOngoing, news.StatusDone}},
		{"qualifier", e.Qualifier, []string{news.QualExact, news.QualAtLeast, news.QualAbout}},
		{"agreement_kind", e.AgreementKind, []string{news.KindStrategic, news.KindCooperation, news.KindMoU, news.KindContract}},
		{"visitor_role", e.VisitorRole, Roles},
	} {
		if f.value != "" && !slices.Contains(f.allowed, f.value) {
			return fmt.Errorf("%s %q is not one of %v", f.name, f.value, f.allowed)
		}
	}
	return nil
}

// validDate reports whether s is an ISO date at day, month or year precision.
func validDate(s string) bool {
	layout := ""
	switch len(s) {
	case len("2006"):
		layout = "2006"
	case len("2006-01"):
		layout = "2006-01"
	case len("2006-01-02"):
		layout = "2006-01-02"
	default:
		return false
	}
	_, err := time.Parse(layout, s)
	return err == nil
}
