package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
)

var loopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}

func newTestFetcher(t *testing.T, cfg Config) (*Fetcher, *MemValidators) {
	t.Helper()
	v := &MemValidators{}
	if cfg.HostRate == 0 {
		cfg.HostRate = 1000
		cfg.HostBurst = 1000
		cfg.HostConcurrency = 8
	}
	f, err := New(cfg, v, nil)
	if err != nil {
		t.Fatal(err)
	}
	return f, v
}

func TestInternal(t *testing.T) {
	for _, tc := range []struct {
		addr string
		want bool
	}{
		{"127.0.0.1", true}, {"10.0.0.1", true}, {"169.254.169.254", true}, {"172.20.1.1", true},
		{"192.168.1.1", true}, {"100.64.0.1", true}, {"0.0.0.0", true}, {"::1", true},
		{"fd00:ec2::254", true}, {"fe80::1", true}, {"::ffff:10.0.0.1", true}, {"::ffff:127.0.0.1", true},
		{"8.8.8.8", false}, {"185.143.233.1", false}, {"2001:4860:4860::8888", false}, {"172.32.0.1", false},
	} {
		if got := Internal(netip.MustParseAddr(tc.addr)); got != tc.want {
			t.Errorf("Internal(%s) = %v, want %v", tc.addr, got, tc.want)
		}
	}
}

func TestGuardRefusesInternalUnlessAllowed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/to-metadata":
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
		case "/to-private":
			http.Redirect(w, r, "http://10.0.0.1/admin", http.StatusFound)
		default:
			fmt.Fprint(w, "ok")
		}
	}))
	defer srv.Close()
	f, _ := newTestFetcher(t, Config{})
	ctx := context.Background()

	if _, err := f.Fetch(ctx, Request{URL: srv.URL + "/x", IgnoreRobots: true}); !errors.Is(err, ErrBlockedAddress) {
		t.Errorf("loopback without allowance: err = %v, want ErrBlockedAddress", err)
	}
	if r, err := f.Fetch(ctx, Request{URL: srv.URL + "/x", Allow: loopback}); err != nil || string(r.Body) != "ok" {
		t.Fatalf("loopback allowed: %v", err)
	}
	for _, p := range []string{"/to-metadata", "/to-private"} {
		_, err := f.Fetch(ctx, Request{URL: srv.URL + p, Allow: loopback})
		if !errors.Is(err, ErrBlockedAddress) || Transient(err) {
			t.Errorf("%s: err = %v, want permanent ErrBlockedAddress", p, err)
		}
	}
	// A host name that resolves to loopback is caught at dial time too.
	port := srv.URL[strings.LastIndex(srv.URL, ":"):]
	if _, err := f.Fetch(ctx, Request{URL: "http://localhost" + port + "/x", IgnoreRobots: true}); !errors.Is(err, ErrBlockedAddress) {
		t.Errorf("localhost: err = %v, want ErrBlockedAddress", err)
	}
}

func TestStatusesAndLimits(t *testing.T) {
	var loops atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow: /private\nDisallow: /%D8%AE%D8%A8%D8%B1\n")
		case "/404":
			http.NotFound(w, r)
		case "/410":
			w.WriteHeader(http.StatusGone)
		case "/500":
			w.WriteHeader(http.StatusInternalServerError)
		case "/loop":
			loops.Add(1)
			http.Redirect(w, r, "/loop", http.StatusFound)
		case "/big":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(strings.Repeat("a", 5000)))
		case "/pdf":
			w.Header().Set("Content-Type", "text/html") // mislabelled
			w.Write([]byte("%PDF-1.4\n%âãÏÓ\n1 0 obj\n"))
		case "/stall":
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		default:
			fmt.Fprint(w, "<html>ok</html>")
		}
	}))
	defer srv.Close()
	f, _ := newTestFetcher(t, Config{MaxBody: 4096, HeaderTimeout: 200 * time.Millisecond, MaxRedirects: 5})
	ctx := context.Background()
	for _, tc := range []struct {
		path      string
		want      error
		transient bool
		status    int
	}{
		{"/404", nil, false, 404},
		{"/410", nil, false, 410},
		{"/500", nil, true, 500},
		{"/loop", ErrTooManyRedirects, false, 0},
		{"/big", ErrTooLarge, false, 0},
		{"/pdf", ErrUnexpectedType, false, 0},
		{"/stall", nil, true, 0},
		{"/private/x", ErrDisallowed, false, 0},
		{"/%D8%AE%D8%A8%D8%B1/1", ErrDisallowed, false, 0},
		{"/خبر/1", ErrDisallowed, false, 0},
	} {
		_, err := f.Fetch(ctx, Request{URL: srv.URL + tc.path, Expect: KindHTML, Allow: loopback})
		if err == nil {
			t.Errorf("%s: no error", tc.path)
			continue
		}
		if !strings.Contains(err.Error(), srv.URL) {
			t.Errorf("%s: error %q does not name the URL", tc.path, err)
		}
		if tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.path, err, tc.want)
		}
		var se *StatusError
		if tc.status != 0 && (!errors.As(err, &se) || se.Code != tc.status) {
			t.Errorf("%s: err = %v, want status %d", tc.path, err, tc.status)
		}
		if Transient(err) != tc.transient {
			t.Errorf("%s: Transient(%v) = %v, want %v", tc.path, err, !tc.transient, tc.transient)
		}
	}
	if n := loops.Load(); n != 5 {
		t.Errorf("redirect loop followed %d times, want 5", n)
	}
}

func TestConditionalGet(t *testing.T) {
	var full, notMod atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		if r.Header.Get("If-None-Match") == `"v1"` {
			notMod.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		full.Add(1)
		w.Header().Set("ETag", `"v1"`)
		fmt.Fprint(w, "<rss/>")
	}))
	defer srv.Close()
	f, store := newTestFetcher(t, Config{})
	ctx := context.Background()
	req := Request{URL: srv.URL + "/feed", Expect: KindFeed, Conditional: true, Allow: loopback}
	r1, err := f.Fetch(ctx, req)
	if err != nil || r1.NotModified || string(r1.Body) != "<rss/>" {
		t.Fatalf("first fetch: %+v %v", r1, err)
	}
	if _, ok, _ := store.Get(ctx, req.URL); ok {
		t.Fatal("validators stored before Remember")
	}
	if err := f.Remember(ctx, r1); err != nil {
		t.Fatal(err)
	}
	if v, ok, _ := store.Get(ctx, req.URL); !ok || v.ETag != `"v1"` {
		t.Fatalf("validators not stored: %+v", v)
	}
	r2, err := f.Fetch(ctx, req)
	if err != nil || !r2.NotModified || r2.Body != nil {
		t.Fatalf("second fetch: %+v %v", r2, err)
	}
	if full.Load() != 1 || notMod.Load() != 1 {
		t.Errorf("server saw %d full and %d conditional requests, want 1 and 1", full.Load(), notMod.Load())
	}
}

func TestRetryAfterBlocksHost(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		hits.Add(1)
		w.Header().Set("Retry-After", "120")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	f, _ := newTestFetcher(t, Config{})
	ctx := context.Background()
	_, err := f.Fetch(ctx, Request{URL: srv.URL + "/a", Allow: loopback})
	if !Transient(err) || RetryAfter(err) != 120*time.Second {
		t.Fatalf("429: err = %v, RetryAfter = %v", err, RetryAfter(err))
	}
	_, err = f.Fetch(ctx, Request{URL: srv.URL + "/b", Allow: loopback})
	if ra := RetryAfter(err); ra <= 0 || ra > 120*time.Second {
		t.Errorf("second request: RetryAfter = %v, want the time left", ra)
	}
	if hits.Load() != 1 {
		t.Errorf("server hit %d times during Retry-After, want 1", hits.Load())
	}
}

// TestHostRateHolds queues many requests at once and checks, from the server's side, that they
// could not have arrived faster than the rate allows: N requests at rate r with burst b take at
// least (N-b)/r. A lower bound only; a slow machine can never make it fail.
func TestHostRateHolds(t *testing.T) {
	var mu sync.Mutex
	var times []time.Time
	var inFlight, maxInFlight atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			m := maxInFlight.Load()
			if n <= m || maxInFlight.CompareAndSwap(m, n) {
				break
			}
		}
		mu.Lock()
		times = append(times, time.Now())
		mu.Unlock()
		time.Sleep(5 * time.Millisecond)
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	const n, r, burst, conc = 30, 50.0, 3, 2
	f, _ := newTestFetcher(t, Config{HostRate: r, HostBurst: burst, HostConcurrency: conc})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if _, err := f.Fetch(context.Background(), Request{URL: fmt.Sprintf("%s/p%d", srv.URL, i), Allow: loopback}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if len(times) != n {
		t.Fatalf("server saw %d requests, want %d", len(times), n)
	}
	// robots.txt took one token too, so n page requests used at most burst-1 free tokens.
	min := time.Duration(float64(n-burst) / r * float64(time.Second))
	if span := times[len(times)-1].Sub(times[0]); span < min {
		t.Errorf("%d requests arrived within %v, the rate allows no faster than %v", n, span, min)
	}
	if m := maxInFlight.Load(); m > conc {
		t.Errorf("%d requests in flight at once, limit %d", m, conc)
	}
}

func TestDecodeHTML(t *testing.T) {
	fa := "<html><body><p>وزیر ارتباطات به کرمان رفت</p></body></html>"
	vi := "<html><body><p>Bộ trưởng thăm tỉnh Gia Lai và ký thỏa thuận</p></body></html>"
	enc := func(s string, cm *charmap.Charmap) []byte {
		b, err := cm.NewEncoder().Bytes([]byte(strings.ReplaceAll(strings.ReplaceAll(s, "ی", "ي"), "ک", "ك")))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	fa1256 := enc(fa, charmap.Windows1256)
	faArabic := strings.ReplaceAll(strings.ReplaceAll(fa, "ی", "ي"), "ک", "ك")
	for _, tc := range []struct {
		name, ct string
		body     []byte
		lang     string
		want     string
		err      error
	}{
		{"utf8 undeclared", "", []byte(fa), "fa", fa, nil},
		{"1256 in header", "text/html; charset=windows-1256", fa1256, "fa", faArabic, nil},
		{"1256 in meta", "text/html", append([]byte(`<meta charset="windows-1256">`), fa1256...), "fa", `<meta charset="windows-1256">` + faArabic, nil},
		{"1256 undeclared", "text/html", fa1256, "fa", faArabic, nil},
		{"utf8 labelled 1256", "text/html; charset=windows-1256", []byte(fa), "fa", fa, nil},
		{"1256 labelled utf8", "text/html; charset=utf-8", fa1256, "fa", "", ErrCharset},
		{"utf8 vi", "text/html; charset=utf-8", []byte(vi), "vi", vi, nil},
	} {
		got, _, err := DecodeHTML(tc.body, tc.ct, FallbackFor(tc.lang))
		if !errors.Is(err, tc.err) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.err)
			continue
		}
		if string(got) != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		v    string
		want time.Duration
	}{
		{"", 0}, {"30", 30 * time.Second}, {"-5", 0}, {"soon", 0}, {"999999", time.Hour},
		{"Thu, 01 Jan 2026 12:01:00 GMT", time.Minute}, {"Thu, 01 Jan 2026 11:00:00 GMT", 0},
	} {
		if got := parseRetryAfter(tc.v, now, time.Hour); got != tc.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tc.v, got, tc.want)
		}
	}
}

func TestBackoff(t *testing.T) {
	b := Backoff{Base: time.Minute, Max: time.Hour}
	for _, tc := range []struct {
		n    int
		want time.Duration
	}{{0, 0}, {1, time.Minute}, {2, 2 * time.Minute}, {4, 8 * time.Minute}, {7, time.Hour}, {1000, time.Hour}} {
		if got := b.Delay(tc.n, 0.5); got != tc.want {
			t.Errorf("Delay(%d) = %v, want %v", tc.n, got, tc.want)
		}
	}
	j := Backoff{Base: time.Minute, Max: time.Hour, Jitter: 0.5}
	if lo, hi := j.Delay(1, 0), j.Delay(1, 0.999); lo != 30*time.Second || hi < 89*time.Second {
		t.Errorf("jitter band = [%v, %v], want [30s, 90s)", lo, hi)
	}
}
