package extractor

import (
	"errors"
	"fmt"
	"time"
)

// Config configures the extractor stage. The zero value is not usable: start from
// DefaultConfig.
type Config struct {
	// Durable is the name of the durable pull consumer on ARTICLES. Every copy of the stage
	// with the same name shares one consumer, so they share the work.
	Durable string `yaml:"durable"`
	// Workers is the number of articles extracted at once; 0 means one per CPU.
	Workers int `yaml:"workers"`
	// FetchBatch is how many messages one pull asks for.
	FetchBatch int `yaml:"fetch_batch"`
	// PullExpiry is how long one pull waits for messages before the stage pulls again. It
	// bounds the longest pause a lost pull request can cause.
	PullExpiry time.Duration `yaml:"pull_expiry"`
	// AckWait is how long JetStream waits for an article's ack before delivering it again.
	AckWait time.Duration `yaml:"ack_wait"`
	// MaxAckPending caps the articles delivered and not yet acknowledged, over all copies.
	MaxAckPending int `yaml:"max_ack_pending"`
	// MaxDeliver is how many deliveries an article gets: one that still fails transiently on
	// its last delivery, or arrives after it, is parked on DEAD.
	MaxDeliver int `yaml:"max_deliver"`
	// Backoff are the delays before a failed article is delivered again, by delivery (the
	// first after the first failure, and so on; the last repeats).
	Backoff []time.Duration `yaml:"backoff"`
	// ShutdownTimeout bounds how long in-flight articles may take to finish once the stage
	// is asked to stop; what is not finished by then is handed back.
	ShutdownTimeout time.Duration `yaml:"shutdown_timeout"`
}

// DefaultConfig returns the defaults: consumer "extractor", one worker per CPU, pulls of 256
// messages that wait at most 1 s, 30 s ack wait, 4096 articles in flight, 5 deliveries with
// 1 s, 5 s and 30 s between them, 10 s to finish on shutdown.
func DefaultConfig() Config {
	return Config{
		Durable:         "extractor",
		FetchBatch:      256,
		PullExpiry:      time.Second,
		AckWait:         30 * time.Second,
		MaxAckPending:   4096,
		MaxDeliver:      5,
		Backoff:         []time.Duration{time.Second, 5 * time.Second, 30 * time.Second},
		ShutdownTimeout: 10 * time.Second,
	}
}

// Validate checks every field.
func (c *Config) Validate() error {
	var errs []error
	check := func(ok bool, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf(format, args...))
		}
	}
	check(c.Durable != "" && isName(c.Durable), "durable %q: want letters, digits, '-' or '_'", c.Durable)
	check(c.Workers >= 0, "workers %d is negative", c.Workers)
	check(c.FetchBatch >= 1 && c.FetchBatch <= 10000, "fetch_batch %d: want 1 to 10000", c.FetchBatch)
	check(c.PullExpiry >= 100*time.Millisecond && c.PullExpiry <= 30*time.Second, "pull_expiry %v: want 100ms to 30s", c.PullExpiry)
	check(c.AckWait >= time.Second, "ack_wait %v: want at least 1s", c.AckWait)
	check(c.MaxAckPending >= c.FetchBatch, "max_ack_pending %d is below fetch_batch %d", c.MaxAckPending, c.FetchBatch)
	check(c.MaxDeliver >= 1, "max_deliver %d: want at least 1", c.MaxDeliver)
	check(len(c.Backoff) > 0, "backoff is empty")
	for i, d := range c.Backoff {
		check(d > 0, "backoff[%d] %v is not positive", i, d)
	}
	check(c.ShutdownTimeout > 0, "shutdown_timeout %v is not positive", c.ShutdownTimeout)
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("extractor config: %w", err)
	}
	return nil
}

// backoff is the delay before delivery n+1 of a message that failed on delivery n.
func (c *Config) backoff(delivered uint64) time.Duration {
	i := int(min(delivered, uint64(len(c.Backoff)))) - 1
	return c.Backoff[max(i, 0)]
}

func isName(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
