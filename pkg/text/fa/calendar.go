package fa

import (
	"time"

	ptime "github.com/yaa110/go-persian-calendar"
)

// FromSolar converts the Solar Hijri date y/m/d to the Gregorian date (midnight UTC). ok is
// false when the date does not exist (month outside 1–12, day 0, 31 Mehr, 30 Esfand of a
// common year). The conversion is ptime's.
func FromSolar(y, m, d int) (t time.Time, ok bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 || y < 1 || y > 9999 {
		return time.Time{}, false
	}
	pt := ptime.Date(y, ptime.Month(m), d, 12, 0, 0, 0, time.UTC)
	if pt.Year() != y || int(pt.Month()) != m || pt.Day() != d {
		return time.Time{}, false // ptime rolled an invalid day over into the next month
	}
	g := pt.Time()
	return time.Date(g.Year(), g.Month(), g.Day(), 0, 0, 0, 0, time.UTC), true
}

// ToSolar converts the civil date of t (in t's own location) to the Solar Hijri calendar.
func ToSolar(t time.Time) (y, m, d int) {
	pt := ptime.New(time.Date(t.Year(), t.Month(), t.Day(), 12, 0, 0, 0, time.UTC))
	return pt.Year(), int(pt.Month()), pt.Day()
}

// GregorianYear is the Gregorian year in which Solar year y begins (its 1 Farvardin): 1404 →
// 2025. This is how the corpus maps a Solar year (a period «۱۴۰۴ تا ۱۴۰۸» is 2025–2029).
func GregorianYear(y int) int {
	t, ok := FromSolar(y, 1, 1)
	if !ok {
		return y + 621
	}
	return t.Year()
}

// civil is the date of t in its location, as midnight UTC (so day arithmetic ignores zones).
func civil(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// days is the number of days from a to b (both civil dates, so whole days apart). It does not
// go through time.Duration, which spans only 292 years.
func days(a, b time.Time) int {
	return int((b.Unix() - a.Unix()) / 86400)
}
