package archive

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// Change is how an event differs between the stored events and a re-extraction.
type Change string

// Changes.
const (
	// Added: the re-extraction finds an event EVENTS does not hold.
	Added Change = "added"
	// Removed: EVENTS holds an event the re-extraction no longer finds.
	Removed Change = "removed"
	// Changed: both have the event id (same article, type and key arguments) but some other
	// field differs.
	Changed Change = "changed"
)

// Difference is one event that differs.
type Difference struct {
	Change    Change `json:"change"`
	Type      string `json:"type"`
	Lang      string `json:"lang"`
	ArticleID string `json:"article_id"`
	EventID   string `json:"event_id"`
	// Fields are the data fields that differ (JSON names, sorted), for Changed.
	Fields []string `json:"fields,omitempty"`
	// Old is the stored event (Removed, Changed); New the re-extracted one (Added, Changed).
	Old *news.Event `json:"old,omitempty"`
	New *news.Event `json:"new,omitempty"`
}

// Tally counts the differences of one event type and language.
type Tally struct {
	Type      string `json:"type"`
	Lang      string `json:"lang"`
	Added     int    `json:"added"`
	Removed   int    `json:"removed"`
	Changed   int    `json:"changed"`
	Unchanged int    `json:"unchanged"`
}

// Diff is the comparison of stored events with re-extracted ones.
type Diff struct {
	// Differences are ordered by type (news.Types order), language, article id, event id.
	Differences []Difference
	// Tallies has one entry per type and language found on either side, in the same order.
	Tallies []Tally
}

// Empty reports whether the two sides agree.
func (d *Diff) Empty() bool { return len(d.Differences) == 0 }

// ignoredFields are not compared: the extractor version differs by design.
var ignoredFields = map[string]bool{"extractor": true}

// Compare compares stored events with re-extracted ones, matching them by event id. Two
// events with one id are Changed when any data field other than the extractor version
// differs. When a side repeats an id, its first event counts.
func Compare(stored, fresh []news.Event) (Diff, error) {
	oldByID := indexByID(stored)
	newByID := indexByID(fresh)
	tallies := map[[2]string]*Tally{}
	tally := func(ev *news.Event) *Tally {
		k := [2]string{ev.Type, ev.Lang}
		t := tallies[k]
		if t == nil {
			t = &Tally{Type: ev.Type, Lang: ev.Lang}
			tallies[k] = t
		}
		return t
	}
	var diffs []Difference
	for id, o := range oldByID {
		n, both := newByID[id]
		if !both {
			tally(o).Removed++
			diffs = append(diffs, Difference{Change: Removed, Type: o.Type, Lang: o.Lang, ArticleID: o.Article.ID, EventID: id, Old: o})
			continue
		}
		fields, err := changedFields(o, n)
		if err != nil {
			return Diff{}, fmt.Errorf("comparing event %s: %w", id, err)
		}
		if len(fields) == 0 {
			tally(n).Unchanged++
			continue
		}
		tally(n).Changed++
		diffs = append(diffs, Difference{Change: Changed, Type: n.Type, Lang: n.Lang, ArticleID: n.Article.ID, EventID: id, Fields: fields, Old: o, New: n})
	}
	for id, n := range newByID {
		if _, both := oldByID[id]; both {
			continue
		}
		tally(n).Added++
		diffs = append(diffs, Difference{Change: Added, Type: n.Type, Lang: n.Lang, ArticleID: n.Article.ID, EventID: id, New: n})
	}
	slices.SortFunc(diffs, func(a, b Difference) int {
		return cmp.Or(compareType(a.Type, b.Type), cmp.Compare(a.Lang, b.Lang),
			cmp.Compare(a.ArticleID, b.ArticleID), cmp.Compare(a.EventID, b.EventID))
	})
	out := Diff{Differences: diffs}
	for _, t := range tallies {
		out.Tallies = append(out.Tallies, *t)
	}
	slices.SortFunc(out.Tallies, func(a, b Tally) int {
		return cmp.Or(compareType(a.Type, b.Type), cmp.Compare(a.Lang, b.Lang))
	})
	return out, nil
}

func indexByID(evs []news.Event) map[string]*news.Event {
	m := make(map[string]*news.Event, len(evs))
	for i := range evs {
		if _, dup := m[evs[i].ID]; !dup {
			m[evs[i].ID] = &evs[i]
		}
	}
	return m
}

// compareType orders event types as news.Types does, unknown types after them by name.
func compareType(a, b string) int {
	ia, ib := slices.Index(news.Types, a), slices.Index(news.Types, b)
	if ia < 0 {
		ia = len(news.Types)
	}
	if ib < 0 {
		ib = len(news.Types)
	}
	return cmp.Or(cmp.Compare(ia, ib), cmp.Compare(a, b))
}

// changedFields returns the JSON fields of the two events that differ, sorted, leaving out
// ignoredFields.
func changedFields(a, b *news.Event) ([]string, error) {
	fa, err := fieldsOf(a)
	if err != nil {
		return nil, err
	}
	fb, err := fieldsOf(b)
	if err != nil {
		return nil, err
	}
	keys := map[string]bool{}
	for k := range maps.Keys(fa) {
		keys[k] = true
	}
	for k := range maps.Keys(fb) {
		keys[k] = true
	}
	var out []string
	for k := range keys {
		if !ignoredFields[k] && !bytes.Equal(fa[k], fb[k]) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out, nil
}

// fieldsOf returns the event's JSON fields. The encoding of an Event is deterministic, so
// equal values give equal bytes.
func fieldsOf(ev *news.Event) (map[string]json.RawMessage, error) {
	b, err := json.Marshal(ev)
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	return m, nil
}
