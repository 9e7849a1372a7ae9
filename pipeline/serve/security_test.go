package serve_test

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/tinkhabar/tinkhabar/pipeline/serve"
)

func TestConfigValidate(t *testing.T) {
	token := strings.Repeat("t", serve.MinTokenLen)
	tests := []struct {
		addr, token string
		wantErr     error // nil: valid; errAny: any error
	}{
		{"127.0.0.1:8080", "", nil},
		{"localhost:8080", "", nil},
		{"[::1]:8080", "", nil},
		{"127.0.0.2:0", "", nil},
		{"0.0.0.0:8080", "", serve.ErrTokenRequired},
		{":8080", "", serve.ErrTokenRequired},
		{"[::]:8080", "", serve.ErrTokenRequired},
		{"192.168.1.10:8080", "", serve.ErrTokenRequired},
		{"example.org:8080", "", serve.ErrTokenRequired},
		{"0.0.0.0:8080", token, nil},
		{"0.0.0.0:8080", "short", errAny},
		{"127.0.0.1", "", errAny},
		{"127.0.0.1:", "", errAny},
	}
	for _, tt := range tests {
		t.Run(tt.addr+"/"+tt.token, func(t *testing.T) {
			cfg := serve.DefaultConfig()
			cfg.Addr, cfg.Token = tt.addr, tt.token
			err := cfg.Validate()
			switch {
			case tt.wantErr == nil && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tt.wantErr == errAny && err == nil:
				t.Error("no error")
			case tt.wantErr != nil && tt.wantErr != errAny && !errors.Is(err, tt.wantErr):
				t.Errorf("error %v, want %v", err, tt.wantErr)
			}
			if err != nil && tt.token != "" && strings.Contains(err.Error(), tt.token) {
				t.Errorf("the error shows the token: %v", err)
			}
		})
	}
	cfg := serve.DefaultConfig()
	cfg.Token = token
	if strings.Contains(cfg.Redacted().Token, token) {
		t.Error("Redacted keeps the token")
	}
}

var errAny = errors.New("any error")

func TestBearerToken(t *testing.T) {
	token := "s3cret-token-0123456789"
	cfg := serve.DefaultConfig()
	cfg.Token = token
	b := newBus(t)
	var logs syncBuffer
	r := startServerWith(t, b, cfg, func(d *serve.Deps) {
		d.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	for _, tt := range []struct {
		path, auth string
		code       int
	}{
		{"/api/events", "", http.StatusUnauthorized},
		{"/api/events", "Bearer wrong-token-0123456789", http.StatusUnauthorized},
		{"/api/events", token, http.StatusUnauthorized}, // without the scheme
		{"/api/events", "Bearer " + token, http.StatusOK},
		{"/api/stats", "", http.StatusUnauthorized},
		{"/api/sources", "", http.StatusUnauthorized},
		{"/api/events/e_0000000000000000", "", http.StatusUnauthorized},
		{"/api/stream", "", http.StatusUnauthorized},
		{"/metrics", "", http.StatusUnauthorized},
		{"/metrics", "Bearer " + token, http.StatusOK},
		{"/healthz", "", http.StatusOK},
		{"/readyz", "", http.StatusOK},
		{"/", "", http.StatusOK},
		{"/app.js", "", http.StatusOK},
	} {
		req, _ := http.NewRequest(http.MethodGet, r.base+tt.path, nil)
		if tt.auth != "" {
			req.Header.Set("Authorization", tt.auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.code {
			t.Errorf("%s with %q: status %d, want %d", tt.path, tt.auth, resp.StatusCode, tt.code)
		}
		if resp.StatusCode == http.StatusUnauthorized && resp.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("%s: 401 without WWW-Authenticate", tt.path)
		}
		if strings.Contains(string(body), token) {
			t.Errorf("%s: the response shows the token", tt.path)
		}
	}
	r.stop()
	if out := logs.String(); strings.Contains(out, token) || !strings.Contains(out, "http request") {
		t.Errorf("the debug log shows the token, or logged no request:\n%s", out)
	}
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestSecurityHeaders(t *testing.T) {
	r, _, _ := withFixtures(t, serve.DefaultConfig())
	resp, err := http.Get(r.base + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self'", "default-src 'none'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("Content-Security-Policy allows inline code: %q", csp)
	}
	for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"} {
		if got := resp.Header.Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}
	for _, p := range []string{"/nope", "/api/nope", "/web/app.js"} {
		if code := getJSON(t, r.base+p, nil); code != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", p, code)
		}
	}
}

// TestPageBuildsNoHTMLFromData checks the page's script for the ways text becomes markup:
// it builds every element with createElement and text nodes, so none may appear.
func TestPageBuildsNoHTMLFromData(t *testing.T) {
	src, err := os.ReadFile("web/app.js")
	if err != nil {
		t.Fatal(err)
	}
	sinks := regexp.MustCompile(`\.(innerHTML|outerHTML|insertAdjacentHTML)\b|document\.write|\beval\(|new Function\(|createContextualFragment|DOMParser`)
	for i, line := range strings.Split(string(src), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "//") {
			continue
		}
		if m := sinks.FindString(line); m != "" {
			t.Errorf("web/app.js:%d uses %s", i+1, m)
		}
	}
	html, err := os.ReadFile("web/index.html")
	if err != nil {
		t.Fatal(err)
	}
	if regexp.MustCompile(`<script>|\son[a-z]+=|style=`).Match(html) {
		t.Error("web/index.html has inline script, event handler or style (the Content-Security-Policy forbids them)")
	}
}
