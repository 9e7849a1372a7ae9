package extract

import (
	"fmt"
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

// categoryByName maps the keys of the rule files to categories.
func categoryByName(name string) category {
	switch name {
	case "visit":
		return catVisit
	case "visit_weak":
		return catVisitWeak
	case "visit_not":
		return catVisitNot
	case "online":
		return catOnline
	case "background":
		return catBackground
	case "delegation":
		return catDelegation
	case "project":
		return catProject
	case "count_filler":
		return catCountFiller
	case "count_not":
		return catCountNot
	case "done":
		return catDone
	case "ongoing":
		return catOngoing
	case "planned":
		return catPlanned
	case "future":
		return catFuture
	case "past":
		return catPast
	case "ongoing_trip":
		return catOngoingTrip
	case "at_least":
		return catAtLeast
	case "about":
		return catAbout
	case "agreement_contract":
		return catContract
	case "agreement_mou":
		return catMoU
	case "agreement_cooperation":
		return catCooperation
	case "strategic":
		return catStrategic
	case "sign":
		return catSign
	case "sign_planned":
		return catSignPlanned
	case "request":
		return catRequest
	case "leads":
		return catLeads
	}
	return catNone
}

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
			p := fold(item.Value)
			if p == "" {
				return nil, fmt.Errorf("rules %s:%d: phrase %q normalises to nothing", name, item.Line, item.Value)
			}
			if prev, ok := seen[p]; ok {
				if prev == key.Value {
					continue
				}
				return nil, fmt.Errorf("rules %s:%d: phrase %q is listed under both %q and %q", name, item.Line, item.Value, prev, key.Value)
			}
			seen[p] = key.Value
			patterns = append(patterns, p)
			cats = append(cats, cat)
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

