// Package vi is the Vietnamese language pack: it normalises Vietnamese news text (NFC, one
// tone-mark placement, spaces and dashes) while keeping a byte-exact map back to the original,
// and finds sentences, numbers (digits and words), money amounts and dates in it.
//
// Everything here works on the normalised text (text.Text.Norm, or its lower-cased twin
// text.Text.Fold, which has the same offsets). The pack holds no mutable state: its word tables
// are package-level constants, and the one thing a *Pack keeps, the tokens of the last text it
// scanned, is immutable and swapped atomically, so a *Pack is safe for concurrent use.
package vi

import (
	"sync"
	"sync/atomic"
	"time"
	_ "time/tzdata" // Asia/Ho_Chi_Minh must load on machines without a zoneinfo database.

	"github.com/tinkhabar/tinkhabar/pkg/text"
)

// Pack is the Vietnamese language pack. The zero value is not usable; call New.
type Pack struct {
	zone *time.Location
	last atomic.Pointer[cachedScan] // the tokens of the last Text scanned
}

var _ text.Pack = (*Pack)(nil)

// zoneName is the IANA zone Vietnamese news is written in.
const zoneName = "Asia/Ho_Chi_Minh"

var loadZone = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation(zoneName)
	if err != nil {
		// time/tzdata is linked in, so this only happens if the embedded database lacks the
		// zone; Vietnam has kept UTC+7 without daylight saving since 1975.
		return time.FixedZone("ICT", 7*60*60)
	}
	return loc
})

// New returns the Vietnamese pack. It is cheap to call; the returned pack is safe for
// concurrent use.
func New() *Pack {
	return &Pack{zone: loadZone()}
}

// Lang returns "vi".
func (p *Pack) Lang() string { return "vi" }

// Zone returns Asia/Ho_Chi_Minh (UTC+7).
func (p *Pack) Zone() *time.Location { return p.zone }
