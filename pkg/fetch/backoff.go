package fetch

import (
	"math/rand/v2"
	"time"
)

// Backoff is an exponential backoff policy for a source that keeps failing: after n
// consecutive failures the next attempt waits Base·2^(n-1), at most Max, spread by ±Jitter
// (a fraction). A source is never given up: the wait stops growing at Max and one success
// resets the count.
type Backoff struct {
	Base   time.Duration
	Max    time.Duration
	Jitter float64
}

// DefaultBackoff starts at one minute and stops growing at six hours.
var DefaultBackoff = Backoff{Base: time.Minute, Max: 6 * time.Hour, Jitter: 0.2}

// Delay is the wait before the next attempt after failures consecutive failures (0 for none).
// rnd in [0,1) places the delay inside the jitter band; pass rand.Float64() in production.
func (b Backoff) Delay(failures int, rnd float64) time.Duration {
	if failures <= 0 {
		return 0
	}
	d := b.Base
	for i := 1; i < failures && d < b.Max; i++ {
		d *= 2
	}
	if d > b.Max {
		d = b.Max
	}
	if b.Jitter > 0 {
		d = time.Duration(float64(d) * (1 - b.Jitter + 2*b.Jitter*rnd))
	}
	return d
}

// Jitter returns a random duration in [0, d), for spreading periodic work.
func Jitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(d)))
}
