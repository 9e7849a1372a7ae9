package bus_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tinkhabar/tinkhabar/pipeline/bus/bustest"
)

func TestScratchPublishVariants(t *testing.T) {
	data := make([]byte, 1500)
	for _, v := range []struct {
		name             string
		perSubject, expect, msgid bool
	}{
		{"plain", false, false, false},
		{"msgid", false, false, true},
		{"persubject", true, false, true},
		{"persubject+expect", true, true, true},
		{"expect only", false, true, true},
	} {
		srv := bustest.NewServer(t)
		js, _ := jetstream.New(srv.Conn(t), jetstream.WithPublishAsyncMaxPending(4096))
		ctx := context.Background()
		cfg := jetstream.StreamConfig{Name: "S", Subjects: []string{"s.>"}, Storage: jetstream.FileStorage}
		if v.perSubject {
			cfg.MaxMsgsPerSubject = 1
			cfg.Discard = jetstream.DiscardNew
			cfg.DiscardNewPerSubject = true
		}
		js.CreateStream(ctx, cfg)
		const n = 30000
		start := time.Now()
		for i := range n {
			var opts []jetstream.PublishOpt
			id := "a_" + strconv.Itoa(i)
			if v.msgid {
				opts = append(opts, jetstream.WithMsgID(id))
			}
			if v.expect {
				opts = append(opts, jetstream.WithExpectLastSequencePerSubject(0))
			}
			if _, err := js.PublishAsync("s.x."+id, data, opts...); err != nil {
				t.Fatal(err)
			}
		}
		<-js.PublishAsyncComplete()
		t.Logf("%s: %.0f msgs/s", v.name, n/time.Since(start).Seconds())
	}
}
