package vi

import (
	"reflect"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

// fuzzSeeds are the seed corpus of every fuzz target: corpus-style sentences, decomposed and
// old-style text, and edge cases.
func fuzzSeeds(f *testing.F) {
	for _, s := range []string{
		"(GLO)- Sáng 23-10, tại phường Quy Nhơn, UBND tỉnh Gia Lai và VNPT đã ký kết thỏa thuận hợp tác chiến lược giai đoạn 2025-2030.",
		"Tại phường Đồng Hới, Bộ trưởng dự lễ đưa vào hoạt động 1.250 trạm BTS 4G/5G với tổng vốn khoảng 980 tỷ đồng.",
		"Ngày 11.9, bà Nguyễn Thị Thuý - Chủ tịch UBND tỉnh Khánh Hoà - đi kiểm tra; thoả thuận ký trong quý I/2025.",
		norm.NFD.String("Ngày 2/12, Viettel TP.HCM hoàn thành 2.150 trạm với khoảng 3,5 nghìn tỷ đồng."),
		"từ ngày 12 đến 14/3, Thứ năm, 17/9/2026, Ngày mai (15/8), Tối qua, thứ Hai tuần trước, trong tháng 12 tới",
		"một trăm linh năm, hai mươi lăm, hai nghìn không trăm hai mươi lăm, 1,5 tỷ đô la Mỹ, US$5 triệu, thứ ba",
		"PGS.TS. Nguyễn Văn A tại Q. 1... “Đúng vậy!” – 2025 – 2030\r\n\u00a0\u200b\ufeff",
		"e\u0301\u200b\u0301 o\u200bà hoà\u0323 \xff\xfe 1.2.3.4.5.6.7.8.9.10 0905.123.456 ᄀ\u200bᅡ",
		"",
	} {
		f.Add(s)
	}
}

func FuzzNormalize(f *testing.F) {
	fuzzSeeds(f)
	p := New()
	f.Fuzz(func(t *testing.T, s string) {
		tx := p.Normalize(s)
		checkText(t, tx)
		if again := p.Normalize(tx.Norm); again.Norm != tx.Norm {
			t.Fatalf("not idempotent: %q → %q → %q", s, tx.Norm, again.Norm)
		}
		if again := p.Normalize(s); again.Norm != tx.Norm {
			t.Fatalf("not deterministic")
		}
		if c := Canonical(s); Canonical(c) != c {
			t.Fatalf("Canonical not idempotent: %q → %q", s, c)
		}
	})
}

func FuzzSentences(f *testing.F) {
	fuzzSeeds(f)
	p := New()
	f.Fuzz(func(t *testing.T, s string) {
		tx := p.Normalize(s)
		checkSpans(t, "fuzz", tx, p)
		if !reflect.DeepEqual(p.Sentences(tx), p.Sentences(tx)) {
			t.Fatal("not deterministic")
		}
	})
}

func FuzzNumbers(f *testing.F) {
	fuzzSeeds(f)
	p := New()
	f.Fuzz(func(t *testing.T, s string) {
		tx := p.Normalize(s)
		nums := p.Numbers(tx)
		prev := 0
		for _, n := range nums {
			if n.Start < prev || n.End <= n.Start || n.End > len(tx.Norm) || n.Value < 0 || n.Value != n.Value {
				t.Fatalf("bad number %+v in %q", n, tx.Norm)
			}
			prev = n.End
		}
		if !reflect.DeepEqual(nums, p.Numbers(tx)) || !reflect.DeepEqual(p.Money(tx), p.Money(tx)) {
			t.Fatal("not deterministic")
		}
		checkSpans(t, "fuzz", tx, p)
	})
}

func FuzzDates(f *testing.F) {
	fuzzSeeds(f)
	p := New()
	ref := time.Date(2025, 12, 28, 4, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		tx := p.Normalize(s)
		for _, r := range []time.Time{{}, ref} {
			ds := p.Dates(tx, r)
			for _, d := range ds {
				if d.Precision == "day" && !validDay(d.Year, d.Month, d.Day) || d.Year < 1900 || d.Year > 2100 {
					t.Fatalf("invalid date %+v in %q", d, tx.Norm)
				}
				if d.Until != nil && !d.Time().Before(d.Until.Time()) {
					t.Fatalf("range %+v ends before it starts", d)
				}
				if r.IsZero() && (d.Relative || d.Precision != "year" && d.Year == 0) {
					t.Fatalf("zero ref gave %+v", d)
				}
			}
			if !reflect.DeepEqual(ds, p.Dates(tx, r)) {
				t.Fatal("not deterministic")
			}
		}
		checkSpans(t, "fuzz", tx, p)
	})
}
