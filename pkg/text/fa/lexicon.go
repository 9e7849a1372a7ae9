package fa

import "time"

// Kinds of number words and parts.
const (
	numNone    uint8 = iota
	numDigits        // written in digits
	numZero          // صفر
	numUnit          // 1–9
	numTeen          // 10–19
	numTen           // 20, 30, … 90
	numHundred       // 100, 200, … 900
	numScale         // هزار, میلیون, میلیارد, تریلیون
	numHalf          // نیم, only after «و»
)

// Words the date and number grammars name (fn of a lexEntry).
const (
	fnNone     uint8 = iota
	fnVa             // و
	fnSad            // صد (after a unit: «چهار صد»)
	fnNine           // نه (also "no": a number only inside a compound or before صد/a scale)
	fnOrdSuf         // ام, امین written apart from a number
	fnRuz            // روز
	fnMah            // ماه
	fnSal            // سال
	fnSalha          // سالهای
	fnEmsal          // امسال (this Solar year)
	fnParsal         // پارسال (last year)
	fnJari           // جاری (current)
	fnPast           // گذشته, قبل, پیش
	fnNext           // آینده, بعد
	fnHafte          // هفته
	fnAz             // از
	fnTa             // تا, الی
	fnEra            // شمسی, هجری, میلادی (after a year)
	fnPas            // پس (in «پس فردا»)
	fnMonthCtx       // پایان, اوایل, … : a month name after it is a month
)

// Calendars of month names.
const (
	calSolar uint8 = iota + 1
	calGregorian
)

// lexEntry is what the pack knows about one normalised word. A word may have several roles
// («سی» is 30, «دی» a month).
type lexEntry struct {
	numKind uint8
	num     float64 // value of a number word
	ordinal bool    // «دهم», «نخستین»

	month    int8  // 1–12 when a month name
	monthCal uint8 // calSolar or calGregorian
	monthMah bool  // written with «ماه» («آذرماه»)
	monthAmb bool  // also an ordinary word («مهر», «تیر», «دی», «بهمن», «می», «مه»)

	weekday  int8 // time.Weekday+1 when a weekday name
	relDay   int8 // day offset of «فردا», «دیروز», …
	isRel    bool
	tod      bool    // a time of day: صبح, عصر, …
	currency string  // IRR, IRT, USD, EUR
	curMul   float64 // multiplier of the currency word (همت = 10^12 تومان)
	fn       uint8
	// dateStart: a date expression may begin with this word (see parseDate).
	dateStart bool
}

// Solar and Gregorian month names as written in Persian, January/Farvardin first.
var (
	solarMonths = [12]string{"فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"}
	gregMonths  = [12][]string{
		{"ژانویه"}, {"فوریه"}, {"مارس"}, {"آوریل"}, {"مه", "می"}, {"ژوئن"},
		{"ژوئیه", "جولای"}, {"اوت", "آگوست"}, {"سپتامبر"}, {"اکتبر"}, {"نوامبر"}, {"دسامبر"},
	}
	// month names that are also ordinary words; they need a day, a year or «ماه» to be a date.
	ambiguousMonths = map[string]bool{"تیر": true, "مهر": true, "دی": true, "بهمن": true, "مه": true, "می": true}
)

// SolarMonthName is the Persian name of Solar month m (1 = فروردین … 12 = اسفند), or "" for a
// month out of range.
func SolarMonthName(m int) string {
	if m < 1 || m > 12 {
		return ""
	}
	return solarMonths[m-1]
}

func buildLexicon() map[string]*lexEntry {
	lex := make(map[string]*lexEntry, 512)
	get := func(w string) *lexEntry {
		w = Canonical(w)
		e := lex[w]
		if e == nil {
			e = &lexEntry{}
			lex[w] = e
		}
		return e
	}
	number := func(w string, kind uint8, v float64, ord bool) {
		e := get(w)
		e.numKind, e.num, e.ordinal = kind, v, ord
	}
	units := []string{"یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه"}
	teens := []string{"ده", "یازده", "دوازده", "سیزده", "چهارده", "پانزده", "شانزده", "هفده", "هجده", "نوزده"}
	tens := []string{"بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود"}
	hundreds := []string{"صد", "دویست", "سیصد", "چهارصد", "پانصد", "ششصد", "هفتصد", "هشتصد", "نهصد"}
	cardinal := func(w string, kind uint8, v float64) {
		number(w, kind, v, false)
		switch w {
		case "یک":
			for _, o := range []string{"یکم", "یکمین", "اول", "اولین", "نخست", "نخستین"} {
				number(o, kind, v, true)
			}
		case "سه":
			number("سوم", kind, v, true)
			number("سومین", kind, v, true)
		case "سی":
			number("سی\u200cام", kind, v, true)
			number("سی\u200cامین", kind, v, true)
		default:
			number(w+"م", kind, v, true)
			number(w+"مین", kind, v, true)
		}
	}
	for i, w := range units {
		cardinal(w, numUnit, float64(i+1))
	}
	for i, w := range teens {
		cardinal(w, numTeen, float64(i+10))
	}
	cardinal("هیجده", numTeen, 18)
	for i, w := range tens {
		cardinal(w, numTen, float64(20+10*i))
	}
	for i, w := range hundreds {
		cardinal(w, numHundred, float64(100*(i+1)))
	}
	cardinal("یکصد", numHundred, 100)
	number("صفر", numZero, 0, false)
	for w, v := range map[string]float64{"هزار": 1e3, "میلیون": 1e6, "میلیارد": 1e9, "تریلیون": 1e12} {
		cardinal(w, numScale, v)
	}
	get("نیم").numKind, get("نیم").num = numHalf, 0.5
	for _, w := range []string{"صد", "صدم", "صدمین"} {
		get(w).fn = fnSad // «چهار صد», «چهار صدم»
	}
	get("نه").fn = fnNine

	for i, w := range solarMonths {
		for _, form := range []string{w, w + "ماه"} {
			e := get(form)
			e.month, e.monthCal, e.monthMah, e.monthAmb = int8(i+1), calSolar, form != w, form == w && ambiguousMonths[w]
		}
	}
	e := get("امردادماه")
	e.month, e.monthCal, e.monthMah = 5, calSolar, true
	e = get("امرداد")
	e.month, e.monthCal = 5, calSolar
	for i, names := range gregMonths {
		for _, w := range names {
			e := get(w)
			e.month, e.monthCal, e.monthAmb = int8(i+1), calGregorian, ambiguousMonths[w]
		}
	}

	for w, d := range map[string]time.Weekday{
		"شنبه": time.Saturday, "یکشنبه": time.Sunday, "دوشنبه": time.Monday, "سه\u200cشنبه": time.Tuesday,
		"چهارشنبه": time.Wednesday, "پنجشنبه": time.Thursday, "جمعه": time.Friday,
	} {
		get(w).weekday = int8(d) + 1
	}
	for w, d := range map[string]int8{"امروز": 0, "امشب": 0, "فردا": 1, "پس\u200cفردا": 2, "دیروز": -1, "دیشب": -1, "پریروز": -2} {
		e := get(w)
		e.isRel, e.relDay = true, d
	}
	for _, w := range []string{"صبح", "ظهر", "عصر", "شب", "بامداد", "غروب", "شامگاه", "صبحگاه", "بعدازظهر", "نیمه\u200cشب", "سحر"} {
		get(w).tod = true
	}
	for w, c := range map[string]string{
		"ریال": "IRR", "ریالی": "IRR", "تومان": "IRT", "تومانی": "IRT", "همت": "IRT",
		"دلار": "USD", "دلاری": "USD", "یورو": "EUR", "یورویی": "EUR",
	} {
		e := get(w)
		e.currency, e.curMul = c, 1
	}
	get("همت").curMul = 1e12

	fns := map[string]uint8{
		"و": fnVa, "ام": fnOrdSuf, "امین": fnOrdSuf, "روز": fnRuz, "ماه": fnMah, "سال": fnSal,
		"سال\u200cهای": fnSalha, "امسال": fnEmsal, "پارسال": fnParsal, "جاری": fnJari,
		"گذشته": fnPast, "قبل": fnPast, "پیش": fnPast, "آینده": fnNext, "بعد": fnNext,
		"هفته": fnHafte, "از": fnAz, "تا": fnTa, "الی": fnTa, "شمسی": fnEra, "هجری": fnEra,
		"میلادی": fnEra, "پس": fnPas, "پایان": fnMonthCtx, "اوایل": fnMonthCtx,
		"اواخر": fnMonthCtx, "اواسط": fnMonthCtx, "ابتدای": fnMonthCtx, "نیمه": fnMonthCtx,
		"آغاز": fnMonthCtx, "طی": fnMonthCtx,
	}
	for w, f := range fns {
		get(w).fn = f
	}
	for _, e := range lex {
		e.dateStart = e.tod || e.isRel || e.weekday != 0 || e.month != 0 || e.numKind != numNone ||
			e.fn == fnRuz || e.fn == fnAz || e.fn == fnSal || e.fn == fnSalha || e.fn == fnPas
	}
	return lex
}
