// Package fetch is tinkhabar's polite HTTP client: one client for every fetch, with connect,
// header and total timeouts, a body size cap, a rate and concurrency limit per host, robots.txt
// obeyed and cached, conditional GET with validators kept in a ValidatorStore, Retry-After
// honoured, a configurable User-Agent, HTML decoded to UTF-8 NFC, and a dial-time guard that
// refuses private, loopback and link-local addresses unless a request allows them.
//
// Errors are wrapped with the URL; Transient tells a caller whether to retry later.
package fetch

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Config is the fetcher's configuration. Zero fields take the defaults of DefaultConfig.
type Config struct {
	UserAgent       string        `yaml:"user_agent"`
	ConnectTimeout  time.Duration `yaml:"connect_timeout"`
	HeaderTimeout   time.Duration `yaml:"header_timeout"`   // until the response headers arrive
	Timeout         time.Duration `yaml:"timeout"`          // the whole request, body included
	MaxBody         int64         `yaml:"max_body"`         // bytes
	HostRate        float64       `yaml:"host_rate"`        // requests per second per host
	HostBurst       int           `yaml:"host_burst"`       // requests allowed at once before the rate applies
	HostConcurrency int           `yaml:"host_concurrency"` // requests in flight per host
	RobotsTTL       time.Duration `yaml:"robots_ttl"`
	MaxRedirects    int           `yaml:"max_redirects"`
	MaxRetryAfter   time.Duration `yaml:"max_retry_after"` // longer Retry-After values are capped
}

// DefaultConfig is what zero Config fields become.
var DefaultConfig = Config{
	UserAgent:       "tinkhabar/0.1 (+https://github.com/tinkhabar/tinkhabar)",
	ConnectTimeout:  10 * time.Second,
	HeaderTimeout:   20 * time.Second,
	Timeout:         60 * time.Second,
	MaxBody:         10 << 20,
	HostRate:        1,
	HostBurst:       2,
	HostConcurrency: 2,
	RobotsTTL:       time.Hour,
	MaxRedirects:    10,
	MaxRetryAfter:   6 * time.Hour,
}

// WithDefaults returns c with every zero field set from DefaultConfig.
func (c Config) WithDefaults() Config {
	d := DefaultConfig
	c.UserAgent = cmp.Or(c.UserAgent, d.UserAgent)
	c.ConnectTimeout = cmp.Or(c.ConnectTimeout, d.ConnectTimeout)
	c.HeaderTimeout = cmp.Or(c.HeaderTimeout, d.HeaderTimeout)
	c.Timeout = cmp.Or(c.Timeout, d.Timeout)
	c.MaxBody = cmp.Or(c.MaxBody, d.MaxBody)
	c.HostRate = cmp.Or(c.HostRate, d.HostRate)
	c.HostBurst = cmp.Or(c.HostBurst, d.HostBurst)
	c.HostConcurrency = cmp.Or(c.HostConcurrency, d.HostConcurrency)
	c.RobotsTTL = cmp.Or(c.RobotsTTL, d.RobotsTTL)
	c.MaxRedirects = cmp.Or(c.MaxRedirects, d.MaxRedirects)
	c.MaxRetryAfter = cmp.Or(c.MaxRetryAfter, d.MaxRetryAfter)
	return c
}

// Validate reports a configuration that cannot work.
func (c Config) Validate() error {
	switch {
	case c.ConnectTimeout < 0, c.HeaderTimeout < 0, c.Timeout < 0, c.RobotsTTL < 0, c.MaxRetryAfter < 0:
		return errors.New("fetch config: negative duration")
	case c.MaxBody < 0:
		return errors.New("fetch config: negative max_body")
	case c.HostRate < 0 || c.HostBurst < 0 || c.HostConcurrency < 0 || c.MaxRedirects < 0:
		return errors.New("fetch config: negative host limit")
	case strings.ContainsAny(c.UserAgent, "\r\n"):
		return errors.New("fetch config: user_agent has a line break")
	}
	return nil
}

// Kind is what a request expects to get back.
type Kind int

const (
	// KindAny accepts any body and returns it as is.
	KindAny Kind = iota
	// KindHTML expects an HTML page and decodes it to UTF-8 NFC; a PDF, image or other
	// binary body is ErrUnexpectedType.
	KindHTML
	// KindFeed expects RSS, Atom or JSON Feed; the body is returned undecoded (the feed
	// parser reads the XML declaration's encoding); binary bodies are ErrUnexpectedType.
	KindFeed
)

// Request is one fetch.
type Request struct {
	URL    string
	Expect Kind
	// Lang is the source's language, used to pick a charset for an undeclared legacy page.
	Lang string
	// Conditional sends the URL's stored validators (If-None-Match, If-Modified-Since). The
	// new validators of a 200 are stored only when the caller calls Remember, after it has
	// done what the body asked (so a crash in between means a full fetch again, not a loss).
	Conditional bool
	// Allow lists internal ranges this request may reach (tests: 127.0.0.1/32). Everything
	// else internal is refused at dial time. Connections made under an allowance are not reused.
	Allow []netip.Prefix
	// IgnoreRobots skips robots.txt (for `scrape URL` run by hand, never in the pipeline).
	IgnoreRobots bool
}

// Response is a fetched body. NotModified is true for a 304 and then Body is nil.
type Response struct {
	URL         string // the final URL, after redirects
	Status      int
	NotModified bool
	ContentType string
	Charset     string // for KindHTML: the charset the body was decoded from
	Body        []byte
	Fetched     time.Time

	etag, lastModified string
	requested          string     // the URL as requested, the validators' key
	sent               Validators // the validators the request carried
}

// Fetcher performs polite fetches. It is safe for concurrent use; it holds no goroutines, so
// there is nothing to close.
type Fetcher struct {
	cfg        Config
	client     *http.Client
	validators ValidatorStore
	log        *slog.Logger
	robots     robotsCache

	mu    sync.Mutex
	hosts map[string]*hostState
}

type hostState struct {
	lim       *rate.Limiter
	sem       chan struct{}
	mu        sync.Mutex
	notBefore time.Time
	blockCode int
}

// New builds a Fetcher. validators may be nil (no conditional GET); logger may be nil.
func New(cfg Config, validators ValidatorStore, logger *slog.Logger) (*Fetcher, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.WithDefaults()
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	dialer := guardedDialer(&net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second})
	tr := &http.Transport{
		Proxy:                 nil, // a proxy would be dialled instead of the real address
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   cfg.ConnectTimeout,
		ResponseHeaderTimeout: cfg.HeaderTimeout,
		MaxIdleConnsPerHost:   cfg.HostConcurrency,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	f := &Fetcher{cfg: cfg, validators: validators, log: logger, hosts: make(map[string]*hostState)}
	f.client = &http.Client{
		Transport: tr,
		Timeout:   cfg.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= cfg.MaxRedirects {
				return fmt.Errorf("%w (%d, last %s)", ErrTooManyRedirects, len(via), req.URL.Redacted())
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to %s: %w", req.URL.Redacted(), ErrScheme)
			}
			return nil
		},
	}
	return f, nil
}

// Config returns the effective configuration (defaults filled in).
func (f *Fetcher) Config() Config { return f.cfg }

func (f *Fetcher) host(h string) *hostState {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.hosts[h]
	if s == nil {
		s = &hostState{
			lim: rate.NewLimiter(rate.Limit(f.cfg.HostRate), f.cfg.HostBurst),
			sem: make(chan struct{}, f.cfg.HostConcurrency),
		}
		f.hosts[h] = s
	}
	return s
}

// acquire takes one of the host's concurrency slots and one token of its rate, blocking until
// both are free or ctx is done. A host that asked us to wait (Retry-After) gives an error at
// once, carrying the time left, instead of blocking a worker.
func (f *Fetcher) acquire(ctx context.Context, host string) (release func(), err error) {
	h := f.host(host)
	h.mu.Lock()
	wait, code := time.Until(h.notBefore), h.blockCode
	h.mu.Unlock()
	if wait > 0 {
		return nil, fmt.Errorf("host %s asked to wait: %w", host, &StatusError{Code: code, RetryAfter: wait})
	}
	select {
	case h.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if err := h.lim.Wait(ctx); err != nil {
		<-h.sem
		return nil, err
	}
	return func() { <-h.sem }, nil
}

func (f *Fetcher) block(host string, code int, d time.Duration) {
	h := f.host(host)
	h.mu.Lock()
	defer h.mu.Unlock()
	if until := time.Now().Add(d); until.After(h.notBefore) {
		h.notBefore, h.blockCode = until, code
	}
}

// Fetch performs one polite GET. It blocks while the host's rate or concurrency limit is
// reached, and returns when the body is read, the request fails, or ctx is done. Every error
// is wrapped with the URL; see Transient and RetryAfter.
func (f *Fetcher) Fetch(ctx context.Context, req Request) (*Response, error) {
	resp, err := f.fetch(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("fetching %s: %w", req.URL, err)
	}
	return resp, nil
}

func (f *Fetcher) fetch(ctx context.Context, req Request) (*Response, error) {
	u, err := url.Parse(req.URL)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, ErrScheme
	}
	if u.Host == "" {
		return nil, errors.New("url has no host")
	}
	ctx = withAllow(ctx, req.Allow)
	if !req.IgnoreRobots {
		ok, err := f.robots.allowed(ctx, u, f.cfg.UserAgent, f.cfg.RobotsTTL, func(ctx context.Context, robotsURL string) (int, []byte, error) {
			r, err := f.do(ctx, Request{URL: robotsURL, Allow: req.Allow}, nil)
			if err != nil {
				var se *StatusError
				if errors.As(err, &se) {
					return se.Code, nil, nil
				}
				return 0, nil, err
			}
			return r.Status, r.Body, nil
		})
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, ErrDisallowed
		}
	}
	var old Validators
	if req.Conditional && f.validators != nil {
		if v, ok, err := f.validators.Get(ctx, req.URL); err != nil {
			f.log.Warn("reading validators", "url", req.URL, "error", err)
		} else if ok {
			old = v
		}
	}
	resp, err := f.do(ctx, req, &old)
	if err != nil {
		return nil, err
	}
	resp.requested, resp.sent = req.URL, old
	if req.Expect == KindHTML && !resp.NotModified {
		body, cs, err := DecodeHTML(resp.Body, resp.ContentType, FallbackFor(req.Lang))
		if err != nil {
			return nil, err
		}
		resp.Body, resp.Charset = body, cs
	}
	return resp, nil
}

// Remember stores the validators of a 200 response of a Conditional request, so that the next
// fetch of the URL can be answered 304. It does nothing for other responses or when the
// validators did not change.
func (f *Fetcher) Remember(ctx context.Context, resp *Response) error {
	if f.validators == nil || resp == nil || resp.NotModified || resp.requested == "" {
		return nil
	}
	v := resp.validators()
	if v.Empty() || v == resp.sent {
		return nil
	}
	if err := f.validators.Put(ctx, resp.requested, v); err != nil {
		return fmt.Errorf("storing validators of %s: %w", resp.requested, err)
	}
	return nil
}

// do sends the request inside the host's limits and reads the capped body.
func (f *Fetcher) do(ctx context.Context, req Request, cond *Validators) (*Response, error) {
	u, err := url.Parse(req.URL)
	if err != nil {
		return nil, err
	}
	release, err := f.acquire(ctx, u.Host)
	if err != nil {
		return nil, err
	}
	defer release()

	hr, err := http.NewRequestWithContext(ctx, http.MethodGet, req.URL, nil)
	if err != nil {
		return nil, err
	}
	hr.Header.Set("User-Agent", f.cfg.UserAgent)
	switch req.Expect {
	case KindHTML:
		hr.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1")
	case KindFeed:
		hr.Header.Set("Accept", "application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1")
	}
	if cond != nil {
		if cond.ETag != "" {
			hr.Header.Set("If-None-Match", cond.ETag)
		}
		if cond.LastModified != "" {
			hr.Header.Set("If-Modified-Since", cond.LastModified)
		}
	}
	if len(req.Allow) > 0 {
		hr.Close = true // never pool a connection made under an allowance
	}
	res, err := f.client.Do(hr)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()

	out := &Response{URL: res.Request.URL.String(), Status: res.StatusCode, ContentType: res.Header.Get("Content-Type"), Fetched: time.Now().UTC()}
	out.etag, out.lastModified = res.Header.Get("ETag"), res.Header.Get("Last-Modified")
	switch {
	case res.StatusCode == http.StatusNotModified:
		out.NotModified = true
		return out, nil
	case res.StatusCode == http.StatusTooManyRequests || res.StatusCode == http.StatusServiceUnavailable:
		ra := parseRetryAfter(res.Header.Get("Retry-After"), time.Now(), f.cfg.MaxRetryAfter)
		if ra > 0 {
			f.block(u.Host, res.StatusCode, ra)
		}
		return nil, &StatusError{Code: res.StatusCode, RetryAfter: ra}
	case res.StatusCode != http.StatusOK:
		return nil, &StatusError{Code: res.StatusCode}
	}
	if res.ContentLength > f.cfg.MaxBody {
		return nil, fmt.Errorf("%w: content-length %d > %d", ErrTooLarge, res.ContentLength, f.cfg.MaxBody)
	}
	body, err := io.ReadAll(io.LimitReader(res.Body, f.cfg.MaxBody+1))
	if err != nil {
		return nil, fmt.Errorf("reading body: %w", err)
	}
	if int64(len(body)) > f.cfg.MaxBody {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, f.cfg.MaxBody)
	}
	out.Body = body
	if err := checkType(req.Expect, out.ContentType, body); err != nil {
		return nil, err
	}
	return out, nil
}

func (r *Response) validators() Validators {
	return Validators{ETag: r.etag, LastModified: r.lastModified}
}

// checkType refuses bodies that cannot be what the request expects. The body is sniffed too,
// because servers mislabel: a PDF is a PDF whatever its Content-Type says.
func checkType(expect Kind, contentType string, body []byte) error {
	if expect == KindAny {
		return nil
	}
	sniffed := http.DetectContentType(body)
	mt, _, _ := mime.ParseMediaType(contentType)
	for _, t := range []string{sniffed, mt} {
		switch {
		case t == "application/pdf", strings.HasPrefix(t, "image/"), strings.HasPrefix(t, "video/"),
			strings.HasPrefix(t, "audio/"), t == "application/zip", t == "application/x-gzip",
			t == "application/octet-stream" && t == sniffed && !looksText(body):
			return fmt.Errorf("%w: %s (sniffed %s)", ErrUnexpectedType, orNone(mt), sniffed)
		}
	}
	return nil
}

func looksText(b []byte) bool {
	if len(b) > 512 {
		b = b[:512]
	}
	for _, c := range b {
		if c == 0 {
			return false
		}
	}
	return true
}

func orNone(s string) string {
	if s == "" {
		return "no content-type"
	}
	return s
}
