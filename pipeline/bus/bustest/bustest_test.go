package bustest_test

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tinkhabar/tinkhabar/pipeline/bus/bustest"
)

func TestServerRestartKeepsStoreAndPort(t *testing.T) {
	srv := bustest.NewServer(t)
	url := srv.URL()
	js := srv.JetStream(t)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "S", Subjects: []string{"s.>"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := js.Publish(ctx, "s.1", []byte("one")); err != nil {
		t.Fatal(err)
	}
	srv.Restart()
	if srv.URL() != url {
		t.Errorf("URL changed across a restart: %s, then %s", url, srv.URL())
	}
	// The same client reconnects and finds the message.
	for {
		s, err := js.Stream(ctx, "S")
		if err == nil {
			if n := s.CachedInfo().State.Msgs; n != 1 {
				t.Errorf("stream holds %d messages after the restart, want 1", n)
			}
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("stream not back after the restart: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	srv.Stop()
	if srv.NatsServer() != nil {
		t.Error("a stopped server is still there")
	}
}

func TestClusterReplicates(t *testing.T) {
	cl := bustest.NewCluster(t, 3)
	js, err := jetstream.New(cl.Conn(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	s, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "R", Subjects: []string{"r.>"}, Replicas: 3})
	if err != nil {
		t.Fatal(err)
	}
	if ci := s.CachedInfo().Cluster; ci == nil || len(ci.Replicas) != 2 {
		t.Fatalf("stream cluster info %+v, want a leader and two replicas", ci)
	}
	cl.Nodes[1].Stop()
	for {
		rctx, rcancel := context.WithTimeout(ctx, 3*time.Second)
		_, err := js.Publish(rctx, "r.1", []byte("x"))
		rcancel()
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("no publish with one node of three down: %v", err)
		}
	}
	cl.Nodes[1].Start()
	cl.WaitReady()
}
