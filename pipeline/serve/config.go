package serve

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"time"
)

// DefaultAddr is where the server listens unless told otherwise: loopback only.
const DefaultAddr = "127.0.0.1:8080"

// TokenEnv is the environment variable the command line reads the bearer token from.
const TokenEnv = "TINKHABAR_HTTP_TOKEN"

// MinTokenLen is the shortest bearer token accepted.
const MinTokenLen = 16

// ErrTokenRequired is returned by Validate when the address is not a loopback address and no
// bearer token is set: the API is never open to a network without one.
var ErrTokenRequired = errors.New("a bearer token is required when listening on a non-loopback address")

// Config configures the HTTP server. The zero value is not usable: start from DefaultConfig.
type Config struct {
	// Addr is the host:port to listen on. A host that is not a loopback address (including an
	// empty host, 0.0.0.0 and ::) requires Token.
	Addr string `yaml:"addr"`
	// Token, when set, is required as "Authorization: Bearer <token>" on /api/ and /metrics.
	// The page itself and /healthz, /readyz stay open (they hold no data). At least
	// MinTokenLen bytes. Never logged; prefer the TINKHABAR_HTTP_TOKEN environment variable.
	Token string `yaml:"token"`
	// MaxEvents is how many of the newest events the server keeps in memory for the list,
	// search and statistics (about 3 KB each). Older events stay in EVENTS: GET
	// /api/events/{id} and the live stream still reach them.
	MaxEvents int `yaml:"max_events"`
	// DefaultLimit and MaxLimit bound the events of one page of GET /api/events.
	DefaultLimit int `yaml:"default_limit"`
	MaxLimit     int `yaml:"max_limit"`
	// MaxStreams caps the live streams (GET /api/stream) open at once; more get 503.
	MaxStreams int `yaml:"max_streams"`
	// Heartbeat is how often an idle live stream gets a comment line, so that proxies and
	// browsers keep it open.
	Heartbeat time.Duration `yaml:"heartbeat"`
	// FeedHealthBucket is the feed workers' key-value bucket of failing feeds
	// (feeds.Config.HealthBucket); empty leaves feed failures out of the source health.
	FeedHealthBucket string `yaml:"feed_health_bucket"`
	// ShutdownTimeout bounds how long requests in progress may take to finish on shutdown.
	ShutdownTimeout time.Duration `yaml:"shutdown_timeout"`
}

// DefaultConfig returns the defaults: 127.0.0.1:8080 without a token, the newest 100 000
// events in memory, pages of 50 (at most 500), 256 live streams, a heartbeat every 15 s,
// feed health from "feed_health", 5 s to shut down.
func DefaultConfig() Config {
	return Config{
		Addr:             DefaultAddr,
		MaxEvents:        100_000,
		DefaultLimit:     50,
		MaxLimit:         500,
		MaxStreams:       256,
		Heartbeat:        15 * time.Second,
		FeedHealthBucket: "feed_health",
		ShutdownTimeout:  5 * time.Second,
	}
}

// Validate checks every field. It fails with ErrTokenRequired for a non-loopback address
// without a token.
func (c *Config) Validate() error {
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return fmt.Errorf("serve: address %q: %w", c.Addr, err)
	}
	if port == "" {
		return fmt.Errorf("serve: address %q has no port", c.Addr)
	}
	if c.Token != "" && len(c.Token) < MinTokenLen {
		return fmt.Errorf("serve: the bearer token must have at least %d bytes", MinTokenLen)
	}
	if c.Token == "" && !IsLoopback(host) {
		return fmt.Errorf("serve: address %s: %w (set token or %s)", c.Addr, ErrTokenRequired, TokenEnv)
	}
	var errs []error
	check := func(ok bool, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf(format, args...))
		}
	}
	check(c.MaxEvents >= 1, "max_events %d: want at least 1", c.MaxEvents)
	check(c.DefaultLimit >= 1 && c.DefaultLimit <= c.MaxLimit, "default_limit %d: want 1 to max_limit %d", c.DefaultLimit, c.MaxLimit)
	check(c.MaxStreams >= 1, "max_streams %d: want at least 1", c.MaxStreams)
	check(c.Heartbeat >= 100*time.Millisecond, "heartbeat %v: want at least 100ms", c.Heartbeat)
	check(c.ShutdownTimeout > 0, "shutdown_timeout %v is not positive", c.ShutdownTimeout)
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("serve config: %w", err)
	}
	return nil
}

// Redacted returns a copy that is safe to print: the token replaced.
func (c Config) Redacted() Config {
	if c.Token != "" {
		c.Token = "REDACTED"
	}
	return c
}

// IsLoopback reports whether host (an IP address or "localhost") only reaches this machine.
// An empty host means every interface and is not loopback.
func IsLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}
