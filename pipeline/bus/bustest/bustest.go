// Package bustest runs real nats-server instances with JetStream inside a test process, the
// way net/http/httptest runs HTTP servers: NewServer for one server on a random loopback port
// with a t.TempDir() store, NewCluster for a JetStream cluster of several servers routed over
// loopback. Servers can be stopped and restarted on the same store and ports, to test what a
// crash or a restart does to a stage. Everything is torn down by t.Cleanup.
package bustest

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// startTimeout bounds how long a server may take to accept connections.
const startTimeout = 30 * time.Second

// Server is one in-process nats-server with JetStream. Its methods must be called from the
// test goroutine (or with care: Stop and Start are not safe to call concurrently).
type Server struct {
	t    testing.TB
	mu   sync.Mutex
	opts server.Options
	ns   *server.Server
}

// NewServer starts a server on 127.0.0.1 with a random port and a store in t.TempDir(). It is
// shut down when the test ends.
func NewServer(t testing.TB) *Server {
	t.Helper()
	s := &Server{t: t, opts: baseOptions(t, "bustest")}
	s.Start()
	t.Cleanup(s.Stop)
	return s
}

func baseOptions(t testing.TB, name string) server.Options {
	return server.Options{
		ServerName: name,
		Host:       "127.0.0.1",
		Port:       server.RANDOM_PORT,
		JetStream:  true,
		StoreDir:   t.TempDir(),
		NoSigs:     true,
		NoLog:      true,
		// Keep the test servers small.
		JetStreamMaxMemory: 256 << 20,
	}
}

// Start starts the server (again, after Stop) on the same store and the same port. It fails
// the test when the server does not become ready.
func (s *Server) Start() {
	s.t.Helper()
	s.launch()
	s.waitReady()
}

// launch starts the server without waiting for it to be ready (a cluster node is only ready
// once enough of its peers run). Its listeners are open when launch returns.
func (s *Server) launch() {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ns != nil {
		return
	}
	opts := s.opts // a copy: nats-server keeps and changes the one it is given
	ns, err := server.NewServer(&opts)
	if err != nil {
		s.t.Fatalf("bustest: creating server %s: %v", s.opts.ServerName, err)
	}
	go ns.Start()
	deadline := time.Now().Add(startTimeout)
	for ns.Addr() == nil || (s.opts.Cluster.Port != 0 && ns.ClusterAddr() == nil) {
		if time.Now().After(deadline) {
			ns.Shutdown()
			s.t.Fatalf("bustest: server %s did not open its listeners within %v", s.opts.ServerName, startTimeout)
		}
		time.Sleep(5 * time.Millisecond)
	}
	// Later starts reuse the ports the first start got, so clients and routes reconnect.
	if s.opts.Port == server.RANDOM_PORT {
		s.opts.Port = ns.Addr().(*net.TCPAddr).Port
	}
	if s.opts.Cluster.Port == server.RANDOM_PORT {
		s.opts.Cluster.Port = ns.ClusterAddr().Port
	}
	s.ns = ns
}

func (s *Server) waitReady() {
	s.t.Helper()
	ns := s.NatsServer()
	if !ns.ReadyForConnections(startTimeout) {
		s.t.Fatalf("bustest: server %s not ready after %v", s.opts.ServerName, startTimeout)
	}
}

// Stop shuts the server down and waits until its store is closed. Clients see the
// connection drop and keep trying to reconnect. Stopping a stopped server does nothing.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ns == nil {
		return
	}
	s.ns.Shutdown()
	s.ns.WaitForShutdown()
	s.ns = nil
}

// Restart stops the server and starts it again on the same store and port.
func (s *Server) Restart() {
	s.t.Helper()
	s.Stop()
	s.Start()
}

// URL is the client URL (nats://127.0.0.1:<port>); it stays the same across restarts.
func (s *Server) URL() string {
	return fmt.Sprintf("nats://%s:%d", s.opts.Host, s.opts.Port)
}

// StoreDir is the JetStream store directory.
func (s *Server) StoreDir() string { return s.opts.StoreDir }

// NatsServer returns the running nats-server, or nil while it is stopped.
func (s *Server) NatsServer() *server.Server {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ns
}

// Conn connects to the server with reconnects forever (every 50 ms) and closes the connection
// when the test ends.
func (s *Server) Conn(t testing.TB, opts ...nats.Option) *nats.Conn {
	t.Helper()
	return connect(t, s.URL(), opts...)
}

// JetStream returns a JetStream context on a new connection (see Conn).
func (s *Server) JetStream(t testing.TB) jetstream.JetStream {
	t.Helper()
	js, err := jetstream.New(s.Conn(t))
	if err != nil {
		t.Fatal(err)
	}
	return js
}

func connect(t testing.TB, urls string, opts ...nats.Option) *nats.Conn {
	t.Helper()
	base := []nats.Option{nats.MaxReconnects(-1), nats.ReconnectWait(50 * time.Millisecond), nats.Name(t.Name())}
	nc, err := nats.Connect(urls, append(base, opts...)...)
	if err != nil {
		t.Fatalf("bustest: connecting to %s: %v", urls, err)
	}
	t.Cleanup(nc.Close)
	return nc
}

// Cluster is a JetStream cluster of in-process servers routed over loopback.
type Cluster struct {
	t     testing.TB
	Nodes []*Server
}

// NewCluster starts n servers (n ≥ 3 for replicated streams) that form one JetStream
// cluster, and waits until the cluster has a meta leader that every node follows. The
// servers are shut down when the test ends.
func NewCluster(t testing.TB, n int) *Cluster {
	t.Helper()
	c := &Cluster{t: t}
	// A clustered JetStream server needs its routes at start, so the route ports are chosen
	// first (free loopback ports, held only for a moment).
	for i := range n {
		opts := baseOptions(t, fmt.Sprintf("node-%d", i+1))
		opts.Cluster = server.ClusterOpts{Name: "bustest", Host: "127.0.0.1", Port: freePort(t)}
		c.Nodes = append(c.Nodes, &Server{t: t, opts: opts})
	}
	for i, s := range c.Nodes {
		for j, o := range c.Nodes {
			if i != j {
				s.opts.Routes = append(s.opts.Routes, routeURL(o))
			}
		}
	}
	for _, s := range c.Nodes {
		s.launch()
		t.Cleanup(s.Stop)
	}
	for _, s := range c.Nodes {
		s.waitReady()
	}
	c.WaitReady()
	return c
}

func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("bustest: finding a free port: %v", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func routeURL(s *Server) *url.URL {
	return &url.URL{Scheme: "nats", Host: fmt.Sprintf("%s:%d", s.opts.Cluster.Host, s.opts.Cluster.Port)}
}

// URLs is the comma-separated client URL list of all nodes.
func (c *Cluster) URLs() string {
	urls := make([]string, len(c.Nodes))
	for i, s := range c.Nodes {
		urls[i] = s.URL()
	}
	return strings.Join(urls, ",")
}

// Conn connects to the cluster through every node's URL (see Server.Conn).
func (c *Cluster) Conn(t testing.TB, opts ...nats.Option) *nats.Conn {
	t.Helper()
	return connect(t, c.URLs(), opts...)
}

// WaitReady waits until the running nodes agree on a JetStream meta leader.
func (c *Cluster) WaitReady() {
	c.t.Helper()
	deadline := time.Now().Add(startTimeout)
	for time.Now().Before(deadline) {
		leader, current := false, true
		for _, s := range c.Nodes {
			ns := s.NatsServer()
			if ns == nil {
				continue
			}
			leader = leader || ns.JetStreamIsLeader()
			current = current && ns.JetStreamIsCurrent()
		}
		if leader && current {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	c.t.Fatalf("bustest: cluster has no JetStream meta leader after %v", startTimeout)
}
