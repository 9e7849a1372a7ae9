// Package archive is what researchers do with the ARTICLES and EVENTS archive: read it back
// in archive order, filtered, through ordered ephemeral consumers that leave the running
// stages' durable consumers alone; re-extract archived articles with the current engine,
// compare the result with the stored events and publish it; export either stream to a file
// (formats of pkg/export); and import an exported articles file into ARTICLES.
package archive

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tinkhabar/tinkhabar/pipeline/bus"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// By says which time a Filter's Since and Until bound.
type By int

const (
	// ByPublished bounds the article's publication time (an event's article.published).
	// Records without a publication time are left out when a bound is set.
	ByPublished By = iota + 1
	// ByArchived bounds the time JetStream stored the message. Since is applied by the
	// server (the consumer starts there), and the read stops at the first message stored at
	// or after Until, so a short period of a long archive is read quickly.
	ByArchived
)

// ParseBy returns the By named s: "published" or "archived".
func ParseBy(s string) (By, error) {
	switch s {
	case "published":
		return ByPublished, nil
	case "archived":
		return ByArchived, nil
	}
	return 0, fmt.Errorf("unknown time basis %q: want published or archived", s)
}

func (b By) String() string {
	switch b {
	case ByPublished:
		return "published"
	case ByArchived:
		return "archived"
	}
	return "unset"
}

// maxFilterSubjects bounds the subject filters one read may combine (languages × sources ×
// types).
const maxFilterSubjects = 256

// ErrInvalidFilter is wrapped by Filter.Validate's errors.
var ErrInvalidFilter = errors.New("invalid filter")

// Filter selects archived records. The zero value selects everything.
type Filter struct {
	// Since and Until bound the time named by By: Since ≤ t < Until. A zero bound is open.
	Since, Until time.Time
	// By is required when Since or Until is set.
	By By
	// Langs, Sources and Types keep records with one of the values (none: any). Types only
	// applies to events.
	Langs, Sources, Types []string
}

// Validate checks the filter: known languages, contract tokens, a time basis for a bound,
// Since before Until, and at most 256 subject combinations.
func (f *Filter) Validate() error {
	for _, l := range f.Langs {
		if l != news.LangFa && l != news.LangVi {
			return fmt.Errorf("%w: language %q is not %s or %s", ErrInvalidFilter, l, news.LangFa, news.LangVi)
		}
	}
	for _, list := range [...]struct {
		name string
		vals []string
	}{{"source", f.Sources}, {"type", f.Types}} {
		for _, v := range list.vals {
			if !news.IsToken(v) {
				return fmt.Errorf("%w: %s %q is not a [a-z0-9_-]+ token", ErrInvalidFilter, list.name, v)
			}
		}
	}
	if (!f.Since.IsZero() || !f.Until.IsZero()) && f.By != ByPublished && f.By != ByArchived {
		return fmt.Errorf("%w: a time bound needs a basis (published or archived)", ErrInvalidFilter)
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && !f.Since.Before(f.Until) {
		return fmt.Errorf("%w: since %s is not before until %s", ErrInvalidFilter, f.Since.Format(time.RFC3339), f.Until.Format(time.RFC3339))
	}
	if n := max(len(f.Langs), 1) * max(len(f.Sources), 1) * max(len(f.Types), 1); n > maxFilterSubjects {
		return fmt.Errorf("%w: %d language × source × type combinations, at most %d", ErrInvalidFilter, n, maxFilterSubjects)
	}
	return nil
}

// bounded reports whether a time bound is set.
func (f *Filter) bounded() bool { return !f.Since.IsZero() || !f.Until.IsZero() }

// inPeriod reports whether t lies in [Since, Until).
func (f *Filter) inPeriod(t time.Time) bool {
	return (f.Since.IsZero() || !t.Before(f.Since)) && (f.Until.IsZero() || t.Before(f.Until))
}

// publishedIn applies a ByPublished bound to a publication time (nil: unknown).
func (f *Filter) publishedIn(t *time.Time) bool {
	if f.By != ByPublished || !f.bounded() {
		return true
	}
	return t != nil && f.inPeriod(*t)
}

// Record is one archived message.
type Record struct {
	// Seq is the stream sequence: archive order.
	Seq uint64
	// Subject the message was published on.
	Subject string
	// Archived is when JetStream stored the message.
	Archived time.Time
	// Data is the message body. It is not reused: the callee may keep it.
	Data []byte
}

// Progress follows a long read. Start is called once, before the first Add, with the number
// of units (messages, or bytes for an import) the run expects at most; Add after each unit
// of work. Calls come from one goroutine.
type Progress interface {
	Start(total int64)
	Add(n int64)
}

type noProgress struct{}

func (noProgress) Start(int64) {}
func (noProgress) Add(int64)   {}

func orNoProgress(p Progress) Progress {
	if p == nil {
		return noProgress{}
	}
	return p
}

// Reader reads the archive streams in archive order. Each read creates an ordered ephemeral
// consumer (memory storage, no acks), which the running stages never see, and deletes it when
// done. A Reader is safe for concurrent use; each read is independent.
type Reader struct {
	js       jetstream.JetStream
	cfg      bus.Config
	subjects bus.Subjects
}

// minReadBuffer is the least a read buffers ahead of the caller, in bytes; it is raised to
// four times the server's largest message, so that the largest article always fits.
const minReadBuffer = 32 << 20

// NewReader returns a reader of the streams of cfg (which must be valid). The caller keeps
// ownership of js and its connection.
func NewReader(js jetstream.JetStream, cfg bus.Config) (*Reader, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("archive reader: %w", err)
	}
	return &Reader{js: js, cfg: cfg, subjects: cfg.Subjects()}, nil
}

// articleFilters returns the subject filters of ARTICLES for f's languages and sources.
func (r *Reader) articleFilters(f Filter) []string {
	var out []string
	for _, l := range orAny(f.Langs) {
		for _, s := range orAny(f.Sources) {
			out = append(out, r.subjects.Article(star(l), star(s), "*"))
		}
	}
	return out
}

// eventFilters returns the subject filters of EVENTS for f's types, languages and sources.
func (r *Reader) eventFilters(f Filter) []string {
	var out []string
	for _, t := range orAny(f.Types) {
		for _, l := range orAny(f.Langs) {
			for _, s := range orAny(f.Sources) {
				out = append(out, r.subjects.EventsFilter(t, l, s))
			}
		}
	}
	return out
}

func orAny(vals []string) []string {
	if len(vals) == 0 {
		return []string{""}
	}
	// Sorted and without repeats, so one filter always gives the same consumer.
	v := slices.Clone(vals)
	slices.Sort(v)
	return slices.Compact(v)
}

func star(s string) string {
	if s == "" {
		return "*"
	}
	return s
}

// scan reads stream in archive order and calls fn for each message on one of subjects. It
// reads up to the last message the stream held when scan began, so a stream that keeps
// growing does not keep the read going, and the same archive always gives the same records.
// With a ByArchived filter it starts at f.Since and stops at the first message stored at or
// after f.Until. An error from fn stops the read and is returned; so is ctx's.
func (r *Reader) scan(ctx context.Context, stream string, subjects []string, f Filter, p Progress, fn func(Record) error) error {
	p = orNoProgress(p)
	s, err := r.js.Stream(ctx, stream)
	if err != nil {
		return fmt.Errorf("opening stream %s: %w", stream, err)
	}
	last := s.CachedInfo().State.LastSeq
	if last == 0 || s.CachedInfo().State.Msgs == 0 {
		p.Start(0)
		return nil
	}
	cfg := jetstream.OrderedConsumerConfig{
		FilterSubjects:    subjects,
		DeliverPolicy:     jetstream.DeliverAllPolicy,
		InactiveThreshold: time.Minute,
	}
	if f.By == ByArchived && !f.Since.IsZero() {
		since := f.Since
		cfg.DeliverPolicy, cfg.OptStartTime = jetstream.DeliverByStartTimePolicy, &since
	}
	cons, err := s.OrderedConsumer(ctx, cfg)
	if err != nil {
		return fmt.Errorf("creating an ordered consumer on %s: %w", stream, err)
	}
	it, err := cons.Messages(jetstream.PullMaxBytes(max(minReadBuffer, 4*int(r.js.Conn().MaxPayload()))))
	if err != nil {
		return fmt.Errorf("reading %s: %w", stream, err)
	}
	info := cons.CachedInfo()
	defer func() {
		it.Stop()
		// The server would drop the consumer after InactiveThreshold anyway; say so now.
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer cancel()
		if info := cons.CachedInfo(); info != nil {
			_ = r.js.DeleteConsumer(dctx, stream, info.Name)
		}
	}()
	if info == nil || info.NumPending == 0 {
		p.Start(0)
		return nil
	}
	p.Start(int64(info.NumPending))
	for {
		m, err := it.Next(jetstream.NextContext(ctx))
		if err != nil {
			if ctx.Err() != nil {
				return context.Cause(ctx)
			}
			return fmt.Errorf("reading %s: %w", stream, err)
		}
		meta, err := m.Metadata()
		if err != nil {
			return fmt.Errorf("reading %s: message metadata: %w", stream, err)
		}
		seq := meta.Sequence.Stream
		if seq > last {
			return nil
		}
		if f.By == ByArchived && !f.Until.IsZero() && !meta.Timestamp.Before(f.Until) {
			return nil
		}
		if err := fn(Record{Seq: seq, Subject: m.Subject(), Archived: meta.Timestamp, Data: m.Data()}); err != nil {
			return err
		}
		p.Add(1)
		if meta.NumPending == 0 || seq == last {
			return nil
		}
	}
}

// Stats counts what a read did.
type Stats struct {
	// Read counts the messages read from the stream (those the subject filter kept).
	Read int
	// Matched counts the records passed on (the time filter kept them).
	Matched int
	// Invalid counts messages that did not decode; they are skipped.
	Invalid int
	// Bytes sums the message bodies read.
	Bytes int64
}

// InvalidRecord is passed to a read's OnInvalid callback for a message that does not decode.
type InvalidRecord struct {
	Record Record
	Err    error
}

// Options are the optional parts of a read.
type Options struct {
	// Progress follows the read; nil for none.
	Progress Progress
	// OnInvalid is called for each message that does not decode (and is skipped); nil
	// ignores them (they are still counted in Stats.Invalid).
	OnInvalid func(InvalidRecord)
}

func (o *Options) invalid(rec Record, err error) {
	if o.OnInvalid != nil {
		o.OnInvalid(InvalidRecord{Record: rec, Err: err})
	}
}

// Articles calls fn, in archive order, for each archived article that f selects (f.Types must
// be empty). A message that does not decode as an article is skipped and reported to
// o.OnInvalid. An error from fn stops the read and is returned.
func (r *Reader) Articles(ctx context.Context, f Filter, o Options, fn func(Record, *news.Article) error) (Stats, error) {
	var st Stats
	if err := f.Validate(); err != nil {
		return st, err
	}
	if len(f.Types) > 0 {
		return st, fmt.Errorf("%w: articles have no event type", ErrInvalidFilter)
	}
	err := r.scan(ctx, r.cfg.Articles.Name, r.articleFilters(f), f, o.Progress, func(rec Record) error {
		st.Read++
		st.Bytes += int64(len(rec.Data))
		a, err := decodeArticle(r.subjects, rec)
		if err != nil {
			st.Invalid++
			o.invalid(rec, err)
			return nil
		}
		if !f.publishedIn(a.Published) {
			return nil
		}
		st.Matched++
		return fn(rec, a)
	})
	return st, err
}

// Events calls fn, in archive order, for each archived event that f selects, with the event
// (the envelope's data) and the envelope's time (the extraction time; zero when absent). A
// message that is not a valid event envelope is skipped and reported to o.OnInvalid. An error
// from fn stops the read and is returned.
func (r *Reader) Events(ctx context.Context, f Filter, o Options, fn func(Record, *news.Event, time.Time) error) (Stats, error) {
	var st Stats
	if err := f.Validate(); err != nil {
		return st, err
	}
	err := r.scan(ctx, r.cfg.Events.Name, r.eventFilters(f), f, o.Progress, func(rec Record) error {
		st.Read++
		st.Bytes += int64(len(rec.Data))
		ev, at, err := DecodeEnvelope(rec.Data)
		if err != nil {
			st.Invalid++
			o.invalid(rec, err)
			return nil
		}
		if f.By == ByPublished && f.bounded() && !f.publishedIn(parsePublished(ev.Article.Published)) {
			return nil
		}
		st.Matched++
		return fn(rec, ev, at)
	})
	return st, err
}

func parsePublished(s string) *time.Time {
	if s == "" {
		return nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return nil
	}
	return &t
}
