package fa

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tinkhabar/tinkhabar/pkg/text"
)

// date is a date as the tables expect it: the original text of its span and describeDate.
type date struct {
	Text string
	Date string
}

// Publication times used by the tables (UTC, as articles carry them).
var (
	azar1404   = time.Date(2025, 11, 29, 8, 40, 0, 0, time.UTC)  // Saturday 8 Azar 1404, 12:10 in Tehran
	dey1404    = time.Date(2025, 12, 28, 10, 30, 0, 0, time.UTC) // Sunday 7 Dey 1404
	esfand1404 = time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)    // Tuesday 19 Esfand 1404
	nearMidn   = time.Date(2025, 12, 20, 21, 10, 0, 0, time.UTC) // Saturday UTC, Sunday 00:40 in Tehran
)

func TestDates(t *testing.T) {
	tests := []struct {
		name string
		in   string
		ref  time.Time
		want []date
	}{
		{"day month year", "روز دوشنبه ۱۰ آذرماه ۱۴۰۴ سفر می\u200cکند", azar1404,
			[]date{{"روز دوشنبه ۱۰ آذرماه ۱۴۰۴", "2025-12-01 day persian"}}},
		{"time of day and weekday in the span", "از عصر روز دوشنبه ۱۰ آذرماه ۱۴۰۴ آغاز می\u200cشود", azar1404,
			[]date{{"عصر روز دوشنبه ۱۰ آذرماه ۱۴۰۴", "2025-12-01 day persian"}}},
		{"weekday with a comma", "دوشنبه، ۱۰ آذر ۱۴۰۴", time.Time{},
			[]date{{"دوشنبه، ۱۰ آذر ۱۴۰۴", "2025-12-01 day persian"}}},
		{"ordinal day without year", "امروز شنبه دهم آذر", time.Date(2024, 11, 30, 12, 0, 0, 0, time.UTC),
			[]date{{"امروز شنبه دهم آذر", "2024-11-30 day persian"}}},
		{"weekday picks last year", "شنبه دهم آذر", azar1404,
			// 10 Azar 1404 (2025-12-01, closest) is a Monday; 10 Azar 1403 was a Saturday.
			[]date{{"شنبه دهم آذر", "2024-11-30 day persian"}}},
		{"month with mah apart", "۲۳ دی ماه", time.Date(2026, 1, 13, 14, 20, 0, 0, time.UTC),
			[]date{{"۲۳ دی ماه", "2026-01-13 day persian"}}},
		{"no year, same year", "روز سه\u200cشنبه ۲۲ مهرماه", time.Date(2025, 10, 15, 9, 50, 0, 0, time.UTC),
			[]date{{"روز سه\u200cشنبه ۲۲ مهرماه", "2025-10-14 day persian"}}},
		{"no year, next solar year is not closer", "۱۴ دی", azar1404,
			[]date{{"۱۴ دی", "2026-01-04 day persian"}}},
		{"year roll-over", "روز یکشنبه چهاردهم دی\u200cماه", dey1404,
			[]date{{"روز یکشنبه چهاردهم دی\u200cماه", "2026-01-04 day persian"}}},
		{"farvardin after esfand is next year", "۵ فروردین", esfand1404,
			[]date{{"۵ فروردین", "2026-03-25 day persian"}}},
		{"esfand before farvardin is last year", "۲۵ اسفند", time.Date(2026, 3, 25, 8, 0, 0, 0, time.UTC),
			[]date{{"۲۵ اسفند", "2026-03-16 day persian"}}},
		{"weekday picks the year", "پنجشنبه ۱ فروردین", time.Date(2025, 9, 21, 8, 0, 0, 0, time.UTC),
			// 1 Farvardin 1404 (2025-03-21) is a Friday, 1 Farvardin 1405 (2026-03-21) a Saturday,
			// 1 Farvardin 1403 (2024-03-20) a Wednesday: none is a Thursday, so the closest wins.
			[]date{{"پنجشنبه ۱ فروردین", "2026-03-21 day persian"}}},
		{"weekday agrees with a farther year", "شنبه ۱ فروردین", time.Date(2025, 9, 10, 8, 0, 0, 0, time.UTC),
			[]date{{"شنبه ۱ فروردین", "2026-03-21 day persian"}}},
		{"weekday overrides the closer year", "جمعه ۱ فروردین", time.Date(2025, 9, 30, 8, 0, 0, 0, time.UTC),
			[]date{{"جمعه ۱ فروردین", "2025-03-21 day persian"}}},
		{"ascii digits", "روز شنبه 4 مرداد", time.Date(2025, 7, 27, 6, 30, 0, 0, time.UTC),
			[]date{{"روز شنبه 4 مرداد", "2025-07-26 day persian"}}},
		{"arabic-indic digits and yeh", "روز شنبه ٢٠ دي\u200cماه", time.Date(2026, 1, 8, 9, 0, 0, 0, time.UTC),
			[]date{{"روز شنبه ٢٠ دي\u200cماه", "2026-01-10 day persian"}}},
		{"digit ordinal", "17ام بهمن\u200cماه 1391", time.Time{},
			[]date{{"17ام بهمن\u200cماه 1391", "2013-02-05 day persian"}}},
		{"year with sal", "۱۰ آذر سال ۱۴۰۴", time.Time{},
			[]date{{"۱۰ آذر سال ۱۴۰۴", "2025-12-01 day persian"}}},
		{"year with era", "۱۰ آذر ۱۴۰۴ هجری شمسی", time.Time{},
			[]date{{"۱۰ آذر ۱۴۰۴ هجری شمسی", "2025-12-01 day persian"}}},
		{"numeric solar", "تاریخ ۱۴۰۴/۰۹/۱۰ و 1404-01-01", time.Time{},
			[]date{{"۱۴۰۴/۰۹/۱۰", "2025-12-01 day persian"}, {"1404-01-01", "2025-03-21 day persian"}}},
		{"numeric day first", "10/09/1404", time.Time{}, []date{{"10/09/1404", "2025-12-01 day persian"}}},
		{"numeric gregorian", "2025/12/01", time.Time{}, []date{{"2025/12/01", "2025-12-01 day gregorian"}}},
		{"not a numeric date", "نسخه 1.2.3 و 1404/09/10/5 و 12/09/10", time.Time{}, nil},
		{"month and year", "تا پایان آذرماه ۱۴۰۳ و آذر ۱۴۰۴", time.Time{},
			[]date{{"آذرماه ۱۴۰۳", "2024-11-00 month persian"}, {"آذر ۱۴۰۴", "2025-11-00 month persian"}}},
		{"month this year", "در مهرماه امسال", azar1404, []date{{"مهرماه امسال", "2025-09-00 month persian"}}},
		{"month last year", "در مهر ماه سال گذشته", azar1404, []date{{"مهر ماه سال گذشته", "2024-09-00 month persian"}}},
		{"month without year, closest", "از شهریورماه", time.Date(2025, 7, 27, 6, 30, 0, 0, time.UTC),
			[]date{{"شهریورماه", "2025-08-00 month persian"}}},
		{"month after a context word", "تا پایان شهریور", time.Date(2025, 8, 20, 8, 30, 0, 0, time.UTC),
			[]date{{"شهریور", "2025-08-00 month persian"}}},
		{"ambiguous month names alone", "خبرگزاری مهر و میدان هفت تیر، بهمن و دی", azar1404,
			[]date{{"هفت تیر", "2025-06-28 day persian"}}},
		{"ambiguous month with mah", "بهمن\u200cماه ۱۴۰۳", time.Time{}, []date{{"بهمن\u200cماه ۱۴۰۳", "2025-01-00 month persian"}}},
		{"solar year", "تا پایان سال ۱۴۰۴", time.Time{}, []date{{"سال ۱۴۰۴", "2025-00-00 year persian"}}},
		{"solar year range", "از سال 1404 تا 1408", time.Time{},
			[]date{{"از سال 1404 تا 1408", "2025-00-00 year persian until 2029-00-00 year persian"}}},
		{"solar years range", "سال\u200cهای ۱۴۰۴ تا سال ۱۴۰۸", time.Time{},
			[]date{{"سال\u200cهای ۱۴۰۴ تا سال ۱۴۰۸", "2025-00-00 year persian until 2029-00-00 year persian"}}},
		{"gregorian date", "۲۳ اکتبر ۲۰۲۵", time.Time{}, []date{{"۲۳ اکتبر ۲۰۲۵", "2025-10-23 day gregorian"}}},
		{"gregorian month alone", "در دسامبر", azar1404, []date{{"دسامبر", "2025-12-00 month gregorian"}}},
		{"gregorian year", "سال ۲۰۲۵ میلادی", time.Time{}, []date{{"سال ۲۰۲۵ میلادی", "2025-00-00 year gregorian"}}},
		{"may needs a day", "می توان گفت ۱۰ می ۲۰۲۵", time.Time{}, []date{{"۱۰ می ۲۰۲۵", "2025-05-10 day gregorian"}}},
		{"day range in one month", "از ۱۰ تا ۱۲ آذر", azar1404,
			[]date{{"از ۱۰ تا ۱۲ آذر", "2025-12-01 day persian until 2025-12-03 day persian"}}},
		{"day range without from", "۱۰ الی ۱۲ آذر ۱۴۰۴", time.Time{},
			[]date{{"۱۰ الی ۱۲ آذر ۱۴۰۴", "2025-12-01 day persian until 2025-12-03 day persian"}}},
		{"range across months", "از ۲۸ آبان تا ۳ آذر", azar1404,
			[]date{{"از ۲۸ آبان تا ۳ آذر", "2025-11-19 day persian until 2025-11-24 day persian"}}},
		{"range across the year", "۲۵ اسفند تا ۵ فروردین ۱۴۰۵", time.Time{},
			[]date{{"۲۵ اسفند تا ۵ فروردین ۱۴۰۵", "2026-03-16 day persian until 2026-03-25 day persian"}}},
		{"month range", "از مهرماه تا آذرماه ۱۴۰۴", time.Time{},
			[]date{{"از مهرماه تا آذرماه ۱۴۰۴", "2025-09-00 month persian until 2025-11-00 month persian"}}},
		{"year across a line break", "سال\n۱۴۰۴", time.Time{}, nil},
		{"backwards range is two dates", "۱۲ تا ۱۰ آذر ۱۴۰۴", time.Time{}, []date{{"۱۰ آذر ۱۴۰۴", "2025-12-01 day persian"}}},
		{"from without a range", "از ۱۰ آذر ۱۴۰۴", time.Time{}, []date{{"۱۰ آذر ۱۴۰۴", "2025-12-01 day persian"}}},
		// relative days
		{"today", "امروز در کرمان", azar1404, []date{{"امروز", "2025-11-29 day persian relative"}}},
		{"tonight and last night", "امشب و دیشب", azar1404,
			[]date{{"امشب", "2025-11-29 day persian relative"}, {"دیشب", "2025-11-28 day persian relative"}}},
		{"tomorrow with weekday", "فردا سه\u200cشنبه", time.Date(2026, 2, 16, 8, 0, 0, 0, time.UTC),
			[]date{{"فردا سه\u200cشنبه", "2026-02-17 day persian relative"}}},
		{"morning of yesterday", "از صبح دیروز", time.Date(2025, 9, 3, 7, 30, 0, 0, time.UTC),
			[]date{{"صبح دیروز", "2025-09-02 day persian relative"}}},
		{"morning of today with weekday", "صبح امروز دوشنبه", time.Date(2025, 5, 12, 10, 45, 0, 0, time.UTC),
			[]date{{"صبح امروز دوشنبه", "2025-05-12 day persian relative"}}},
		{"day after tomorrow", "پس\u200cفردا و پس فردا", azar1404,
			[]date{{"پس\u200cفردا", "2025-12-01 day persian relative"}, {"پس فردا", "2025-12-01 day persian relative"}}},
		{"the day before", "روز گذشته و شب گذشته", azar1404,
			[]date{{"روز گذشته", "2025-11-28 day persian relative"}, {"شب گذشته", "2025-11-28 day persian relative"}}},
		{"the last nine days are not yesterday", "طی ۹ روز گذشته", azar1404, nil},
		{"local date near midnight", "امروز یکشنبه", nearMidn, []date{{"امروز یکشنبه", "2025-12-21 day persian relative"}}},
		{"relative needs a reference", "امروز و دوشنبه و ۱۰ آذر", time.Time{}, nil},
		// weekdays
		{"bare weekday", "روز یکشنبه", time.Date(2024, 11, 18, 7, 20, 0, 0, time.UTC),
			[]date{{"روز یکشنبه", "2024-11-17 day persian relative weekday"}}},
		{"bare weekday is today", "شنبه", azar1404, []date{{"شنبه", "2025-11-29 day persian relative weekday"}}},
		{"weekday with time of day", "عصر روز دوشنبه", time.Date(2025, 2, 18, 6, 30, 0, 0, time.UTC),
			[]date{{"عصر روز دوشنبه", "2025-02-17 day persian relative weekday"}}},
		{"weekday written with a space", "روز سه شنبه", time.Date(2024, 8, 21, 8, 0, 0, 0, time.UTC),
			[]date{{"روز سه شنبه", "2024-08-20 day persian relative weekday"}}},
		{"weekday of next week", "دوشنبه هفته آینده", azar1404,
			[]date{{"دوشنبه هفته آینده", "2025-12-08 day persian relative"}}},
		{"weekday of last week", "دوشنبه هفته گذشته", azar1404,
			[]date{{"دوشنبه هفته گذشته", "2025-11-24 day persian relative"}}},
		{"next weekday", "دوشنبه آینده و شنبه آینده", azar1404,
			[]date{{"دوشنبه آینده", "2025-12-01 day persian relative"}, {"شنبه آینده", "2025-12-06 day persian relative"}}},
		{"last weekday", "شنبه گذشته", azar1404, []date{{"شنبه گذشته", "2025-11-22 day persian relative"}}},
		// invalid
		{"31 esfand", "۳۱ اسفند ۱۴۰۳", time.Time{}, nil},
		{"30 esfand of a common year", "۳۰ اسفند ۱۴۰۴", time.Time{}, nil},
		{"30 esfand of a leap year", "۳۰ اسفند ۱۴۰۳", time.Time{}, []date{{"۳۰ اسفند ۱۴۰۳", "2025-03-20 day persian"}}},
		{"31 mehr", "۳۱ مهر ۱۴۰۴", time.Time{}, nil},
		{"day 0", "۰ آذر ۱۴۰۴", time.Time{}, nil},
		{"month 13", "1404/13/01", time.Time{}, nil},
		{"31 november", "۳۱ نوامبر ۲۰۲۵", time.Time{}, nil},
		{"numbers are not years", "۱۰ آذر ۲۵ پروژه", time.Time{}, nil},
	}
	p := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tx := p.Normalize(tt.in)
			ds := p.Dates(tx, tt.ref)
			var got []date
			for _, d := range ds {
				got = append(got, date{tx.OrigText(d.Span), describeDate(d)})
				if d.Until != nil && (d.Until.Span.Start < d.Start || d.Until.Span.End > d.End) {
					t.Errorf("Until span %v outside the range's span %v", d.Until.Span, d.Span)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Dates(%q, %v) (-want +got):\n%s", tt.in, tt.ref, diff)
			}
			checkSpans(t, "dates", tx, spans(ds, func(d text.Date) text.Span { return d.Span }))
		})
	}
}

// TestDatesZone: the pack resolves in Asia/Tehran whatever the zone of ref.
func TestDatesZone(t *testing.T) {
	p := New()
	if p.Zone().String() != "Asia/Tehran" {
		t.Errorf("Zone() = %v, want Asia/Tehran", p.Zone())
	}
	tx := p.Normalize("امروز")
	for _, ref := range []time.Time{nearMidn, nearMidn.In(time.FixedZone("PST", -8*3600)), nearMidn.In(p.Zone())} {
		ds := p.Dates(tx, ref)
		if len(ds) != 1 || ds[0].Time().Format(time.DateOnly) != "2025-12-21" {
			t.Errorf("Dates(امروز, %v) = %+v, want 2025-12-21", ref, ds)
		}
	}
}
