package gazetteer

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NameID is the id of an organisation without a known id: "name:" and its native name
// normalised as corpus/README.md defines it: NFC; Arabic ي (and ى) and ك as Persian ی and
// ک; ZWNJ as a space; runs of white space as one space, none at either end; lower case.
// NameID("دانشگاه فردوسي مشهد") is "name:دانشگاه فردوسی مشهد";
// NameID("Tổng công ty Điện lực miền Bắc") is "name:tổng công ty điện lực miền bắc".
func NameID(native string) string {
	s := norm.NFC.String(native)
	var b strings.Builder
	b.Grow(len("name:") + len(s))
	b.WriteString("name:")
	space := false // a space is pending
	for _, r := range s {
		switch r {
		case 'ي', 'ى':
			r = 'ی'
		case 'ك':
			r = 'ک'
		case '\u200c':
			r = ' '
		}
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > len("name:") {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
