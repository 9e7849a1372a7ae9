package bus

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
)

// ConnConfig says how to reach an external NATS server or cluster. Secrets (Token, and any
// password in URL) are never logged: use Redacted for a printable copy.
type ConnConfig struct {
	// URL is one server URL or a comma-separated list of a cluster's URLs. Empty means "use
	// the embedded server".
	URL string `yaml:"url"`
	// Creds is a credentials file (user JWT and NKey seed).
	Creds string `yaml:"creds"`
	// NKey is a file holding an NKey seed.
	NKey string `yaml:"nkey"`
	// Token is an authentication token. Prefer the TINKHABAR_NATS_TOKEN environment variable
	// to writing it in a file.
	Token string `yaml:"token"`
	// TLS client options.
	TLS TLSConfig `yaml:"tls"`
}

// TLSConfig holds the TLS files of a connection. Setting any of them requires TLS.
type TLSConfig struct {
	// CA is a PEM file of root certificates to trust instead of the system's.
	CA string `yaml:"ca"`
	// Cert and Key are the client certificate and its key (PEM), for mutual TLS.
	Cert string `yaml:"cert"`
	Key  string `yaml:"key"`
}

// Validate checks that the options can be used together.
func (c *ConnConfig) Validate() error {
	auth := 0
	for _, set := range []bool{c.Creds != "", c.NKey != "", c.Token != ""} {
		if set {
			auth++
		}
	}
	if auth > 1 {
		return errors.New("nats: set at most one of creds, nkey and token")
	}
	if (c.TLS.Cert == "") != (c.TLS.Key == "") {
		return errors.New("nats: tls cert and key go together")
	}
	if c.URL == "" && (auth > 0 || c.TLS != (TLSConfig{})) {
		return errors.New("nats: creds, nkey, token and tls need a url (the embedded server takes no credentials)")
	}
	for u := range strings.SplitSeq(c.URL, ",") {
		if c.URL == "" {
			break
		}
		pu, err := url.Parse(strings.TrimSpace(u))
		if err != nil || pu.Host == "" {
			return fmt.Errorf("nats: url %q is not a server URL like nats://host:4222", redactURL(strings.TrimSpace(u)))
		}
	}
	return nil
}

// Redacted returns a copy that is safe to print: the token and URL passwords replaced.
func (c ConnConfig) Redacted() ConnConfig {
	if c.Token != "" {
		c.Token = "REDACTED"
	}
	if c.URL != "" {
		parts := strings.Split(c.URL, ",")
		for i, p := range parts {
			parts[i] = redactURL(strings.TrimSpace(p))
		}
		c.URL = strings.Join(parts, ",")
	}
	return c
}

// RedactURL returns u with any password replaced, for logs.
func RedactURL(u string) string { return redactURL(u) }

func redactURL(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return "(unparsable url)"
	}
	if pu.User != nil {
		if _, has := pu.User.Password(); has {
			return pu.Redacted()
		}
		// A bare user part can be a token: hide it too.
		pu.User = url.User("REDACTED")
		return pu.String()
	}
	return u
}

// ConnOptions returns the nats.go options of c, plus tinkhabar's connection behaviour: 5 s to
// connect, then reconnect forever every 250 ms (a stage rides out a server restart), and log disconnects, reconnects
// and asynchronous errors on log. name is the client name the server shows.
func (c *ConnConfig) ConnOptions(name string, log *slog.Logger) ([]nats.Option, error) {
	opts := []nats.Option{
		nats.Name(name),
		nats.Timeout(5 * time.Second),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(250 * time.Millisecond),
		nats.RetryOnFailedConnect(false),
		nats.DisconnectErrHandler(func(nc *nats.Conn, err error) {
			if err != nil {
				log.Warn("nats disconnected", "error", err)
			}
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) {
			log.Info("nats reconnected", "server", redactURL(nc.ConnectedUrl()))
		}),
		nats.ErrorHandler(func(nc *nats.Conn, sub *nats.Subscription, err error) {
			log.Warn("nats asynchronous error", "error", err)
		}),
	}
	switch {
	case c.Creds != "":
		opts = append(opts, nats.UserCredentials(c.Creds))
	case c.NKey != "":
		o, err := nats.NkeyOptionFromSeed(c.NKey)
		if err != nil {
			return nil, fmt.Errorf("reading nkey seed %s: %w", c.NKey, err)
		}
		opts = append(opts, o)
	case c.Token != "":
		opts = append(opts, nats.Token(c.Token))
	}
	if c.TLS.CA != "" {
		opts = append(opts, nats.RootCAs(c.TLS.CA))
	}
	if c.TLS.Cert != "" {
		opts = append(opts, nats.ClientCert(c.TLS.Cert, c.TLS.Key))
	}
	if c.TLS != (TLSConfig{}) {
		opts = append(opts, nats.Secure())
	}
	return opts, nil
}

// Connect connects to the server or cluster of c.URL. The caller closes the connection.
func Connect(c *ConnConfig, name string, log *slog.Logger, extra ...nats.Option) (*nats.Conn, error) {
	if c.URL == "" {
		return nil, errors.New("connecting to nats: no url")
	}
	opts, err := c.ConnOptions(name, log)
	if err != nil {
		return nil, err
	}
	nc, err := nats.Connect(c.URL, append(opts, extra...)...)
	if err != nil {
		return nil, fmt.Errorf("connecting to nats at %s: %w", c.Redacted().URL, err)
	}
	return nc, nil
}
