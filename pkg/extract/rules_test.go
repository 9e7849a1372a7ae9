package extract_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tinkhabar/tinkhabar/pkg/gold"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// TestRules pins the behaviour of each rule on short articles written for this test: what is
// an event and what is not, and the arguments read from each wording. Each want line is
// "type key status date role|qualifier|kind", fields the case does not care about left "-".
func TestRules(t *testing.T) {
	e := newEngine(t)
	// Tuesday 2025-11-25, 08:00 UTC: 11:30 in Tehran, 15:00 in Hanoi.
	pub := time.Date(2025, 11, 25, 8, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name, lang, text string
		want             []string
	}{
		// Persian visits.
		{"fa planned trip with date", "fa",
			"وزیر ارتباطات و فناوری اطلاعات روز پنجشنبه ۶ آذر به استان یزد سفر می‌کند.",
			[]string{"visit ir/yazd planned 2025-11-27 minister"}},
		{"fa trip done yesterday, city to province", "fa",
			"معاون وزیر ارتباطات دیروز در سفر به کاشان از مرکز داده این شهر بازدید کرد.",
			[]string{"visit ir/isfahan done 2025-11-24 deputy_minister"}},
		{"fa online meeting is no visit", "fa",
			"وزیر ارتباطات امروز در نشست برخط با استانداران، وضعیت پوشش شبکه را بررسی کرد.",
			nil},
		{"fa Kermanshah is not Kerman", "fa",
			"مدیرعامل همراه اول امروز در سفر به کرمانشاه ۴۰ سایت نسل چهارم را افتتاح کرد.",
			[]string{"visit ir/kermanshah done 2025-11-25 company_head", "project_count 40 done 2025-11-25 exact"}},
		// Persian counts.
		{"fa words, qualifier, planned", "fa",
			"در این سفر بیش از سیصد و بیست پروژه ارتباطی در استان فارس افتتاح خواهد شد.",
			[]string{"project_count 320 planned - at_least"}},
		{"fa villages and percent are not projects", "fa",
			"با این طرح‌ها ۱۲۰ روستا به اینترنت متصل شدند و پوشش به ۹۵ درصد رسید.",
			nil},
		{"fa ground-breaking is ongoing", "fa",
			"عملیات اجرایی ۱۵ پروژه فیبر نوری در استان گیلان روز گذشته آغاز شد.",
			[]string{"project_count 15 ongoing 2025-11-24 exact"}},
		// Persian agreements.
		{"fa MoU signed", "fa",
			"تفاهم‌نامه همکاری میان استانداری زنجان و شرکت ارتباطات زیرساخت امروز به امضا رسید.",
			[]string{"agreement ir/zanjan,org/tic done 2025-11-25 mou"}},
		{"fa a request is no agreement", "fa",
			"استاندار کرمان خواستار انعقاد قرارداد با مخابرات ایران برای توسعه فیبر نوری شد.",
			nil},
		{"fa strategic wins over contract", "fa",
			"قرارداد همکاری راهبردی همراه اول و استانداری خوزستان فردا امضا می‌شود.",
			[]string{"agreement ir/khuzestan,org/mci planned 2025-11-26 strategic_cooperation"}},
		// Vietnamese visits.
		{"vi trip on a date, former province", "vi",
			"Ngày 20/11, Thứ trưởng Bộ Khoa học và Công nghệ đã có chuyến công tác tại tỉnh Bình Định cũ.",
			[]string{"visit vn/binh-dinh done 2025-11-20 deputy_minister"}},
		{"vi planned visit tomorrow", "vi",
			"Sáng mai, Bộ trưởng Bộ Khoa học và Công nghệ sẽ đến thăm và làm việc tại Lào Cai.",
			[]string{"visit vn/lao-cai planned 2025-11-26 minister"}},
		{"vi video bridge is no visit", "vi",
			"Chiều nay, Bộ trưởng chủ trì hội nghị trực tuyến với 34 tỉnh, thành phố.",
			nil},
		{"vi Hà Nam is not Hà Nội", "vi",
			"Ngày 24/11, Tổng giám đốc VNPT đến làm việc tại Hà Nam.",
			[]string{"visit vn/ha-nam done 2025-11-24 company_head"}},
		// Vietnamese counts.
		{"vi dot thousands and about", "vi",
			"Ngày 24/11, các doanh nghiệp đã khánh thành khoảng 1.250 trạm BTS tại Nghệ An.",
			[]string{"project_count 1250 done 2025-11-24 about"}},
		{"vi pillars and levels are not projects", "vi",
			"Tỉnh tập trung vào ba trụ cột và vận hành chính quyền hai cấp.",
			nil},
		{"vi planned with hơn", "vi",
			"Thành phố dự kiến khởi công hơn 30 dự án hạ tầng số trong năm 2026.",
			[]string{"project_count 30 planned 2026 at_least"}},
		// Vietnamese agreements.
		{"vi strategic agreement with period", "vi",
			"Ngày 25/11, UBND tỉnh Gia Lai và Viettel đã ký kết thỏa thuận hợp tác chiến lược giai đoạn 2026-2030.",
			[]string{"agreement org/viettel,vn/gia-lai done 2025-11-25 strategic_cooperation"}},
		{"vi request is no agreement", "vi",
			"UBND tỉnh đề nghị VNPT sớm ký hợp đồng nâng cấp mạng cáp quang.",
			nil},
		{"vi count of MoUs without parties", "vi",
			"Ngày 25/11, 12 biên bản ghi nhớ hợp tác đầu tư đã được ký kết tại hội nghị.",
			[]string{"agreement count:12 done 2025-11-25 mou"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := news.Article{ID: "t", Lang: c.lang, Source: "test", Text: c.text, Published: &pub}
			evs, err := e.Extract(&a)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, ev := range evs {
				got = append(got, describe(ev))
			}
			if len(got) != len(c.want) {
				t.Fatalf("got %q, want %q", got, c.want)
			}
			for i := range got {
				if !matches(got[i], c.want[i]) {
					t.Errorf("event %d: got %q, want %q", i, got[i], c.want[i])
				}
			}
		})
	}
}

// describe renders an event as "type key status date role|qualifier|kind".
func describe(ev news.Event) string {
	g := gold.FromEvent(ev)
	detail := g.VisitorRole + g.Qualifier + g.AgreementKind
	return strings.Join([]string{ev.Type, ev.Key(), g.Status, cmpOr(g.Date, "-"), cmpOr(detail, "-")}, " ")
}

func cmpOr(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// matches compares field by field, "-" in want matching anything.
func matches(got, want string) bool {
	g, w := strings.Fields(got), strings.Fields(want)
	if len(g) != len(w) {
		return false
	}
	for i := range w {
		if w[i] != "-" && w[i] != g[i] {
			return false
		}
	}
	return true
}
