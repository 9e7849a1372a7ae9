package extractor_test

import (
	"testing"
	"time"

	"github.com/tinkhabar/tinkhabar/pipeline/bus/bustest"
	"github.com/tinkhabar/tinkhabar/pkg/extract"
)

// The real engine, through the bus, gives exactly what it gives offline.
func TestRealEngineMatchesOffline(t *testing.T) {
	engine, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	const n = 2000
	srv := bustest.NewServer(t)
	e := newEnv(t, srv.Conn(t), nil)
	ctx := ctxFor(t, 90*time.Second)
	arts := articles(t, n)
	want := offline(t, engine, arts)
	e.publish(ctx, arts)
	r := e.start(e.js, engine, stageCfg())
	e.waitDone(ctx, "extractor", n)
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	t.Logf("engine %s: %d events for %d articles", engine.Version(), len(want), n)
	e.checkEvents(ctx, want)
	if st := r.stage.Stats(); st.Acked != n || st.Dead != 0 {
		t.Errorf("stats %+v: want %d acked, none dead", st, n)
	}
}
