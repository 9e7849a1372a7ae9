package fa

import (
	"sync"
	"unicode/utf8"
)

// Tense is the tense of a sentence's main verb, as TenseOf reads it.
type Tense uint8

// Tenses.
const (
	TenseUnknown Tense = iota // no verb form TenseOf knows
	TensePast                 // simple past, past progressive, present perfect, past perfect
	TensePresent              // a copula or a state: «است», «هستند», «دارد», «می‌باشد»
	TenseFuture               // «خواهد» + verb, «قرار است», a «می» present (news uses it for plans)
)

func (t Tense) String() string {
	switch t {
	case TensePast:
		return "past"
	case TensePresent:
		return "present"
	case TenseFuture:
		return "future"
	}
	return "unknown"
}

// Classes of verb forms.
const (
	vNone       uint8 = iota
	vPast             // «کرد», «شدند», «می‌کرد» (past progressive), «شده‌اند», «بود»
	vShortInf         // a bare past stem, «شد», «کرد»: past, or future after «خواهد»
	vParticiple       // «شده», «کرده»: past, and makes «است» a present perfect
	vProgress         // «می‌شود», «می‌کنند»: the present, used for plans in news
	vSubj             // «شود», «کند», «بیاید»: a dependent verb, tense from what governs it
	vFutureAux        // «خواهد», «نخواهند»
	vCopula           // «است», «هستند», «می‌باشد», «دارد», «اجراست»
)

// verbStems pairs the present and past stems of the verbs (light and full) that news uses
// most. Several present stems may share a past stem.
var verbStems = []struct{ present, past string }{
	{"کن", "کرد"}, {"شو", "شد"}, {"رس", "رسید"}, {"ده", "داد"}, {"گیر", "گرفت"}, {"یاب", "یافت"},
	{"رو", "رفت"}, {"آی", "آمد"}, {"آ", "آمد"}, {"گو", "گفت"}, {"گوی", "گفت"}, {"بر", "برد"},
	{"پرداز", "پرداخت"}, {"ساز", "ساخت"}, {"شناس", "شناخت"}, {"توان", "توانست"},
	{"افزا", "افزود"}, {"افزای", "افزود"}, {"گذار", "گذاشت"}, {"بین", "دید"}, {"نشین", "نشست"},
	{"رسان", "رساند"}, {"مان", "ماند"}, {"زن", "زد"}, {"آور", "آورد"}, {"بند", "بست"},
	{"گرد", "گردید"}, {"نما", "نمود"}, {"نمای", "نمود"}, {"کاه", "کاست"}, {"افت", "افتاد"},
	{"گشا", "گشود"}, {"گشای", "گشود"}, {"فرما", "فرمود"}, {"فرمای", "فرمود"}, {"پیوند", "پیوست"},
	{"خوان", "خواند"}, {"دان", "دانست"}, {"سپار", "سپرد"}, {"انجام", "انجامید"}, {"کوش", "کوشید"},
	{"ورز", "ورزید"}, {"بخش", "بخشید"}, {"چرخ", "چرخید"}, {"کش", "کشید"}, {"خواه", "خواست"},
	{"دار", "داشت"},
}

var verbForms = sync.OnceValue(buildVerbForms)

func buildVerbForms() map[string]uint8 {
	forms := make(map[string]uint8, 4096)
	add := func(w string, c uint8) {
		w = Canonical(w)
		if _, ok := forms[w]; !ok {
			forms[w] = c
		}
	}
	pastEnd := []string{"", "م", "ی", "یم", "ید", "ند"}
	presEnd := []string{"م", "ی", "د", "یم", "ید", "ند"}
	perfect := []string{"است", "اند", "ام", "ای", "ایم", "اید"}
	for _, c := range []string{"است", "هست", "هستم", "هستی", "هستیم", "هستید", "هستند", "نیست", "نیستند",
		"می\u200cباشد", "می\u200cباشند", "نمی\u200cباشد", "دارد", "دارند", "ندارد", "ندارند", "داریم"} {
		add(c, vCopula)
	}
	for _, s := range []string{"باشد", "باشند", "نباشد", "نباشند", "بیاید", "بیایند", "بیاورد", "بیاورند"} {
		add(s, vSubj)
	}
	// words that look like a verb form but are mostly something else
	for _, w := range []string{"مانند", "روی", "دهم", "کنند"} {
		forms[w] = vNone
	}
	for _, e := range presEnd {
		add("خواه"+e, vFutureAux)
		add("نخواه"+e, vFutureAux)
	}
	for _, v := range []struct{ present, past string }{{"", "بود"}} {
		for _, e := range pastEnd {
			add(v.past+e, vPast)
			add("ن"+v.past+e, vPast)
		}
		add("بوده", vParticiple)
	}
	for _, v := range verbStems {
		for _, neg := range []string{"", "ن"} {
			add(neg+v.past, vShortInf)
			for _, e := range pastEnd[1:] {
				add(neg+v.past+e, vPast)
			}
			add(neg+v.past+"ه", vParticiple)
			for _, e := range perfect {
				add(neg+v.past+"ه"+e, vPast) // «شده‌اند», «شدهاست» as Normalize writes them
			}
		}
		for _, mi := range []string{"می\u200c", "نمی\u200c"} {
			for _, e := range pastEnd {
				add(mi+v.past+e, vPast)
			}
			for _, e := range presEnd {
				add(mi+v.present+e, vProgress)
			}
		}
		for _, pre := range []string{"", "ب", "ن"} {
			for _, e := range []string{"د", "ند"} { // news uses the third person
				add(pre+v.present+e, vSubj)
			}
		}
	}
	add("می\u200cخواهد", vProgress) // "wants", not the future auxiliary
	add("می\u200cخواهند", vProgress)
	return forms
}

// TenseOf reads the tense of the main verb of a sentence of normalised text (a span of
// Text.Norm, or a string passed through Canonical). Persian puts the verb last, so it reads
// the words from the end and the first verb form it knows decides:
//
//   - a form of «خواستن» as auxiliary («خواهد», «نخواهند»), or a bare past stem right after one
//     («خواهد شد», «افتتاح خواهد کرد»): TenseFuture;
//   - a present with «می»/«نمی» («می‌شود», «می‌کنند», «به بهره‌برداری می‌رسد»): TenseFuture,
//     since news reports planned events that way (the one exception, «می‌باشد», is a copula);
//   - a simple past («کرد», «شدند»), past progressive («می‌کرد»), present perfect («کرده است»,
//     «شده‌اند»), past perfect («شده بود») or a past participle ending the sentence or a clause
//     before «و» («افتتاح شده», «هزینه شده و»): TensePast;
//   - «است» after «قرار» («قرار است»): TenseFuture; any other «است», «هستند», «دارد»,
//     «می‌باشد» or «…ست» glued to a word ending in «ا» or «و» («در حال اجراست»): TensePresent;
//   - a subjunctive («شود», «کند», «بیاید»): TenseFuture when «قرار است», «قرار شد» or «قرار
//     شده» comes before it in the sentence; otherwise it is a dependent verb («… بررسی کردند
//     تا … ارائه شود») and the reading goes on to the words before it.
//
// Verbs are known from a table of about fifty common stems (the light verbs کردن، شدن،
// رسیدن، دادن، گرفتن، یافتن، … and frequent full verbs); a sentence with none of them is
// TenseUnknown.
func TenseOf(sentence string) Tense {
	forms := verbForms()
	end := len(sentence)
	after := "" // the word read before, which follows w in the sentence
	for end > 0 {
		w, start := lastWord(sentence, end)
		if w == "" {
			break
		}
		end = start
		next := after
		after = w
		c := forms[w]
		if c == vNone && len(w) > len("ست") && w[len(w)-len("ست"):] == "ست" {
			if r, _ := utf8.DecodeLastRuneInString(w[:len(w)-len("ست")]); r == 'ا' || r == 'و' {
				c = vCopula // «اجراست», «پروژه‌هاست»
			}
		}
		switch c {
		case vNone:
			continue
		case vFutureAux, vProgress:
			return TenseFuture
		case vPast:
			return TensePast
		case vParticiple:
			// Alone, a participle is a verb at the end of a sentence («۱۸ پروژه افتتاح شده») or
			// of a clause («اعتبار هزینه شده و …»); elsewhere it is an adjective or a noun
			// («داده» is also "data").
			if w != "داده" && (next == "" || next == "و") {
				return TensePast
			}
		case vShortInf:
			if before, _ := lastWord(sentence, start); forms[before] == vFutureAux {
				return TenseFuture
			}
			return TensePast
		case vCopula:
			if w != "است" {
				return TensePresent
			}
			before, _ := lastWord(sentence, start)
			switch {
			case forms[before] == vParticiple:
				return TensePast
			case before == "قرار":
				return TenseFuture
			}
			return TensePresent
		case vSubj:
			if scheduled(sentence[:start]) {
				return TenseFuture
			}
		}
	}
	return TenseUnknown
}

// lastWord returns the last word (run of letters) of s[:end] and where it starts; "" when
// there is none.
func lastWord(s string, end int) (string, int) {
	// skip non-letters
	for end > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:end])
		if IsLetter(r) {
			break
		}
		end -= size
	}
	start := end
	for start > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:start])
		if !IsLetter(r) {
			break
		}
		start -= size
	}
	return s[start:end], start
}

// scheduled reports whether s holds «قرار» followed by «است», «شد», «شده» or «شدهاست» (it is
// planned, it was decided).
func scheduled(s string) bool {
	next := ""
	for end := len(s); end > 0; {
		w, start := lastWord(s, end)
		if w == "" {
			return false
		}
		if w == "قرار" && (next == "است" || next == "شد" || next == "شده" || next == "شدهاست") {
			return true
		}
		next, end = w, start
	}
	return false
}
