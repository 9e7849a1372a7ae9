package gold

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// The scored arguments (spec/corpus.md), in report order.
const (
	ArgDate          = "date"
	ArgStatus        = "status"
	ArgVisitorRole   = "visitor_role"
	ArgQualifier     = "qualifier"
	ArgAgreementKind = "agreement_kind"
	ArgPeriod        = "period"
	ArgParties       = "parties"
	// ArgLocation is the location of a project count or agreement (a visit's location is its
	// key): not in corpus.md's list, scored because the extractor's targets name it.
	ArgLocation = "location"
)

// Args lists the scored arguments in report order.
var Args = []string{ArgDate, ArgStatus, ArgLocation, ArgVisitorRole, ArgQualifier, ArgAgreementKind, ArgPeriod, ArgParties}

// All is the Type or Lang of a row that totals over every type or language.
const All = "all"

// KeyMatches reports whether predicted event p has the key of gold event g (spec/corpus.md):
// the same type, and
//   - visit: one of p's location id and current_id equals one of g's;
//   - project_count: the same count;
//   - agreement: at least one party id in common; a gold agreement without parties needs the
//     same count instead (whatever parties p names: the parties argument scores those).
func KeyMatches(g, p Event) bool {
	if g.Type != p.Type {
		return false
	}
	switch g.Type {
	case news.TypeVisit:
		for _, gid := range []string{g.Location, g.CurrentID} {
			if gid != "" && (gid == p.Location || gid == p.CurrentID) {
				return true
			}
		}
		return false
	case news.TypeProjectCount:
		return g.Count == p.Count
	case news.TypeAgreement:
		if len(g.Parties) == 0 {
			return g.Count > 0 && g.Count == p.Count
		}
		for _, id := range g.Parties {
			if slices.Contains(p.Parties, id) {
				return true
			}
		}
		return false
	}
	return false
}

// Match pairs the gold events of one article with its predicted events: the result has one
// entry per gold event, the index of its prediction or -1. Only key-matching pairs
// (KeyMatches) are made, each gold and each prediction is in at most one pair, and the number
// of pairs is the largest possible (a maximum bipartite matching, found with augmenting
// paths). Among equally large matchings the choice is deterministic: gold events are taken in
// order, and each tries its candidates by how many of its scored arguments they get right,
// then in prediction order; a later gold event may move an earlier one to another candidate
// only when that is the sole way to match both.
func Match(golds, preds []Event) []int {
	cands := make([][]int, len(golds))
	for i, g := range golds {
		for j, p := range preds {
			if KeyMatches(g, p) {
				cands[i] = append(cands[i], j)
			}
		}
		slices.SortStableFunc(cands[i], func(a, b int) int {
			return cmp.Compare(agreeing(g, preds[b]), agreeing(g, preds[a]))
		})
	}
	owner := make([]int, len(preds)) // gold index holding each prediction, or -1
	for j := range owner {
		owner[j] = -1
	}
	var augment func(i int, seen []bool) bool
	augment = func(i int, seen []bool) bool {
		// A free candidate first, so that no earlier pair is moved without need.
		for _, j := range cands[i] {
			if owner[j] < 0 {
				owner[j] = i
				return true
			}
		}
		for _, j := range cands[i] {
			if seen[j] {
				continue
			}
			seen[j] = true
			if augment(owner[j], seen) {
				owner[j] = i
				return true
			}
		}
		return false
	}
	for i := range golds {
		if len(cands[i]) > 0 {
			augment(i, make([]bool, len(preds)))
		}
	}
	match := make([]int, len(golds))
	for i := range match {
		match[i] = -1
	}
	for j, i := range owner {
		if i >= 0 {
			match[i] = j
		}
	}
	return match
}

// agreeing counts the scored arguments g gives that p gets right.
func agreeing(g, p Event) int {
	n := 0
	for _, arg := range Args {
		if _, given := ArgValue(g, arg); given && ArgCorrect(g, p, arg) {
			n++
		}
	}
	return n
}

// ArgValue renders argument arg of e for reports; given is false when e does not state it.
// Parties are listed sorted; a period as "from=2025 to=2030 horizon=2035" without the zero
// fields.
func ArgValue(e Event, arg string) (value string, given bool) {
	switch arg {
	case ArgDate:
		return e.Date, e.Date != ""
	case ArgStatus:
		return e.Status, e.Status != ""
	case ArgLocation:
		if e.Type == news.TypeVisit {
			return "", false // the key, matched already
		}
		return e.Location, e.Location != ""
	case ArgVisitorRole:
		return e.VisitorRole, e.VisitorRole != ""
	case ArgQualifier:
		return e.Qualifier, e.Qualifier != ""
	case ArgAgreementKind:
		return e.AgreementKind, e.AgreementKind != ""
	case ArgPeriod:
		if e.Period == nil {
			return "", false
		}
		var parts []string
		for _, f := range []struct {
			name string
			year int
		}{{"from", e.Period.From}, {"to", e.Period.To}, {"horizon", e.Period.Horizon}} {
			if f.year != 0 {
				parts = append(parts, fmt.Sprintf("%s=%d", f.name, f.year))
			}
		}
		return strings.Join(parts, " "), true
	case ArgParties:
		if e.Parties == nil {
			return "", false
		}
		return "[" + strings.Join(partySet(e.Parties), ", ") + "]", true
	}
	return "", false
}

// ArgCorrect reports whether prediction p gets argument arg of gold g right:
//   - date: p's date equals g's at g's precision (g "2025-12" accepts p "2025-12" and
//     "2025-12-01", not "2025");
//   - period: all three fields equal;
//   - parties: the same set of ids;
//   - location: an id or current_id in common (project counts and agreements only);
//   - the others: the same value.
func ArgCorrect(g, p Event, arg string) bool {
	switch arg {
	case ArgDate:
		return g.Date != "" && strings.HasPrefix(p.Date, g.Date) &&
			(len(p.Date) == len(g.Date) || p.Date[len(g.Date)] == '-')
	case ArgPeriod:
		return g.Period != nil && p.Period != nil && *g.Period == *p.Period
	case ArgParties:
		return g.Parties != nil && p.Parties != nil && slices.Equal(partySet(g.Parties), partySet(p.Parties))
	case ArgLocation:
		// As for a visit's key: the id or the current_id of either side.
		if g.Location == "" || g.Type == news.TypeVisit {
			return false
		}
		for _, x := range []string{g.Location, g.CurrentID} {
			if x != "" && (x == p.Location || x == p.CurrentID) {
				return true
			}
		}
		return false
	}
	gv, given := ArgValue(g, arg)
	pv, _ := ArgValue(p, arg)
	return given && gv == pv
}

// partySet is ids sorted without repeats.
func partySet(ids []string) []string {
	s := slices.Clone(ids)
	slices.Sort(s)
	return slices.Compact(s)
}

// Counts are the matching results of a set of events. TP counts matched pairs, FP unmatched
// predictions, FN unmatched gold events. A ratio whose denominator is zero is 0: precision
// with no prediction, recall with no gold event, F1 with neither.
type Counts struct {
	Gold      int     `json:"gold"`
	Predicted int     `json:"predicted"`
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// NewCounts derives the counts and ratios from the numbers of gold events, predictions and
// matched pairs. F1 is the harmonic mean of precision and recall, 2·tp/(gold+predicted).
func NewCounts(gold, predicted, tp int) Counts {
	c := Counts{Gold: gold, Predicted: predicted, TP: tp, FP: predicted - tp, FN: gold - tp}
	if predicted > 0 {
		c.Precision = float64(tp) / float64(predicted)
	}
	if gold > 0 {
		c.Recall = float64(tp) / float64(gold)
	}
	if gold+predicted > 0 {
		c.F1 = 2 * float64(tp) / float64(gold+predicted)
	}
	return c
}

// Row is the counts of one event type in one language; Type or Lang is All in the totals.
type Row struct {
	Type string `json:"type"`
	Lang string `json:"lang"`
	Counts
}

// ArgScore is the accuracy of one argument over the matched pairs whose gold event gives it.
// Type is All in the totals over types.
type ArgScore struct {
	Type     string  `json:"type"`
	Arg      string  `json:"argument"`
	Compared int     `json:"compared"`
	Correct  int     `json:"correct"`
	Accuracy float64 `json:"accuracy"`
}

// Miss is a gold event no prediction matched.
type Miss struct {
	Article string `json:"article"`
	Lang    string `json:"lang"`
	Gold    Event  `json:"gold"`
}

// FalseEvent is a prediction that matched no gold event; Pred.Evidence is its sentence.
type FalseEvent struct {
	Article string `json:"article"`
	Lang    string `json:"lang"`
	Pred    Event  `json:"predicted"`
}

// ArgError is an argument of a matched pair that the prediction got wrong. Predicted is ""
// when the prediction does not state the argument.
type ArgError struct {
	Article   string `json:"article"`
	Lang      string `json:"lang"`
	Type      string `json:"type"`
	Arg       string `json:"argument"`
	Gold      string `json:"gold"`
	Predicted string `json:"predicted"`
	Evidence  string `json:"evidence,omitempty"`
}

// Report is the score of an extractor on a gold corpus.
type Report struct {
	Articles int `json:"articles"`
	// Rows has, for each type (the contract's in order, then any other predicted type) and
	// then All: one row per language (sorted), then the All row. The last row is Overall.
	Rows      []Row      `json:"rows"`
	Overall   Counts     `json:"overall"` // micro-averaged over every type and language
	Arguments []ArgScore `json:"arguments"`

	Misses      []Miss       `json:"misses,omitempty"`
	FalseEvents []FalseEvent `json:"false_events,omitempty"`
	ArgErrors   []ArgError   `json:"argument_errors,omitempty"`
}

type cellKey struct{ typ, lang string }

type tally struct{ gold, pred, tp int }

type argKey struct{ typ, arg string }

type argTally struct{ compared, correct int }

// Scorer accumulates the score of a corpus article by article. The zero value is not ready:
// use NewScorer. A Scorer is not safe for concurrent use.
type Scorer struct {
	articles int
	langs    map[string]bool
	types    map[string]bool
	cells    map[cellKey]*tally
	args     map[argKey]*argTally
	misses   []Miss
	falses   []FalseEvent
	argErrs  []ArgError
}

// NewScorer returns an empty Scorer.
func NewScorer() *Scorer {
	return &Scorer{
		langs: make(map[string]bool),
		types: make(map[string]bool),
		cells: make(map[cellKey]*tally),
		args:  make(map[argKey]*argTally),
	}
}

// Add scores the events predicted for one gold article (flattened with FromEvent).
func (s *Scorer) Add(a Article, predicted []Event) {
	s.articles++
	s.langs[a.Lang] = true
	cell := func(typ string) *tally {
		s.types[typ] = true
		k := cellKey{typ, a.Lang}
		if s.cells[k] == nil {
			s.cells[k] = &tally{}
		}
		return s.cells[k]
	}
	for _, t := range news.Types {
		cell(t)
	}
	match := Match(a.Events, predicted)
	matched := make([]bool, len(predicted))
	for i, g := range a.Events {
		cell(g.Type).gold++
		j := match[i]
		if j < 0 {
			s.misses = append(s.misses, Miss{Article: a.ID, Lang: a.Lang, Gold: g})
			continue
		}
		matched[j] = true
		cell(g.Type).tp++
		p := predicted[j]
		for _, arg := range Args {
			gv, given := ArgValue(g, arg)
			if !given {
				continue
			}
			k := argKey{g.Type, arg}
			if s.args[k] == nil {
				s.args[k] = &argTally{}
			}
			s.args[k].compared++
			if ArgCorrect(g, p, arg) {
				s.args[k].correct++
				continue
			}
			pv, _ := ArgValue(p, arg)
			s.argErrs = append(s.argErrs, ArgError{Article: a.ID, Lang: a.Lang, Type: g.Type,
				Arg: arg, Gold: gv, Predicted: pv, Evidence: p.Evidence})
		}
	}
	for j, p := range predicted {
		cell(p.Type).pred++
		if !matched[j] {
			s.falses = append(s.falses, FalseEvent{Article: a.ID, Lang: a.Lang, Pred: p})
		}
	}
}

// Report returns the score so far. The lists of misses, false events and argument errors are
// in the order the articles and their events were added.
func (s *Scorer) Report() Report {
	types := slices.Clone(news.Types)
	var extra []string
	for t := range s.types {
		if !slices.Contains(types, t) {
			extra = append(extra, t)
		}
	}
	slices.Sort(extra)
	types = append(types, extra...)
	types = append(types, All)
	var langs []string
	for l := range s.langs {
		langs = append(langs, l)
	}
	slices.Sort(langs)
	langs = append(langs, All)

	r := Report{Articles: s.articles}
	sum := func(typ, lang string) tally {
		var t tally
		for k, c := range s.cells {
			if (typ == All || k.typ == typ) && (lang == All || k.lang == lang) {
				t.gold += c.gold
				t.pred += c.pred
				t.tp += c.tp
			}
		}
		return t
	}
	for _, typ := range types {
		for _, lang := range langs {
			t := sum(typ, lang)
			r.Rows = append(r.Rows, Row{Type: typ, Lang: lang, Counts: NewCounts(t.gold, t.pred, t.tp)})
		}
	}
	r.Overall = r.Rows[len(r.Rows)-1].Counts

	for _, typ := range types {
		for _, arg := range Args {
			var t argTally
			for k, c := range s.args {
				if (typ == All || k.typ == typ) && k.arg == arg {
					t.compared += c.compared
					t.correct += c.correct
				}
			}
			if t.compared == 0 {
				continue
			}
			r.Arguments = append(r.Arguments, ArgScore{Type: typ, Arg: arg, Compared: t.compared,
				Correct: t.correct, Accuracy: float64(t.correct) / float64(t.compared)})
		}
	}
	r.Misses = slices.Clone(s.misses)
	r.FalseEvents = slices.Clone(s.falses)
	r.ArgErrors = slices.Clone(s.argErrs)
	return r
}
