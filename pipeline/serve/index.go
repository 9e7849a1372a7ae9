package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"

	ce "github.com/cloudevents/sdk-go/v2/event"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// entry is one event as the server holds it: the envelope to send (with summary_en) and the
// fields the filters, the search and the statistics need.
type entry struct {
	seq    uint64
	json   []byte // the CloudEvents envelope, compact, data.summary_en filled in
	id     string
	typ    string
	lang   string
	source string
	places []string // location id, its current_id, and party ids
	region string   // the province (or country) the statistics count it under: current id of the location
	// regionName and regionNative are the names the event gives region, when it gives them.
	regionName, regionNative string
	at                       time.Time
	day                      string // at, as a UTC date
	search                   string // folded text for q
	summary                  string
}

// decodeEntry turns one EVENTS message into an entry. subjectSource is the source token of
// the message's subject, used when the event's article names none.
func decodeEntry(seq uint64, data []byte, subjectSource string) (*entry, error) {
	ev, env, err := news.UnmarshalEnvelope(data)
	if err != nil {
		return nil, err
	}
	out, summary, err := withSummary(data, ev, env)
	if err != nil {
		return nil, err
	}
	e := &entry{seq: seq, json: out, id: ev.ID, typ: ev.Type, lang: ev.Lang, summary: summary}
	e.source = ev.Article.Source
	if e.source == "" {
		e.source = subjectSource
	}
	e.at = env.Time().UTC()
	if p, err := time.Parse(time.RFC3339, ev.Article.Published); err == nil {
		e.at = p.UTC()
	}
	e.day = e.at.Format(time.DateOnly)
	if l := ev.Location; l != nil {
		e.places = append(e.places, l.ID)
		e.region, e.regionName, e.regionNative = l.ID, l.Name, l.Native
		if l.CurrentID != "" && l.CurrentID != l.ID {
			e.regionName, e.regionNative = "", ""
			e.places = append(e.places, l.CurrentID)
			e.region = l.CurrentID
		}
	}
	for _, p := range ev.Parties {
		if p.ID != "" {
			e.places = append(e.places, p.ID)
		}
	}
	e.search = searchText(ev, summary)
	return e, nil
}

// withSummary returns the envelope as compact JSON whose data carries summary_en: the
// message as stored when the extractor wrote one, and otherwise the envelope of the event
// with news.Summary filled in (the same envelope the extractor writes, with its time).
func withSummary(data []byte, ev *news.Event, env ce.Event) ([]byte, string, error) {
	if ev.SummaryEn != "" {
		var buf bytes.Buffer
		if err := json.Compact(&buf, data); err != nil {
			return nil, "", fmt.Errorf("compacting event %s: %w", ev.ID, err)
		}
		return buf.Bytes(), ev.SummaryEn, nil
	}
	withSum := *ev
	withSum.SummaryEn = news.Summary(ev)
	out, err := news.MarshalEnvelope(&withSum, env.Time())
	if err != nil {
		return nil, "", err
	}
	return out, withSum.SummaryEn, nil
}

// searchText is everything q is matched against, folded.
func searchText(ev *news.Event, summary string) string {
	parts := []string{summary, ev.Evidence.Text, ev.ProjectKind, ev.KindText, ev.Topic, ev.Article.URL}
	if v := ev.Visitor; v != nil {
		parts = append(parts, v.Name, v.RoleText)
	}
	if l := ev.Location; l != nil {
		parts = append(parts, l.Name, l.Native)
	}
	if d := ev.Date; d != nil {
		parts = append(parts, d.Text)
	}
	if m := ev.Investment; m != nil {
		parts = append(parts, m.Text)
	}
	for _, p := range ev.Parties {
		parts = append(parts, p.Name)
	}
	lang := ev.Lang
	if lang != news.LangFa && lang != news.LangVi {
		lang = ""
	}
	return fold(lang, strings.Join(parts, "\n"))
}

// index keeps the newest events of EVENTS in memory, in stream order, following the stream
// with an ordered consumer. It is safe for concurrent use.
type index struct {
	max int
	log *slog.Logger

	mu      sync.RWMutex
	entries []*entry // ascending seq
	lastSeq uint64   // the last sequence seen (including messages that did not decode)
	ready   bool     // caught up with the stream as it was when following started
	bad     uint64   // messages that did not decode
}

func newIndex(max int, log *slog.Logger) *index {
	return &index{max: max, log: log}
}

// add appends a decoded entry (or records a bad message when e is nil) at seq.
func (x *index) add(seq uint64, e *entry) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if seq <= x.lastSeq {
		return // an ordered consumer never repeats, but a restart of follow might
	}
	x.lastSeq = seq
	if e == nil {
		x.bad++
	} else {
		x.entries = append(x.entries, e)
		if len(x.entries) > x.max {
			x.entries[0] = nil
			x.entries = x.entries[1:]
		}
	}
}

func (x *index) setReady() {
	x.mu.Lock()
	x.ready = true
	x.mu.Unlock()
}

// state returns the number of entries, the last sequence seen, readiness and bad messages.
func (x *index) state() (n int, last uint64, ready bool, bad uint64) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.entries), x.lastSeq, x.ready, x.bad
}

// page returns up to limit entries matching q, newest first, older than before (0: from the
// newest), whether more match after them, and the last sequence seen.
func (x *index) page(q *Query, before uint64, limit int) (out []*entry, more bool, last uint64) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	i := len(x.entries)
	if before > 0 {
		i = sort.Search(len(x.entries), func(i int) bool { return x.entries[i].seq >= before })
	}
	for i--; i >= 0; i-- {
		e := x.entries[i]
		if !q.match(e) {
			continue
		}
		if len(out) == limit {
			return out, true, x.lastSeq
		}
		out = append(out, e)
	}
	return out, false, x.lastSeq
}

// each calls f for every entry matching q, oldest first, under the read lock.
func (x *index) each(q *Query, f func(e *entry)) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	for _, e := range x.entries {
		if q.match(e) {
			f(e)
		}
	}
}

// follow reads EVENTS into the index until ctx is done: it waits for the stream to exist,
// starts at the oldest of the newest max messages, and marks the index ready once it has
// read what the stream held when it started. It returns nil when ctx is done and an error
// only when the connection is closed.
func (x *index) follow(ctx context.Context, js jetstream.JetStream, b bus.Config) error {
	sub := b.Subjects()
	var stream jetstream.Stream
	retry := 100 * time.Millisecond
	for {
		s, err := js.Stream(ctx, b.Events.Name)
		if err == nil {
			stream = s
			break
		}
		if ctx.Err() != nil {
			return nil
		}
		if errors.Is(err, nats.ErrConnectionClosed) {
			return fmt.Errorf("serve: opening %s: %w", b.Events.Name, err)
		}
		x.log.Debug("waiting for the events stream", "stream", b.Events.Name, "error", err)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(retry):
		}
		retry = min(2*retry, 5*time.Second)
	}
	info, err := stream.Info(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("serve: reading %s: %w", b.Events.Name, err)
	}
	cfg := jetstream.OrderedConsumerConfig{FilterSubjects: []string{sub.EventsAll()}}
	_, lastSeen, _, _ := x.state()
	switch {
	case lastSeen > 0:
		cfg.DeliverPolicy, cfg.OptStartSeq = jetstream.DeliverByStartSequencePolicy, lastSeen+1
	case info.State.LastSeq > uint64(x.max):
		cfg.DeliverPolicy, cfg.OptStartSeq = jetstream.DeliverByStartSequencePolicy, info.State.LastSeq-uint64(x.max)+1
	}
	if info.State.Msgs == 0 || info.State.LastSeq <= lastSeen {
		x.setReady()
	}
	cons, err := stream.OrderedConsumer(ctx, cfg)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("serve: following %s: %w", b.Events.Name, err)
	}
	it, err := cons.Messages()
	if err != nil {
		return fmt.Errorf("serve: following %s: %w", b.Events.Name, err)
	}
	stop := context.AfterFunc(ctx, it.Stop)
	defer stop()
	x.log.Info("following events", "stream", b.Events.Name, "from_sequence", cfg.OptStartSeq, "messages", info.State.Msgs)
	for {
		m, err := it.Next()
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, jetstream.ErrMsgIteratorClosed) {
				return nil
			}
			if errors.Is(err, nats.ErrConnectionClosed) {
				return fmt.Errorf("serve: following %s: %w", b.Events.Name, err)
			}
			x.log.Warn("following events", "error", err)
			continue
		}
		md, err := m.Metadata()
		if err != nil {
			continue
		}
		_, _, source, _, _ := eventTokens(sub, m.Subject())
		e, err := decodeEntry(md.Sequence.Stream, m.Data(), source)
		if err != nil {
			x.log.Warn("event that does not decode", "subject", m.Subject(), "sequence", md.Sequence.Stream, "error", err)
			e = nil
		}
		x.add(md.Sequence.Stream, e)
		if md.NumPending == 0 || md.Sequence.Stream >= info.State.LastSeq {
			x.setReady()
		}
	}
}

// eventTokens splits an event subject (under the prefix of sub) into its tokens.
func eventTokens(sub bus.Subjects, subject string) (typ, lang, source, id string, ok bool) {
	p := sub.Prefix()
	if p != "" {
		var found bool
		subject, found = strings.CutPrefix(subject, p+".")
		if !found {
			return "", "", "", "", false
		}
	}
	t := strings.Split(subject, ".")
	if len(t) != 5 || t[0] != "events" {
		return "", "", "", "", false
	}
	return t[1], t[2], t[3], t[4], true
}
