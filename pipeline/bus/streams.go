// Package bus is tinkhabar's use of NATS JetStream: the streams and key-value buckets of the
// wire contract (spec/events.md), their subjects, connecting to a server or starting an
// embedded one, and publishing with de-duplication that holds forever.
//
// De-duplication. ARTICLES and EVENTS keep one message per subject, and every subject ends in
// the message's content-derived id, so a stream holds each id at most once for as long as it
// keeps the message, not only inside the Nats-Msg-Id window. Three layers agree on that:
// every publish carries Nats-Msg-Id (a retry inside the window is acknowledged as a
// duplicate) and Nats-Expected-Last-Subject-Sequence 0 (the server refuses a message for a
// subject it already has, with error code 10071, or 10164 on a replicated stream); and the
// streams themselves are configured with MaxMsgsPerSubject 1, Discard new and
// DiscardNewPerSubject, so even a publisher that sends neither header cannot store an id
// twice (the server answers 10077 "maximum messages per subject exceeded"). Publisher turns
// each of these answers into the outcome Duplicate.
package bus

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Stream names of contract v1 (the defaults of Config).
const (
	StreamArticles = "ARTICLES"
	StreamEvents   = "EVENTS"
	StreamJobs     = "JOBS"
	StreamDead     = "DEAD"
)

// Storage kinds of a stream or bucket.
const (
	StorageFile   = "file"
	StorageMemory = "memory"
)

// StreamConfig is the part of one stream that a deployment configures. The rest (subjects,
// retention, de-duplication) is fixed by the contract.
type StreamConfig struct {
	// Name of the stream.
	Name string `yaml:"name"`
	// MaxAge is how long a message is kept; 0 keeps it forever.
	MaxAge time.Duration `yaml:"max_age"`
	// MaxBytes caps the stream's size; 0 is unlimited. A full ARTICLES or EVENTS refuses new
	// messages (publishers get an error and retry) rather than dropping old ones.
	MaxBytes int64 `yaml:"max_bytes"`
	// Replicas is the number of copies in a cluster: 1, 3 or 5 (1 on a single server).
	Replicas int `yaml:"replicas"`
	// Storage is "file" or "memory".
	Storage string `yaml:"storage"`
	// DuplicateWindow is the Nats-Msg-Id window. Permanent de-duplication does not depend on
	// it, and the server keeps every id of the window in memory (a few hundred bytes each),
	// so ARTICLES and EVENTS keep it short: at 10,000 events a second a two-minute window
	// would hold over a million ids.
	DuplicateWindow time.Duration `yaml:"duplicate_window"`
}

// Config is the bus part of tinkhabar's configuration: the subject prefix and the four
// streams of the contract.
type Config struct {
	// Prefix is put in front of every subject ("" for none); see Subjects.
	Prefix   string       `yaml:"prefix"`
	Articles StreamConfig `yaml:"articles"`
	Events   StreamConfig `yaml:"events"`
	Jobs     StreamConfig `yaml:"jobs"`
	Dead     StreamConfig `yaml:"dead"`
}

// DefaultConfig returns the defaults: no prefix; ARTICLES kept 365 days, EVENTS forever, JOBS
// one day, DEAD 30 days; one file-stored replica each; a Nats-Msg-Id window of 10 s on
// ARTICLES and EVENTS (see StreamConfig.DuplicateWindow) and of two minutes on JOBS and DEAD.
func DefaultConfig() Config {
	s := func(name string, age, window time.Duration) StreamConfig {
		return StreamConfig{Name: name, MaxAge: age, Replicas: 1, Storage: StorageFile, DuplicateWindow: window}
	}
	return Config{
		Articles: s(StreamArticles, 365*24*time.Hour, 10*time.Second),
		Events:   s(StreamEvents, 0, 10*time.Second),
		Jobs:     s(StreamJobs, 24*time.Hour, 2*time.Minute),
		Dead:     s(StreamDead, 30*24*time.Hour, 2*time.Minute),
	}
}

// Validate checks the prefix and every stream.
func (c *Config) Validate() error {
	if _, err := NewSubjects(c.Prefix); err != nil {
		return err
	}
	seen := map[string]string{}
	for _, s := range []struct {
		key string
		cfg StreamConfig
	}{{"articles", c.Articles}, {"events", c.Events}, {"jobs", c.Jobs}, {"dead", c.Dead}} {
		if err := s.cfg.validate(); err != nil {
			return fmt.Errorf("stream %s: %w", s.key, err)
		}
		if other, dup := seen[s.cfg.Name]; dup {
			return fmt.Errorf("streams %s and %s have the same name %q", other, s.key, s.cfg.Name)
		}
		seen[s.cfg.Name] = s.key
	}
	return nil
}

// SetReplicas sets the replica count of every stream (e.g. 3 on a three-node cluster).
func (c *Config) SetReplicas(n int) {
	c.Articles.Replicas, c.Events.Replicas, c.Jobs.Replicas, c.Dead.Replicas = n, n, n, n
}

// Subjects returns the subjects under the configured prefix. Call it on a validated Config;
// an invalid prefix gives the unprefixed subjects.
func (c *Config) Subjects() Subjects {
	s, err := NewSubjects(c.Prefix)
	if err != nil {
		return Subjects{}
	}
	return s
}

func (s StreamConfig) validate() error {
	switch {
	case s.Name == "" || !isSubjectToken(s.Name):
		return fmt.Errorf("name %q is empty or has a dot, wildcard or space", s.Name)
	case s.MaxAge < 0:
		return fmt.Errorf("max_age %v is negative", s.MaxAge)
	case s.MaxBytes < 0:
		return fmt.Errorf("max_bytes %d is negative (0 is unlimited)", s.MaxBytes)
	case s.Replicas != 1 && s.Replicas != 3 && s.Replicas != 5:
		return fmt.Errorf("replicas %d: want 1, 3 or 5", s.Replicas)
	case s.Storage != StorageFile && s.Storage != StorageMemory:
		return fmt.Errorf("storage %q: want %q or %q", s.Storage, StorageFile, StorageMemory)
	case s.DuplicateWindow <= 0:
		return fmt.Errorf("duplicate_window %v must be positive", s.DuplicateWindow)
	case s.MaxAge > 0 && s.DuplicateWindow > s.MaxAge:
		return fmt.Errorf("duplicate_window %v is longer than max_age %v", s.DuplicateWindow, s.MaxAge)
	}
	return nil
}

func storageType(s string) jetstream.StorageType {
	if s == StorageMemory {
		return jetstream.MemoryStorage
	}
	return jetstream.FileStorage
}

func maxBytes(n int64) int64 {
	if n == 0 {
		return -1
	}
	return n
}

func (s StreamConfig) base(description string, subjects ...string) jetstream.StreamConfig {
	return jetstream.StreamConfig{
		Name:        s.Name,
		Description: description,
		Subjects:    subjects,
		MaxAge:      s.MaxAge,
		MaxBytes:    maxBytes(s.MaxBytes),
		MaxMsgs:     -1,
		Replicas:    s.Replicas,
		Storage:     storageType(s.Storage),
		Duplicates:  s.DuplicateWindow,
		AllowDirect: true,
	}
}

// archive is a limits-retention stream that keeps one message per subject and refuses
// another (see the package comment).
func archive(sc jetstream.StreamConfig) jetstream.StreamConfig {
	sc.Retention = jetstream.LimitsPolicy
	sc.MaxMsgsPerSubject = 1
	sc.Discard = jetstream.DiscardNew
	sc.DiscardNewPerSubject = true
	return sc
}

// StreamConfigs returns the JetStream configuration of the four streams, in the order
// ARTICLES, EVENTS, JOBS, DEAD. Call it on a validated Config.
func (c *Config) StreamConfigs() []jetstream.StreamConfig {
	sub := c.Subjects()

	jobs := c.Jobs.base("tinkhabar fetch jobs (work queue)", sub.JobsAll())
	jobs.Retention = jetstream.WorkQueuePolicy
	jobs.Discard = jetstream.DiscardNew

	dead := c.Dead.base("tinkhabar messages that could not be processed, with the reason", sub.DeadAll())
	dead.Retention = jetstream.LimitsPolicy
	dead.Discard = jetstream.DiscardOld

	return []jetstream.StreamConfig{
		archive(c.Articles.base("tinkhabar raw articles, one per article id", sub.ArticlesAll())),
		archive(c.Events.base("tinkhabar events (CloudEvents JSON), one per event id", sub.EventsAll())),
		jobs,
		dead,
	}
}

// EnsureStreams creates the four streams, or updates them to the configuration when they
// exist. It fails on a change JetStream cannot apply to an existing stream (storage,
// retention), naming the stream. Call it on a validated Config.
func EnsureStreams(ctx context.Context, js jetstream.JetStream, c *Config) error {
	for _, sc := range c.StreamConfigs() {
		if _, err := js.CreateOrUpdateStream(ctx, sc); err != nil {
			return fmt.Errorf("creating or updating stream %s: %w", sc.Name, err)
		}
	}
	return nil
}

// KVConfig is a key-value bucket as a stage configures it.
type KVConfig struct {
	// Bucket name: letters, digits, '-' and '_'.
	Bucket      string `yaml:"bucket"`
	Description string `yaml:"description"`
	// History is how many values per key are kept (1 to 64; 0 means 1).
	History uint8 `yaml:"history"`
	// TTL expires values this long after they were written; 0 keeps them.
	TTL time.Duration `yaml:"ttl"`
	// MaxBytes caps the bucket; 0 is unlimited.
	MaxBytes int64 `yaml:"max_bytes"`
	// Replicas and Storage as for streams; zero values mean 1 and "file".
	Replicas int    `yaml:"replicas"`
	Storage  string `yaml:"storage"`
}

// ErrInvalidBucket is wrapped by EnsureKV when the configuration is unusable.
var ErrInvalidBucket = errors.New("invalid key-value bucket configuration")

// EnsureKV creates the bucket, or updates it to cfg when it exists, and returns it.
func EnsureKV(ctx context.Context, js jetstream.JetStream, cfg KVConfig) (jetstream.KeyValue, error) {
	if cfg.Bucket == "" {
		return nil, fmt.Errorf("%w: empty bucket name", ErrInvalidBucket)
	}
	if cfg.Storage != "" && cfg.Storage != StorageFile && cfg.Storage != StorageMemory {
		return nil, fmt.Errorf("%w: bucket %s: storage %q", ErrInvalidBucket, cfg.Bucket, cfg.Storage)
	}
	if cfg.History > 64 {
		return nil, fmt.Errorf("%w: bucket %s: history %d is over 64", ErrInvalidBucket, cfg.Bucket, cfg.History)
	}
	replicas := cfg.Replicas
	if replicas == 0 {
		replicas = 1
	}
	kv, err := js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket:      cfg.Bucket,
		Description: cfg.Description,
		History:     max(cfg.History, 1),
		TTL:         cfg.TTL,
		MaxBytes:    maxBytes(cfg.MaxBytes),
		Storage:     storageType(cfg.Storage),
		Replicas:    replicas,
	})
	if err != nil {
		return nil, fmt.Errorf("creating or updating bucket %s: %w", cfg.Bucket, err)
	}
	return kv, nil
}
