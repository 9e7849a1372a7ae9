package vi

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/unicode/norm"

	"github.com/tinkhabar/tinkhabar/pkg/text"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Ngày 14/8, Bộ trưởng", "Ngày 14/8, Bộ trưởng"},
		{"nbsp and runs", "Gia\u00a0Lai  có\t\t3,5\u2009triệu", "Gia Lai có 3,5 triệu"},
		{"trim and line breaks", "  Dòng một.  \r\n  Dòng hai. \n\nDòng ba.  ", "Dòng một.\nDòng hai.\n\nDòng ba."},
		{"lone CR and separators", "a\rb\u2028c", "a\nb\nc"},
		{"dashes", "giai đoạn 2025 – 2030 — định hướng 2035−2040", "giai đoạn 2025 - 2030 - định hướng 2035-2040"},
		{"quotes", "“Hòa” và ‘số’", `"Hòa" và 'số'`},
		{"eth", "ÐÀ NẴNG, ðồng", "ĐÀ NẴNG, đồng"},
		{"format chars", "chuyển\u200b đổi\u00ad số\ufeff", "chuyển đổi số"},
		{"controls", "a\x00b\x1fc", "a b c"},
		{"invalid utf8", "a\xffb", "a\ufffdb"},
		{"invalid utf8 before a mark", "00\xf4\u0344", "00\ufffd\u0308\u0301"},
		// Tone placement.
		{"hoà", "Khánh Hoà", "Khánh Hòa"},
		{"hoà upper", "KHÁNH HOÀ", "KHÁNH HÒA"},
		{"hoá", "số hoá, tối ưu hoá.", "số hóa, tối ưu hóa."},
		{"thoả", "thoả thuận", "thỏa thuận"},
		{"thuý", "Nguyễn Thị Thuý", "Nguyễn Thị Thúy"},
		{"uỷ", "Uỷ ban và uỷ viên", "Ủy ban và ủy viên"},
		{"khoẻ", "sức khoẻ", "sức khỏe"},
		{"hoạ", "đồ hoạ", "đồ họa"},
		{"thuỵ", "Thuỵ Sĩ", "Thụy Sĩ"},
		{"toà oà", "toà nhà, oà khóc", "tòa nhà, òa khóc"},
		{"luỹ huỷ", "luỹ kế, huỷ bỏ", "lũy kế, hủy bỏ"},
		{"mixed case", "HOà", "HÒa"},
		{"closed syllables unchanged", "Hoàng hoàn thuyết khoảng quyết toán", "Hoàng hoàn thuyết khoảng quyết toán"},
		{"qu unchanged", "quý quả quỳ Quý", "quý quả quỳ Quý"},
		{"new style unchanged", "hòa thỏa thúy ủy khỏe", "hòa thỏa thúy ủy khỏe"},
		{"diphthongs unchanged", "hoài xoáy khuỷu thuở", "hoài xoáy khuỷu thuở"},
		{"before digit or dash", "Hoà2 Hoà-Bình", "Hòa2 Hòa-Bình"},
	}
	p := New()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := p.Normalize(tc.in)
			if got.Norm != tc.want {
				t.Errorf("Norm = %q, want %q", got.Norm, tc.want)
			}
			if got.Fold != text.Fold(tc.want) {
				t.Errorf("Fold = %q, want %q", got.Fold, text.Fold(tc.want))
			}
			checkText(t, got)
			if again := p.Normalize(got.Norm).Norm; again != got.Norm {
				t.Errorf("not idempotent: %q → %q", got.Norm, again)
			}
		})
	}
}

// TestNormalizeNFD checks that decomposed input gives the same Norm as composed input and that
// each composed character maps back to exactly the original bytes it came from.
func TestNormalizeNFD(t *testing.T) {
	inputs := []string{
		"Việt Nam hoà nhập, Khánh Hoà, thoả thuận, Thuý.",
		"Ngày 14/8, Bộ trưởng Khoa học và Công nghệ Trần Minh Khôi bắt đầu chuyến công tác 2 ngày tại Quảng Trị.",
		"ĐỒNG HỚI  –  Quảng Bình cũ\u00a0(tỉnh)",
	}
	p := New()
	for _, in := range inputs {
		nfc, nfd := norm.NFC.String(in), norm.NFD.String(in)
		if nfc == nfd {
			t.Fatalf("test input %q has nothing to decompose", in)
		}
		a, b := p.Normalize(nfc), p.Normalize(nfd)
		if a.Norm != b.Norm {
			t.Errorf("NFC and NFD differ:\n%q\n%q", a.Norm, b.Norm)
		}
		checkText(t, b)
		// Every rune of Norm maps to a range of the NFD original whose NFC is that rune, except
		// where a tone moved or a space run was collapsed.
		for i, r := range b.Norm {
			sp := text.Span{Start: i, End: i + utf8.RuneLen(r)}
			o := b.OrigText(sp)
			const moved = "òóỏõọùúủũụÒÓỎÕỌÙÚỦŨỤ"
			if r == ' ' || r == '-' || strings.ContainsRune(moved, r) || strings.ContainsRune("aeyAEY", r) && strings.ContainsRune(moved, lastRune(b.Norm[:i])) {
				continue
			}
			if got := norm.NFC.String(o); got != string(r) {
				t.Errorf("%q: rune %q at %d maps to %q (NFC %q)", in, r, i, o, got)
			}
		}
	}
	// The exact bytes: «ệ» decomposed is e + U+0323 + U+0302.
	tx := p.Normalize("Vie\u0323\u0302t")
	if tx.Norm != "Việt" {
		t.Fatalf("Norm = %q", tx.Norm)
	}
	i := strings.Index(tx.Norm, "ệ")
	if s, e := tx.OrigSpan(text.Span{Start: i, End: i + len("ệ")}); s != 2 || e != 7 {
		t.Errorf("ệ maps to [%d,%d), want [2,7)", s, e)
	}
	if s, e := tx.OrigSpan(text.Span{Start: i + len("ệ"), End: len(tx.Norm)}); s != 7 || e != 8 {
		t.Errorf("t maps to [%d,%d), want [7,8)", s, e)
	}
}

func lastRune(s string) rune { r, _ := utf8.DecodeLastRuneInString(s); return r }

// TestToneStylesAgree checks that old and new tone placement give one Norm, and that the
// moved tone maps to the original letters.
func TestToneStylesAgree(t *testing.T) {
	pairs := [][2]string{
		{"hoà thoả thuý uỷ khoẻ hoạ", "hòa thỏa thúy ủy khỏe họa"},
		{"Ký kết thoả thuận hợp tác tại Thanh Hoá", "Ký kết thỏa thuận hợp tác tại Thanh Hóa"},
		{"UỶ BAN NHÂN DÂN TỈNH KHÁNH HOÀ", "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA"},
	}
	p := New()
	for _, pr := range pairs {
		old, nw := p.Normalize(pr[0]), p.Normalize(pr[1])
		if old.Norm != nw.Norm || old.Fold != nw.Fold {
			t.Errorf("%q → %q, %q → %q", pr[0], old.Norm, pr[1], nw.Norm)
		}
		checkText(t, old)
	}
	tx := p.Normalize("Hoà")
	i := strings.Index(tx.Norm, "ò")
	if got := tx.OrigText(text.Span{Start: i, End: i + len("ò")}); got != "o" {
		t.Errorf("ò maps to %q, want o", got)
	}
	if got := tx.OrigText(text.Span{Start: i + len("ò"), End: len(tx.Norm)}); got != "à" {
		t.Errorf("a maps to %q, want à", got)
	}
}

func TestCanonicalFold(t *testing.T) {
	tests := []struct{ in, canon, fold string }{
		{"  Khánh  Hoà ", "Khánh Hòa", "khánh hòa"},
		{"Tổng công ty\nĐiện lực\u00a0miền Bắc", "Tổng công ty Điện lực miền Bắc", "tổng công ty điện lực miền bắc"},
		{norm.NFD.String("THOẢ THUẬN"), "THỎA THUẬN", "thỏa thuận"},
		{"a \n\n b", "a b", "a b"},
	}
	for _, tc := range tests {
		if got := Canonical(tc.in); got != tc.canon {
			t.Errorf("Canonical(%q) = %q, want %q", tc.in, got, tc.canon)
		}
		if got := Fold(tc.in); got != tc.fold {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.fold)
		}
	}
}

// checkText checks the invariants of a Text: Norm is NFC, valid UTF-8, Fold is Fold(Norm),
// and every byte of Norm maps to a non-empty range inside Orig, in order.
func checkText(t *testing.T, tx *text.Text) {
	t.Helper()
	if !utf8.ValidString(tx.Norm) {
		t.Errorf("Norm is not valid UTF-8: %q", tx.Norm)
	}
	if !norm.NFC.IsNormalString(tx.Norm) {
		t.Errorf("Norm is not NFC: %q", tx.Norm)
	}
	if tx.Fold != text.Fold(tx.Norm) {
		t.Errorf("Fold %q is not Fold(Norm)", tx.Fold)
	}
	prev := 0
	for i := range len(tx.Norm) {
		s, e := tx.OrigSpan(text.Span{Start: i, End: i + 1})
		if s < 0 || e > len(tx.Orig) || s >= e {
			t.Errorf("Norm byte %d maps to [%d,%d) of %d", i, s, e, len(tx.Orig))
			return
		}
		if s < prev {
			t.Errorf("Norm byte %d maps to [%d,%d), before %d", i, s, e, prev)
			return
		}
		prev = s
	}
}

// TestNormalizeCorpus checks the whole corpus: the NFD articles give the Norm of their NFC
// form, old-style tone placement is gone, and Normalize is idempotent.
func TestNormalizeCorpus(t *testing.T) {
	p := New()
	nfd, old := 0, 0
	for _, a := range loadCorpus(t) {
		tx := p.Normalize(a.Text)
		checkText(t, tx)
		if !norm.NFC.IsNormalString(a.Text) {
			nfd++
			if want := p.Normalize(norm.NFC.String(a.Text)).Norm; tx.Norm != want {
				t.Errorf("%s: NFD Norm differs from NFC Norm", a.ID)
			}
		}
		nfcText := norm.NFC.String(a.Text)
		oldStyle := []string{"hoà", "Hoà", "thoả", "Thuý", "uỷ", "hoá", "Hoá"}
		for _, w := range oldStyle {
			if hasWord(nfcText, w) {
				old++
				break
			}
		}
		for _, w := range oldStyle {
			if hasWord(tx.Norm, w) {
				t.Errorf("%s: Norm still has %q", a.ID, w)
			}
		}
		if again := p.Normalize(tx.Norm); again.Norm != tx.Norm {
			t.Errorf("%s: not idempotent", a.ID)
		}
		if diff := cmp.Diff(strings.Count(nfcText, "\n\n"), strings.Count(tx.Norm, "\n\n")); diff != "" {
			t.Errorf("%s: paragraph breaks changed: %s", a.ID, diff)
		}
	}
	if nfd != 4 || old < 4 {
		t.Errorf("corpus has %d NFD and %d old-style articles; want 4 and at least 4", nfd, old)
	}
}

// hasWord reports whether w occurs in s not followed by a letter.
func hasWord(s, w string) bool {
	for i := 0; ; {
		k := strings.Index(s[i:], w)
		if k < 0 {
			return false
		}
		end := i + k + len(w)
		if r, _ := utf8.DecodeRuneInString(s[end:]); end == len(s) || !isLetter(r) {
			return true
		}
		i = end
	}
}

// TestStableRanges checks the fast path's claim against norm: every rune it emits without
// asking norm is unchanged by NFC, a starter, and combines with nothing before it.
func TestStableRanges(t *testing.T) {
	checked := 0
	for r := rune(0x80); r <= 0x20CF; r++ {
		if !stableNFC(r) && !(r >= 0xC0 && r <= 0x1B0) {
			continue
		}
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		s := string(r)
		p := norm.NFC.PropertiesString(s)
		if !norm.NFC.IsNormalString(s) || p.CCC() != 0 || !p.BoundaryBefore() {
			t.Errorf("U+%04X is not NFC-stable (ccc %d, boundary before %v)", r, p.CCC(), p.BoundaryBefore())
		}
		checked++
	}
	for r := rune(0x1E00); r <= 0x1EFF; r++ {
		if p := norm.NFC.PropertiesString(string(r)); !norm.NFC.IsNormalString(string(r)) || p.CCC() != 0 || !p.BoundaryBefore() {
			t.Errorf("U+%04X is not NFC-stable", r)
		}
		checked++
	}
	if checked < 800 {
		t.Errorf("checked %d runes", checked)
	}
}
