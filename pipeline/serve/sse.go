package serve

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// streamRetry is the reconnection delay the server suggests to live-stream clients.
const streamRetry = 3 * time.Second

// handleStream is GET /api/stream: Server-Sent Events of the events matching the filters.
// Each event is "id: <stream sequence>" and "data: <envelope>". The stream reads EVENTS with
// an ordered consumer of its own, starting after Last-Event-ID (header, or the last_event_id
// parameter for clients that cannot set headers) when given and at the next new event
// otherwise, so a client that reconnects with the last id it saw misses nothing the stream
// still holds. A comment line goes out every Config.Heartbeat while nothing else does; when
// events were read and filtered out since the last one sent, it carries the last of their
// ids (an id with no data moves the client's Last-Event-ID without an event).
func (s *Server) handleStream(w http.ResponseWriter, r *http.Request) {
	q, ok := s.query(w, r)
	if !ok {
		return
	}
	var after uint64
	lastID := r.Header.Get("Last-Event-ID")
	if lastID == "" {
		lastID = r.URL.Query().Get("last_event_id")
	}
	if lastID != "" {
		n, err := strconv.ParseUint(strings.TrimSpace(lastID), 10, 64)
		if err != nil {
			writeError(w, http.StatusBadRequest, "Last-Event-ID is not an id this server sent")
			return
		}
		after = n
	}
	if n := s.streams.Add(1); n > int64(s.cfg.MaxStreams) {
		s.streams.Add(-1)
		w.Header().Set("Retry-After", "10")
		writeError(w, http.StatusServiceUnavailable, "too many live streams open")
		return
	}
	defer s.streams.Add(-1)

	ctx := r.Context()
	// A stream's consumer is removed by the server soon after the client goes.
	cfg := jetstream.OrderedConsumerConfig{FilterSubjects: q.subjects(s.sub), DeliverPolicy: jetstream.DeliverNewPolicy,
		InactiveThreshold: 30 * time.Second}
	if lastID != "" {
		cfg.DeliverPolicy, cfg.OptStartSeq = jetstream.DeliverByStartSequencePolicy, after+1
	}
	setup, cancel := context.WithTimeout(ctx, 10*time.Second)
	cons, err := s.deps.JS.OrderedConsumer(setup, s.deps.Bus.Events.Name, cfg)
	cancel()
	if err != nil {
		s.log.Warn("starting a live stream", "error", err)
		writeError(w, http.StatusServiceUnavailable, "the events stream cannot be reached")
		return
	}
	it, err := cons.Messages()
	if err != nil {
		s.log.Warn("starting a live stream", "error", err)
		writeError(w, http.StatusServiceUnavailable, "the events stream cannot be reached")
		return
	}
	defer it.Stop()

	msgs := make(chan jetstream.Msg)
	go func() {
		defer close(msgs)
		for {
			m, err := it.Next()
			if err != nil {
				if !errors.Is(err, jetstream.ErrMsgIteratorClosed) && ctx.Err() == nil {
					s.log.Debug("live stream ended", "error", err)
				}
				return
			}
			select {
			case msgs <- m:
			case <-ctx.Done():
				return
			}
		}
	}()

	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	write := func(format string, args ...any) bool {
		_ = rc.SetWriteDeadline(time.Now().Add(30 * time.Second))
		if _, err := fmt.Fprintf(w, format, args...); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	if !write("retry: %d\n: tinkhabar live events\n\n", streamRetry.Milliseconds()) {
		return
	}
	beat := time.NewTicker(s.cfg.Heartbeat)
	defer beat.Stop()
	// skipped is the last sequence read but filtered out here (by location, period or q) after
	// the last one sent: a heartbeat carries it as a bare id, which moves the client's
	// Last-Event-ID on without dispatching an event, so a reconnect does not read it again.
	var sent, skipped uint64
	for {
		select {
		case <-ctx.Done():
			return
		case <-beat.C:
			if skipped > sent {
				if !write("id: %d\n: ping\n\n", skipped) {
					return
				}
				sent = skipped
				continue
			}
			if !write(": ping\n\n") {
				return
			}
		case m, ok := <-msgs:
			if !ok {
				return // the iterator ended: the client reconnects and resumes
			}
			md, err := m.Metadata()
			if err != nil {
				continue
			}
			_, _, source, _, _ := eventTokens(s.sub, m.Subject())
			e, err := decodeEntry(md.Sequence.Stream, m.Data(), source)
			if err != nil || !q.match(e) {
				skipped = md.Sequence.Stream
				continue
			}
			if !write("id: %d\ndata: %s\n\n", e.seq, e.json) {
				return
			}
			sent = e.seq
			s.met.sent.Inc()
			beat.Reset(s.cfg.Heartbeat)
		}
	}
}
