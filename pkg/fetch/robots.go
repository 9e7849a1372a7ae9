package fetch

import (
	"context"
	"fmt"
	"net/url"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// robotsCache holds one robots.txt per origin (scheme://host:port) for a TTL.
type robotsCache struct {
	mu sync.Mutex
	m  map[string]*robotsEntry
}

type robotsEntry struct {
	mu      sync.Mutex // held while fetching, so one origin is fetched once
	data    *robotstxt.RobotsData
	expires time.Time
}

// allowed reports whether agent may fetch u, fetching and caching the origin's robots.txt with
// get. A robots.txt that cannot be fetched (network error) is an error, retried next time;
// 4xx means everything is allowed and 5xx that nothing is, as the robots.txt convention says.
func (c *robotsCache) allowed(ctx context.Context, u *url.URL, agent string, ttl time.Duration,
	get func(ctx context.Context, robotsURL string) (status int, body []byte, err error)) (bool, error) {
	origin := u.Scheme + "://" + u.Host
	c.mu.Lock()
	if c.m == nil {
		c.m = make(map[string]*robotsEntry)
	}
	e := c.m[origin]
	if e == nil {
		e = &robotsEntry{}
		c.m[origin] = e
	}
	c.mu.Unlock()

	e.mu.Lock()
	defer e.mu.Unlock()
	if e.data == nil || time.Now().After(e.expires) {
		status, body, err := get(ctx, origin+"/robots.txt")
		if err != nil {
			return false, fmt.Errorf("fetching robots.txt of %s: %w", origin, err)
		}
		data, err := robotstxt.FromStatusAndBytes(status, body)
		if err != nil {
			// An unparseable robots.txt says nothing we can obey: allow, as for a 404.
			data, _ = robotstxt.FromStatusAndBytes(404, nil)
		}
		e.data, e.expires = data, time.Now().Add(ttl)
	}
	return robotsAllow(e.data, u, agent), nil
}

// robotsAllow tests both the percent-encoded and the decoded path (robotstxt compares bytes,
// and a site may write its rules either way); the URL is allowed only if both are.
func robotsAllow(data *robotstxt.RobotsData, u *url.URL, agent string) bool {
	paths := []string{u.EscapedPath(), u.Path}
	for _, p := range paths {
		if p == "" {
			p = "/"
		}
		if u.RawQuery != "" {
			p += "?" + u.RawQuery
		}
		if !data.TestAgent(p, agent) {
			return false
		}
	}
	return true
}
