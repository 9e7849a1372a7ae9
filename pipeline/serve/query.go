package serve

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pkg/news"
	"github.com/tinkhabar/tinkhabar/pkg/text"
	"github.com/tinkhabar/tinkhabar/pkg/text/fa"
	"github.com/tinkhabar/tinkhabar/pkg/text/vi"
)

// ErrBadQuery is wrapped by every error of ParseQuery: the request is wrong (HTTP 400).
var ErrBadQuery = errors.New("bad query")

// Query is the filter of GET /api/events, /api/stats and /api/stream. Within one parameter
// the values (comma-separated) are alternatives; the parameters must all hold.
type Query struct {
	// Types, Langs and Sources are subject tokens ("visit", "fa", "mehrnews").
	Types, Langs, Sources []string
	// Locations match an event's location id, its current_id, or the id of one of its
	// parties ("ir/kerman", "vn/gia-lai", "org/vnpt").
	Locations []string
	// Since (inclusive) and Until (exclusive) bound the time an event was reported: its
	// article's publication time, or its extraction time when the article has none.
	Since, Until time.Time
	// Q is the search text: an event matches when its text holds it, compared in the folded
	// form of the event's language (case, Persian letter and digit forms, Vietnamese tone
	// placement).
	Q string
	// qFolded holds Q folded for each language.
	qFolded map[string]string
	// Limit and Cursor page GET /api/events: Cursor is a next_cursor of an earlier page.
	Limit  int
	Cursor uint64
}

// maxValues caps the values of one parameter.
const maxValues = 32

// ParseQuery reads a Query from URL parameters: type, lang, source, location (each a
// comma-separated list), since and until (RFC 3339, a date YYYY-MM-DD, or a duration back
// from now such as 24h or 7d; a date for until includes that day), q, limit and cursor.
// defaultLimit applies when limit is absent; a limit above maxLimit is lowered to it.
func ParseQuery(v url.Values, now time.Time, defaultLimit, maxLimit int) (*Query, error) {
	q := &Query{Limit: defaultLimit}
	var err error
	if q.Types, err = tokens(v, "type"); err != nil {
		return nil, err
	}
	if q.Langs, err = tokens(v, "lang"); err != nil {
		return nil, err
	}
	if q.Sources, err = tokens(v, "source"); err != nil {
		return nil, err
	}
	for _, loc := range list(v.Get("location")) {
		if len(loc) > 200 || strings.IndexFunc(loc, unicode.IsControl) >= 0 {
			return nil, fmt.Errorf("%w: location %q is not a location or party id", ErrBadQuery, loc)
		}
		q.Locations = append(q.Locations, loc)
	}
	if len(q.Locations) > maxValues {
		return nil, fmt.Errorf("%w: more than %d locations", ErrBadQuery, maxValues)
	}
	if q.Since, err = parseTime(v.Get("since"), now, false); err != nil {
		return nil, fmt.Errorf("%w: since: %w", ErrBadQuery, err)
	}
	if q.Until, err = parseTime(v.Get("until"), now, true); err != nil {
		return nil, fmt.Errorf("%w: until: %w", ErrBadQuery, err)
	}
	if s := strings.TrimSpace(v.Get("q")); s != "" {
		if len(s) > 200 {
			return nil, fmt.Errorf("%w: q is longer than 200 bytes", ErrBadQuery)
		}
		q.Q = s
		q.qFolded = map[string]string{news.LangFa: fold(news.LangFa, s), news.LangVi: fold(news.LangVi, s), "": fold("", s)}
	}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%w: limit %q is not a positive number", ErrBadQuery, s)
		}
		q.Limit = min(n, maxLimit)
	}
	if s := v.Get("cursor"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil || n == 0 {
			return nil, fmt.Errorf("%w: cursor %q is not one this server gave", ErrBadQuery, s)
		}
		q.Cursor = n
	}
	return q, nil
}

func list(s string) []string {
	var out []string
	for p := range strings.SplitSeq(s, ",") {
		if p = strings.TrimSpace(p); p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

func tokens(v url.Values, name string) ([]string, error) {
	out := list(v.Get(name))
	for _, t := range out {
		if !news.IsToken(t) {
			return nil, fmt.Errorf("%w: %s %q is not a [a-z0-9_-]+ token", ErrBadQuery, name, t)
		}
	}
	if len(out) > maxValues {
		return nil, fmt.Errorf("%w: more than %d values of %s", ErrBadQuery, maxValues, name)
	}
	return out, nil
}

// parseTime reads an RFC 3339 time, a date, or a duration back from now ("90m", "24h", "7d").
// A date read as an upper bound (end) stands for the end of that day.
func parseTime(s string, now time.Time, end bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		if end {
			t = t.AddDate(0, 0, 1)
		}
		return t, nil
	}
	if n, ok := strings.CutSuffix(s, "d"); ok {
		if days, err := strconv.Atoi(n); err == nil && days >= 0 && days <= 100_000 {
			return now.AddDate(0, 0, -days), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time, a date (YYYY-MM-DD) or a duration (24h, 7d)", s)
}

// fold is the form the search text of an event in lang, and q, are compared in: for Persian,
// letters and digits unified; for Vietnamese, NFC with one tone placement; lower case and one
// line for both. Text of another language gets both foldings.
func fold(lang, s string) string {
	switch lang {
	case news.LangFa:
		return text.Fold(fa.Canonical(s))
	case news.LangVi:
		return text.Fold(vi.Canonical(s))
	}
	return text.Fold(vi.Canonical(fa.Canonical(s)))
}

// match reports whether e passes every filter but the cursor.
func (q *Query) match(e *entry) bool {
	if len(q.Types) > 0 && !slices.Contains(q.Types, e.typ) {
		return false
	}
	if len(q.Langs) > 0 && !slices.Contains(q.Langs, e.lang) {
		return false
	}
	if len(q.Sources) > 0 && !slices.Contains(q.Sources, e.source) {
		return false
	}
	if len(q.Locations) > 0 && !slices.ContainsFunc(e.places, func(p string) bool { return slices.Contains(q.Locations, p) }) {
		return false
	}
	if !q.Since.IsZero() && e.at.Before(q.Since) {
		return false
	}
	if !q.Until.IsZero() && !e.at.Before(q.Until) {
		return false
	}
	if q.Q != "" {
		needle, ok := q.qFolded[e.lang]
		if !ok {
			needle = q.qFolded[""]
		}
		if !strings.Contains(e.search, needle) {
			return false
		}
	}
	return true
}

// maxFilterSubjects caps the subject filters of one live stream; past it the stream takes
// every event and filters in the server.
const maxFilterSubjects = 64

// subjects returns the subject filters that select q's types, languages and sources on
// EVENTS: one per combination, or the whole stream when there are too many.
func (q *Query) subjects(sub bus.Subjects) []string {
	orAny := func(v []string) []string {
		if len(v) == 0 {
			return []string{""}
		}
		return v
	}
	types, langs, sources := orAny(q.Types), orAny(q.Langs), orAny(q.Sources)
	if len(types)*len(langs)*len(sources) > maxFilterSubjects {
		return []string{sub.EventsAll()}
	}
	var out []string
	for _, t := range types {
		for _, l := range langs {
			for _, s := range sources {
				out = append(out, sub.EventsFilter(t, l, s))
			}
		}
	}
	return out
}
