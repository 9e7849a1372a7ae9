package serve_test

import (
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// fixture is a known event with a name the tests refer to.
type fixture struct {
	name string
	ev   *news.Event
}

func event(name, typ, lang, source, published string) *news.Event {
	return &news.Event{
		Type: typ, Lang: lang,
		Article:    news.ArticleRef{ID: "a_" + name, URL: "https://news.example/" + name, Source: source, Published: published},
		Confidence: 0.9,
		Extractor:  news.Extractor{Version: "test-1"},
	}
}

func withID(ev *news.Event) *news.Event {
	ev.ID = news.EventID(ev.Article.ID, ev.Type, ev.Key())
	return ev
}

var (
	kerman  = &news.Location{ID: "ir/kerman", Name: "Kerman", Native: "کرمان", Country: "IR", Level: "province"}
	tehran  = &news.Location{ID: "ir/tehran", Name: "Tehran", Native: "تهران", Country: "IR", Level: "province"}
	binhDin = &news.Location{ID: "vn/binh-dinh", Name: "Binh Dinh", Native: "Bình Định", Country: "VN", Level: "province", CurrentID: "vn/gia-lai"}
	haNoi   = &news.Location{ID: "vn/ha-noi", Name: "Ha Noi", Native: "Hà Nội", Country: "VN", Level: "province"}
	yazd    = &news.Location{ID: "ir/yazd", Name: "Yazd", Native: "یزد", Country: "IR", Level: "province"}
)

// fixtures are seven events, published in this order (stream sequences 1 to 7).
func fixtures() []fixture {
	persianDate := &news.Date{Value: "2025-12-01", Precision: news.PrecisionDay, Text: "دوشنبه ۱۰ آذرماه ۱۴۰۴", Calendar: news.CalendarPersian}

	v1 := event("fa-visit-kerman", news.TypeVisit, news.LangFa, "mehrnews", "2025-11-29T08:40:00Z")
	v1.Location, v1.Date, v1.Status = kerman, persianDate, news.StatusPlanned
	v1.Visitor = &news.Visitor{Name: "محمدحسین رستگار", Role: "minister", RoleText: "وزیر ارتباطات و فناوری اطلاعات", Org: "ir/ict-ministry"}
	v1.Evidence = news.Evidence{Text: "محمدحسین رستگار وزیر ارتباطات و فناوری اطلاعات روز دوشنبه ۱۰ آذرماه ۱۴۰۴ به استان كرمان سفر می‌کند.", Start: 0, End: 10}

	c2 := event("fa-count-kerman", news.TypeProjectCount, news.LangFa, "mehrnews", "2025-11-29T08:40:00Z")
	c2.Location, c2.Date, c2.Status = kerman, persianDate, news.StatusPlanned
	c2.Count, c2.Qualifier, c2.ProjectKind = 347, news.QualExact, "پروژه ارتباطی"
	c2.Evidence = news.Evidence{Text: "در این سفر ۳۴۷ پروژه ارتباطی در استان کرمان افتتاح خواهد شد.", Start: 12, End: 40}

	a3 := event("vi-agree-gialai", news.TypeAgreement, news.LangVi, "baogialai", "2025-10-23T04:00:00Z")
	a3.AgreementKind, a3.KindText, a3.Status = news.KindStrategic, "thỏa thuận hợp tác chiến lược", news.StatusDone
	a3.Parties = []news.Party{{ID: "vn/gia-lai", Name: "UBND tỉnh Gia Lai", Kind: "government"}, {ID: "org/vnpt", Name: "VNPT", Kind: "company"}}
	a3.Date = &news.Date{Value: "2025-10-23", Precision: news.PrecisionDay, Text: "ngày 23/10", Calendar: news.CalendarGregorian}
	a3.Evidence = news.Evidence{Text: "Ngày 23/10, UBND tỉnh Gia Lai và VNPT ký thỏa thuận hợp tác chiến lược.", Start: 0, End: 20}

	v4 := event("vi-visit-binhdinh", news.TypeVisit, news.LangVi, "tuoitre", "2024-12-01T02:00:00Z")
	v4.Location, v4.Status = binhDin, news.StatusDone
	v4.Visitor = &news.Visitor{Name: "Nguyễn Văn A", Role: "deputy_minister", RoleText: "Thứ trưởng"}
	v4.Evidence = news.Evidence{Text: "Thứ trưởng Nguyễn Văn A đã đến thăm tỉnh Bình Định.", Start: 0, End: 20}

	v5 := event("fa-visit-tehran", news.TypeVisit, news.LangFa, "irna", "2025-12-15T06:00:00Z")
	v5.Location, v5.Status = tehran, news.StatusDone
	v5.Visitor = &news.Visitor{Name: "علی احمدی", Role: "governor", RoleText: "استاندار"}
	v5.Evidence = news.Evidence{Text: "علی احمدی استاندار تهران از شهرستان ری بازدید کرد.", Start: 0, End: 20}

	c6 := event("vi-count-hanoi", news.TypeProjectCount, news.LangVi, "vnexpress", "2025-12-20T01:00:00Z")
	c6.Location, c6.Status, c6.Count, c6.Qualifier = haNoi, news.StatusDone, 12, news.QualAtLeast
	c6.ProjectKind = "dự án <b>hạ tầng</b>"
	c6.Evidence = news.Evidence{Text: `Hà Nội khánh thành hơn 12 dự án <script>window.pwned=1</script> <img src=x onerror="window.pwned=2">.`, Start: 0, End: 30}
	c6.Article.URL = "javascript:alert(document.cookie)"

	a7 := event("fa-agree-mci", news.TypeAgreement, news.LangFa, "isna", "2026-01-05T10:00:00Z")
	a7.AgreementKind, a7.KindText, a7.Status = news.KindMoU, "تفاهم‌نامه", news.StatusDone
	a7.Parties = []news.Party{{ID: "ir/khuzestan", Name: "استانداری خوزستان", Kind: "government"}, {ID: "org/mci", Name: "همراه اول", Kind: "company"}}
	a7.Evidence = news.Evidence{Text: "تفاهم‌نامه همکاری میان استانداری خوزستان و همراه اول امضا شد.", Start: 0, End: 20}

	var out []fixture
	for _, f := range []struct {
		name string
		ev   *news.Event
	}{{"fa-visit-kerman", v1}, {"fa-count-kerman", c2}, {"vi-agree-gialai", a3}, {"vi-visit-binhdinh", v4},
		{"fa-visit-tehran", v5}, {"vi-count-hanoi", c6}, {"fa-agree-mci", a7}} {
		out = append(out, fixture{name: f.name, ev: withID(f.ev)})
	}
	return out
}

// later are events published after the fixtures, in the live-stream tests.
func later(name, lang string, published string) *news.Event {
	ev := event(name, news.TypeVisit, lang, "yjc", published)
	ev.Location, ev.Status = yazd, news.StatusOngoing
	ev.Visitor = &news.Visitor{Role: "delegation"}
	ev.Evidence = news.Evidence{Text: "هیئتی به یزد سفر کرد " + name, Start: 0, End: 10}
	return withID(ev)
}
