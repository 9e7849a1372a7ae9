package scrape

import (
	"strings"
	"unicode"
)

// detectLang guesses the language of a text from its script: "fa" (Arabic script with
// Persian-only letters), "ar" (Arabic script without them), "vi" (Latin with Vietnamese
// letters), "en" (Latin without), or "" when there are too few letters to tell. It is a guard
// against a page in the wrong language, not a general language identifier.
func detectLang(s string) string {
	var arabic, latin, viLetters, persian, words, viWords int
	inWord, wordVi := false, false
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r):
			arabic++
			if strings.ContainsRune("پچژگیک", r) {
				persian++
			}
		case unicode.Is(unicode.Latin, r):
			latin++
			if vietnameseLetter(r) {
				viLetters++
				wordVi = true
			}
		}
		letter := unicode.IsLetter(r) || unicode.Is(unicode.Mn, r)
		if letter && !inWord {
			inWord, wordVi = true, vietnameseLetter(r)
		}
		if !letter && inWord {
			inWord = false
			words++
			if wordVi {
				viWords++
			}
		}
	}
	if inWord {
		words++
		if wordVi {
			viWords++
		}
	}
	total := arabic + latin
	if total < 40 {
		return ""
	}
	if arabic*2 > total {
		if persian == 0 && arabic > 300 {
			return "ar"
		}
		return "fa"
	}
	// Vietnamese marks about half its syllables; English almost none.
	if words > 0 && viWords*100/words >= 15 {
		return "vi"
	}
	return "en"
}

// vietnameseLetter reports a Latin letter with a mark Vietnamese uses (ă â đ ê ô ơ ư and the
// five tones), in NFC.
func vietnameseLetter(r rune) bool {
	if r < 0xC0 {
		return false
	}
	switch {
	case r >= 0x1EA0 && r <= 0x1EF9: // Latin Extended Additional: ạ ả ấ … ỹ
		return true
	}
	return strings.ContainsRune("àáâãèéêìíòóôõùúýăđĩũơưÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĐĨŨƠƯ", r)
}

// interstitialMarks are strings only anti-bot challenge pages carry: ArvanCloud (most .ir
// sites), Cloudflare, and the generic wording of both.
var interstitialMarks = []struct{ vendor, mark string }{
	{"arvancloud", "/cdn-cgi/assets/"},
	{"arvancloud", "AR_SiteKey"},
	{"arvancloud", "__arcsrc"},
	{"arvancloud", "در حال بررسی مرورگر"},
	{"cloudflare", "cf-browser-verification"},
	{"cloudflare", "challenge-platform"},
	{"cloudflare", "<title>Just a moment...</title>"},
	{"unknown", "Checking your browser before accessing"},
}

func detectInterstitial(body []byte) string {
	// Challenge pages are small; an article that quotes the phrase is not one.
	if len(body) > 64<<10 {
		return ""
	}
	s := string(body)
	for _, m := range interstitialMarks {
		if strings.Contains(s, m.mark) {
			return m.vendor
		}
	}
	return ""
}
