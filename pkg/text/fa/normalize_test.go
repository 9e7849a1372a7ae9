package fa

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/tinkhabar/tinkhabar/pkg/text"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"arabic yeh and kaf", "يك شركت", "یک شرکت"},
		{"alef maksura", "مصطفى", "مصطفی"},
		{"yeh with hamza", "رئیس مسائل", "رییس مسایل"},
		{"heh with yeh above", "توسعۀ شبکه", "توسعه شبکه"},
		{"ezafe after heh with zwnj", "توسعه\u200cی شبکه", "توسعه شبکه"},
		{"yeh after heh without zwnj stays", "توسعهی شبکه", "توسعهی شبکه"},
		{"indefinite yeh is not ezafe", "پروژه\u200cای جدید", "پروژهای جدید"},
		{"alef with hamza", "تأمین رأس", "تامین راس"},
		{"alef with hamza after yeh", "هیأت هیئت", "هییت هییت"},
		{"waw with hamza", "مؤسسه", "موسسه"},
		{"teh marbuta", "دائرة", "دایره"},
		{"persian digits", "۰۱۲۳۴۵۶۷۸۹", "0123456789"},
		{"arabic-indic digits", "٠١٢٣٤٥٦٧٨٩", "0123456789"},
		{"mixed digits", "١٢، ١۴ و ١٨", "12، 14 و 18"},
		{"arabic decimal and thousands", "۱۲٫۵ و ۱۲٬۳۴۵", "12.5 و 12,345"},
		{"arabic percent", "۳۴٪", "34%"},
		{"tatweel", "ســــلام", "سلام"},
		{"diacritics", "بِسْمِ اللَّهِ", "بسم الله"},
		{"superscript alef", "رحمٰن", "رحمن"},
		{"decomposed alef madda", "ا\u0653ب", "آب"},
		{"spaces of every kind", "a\u00a0b\u2009c\td\u202fe\u3000f", "a b c d e f"},
		{"space runs collapse", "الف    ب", "الف ب"},
		{"leading and trailing space", " \t الف ب \n ", "الف ب"},
		{"one line break", "الف \n ب", "الف\nب"},
		{"crlf", "الف\r\nب", "الف\nب"},
		{"paragraph", "الف\n\n\nب", "الف\n\nب"},
		{"paragraph separator", "الف\u2029ب", "الف\n\nب"},
		{"zero-width and bidi controls", "ال\u200bف\u200d\u200e\u202bب\u202c\ufeff", "الفب"},
		{"lone zwnj between spaces", "x \u200c y", "x y"},
		{"mark after trailing space", "۱۰ \u064c", "10"},
		{"mark between spaces", "الف \u064e ب", "الف ب"},
		{"soft hyphen", "inter\u00adnet", "internet"},
		{"latin case kept", "ICT و FTTH", "ICT و FTTH"},
		{"invalid utf-8", "a\xffb", "a\ufffdb"},
		// ZWNJ and affixes
		{"mi with zwnj", "می\u200cشود", "میشود"},
		{"mi with space", "می شود", "میشود"},
		{"nemi with space", "نمی شود", "نمیشود"},
		{"bi with space", "بی سیم", "بیسیم"},
		{"ha with space", "طرح ها", "طرحها"},
		{"haye with space", "پروژه های", "پروژههای"},
		{"hayi with space", "پروژه هایی", "پروژههایی"},
		{"hast with space", "پروژه هاست", "پروژههاست"},
		{"tarin with space", "مهم ترین", "مهمترین"},
		{"tar with space", "بیش تر", "بیشتر"},
		{"and after heh", "شده اند", "شدهاند"},
		{"ay after heh", "پروژه ای", "پروژهای"},
		{"and after a non-heh word stays apart", "رفت اند", "رفت اند"},
		{"ast stays a word", "شده است", "شده است"},
		{"zwnj before ast is a space", "شده\u200cاست", "شده است"},
		{"zwnj before hast is dropped", "پروژه\u200cهاست", "پروژههاست"},
		{"weekday with space", "سه شنبه", "سهشنبه"},
		{"weekday with zwnj", "پنج\u200cشنبه", "پنجشنبه"},
		{"shanbe after other words stays apart", "شش شنبه", "شش شنبه"},
		{"ha after digits stays apart", "۲۰ های", "20 های"},
		{"ha after latin stays apart", "ICT ها", "ICT ها"},
		{"no join over a line break", "می\nشود", "می\nشود"},
		{"no join over punctuation", "می، شود", "می، شود"},
		{"mi as part of a longer word", "میز ها", "میزها"},
		{"joined prefix is not a prefix again", "می می شود", "میمی شود"},
		{"prefix before latin", "می ICT", "می ICT"},
		{"arabic yeh in the affix", "پروژه هاي", "پروژههای"},
		{"diacritic in the prefix", "مِی شود", "میشود"},
		{"zwnj inside the suffix", "پروژه ها\u200cی", "پروژههای"},
		{"a lone heh glued into a suffix", "پروژه ه ای", "پروژههای"},
		{"empty", "", ""},
		{"only space", " \n\t ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tx := Normalize(tt.in)
			if tx.Norm != tt.want {
				t.Errorf("Normalize(%q).Norm = %q, want %q", tt.in, tx.Norm, tt.want)
			}
			checkText(t, tx)
		})
	}
}

// checkText checks the invariants of a Text: valid UTF-8, Fold of Norm's length, and every
// byte mapping to a range of Orig in order.
func checkText(t *testing.T, tx *text.Text) {
	t.Helper()
	if !utf8.ValidString(tx.Norm) {
		t.Errorf("Norm %q is not valid UTF-8", tx.Norm)
	}
	if len(tx.Fold) != len(tx.Norm) {
		t.Errorf("len(Fold) = %d, len(Norm) = %d", len(tx.Fold), len(tx.Norm))
	}
	prev := 0
	for i := range len(tx.Norm) {
		a, b := tx.OrigSpan(text.Span{Start: i, End: i + 1})
		if a < 0 || b > len(tx.Orig) || a > b {
			t.Fatalf("Norm byte %d maps to [%d,%d) outside Orig (len %d)", i, a, b, len(tx.Orig))
		}
		if a < prev {
			t.Fatalf("Norm byte %d maps to [%d,%d), before the previous byte's start %d", i, a, b, prev)
		}
		prev = a
	}
}

func TestZWNJSpellingsAlike(t *testing.T) {
	// Each row: the same word with a ZWNJ, with a space, and with nothing.
	rows := [][3]string{
		{"می\u200cشود", "می شود", "میشود"},
		{"نمی\u200cشود", "نمی شود", "نمیشود"},
		{"می\u200cکند", "می کند", "میکند"},
		{"پروژه\u200cهای", "پروژه های", "پروژههای"},
		{"سایت\u200cهای", "سایت های", "سایتهای"},
		{"طرح\u200cها", "طرح ها", "طرحها"},
		{"شبکه\u200cها", "شبکه ها", "شبکهها"},
		{"پروژه\u200cهاست", "پروژه هاست", "پروژههاست"},
		{"شده\u200cاند", "شده اند", "شدهاند"},
		{"مهم\u200cترین", "مهم ترین", "مهمترین"},
		{"بی\u200cسیم", "بی سیم", "بیسیم"},
		{"سه\u200cشنبه", "سه شنبه", "سهشنبه"},
		{"پروژه\u200cای", "پروژه ای", "پروژهای"},
	}
	for _, r := range rows {
		want := Normalize(r[0]).Norm
		for _, s := range r[1:] {
			// alone and inside a sentence
			if got := Normalize(s).Norm; got != want {
				t.Errorf("Normalize(%q) = %q, Normalize(%q) = %q", s, got, r[0], want)
			}
			in := "وزیر گفت " + s + " در کرمان."
			if got, w := Normalize(in).Norm, Normalize("وزیر گفت "+r[0]+" در کرمان.").Norm; got != w {
				t.Errorf("in a sentence: %q, want %q", got, w)
			}
		}
		if strings.ContainsRune(want, ' ') || strings.ContainsRune(want, zwnj) {
			t.Errorf("%q normalises to %q, with a space or ZWNJ left", r[0], want)
		}
	}
}

func TestNormalizeMapsBack(t *testing.T) {
	tests := []struct {
		orig string
		norm string // a substring of the Norm
		want string // the Orig behind it
	}{
		{"گفت: می شود.", "میشود", "می شود"},
		{"پروژه\u200cهای ارتباطی", "پروژههای", "پروژه\u200cهای"},
		{"سیصد  و\u00a0چهل", "سیصد و چهل", "سیصد  و\u00a0چهل"},
		{"عدد ۳۴۷ پروژه", "347", "۳۴۷"},
		{"هيأت رئيسه", "هییت", "هيأت"},
		{"توسعۀ شبکه", "توسعه", "توسعۀ"},
		{"ســلام دنیا", "سلام", "ســلام"},
		{"الف\r\n\r\nب", "\n\n", "\r\n\r\n"},
		{"ا\u0653ب روان", "آب", "ا\u0653ب"},
	}
	for _, tt := range tests {
		tx := Normalize(tt.orig)
		i := strings.Index(tx.Norm, tt.norm)
		if i < 0 {
			t.Errorf("Normalize(%q).Norm = %q has no %q", tt.orig, tx.Norm, tt.norm)
			continue
		}
		if got := tx.OrigText(text.Span{Start: i, End: i + len(tt.norm)}); got != tt.want {
			t.Errorf("Normalize(%q): %q maps back to %q, want %q", tt.orig, tt.norm, got, tt.want)
		}
	}
}

func TestNormalizeIdempotent(t *testing.T) {
	for _, a := range corpus(t) {
		n1 := Normalize(a.Text).Norm
		if n2 := Normalize(n1).Norm; n2 != n1 {
			t.Errorf("%s: Normalize is not idempotent:\n%s", a.ID, cmp.Diff(n1, n2))
		}
	}
}

func TestCanonical(t *testing.T) {
	tests := []struct{ in, want string }{
		{"وزیر ارتباطات", "وزیر ارتباطات"},
		{"  مديرعامل   ايرانسل ", "مدیرعامل ایرانسل"},
		{"تفاهم\u200cنامه", "تفاهمنامه"},
		{"می\u200cکند", "میکند"},
		{"FTTH", "ftth"},
		{"سه\u200cشنبه", "سهشنبه"},
	}
	for _, tt := range tests {
		if got := Canonical(tt.in); got != tt.want {
			t.Errorf("Canonical(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// A canonical phrase is found in the Fold of a text that writes it another way.
	tx := Normalize("امضای تفاهم نامه همكاري با ICT")
	for _, p := range []string{"همکاری", "ict"} {
		if !strings.Contains(tx.Fold, Canonical(p)) {
			t.Errorf("Fold %q does not contain Canonical(%q)", tx.Fold, p)
		}
	}
}

func TestVariants(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"وزیر ارتباطات", []string{"وزیر ارتباطات"}},
		{"تفاهم\u200cنامه", []string{"تفاهمنامه", "تفاهم نامه"}},
		{"بهره\u200cبرداری", []string{"بهرهبرداری", "بهره برداری"}},
		// the affix is glued whichever way: one form only
		{"پروژه\u200cهای", []string{"پروژههای"}},
		{"تفاهم\u200cنامه\u200cهای", []string{"تفاهمنامههای", "تفاهم نامههای"}},
		{"گفت\u200cو\u200cگو", []string{"گفتوگو", "گفت وگو", "گفتو گو", "گفت و گو"}},
		{"گفت\u200cوگو", []string{"گفتوگو", "گفت وگو"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, Variants(tt.in)); diff != "" {
			t.Errorf("Variants(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
	for _, v := range Variants("تفاهم\u200cنامه") {
		if !strings.Contains(Normalize("امضای "+v+" همکاری").Fold, v) {
			t.Errorf("variant %q is not found in a text written that way", v)
		}
	}
	if n := len(Variants(strings.Repeat("الف\u200c", 10) + "ب")); n != 16 {
		t.Errorf("Variants of a phrase with 10 ZWNJs gave %d forms, want 16", n)
	}
}

func TestIsLetter(t *testing.T) {
	for _, r := range "abcXYZابپتثیکگهآءئۀ" {
		if !IsLetter(r) {
			t.Errorf("IsLetter(%q) = false", r)
		}
	}
	for _, r := range "0۱٢ .،؛؟!\u200c\u064e\u0670-" {
		if IsLetter(r) {
			t.Errorf("IsLetter(%q) = true", r)
		}
	}
}
