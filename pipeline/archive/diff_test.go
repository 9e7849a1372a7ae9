package archive_test

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tinkhabar/tinkhabar/pipeline/archive"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

func ev(typ, lang, article, key string, edit func(*news.Event)) news.Event {
	e := news.Event{Type: typ, Lang: lang, Article: news.ArticleRef{ID: article, Source: "src"},
		Extractor: news.Extractor{Version: "old"}, Confidence: 0.5}
	if edit != nil {
		edit(&e)
	}
	e.ID = news.EventID(article, typ, key)
	return e
}

func TestCompare(t *testing.T) {
	visitA := ev("visit", "fa", "a1", "ir/kerman", func(e *news.Event) { e.Location = &news.Location{ID: "ir/kerman"} })
	visitAMoved := visitA
	visitAMoved.Status = news.StatusDone
	visitAMoved.Confidence = 0.9
	visitANewVersion := visitA
	visitANewVersion.Extractor.Version = "new"
	countB := ev("project_count", "vi", "b1", "12", func(e *news.Event) { e.Count = 12 })
	agreeC := ev("agreement", "vi", "c1", "org/vnpt", func(e *news.Event) { e.Parties = []news.Party{{ID: "org/vnpt"}} })
	agreeD := ev("agreement", "fa", "d1", "org/tci", func(e *news.Event) { e.Parties = []news.Party{{ID: "org/tci"}} })

	for _, tc := range []struct {
		name          string
		stored, fresh []news.Event
		want          []archive.Difference
		tallies       []archive.Tally
	}{
		{
			name:    "same events, new extractor version",
			stored:  []news.Event{visitA, countB},
			fresh:   []news.Event{visitANewVersion, countB},
			tallies: []archive.Tally{{Type: "visit", Lang: "fa", Unchanged: 1}, {Type: "project_count", Lang: "vi", Unchanged: 1}},
		},
		{
			name:   "added, removed, changed",
			stored: []news.Event{agreeC, visitA, countB},
			fresh:  []news.Event{visitAMoved, agreeD, countB},
			want: []archive.Difference{
				{Change: archive.Changed, Type: "visit", Lang: "fa", ArticleID: "a1", EventID: visitA.ID, Fields: []string{"confidence", "status"}, Old: &visitA, New: &visitAMoved},
				{Change: archive.Added, Type: "agreement", Lang: "fa", ArticleID: "d1", EventID: agreeD.ID, New: &agreeD},
				{Change: archive.Removed, Type: "agreement", Lang: "vi", ArticleID: "c1", EventID: agreeC.ID, Old: &agreeC},
			},
			tallies: []archive.Tally{
				{Type: "visit", Lang: "fa", Changed: 1},
				{Type: "project_count", Lang: "vi", Unchanged: 1},
				{Type: "agreement", Lang: "fa", Added: 1},
				{Type: "agreement", Lang: "vi", Removed: 1},
			},
		},
		{
			name:    "nothing on either side",
			tallies: nil,
		},
		{
			name:    "only fresh",
			fresh:   []news.Event{countB},
			want:    []archive.Difference{{Change: archive.Added, Type: "project_count", Lang: "vi", ArticleID: "b1", EventID: countB.ID, New: &countB}},
			tallies: []archive.Tally{{Type: "project_count", Lang: "vi", Added: 1}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := archive.Compare(tc.stored, tc.fresh)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, d.Differences); diff != "" {
				t.Errorf("differences (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.tallies, d.Tallies); diff != "" {
				t.Errorf("tallies (-want +got):\n%s", diff)
			}
			if d.Empty() != (len(tc.want) == 0) {
				t.Errorf("Empty() = %v", d.Empty())
			}
		})
	}
}

// oracleDiff compares two runs of engines over the same articles directly, without the bus:
// the change and the old and new event of every event id that differs.
func oracleDiff(old, fresh []news.Event) map[string][3]any {
	o, n := map[string]news.Event{}, map[string]news.Event{}
	for _, e := range old {
		o[e.ID] = e
	}
	for _, e := range fresh {
		n[e.ID] = e
	}
	out := map[string][3]any{}
	for id, oe := range o {
		ne, ok := n[id]
		if !ok {
			out[id] = [3]any{archive.Removed, oe, nil}
			continue
		}
		a, b := oe, ne
		a.Extractor, b.Extractor = news.Extractor{}, news.Extractor{}
		if !cmp.Equal(a, b) {
			out[id] = [3]any{archive.Changed, oe, ne}
		}
	}
	for id, ne := range n {
		if _, ok := o[id]; !ok {
			out[id] = [3]any{archive.Added, nil, ne}
		}
	}
	return out
}

func deref(e *news.Event) any {
	if e == nil {
		return nil
	}
	return *e
}

// TestDiffFindsChangedRule archives the corpus and the events of the built-in engine, then
// compares with an engine whose Vietnamese rules were changed on purpose; the comparison
// must find exactly the differences the two engines show when run side by side.
func TestDiffFindsChangedRule(t *testing.T) {
	e := newEnv(t)
	arts := corpus(t)
	e.publishArticles(arts)
	oldEng, newEng := defaultEngine(t), changedRulesEngine(t)
	if oldEng.Version() == newEng.Version() {
		t.Fatal("the changed rules did not change the extractor version")
	}
	oldEvents := extractAll(t, oldEng, arts)
	e.publishEvents(oldEvents, time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC))

	want := oracleDiff(oldEvents, extractAll(t, newEng, arts))
	if len(want) == 0 {
		t.Fatal("the changed rule changes nothing on the corpus: the test proves nothing")
	}

	c, err := e.r.Compare(ctxFor(t, 60*time.Second), newEng, archive.Filter{}, 2, archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][3]any{}
	for _, d := range c.Diff.Differences {
		got[d.EventID] = [3]any{d.Change, deref(d.Old), deref(d.New)}
		if d.Lang != news.LangVi {
			t.Errorf("a change of the Vietnamese rules changed a %s event: %+v", d.Lang, d)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("differences (-oracle +diff):\n%s", diff)
	}
	if diff := cmp.Diff([]string{oldEng.Version()}, c.StoredVersions); diff != "" {
		t.Errorf("stored versions (-want +got):\n%s", diff)
	}
	tallied := 0
	for _, tl := range c.Diff.Tallies {
		tallied += tl.Added + tl.Removed + tl.Changed
	}
	if tallied != len(want) {
		t.Errorf("tallies count %d differences, want %d", tallied, len(want))
	}

	// The same engine finds no difference; a filter restricts both sides.
	same, err := e.r.Compare(ctxFor(t, 60*time.Second), oldEng, archive.Filter{}, 2, archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !same.Diff.Empty() {
		t.Errorf("the archived engine differs from itself: %+v", same.Diff.Differences[0])
	}
	fa, err := e.r.Compare(ctxFor(t, 60*time.Second), newEng, archive.Filter{Langs: []string{news.LangFa}}, 2, archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !fa.Diff.Empty() || len(fa.Stored) == 0 {
		t.Errorf("Persian only: %d differences over %d stored events, want none over some", len(fa.Diff.Differences), len(fa.Stored))
	}
}

// TestPublishAndReplace publishes a re-extraction under a new version: new ids are stored,
// known ids are kept as archived, and Supersede makes EVENTS hold the new version.
func TestPublishAndReplace(t *testing.T) {
	e := newEnv(t)
	arts := corpus(t)
	e.publishArticles(arts)
	oldEng, newEng := defaultEngine(t), changedRulesEngine(t)
	oldEvents := extractAll(t, oldEng, arts)
	e.publishEvents(oldEvents, time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC))

	c, err := e.r.Compare(ctxFor(t, 60*time.Second), newEng, archive.Filter{}, 2, archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var added, changed, removed int
	for _, d := range c.Diff.Differences {
		switch d.Change {
		case archive.Added:
			added++
		case archive.Changed:
			changed++
		case archive.Removed:
			removed++
		}
	}
	t.Logf("the changed rule: %d added, %d changed, %d removed", added, changed, removed)
	if added == 0 || changed == 0 || removed == 0 {
		t.Fatal("the rule change does not add, change and remove events: the test proves little")
	}

	// A plain publish: only the new ids are stored.
	ps := e.publishEvents(c.Fresh, time.Now())
	if ps.Stored != added || ps.Duplicates != len(c.Fresh)-added {
		t.Errorf("publish: %+v, want %d stored, %d duplicates", ps, added, len(c.Fresh)-added)
	}

	// Supersede, well inside the duplicate window of the first publish, then publish again.
	ss, err := archive.Supersede(ctxFor(t, 30*time.Second), e.js, e.bus, c, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if ss.Replaced != changed || ss.Deleted != removed {
		t.Errorf("supersede: %+v, want %d replaced and %d deleted", ss, changed, removed)
	}
	ps = e.publishEvents(c.Fresh, time.Now())
	if ps.Stored != 0 || ps.Duplicates != len(c.Fresh) {
		t.Errorf("republish: %+v, want every event already stored", ps)
	}
	after, err := e.r.Compare(ctxFor(t, 60*time.Second), newEng, archive.Filter{}, 2, archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !after.Diff.Empty() {
		t.Errorf("EVENTS still differs from the new extractor: %d differences, first %+v", len(after.Diff.Differences), after.Diff.Differences[0])
	}
	versions := map[string]int{}
	for _, ev := range e.storedEvents(archive.Filter{}) {
		versions[ev.Extractor.Version]++
	}
	// Events the new rule leaves alone keep the version they were archived with.
	if versions[newEng.Version()] != added+changed || versions[oldEng.Version()] != len(c.Fresh)-added-changed {
		t.Errorf("stored versions %v, want %d of the new and %d of the old", versions, added+changed, len(c.Fresh)-added-changed)
	}
	if slices.ContainsFunc(e.storedEvents(archive.Filter{}), func(ev news.Event) bool { return ev.ID == "" }) {
		t.Error("an event without id")
	}
}
