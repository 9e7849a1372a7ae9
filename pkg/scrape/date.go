package scrape

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	dps "github.com/markusmobius/go-dateparser"
	ptime "github.com/yaa110/go-persian-calendar"
)

// ErrNoDate: a date string could not be read.
var ErrNoDate = errors.New("no date")

// machineLayouts are the machine-readable timestamp forms seen in meta tags and JSON-LD.
var machineLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
}

// ParseMachineDate reads an ISO 8601 / RFC 3339 timestamp. A timestamp without an offset
// (VietNamNet's JSON-LD) is read in zone. The result is in UTC.
func ParseMachineDate(s string, zone *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if zone == nil {
		zone = time.UTC
	}
	for _, l := range machineLayouts {
		if t, err := time.ParseInLocation(l, s, zone); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%w: %q is not an ISO 8601 timestamp", ErrNoDate, s)
}

var (
	faDigits     = strings.NewReplacer("۰", "0", "۱", "1", "۲", "2", "۳", "3", "۴", "4", "۵", "5", "۶", "6", "۷", "7", "۸", "8", "۹", "9", "٠", "0", "١", "1", "٢", "2", "٣", "3", "٤", "4", "٥", "5", "٦", "6", "٧", "7", "٨", "8", "٩", "9")
	faClock      = regexp.MustCompile(`(?:^|\D)(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\D|$)`)
	faSlash      = regexp.MustCompile(`(\d{4})\s*[/-]\s*(\d{1,2})\s*[/-]\s*(\d{1,2})`)
	faOrdinalDay = regexp.MustCompile(`(\d{1,2})\s*ام`)
	faMonthMah   = regexp.MustCompile(`(فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند)[\x{200c}\s]*ماه`)
	faNumbers    = regexp.MustCompile(`\d+`)
	latinLetters = regexp.MustCompile(`[A-Za-z]{3,}`)
	viGMT        = regexp.MustCompile(`\(?\s*GMT\s*([+-]\d{1,2})\s*\)?`)
)

// ParseVisibleDate reads a publish date as a page shows it, in the page's language:
//
//	fa: "۱۹ بهمن ۱۴۰۲، ۹:۳۰", "۱۴۰۴/۱۰/۱۸ - ۱۴:۱۴", "21:35 سه شنبه، 17ام بهمن‌ماه 1391"
//	    (Solar Hijri, Persian, Arabic-Indic or Latin digits), or a Gregorian date in English
//	vi: "Thứ năm, 17/9/2026, 07:31 (GMT+7)", "17/09/2026 07:31"
//
// A time without an offset is read in zone. The result is in UTC. Dates that do not exist
// (30 Esfand of a common year) are errors, not rolled over.
func ParseVisibleDate(s, lang string, zone *time.Location) (time.Time, error) {
	if zone == nil {
		zone = time.UTC
	}
	orig := s
	s = strings.TrimSpace(faDigits.Replace(s))
	if s == "" || len(s) > 200 {
		return time.Time{}, fmt.Errorf("%w: %q", ErrNoDate, orig)
	}
	var t time.Time
	var err error
	if lang == "fa" && !latinLetters.MatchString(s) {
		t, err = parseJalali(s, zone)
	} else {
		t, err = parseGregorian(s, lang, zone)
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: %q: %v", ErrNoDate, orig, err)
	}
	if t.Year() < 1900 || t.Year() > 2200 {
		return time.Time{}, fmt.Errorf("%w: %q gives year %d", ErrNoDate, orig, t.Year())
	}
	return t.UTC(), nil
}

func parseJalali(s string, zone *time.Location) (time.Time, error) {
	hour, min, sec := 0, 0, 0
	if m := faClock.FindStringSubmatchIndex(s); m != nil {
		hour, _ = strconv.Atoi(s[m[2]:m[3]])
		min, _ = strconv.Atoi(s[m[4]:m[5]])
		if m[6] >= 0 {
			sec, _ = strconv.Atoi(s[m[6]:m[7]])
		}
		s = s[:m[2]] + " " + s[m[1]:]
		if hour > 23 || min > 59 || sec > 59 {
			return time.Time{}, fmt.Errorf("bad clock %02d:%02d", hour, min)
		}
	}
	var y, mo, d int
	if m := faSlash.FindStringSubmatch(s); m != nil {
		y, _ = strconv.Atoi(m[1])
		mo, _ = strconv.Atoi(m[2])
		d, _ = strconv.Atoi(m[3])
	} else {
		s = faOrdinalDay.ReplaceAllString(s, "$1")
		s = faMonthMah.ReplaceAllString(s, "$1")
		s = strings.NewReplacer("،", " ", ",", " ", "ساعت", " ", "-", " ").Replace(s)
		s = strings.Join(strings.Fields(s), " ")
		dt, err := dps.ParseJalali(&dps.Configuration{DefaultTimezone: time.UTC}, s)
		if err != nil {
			return time.Time{}, err
		}
		// go-dateparser rolls a day past the month's end into the next month; refuse
		// that by checking that the Jalali date it found is made of numbers in the text.
		pt := ptime.New(dt.Time)
		nums := faNumbers.FindAllString(s, -1)
		if !contains(nums, pt.Year()) || !contains(nums, pt.Day()) {
			return time.Time{}, fmt.Errorf("date does not exist (read as %d/%d/%d)", pt.Year(), pt.Month(), pt.Day())
		}
		y, mo, d = pt.Year(), int(pt.Month()), pt.Day()
	}
	if mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1200 || y > 1600 {
		return time.Time{}, fmt.Errorf("bad jalali date %d/%d/%d", y, mo, d)
	}
	p := ptime.Date(y, ptime.Month(mo), d, hour, min, sec, 0, zone)
	if p.Year() != y || int(p.Month()) != mo || p.Day() != d {
		return time.Time{}, fmt.Errorf("jalali date %d/%d/%d does not exist", y, mo, d)
	}
	return p.Time(), nil
}

func contains(nums []string, n int) bool {
	for _, s := range nums {
		if v, err := strconv.Atoi(s); err == nil && v == n {
			return true
		}
	}
	return false
}

func parseGregorian(s, lang string, zone *time.Location) (time.Time, error) {
	cfg := &dps.Configuration{DefaultTimezone: zone, DateOrder: dps.DMY}
	if lang == "vi" {
		cfg.Languages = []string{"vi"}
	} else {
		cfg.Languages = []string{"en"}
		cfg.DateOrder = nil
	}
	s = viGMT.ReplaceAllString(s, " GMT$1 ")
	dt, err := dps.Parse(cfg, strings.Join(strings.Fields(s), " "))
	if err != nil {
		return time.Time{}, err
	}
	return dt.Time, nil
}
