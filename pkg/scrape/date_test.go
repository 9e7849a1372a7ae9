package scrape

import (
	"errors"
	"testing"
	"time"
)

func TestParseVisibleDate(t *testing.T) {
	teh, _ := time.LoadLocation("Asia/Tehran")
	hcm, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	for _, tc := range []struct {
		in, lang string
		zone     *time.Location
		want     string // RFC 3339 UTC, or "" for an error
	}{
		{"۱۹ بهمن ۱۴۰۲، ۹:۳۰", "fa", teh, "2024-02-08T06:00:00Z"},
		{"۱۴۰۴/۱۰/۱۸ - ۱۴:۱۴", "fa", teh, "2026-01-08T10:44:00Z"},
		{"21:35 سه شنبه، 17ام بهمن\u200cماه 1391", "fa", teh, "2013-02-05T18:05:00Z"},
		{"شنبه ۸ آذر ۱۴۰۴ - ۱۲:۱۰", "fa", teh, "2025-11-29T08:40:00Z"},
		{"١٩ بهمن ١٤٠٢", "fa", teh, "2024-02-07T20:30:00Z"}, // Arabic-Indic digits, midnight Tehran
		{"February 5, 2013", "fa", teh, "2013-02-04T20:30:00Z"},
		{"۳۰ اسفند ۱۴۰۳", "fa", teh, "2025-03-19T20:30:00Z"}, // 1403 is a leap year
		{"۳۰ اسفند ۱۴۰۴", "fa", teh, ""},                     // 1404 is not: no rollover into Farvardin
		{"۱۴۰۴/۱۳/۰۱", "fa", teh, ""},
		{"Thứ năm, 17/9/2026, 07:31 (GMT+7)", "vi", hcm, "2026-09-17T00:31:00Z"},
		{"17/09/2026 07:31", "vi", hcm, "2026-09-17T00:31:00Z"},
		{"08/10/2025 14:30 GMT+7", "vi", hcm, "2025-10-08T07:30:00Z"},
		{"không có ngày", "vi", hcm, ""},
		{"", "fa", teh, ""},
	} {
		got, err := ParseVisibleDate(tc.in, tc.lang, tc.zone)
		if tc.want == "" {
			if !errors.Is(err, ErrNoDate) {
				t.Errorf("ParseVisibleDate(%q) = %v, %v; want ErrNoDate", tc.in, got, err)
			}
			continue
		}
		if err != nil || got.Format(time.RFC3339) != tc.want {
			t.Errorf("ParseVisibleDate(%q) = %v, %v; want %s", tc.in, got.Format(time.RFC3339), err, tc.want)
		}
	}
}

func TestParseMachineDate(t *testing.T) {
	hcm, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	for in, want := range map[string]string{
		"2020-04-17T14:26:21Z":      "2020-04-17T14:26:21Z",
		"2025-10-10T09:15:00+07:00": "2025-10-10T02:15:00Z",
		"2025-10-10T09:15:00":       "2025-10-10T02:15:00Z", // no offset: source zone
		"2025-05-09 11:05":          "2025-05-09T04:05:00Z",
	} {
		got, err := ParseMachineDate(in, hcm)
		if err != nil || got.Format(time.RFC3339) != want {
			t.Errorf("ParseMachineDate(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	if _, err := ParseMachineDate("2024-02-10 T 02:04:10 +0330", hcm); err == nil {
		t.Error("Nastooh's odd render-time format parsed; it must not be taken for a publish time")
	}
}

func TestCanonicalURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://www.mehrnews.com/news/6678412/سفر-وزیر?utm_source=rss&utm_medium=feed#comments": "https://www.mehrnews.com/news/6678412/%D8%B3%D9%81%D8%B1-%D9%88%D8%B2%DB%8C%D8%B1",
		"https://www.mehrnews.com/news/6678412/%d8%b3%d9%81%d8%b1-%d9%88%d8%b2%db%8c%d8%b1/":     "https://www.mehrnews.com/news/6678412/%D8%B3%D9%81%D8%B1-%D9%88%D8%B2%DB%8C%D8%B1",
		"HTTPS://VnExpress.net:443/a-4800000.html?fbclid=x&b=2&a=1":                              "https://vnexpress.net/a-4800000.html?a=1&b=2",
		"http://tuoitre.vn//x/./y/../z.htm?gclid=1":                                              "http://tuoitre.vn/x/z.htm",
	} {
		got, err := CanonicalURL(in)
		if err != nil || got != want {
			t.Errorf("CanonicalURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"javascript:alert(1)", "mailto:a@b", "/relative", "ftp://x/y"} {
		if _, err := CanonicalURL(bad); err == nil {
			t.Errorf("CanonicalURL(%q) accepted", bad)
		}
	}
}

func TestRulesFiles(t *testing.T) {
	r := testRules(t)
	if len(r.Names()) < 8 {
		t.Errorf("families = %v", r.Names())
	}
	if _, err := ParseFamily("bad", []byte("family: x\nbody: ['p']\nbodyy: ['q']\n")); err == nil {
		t.Error("unknown key accepted")
	}
	if _, err := ParseFamily("bad", []byte("family: x\nbody: ['p[']\n")); err == nil {
		t.Error("bad selector accepted")
	}
}
