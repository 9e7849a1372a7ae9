package bus

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// ErrNoBus is returned by Open when neither the default server nor the fallback store is
// there.
var ErrNoBus = errors.New("no bus to connect to")

// Target says where a command that reads or writes streams finds them.
type Target struct {
	// Conn is an external server or cluster. When Conn.URL is set, only it is tried.
	Conn ConnConfig
	// DataDir, when set and Conn.URL is not, opens that JetStream store directly with an
	// embedded server that accepts no TCP clients. It fails with ErrStoreLocked while another
	// process (a running `tinkhabar run`) has it open.
	DataDir string
	// With neither set: DefaultURL is tried first (a running `tinkhabar run`), then
	// FallbackDataDir is opened directly if it exists (it is never created).
	DefaultURL      string
	FallbackDataDir string
}

// Session is an open connection to the bus for one command. Close it when done.
type Session struct {
	NC *nats.Conn
	JS jetstream.JetStream
	// Where says what the session is connected to, for messages: a URL (without
	// credentials) or "store <dir>".
	Where string
	// FellBack is set when no server answered at Target.DefaultURL and the fallback store was
	// opened instead; it says so in a sentence for the user.
	FellBack string
	emb      *Embedded
}

// Close closes the connection and, for a store opened directly, shuts its server down.
func (s *Session) Close() {
	if s.NC != nil {
		_ = s.NC.Drain()
		for i := 0; i < 200 && !s.NC.IsClosed(); i++ {
			time.Sleep(10 * time.Millisecond)
		}
		s.NC.Close()
	}
	if s.emb != nil {
		s.emb.Shutdown()
	}
}

// Open connects to the bus as t says. name is the client name servers show.
func Open(t Target, name string, log *slog.Logger) (*Session, error) {
	if err := t.Conn.Validate(); err != nil {
		return nil, err
	}
	switch {
	case t.Conn.URL != "":
		return openURL(&t.Conn, name, log)
	case t.DataDir != "":
		return openStore(t.DataDir, name, log)
	case t.DefaultURL == "" && t.FallbackDataDir == "":
		return nil, errors.New("no nats url and no data directory")
	}
	if t.DefaultURL != "" {
		c := ConnConfig{URL: t.DefaultURL}
		s, err := openURL(&c, name, log, nats.Timeout(2*time.Second))
		if err == nil || t.FallbackDataDir == "" {
			return s, err
		}
		if _, serr := os.Stat(t.FallbackDataDir); serr != nil {
			return nil, fmt.Errorf("%w: no server at %s, and no store at %s", ErrNoBus, RedactURL(t.DefaultURL), t.FallbackDataDir)
		}
		s, ferr := openStore(t.FallbackDataDir, name, log)
		if ferr != nil {
			return nil, fmt.Errorf("no server at %s, and opening %s directly failed: %w", RedactURL(t.DefaultURL), t.FallbackDataDir, ferr)
		}
		s.FellBack = fmt.Sprintf("no NATS server at %s; opened the store %s directly", RedactURL(t.DefaultURL), t.FallbackDataDir)
		return s, nil
	}
	return openStore(t.FallbackDataDir, name, log)
}

func openURL(c *ConnConfig, name string, log *slog.Logger, extra ...nats.Option) (*Session, error) {
	nc, err := Connect(c, name, log, extra...)
	if err != nil {
		return nil, err
	}
	js, err := NewJetStream(nc)
	if err != nil {
		nc.Close()
		return nil, err
	}
	return &Session{NC: nc, JS: js, Where: c.Redacted().URL}, nil
}

func openStore(dir, name string, log *slog.Logger) (*Session, error) {
	emb, err := StartEmbedded(EmbeddedConfig{DataDir: dir}, log)
	if err != nil {
		return nil, err
	}
	nc, err := emb.Connect(name)
	if err != nil {
		emb.Shutdown()
		return nil, err
	}
	js, err := NewJetStream(nc)
	if err != nil {
		nc.Close()
		emb.Shutdown()
		return nil, err
	}
	return &Session{NC: nc, JS: js, Where: "store " + dir, emb: emb}, nil
}
