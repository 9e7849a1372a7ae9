package fa

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestCalendarAgainstJalaaliJS checks ptime (through FromSolar and ToSolar) on every day from
// 1800-01-01 to 2200-12-31. The expected Jalali dates come from testdata/jalaali_years.json,
// generated once with jalaali-js 2.0.1 (tools/oracles): for each Jalali year the Gregorian
// date of its 1 Farvardin and its length. Within a year the months have 31 days (Farvardin to
// Shahrivar), then 30 (Mehr to Bahman), and Esfand the rest.
func TestCalendarAgainstJalaaliJS(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "jalaali_years.json"))
	if err != nil {
		t.Fatal(err)
	}
	var fixture struct {
		Years [][5]int `json:"years"`
	}
	if err := json.Unmarshal(data, &fixture); err != nil {
		t.Fatal(err)
	}
	first := time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(2200, 12, 31, 0, 0, 0, 0, time.UTC)
	checked, leapYears := 0, 0
	for i, y := range fixture.Years {
		jy, start, length := y[0], time.Date(y[1], time.Month(y[2]), y[3], 0, 0, 0, 0, time.UTC), y[4]
		if i+1 < len(fixture.Years) {
			next := fixture.Years[i+1]
			if end := start.AddDate(0, 0, length); !end.Equal(time.Date(next[1], time.Month(next[2]), next[3], 0, 0, 0, 0, time.UTC)) || next[0] != jy+1 {
				t.Fatalf("fixture: year %d does not end where year %d begins", jy, next[0])
			}
		}
		if length == 366 {
			leapYears++
		}
		// the day after the year's last day does not exist in it (30 Esfand of a common year)
		if _, ok := FromSolar(jy, 12, length-336+1); ok {
			t.Errorf("FromSolar(%d, 12, %d) exists; the year has %d days", jy, length-336+1, length)
		}
		for doy := range length {
			g := start.AddDate(0, 0, doy)
			if g.Before(first) || g.After(last) {
				continue
			}
			m, d := 1+doy/31, 1+doy%31
			if doy >= 186 {
				m, d = 7+(doy-186)/30, 1+(doy-186)%30
			}
			if gy, gm, gd := ToSolar(g); gy != jy || gm != m || gd != d {
				t.Fatalf("ToSolar(%s) = %d/%d/%d, jalaali-js %d/%d/%d", g.Format(time.DateOnly), gy, gm, gd, jy, m, d)
			}
			if back, ok := FromSolar(jy, m, d); !ok || !back.Equal(g) {
				t.Fatalf("FromSolar(%d, %d, %d) = %s %v, jalaali-js %s", jy, m, d, back.Format(time.DateOnly), ok, g.Format(time.DateOnly))
			}
			checked++
		}
	}
	if want := int((last.Unix()-first.Unix())/86400) + 1; checked != want {
		t.Errorf("checked %d days, want %d (1800-01-01 … 2200-12-31)", checked, want)
	}
	if leapYears < 90 {
		t.Errorf("only %d leap years in the fixture", leapYears)
	}
}

func TestCalendarAnchors(t *testing.T) {
	tests := []struct {
		y, m, d int
		want    string
		weekday time.Weekday
	}{
		{1404, 1, 1, "2025-03-21", time.Friday},
		{1404, 9, 1, "2025-11-22", time.Saturday},
		{1404, 9, 10, "2025-12-01", time.Monday},
		{1404, 10, 14, "2026-01-04", time.Sunday},
		{1405, 1, 1, "2026-03-21", time.Saturday},
		{1403, 12, 30, "2025-03-20", time.Thursday},
	}
	for _, tt := range tests {
		g, ok := FromSolar(tt.y, tt.m, tt.d)
		if !ok || g.Format(time.DateOnly) != tt.want || g.Weekday() != tt.weekday {
			t.Errorf("FromSolar(%d, %d, %d) = %s %s %v, want %s %s", tt.y, tt.m, tt.d, g.Format(time.DateOnly), g.Weekday(), ok, tt.want, tt.weekday)
		}
	}
	for _, bad := range [][3]int{{1404, 12, 30}, {1404, 7, 31}, {1404, 13, 1}, {1404, 0, 1}, {1404, 1, 0}, {1404, 1, 32}} {
		if g, ok := FromSolar(bad[0], bad[1], bad[2]); ok {
			t.Errorf("FromSolar(%v) = %s, want no date", bad, g.Format(time.DateOnly))
		}
	}
	for y, want := range map[int]int{1404: 2025, 1408: 2029, 1403: 2024, 1300: 1921} {
		if got := GregorianYear(y); got != want {
			t.Errorf("GregorianYear(%d) = %d, want %d", y, got, want)
		}
	}
	if got := SolarMonthName(9); got != "آذر" {
		t.Errorf("SolarMonthName(9) = %q", got)
	}
	if got := SolarMonthName(13); got != "" {
		t.Errorf("SolarMonthName(13) = %q", got)
	}
}
