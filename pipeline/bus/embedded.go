package bus

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
)

// DefaultListen is the address an embedded server listens on by default.
const DefaultListen = "127.0.0.1:4222"

// ErrStoreLocked is returned by StartEmbedded when another process has the data directory
// open. Only one process may run a JetStream store at a time.
var ErrStoreLocked = errors.New("data directory is in use by another process")

// EmbeddedConfig configures an in-process nats-server with JetStream.
type EmbeddedConfig struct {
	// DataDir holds the JetStream store; it is created when missing.
	DataDir string
	// Listen is the host:port for NATS clients; port 0 picks a free port. Empty means no
	// listener at all: only in-process connections (Embedded.Connect) reach the server.
	Listen string
	// ServerName names the server (default "tinkhabar").
	ServerName string
}

// Embedded is a nats-server running in this process with JetStream on a local store, which
// it holds locked against other processes until Shutdown.
type Embedded struct {
	ns   *server.Server
	lock *dirLock
	log  *slog.Logger
}

// StartEmbedded starts the server and waits until it accepts connections. It fails with
// ErrStoreLocked when another process holds DataDir. The caller must call Shutdown.
func StartEmbedded(cfg EmbeddedConfig, log *slog.Logger) (*Embedded, error) {
	if cfg.DataDir == "" {
		return nil, errors.New("starting embedded nats: no data directory")
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("creating data directory: %w", err)
	}
	lock, err := lockDir(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	opts := &server.Options{
		ServerName: cfg.ServerName,
		JetStream:  true,
		StoreDir:   filepath.Join(cfg.DataDir, "jetstream"),
		NoSigs:     true,
		// Routes, leafnodes and the monitoring port stay off.
	}
	if opts.ServerName == "" {
		opts.ServerName = "tinkhabar"
	}
	if cfg.Listen == "" {
		opts.DontListen = true
	} else {
		host, portStr, err := net.SplitHostPort(cfg.Listen)
		if err != nil {
			lock.unlock()
			return nil, fmt.Errorf("nats listen address %q: %w", cfg.Listen, err)
		}
		port, err := strconv.Atoi(portStr)
		if err != nil || port < 0 || port > 65535 {
			lock.unlock()
			return nil, fmt.Errorf("nats listen address %q: bad port", cfg.Listen)
		}
		if port == 0 {
			port = server.RANDOM_PORT
		} else {
			// nats-server only logs a listen error; check first so a busy port is a clear,
			// quick failure.
			ln, err := net.Listen("tcp", cfg.Listen)
			if err != nil {
				lock.unlock()
				return nil, fmt.Errorf("nats listen address %s is not free: %w", cfg.Listen, err)
			}
			ln.Close()
		}
		opts.Host, opts.Port = host, port
	}
	ns, err := server.NewServer(opts)
	if err != nil {
		lock.unlock()
		return nil, fmt.Errorf("creating embedded nats server: %w", err)
	}
	ns.SetLoggerV2(serverLogger{log: log.With("component", "nats-server")}, false, false, false)
	go ns.Start()
	if !ns.ReadyForConnections(30 * time.Second) {
		ns.Shutdown()
		ns.WaitForShutdown()
		lock.unlock()
		return nil, fmt.Errorf("embedded nats server on %s did not become ready (is %s free?)", cfg.DataDir, cfg.Listen)
	}
	return &Embedded{ns: ns, lock: lock, log: log}, nil
}

// ClientURL is the URL other processes use to connect, or "" when the server does not listen.
func (e *Embedded) ClientURL() string {
	if e.ns.Addr() == nil {
		return ""
	}
	return e.ns.ClientURL()
}

// Server returns the nats-server.
func (e *Embedded) Server() *server.Server { return e.ns }

// Connect opens an in-process connection (no TCP) to the server, with the reconnect and
// logging options of ConnConfig.ConnOptions. The caller closes it before Shutdown.
func (e *Embedded) Connect(name string, extra ...nats.Option) (*nats.Conn, error) {
	var none ConnConfig
	opts, err := none.ConnOptions(name, e.log)
	if err != nil {
		return nil, err
	}
	opts = append(opts, nats.InProcessServer(e.ns))
	nc, err := nats.Connect("", append(opts, extra...)...)
	if err != nil {
		return nil, fmt.Errorf("connecting in process to the embedded nats server: %w", err)
	}
	return nc, nil
}

// Shutdown stops the server, waits until its store is closed, and releases the directory.
func (e *Embedded) Shutdown() {
	e.ns.Shutdown()
	e.ns.WaitForShutdown()
	e.lock.unlock()
}

// serverLogger sends nats-server's log through slog. Its notices are Debug (they are
// chatty start-up details); warnings and errors keep their level.
type serverLogger struct{ log *slog.Logger }

func (l serverLogger) Noticef(format string, v ...any) { l.log.Debug(fmt.Sprintf(format, v...)) }
func (l serverLogger) Warnf(format string, v ...any)   { l.log.Warn(fmt.Sprintf(format, v...)) }
func (l serverLogger) Fatalf(format string, v ...any)  { l.log.Error(fmt.Sprintf(format, v...)) }
func (l serverLogger) Errorf(format string, v ...any)  { l.log.Error(fmt.Sprintf(format, v...)) }
func (l serverLogger) Debugf(format string, v ...any)  { l.log.Debug(fmt.Sprintf(format, v...)) }
func (l serverLogger) Tracef(format string, v ...any)  { l.log.Debug(fmt.Sprintf(format, v...)) }
