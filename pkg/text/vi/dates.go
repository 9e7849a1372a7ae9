package vi

import (
	"time"

	"github.com/tinkhabar/tinkhabar/pkg/text"
)

// Dates finds the dates in t.Norm, in order and non-overlapping, resolved against ref (the
// publication time) taken in Asia/Ho_Chi_Minh. With a zero ref only dates that carry their
// own year are returned. Every date is Gregorian.
//
// Day precision:
//   - «23/10/2025», «23-10-2025», «23.10.2025», «2025-10-23» anywhere;
//   - «23/10», «23-10», «15.7» after a cue: a time of day or «ngày» («ngày 23-10», «sáng
//     15.7», «chiều 22-10», «sáng ngày 5/11»), a weekday, or for the «/» form also «vào»,
//     «trước», «sau», «đến», «tới», «từ», an opening parenthesis («ngày mai (15/8)»), or a
//     following «tới»/«này»/«vừa qua». Without a cue «24/7» or «1/3» (fractions, hours) are
//     not dates, and neither is «Quốc khánh 2/9» (a holiday's name);
//   - «ngày 23 tháng 10 [năm 2025]»;
//   - a range: «từ ngày 12 đến 14/3», «từ 30/9 đến 2/10», «ngày 12-14/3»: the Date is the first
//     day and Until the last (Until has the span of the end date);
//   - relative days: hôm nay, (sáng|trưa|chiều|tối|đêm) nay, ngày mai, (sáng|…) mai, hôm qua,
//     (sáng|…) qua, hôm kia (−2), ngày kia/ngày mốt (+2), also with «ngày hôm …»; a following
//     parenthesised date that agrees («Ngày mai (15/8)») joins the span and clears Relative;
//   - weekdays: «thứ Hai» … «thứ Bảy», «thứ 2» … «thứ 7», «Chủ nhật». «thứ ba» is an ordinal
//     ("third") unless the numeral is capitalised, a date follows, or a time of day or «vào»
//     comes before. A weekday followed by a date («Thứ năm, 17/9/2026», «thứ Hai (15/9)»)
//     is that date; when they disagree the date wins and the weekday is left out of the span
//     (a wrong weekday is the usual typo; the engine sees a shorter span). A date without a
//     year next to a weekday takes the closest year where the weekday agrees. A bare weekday
//     is Relative and WeekdayOnly, resolved to the latest such day on or before the local
//     publication date; «thứ Hai tới», «… tuần tới», «… tuần sau» give the next one after it,
//     «… tuần này» the one in the publication week (weeks start on Monday), «… tuần trước»
//     the one in the week before.
//
// Month precision: «tháng 10/2025», «tháng 10 năm 2025», «tháng 10» (with «tới», the first
// such month on or after the publication month; with «vừa qua»/«trước», the last on or
// before; else the closest), and the relative «tháng này», «tháng tới»/«tháng sau», «tháng
// trước» (not after a number or a plural: «3 tháng tới», «những tháng tới» are durations).
//
// Year precision: «năm 2025», «quý I/2025», «quý 1 năm 2025», and the relative «năm nay»,
// «năm tới»/«năm sau», «năm ngoái»/«năm trước» (not after a number or a plural). A period
// («2025-2030», «năm 2025-2030», «2025 - 2030») is never a date.
//
// A date without a year takes the year (publication year −1, 0 or +1) that puts it closest to
// the local publication date («6/1» published in late December is next January); «tới» («6/1
// tới», «ngày 20/6 tới») takes the first on or after it, «vừa qua» the last on or before it.
// Day and month must be valid (no 31/4; 29/2 only in a leap year).
func (p *Pack) Dates(t *text.Text, ref time.Time) []text.Date {
	s := p.scan(t)
	r := resolver{}
	if !ref.IsZero() {
		lt := ref.In(p.zone)
		r.ok = true
		r.today = time.Date(lt.Year(), lt.Month(), lt.Day(), 0, 0, 0, 0, time.UTC)
	}
	var out []text.Date
	lastEnd := -10
	for i := 0; i < s.n(); {
		d, end, ok := s.dateAt(i, &r, lastEnd)
		if ok {
			out = append(out, d)
			lastEnd = end
			i = end + 1
			continue
		}
		i++
	}
	return out
}

// mode chooses the year of a date given without one.
type mode uint8

const (
	closest    mode = iota
	onOrAfter       // «tới»: upcoming
	onOrBefore      // «vừa qua»: past
)

// resolver resolves dates against the local publication date.
type resolver struct {
	ok    bool
	today time.Time // local publication date, as midnight UTC
}

func validDay(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2100 {
		return false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d
}

func civil(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// year picks the year of day d of month m; want, when not -1, is a weekday the date should
// fall on: a candidate within 200 days that agrees wins over a closer one that does not.
func (r *resolver) year(d, m int, md mode, want time.Weekday) (int, bool) {
	if !r.ok {
		return 0, false
	}
	best, found := 0, false
	var bestDist time.Duration
	bestMatch := false
	for y := r.today.Year() - 1; y <= r.today.Year()+1; y++ {
		if !validDay(y, m, d) {
			continue
		}
		t := civil(y, m, d)
		switch md {
		case onOrAfter:
			if t.Before(r.today) {
				continue
			}
		case onOrBefore:
			if t.After(r.today) {
				continue
			}
		}
		dist := t.Sub(r.today)
		if dist < 0 {
			dist = -dist
		}
		// A weekday given with the date picks among the years within about half a year;
		// farther off, a disagreeing weekday is a typo, not a reason to jump a year.
		match := want >= 0 && t.Weekday() == want && dist <= 200*24*time.Hour
		better := !found || (match && !bestMatch) || (match == bestMatch && dist < bestDist)
		if better {
			best, bestDist, bestMatch, found = y, dist, match, true
		}
	}
	return best, found
}

// monthYear picks the year of month m.
func (r *resolver) monthYear(m int, md mode) (int, bool) {
	if !r.ok || m < 1 || m > 12 {
		return 0, false
	}
	ref := r.today.Year()*12 + int(r.today.Month()) - 1
	best, found, bestDist := 0, false, 0
	for y := r.today.Year() - 1; y <= r.today.Year()+1; y++ {
		k := y*12 + m - 1
		if md == onOrAfter && k < ref || md == onOrBefore && k > ref {
			continue
		}
		dist := k - ref
		if dist < 0 {
			dist = -dist
		}
		if !found || dist < bestDist {
			best, bestDist, found = y, dist, true
		}
	}
	return best, found
}

// dm is a numeric day-month[-year] found in the text.
type dm struct {
	d, m, y     int // y is 0 when not written
	sep         byte
	first, last int
}

// dayMonth reads «D/M», «D-M», «D.M», optionally followed by the same separator and a 4-digit
// year, at token i. It refuses a chain that goes on («1.2.3», «23/10/25») and, with
// checkLeft, one glued to digits before it.
func (s *scan) dayMonth(i int, checkLeft bool) (dm, bool) {
	if !s.isNum(i) || !s.adj(i) || !s.adj(i+1) || !s.isNum(i+2) {
		return dm{}, false
	}
	sep := byte(0)
	switch {
	case s.punct(i+1, '/'):
		sep = '/'
	case s.punct(i+1, '-'):
		sep = '-'
	case s.punct(i+1, '.'):
		sep = '.'
	default:
		return dm{}, false
	}
	if checkLeft && s.adj(i-1) && (s.isNum(i-1) || s.isWord(i-1) || s.adj(i-2) && s.isNum(i-2) && s.toks[i-1].kind == kPunct) {
		return dm{}, false
	}
	d, wd := s.digits(i)
	m, wm := s.digits(i + 2)
	if wd > 2 || wm > 2 || d < 1 || d > 31 || m < 1 || m > 12 {
		return dm{}, false
	}
	out := dm{d: int(d), m: int(m), sep: sep, first: i, last: i + 2}
	if s.adj(i+2) && s.punct(i+3, sep) && s.adj(i+3) && s.isNum(i+4) {
		y, wy := s.digits(i + 4)
		if wy != 4 || !validDay(int(y), out.m, out.d) {
			return dm{}, false
		}
		out.y, out.last = int(y), i+4
	}
	// The chain must end here.
	if l := out.last; s.adj(l) && s.adj(l+1) && s.isNum(l+2) && s.toks[l+1].kind == kPunct {
		return dm{}, false
	}
	if s.adj(out.last) && s.isWord(out.last+1) {
		return dm{}, false // 15.7km
	}
	return out, true
}

// dateAt reads a date expression starting at token i. lastEnd is the last token of the
// previous date.
func (s *scan) dateAt(i int, r *resolver, lastEnd int) (text.Date, int, bool) {
	w := s.word(i)
	if w != "" && !dateVocab.has(w) {
		return text.Date{}, 0, false
	}
	switch {
	case w == "":
		if s.isNum(i) {
			return s.bareDate(i, r, lastEnd)
		}
		return text.Date{}, 0, false
	case timeOfDay(w):
		j := i + 1
		if w == "rạng" {
			if s.word(j) != "sáng" || !s.sp(i) {
				return text.Date{}, 0, false
			}
			j++
		}
		if !s.sp(j - 1) {
			return text.Date{}, 0, false
		}
		switch s.word(j) {
		case "nay":
			return s.relDay(i, j, 0, r)
		case "qua":
			return s.relDay(i, j, -1, r)
		case "mai":
			return s.relDay(i, j, 1, r)
		case "hôm", "ngày":
			return s.ngay(i, j, r)
		case "thứ", "chủ":
			return s.weekdayDate(i, j, r)
		}
		if s.isNum(j) {
			return s.numericAfterCue(i, j, r, true)
		}
	case w == "hôm" || w == "ngày":
		return s.ngay(i, i, r)
	case w == "thứ" || w == "chủ":
		return s.weekdayDate(i, i, r)
	case w == "từ":
		return s.rangeFrom(i, r)
	case w == "tháng":
		return s.month(i, r)
	case w == "năm":
		return s.yearAt(i, r)
	case w == "quý":
		return s.quarter(i)
	}
	return text.Date{}, 0, false
}

func timeOfDay(w string) bool {
	switch w {
	case "sáng", "trưa", "chiều", "tối", "đêm", "khuya", "rạng":
		return true
	}
	return false
}

func dayDate(y, m, d int, sp text.Span) text.Date {
	return text.Date{Span: sp, Year: y, Month: m, Day: d, Precision: "day", Calendar: "gregorian"}
}

// relDay is a relative day: the expression runs from token start to token last.
func (s *scan) relDay(start, last, offset int, r *resolver) (text.Date, int, bool) {
	if !r.ok {
		return text.Date{}, 0, false
	}
	t := r.today.AddDate(0, 0, offset)
	d := dayDate(t.Year(), int(t.Month()), t.Day(), s.span(start, last))
	d.Relative = true
	// «Ngày mai (15/8)»: an agreeing date in parentheses joins the span.
	if s.sp(last) && s.punct(last+1, '(') && s.adj(last+1) {
		if x, ok := s.dayMonth(last+2, false); ok && s.adj(x.last) && s.punct(x.last+1, ')') {
			if x.d == d.Day && x.m == d.Month && (x.y == 0 || x.y == d.Year) {
				d.Relative = false
				d.End = int(s.toks[x.last+1].end)
				return d, x.last + 1, true
			}
		}
	}
	return d, last, true
}

// ngay reads what follows «ngày» or «hôm» at token j (the expression starts at token start).
func (s *scan) ngay(start, j int, r *resolver) (text.Date, int, bool) {
	if !s.sp(j) {
		return text.Date{}, 0, false
	}
	w := s.word(j)
	next := s.word(j + 1)
	if w == "hôm" {
		switch next {
		case "nay":
			return s.relDay(start, j+1, 0, r)
		case "qua":
			return s.relDay(start, j+1, -1, r)
		case "kia":
			return s.relDay(start, j+1, -2, r)
		}
		return text.Date{}, 0, false
	}
	// w == "ngày"
	switch next {
	case "mai":
		return s.relDay(start, j+1, 1, r)
	case "kia", "mốt":
		return s.relDay(start, j+1, 2, r)
	case "hôm":
		return s.ngay(start, j+1, r)
	}
	if s.isNum(j + 1) {
		return s.numericAfterCue(start, j+1, r, true)
	}
	return text.Date{}, 0, false
}

// numericAfterCue reads a numeric date at token j after a cue word (the expression starts at
// token start): «23/10», «23-10», «15.7», a range «12-14/3» or «12 đến 14/3», or «23 tháng 10
// [năm 2025]».
func (s *scan) numericAfterCue(start, j int, r *resolver, anySep bool) (text.Date, int, bool) {
	if x, ok := s.dayMonth(j, true); ok {
		return s.finishDM(start, x, r, -1)
	}
	// Day only, then a range or «tháng».
	if !s.isNum(j) || s.adj(j-1) {
		return text.Date{}, 0, false
	}
	d, wd := s.digits(j)
	if wd > 2 || d < 1 || d > 31 {
		return text.Date{}, 0, false
	}
	if s.sp(j) && s.word(j+1) == "tháng" && s.sp(j+1) && s.isNum(j+2) {
		m, wm := s.digits(j + 2)
		if wm > 2 || m < 1 || m > 12 || s.adj(j+2) && !s.punct(j+3, ',') && !s.punct(j+3, '.') && !s.punct(j+3, ')') {
			return text.Date{}, 0, false
		}
		x := dm{d: int(d), m: int(m), sep: ' ', first: j, last: j + 2}
		if s.sp(j+2) && s.word(j+3) == "năm" && s.sp(j+3) && s.isNum(j+4) {
			y, wy := s.digits(j + 4)
			if wy == 4 && validDay(int(y), x.m, x.d) {
				x.y, x.last = int(y), j+4
			}
		}
		return s.finishDM(start, x, r, -1)
	}
	return s.rangeTail(start, j, int(d), r)
}

// rangeTail reads «- D/M» or «đến [ngày] D/M» after a bare day d at token j.
func (s *scan) rangeTail(start, j, d int, r *resolver) (text.Date, int, bool) {
	k := -1
	switch {
	case s.near(j) && s.punct(j+1, '-') && s.near(j+1):
		k = j + 2
	case s.sp(j) && (s.word(j+1) == "đến" || s.word(j+1) == "tới") && s.sp(j+1):
		k = j + 2
	default:
		return text.Date{}, 0, false
	}
	if s.word(k) == "ngày" && s.sp(k) {
		k++
	}
	end, ok := s.dayMonth(k, false)
	if !ok {
		return text.Date{}, 0, false
	}
	m := end.m
	if d > end.d {
		m-- // «từ 30 đến 2/10»: the start is in the month before
	}
	return s.finishRange(start, dm{d: d, m: m, first: j, last: j}, end, r)
}

// finishRange resolves a range from a (day and month, maybe year) to b.
func (s *scan) finishRange(start int, a, b dm, r *resolver) (text.Date, int, bool) {
	by := b.y
	if by == 0 {
		y, ok := r.year(b.d, b.m, closest, -1)
		if !ok {
			return text.Date{}, 0, false
		}
		by = y
	}
	ay, am := a.y, a.m
	if am == 0 {
		am, ay = 12, by-1
	}
	if ay == 0 {
		ay = by
		if am > b.m {
			ay--
		}
	}
	if !validDay(ay, am, a.d) || !validDay(by, b.m, b.d) {
		return text.Date{}, 0, false
	}
	from, to := civil(ay, am, a.d), civil(by, b.m, b.d)
	if !from.Before(to) || to.Sub(from) > 62*24*time.Hour {
		return text.Date{}, 0, false
	}
	until := dayDate(by, b.m, b.d, s.span(b.first, b.last))
	d := dayDate(ay, am, a.d, s.span(start, b.last))
	d.Until = &until
	return d, b.last, true
}

// finishDM resolves x and reads the modifiers after it (tới, sắp tới, tới đây, này, vừa
// qua). want is the weekday the date was given with, or -1.
func (s *scan) finishDM(start int, x dm, r *resolver, want time.Weekday) (text.Date, int, bool) {
	// A range «D/M - D/M» or «D/M đến [ngày] D/M».
	k := -1
	switch {
	case s.near(x.last) && s.punct(x.last+1, '-') && s.near(x.last+1):
		k = x.last + 2
	case s.sp(x.last) && (s.word(x.last+1) == "đến" || s.word(x.last+1) == "tới") && s.sp(x.last+1):
		k = x.last + 2
	}
	if k >= 0 {
		if s.word(k) == "ngày" && s.sp(k) {
			k++
		}
		if end, ok := s.dayMonth(k, false); ok {
			a := x
			if a.y == 0 && end.y != 0 {
				a.y = end.y
				if a.m > end.m {
					a.y--
				}
			}
			if d, e, ok := s.finishRange(start, a, end, r); ok {
				return d, e, true
			}
		}
	}
	last := x.last
	md := closest
	if s.sp(last) {
		switch s.word(last + 1) {
		case "tới":
			if s.upcoming(last + 1) {
				md, last = onOrAfter, last+1
				if s.sp(last) && s.word(last+1) == "đây" {
					last++
				}
			}
		case "sắp":
			if s.sp(last+1) && s.word(last+2) == "tới" {
				md, last = onOrAfter, last+2
			}
		case "này":
			last++
		case "vừa":
			if s.sp(last+1) && s.word(last+2) == "qua" {
				md, last = onOrBefore, last+2
			}
		}
	}
	y := x.y
	if y == 0 {
		var ok bool
		if y, ok = r.year(x.d, x.m, md, want); !ok {
			return text.Date{}, 0, false
		}
	}
	if !validDay(y, x.m, x.d) {
		return text.Date{}, 0, false
	}
	return dayDate(y, x.m, x.d, s.span(start, last)), last, true
}

// upcoming reports whether «tới» at token k means "upcoming" rather than "to (a place)".
func (s *scan) upcoming(k int) bool {
	if !s.sp(k) {
		return true // punctuation, a line break or the end follows
	}
	if s.isWord(k+1) && s.capital(k+1) {
		return false
	}
	switch s.word(k + 1) {
	case "thăm", "dự", "làm", "các", "tỉnh", "thành", "huyện", "xã", "phường", "quận", "nơi", "khu",
		"trụ", "nhà", "trung", "cơ", "địa", "hiện", "trường", "tận":
		return false
	}
	return true
}

// bareDate reads a numeric date at token i that has no cue word before it.
func (s *scan) bareDate(i int, r *resolver, lastEnd int) (text.Date, int, bool) {
	// ISO 2025-10-23.
	if y, wy := s.digits(i); wy == 4 && s.adj(i) && s.punct(i+1, '-') && s.adj(i+1) && s.isNum(i+2) &&
		s.adj(i+2) && s.punct(i+3, '-') && s.adj(i+3) && s.isNum(i+4) && !(s.adj(i-1) && s.toks[i-1].kind != kPunct) {
		m, wm := s.digits(i + 2)
		d, wd := s.digits(i + 4)
		if wm == 2 && wd == 2 && validDay(int(y), int(m), int(d)) && !(s.adj(i+4) && (s.isWord(i+5) || s.isNum(i+5) || s.adj(i+5) && s.isNum(i+6))) {
			return dayDate(int(y), int(m), int(d), s.span(i, i+4)), i + 4, true
		}
	}
	x, ok := s.dayMonth(i, true)
	if !ok {
		return text.Date{}, 0, false
	}
	if x.y != 0 {
		return s.finishDM(i, x, r, -1)
	}
	cue := false
	switch {
	case s.punct(i-1, '(') && s.adj(i-1):
		cue = true
	case lastEnd == i-2 && s.sp(i-1) && (s.word(i-1) == "và" || s.word(i-1) == "hoặc"),
		lastEnd == i-2 && s.adj(i-2) && s.punct(i-1, ',') && s.sp(i-1):
		cue = true
	case x.sep == '/' && s.sp(i-1):
		switch s.word(i - 1) {
		case "vào", "trước", "sau", "đến", "tới", "từ", "hạn", "đầu", "cuối", "giữa":
			cue = true
		}
	}
	if !cue && x.sep == '/' && s.sp(x.last) {
		switch s.word(x.last + 1) {
		case "tới", "này":
			cue = s.word(x.last+1) == "này" || s.upcoming(x.last+1)
		case "vừa":
			cue = s.sp(x.last+1) && s.word(x.last+2) == "qua"
		}
	}
	if !cue {
		return text.Date{}, 0, false
	}
	return s.finishDM(i, x, r, -1)
}

// rangeFrom reads «từ [ngày] D đến D/M», «từ D/M đến D/M», «từ D-D/M» at «từ» (token i). When
// no range follows, the expression is read from the cue after «từ» without «từ».
func (s *scan) rangeFrom(i int, r *resolver) (text.Date, int, bool) {
	if !s.sp(i) {
		return text.Date{}, 0, false
	}
	j := i + 1
	if timeOfDay(s.word(j)) && s.sp(j) {
		j++
	}
	if s.word(j) == "ngày" && s.sp(j) {
		j++
	}
	if !s.isNum(j) {
		return text.Date{}, 0, false
	}
	if x, ok := s.dayMonth(j, true); ok {
		k := -1
		switch {
		case s.near(x.last) && s.punct(x.last+1, '-') && s.near(x.last+1):
			k = x.last + 2
		case s.sp(x.last) && (s.word(x.last+1) == "đến" || s.word(x.last+1) == "tới") && s.sp(x.last+1):
			k = x.last + 2
		}
		if k < 0 {
			return text.Date{}, 0, false
		}
		if s.word(k) == "ngày" && s.sp(k) {
			k++
		}
		end, ok := s.dayMonth(k, false)
		if !ok {
			return text.Date{}, 0, false
		}
		if x.y == 0 && end.y != 0 {
			x.y = end.y
			if x.m > end.m {
				x.y--
			}
		}
		return s.finishRange(i, x, end, r)
	}
	if s.adj(j - 1) {
		return text.Date{}, 0, false
	}
	d, wd := s.digits(j)
	if wd > 2 || d < 1 || d > 31 {
		return text.Date{}, 0, false
	}
	return s.rangeTail(i, j, int(d), r)
}

// weekday reads a weekday at token i («thứ» or «chủ»): it returns the weekday and the last
// token of its name. «thứ» + numeral is a weekday only when the numeral is capitalised, a
// date follows, or a time of day or «vào» comes before; «Chủ nhật» always is.
func (s *scan) weekday(i int) (time.Weekday, int, bool) {
	if !s.sp(i) {
		return 0, 0, false
	}
	switch s.word(i) {
	case "chủ":
		if s.word(i+1) == "nhật" {
			return time.Sunday, i + 1, true
		}
		return 0, 0, false
	case "thứ":
	default:
		return 0, 0, false
	}
	k := i + 1
	var wd time.Weekday
	words := true
	switch s.word(k) {
	case "hai":
		wd = time.Monday
	case "ba":
		wd = time.Tuesday
	case "tư":
		wd = time.Wednesday
	case "năm":
		wd = time.Thursday
	case "sáu":
		wd = time.Friday
	case "bảy", "bẩy":
		wd = time.Saturday
	case "":
		v, w := s.digits(k)
		if !s.isNum(k) || w != 1 || v < 2 || v > 7 {
			return 0, 0, false
		}
		wd, words = time.Weekday(v-1), false
	default:
		return 0, 0, false
	}
	if s.adj(k) && (s.isNum(k+1) || s.isWord(k+1)) {
		return 0, 0, false
	}
	if words && s.capital(k) {
		return wd, k, true
	}
	if s.dateFollows(k) {
		return wd, k, true
	}
	if s.sp(i-1) && (timeOfDay(s.word(i-1)) || s.word(i-1) == "vào") {
		return wd, k, true
	}
	if s.sp(k) && s.word(k+1) == "tuần" && s.sp(k+1) {
		switch s.word(k + 2) {
		case "này", "tới", "sau", "trước", "qua":
			return wd, k, true
		}
	}
	return 0, 0, false
}

// dateFollows reports whether a numeric date follows token k: «, 17/9», « 17/9», « (17/9)»,
// « ngày 17/9», «, ngày 17/9».
func (s *scan) dateFollows(k int) bool {
	j, ok := s.afterWeekday(k)
	if !ok {
		return false
	}
	_, ok = s.dayMonth(j, false)
	return ok
}

// afterWeekday skips the punctuation and «ngày» between a weekday ending at token k and a
// date; it returns the token where the date would start.
func (s *scan) afterWeekday(k int) (int, bool) {
	j := k + 1
	switch {
	case s.adj(k) && s.punct(j, ','):
		if !s.sp(j) {
			return 0, false
		}
		j++
	case s.sp(k) && s.punct(j, '('):
		if !s.adj(j) {
			return 0, false
		}
		j++
	case s.sp(k):
	default:
		return 0, false
	}
	if s.word(j) == "ngày" && s.sp(j) {
		j++
	}
	return j, s.isNum(j)
}

// weekdayDate reads a weekday at token j (the expression starts at token start), with the
// date that follows it or alone.
func (s *scan) weekdayDate(start, j int, r *resolver) (text.Date, int, bool) {
	wd, k, ok := s.weekday(j)
	if !ok {
		return text.Date{}, 0, false
	}
	if at, ok := s.afterWeekday(k); ok {
		if x, ok := s.dayMonth(at, false); ok {
			d, last, ok := s.finishDM(start, x, r, wd)
			if !ok {
				return text.Date{}, 0, false
			}
			if s.punct(at-1, '(') && s.adj(last) && s.punct(last+1, ')') {
				last++
				d.End = int(s.toks[last].end)
			}
			if d.Time().Weekday() != wd {
				// The date wins; the weekday is left out of the span.
				d.Start = int(s.toks[at].start)
				if s.word(at-1) == "ngày" {
					d.Start = int(s.toks[at-1].start)
				}
			}
			return d, last, true
		}
	}
	if !r.ok {
		return text.Date{}, 0, false
	}
	last := k
	today := r.today
	var t time.Time
	back := (int(today.Weekday()) - int(wd) + 7) % 7
	t = today.AddDate(0, 0, -back) // latest on or before
	weekStart := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
	inWeek := func(ws time.Time) time.Time { return ws.AddDate(0, 0, (int(wd)+6)%7) }
	if s.sp(k) {
		switch s.word(k + 1) {
		case "tới":
			if s.upcoming(k + 1) {
				t = today.AddDate(0, 0, 7-back)
				if back == 0 {
					t = today.AddDate(0, 0, 7)
				}
				last = k + 1
			}
		case "tuần":
			if s.sp(k + 1) {
				switch s.word(k + 2) {
				case "này":
					t, last = inWeek(weekStart), k+2
				case "tới", "sau":
					t, last = inWeek(weekStart.AddDate(0, 0, 7)), k+2
				case "trước", "qua":
					t, last = inWeek(weekStart.AddDate(0, 0, -7)), k+2
				}
			}
		}
	}
	d := dayDate(t.Year(), int(t.Month()), t.Day(), s.span(start, last))
	d.Relative, d.WeekdayOnly = true, true
	return d, last, true
}

// month reads «tháng M/YYYY», «tháng M năm YYYY», «tháng M [tới|này|vừa qua|trước]» and the
// relative «tháng này|tới|sau|trước» at «tháng» (token i).
func (s *scan) month(i int, r *resolver) (text.Date, int, bool) {
	if !s.sp(i) {
		return text.Date{}, 0, false
	}
	j := i + 1
	md := func(y, m, last int) (text.Date, int, bool) {
		return text.Date{Span: s.span(i, last), Year: y, Month: m, Precision: "month", Calendar: "gregorian"}, last, true
	}
	if s.isNum(j) {
		m, wm := s.digits(j)
		if wm > 2 || m < 1 || m > 12 {
			return text.Date{}, 0, false
		}
		if s.adj(j) && s.adj(j+1) && s.isNum(j+2) && (s.punct(j+1, '/') || s.punct(j+1, '-') || s.punct(j+1, '.')) {
			y, wy := s.digits(j + 2)
			if wy != 4 || y < 1900 || y > 2100 || s.adj(j+2) && s.adj(j+3) && s.isNum(j+4) {
				return text.Date{}, 0, false
			}
			return md(int(y), int(m), j+2)
		}
		if s.adj(j) && (s.isNum(j+1) || s.isWord(j+1)) {
			return text.Date{}, 0, false
		}
		if s.sp(j) && s.word(j+1) == "năm" && s.sp(j+1) && s.isNum(j+2) {
			y, wy := s.digits(j + 2)
			if wy == 4 && y >= 1900 && y <= 2100 {
				return md(int(y), int(m), j+2)
			}
		}
		if !r.ok || s.sp(i-1) && s.isNum(i-1) {
			return text.Date{}, 0, false
		}
		mode, last := closest, j
		if s.sp(j) {
			switch s.word(j + 1) {
			case "tới":
				if s.upcoming(j + 1) {
					mode, last = onOrAfter, j+1
				}
			case "này":
				last = j + 1
			case "trước":
				mode, last = onOrBefore, j+1
			case "vừa":
				if s.sp(j+1) && s.word(j+2) == "qua" {
					mode, last = onOrBefore, j+2
				}
			}
		}
		y, ok := r.monthYear(int(m), mode)
		if !ok {
			return text.Date{}, 0, false
		}
		return md(y, int(m), last)
	}
	if !r.ok || plural(s, i) {
		return text.Date{}, 0, false
	}
	off := 0
	switch s.word(j) {
	case "này":
	case "tới", "sau":
		off = 1
	case "trước":
		if s.sp(j) && s.word(j+1) == "đây" {
			return text.Date{}, 0, false // trước đây: formerly
		}
		off = -1
	default:
		return text.Date{}, 0, false
	}
	t := r.today.AddDate(0, off, 1-r.today.Day())
	d, last, ok := md(t.Year(), int(t.Month()), j)
	d.Relative = true
	return d, last, ok
}

// plural reports whether the word at token i is counted or pluralised («3 tháng», «những
// tháng»), so that a following «tới»/«trước» makes a duration, not a date.
func plural(s *scan, i int) bool {
	if !s.sp(i - 1) {
		return false
	}
	if s.isNum(i - 1) {
		return true
	}
	if k, _, _ := numWord(s.word(i - 1)); k != wNone {
		return true
	}
	switch s.word(i - 1) {
	case "những", "các", "mấy", "vài", "nhiều", "hằng", "hàng", "mỗi", "bao", "từng":
		return true
	}
	return false
}

// yearAt reads «năm YYYY» and the relative «năm nay|tới|sau|ngoái|trước» at «năm» (token i).
func (s *scan) yearAt(i int, r *resolver) (text.Date, int, bool) {
	if !s.sp(i) {
		return text.Date{}, 0, false
	}
	j := i + 1
	yd := func(y, last int) text.Date {
		return text.Date{Span: s.span(i, last), Year: y, Precision: "year", Calendar: "gregorian"}
	}
	if s.isNum(j) {
		y, wy := s.digits(j)
		if wy != 4 || y < 1900 || y > 2100 || s.adj(j) && (s.isWord(j+1) || s.isNum(j+1) || s.punct(j+1, '.') && s.adj(j+1) && s.isNum(j+2)) {
			return text.Date{}, 0, false
		}
		if s.period(j) {
			return text.Date{}, 0, false
		}
		return yd(int(y), j), j, true
	}
	if !r.ok || plural(s, i) {
		return text.Date{}, 0, false
	}
	off := 0
	switch s.word(j) {
	case "nay":
	case "tới", "sau":
		off = 1
	case "ngoái", "trước":
		if s.sp(j) && s.word(j+1) == "đây" {
			return text.Date{}, 0, false // trước đây: formerly
		}
		off = -1
	default:
		return text.Date{}, 0, false
	}
	d := yd(r.today.Year()+off, j)
	d.Relative = true
	return d, j, true
}

// period reports whether the year at token j opens a period «2025-2030», «2025 - 2030» or
// «2025 đến 2030».
func (s *scan) period(j int) bool {
	switch {
	case s.near(j) && s.punct(j+1, '-') && s.near(j+1) && s.isNum(j+2):
	case s.sp(j) && (s.word(j+1) == "đến" || s.word(j+1) == "tới") && s.sp(j+1) && s.isNum(j+2):
	default:
		return false
	}
	_, w := s.digits(j + 2)
	return w == 4
}

// quarter reads «quý I/2025», «quý 1/2025», «quý IV năm 2025» at «quý» (token i): year
// precision.
func (s *scan) quarter(i int) (text.Date, int, bool) {
	if !s.sp(i) {
		return text.Date{}, 0, false
	}
	j := i + 1
	switch s.word(j) {
	case "i", "ii", "iii", "iv":
	case "":
		if v, w := s.digits(j); !s.isNum(j) || w != 1 || v < 1 || v > 4 {
			return text.Date{}, 0, false
		}
	default:
		return text.Date{}, 0, false
	}
	k := -1
	switch {
	case s.adj(j) && (s.punct(j+1, '/') || s.punct(j+1, '-')) && s.adj(j+1):
		k = j + 2
	case s.sp(j) && s.word(j+1) == "năm" && s.sp(j+1):
		k = j + 2
	default:
		return text.Date{}, 0, false
	}
	y, wy := s.digits(k)
	if !s.isNum(k) || wy != 4 || y < 1900 || y > 2100 || s.adj(k) && (s.isNum(k+1) || s.isWord(k+1)) {
		return text.Date{}, 0, false
	}
	return text.Date{Span: s.span(i, k), Year: int(y), Precision: "year", Calendar: "gregorian"}, k, true
}
