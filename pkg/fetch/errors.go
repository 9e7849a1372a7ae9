package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"
)

// Permanent failures: fetching the same URL again will fail the same way.
var (
	// ErrBlockedAddress: the host resolved to a private, loopback, link-local or otherwise
	// internal address that the request did not allow.
	ErrBlockedAddress = errors.New("address not allowed")
	// ErrDisallowed: robots.txt disallows the URL for our User-Agent.
	ErrDisallowed = errors.New("disallowed by robots.txt")
	// ErrTooLarge: the body is over the size cap.
	ErrTooLarge = errors.New("body over the size cap")
	// ErrTooManyRedirects: the redirect chain is too long or loops.
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrUnexpectedType: the body is not what the request expected (a PDF where HTML was).
	ErrUnexpectedType = errors.New("unexpected content type")
	// ErrCharset: the body does not decode in its declared or detected charset.
	ErrCharset = errors.New("charset does not decode")
	// ErrScheme: the URL is not http or https.
	ErrScheme = errors.New("scheme not http or https")
)

// StatusError is an HTTP status other than 200 and 304. RetryAfter is the server's
// Retry-After (zero when absent).
type StatusError struct {
	Code       int
	RetryAfter time.Duration
}

func (e *StatusError) Error() string {
	s := fmt.Sprintf("http status %d %s", e.Code, http.StatusText(e.Code))
	if e.RetryAfter > 0 {
		s += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	return s
}

// Temporary reports whether the status says "try again later": 408, 425, 429 and 5xx.
func (e *StatusError) Temporary() bool {
	return e.Code == http.StatusRequestTimeout || e.Code == http.StatusTooEarly ||
		e.Code == http.StatusTooManyRequests || e.Code >= 500
}

// Transient reports whether err is worth retrying later: a temporary status, a timeout, a
// network failure, or a cancelled context. Everything else (robots, blocked address, size cap,
// redirect loop, content type, charset, 404, 410) is permanent.
func Transient(err error) bool {
	if err == nil {
		return false
	}
	var se *StatusError
	if errors.As(err, &se) {
		return se.Temporary()
	}
	for _, perm := range []error{ErrBlockedAddress, ErrDisallowed, ErrTooLarge, ErrTooManyRedirects, ErrUnexpectedType, ErrCharset, ErrScheme} {
		if errors.Is(err, perm) {
			return false
		}
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	var oe *net.OpError
	if errors.As(err, &oe) {
		return true
	}
	// Unknown errors while talking to a server (reset, EOF) are treated as transient.
	return true
}

// RetryAfter returns the Retry-After a server sent with err, or 0.
func RetryAfter(err error) time.Duration {
	var se *StatusError
	if errors.As(err, &se) {
		return se.RetryAfter
	}
	return 0
}

// parseRetryAfter reads a Retry-After value: delay seconds or an HTTP date. Garbage, negative
// and past values give 0; values are capped at max.
func parseRetryAfter(v string, now time.Time, max time.Duration) time.Duration {
	if v == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.Atoi(v); err == nil {
		d = time.Duration(secs) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	if d < 0 {
		return 0
	}
	if d > max {
		return max
	}
	return d
}
