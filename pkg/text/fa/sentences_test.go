package fa

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // the Norm of each sentence
	}{
		{"full stops", "وزیر به کرمان رفت. ۳۴۷ پروژه افتتاح شد.", []string{"وزیر به کرمان رفت.", "347 پروژه افتتاح شد."}},
		{"question and exclamation", "آیا سفر می\u200cکند؟ بله! حتما.", []string{"آیا سفر میکند؟", "بله!", "حتما."}},
		{"persian semicolon", "به گزارش مهر؛ وزیر سفر کرد.", []string{"به گزارش مهر؛", "وزیر سفر کرد."}},
		{"comma and colon do not end", "وی گفت: کرمان، یزد و فارس.", []string{"وی گفت: کرمان، یزد و فارس."}},
		{"line breaks", "انتهای پیام\n\nسطر دوم\nسطر سوم", []string{"انتهای پیام", "سطر دوم", "سطر سوم"}},
		{"decimal point", "رشد ۱۲.۵ درصد بود. سپس ۱.۵ میلیون.", []string{"رشد 12.5 درصد بود.", "سپس 1.5 میلیون."}},
		{"arabic decimal separator", "رشد ۱۲٫۵ درصد بود.", []string{"رشد 12.5 درصد بود."}},
		{"initials", "نماینده ج.ا.ا در سازمان ملل سخن گفت. سپس رفت.", []string{"نماینده ج.ا.ا در سازمان ملل سخن گفت.", "سپس رفت."}},
		{"time abbreviation", "ساعت ۱۰ ق.ظ آغاز شد. پایان.", []string{"ساعت 10 ق.ظ آغاز شد.", "پایان."}},
		{"initial of a name", "م. رضایی گفت. خوب.", []string{"م. رضایی گفت.", "خوب."}},
		{"solar date with slashes", "در تاریخ ۱۴۰۴/۰۹/۱۰ امضا شد. سپس.", []string{"در تاریخ 1404/09/10 امضا شد.", "سپس."}},
		{"dotted date", "در تاریخ 1404.09.10 امضا شد.", []string{"در تاریخ 1404.09.10 امضا شد."}},
		{"domain name", "سایت mehrnews.com گزارش داد. پایان", []string{"سایت mehrnews.com گزارش داد.", "پایان"}},
		{"url with query", "نشانی a.ir/x?id=1 است. دوم", []string{"نشانی a.ir/x?id=1 است.", "دوم"}},
		{"no space after full stop", "افتتاح شد.وی افزود: خوب است.", []string{"افتتاح شد.", "وی افزود: خوب است."}},
		{"closing quote stays", "گفت: «سفر می\u200cکنیم.» سپس رفت.", []string{"گفت: «سفر میکنیم.»", "سپس رفت."}},
		{"closing bracket stays", "(افتتاح شد.) بعدی", []string{"(افتتاح شد.)", "بعدی"}},
		{"repeated terminators", "واقعا؟! بله...  خیر", []string{"واقعا؟!", "بله...", "خیر"}},
		{"no terminator", "انتهای پیام", []string{"انتهای پیام"}},
		{"empty", "", nil},
		{"spaces only", " \n \n", nil},
	}
	p := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tx := p.Normalize(tt.in)
			ss := p.Sentences(tx)
			var got []string
			for _, s := range ss {
				got = append(got, tx.Norm[s.Start:s.End])
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Sentences(%q) (-want +got):\n%s", tt.in, diff)
			}
			checkSpans(t, "sentences", tx, ss)
		})
	}
}

func TestSentencesMapToOriginal(t *testing.T) {
	p := New()
	orig := "وزير ارتباطات مي\u200cگويد: پروژه\u200cها افتتاح شد.  وي افزود"
	tx := p.Normalize(orig)
	var got []string
	for _, s := range p.Sentences(tx) {
		got = append(got, tx.OrigText(s))
	}
	want := []string{"وزير ارتباطات مي\u200cگويد: پروژه\u200cها افتتاح شد.", "وي افزود"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("original text of the sentences (-want +got):\n%s", diff)
	}
}
