package serve

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// EventsPage is the body of GET /api/events.
type EventsPage struct {
	// Events are CloudEvents envelopes, newest first.
	Events []json.RawMessage `json:"events"`
	// NextCursor, when present, fetches the next (older) page as ?cursor=.
	NextCursor string `json:"next_cursor,omitempty"`
	// LastSequence is the stream sequence of the newest event the server had read: a live
	// stream started with Last-Event-ID set to it misses nothing after this page.
	LastSequence uint64 `json:"last_sequence"`
}

func (s *Server) query(w http.ResponseWriter, r *http.Request) (*Query, bool) {
	q, err := ParseQuery(r.URL.Query(), s.deps.Now(), s.cfg.DefaultLimit, s.cfg.MaxLimit)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return nil, false
	}
	return q, true
}

func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
	q, ok := s.query(w, r)
	if !ok {
		return
	}
	entries, more, last := s.idx.page(q, q.Cursor, q.Limit)
	page := EventsPage{Events: make([]json.RawMessage, len(entries)), LastSequence: last}
	for i, e := range entries {
		page.Events[i] = e.json
	}
	if more && len(entries) > 0 {
		page.NextCursor = strconv.FormatUint(entries[len(entries)-1].seq, 10)
	}
	writeJSON(w, http.StatusOK, page)
}

// handleEvent reads one event by id from EVENTS: the last message on events.*.*.*.<id>.
func (s *Server) handleEvent(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !news.IsToken(id) {
		writeError(w, http.StatusBadRequest, "an event id is a [a-z0-9_-]+ token")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	stream, err := s.deps.JS.Stream(ctx, s.deps.Bus.Events.Name)
	if err != nil {
		s.log.Warn("opening the events stream", "error", err)
		writeError(w, http.StatusServiceUnavailable, "the events stream cannot be reached")
		return
	}
	msg, err := stream.GetLastMsgForSubject(ctx, s.sub.Event("*", "*", "*", id))
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		writeError(w, http.StatusNotFound, "no event with this id")
		return
	}
	if err != nil {
		s.log.Warn("reading an event", "event_id", id, "error", err)
		writeError(w, http.StatusServiceUnavailable, "the events stream cannot be reached")
		return
	}
	_, _, source, _, _ := eventTokens(s.sub, msg.Subject)
	e, err := decodeEntry(msg.Sequence, msg.Data, source)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "the stored event is not a valid envelope")
		return
	}
	w.Header().Set("Content-Type", news.EnvelopeContentType)
	w.Header().Set("X-Stream-Sequence", strconv.FormatUint(msg.Sequence, 10))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(e.json)
}

// Stats is the body of GET /api/stats: counts of the events that match the filters.
type Stats struct {
	Total     int            `json:"total"`
	ByType    map[string]int `json:"by_type"`
	ByLang    map[string]int `json:"by_lang"`
	BySource  map[string]int `json:"by_source"`
	ByDay     map[string]int `json:"by_day"`
	Locations []LocationStat `json:"by_location"`
	// ByLocationDay counts per province (the current id of the event's location) and day.
	ByLocationDay map[string]map[string]int `json:"by_location_day"`
	// Days of ByDay are UTC dates of the time an event was reported (see Query.Since).
	LastSequence uint64 `json:"last_sequence"`
}

// LocationStat is the count of one province or country, with its names.
type LocationStat struct {
	ID     string `json:"id"`
	Name   string `json:"name,omitempty"`
	Native string `json:"native,omitempty"`
	Count  int    `json:"count"`
}

func (s *Server) handleStats(w http.ResponseWriter, r *http.Request) {
	q, ok := s.query(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, s.stats(q))
}

func (s *Server) stats(q *Query) Stats {
	st := Stats{ByType: map[string]int{}, ByLang: map[string]int{}, BySource: map[string]int{}, ByDay: map[string]int{},
		ByLocationDay: map[string]map[string]int{}}
	locs := map[string]int{}
	names := map[string][2]string{}
	s.idx.each(q, func(e *entry) {
		st.Total++
		st.ByType[e.typ]++
		st.ByLang[e.lang]++
		st.BySource[e.source]++
		st.ByDay[e.day]++
		if e.region != "" {
			locs[e.region]++
			if e.regionName != "" {
				names[e.region] = [2]string{e.regionName, e.regionNative}
			}
			days := st.ByLocationDay[e.region]
			if days == nil {
				days = map[string]int{}
				st.ByLocationDay[e.region] = days
			}
			days[e.day]++
		}
	})
	_, st.LastSequence, _, _ = s.idx.state()
	for id, n := range locs {
		ls := LocationStat{ID: id, Count: n}
		var known bool
		if s.places != nil {
			ls.Name, ls.Native, known = s.places.Place(id)
		}
		if !known {
			ls.Name, ls.Native = names[id][0], names[id][1]
		}
		st.Locations = append(st.Locations, ls)
	}
	sort.Slice(st.Locations, func(i, j int) bool {
		a, b := st.Locations[i], st.Locations[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.ID < b.ID
	})
	if st.Locations == nil {
		st.Locations = []LocationStat{}
	}
	return st
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "encoding the response", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_, _ = w.Write(b)
}

func writeError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, map[string]string{"error": msg})
}
