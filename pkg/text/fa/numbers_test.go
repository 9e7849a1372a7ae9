package fa

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tinkhabar/tinkhabar/pkg/text"
)

// num is a number as the tables expect it: the original text of its span and its value.
type num struct {
	Text    string
	Value   float64
	Words   bool
	Ordinal bool
}

func TestNumbers(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []num
	}{
		{"persian digits", "افتتاح ۳۴۷ پروژه", []num{{"۳۴۷", 347, false, false}}},
		{"arabic-indic digits", "افتتاح ١٢٥ پروژه", []num{{"١٢٥", 125, false, false}}},
		{"ascii digits", "اجرای 35 پروژه", []num{{"35", 35, false, false}}},
		{"thousands separator", "۱۲٬۴۰۰ کیلومتر و 1,250,000 نفر", []num{{"۱۲٬۴۰۰", 12400, false, false}, {"1,250,000", 1250000, false, false}}},
		{"decimal", "رشد ۱۲٫۵ درصد و 1.5 برابر", []num{{"۱۲٫۵", 12.5, false, false}, {"1.5", 1.5, false, false}}},
		{"slash decimal before a scale", "۲/۵ میلیون نفر", []num{{"۲/۵ میلیون", 2.5e6, true, false}}},
		{"slash without a scale is not a number", "نسبت ۳/۴ است", nil},
		{"list comma is not thousands", "سال\u200cهای 12,5 و ۷", []num{{"12", 12, false, false}, {"5", 5, false, false}, {"۷", 7, false, false}}},
		{"words 347", "سیصد و چهل و هفت پروژه", []num{{"سیصد و چهل و هفت", 347, true, false}}},
		{"words 55", "پنجاه و پنج پروژه", []num{{"پنجاه و پنج", 55, true, false}}},
		{"words 30", "سی طرح پستی", []num{{"سی", 30, true, false}}},
		{"arabic letters", "سي طرح و يك سفر", []num{{"سي", 30, true, false}, {"يك", 1, true, false}}},
		{"yeksad", "یکصد پروژه", []num{{"یکصد", 100, true, false}}},
		{"devist", "دویست سایت", []num{{"دویست", 200, true, false}}},
		{"chaharsad", "چهارصد سایت", []num{{"چهارصد", 400, true, false}}},
		{"chahar sad", "چهار صد سایت", []num{{"چهار صد", 400, true, false}}},
		{"hezar o 500", "هزار و ۵۰۰ پروژه", []num{{"هزار و ۵۰۰", 1500, true, false}}},
		{"hezar o 200 milliard", "هزار و ۲۰۰ میلیارد تومان", []num{{"هزار و ۲۰۰ میلیارد", 1.2e12, true, false}}},
		{"do million", "دو میلیون مشترک", []num{{"دو میلیون", 2e6, true, false}}},
		{"20 hezar", "۲۰ هزار نفر", []num{{"۲۰ هزار", 20000, true, false}}},
		{"1.5 million", "۱.۵ میلیون نفر", []num{{"۱.۵ میلیون", 1.5e6, true, false}}},
		{"se milliard", "سه میلیارد دلار", []num{{"سه میلیارد", 3e9, true, false}}},
		{"20 hezar milliard", "۲۰ هزار میلیارد ریال", []num{{"۲۰ هزار میلیارد", 2e13, true, false}}},
		{"12 hezar o 400", "12 هزار و 400 کیلومتر", []num{{"12 هزار و 400", 12400, true, false}}},
		{"groups", "۱۱ میلیون و ۸۰۰ هزار مشترک", []num{{"۱۱ میلیون و ۸۰۰ هزار", 11.8e6, true, false}}},
		{"milliard o million", "4 میلیارد و 200 میلیون ریال", []num{{"4 میلیارد و 200 میلیون", 4.2e9, true, false}}},
		{"words with scales", "دو میلیون و پانصد هزار", []num{{"دو میلیون و پانصد هزار", 2.5e6, true, false}}},
		{"half", "دو و نیم میلیون نفر و یک میلیون و نیم", []num{{"دو و نیم میلیون", 2.5e6, true, false}, {"یک میلیون و نیم", 1.5e6, true, false}}},
		{"list of digits", "۱۲، ۱۴ و ۱۸ درصد", []num{{"۱۲", 12, false, false}, {"۱۴", 14, false, false}, {"۱۸", 18, false, false}}},
		{"list with and", "۵ و ۶ درصد", []num{{"۵", 5, false, false}, {"۶", 6, false, false}}},
		{"list of scaled amounts", "۱۰ هزار و ۲۰ هزار", []num{{"۱۰ هزار", 10000, true, false}, {"۲۰ هزار", 20000, true, false}}},
		{"units are not added", "یک و دو", []num{{"یک", 1, true, false}, {"دو", 2, true, false}}},
		{"ordinal dahom", "دهم آذر", []num{{"دهم", 10, true, true}}},
		{"ordinal chahardahom", "چهاردهم دی\u200cماه", []num{{"چهاردهم", 14, true, true}}},
		{"compound ordinal", "بیست و دوم بهمن", []num{{"بیست و دوم", 22, true, true}}},
		{"ordinal with min", "بیست و هشتمین نمایشگاه", []num{{"بیست و هشتمین", 28, true, true}}},
		{"yekom", "یکم فروردین", []num{{"یکم", 1, true, true}}},
		{"aval", "معاون اول", []num{{"اول", 1, true, true}}},
		{"sevom", "سومین استان", []num{{"سومین", 3, true, true}}},
		{"nakhostin", "نخستین بار", []num{{"نخستین", 1, true, true}}},
		{"si-om", "سی\u200cام اسفند و سی ام", []num{{"سی\u200cام", 30, true, true}, {"سی ام", 30, true, true}}},
		{"digit ordinal", "17ام بهمن\u200cماه", []num{{"17ام", 17, false, true}}},
		{"chahar sadom", "چهار صدم", []num{{"چهار صدم", 400, true, true}}},
		{"two-day", "سفر دو روزه و سفری یک روزه", []num{{"دو", 2, true, false}, {"یک", 1, true, false}}},
		{"yek inside words", "یکی از یکشنبه\u200cها و نیکو", nil},
		{"si inside words", "سیستان و سیم", nil},
		{"weekday is not a number", "روز سه شنبه", nil},
		{"na as no", "نه تنها اینترنت", nil},
		{"na in a compound", "بیست و نه و نه هزار", []num{{"بیست و نه", 29, true, false}, {"نه هزار", 9000, true, false}}},
		{"5G is not a number", "نسل 5G و 4G", nil},
		{"digits after latin", "COVID19 و x86", nil},
		{"clock time", "ساعت ۱۴:۳۰ و ساعت ۱۸", []num{{"۱۸", 18, false, false}}},
		{"solar date", "تاریخ ۱۴۰۴/۰۹/۱۰ و 1404-09-10", nil},
		{"range with dash", "۱۰-۱۲ درصد", []num{{"۱۰", 10, false, false}, {"۱۲", 12, false, false}}},
		{"digits glued to persian", "هیئت ۱۲نفره", []num{{"۱۲", 12, false, false}}},
		{"percent", "۳۴٪ رشد", []num{{"۳۴", 34, false, false}}},
		{"long identifier", "شماره 2004001256000043 اعلام شد", []num{{"2004001256000043", 2004001256000043, false, false}}},
		{"no number across a line", "بیست\nو پنج", []num{{"بیست", 20, true, false}, {"پنج", 5, true, false}}},
		{"zero", "صفر درصد", []num{{"صفر", 0, true, false}}},
	}
	p := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tx := p.Normalize(tt.in)
			ns := p.Numbers(tx)
			var got []num
			for _, n := range ns {
				got = append(got, num{tx.OrigText(n.Span), n.Value, n.Words, n.Ordinal})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Numbers(%q) (-want +got):\n%s", tt.in, diff)
			}
			checkSpans(t, "numbers", tx, spans(ns, func(n text.Number) text.Span { return n.Span }))
		})
	}
}

// TestNumberWordsOracle reads numbers written out by @persian-tools/persian-tools (see
// tools/oracles) and checks that each phrase is one number of that value, cardinal and
// ordinal. The oracle writes 4xx as «چهار صد» and 9xx as «نه صد», spellings the parser must
// accept as well as «چهارصد».
func TestNumberWordsOracle(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "number_words.json"))
	if err != nil {
		t.Fatal(err)
	}
	var fixture struct {
		Numbers []struct {
			N       float64 `json:"n"`
			Words   string  `json:"words"`
			Ordinal string  `json:"ordinal"`
		} `json:"numbers"`
	}
	if err := json.Unmarshal(data, &fixture); err != nil {
		t.Fatal(err)
	}
	if len(fixture.Numbers) < 400 {
		t.Fatalf("fixture has %d numbers", len(fixture.Numbers))
	}
	p := New()
	for _, x := range fixture.Numbers {
		for _, c := range []struct {
			phrase  string
			ordinal bool
		}{{x.Words, false}, {x.Ordinal, true}} {
			if c.phrase == "نه" {
				continue // a lone «نه» is read as "no" (see Numbers)
			}
			tx := p.Normalize(c.phrase)
			ns := p.Numbers(tx)
			if len(ns) != 1 || ns[0].Value != x.N || ns[0].Ordinal != c.ordinal || ns[0].Span != (text.Span{Start: 0, End: len(tx.Norm)}) {
				t.Errorf("Numbers(%q) = %+v, want one number %v (ordinal %v) over the whole phrase", c.phrase, ns, x.N, c.ordinal)
			}
		}
	}
}

func TestMoney(t *testing.T) {
	type money struct {
		Text     string
		Amount   float64
		Currency string
	}
	tests := []struct {
		in   string
		want []money
	}{
		{"با اعتبار ۲۰ هزار میلیارد ریال", []money{{"۲۰ هزار میلیارد ریال", 2e13, "IRR"}}},
		{"هزار و ۲۰۰ میلیارد تومان اعتبار", []money{{"هزار و ۲۰۰ میلیارد تومان", 1.2e12, "IRT"}}},
		{"با ٣ همت اعتبار", []money{{"٣ همت", 3e12, "IRT"}}},
		{"۵۰۰ میلیون تومان و ۱۲ میلیون دلار", []money{{"۵۰۰ میلیون تومان", 5e8, "IRT"}, {"۱۲ میلیون دلار", 1.2e7, "USD"}}},
		{"۴ میلیارد و ۲۰۰ میلیون ريال", []money{{"۴ میلیارد و ۲۰۰ میلیون ريال", 4.2e9, "IRR"}}},
		{"۳ میلیون یورو", []money{{"۳ میلیون یورو", 3e6, "EUR"}}},
		{"پروژه ۲۰ میلیارد ریالی", []money{{"۲۰ میلیارد ریالی", 2e10, "IRR"}}},
		{"۸۵ هزار تومان به ۱۱۴ هزار تومان", []money{{"۸۵ هزار تومان", 85000, "IRT"}, {"۱۱۴ هزار تومان", 114000, "IRT"}}},
		{"۲۰ هزار نفر و ریال ایران", nil},
		{"دهم ریال", nil},
		{"۲۰ میلیارد\nریال", nil},
	}
	p := New()
	for _, tt := range tests {
		tx := p.Normalize(tt.in)
		ms := p.Money(tx)
		var got []money
		for _, m := range ms {
			got = append(got, money{tx.OrigText(m.Span), m.Amount, m.Currency})
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Money(%q) (-want +got):\n%s", tt.in, diff)
		}
		checkSpans(t, "money", tx, spans(ms, func(m text.Money) text.Span { return m.Span }))
	}
}
