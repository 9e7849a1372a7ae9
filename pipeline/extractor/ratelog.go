package extractor

import (
	"log/slog"
	"sync"
	"time"
)

// rateLog logs at most one warning per interval and counts the ones it held back, so that a
// lost connection, which fails every article in flight at once, gives one line and not
// thousands.
type rateLog struct {
	log      *slog.Logger
	interval time.Duration

	mu         sync.Mutex
	last       time.Time
	suppressed int
}

func (r *rateLog) Warn(msg string, args ...any) {
	r.mu.Lock()
	now := time.Now()
	if !r.last.IsZero() && now.Sub(r.last) < r.interval {
		r.suppressed++
		r.mu.Unlock()
		return
	}
	n := r.suppressed
	r.last, r.suppressed = now, 0
	r.mu.Unlock()
	if n > 0 {
		args = append(args, "similar_suppressed", n)
	}
	r.log.Warn(msg, args...)
}
