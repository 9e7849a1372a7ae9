package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
)

// streamsCmd is `tinkhabar streams`: what the streams hold, how far the consumers lag, and
// the dead letters.
type streamsCmd struct {
	busFlags
	JSON bool `name:"json" help:"Print the numbers as one JSON object."`
}

// streamsReport is what `streams` prints.
type streamsReport struct {
	Streams   []streamRow   `json:"streams"`
	Consumers []consumerRow `json:"consumers"`
	Dead      []deadRow     `json:"dead"`
}

type streamRow struct {
	Name     string `json:"name"`
	Exists   bool   `json:"exists"`
	Messages uint64 `json:"messages"`
	Bytes    uint64 `json:"bytes"`
	// Lag is the messages the stream's consumers have yet to process: pending plus
	// delivered and not yet acknowledged, summed over its durable consumers.
	Lag uint64 `json:"lag"`
	// Dead counts messages of this stream parked on DEAD.
	Dead uint64 `json:"dead"`
}

type consumerRow struct {
	Stream      string `json:"stream"`
	Name        string `json:"name"`
	Pending     uint64 `json:"pending"`
	AckPending  int    `json:"ack_pending"`
	Redelivered int    `json:"redelivered"`
	Waiting     int    `json:"waiting_pulls"`
}

type deadRow struct {
	Stage  string `json:"stage"`
	Stream string `json:"stream"`
	Reason string `json:"reason"`
	Count  uint64 `json:"count"`
}

func (c *streamsCmd) Run(g *globals) error {
	s, cfg, err := c.open(g, "tinkhabar-streams")
	if err != nil {
		return err
	}
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	rep, err := collectStreams(ctx, s.JS, &cfg.Bus)
	if err != nil {
		return err
	}
	if c.JSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	printStreams(os.Stdout, rep)
	return nil
}

// collectStreams gathers the numbers of the four streams, their durable consumers, and the
// dead letters by stage, origin stream and reason (read from DEAD's headers).
func collectStreams(ctx context.Context, js jetstream.JetStream, c *bus.Config) (streamsReport, error) {
	var rep streamsReport
	rows := map[string]int{} // index in rep.Streams
	for _, sc := range []bus.StreamConfig{c.Articles, c.Events, c.Jobs, c.Dead} {
		row := streamRow{Name: sc.Name}
		st, err := js.Stream(ctx, sc.Name)
		if errors.Is(err, jetstream.ErrStreamNotFound) {
			rep.Streams = append(rep.Streams, row)
			continue
		}
		if err != nil {
			return rep, fmt.Errorf("stream %s: %w", sc.Name, err)
		}
		row.Exists = true
		info := st.CachedInfo()
		row.Messages, row.Bytes = info.State.Msgs, info.State.Bytes
		names := st.ConsumerNames(ctx)
		for name := range names.Name() {
			cons, err := st.Consumer(ctx, name)
			if err != nil {
				return rep, fmt.Errorf("consumer %s of %s: %w", name, sc.Name, err)
			}
			ci := cons.CachedInfo()
			if ci.Config.Durable == "" {
				continue // ephemeral (a tail, a replay): not a stage
			}
			rep.Consumers = append(rep.Consumers, consumerRow{Stream: sc.Name, Name: name, Pending: ci.NumPending,
				AckPending: ci.NumAckPending, Redelivered: ci.NumRedelivered, Waiting: ci.NumWaiting})
			row.Lag += ci.NumPending + uint64(ci.NumAckPending)
		}
		if err := names.Err(); err != nil {
			return rep, fmt.Errorf("listing consumers of %s: %w", sc.Name, err)
		}
		rep.Streams = append(rep.Streams, row)
		rows[sc.Name] = len(rep.Streams) - 1
	}
	if i, ok := rows[c.Dead.Name]; ok && rep.Streams[i].Messages > 0 {
		dead, err := countDead(ctx, js, c.Dead.Name)
		if err != nil {
			return rep, err
		}
		rep.Dead = dead
		for _, r := range dead {
			if i, ok := rows[r.Stream]; ok {
				rep.Streams[i].Dead += r.Count
			}
		}
	}
	return rep, nil
}

// countDead reads the headers of every message on DEAD.
func countDead(ctx context.Context, js jetstream.JetStream, name string) ([]deadRow, error) {
	cons, err := js.OrderedConsumer(ctx, name, jetstream.OrderedConsumerConfig{HeadersOnly: true})
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	counts := map[deadRow]uint64{}
	for {
		batch, err := cons.FetchNoWait(1000)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", name, err)
		}
		n := 0
		var last *jetstream.MsgMetadata
		for m := range batch.Messages() {
			n++
			h := m.Headers()
			counts[deadRow{Stage: h.Get(bus.HeaderDeadStage), Stream: h.Get(bus.HeaderDeadStream), Reason: h.Get(bus.HeaderDeadReason)}]++
			last, _ = m.Metadata()
		}
		if err := batch.Error(); err != nil {
			return nil, fmt.Errorf("reading %s: %w", name, err)
		}
		if n == 0 || last == nil || last.NumPending == 0 {
			break
		}
	}
	out := make([]deadRow, 0, len(counts))
	for k, n := range counts {
		k.Count = n
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Stage != b.Stage {
			return a.Stage < b.Stage
		}
		return a.Reason < b.Reason
	})
	return out, nil
}

func printStreams(w io.Writer, rep streamsReport) {
	var rows [][]string
	for _, s := range rep.Streams {
		if !s.Exists {
			rows = append(rows, []string{s.Name, "-", "-", "-", "-", "(not created yet)"})
			continue
		}
		rows = append(rows, []string{s.Name, groupThousands(int64(s.Messages)), byteSize(s.Bytes),
			groupThousands(int64(s.Lag)), groupThousands(int64(s.Dead)), ""})
	}
	printTable(w, []string{"STREAM", "MESSAGES", "BYTES", "LAG", "DEAD", ""}, rows)
	if len(rep.Consumers) > 0 {
		rows = rows[:0]
		for _, c := range rep.Consumers {
			rows = append(rows, []string{c.Name, c.Stream, groupThousands(int64(c.Pending)), groupThousands(int64(c.AckPending)),
				groupThousands(int64(c.Redelivered)), strconv.Itoa(c.Waiting)})
		}
		fmt.Fprintln(w)
		printTable(w, []string{"CONSUMER", "STREAM", "PENDING", "UNACKED", "REDELIVERED", "PULLS WAITING"}, rows)
	}
	if len(rep.Dead) > 0 {
		rows = rows[:0]
		for _, d := range rep.Dead {
			rows = append(rows, []string{dashIfEmpty(d.Stage), dashIfEmpty(d.Stream), dashIfEmpty(d.Reason), groupThousands(int64(d.Count))})
		}
		fmt.Fprintln(w)
		printTable(w, []string{"DEAD LETTERS", "FROM", "REASON", "COUNT"}, rows)
	}
}

// printTable prints rows under a header in aligned columns: numbers (cells starting with a
// digit, or "-") to the right, text to the left.
func printTable(w io.Writer, header []string, rows [][]string) {
	all := append([][]string{header}, rows...)
	width := make([]int, len(header))
	numeric := make([]bool, len(header))
	for i := range numeric {
		numeric[i] = len(rows) > 0
	}
	for _, r := range all {
		for i, cell := range r {
			width[i] = max(width[i], utf8.RuneCountInString(cell))
		}
	}
	for _, r := range rows {
		for i, cell := range r {
			if cell != "" && cell != "-" && (cell[0] < '0' || cell[0] > '9') {
				numeric[i] = false
			}
		}
	}
	for _, r := range all {
		var b strings.Builder
		for i, cell := range r {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(cell))
			if i > 0 {
				b.WriteString("  ")
			}
			if numeric[i] {
				b.WriteString(pad + cell)
			} else {
				b.WriteString(cell + pad)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// byteSize is n in B, KiB, MiB or GiB with one decimal.
func byteSize(n uint64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := uint64(unit), 0
	for m := n / unit; m >= unit && exp < 3; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGT"[exp])
}
