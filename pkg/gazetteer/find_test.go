package gazetteer

import (
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"golang.org/x/text/unicode/norm"

	"github.com/tinkhabar/tinkhabar/pkg/text"
)

// describe renders a match as «original text|meaning»: loc:, city:, former:id>current, org:id
// (with @location when it has one of its own), role:id (with @org).
func describe(t *text.Text, m Match) string {
	e := m.Entry
	var d string
	switch e.Kind {
	case KindLocation:
		switch {
		case e.City:
			d = "city:" + e.Location.ID
		case e.Former:
			d = "former:" + e.Location.ID + ">" + e.Location.CurrentID
		default:
			d = "loc:" + e.Location.ID
		}
	case KindOrg:
		d = "org:" + e.Org.ID
		if e.Location != nil && e.Location.ID != e.Org.ID {
			d += "@" + e.Location.ID
		}
	case KindRole:
		d = "role:" + e.Role.ID
		if e.Org != nil {
			d += "@" + e.Org.ID
		}
	default:
		d = e.Kind.String()
	}
	return t.OrigText(m.Span) + "|" + d
}

func findAll(g *Gazetteer, lang, s string) []string {
	t := normalize(lang, s)
	var out []string
	for _, m := range g.Find(lang, t) {
		out = append(out, describe(t, m))
	}
	return out
}

func TestFindPersian(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct {
		name, in string
		want     []string
	}{
		{"kermanshah is not kerman", "وزیر ارتباطات امروز به کرمانشاه سفر کرد.",
			[]string{"وزیر ارتباطات|role:minister@ir/ict-ministry", "کرمانشاه|loc:ir/kermanshah"}},
		{"both, in either order", "کرمانشاه پس از کرمان و خوزستان سومین استان است.",
			[]string{"کرمانشاه|loc:ir/kermanshah", "کرمان|loc:ir/kerman", "خوزستان|loc:ir/khuzestan"}},
		{"kermanshah with a space", "استاندار کرمان شاه",
			[]string{"استاندار|role:governor", "کرمان شاه|loc:ir/kermanshah"}},
		{"a word containing a name", "شرکت\u200cهای کرمانی و تهرانی", nil},
		{"a name before a ZWNJ suffix", "کرمان\u200cها", nil},
		{"Persian Gulf and Fars news agency are not Fars", "به گزارش خبرگزاری فارس، کشتی\u200cها در خلیج فارس به زبان فارسی",
			nil},
		{"Fars province", "استاندار فارس در شیراز گفت", []string{"استاندار|role:governor", "فارس|loc:ir/fars", "شیراز|city:ir/fars"}},
		{"markazi only with its qualifier", "بانک مرکزی و دفتر مرکزی شرکت در استان مرکزی و اراک",
			[]string{"استان مرکزی|loc:ir/markazi", "اراک|city:ir/markazi"}},
		{"golestan only with its qualifier", "کاخ گلستان؛ استاندار گلستان، استان گلستان و گرگان",
			[]string{"استاندار|role:governor", "استان گلستان|loc:ir/golestan", "گرگان|city:ir/golestan"}},
		{"governorate", "استانداری گلستان",
			[]string{"استانداری گلستان|org:ir/golestan"}},
		{"ZWNJ, space or nothing", "اسلام\u200cآباد غرب، اسلام آباد غرب، اسلامآباد غرب و خرم\u200cآباد و خرمآباد",
			[]string{"اسلام\u200cآباد غرب|city:ir/kermanshah", "اسلام آباد غرب|city:ir/kermanshah", "اسلامآباد غرب|city:ir/kermanshah",
				"خرم\u200cآباد|city:ir/lorestan", "خرمآباد|city:ir/lorestan"}},
		{"Arabic letters", "استاندار كرمانشاه در ديدار با مديرعامل ايرانسل",
			[]string{"استاندار|role:governor", "كرمانشاه|loc:ir/kermanshah", "مديرعامل|role:company_head", "ايرانسل|org:org/irancell"}},
		{"a name glued to a digit", "۱۸۱ طرح در کیش۲", nil},
		{"deputy minister who heads an organisation", "معاون وزیر ارتباطات و فناوری اطلاعات و رئیس سازمان فناوری اطلاعات ایران",
			[]string{"معاون وزیر ارتباطات و فناوری اطلاعات|role:deputy_minister@ir/ict-ministry", "رئیس|role:other",
				"سازمان فناوری اطلاعات ایران|org:name:سازمان فناوری اطلاعات ایران"}},
		{"deputy minister is not minister", "معاون وزیر گفت و وزیر افزود",
			[]string{"معاون وزیر|role:deputy_minister", "وزیر|role:minister"}},
		{"president and vice-president", "معاون رئیس\u200cجمهور و رییس جمهور",
			[]string{"معاون رئیس\u200cجمهور|role:vice_president", "رییس جمهور|role:president"}},
		{"committee chair", "رئیس کمیسیون صنایع و معادن مجلس شورای اسلامی",
			[]string{"رئیس|role:other", "مجلس شورای اسلامی|org:name:مجلس شورای اسلامی"}},
		{"delegation, not the board", "هیئتی از مدیران و رئیس هیئت مدیره همراه اول؛ جلسه هیئت مدیره",
			[]string{"هیئتی|role:delegation", "رئیس هیئت مدیره|role:company_head", "همراه اول|org:org/mci"}},
		{"provincial government and operator", "تفاهم\u200cنامه استانداری خوزستان و شرکت ارتباطات سیار ایران",
			[]string{"استانداری خوزستان|org:ir/khuzestan", "شرکت ارتباطات سیار ایران|org:org/mci"}},
		{"island", "در سفر به جزیره کیش؛ کیش و مات", []string{"جزیره کیش|city:ir/hormozgan"}},
		{"months are not places", "در مهرماه و آذرماه و دی ماه", nil},
		{"foreign", "سفر وزیر به مسکو، پایتخت روسیه، و سپس کره جنوبی؛ کره زمین",
			[]string{"وزیر|role:minister", "مسکو|city:ru", "روسیه|loc:ru", "کره جنوبی|loc:kr"}},
		{"a road", "محور همدان - کرمانشاه", []string{"همدان|loc:ir/hamadan", "کرمانشاه|loc:ir/kermanshah"}},
		{"Alborz mountains", "کوه\u200cهای البرز و استاندار البرز",
			[]string{"استاندار|role:governor", "البرز|loc:ir/alborz"}},
		{"operators are not Iran", "ایرانسل، مخابرات ایران و تجهیزات مخابراتی ایران",
			[]string{"ایرانسل|org:org/irancell", "مخابرات ایران|org:org/tci", "ایران|loc:ir"}},
		{"science parks", "پارک علم و فناوری کرمانشاه و پارک علم و فناوری استان کرمان",
			[]string{"پارک علم و فناوری کرمانشاه|org:name:پارک علم و فناوری کرمانشاه@ir/kermanshah",
				"پارک علم و فناوری استان کرمان|org:name:پارک علم و فناوری استان کرمان@ir/kerman"}},
		{"ICT directorate", "اداره کل ارتباطات و فناوری اطلاعات استان یزد",
			[]string{"اداره کل ارتباطات و فناوری اطلاعات استان یزد|org:name:اداره کل ارتباطات و فناوری اطلاعات استان یزد@ir/yazd"}},
		{"cities", "جیرفت، کهنوج، منوجان، بم، رفسنجان، سیرجان، کاشان، بندرعباس، سرپل ذهاب، کنگاور",
			[]string{"جیرفت|city:ir/kerman", "کهنوج|city:ir/kerman", "منوجان|city:ir/kerman", "بم|city:ir/kerman",
				"رفسنجان|city:ir/kerman", "سیرجان|city:ir/kerman", "کاشان|city:ir/isfahan", "بندرعباس|city:ir/hormozgan",
				"سرپل ذهاب|city:ir/kermanshah", "کنگاور|city:ir/kermanshah"}},
		{"Gilan-e Gharb is in Kermanshah", "گیلانغرب و گیلان", []string{"گیلانغرب|city:ir/kermanshah", "گیلان|loc:ir/gilan"}},
		{"cable is not Kabul", "کابل فیبر نوری", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := findAll(g, "fa", tc.in)
			if diff := cmp.Diff(tc.want, got, cmpEmpty); diff != "" {
				t.Errorf("Find(%q) (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func TestFindVietnamese(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct {
		name, in string
		want     []string
	}{
		{"Hà Nam is not Hà Nội", "Thứ trưởng Bộ TT&TT làm việc với tỉnh Hà Nam, liền kề Thủ đô Hà Nội.",
			[]string{"Thứ trưởng Bộ TT&TT|role:deputy_minister@vn/mic", "tỉnh Hà Nam|former:vn/ha-nam>vn/ninh-binh", "Hà Nội|loc:vn/ha-noi"}},
		{"peace is not Hòa Bình", "vì hòa bình và phát triển; Hòa bình là mục tiêu", nil},
		{"Hòa Bình in either tone placement", "tỉnh Hòa Bình và UBND tỉnh Hoà Bình",
			[]string{"tỉnh Hòa Bình|former:vn/hoa-binh>vn/phu-tho", "UBND tỉnh Hoà Bình|org:vn/hoa-binh"}},
		{"an all-caps headline keeps the place", "HÒA BÌNH THU HÚT ĐẦU TƯ", []string{"HÒA BÌNH|former:vn/hoa-binh>vn/phu-tho"}},
		{"long an lower case", "cuộc sống long an, yên ổn", nil},
		{"the five Quảng", "Quảng Nam, Quảng Ngãi, Quảng Ninh, Quảng Trị và Quảng Bình",
			[]string{"Quảng Nam|former:vn/quang-nam>vn/da-nang", "Quảng Ngãi|loc:vn/quang-ngai", "Quảng Ninh|loc:vn/quang-ninh",
				"Quảng Trị|loc:vn/quang-tri", "Quảng Bình|former:vn/quang-binh>vn/quang-tri"}},
		{"Bà Rịa - Vũng Tàu is one former province", "khu vực Bà Rịa - Vũng Tàu cũ và phường Vũng Tàu",
			[]string{"Bà Rịa - Vũng Tàu|former:vn/ba-ria-vung-tau>vn/ho-chi-minh", "Vũng Tàu|city:vn/ho-chi-minh"}},
		{"Thừa Thiên Huế is vn/hue", "UBND tỉnh Thừa Thiên Huế; thành phố Huế",
			[]string{"UBND tỉnh Thừa Thiên Huế|org:vn/hue", "Huế|loc:vn/hue"}},
		{"Ho Chi Minh City", "TP.HCM, TP HCM, TPHCM, Tp. Hồ Chí Minh, Thành phố Hồ Chí Minh và Sài Gòn; Lăng Chủ tịch Hồ Chí Minh",
			[]string{"TP.HCM|loc:vn/ho-chi-minh", "TP HCM|loc:vn/ho-chi-minh", "TPHCM|loc:vn/ho-chi-minh", "Tp. Hồ Chí Minh|loc:vn/ho-chi-minh",
				"Thành phố Hồ Chí Minh|loc:vn/ho-chi-minh", "Sài Gòn|loc:vn/ho-chi-minh"}},
		{"operators and brands", "VNPT VinaPhone, Vietnamobile", []string{"VNPT|org:org/vnpt", "VinaPhone|org:org/vnpt", "Vietnamobile|org:name:vietnamobile"}},
		{"cities of former provinces are in the present unit", "Quy Nhơn, Pleiku, Vũng Tàu, Thủ Dầu Một, Hội An, Tam Kỳ, Đà Lạt, Phan Thiết, Nha Trang, Phan Rang, Buôn Ma Thuột, Tuy Hòa, Hạ Long, Đồng Hới, TP Vinh",
			[]string{"Quy Nhơn|city:vn/gia-lai", "Pleiku|city:vn/gia-lai", "Vũng Tàu|city:vn/ho-chi-minh", "Thủ Dầu Một|city:vn/ho-chi-minh",
				"Hội An|city:vn/da-nang", "Tam Kỳ|city:vn/da-nang", "Đà Lạt|city:vn/lam-dong", "Phan Thiết|city:vn/lam-dong",
				"Nha Trang|city:vn/khanh-hoa", "Phan Rang|city:vn/khanh-hoa", "Buôn Ma Thuột|city:vn/dak-lak", "Tuy Hòa|city:vn/dak-lak",
				"Hạ Long|city:vn/quang-ninh", "Đồng Hới|city:vn/quang-tri", "TP Vinh|city:vn/nghe-an"}},
		{"Kon Tum the former province and the ward", "UBND tỉnh Kon Tum tại TP Kon Tum; phường Kon Tum",
			[]string{"UBND tỉnh Kon Tum|org:vn/kon-tum", "TP Kon Tum|city:vn/quang-ngai", "phường Kon Tum|city:vn/quang-ngai"}},
		{"a given name is not a district", "Chủ tịch UBND tỉnh Lê Đức Hoà tiếp ông Nguyễn Văn Vinh",
			[]string{"Chủ tịch UBND|role:governor"}},
		{"governor, place after the title", "Chủ tịch UBND tỉnh Gia Lai Trương Văn Hòa",
			[]string{"Chủ tịch UBND|role:governor", "tỉnh Gia Lai|loc:vn/gia-lai"}},
		{"vice-chair is not governor", "Phó Chủ tịch UBND tỉnh Kon Tum",
			[]string{"Phó Chủ tịch UBND|role:other", "tỉnh Kon Tum|former:vn/kon-tum>vn/quang-ngai"}},
		{"party secretary", "Bí thư Tỉnh ủy Lào Cai và Phó Bí thư Tỉnh uỷ",
			[]string{"Bí thư Tỉnh ủy|role:party_secretary", "Lào Cai|loc:vn/lao-cai", "Phó Bí thư Tỉnh uỷ|role:other"}},
		{"prime minister", "Thủ tướng Chính phủ và Phó Thủ tướng",
			[]string{"Thủ tướng Chính phủ|role:prime_minister", "Phó Thủ tướng|role:other"}},
		{"company heads", "Tổng giám đốc Viettel, Chủ tịch HĐTV VNPT và Chủ tịch Hội đồng thành viên MobiFone",
			[]string{"Tổng giám đốc|role:company_head", "Viettel|org:org/viettel", "Chủ tịch HĐTV|role:company_head", "VNPT|org:org/vnpt",
				"Chủ tịch Hội đồng thành viên|role:company_head", "MobiFone|org:org/mobifone"}},
		{"delegation and the group's full name", "đoàn công tác Tập đoàn Công nghiệp - Viễn thông Quân đội (Viettel)",
			[]string{"đoàn công tác|role:delegation", "Tập đoàn Công nghiệp - Viễn thông Quân đội|org:org/viettel", "Viettel|org:org/viettel"}},
		{"đoàn inside other words", "tinh thần đoàn kết của Tập đoàn Hòa Phát và ông Đoàn Văn Hậu", nil},
		{"acronyms keep their capitals", "fpt và vnpt; FPT và VNPT",
			[]string{"FPT|org:org/fpt", "VNPT|org:org/vnpt"}},
		{"France, not a solution", "giải pháp, biện pháp, Pháp luật; sang Pháp", []string{"Pháp|loc:fr"}},
		{"Pacific Ocean is not Thái Bình", "châu Á - Thái Bình Dương; tỉnh Thái Bình",
			[]string{"tỉnh Thái Bình|former:vn/thai-binh>vn/hung-yen"}},
		{"ministers", "Bộ trưởng Khoa học và Công nghệ Trần Minh Khôi, Bộ trưởng Bộ TT&TT, Bộ trưởng Bộ Công Thương",
			[]string{"Bộ trưởng Khoa học và Công nghệ|role:minister@vn/mst", "Bộ trưởng Bộ TT&TT|role:minister@vn/mic", "Bộ trưởng|role:minister"}},
		{"provincial department", "Sở Khoa học và Công nghệ Quảng Trị",
			[]string{"Sở Khoa học và Công nghệ Quảng Trị|org:name:sở khoa học và công nghệ quảng trị@vn/quang-tri"}},
		{"decomposed input", norm.NFD.String("UBND TP Đà Nẵng"), []string{norm.NFD.String("UBND TP Đà Nẵng") + "|org:vn/da-nang"}},
		{"America", "xuất khẩu mỹ phẩm sang Mỹ và châu Mỹ", []string{"Mỹ|loc:us"}},
		{"foreign", "chuyến công tác tại Hàn Quốc, thăm Seoul và Daejeon; Nhật Bản, Lào, Campuchia",
			[]string{"Hàn Quốc|loc:kr", "Seoul|city:kr", "Daejeon|city:kr", "Nhật Bản|loc:jp", "Lào|loc:la", "Campuchia|loc:kh"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := findAll(g, "vi", tc.in)
			if diff := cmp.Diff(tc.want, got, cmpEmpty); diff != "" {
				t.Errorf("Find(%q) (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

// cmpEmpty makes a nil and an empty want alike.
var cmpEmpty = cmpopts.EquateEmpty()

// TestFindConcurrent runs Find from several goroutines (go test -race checks the sharing) and
// compares with one goroutine.
func TestFindConcurrent(t *testing.T) {
	g := testGazetteer(t)
	articles := readCorpus(t)
	texts := make([]*text.Text, len(articles))
	want := make([][]Match, len(articles))
	for i, a := range articles {
		texts[i] = normalize(a.Lang, a.Text)
		want[i] = g.Find(a.Lang, texts[i])
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4*len(articles))
	for range 4 {
		wg.Go(func() {
			for i, a := range articles {
				if got := g.Find(a.Lang, texts[i]); !slices.Equal(got, want[i]) {
					errs <- a.ID
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for id := range errs {
		t.Errorf("%s: concurrent Find differs", id)
	}
}

func TestFindNothing(t *testing.T) {
	g := testGazetteer(t)
	if got := g.Find("en", normalize("vi", "Hà Nội")); got != nil {
		t.Errorf("unknown language: %v, want nil", got)
	}
	if got := g.Find("vi", nil); got != nil {
		t.Errorf("nil text: %v, want nil", got)
	}
	// A Text built by hand, without Fold, is still searched.
	if got := g.Find("vi", &text.Text{Orig: "ở Hà Nội", Norm: "ở Hà Nội"}); len(got) != 1 || got[0].Entry.Location.ID != "vn/ha-noi" {
		t.Errorf("Text without Fold: %v, want Hà Nội", got)
	}
	if got, want := g.Langs(), []string{"fa", "vi"}; !cmp.Equal(got, want) {
		t.Errorf("Langs() = %v, want %v", got, want)
	}
}

func TestLocationAndOrg(t *testing.T) {
	g := testGazetteer(t)
	loc, ok := g.Location("vn/binh-dinh")
	want := Location{ID: "vn/binh-dinh", Name: "Binh Dinh", Native: "Bình Định", Country: "VN", Level: "province", CurrentID: "vn/gia-lai"}
	if !ok || loc != want {
		t.Errorf("Location(vn/binh-dinh) = %+v, %v; want %+v", loc, ok, want)
	}
	if loc, ok := g.Location("ru"); !ok || loc.Level != "country" || loc.Country != "RU" {
		t.Errorf("Location(ru) = %+v, %v", loc, ok)
	}
	if _, ok := g.Location("vn/nowhere"); ok {
		t.Error("Location(vn/nowhere) found")
	}
	if org, ok := g.Org("ir/ict-ministry"); !ok || org.Kind != "ministry" || org.Native != "وزارت ارتباطات و فناوری اطلاعات" {
		t.Errorf("Org(ir/ict-ministry) = %+v, %v", org, ok)
	}
	if org, ok := g.Org("vn/gia-lai"); !ok || org.Kind != "government" || org.Native != "UBND tỉnh Gia Lai" {
		t.Errorf("Org(vn/gia-lai), the provincial government = %+v, %v", org, ok)
	}
	if org, ok := g.Org(NameID("Đại học Quốc gia Thành phố Hồ Chí Minh")); !ok || org.Kind != "university" {
		t.Errorf("Org(name:đại học quốc gia …) = %+v, %v", org, ok)
	}
	if _, ok := g.Org("org/none"); ok {
		t.Error("Org(org/none) found")
	}
	for _, id := range []string{"org/vnpt", "org/viettel", "org/mobifone", "org/fpt", "org/tci", "org/mci", "org/irancell",
		"org/rightel", "org/tic", "ir/ict-ministry", "vn/mst", "vn/mic"} {
		if _, ok := g.Org(id); !ok {
			t.Errorf("Org(%s) missing: spec/events.md names it", id)
		}
	}
}
