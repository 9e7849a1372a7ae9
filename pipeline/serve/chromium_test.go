package serve_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/net/websocket"
)

// chromiumPath is Debian's chromium (apt-get install -y chromium); TINKHABAR_CHROMIUM
// overrides it.
func chromiumPath() string {
	if p := os.Getenv("TINKHABAR_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// browser is a headless Chromium started by a test and driven over the DevTools protocol.
type browser struct {
	cmd  *exec.Cmd
	port string
}

// startChromium starts headless Chromium with a fresh profile, its DevTools endpoint on a
// random loopback port, and no network of its own (no background requests, no updates). It
// is stopped when the test ends.
func startChromium(t *testing.T, path string) *browser {
	t.Helper()
	profile := t.TempDir()
	cmd := exec.Command(path,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--disable-extensions", "--hide-scrollbars", "--mute-audio",
		"--user-data-dir="+profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
		"--remote-allow-origins=http://127.0.0.1", "--window-size=1280,900", "about:blank")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // its helpers share its process group
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // the group of the browser this test started
		_ = cmd.Wait()
	})
	// Chromium writes the port it chose to DevToolsActivePort in the profile.
	deadline := time.Now().Add(30 * time.Second)
	for {
		data, err := os.ReadFile(filepath.Join(profile, "DevToolsActivePort"))
		if err == nil {
			if port, _, ok := strings.Cut(string(data), "\n"); ok && port != "" {
				return &browser{cmd: cmd, port: port}
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("chromium did not open its DevTools port within 30 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// tab is one page of the browser, driven over a DevTools websocket.
type tab struct {
	t       *testing.T
	ws      *websocket.Conn
	mu      sync.Mutex
	next    int
	waiting map[int]chan cdpReply
}

type cdpReply struct {
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Message string `json:"message"`
	} `json:"error"`
}

// page opens the browser's first page target.
func (b *browser) page(t *testing.T) *tab {
	t.Helper()
	resp, err := http.Get("http://127.0.0.1:" + b.port + "/json/list")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var targets []struct {
		Type string `json:"type"`
		WS   string `json:"webSocketDebuggerUrl"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&targets); err != nil {
		t.Fatal(err)
	}
	var wsURL string
	for _, tg := range targets {
		if tg.Type == "page" {
			wsURL = tg.WS
			break
		}
	}
	if wsURL == "" {
		t.Fatal("chromium has no page target")
	}
	ws, err := websocket.Dial(wsURL, "", "http://127.0.0.1")
	if err != nil {
		t.Fatalf("connecting to the page: %v", err)
	}
	ws.MaxPayloadBytes = 64 << 20
	tb := &tab{t: t, ws: ws, waiting: map[int]chan cdpReply{}}
	go tb.read()
	t.Cleanup(func() { ws.Close() })
	return tb
}

func (tb *tab) read() {
	for {
		var msg struct {
			ID int `json:"id"`
			cdpReply
		}
		if err := websocket.JSON.Receive(tb.ws, &msg); err != nil {
			tb.mu.Lock()
			for _, ch := range tb.waiting {
				close(ch)
			}
			tb.waiting = nil
			tb.mu.Unlock()
			return
		}
		if msg.ID == 0 {
			continue // an event: not used
		}
		tb.mu.Lock()
		ch := tb.waiting[msg.ID]
		delete(tb.waiting, msg.ID)
		tb.mu.Unlock()
		if ch != nil {
			ch <- msg.cdpReply
		}
	}
}

// call sends one DevTools command and decodes its result into out (when not nil).
func (tb *tab) call(method string, params any, out any) {
	tb.t.Helper()
	tb.mu.Lock()
	if tb.waiting == nil {
		tb.mu.Unlock()
		tb.t.Fatalf("%s: the DevTools connection is closed", method)
	}
	tb.next++
	id := tb.next
	ch := make(chan cdpReply, 1)
	tb.waiting[id] = ch
	tb.mu.Unlock()
	if err := websocket.JSON.Send(tb.ws, map[string]any{"id": id, "method": method, "params": params}); err != nil {
		tb.t.Fatalf("%s: %v", method, err)
	}
	select {
	case r, ok := <-ch:
		if !ok {
			tb.t.Fatalf("%s: the DevTools connection closed", method)
		}
		if r.Error != nil {
			tb.t.Fatalf("%s: %s", method, r.Error.Message)
		}
		if out != nil {
			if err := json.Unmarshal(r.Result, out); err != nil {
				tb.t.Fatalf("%s: %v", method, err)
			}
		}
	case <-time.After(30 * time.Second):
		tb.t.Fatalf("%s: no answer within 30 s", method)
	}
}

// eval evaluates a JavaScript expression in the page (awaiting a promise) and decodes its
// value into out.
func (tb *tab) eval(expr string, out any) {
	tb.t.Helper()
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		Exception *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	tb.call("Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true}, &r)
	if r.Exception != nil {
		tb.t.Fatalf("evaluating %q: %s %s", expr, r.Exception.Text, r.Exception.Exception.Description)
	}
	if out != nil && len(r.Result.Value) > 0 {
		if err := json.Unmarshal(r.Result.Value, out); err != nil {
			tb.t.Fatalf("evaluating %q: %v (%s)", expr, err, r.Result.Value)
		}
	}
}

// waitFor evaluates a boolean expression until it holds, for at most 20 s.
func (tb *tab) waitFor(what, expr string) {
	tb.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var ok bool
		tb.eval("Boolean("+expr+")", &ok)
		if ok {
			return
		}
		if time.Now().After(deadline) {
			var html string
			tb.eval(`document.body ? document.body.innerText.slice(0, 2000) : ''`, &html)
			tb.t.Fatalf("waiting for %s: %s never held; the page shows:\n%s", what, expr, html)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (tb *tab) navigate(url string) {
	tb.t.Helper()
	tb.call("Page.navigate", map[string]any{"url": url}, nil)
	tb.waitFor("the page to load", `document.documentElement && document.documentElement.getAttribute('data-loaded') === 'true' && location.href === `+jsString(url))
}

// viewport sets the window size; mobile also turns on touch and the mobile meta viewport.
func (tb *tab) viewport(width, height int, scale float64, mobile bool) {
	tb.t.Helper()
	tb.call("Emulation.setDeviceMetricsOverride", map[string]any{
		"width": width, "height": height, "deviceScaleFactor": scale, "mobile": mobile}, nil)
}

// screenshot saves a PNG of the page (at most maxHeight CSS pixels tall) to path.
func (tb *tab) screenshot(path string, maxHeight int) {
	tb.t.Helper()
	var m struct {
		Content struct {
			Width  float64 `json:"width"`
			Height float64 `json:"height"`
		} `json:"cssContentSize"`
	}
	tb.call("Page.getLayoutMetrics", map[string]any{}, &m)
	h := min(m.Content.Height, float64(maxHeight))
	var shot struct {
		Data string `json:"data"`
	}
	tb.call("Page.captureScreenshot", map[string]any{
		"format": "png", "captureBeyondViewport": true,
		"clip": map[string]any{"x": 0, "y": 0, "width": m.Content.Width, "height": h, "scale": 1},
	}, &shot)
	png, err := base64.StdEncoding.DecodeString(shot.Data)
	if err != nil {
		tb.t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.t.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		tb.t.Fatal(err)
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
