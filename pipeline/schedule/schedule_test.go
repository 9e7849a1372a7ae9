package schedule_test

import (
	"context"
	"sync"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pipeline/bus/bustest"
	"github.com/tinkhabar/tinkhabar/pipeline/schedule"
)

const sourcesYAML = `
sources:
  - id: one
    lang: fa
    feeds: [https://one.example/rss, https://one.example/rss2]
    interval: 10m
  - id: two
    lang: vi
    feeds: [https://two.example/rss]
    interval: 1h
`

// TestSchedulersDoNotPollTwice runs several schedulers at once on one JetStream, round after
// round: each feed is put on JOBS exactly once per interval.
func TestSchedulersDoNotPollTwice(t *testing.T) {
	ctx := context.Background()
	srv := bustest.NewServer(t)
	js := srv.JetStream(t)
	bc := bus.DefaultConfig()
	if err := bus.EnsureStreams(ctx, js, &bc); err != nil {
		t.Fatal(err)
	}
	srcs, err := schedule.ParseSources([]byte(sourcesYAML))
	if err != nil {
		t.Fatal(err)
	}
	kv, err := bus.EnsureKV(ctx, js, bus.KVConfig{Bucket: "schedule"})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	var scheds []*schedule.Scheduler
	for range 4 {
		s, err := schedule.New(schedule.DefaultConfig(), schedule.Deps{JS: js, Bus: bc, Sources: srcs, Now: clock,
			Jitter: func(time.Duration) time.Duration { return 0 }})
		if err != nil {
			t.Fatal(err)
		}
		scheds = append(scheds, s)
	}
	round := func() int {
		var total sync.Map
		var wg sync.WaitGroup
		for i, s := range scheds {
			wg.Go(func() { total.Store(i, s.Round(ctx, kv)) })
		}
		wg.Wait()
		n := 0
		total.Range(func(_, v any) bool { n += v.(int); return true })
		return n
	}
	for _, step := range []struct {
		advance time.Duration
		want    int
	}{
		{0, 3},                // every feed is due at once
		{0, 0},                // nothing is due again
		{10 * time.Minute, 2}, // source one's two feeds
		{5 * time.Minute, 0},
		{45 * time.Minute, 3}, // one (twice past) and two
	} {
		mu.Lock()
		now = now.Add(step.advance)
		mu.Unlock()
		if got := round(); got != step.want {
			t.Errorf("after +%v: %d jobs scheduled, want %d", step.advance, got, step.want)
		}
	}
	s, _ := js.Stream(ctx, bc.Jobs.Name)
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.State.Msgs != 8 {
		t.Errorf("JOBS holds %d jobs, want 8", info.State.Msgs)
	}
}

func TestParseSources(t *testing.T) {
	for name, bad := range map[string]string{
		"unknown key":  "sources:\n  - id: a\n    lang: fa\n    feeds: [https://a/rss]\n    feedz: []\n",
		"bad id":       "sources:\n  - id: A.B\n    lang: fa\n    feeds: [https://a/rss]\n",
		"bad lang":     "sources:\n  - id: a\n    lang: en\n    feeds: [https://a/rss]\n",
		"no feeds":     "sources:\n  - id: a\n    lang: fa\n",
		"ftp feed":     "sources:\n  - id: a\n    lang: fa\n    feeds: [ftp://a/rss]\n",
		"bad cidr":     "sources:\n  - id: a\n    lang: fa\n    feeds: [https://a/rss]\n    allow: [localhost]\n",
		"duplicate id": "sources:\n  - id: a\n    lang: fa\n    feeds: [https://a/rss]\n  - id: a\n    lang: vi\n    feeds: [https://b/rss]\n",
		"bad zone":     "sources:\n  - id: a\n    lang: fa\n    zone: Mars/Olympus\n    feeds: [https://a/rss]\n",
		"empty":        "sources: []\n",
	} {
		if _, err := schedule.ParseSources([]byte(bad)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	srcs, err := schedule.ParseSources([]byte(sourcesYAML))
	if err != nil {
		t.Fatal(err)
	}
	if srcs[0].Location().String() != "Asia/Tehran" || srcs[1].Location().String() != "Asia/Ho_Chi_Minh" || srcs[1].Jitter != 6*time.Minute {
		t.Errorf("defaults not applied: %+v", srcs)
	}
}
