package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// tailCmd is `tinkhabar tail`: events as they arrive, one line each.
type tailCmd struct {
	busFlags
	Type   string `name:"type" enum:"visit,project_count,agreement," default:"" help:"Only events of this type: visit, project_count or agreement."`
	Lang   string `name:"lang" enum:"fa,vi," default:"" help:"Only events in this language: fa or vi."`
	Source string `name:"source" placeholder:"ID" help:"Only events from this source (e.g. mehrnews)."`
	JSON   bool   `name:"json" help:"Print each event's CloudEvents JSON on one line instead of a summary."`
	All    bool   `name:"all" help:"Start with the first stored event instead of the next new one."`
	Count  int    `name:"count" short:"n" placeholder:"N" help:"Stop after N events (default: until interrupted)."`
}

// tailOptions selects and formats the events tail prints.
type tailOptions struct {
	typ, lang, source string
	json, all         bool
	count             int
}

func (c *tailCmd) Run(g *globals) error {
	if c.Source != "" && !news.IsToken(c.Source) {
		return fmt.Errorf("--source %q is not a source id ([a-z0-9_-]+)", c.Source)
	}
	s, cfg, err := c.open(g, "tinkhabar-tail")
	if err != nil {
		return err
	}
	defer s.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	opts := tailOptions{typ: c.Type, lang: c.Lang, source: c.Source, json: c.JSON, all: c.All, count: c.Count}
	err = tailEvents(ctx, s.JS, &cfg.Bus, opts, os.Stdout)
	if ctx.Err() != nil {
		return nil // interrupted: the normal way to stop
	}
	return err
}

// tailEvents prints events of EVENTS that match opts, with an ordered consumer, until ctx is
// done or opts.count events were printed.
func tailEvents(ctx context.Context, js jetstream.JetStream, c *bus.Config, opts tailOptions, w io.Writer) error {
	policy := jetstream.DeliverNewPolicy
	if opts.all {
		policy = jetstream.DeliverAllPolicy
	}
	cons, err := js.OrderedConsumer(ctx, c.Events.Name, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{c.Subjects().EventsFilter(opts.typ, opts.lang, opts.source)},
		DeliverPolicy:  policy,
	})
	if err != nil {
		if errors.Is(err, jetstream.ErrStreamNotFound) {
			return fmt.Errorf("no stream %s yet: nothing was extracted on this bus", c.Events.Name)
		}
		return fmt.Errorf("subscribing to %s: %w", c.Events.Name, err)
	}
	it, err := cons.Messages()
	if err != nil {
		return fmt.Errorf("subscribing to %s: %w", c.Events.Name, err)
	}
	stop := context.AfterFunc(ctx, it.Stop)
	defer stop()
	defer it.Stop()
	for n := 0; opts.count == 0 || n < opts.count; n++ {
		m, err := it.Next()
		if err != nil {
			if errors.Is(err, jetstream.ErrMsgIteratorClosed) && ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("reading %s: %w", c.Events.Name, err)
		}
		if opts.json {
			if _, err := fmt.Fprintf(w, "%s\n", m.Data()); err != nil {
				return err
			}
			continue
		}
		ev, _, err := news.UnmarshalEnvelope(m.Data())
		if err != nil {
			fmt.Fprintf(w, "? %s: %v\n", m.Subject(), err)
			continue
		}
		if _, err := fmt.Fprintln(w, formatEvent(ev)); err != nil {
			return err
		}
	}
	return nil
}

// formatEvent is one line about an event for a person: what, when and its status, who,
// where and how many, in English labels with the names as the article wrote them, then the
// source and language. The demo prints events the same way.
func formatEvent(ev *news.Event) string {
	var b strings.Builder
	label := map[string]string{news.TypeVisit: "VISIT", news.TypeProjectCount: "PROJECTS", news.TypeAgreement: "AGREEMENT"}[ev.Type]
	if label == "" {
		label = strings.ToUpper(ev.Type)
	}
	fmt.Fprintf(&b, "%-9s  %-10s  %-7s  ", label, dateLabel(ev.Date), dashIfEmpty(ev.Status))
	switch ev.Type {
	case news.TypeVisit:
		b.WriteString(visitorLabel(ev.Visitor))
		if ev.Location != nil {
			b.WriteString(" → " + placeLabel(ev.Location))
		}
		if ev.DurationDays > 0 {
			fmt.Fprintf(&b, ", %d day%s", ev.DurationDays, pluralS(int64(ev.DurationDays)))
		}
	case news.TypeProjectCount:
		fmt.Fprintf(&b, "%s%s project%s", qualifierLabel(ev.Qualifier), groupThousands(ev.Count), pluralS(ev.Count))
		if ev.ProjectKind != "" {
			b.WriteString(" (" + ev.ProjectKind + ")")
		}
		if ev.Location != nil {
			b.WriteString(" in " + placeLabel(ev.Location))
		}
		if m := ev.Investment; m != nil {
			fmt.Fprintf(&b, ", %s%s %s", qualifierLabel(m.Qualifier), groupThousands(m.Amount), m.Currency)
		}
	case news.TypeAgreement:
		kind := map[string]string{news.KindStrategic: "Strategic cooperation", news.KindCooperation: "Cooperation agreement",
			news.KindMoU: "MoU", news.KindContract: "Contract"}[ev.AgreementKind]
		if kind == "" {
			kind = "Agreement"
		}
		if ev.Count > 1 {
			kind = fmt.Sprintf("%s × %d", kind, ev.Count)
		}
		b.WriteString(kind)
		var parties []string
		for _, p := range ev.Parties {
			parties = append(parties, firstSet(p.Name, p.ID))
		}
		if len(parties) > 0 {
			b.WriteString(": " + strings.Join(parties, " + "))
		}
		if ev.Topic != "" {
			b.WriteString(", on " + ev.Topic)
		}
		if p := ev.Period; p != nil && (p.From != 0 || p.To != 0) {
			fmt.Fprintf(&b, ", %d–%d", p.From, p.To)
			if p.Horizon != 0 {
				fmt.Fprintf(&b, " (to %d)", p.Horizon)
			}
		}
		if ev.Location != nil {
			b.WriteString(" in " + placeLabel(ev.Location))
		}
	}
	fmt.Fprintf(&b, "  [%s/%s]", dashIfEmpty(ev.Article.Source), ev.Lang)
	return b.String()
}

var roleNames = map[string]string{
	"minister": "Minister", "deputy_minister": "Deputy minister", "president": "President",
	"vice_president": "Vice president", "prime_minister": "Prime minister", "governor": "Governor",
	"party_secretary": "Party secretary", "company_head": "Company head", "delegation": "Delegation",
	"other": "Official",
}

func visitorLabel(v *news.Visitor) string {
	if v == nil {
		return "Someone"
	}
	role := roleNames[v.Role]
	if role == "" {
		role = "Official"
	}
	if v.Name == "" {
		return role
	}
	return role + " " + v.Name
}

func placeLabel(l *news.Location) string {
	s := firstSet(l.Name, l.ID)
	if l.Native != "" && l.Native != l.Name {
		s += " (" + l.Native + ")"
	}
	if l.CurrentID != "" && l.CurrentID != l.ID {
		s += ", now " + l.CurrentID
	}
	return s
}

func dateLabel(d *news.Date) string {
	if d == nil || d.Value == "" {
		return "no date"
	}
	return d.Value
}

func qualifierLabel(q string) string {
	switch q {
	case news.QualAtLeast:
		return "at least "
	case news.QualAbout:
		return "about "
	}
	return ""
}

// thousands writes n with commas between groups of three digits.
func groupThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func pluralS(n int64) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func dashIfEmpty(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func firstSet(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
