package gazetteer

import (
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/tinkhabar/tinkhabar/pkg/text"
)

// FuzzFind: on any input, in both languages and over both the pack's Text and a Text that is
// the input itself, Find does not panic, returns spans inside the text on rune boundaries, in
// order and non-overlapping, never returns an ignore entry, and gives the same result twice.
func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"وزیر ارتباطات امروز به کرمانشاه سفر کرد.",
		"کرمانشاه پس از کرمان؛ خلیج فارس، استان مرکزی، اسلام\u200cآباد غرب",
		"معاون وزیر ارتباطات و فناوري اطلاعات و رئيس سازمان",
		"Thứ trưởng Bộ TT&TT làm việc với tỉnh Hà Nam, Hà Nội, Hòa Bình, hòa bình",
		"Bà Rịa - Vũng Tàu cũ, TP.HCM, Thừa Thiên Huế, Quảng Ngãi; Chủ tịch UBND tỉnh Gia Lai",
		"\xff\xfeکرمان\u200c\u200dHà\u0300 Nội",
		"",
	} {
		f.Add(s)
	}
	for _, a := range readCorpus(f)[:6] {
		f.Add(a.Text)
	}
	g := testGazetteer(f)
	f.Fuzz(func(t *testing.T, s string) {
		for _, lang := range []string{"fa", "vi"} {
			for _, tx := range []*text.Text{normalize(lang, s), text.Identity(s)} {
				ms := g.Find(lang, tx)
				end := 0
				for _, m := range ms {
					if m.Start < end || m.End <= m.Start || m.End > len(tx.Norm) {
						t.Fatalf("%s: span %v after %d in a text of %d bytes", lang, m.Span, end, len(tx.Norm))
					}
					if !utf8.RuneStart(tx.Norm[m.Start]) || (m.End < len(tx.Norm) && !utf8.RuneStart(tx.Norm[m.End])) {
						t.Fatalf("%s: span %v is not on rune boundaries of %q", lang, m.Span, tx.Norm)
					}
					if m.Entry == nil || m.Entry.Kind == KindIgnore || m.Entry.Lang != lang {
						t.Fatalf("%s: bad entry %+v", lang, m.Entry)
					}
					end = m.End
				}
				if again := g.Find(lang, tx); !slices.Equal(ms, again) {
					t.Fatalf("%s: two calls differ: %v and %v", lang, ms, again)
				}
			}
		}
	})
}
