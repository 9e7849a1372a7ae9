package extract

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	ahocorasick "github.com/petar-dambovaliev/aho-corasick"
	"go.yaml.in/yaml/v3"

	"github.com/tinkhabar/tinkhabar/pkg/text"
)

// category is what a cue phrase of the rule files signals.
type category uint8

const (
	catNone category = iota
	catVisit
	catVisitWeak
	catVisitReceive
	catVisitNot
	catOnline
	catBackground
	catDelegation
	catProject
	catCountFiller
	catCountNot
	catDone
	catOngoing
	catPlanned
	catFuture
	catPast
	catOngoingTrip
	catAtLeast
	catAbout
	catContract
	catMoU
	catCooperation
	catStrategic
	catSign
	catSignPlanned
	catRequest
	catLeads
	numCategories
)

// categoryNames are the keys of the rule files, by category.
var categoryNames = [numCategories]string{
	catVisit:        "visit",
	catVisitWeak:    "visit_weak",
	catVisitReceive: "visit_receive",
	catVisitNot:     "visit_not",
	catOnline:       "online",
	catBackground:   "background",
	catDelegation:   "delegation",
	catProject:      "project",
	catCountFiller:  "count_filler",
	catCountNot:     "count_not",
	catDone:         "done",
	catOngoing:      "ongoing",
	catPlanned:      "planned",
	catFuture:       "future",
	catPast:         "past",
	catOngoingTrip:  "ongoing_trip",
	catAtLeast:      "at_least",
	catAbout:        "about",
	catContract:     "agreement_contract",
	catMoU:          "agreement_mou",
	catCooperation:  "agreement_cooperation",
	catStrategic:    "strategic",
	catSign:         "sign",
	catSignPlanned:  "sign_planned",
	catRequest:      "request",
	catLeads:        "leads",
}

// categoryByName maps a key of the rule files to its category (catNone if unknown).
func categoryByName(name string) category {
	for c, n := range categoryNames {
		if n == name && n != "" {
			return category(c)
		}
	}
	return catNone
}

func (c category) String() string { return categoryNames[c] }

// hit is one cue phrase found in a text: its span in Norm/Fold and its category.
type hit struct {
	text.Span
	cat category
}

// lexicon finds the cue phrases of one language in one pass (Aho-Corasick, leftmost-longest,
// word boundaries checked here because the library's own check is ASCII-only).
type lexicon struct {
	ac   ahocorasick.AhoCorasick
	cats []category // by pattern index
}

// loadLexicon parses a rule file (YAML mapping category → phrases). fold turns a phrase into
// the form it takes in text.Text.Fold. A phrase listed under two categories is an error, as is
// an unknown category.
func loadLexicon(name string, data []byte, fold func(string) string) (*lexicon, error) {
	var raw yaml.Node
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("rules %s: %w", name, err)
	}
	if len(raw.Content) != 1 || raw.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("rules %s: top level must be a mapping of category to phrases", name)
	}
	m := raw.Content[0]
	seen := map[string]string{}
	var patterns []string
	var cats []category
	for i := 0; i+1 < len(m.Content); i += 2 {
		key, val := m.Content[i], m.Content[i+1]
		cat := categoryByName(key.Value)
		if cat == catNone {
			return nil, fmt.Errorf("rules %s:%d: unknown category %q", name, key.Line, key.Value)
		}
		if val.Kind != yaml.SequenceNode {
			return nil, fmt.Errorf("rules %s:%d: category %q must list phrases", name, key.Line, key.Value)
		}
		for _, item := range val.Content {
			if item.Kind != yaml.ScalarNode || item.Value == "" {
				return nil, fmt.Errorf("rules %s:%d: phrase must be a non-empty string", name, item.Line)
			}
			// A compound written with a zero-width non-joiner is also written with a space
			// («بهره‌برداری», «بهره برداری»): both spellings are patterns.
			variants := []string{item.Value}
			if strings.ContainsRune(item.Value, '\u200c') {
				variants = append(variants, strings.ReplaceAll(item.Value, "\u200c", " "))
			}
			for vi, v := range variants {
				p := fold(v)
				if p == "" {
					return nil, fmt.Errorf("rules %s:%d: phrase %q normalises to nothing", name, item.Line, item.Value)
				}
				if prev, ok := seen[p]; ok {
					if prev == key.Value || vi > 0 {
						continue
					}
					return nil, fmt.Errorf("rules %s:%d: phrase %q is listed under both %q and %q", name, item.Line, item.Value, prev, key.Value)
				}
				seen[p] = key.Value
				patterns = append(patterns, p)
				cats = append(cats, cat)
			}
		}
	}
	b := ahocorasick.NewAhoCorasickBuilder(ahocorasick.Opts{MatchKind: ahocorasick.LeftMostLongestMatch, DFA: true})
	return &lexicon{ac: b.Build(patterns), cats: cats}, nil
}

// find returns the non-overlapping cue phrases of s (a Fold string), in order.
func (l *lexicon) find(s string) []hit {
	var out []hit
	end := 0
	it := l.ac.Iter(s)
	for m := it.Next(); m != nil; m = it.Next() {
		st, en := m.Start(), m.End()
		if st < end || !wordBoundary(s, st, en) {
			continue
		}
		out = append(out, hit{Span: text.Span{Start: st, End: en}, cat: l.cats[m.Pattern()]})
		end = en
	}
	return out
}

// wordBoundary reports whether s[start:end] stands as whole words: no letter or digit glued
// to either side.
func wordBoundary(s string, start, end int) bool {
	if start > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:start])
		if isWordRune(r) {
			return false
		}
	}
	if end < len(s) {
		r, _ := utf8.DecodeRuneInString(s[end:])
		if isWordRune(r) {
			return false
		}
	}
	return true
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}
