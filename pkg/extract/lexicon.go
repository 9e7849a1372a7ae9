package extract

import (
	"fmt"
	"strings"

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

// lexicon finds the cue phrases of one language in one left-to-right pass over the words of a
// text: a trie of phrases keyed by word, the longest phrase first at each word. Phrases are
// whole words separated by single spaces, so word boundaries hold by construction, and a
// shorter phrase at the same position is still found when a longer one does not complete.
type lexicon struct {
	root *lexNode
}

type lexNode struct {
	cat  category // the category of the phrase ending here, catNone if none
	next map[string]*lexNode
}

func (n *lexNode) child(w string) *lexNode {
	if n.next == nil {
		n.next = map[string]*lexNode{}
	}
	c := n.next[w]
	if c == nil {
		c = &lexNode{}
		n.next[w] = c
	}
	return c
}

// add inserts a folded phrase; it reports false if the phrase has no word.
func (l *lexicon) add(phrase string, cat category) bool {
	ws := splitWords(phrase)
	if len(ws) == 0 {
		return false
	}
	n := l.root
	for _, w := range ws {
		n = n.child(phrase[w.Start:w.End])
	}
	n.cat = cat
	return true
}

// splitWords returns the spans of the maximal runs of word runes (letters, digits, marks).
func splitWords(s string) []text.Span {
	out := make([]text.Span, 0, len(s)/6)
	start := -1
	for i, r := range s {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, text.Span{Start: start, End: i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, text.Span{Start: start, End: len(s)})
	}
	return out
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
	lex := &lexicon{root: &lexNode{}}
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
				if !lex.add(p, cat) {
					return nil, fmt.Errorf("rules %s:%d: phrase %q has no word", name, item.Line, item.Value)
				}
			}
		}
	}
	return lex, nil
}

// find returns the non-overlapping cue phrases of s (a Fold string), in order: at each word
// the longest phrase that starts there, the words of a phrase separated by exactly one space.
func (l *lexicon) find(s string) []hit {
	ws := splitWords(s)
	var out []hit
	for i := 0; i < len(ws); {
		n, best, bestEnd := l.root, catNone, -1
		for j := i; j < len(ws); j++ {
			if j > i && (ws[j].Start-ws[j-1].End != 1 || s[ws[j-1].End] != ' ') {
				break
			}
			if n = n.next[s[ws[j].Start:ws[j].End]]; n == nil {
				break
			}
			if n.cat != catNone {
				best, bestEnd = n.cat, j
			}
		}
		if bestEnd < 0 {
			i++
			continue
		}
		out = append(out, hit{Span: text.Span{Start: ws[i].Start, End: ws[bestEnd].End}, cat: best})
		i = bestEnd + 1
	}
	return out
}

// isWordRune reports a rune inside a word.
func isWordRune(r rune) bool { return text.IsWordRune(r) }
