package fa

import (
	"time"

	"github.com/tinkhabar/tinkhabar/pkg/text"
)

const (
	calNamePersian   = "persian"
	calNameGregorian = "gregorian"

	precDay   = "day"
	precMonth = "month"
	precYear  = "year"
)

// dateRef is the publication date as the date grammar needs it.
type dateRef struct {
	ok     bool
	day    time.Time // the local publication date, midnight UTC
	solarY int       // its Solar year
}

// Dates finds the dates of t.Norm, in order and non-overlapping, and resolves them against ref
// (the publication time, taken in Asia/Tehran). It reads:
//
//   - Solar dates with a month name, with or without «ماه» and a year: «۱۰ آذرماه ۱۴۰۴»,
//     «دهم آذر», «۲۲ مهرماه سال جاری»; a month alone when «ماه», a year or «امسال» marks it as
//     one, or after «پایان», «اوایل»… for the names that are not also ordinary words: «آذر
//     ۱۴۰۴», «مهرماه امسال», «پایان اسفند» (month precision); «سال ۱۴۰۴» (year precision);
//     numeric 1404/09/10 and 10/09/1404 (with '/' or '-').
//   - Gregorian dates with a Persian month name: «۲۳ اکتبر ۲۰۲۵», «دسامبر», «سال ۲۰۲۵».
//   - A weekday, with «روز» and a time of day before it (all in the span): «عصر روز دوشنبه ۱۰
//     آذرماه ۱۴۰۴». With a date, a weekday that agrees picks the year when none is written.
//     Alone it is the latest such day on or before the publication date (WeekdayOnly); with
//     «هفته آینده/گذشته» it is that day of the next or last week (weeks start on Saturday),
//     with «آینده/گذشته» the next one after, or the last one before, the publication date.
//   - Relative days: امروز، امشب، فردا، پس‌فردا، دیروز، دیشب، پریروز، «روز گذشته», «شب
//     گذشته», with a time of day and a weekday around them («صبح امروز», «فردا سه‌شنبه»).
//   - Ranges «از ۱۰ تا ۱۲ آذر», «۲۸ آبان تا ۳ آذر», «سال‌های ۱۴۰۴ تا ۱۴۰۸» set Until.
//
// A date without a year takes, of the Solar (or Gregorian) years around the publication date,
// the one that puts it closest to it. Dates that do not exist (۳۱ مهر, ۳۰ اسفند of a common
// year, day 0) are left out. With a zero ref, dates that need it are left out.
func (p *Pack) Dates(t *text.Text, ref time.Time) []text.Date {
	buf := p.tokens(t.Norm)
	defer p.release(buf)
	return p.dates(*buf, t.Norm, ref)
}

func (p *Pack) dates(ts []tok, norm string, ref time.Time) []text.Date {
	var r dateRef
	if !ref.IsZero() {
		r.ok = true
		r.day = civil(ref.In(p.zone))
		r.solarY, _, _ = ToSolar(r.day)
	}
	var out []text.Date
	for i := 0; i < len(ts); {
		if ts[i].kind != tkDigits && (ts[i].lex == nil || !ts[i].lex.dateStart) {
			i++
			continue
		}
		d, next, ok := parseDate(ts, norm, i, r)
		if ok {
			out = append(out, d)
		}
		i = max(next, i+1)
	}
	return out
}

// dateExpr is a date as written, before it is resolved.
type dateExpr struct {
	cal       uint8 // calSolar or calGregorian
	y, m, d   int   // d 0 at month precision, m 0 at year precision
	yearKnown bool  // y is written
	yearByRef bool  // the year is the publication's plus yearRel («امسال», «سال گذشته»)
	yearRel   int
	start     int // first token
	next      int // token after
}

// parseDate reads a date expression starting at token i.
func parseDate(ts []tok, norm string, i int, r dateRef) (text.Date, int, bool) {
	var none text.Date
	if fnAt(ts, i, fnAz) {
		// «از» belongs to the date only when a range follows.
		if near(ts, i+1) {
			if d, next, ok := parseExplicit(ts, norm, i+1, r, nil); ok && d.Until != nil {
				d.Start = ts[i].start
				return d, next, true
			}
		}
		return none, i + 1, false
	}
	k := i
	var (
		tod, ruz, rel, wd bool
		relDay            int
		weekday           time.Weekday
		lastTok           = -1 // last token that makes the expression a date
	)
	// The prefix: a time of day, a relative day, «روز», a weekday, in any order.
	for k < len(ts) && (k == i || near(ts, k)) {
		e := ts[k].lex
		if e == nil {
			break
		}
		switch {
		case e.tod && !tod:
			tod = true
		case e.isRel && !rel && !wd:
			rel, relDay, lastTok = true, int(e.relDay), k
		case e.fn == fnPas && !rel && near(ts, k+1) && ts[k+1].lex != nil && ts[k+1].lex.isRel && ts[k+1].lex.relDay == 1:
			rel, relDay, lastTok = true, 2, k+1 // «پس فردا»
			k++
		case e.fn == fnPast && !rel && !wd && k > i && (ts[k-1].lex.fn == fnRuz || ts[k-1].lex.tod) && !numberBefore(ts, k-1):
			rel, relDay, lastTok = true, -1, k // «روز گذشته», «شب گذشته»
		case e.fn == fnRuz && !ruz:
			ruz = true
		case e.weekday != 0 && !wd:
			wd, weekday, lastTok = true, time.Weekday(e.weekday-1), k
		default:
			goto prefixDone
		}
		k++
	}
prefixDone:
	// An explicit date: right here, or after the prefix.
	ex := k
	if lastTok >= 0 || tod || ruz {
		if wd && k < len(ts) && ts[k].kind == tkPunct && (norm[ts[k].start:ts[k].end] == "،" || norm[ts[k].start] == ',') {
			ex = k + 1 // «دوشنبه، ۱۰ آذر»
		}
		if !near(ts, ex) {
			ex = -1
		}
	}
	if ex >= 0 && ex < len(ts) {
		var hint *time.Weekday
		if wd {
			hint = &weekday // a weekday written with the date picks the year when none is written
		}
		d, next, ok := parseExplicit(ts, norm, ex, r, hint)
		switch {
		case ok && (ex == i || d.Precision == precDay):
			d.Start = ts[i].start
			return d, next, true
		case !ok && next > ex+1:
			return none, next, false // a written date that does not exist, or needs ref
		}
	}
	if lastTok < 0 {
		return none, i + 1, false
	}
	end := lastTok + 1
	if !r.ok {
		return none, end, false
	}
	var day time.Time
	weekdayOnly := false
	switch {
	case rel:
		day = r.day.AddDate(0, 0, relDay)
	default:
		refWd := r.day.Weekday()
		back := (int(refWd) - int(weekday) + 7) % 7
		switch {
		case fnAt(ts, end, fnHafte) && near(ts, end) && near(ts, end+1) && (fnAt(ts, end+1, fnNext) || fnAt(ts, end+1, fnPast)):
			sat := r.day.AddDate(0, 0, -((int(refWd) + 1) % 7))
			week := 7
			if fnAt(ts, end+1, fnPast) {
				week = -7
			}
			day = sat.AddDate(0, 0, week+(int(weekday)+1)%7)
			end += 2
		case fnAt(ts, end, fnNext) && near(ts, end):
			fwd := (int(weekday) - int(refWd) + 7) % 7
			if fwd == 0 {
				fwd = 7
			}
			day = r.day.AddDate(0, 0, fwd)
			end++
		case fnAt(ts, end, fnPast) && near(ts, end):
			if back == 0 {
				back = 7
			}
			day = r.day.AddDate(0, 0, -back)
			end++
		default:
			day = r.day.AddDate(0, 0, -back)
			weekdayOnly = true
		}
	}
	return text.Date{
		Span:        text.Span{Start: ts[i].start, End: ts[end-1].end},
		Year:        day.Year(),
		Month:       int(day.Month()),
		Day:         day.Day(),
		Precision:   precDay,
		Calendar:    calNamePersian,
		Relative:    true,
		WeekdayOnly: weekdayOnly,
	}, end, true
}

// numberBefore reports whether a number (digits or a number word) comes right before token k,
// as in «۹ روز گذشته» (the last nine days), which is not «yesterday».
func numberBefore(ts []tok, k int) bool {
	if k == 0 || !near(ts, k) {
		return false
	}
	p := ts[k-1]
	return p.kind == tkDigits || p.lex != nil && p.lex.numKind != numNone
}

// parseExplicit reads a written date (not a relative word or weekday) at token k, with a range
// after it, and resolves it; wd, when not nil, is a weekday written before it.
func parseExplicit(ts []tok, norm string, k int, r dateRef, wd *time.Weekday) (text.Date, int, bool) {
	var none text.Date
	// «۱۰ تا ۱۲ آذر»: a day, «تا», then a full date in the same month.
	if d1, next, ok := readDay(ts, norm, k); ok && fnAt(ts, next, fnTa) && near(ts, next) && near(ts, next+1) {
		if e2, ok := readExplicit(ts, norm, next+1); ok && e2.d > d1 {
			e1 := e2
			e1.d, e1.start, e1.next = d1, k, next
			return resolveRange(ts, e1, e2, r)
		}
	}
	e1, ok := readExplicit(ts, norm, k)
	if !ok {
		return none, k + 1, false
	}
	if t := e1.next; fnAt(ts, t, fnTa) && near(ts, t) && near(ts, t+1) {
		if e2, ok := readRangeEnd(ts, norm, e1, t+1); ok {
			if d, next, ok := resolveRange(ts, e1, e2, r); ok {
				return d, next, true
			}
		}
	}
	d, ok := resolve(e1, r, wd)
	if !ok {
		return none, e1.next, false
	}
	d.Span = text.Span{Start: ts[e1.start].start, End: ts[e1.next-1].end}
	return d, e1.next, true
}

// readRangeEnd reads the end of a range «e1 تا …» at token k: a date of the same calendar and
// precision («۲۸ آبان تا ۳ آذر»), or after a year a bare year («سال ۱۴۰۴ تا ۱۴۰۸»). When only
// the end has a year, the start takes it (the year before if the start's month comes later).
func readRangeEnd(ts []tok, norm string, e1 dateExpr, k int) (dateExpr, bool) {
	if e1.m == 0 {
		if fnAt(ts, k, fnSal) && near(ts, k+1) {
			k++
		}
		y, cal, next, ok := readYear(ts, norm, k, e1.cal)
		if !ok || y < e1.y {
			return dateExpr{}, false
		}
		return dateExpr{cal: cal, y: y, yearKnown: true, start: k, next: next}, true
	}
	e2, ok := readExplicit(ts, norm, k)
	if !ok || e2.cal != e1.cal || (e2.d == 0) != (e1.d == 0) || e2.m == 0 {
		return dateExpr{}, false
	}
	return e2, true
}

// resolveRange resolves «e1 تا e2»; the end takes the first date on or after the start when
// its year is not written.
func resolveRange(ts []tok, e1, e2 dateExpr, r dateRef) (text.Date, int, bool) {
	var none text.Date
	if !e1.yearKnown && !e1.yearByRef && (e2.yearKnown || e2.yearByRef) {
		e1.y, e1.yearKnown, e1.yearByRef, e1.yearRel = e2.y, e2.yearKnown, e2.yearByRef, e2.yearRel
		if e1.m > e2.m || e1.m == e2.m && e1.d > e2.d {
			e1.y--
			e1.yearRel--
		}
	}
	d1, ok := resolve(e1, r, nil)
	if !ok {
		return none, e2.next, false
	}
	if !e2.yearKnown && !e2.yearByRef {
		y1 := solarOrGregYear(e1.cal, d1)
		e2.y, e2.yearKnown = y1, true
		if e2.m < e1.m || e2.m == e1.m && e2.d < e1.d {
			e2.y++
		}
	}
	d2, ok := resolve(e2, r, nil)
	if !ok || d2.Time().Before(d1.Time()) {
		return none, e2.next, false
	}
	d2.Span = text.Span{Start: ts[e2.start].start, End: ts[e2.next-1].end}
	d1.Span = text.Span{Start: ts[e1.start].start, End: ts[e2.next-1].end}
	d1.Until = &d2
	return d1, e2.next, true
}

// solarOrGregYear is the year, in calendar cal, of the first day of resolved date d.
func solarOrGregYear(cal uint8, d text.Date) int {
	if cal == calGregorian {
		return d.Year
	}
	y, _, _ := ToSolar(d.Time())
	return y
}

// readDay reads a day of the month (1–31) written in digits or words at token k.
func readDay(ts []tok, norm string, k int) (day, next int, ok bool) {
	if k >= len(ts) || (ts[k].kind != tkDigits && (ts[k].lex == nil || ts[k].lex.numKind == numNone)) {
		return 0, 0, false
	}
	if ts[k].kind == tkDigits && (ts[k].end-ts[k].start > 2 || glued(ts, k) && ts[k-1].kind != tkWord) {
		return 0, 0, false
	}
	n, next, ok := parseNumber(ts, norm, k)
	if !ok || n.Value < 1 || n.Value > 31 || !n.IsInt() {
		return 0, 0, false
	}
	return int(n.Value), next, true
}

// readExplicit reads a written date at token k without resolving it.
func readExplicit(ts []tok, norm string, k int) (dateExpr, bool) {
	e := dateExpr{start: k}
	if k >= len(ts) {
		return e, false
	}
	if ex, ok := readNumeric(ts, norm, k); ok {
		return ex, true
	}
	if (fnAt(ts, k, fnSal) || fnAt(ts, k, fnSalha)) && near(ts, k+1) {
		y, cal, next, ok := readYear(ts, norm, k+1, 0)
		if !ok {
			return e, false
		}
		e.cal, e.y, e.yearKnown, e.next = cal, y, true, next
		return e, true
	}
	day, next, hasDay := readDay(ts, norm, k)
	mk := k
	switch {
	case hasDay && !near(ts, next):
		return e, false
	case hasDay:
		mk = next
	case k > 0 && near(ts, k) && (ts[k-1].kind == tkDigits || ts[k-1].lex != nil && ts[k-1].lex.numKind != numNone):
		// a month right after a number that is not a day («۰ آذر ۱۴۰۴», «۳۲ آذر») is no date
		return e, false
	}
	if mk >= len(ts) || ts[mk].lex == nil || ts[mk].lex.month == 0 {
		return e, false
	}
	me := ts[mk].lex
	e.cal, e.m, e.d, e.next = me.monthCal, int(me.month), day, mk+1
	mah := me.monthMah
	if !mah && near(ts, e.next) && fnAt(ts, e.next, fnMah) {
		mah = true
		e.next++
	}
	if near(ts, e.next) {
		e.readYearSpec(ts, norm)
	}
	if hasDay || e.yearKnown || e.yearByRef {
		return e, true
	}
	// A month alone: marked by «ماه», or a Gregorian name, or a month context word before it.
	switch {
	case mah:
	case e.cal == calGregorian && !me.monthAmb:
	case !me.monthAmb && k > 0 && near(ts, k) && fnAt(ts, k-1, fnMonthCtx):
	default:
		return e, false
	}
	return e, true
}

// readYearSpec reads what may follow a month: a year («۱۴۰۴», «سال ۱۴۰۴», «۲۰۲۵ میلادی») or a
// year relative to the publication's («امسال», «سال جاری», «سال گذشته», «سال آینده», «پارسال»).
func (e *dateExpr) readYearSpec(ts []tok, norm string) {
	k := e.next
	switch {
	case ts[k].kind == tkDigits:
		if y, _, next, ok := readYear(ts, norm, k, e.cal); ok {
			e.y, e.yearKnown, e.next = y, true, next
		}
	case fnAt(ts, k, fnEmsal):
		e.yearByRef, e.yearRel, e.next = true, 0, k+1
	case fnAt(ts, k, fnParsal):
		e.yearByRef, e.yearRel, e.next = true, -1, k+1
	case fnAt(ts, k, fnSal) && near(ts, k+1):
		switch {
		case fnAt(ts, k+1, fnJari):
			e.yearByRef, e.yearRel, e.next = true, 0, k+2
		case fnAt(ts, k+1, fnPast):
			e.yearByRef, e.yearRel, e.next = true, -1, k+2
		case fnAt(ts, k+1, fnNext):
			e.yearByRef, e.yearRel, e.next = true, 1, k+2
		case ts[k+1].kind == tkDigits:
			if y, _, next, ok := readYear(ts, norm, k+1, e.cal); ok {
				e.y, e.yearKnown, e.next = y, true, next
			}
		}
	}
}

// readYear reads a year in digits at token k: Solar 1200–1600 or Gregorian 1800–2200 (only
// calendar cal when it is not 0), with «شمسی», «هجری شمسی» or «میلادی» after it. It returns
// the calendar of the year.
func readYear(ts []tok, norm string, k int, cal uint8) (y int, ycal uint8, next int, ok bool) {
	if k >= len(ts) || ts[k].kind != tkDigits || ts[k].end-ts[k].start != 4 || glued(ts, k) && ts[k-1].kind == tkPunct {
		return 0, 0, 0, false
	}
	if k+1 < len(ts) && glued(ts, k+1) && ts[k+1].kind != tkPunct {
		return 0, 0, 0, false // «1404ام», «2025G»
	}
	if k+2 < len(ts) && glued(ts, k+1) && glued(ts, k+2) && ts[k+2].kind == tkDigits {
		return 0, 0, 0, false // part of 1,404 or 1404.5 or 1404/09/10
	}
	y = int(digitsValue(norm[ts[k].start:ts[k].end]))
	switch {
	case y >= 1200 && y <= 1600 && cal != calGregorian:
		ycal = calSolar
	case y >= 1800 && y <= 2200 && cal != calSolar:
		ycal = calGregorian
	default:
		return 0, 0, 0, false
	}
	next = k + 1
	for n := 0; n < 2 && near(ts, next) && fnAt(ts, next, fnEra); n++ {
		next++ // «شمسی», «هجری شمسی», «میلادی»
	}
	return y, ycal, next, true
}

// readNumeric reads a date written in digits at token k: Y/M/D or D/M/Y with '/' or '-', the
// year in four digits (Solar 1200–1600, Gregorian 1800–2200).
func readNumeric(ts []tok, norm string, k int) (dateExpr, bool) {
	e := dateExpr{start: k}
	if k+4 >= len(ts) || glued(ts, k) && ts[k-1].kind != tkWord {
		return e, false
	}
	sep := byte(0)
	for j := k; j <= k+4; j++ {
		if j > k && !glued(ts, j) {
			return e, false
		}
		if (j-k)%2 == 0 {
			if ts[j].kind != tkDigits || ts[j].end-ts[j].start > 4 {
				return e, false
			}
			continue
		}
		c := norm[ts[j].start]
		if ts[j].kind != tkPunct || c != '/' && c != '-' || sep != 0 && c != sep {
			return e, false
		}
		sep = c
	}
	if k+5 < len(ts) && glued(ts, k+5) && (ts[k+5].kind != tkPunct || k+6 < len(ts) && glued(ts, k+6) && ts[k+6].kind == tkDigits) {
		return e, false // more digit groups: not a date
	}
	val := func(j int) int { return int(digitsValue(norm[ts[j].start:ts[j].end])) }
	size := func(j int) int { return ts[j].end - ts[j].start }
	switch {
	case size(k) == 4 && size(k+2) <= 2 && size(k+4) <= 2:
		e.y, e.m, e.d = val(k), val(k+2), val(k+4)
	case size(k+4) == 4 && size(k) <= 2 && size(k+2) <= 2:
		e.y, e.m, e.d = val(k+4), val(k+2), val(k)
	default:
		return e, false
	}
	switch {
	case e.y >= 1200 && e.y <= 1600:
		e.cal = calSolar
	case e.y >= 1800 && e.y <= 2200:
		e.cal = calGregorian
	default:
		return e, false
	}
	e.yearKnown, e.next = true, k+5
	return e, true
}

// resolve turns a written date into a Date (without its Span). A year not written is taken
// from the candidates around the publication year: the one closest to the publication date,
// among those agreeing with weekday wd when wd is given and one does.
func resolve(e dateExpr, r dateRef, wd *time.Weekday) (text.Date, bool) {
	d := text.Date{Calendar: calNamePersian}
	base := r.solarY
	if e.cal == calGregorian {
		d.Calendar = calNameGregorian
		base = r.day.Year()
	}
	var years [3]int
	n := 0
	switch {
	case e.yearKnown:
		years[0], n = e.y, 1
	case !r.ok:
		return d, false
	case e.yearByRef:
		years[0], n = base+e.yearRel, 1
	default:
		years, n = [3]int{base, base - 1, base + 1}, 3
	}
	if e.m == 0 {
		d.Precision, d.Year = precYear, years[0]
		if e.cal == calSolar {
			d.Year = GregorianYear(years[0])
		}
		return d, true
	}
	day := max(e.d, 1)
	var best time.Time
	bestDist, bestMatch := 0, false
	for _, y := range years[:n] {
		g, ok := toGregorian(e.cal, y, e.m, day)
		if !ok {
			continue
		}
		dist := 0
		if r.ok {
			mid := g
			if e.d == 0 {
				mid = g.AddDate(0, 0, 15)
			}
			dist = abs(days(r.day, mid))
		}
		match := wd != nil && e.d != 0 && g.Weekday() == *wd
		if best.IsZero() || match && !bestMatch || match == bestMatch && dist < bestDist {
			best, bestDist, bestMatch = g, dist, match
		}
	}
	if best.IsZero() {
		return d, false
	}
	d.Year, d.Month = best.Year(), int(best.Month())
	if e.d != 0 {
		d.Day, d.Precision = best.Day(), precDay
	} else {
		d.Precision = precMonth
	}
	return d, true
}

// toGregorian converts y/m/d of calendar cal to a Gregorian civil date; ok is false when the
// date does not exist.
func toGregorian(cal uint8, y, m, d int) (time.Time, bool) {
	if cal == calSolar {
		return FromSolar(y, m, d)
	}
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	g := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return g, g.Day() == d
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
