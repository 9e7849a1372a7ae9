package vi

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tinkhabar/tinkhabar/pkg/text"
)

// dateStr writes a found date as «text=key[..until] [flags]», r for Relative, w for
// WeekdayOnly.
func dateStr(tx *text.Text, d text.Date) string {
	s := tx.Norm[d.Start:d.End] + "=" + dateKey(d)
	if d.Until != nil {
		s += ".." + dateKey(*d.Until) + "(" + tx.Norm[d.Until.Start:d.Until.End] + ")"
	}
	if d.Relative {
		s += " r"
	}
	if d.WeekdayOnly {
		s += " w"
	}
	if d.Calendar != "gregorian" {
		s += " calendar " + d.Calendar
	}
	return s
}

func TestDates(t *testing.T) {
	utc := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	// 2025-09-01T23:40Z is Tuesday 2 September 2025, 06:40 in Vietnam.
	tue := utc("2025-09-01T23:40:00Z")
	tests := []struct {
		name string
		in   string
		ref  time.Time
		want []string
	}{
		{"dash day", "Sáng 23-10, tại phường Quy Nhơn. Trước đó, chiều 22-10, đoàn khảo sát.", utc("2025-10-23T04:30:00Z"),
			[]string{"Sáng 23-10=2025-10-23", "chiều 22-10=2025-10-22"}},
		{"dot day", "Sáng 15.7, hội nghị. Ngày 11.9, bà đi kiểm tra. Hạn trước ngày 31.12.", utc("2025-07-15T08:00:00Z"),
			[]string{"Sáng 15.7=2025-07-15", "Ngày 11.9=2025-09-11", "ngày 31.12=2025-12-31"}},
		{"full dates", "Ngày 5/11/2025, ký hợp đồng; hạn 25-11-2025 và 12.12.2025; tệp 2025-10-23.", time.Time{},
			[]string{"Ngày 5/11/2025=2025-11-05", "25-11-2025=2025-11-25", "12.12.2025=2025-12-12", "2025-10-23=2025-10-23"}},
		{"words", "ngày 23 tháng 10 năm 2025 và ngày 2 tháng 9", utc("2025-10-30T00:00:00Z"),
			[]string{"ngày 23 tháng 10 năm 2025=2025-10-23", "ngày 2 tháng 9=2025-09-02"}},
		{"slash needs a cue", "hỗ trợ 24/7, 1/3 số xã, Quốc khánh 2/9, vào 6/8, (15/8), trước 31/12", utc("2025-08-01T00:00:00Z"),
			[]string{"6/8=2025-08-06", "15/8=2025-08-15", "31/12=2025-12-31"}},
		{"dash and dot need a cue", "tỷ lệ 15.7 và 3.5 GHz, tỷ số 23-10", utc("2025-07-01T00:00:00Z"), nil},
		{"not dates", "giai đoạn 2025-2030, năm 2025-2030, năm 2025 - 2030, 1.250 trạm, gọi 0905.123.456, ngày 32/1, ngày 31/4, tháng 13/2025, ngày 30/2/2025", utc("2025-07-01T00:00:00Z"), nil},
		{"weekday with date", "Thứ năm, 17/9/2026, đoàn đến. Chiều thứ Tư (16/9) họp.", utc("2026-09-10T00:00:00Z"),
			[]string{"Thứ năm, 17/9/2026=2026-09-17", "Chiều thứ Tư (16/9)=2026-09-16"}},
		{"weekday disagrees", "Thứ Hai, 17/9/2026, đoàn đến. Thứ Ba, ngày 16/9, họp.", utc("2026-09-10T00:00:00Z"),
			[]string{"17/9/2026=2026-09-17", "ngày 16/9=2026-09-16"}},
		{"weekday picks the year", "thứ Sáu, ngày 2/1", utc("2025-07-01T00:00:00Z"), []string{"thứ Sáu, ngày 2/1=2026-01-02"}},
		{"month", "đến hết tháng 11/2025, tháng 10 năm 2024, trong tháng 8, tháng 4 này", utc("2025-09-01T23:40:00Z"),
			[]string{"tháng 11/2025=2025-11", "tháng 10 năm 2024=2024-10", "tháng 8=2025-08", "tháng 4 này=2025-04"}},
		{"month tới", "trong tháng 12 tới; tháng 1 tới; tháng 10 vừa qua", utc("2025-11-20T03:00:00Z"),
			[]string{"tháng 12 tới=2025-12", "tháng 1 tới=2026-01", "tháng 10 vừa qua=2025-10"}},
		{"relative months", "tháng này, tháng tới, tháng trước; 3 tháng tới, những tháng tới, trước đây", utc("2025-01-15T03:00:00Z"),
			[]string{"tháng này=2025-01 r", "tháng tới=2025-02 r", "tháng trước=2024-12 r"}},
		{"years", "trong năm 2026, quý I/2025, quý IV năm 2025, quý 3/2024, cuối năm 2025, năm ngoái, năm nay, năm tới, 5 năm tới, những năm qua", utc("2025-03-20T12:00:00Z"),
			[]string{"năm 2026=2026", "quý I/2025=2025", "quý IV năm 2025=2025", "quý 3/2024=2024", "năm 2025=2025",
				"năm ngoái=2024 r", "năm nay=2025 r", "năm tới=2026 r"}},
		{"range", "từ ngày 12 đến 14/3, đoàn công tác", utc("2026-03-09T03:00:00Z"),
			[]string{"từ ngày 12 đến 14/3=2026-03-12..2026-03-14(14/3)"}},
		{"range forms", "từ 30/9 đến 2/10; ngày 25-27/9; từ ngày 23 đến ngày 26/9; từ 30 đến 2/10", utc("2025-09-20T03:00:00Z"),
			[]string{"từ 30/9 đến 2/10=2025-09-30..2025-10-02(2/10)", "ngày 25-27/9=2025-09-25..2025-09-27(27/9)",
				"từ ngày 23 đến ngày 26/9=2025-09-23..2025-09-26(26/9)", "từ 30 đến 2/10=2025-09-30..2025-10-02(2/10)"}},
		{"range across the year", "từ 30/12/2025 đến 2/1/2026", time.Time{},
			[]string{"từ 30/12/2025 đến 2/1/2026=2025-12-30..2026-01-02(2/1/2026)"}},
		{"start of a period is a single date", "Từ ngày 1.10, một số nhà mạng điều chỉnh giá.", utc("2024-10-03T04:00:00Z"),
			[]string{"ngày 1.10=2024-10-01"}},
		{"tới rolls over", "vào ngày 6/1 tới tại TP Vinh", utc("2024-12-28T04:00:00Z"), []string{"ngày 6/1 tới=2025-01-06"}},
		{"closest rolls over", "ngày 6/1", utc("2024-12-28T04:00:00Z"), []string{"ngày 6/1=2025-01-06"}},
		{"tới is upcoming", "Ngày 1/12 tới, tỉnh tổ chức lễ", utc("2025-02-10T00:00:00Z"), []string{"Ngày 1/12 tới=2025-12-01"}},
		{"tới is a place", "Ngày 14/8 tới Quảng Trị", utc("2025-08-20T00:00:00Z"), []string{"Ngày 14/8=2025-08-14"}},
		{"vừa qua", "ngày 25/12 vừa qua", utc("2025-01-10T00:00:00Z"), []string{"ngày 25/12 vừa qua=2024-12-25"}},
		{"relative days", "hôm nay, sáng nay, tối nay, ngày mai, sáng mai, chiều mai, hôm qua, chiều qua, Tối qua, hôm kia, ngày kia, ngày hôm qua", tue,
			[]string{"hôm nay=2025-09-02 r", "sáng nay=2025-09-02 r", "tối nay=2025-09-02 r", "ngày mai=2025-09-03 r",
				"sáng mai=2025-09-03 r", "chiều mai=2025-09-03 r", "hôm qua=2025-09-01 r", "chiều qua=2025-09-01 r",
				"Tối qua=2025-09-01 r", "hôm kia=2025-08-31 r", "ngày kia=2025-09-04 r", "ngày hôm qua=2025-09-01 r"}},
		{"not relative", "ngày nay, sáng cùng ngày, đi qua, ngày thứ hai của chuyến công tác, lần thứ ba", tue, nil},
		{"relative with date", "Ngày mai (15/8), đoàn sẽ làm việc.", utc("2025-08-14T11:00:00Z"), []string{"Ngày mai (15/8)=2025-08-15"}},
		{"weekdays", "thứ Hai, thứ Ba, Chủ nhật, thứ Tư, sáng thứ năm, chiều thứ 7", tue,
			[]string{"thứ Hai=2025-09-01 r w", "thứ Ba=2025-09-02 r w", "Chủ nhật=2025-08-31 r w", "thứ Tư=2025-08-27 r w",
				"sáng thứ năm=2025-08-28 r w", "chiều thứ 7=2025-08-30 r w"}},
		{"weekday modifiers", "thứ Hai tới, thứ Sáu tuần này, thứ Hai tuần trước, thứ Ba tuần sau", tue,
			[]string{"thứ Hai tới=2025-09-08 r w", "thứ Sáu tuần này=2025-09-05 r w", "thứ Hai tuần trước=2025-08-25 r w",
				"thứ Ba tuần sau=2025-09-09 r w"}},
		{"zero ref", "Sáng 23-10, hôm nay, thứ Hai, tháng 8, năm nay, 23/10/2025, năm 2025, tháng 10/2025", time.Time{},
			[]string{"23/10/2025=2025-10-23", "năm 2025=2025", "tháng 10/2025=2025-10"}},
		{"leap day", "ngày 29/2 và ngày 29/2/2025", utc("2025-03-01T00:00:00Z"), []string{"ngày 29/2=2024-02-29"}},
		{"NFD and old tones", "Chiều 22.11, tại TP Thanh Hoá, năm 2025", utc("2024-11-22T10:00:00Z"),
			[]string{"Chiều 22.11=2024-11-22", "năm 2025=2025"}},
	}
	p := New()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tx := p.Normalize(tc.in)
			var got []string
			for _, d := range p.Dates(tx, tc.ref) {
				got = append(got, dateStr(tx, d))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("dates (-want +got):\n%s", diff)
			}
			checkSpans(t, tc.name, tx, p)
		})
	}
}

// TestDatesZone checks that the reference is taken in Vietnam whatever its zone.
func TestDatesZone(t *testing.T) {
	p := New()
	if p.Zone().String() != "Asia/Ho_Chi_Minh" {
		t.Errorf("zone %s", p.Zone())
	}
	tx := p.Normalize("Hôm nay")
	ref := time.Date(2025, 9, 1, 23, 40, 0, 0, time.UTC)
	for _, loc := range []*time.Location{time.UTC, time.FixedZone("X", -10*3600), p.Zone()} {
		ds := p.Dates(tx, ref.In(loc))
		if len(ds) != 1 || dateKey(ds[0]) != "2025-09-02" {
			t.Errorf("ref in %s: %v", loc, keys(ds))
		}
	}
}
