package vi

import (
	"math"

	"github.com/tinkhabar/tinkhabar/pkg/text"
)

// Numbers finds the numbers in t.Norm, in order and non-overlapping.
//
// Digits: «12»; «1.250» and «21.500» are 1250 and 21500 (dots between groups of exactly three
// digits are thousands separators; «1.250,5» is 1250.5); «3,5» is 3.5 (decimal comma); a single
// dot before a group that is not three digits is read as a decimal point («3.5 GHz», but also
// the date «15.7»: Dates claims those, and the engine drops numbers inside dates); chains that
// fit neither reading («0905.123.456», «1.2.3») are not numbers. Digits glued to letters («4G»,
// «2GB», «17h», «A1») are not numbers, except before a currency («70.000đ»).
//
// Scale words multiply: «3,5 triệu» = 3.5e6, «1.200 tỷ» = 1.2e12, «3,5 nghìn tỷ» = 3.5e12,
// «2 tỷ 500 triệu» = 2.5e9, «1 triệu rưỡi» = 1.5e6 (nghìn/ngàn, triệu, tỷ/tỉ, and trăm after
// digits). Words: «mười hai» = 12, «hai mươi lăm» = 25, «hai mươi mốt»/«hai mươi tư» = 21/24,
// «một trăm linh năm»/«lẻ năm» = 105, «hai nghìn không trăm hai mươi lăm» = 2025, «ba chục» =
// 30, with the variants bảy/bẩy, bốn/tư, nghìn/ngàn, tỷ/tỉ.
//
// Ambiguous words are numbers only where they clearly are:
//   - «năm» alone (5, or "year") only before a counted noun («năm dự án») and not after a
//     word that makes it "year" («trong năm», «mỗi năm», «một năm»); inside a compound it is 5
//     («năm trăm», «năm triệu», «linh năm»), but «mười năm»/«hai mươi năm» are read as
//     "ten/twenty years", not 15/25 (those are «mười lăm», «hai mươi lăm»);
//   - «một» is 1 except in «một số» (some), «một trong» (one of), «một cách», «một phần»,
//     «một vài», «một loạt», «một chút», «một lúc», «một khi», «một mình», «một nửa»;
//   - «không» (also "not"), «tư», «mốt» and «lăm» alone are not numbers;
//   - a capitalised number word followed by a capitalised word is a name («Ba Lan», «Hai Bà
//     Trưng», «Năm Căn»), not a number; bare scale words («hàng triệu») are not numbers.
//
// «thứ» + a number is an ordinal («thứ ba» = 3, «thứ nhất» = 1, «thứ 18»), with the span from
// «thứ»; a weekday («thứ Hai», «Thứ năm, 17/9») is not a number. Words is set when any part of
// the numeral is a word (a scale word counts: «3,5 triệu»).
func (p *Pack) Numbers(t *text.Text) []text.Number {
	s := p.scan(t)
	var out []text.Number
	for i := 0; i < s.n(); {
		n, next := s.numberAt(i)
		if n.ok {
			out = append(out, n.Number)
		}
		i = next
	}
	return out
}

// num is a number found at a token, with the tokens it covers.
type num struct {
	text.Number
	first, last int
	ok          bool
}

// numberAt reads the number starting at token i. It returns the token to go on from (always
// after i).
func (s *scan) numberAt(i int) (num, int) {
	if s.isWord(i) && !numberVocab.has(s.word(i)) {
		return num{}, i + 1
	}
	switch {
	case s.word(i) == "thứ":
		if _, end, ok := s.weekday(i); ok {
			return num{}, end + 1
		}
		if !s.sp(i) {
			return num{}, i + 1
		}
		if s.word(i+1) == "nhất" {
			return num{Number: text.Number{Span: s.span(i, i+1), Value: 1, Words: true, Ordinal: true}, first: i, last: i + 1, ok: true}, i + 2
		}
		n, next := s.cardinal(i+1, true)
		if !n.ok {
			return num{}, i + 1
		}
		n.first, n.Ordinal = i, true
		n.Start = int(s.toks[i].start)
		return n, next
	case s.isNum(i), s.isWord(i):
		return s.cardinal(i, false)
	}
	return num{}, i + 1
}

// Word kinds of the number vocabulary.
type wkind uint8

const (
	wNone   wkind = iota
	wDigit        // không … chín
	wMuoi10       // mười (ten)
	wMuoi         // mươi (tens after a digit)
	wTram         // trăm
	wLinh         // linh, lẻ (zero tens)
	wScale        // nghìn, ngàn, triệu, tỷ, tỉ
	wChuc         // chục (ten, after a digit)
	wRuoi         // rưỡi (and a half)
)

// Digit-word variants that restrict where a digit word may stand.
type variant uint8

const (
	vPlain variant = iota
	vKhong         // không: 0 inside a number only ("not" otherwise)
	vMot           // một: 1
	vMotT          // mốt: 1 after mươi only
	vTu            // tư: 4 after mươi/mười/linh, or after thứ
	vNam           // năm: 5, or "year"
	vLam           // lăm: 5 after mười/mươi only
)

// numWord classifies a lower-case word of the number vocabulary.
func numWord(w string) (k wkind, v float64, vr variant) {
	switch w {
	case "không":
		return wDigit, 0, vKhong
	case "một":
		return wDigit, 1, vMot
	case "mốt":
		return wDigit, 1, vMotT
	case "hai":
		return wDigit, 2, vPlain
	case "ba":
		return wDigit, 3, vPlain
	case "bốn":
		return wDigit, 4, vPlain
	case "tư":
		return wDigit, 4, vTu
	case "năm":
		return wDigit, 5, vNam
	case "lăm":
		return wDigit, 5, vLam
	case "sáu":
		return wDigit, 6, vPlain
	case "bảy", "bẩy":
		return wDigit, 7, vPlain
	case "tám":
		return wDigit, 8, vPlain
	case "chín":
		return wDigit, 9, vPlain
	case "mười":
		return wMuoi10, 10, vPlain
	case "mươi":
		return wMuoi, 0, vPlain
	case "trăm":
		return wTram, 100, vPlain
	case "linh", "lẻ":
		return wLinh, 0, vPlain
	case "nghìn", "ngàn":
		return wScale, 1e3, vPlain
	case "triệu":
		return wScale, 1e6, vPlain
	case "tỷ", "tỉ":
		return wScale, 1e9, vPlain
	case "chục":
		return wChuc, 10, vPlain
	case "rưỡi":
		return wRuoi, 0, vPlain
	}
	return wNone, 0, vPlain
}

// unit reads the digit word at token i as the unit after mười (afterMuoi10), after mươi, or
// after linh/lẻ (neither).
func (s *scan) unit(i int, afterMuoi10, afterLinh bool) (float64, bool) {
	k, v, vr := numWord(s.word(i))
	if k != wDigit || vr == vKhong {
		return 0, false
	}
	switch {
	case afterLinh:
		return v, vr != vMotT && vr != vLam
	case afterMuoi10:
		return v, vr != vMotT && vr != vNam
	default: // after mươi
		return v, vr != vNam
	}
}

// group reads a number from 0 to 999 in words at token i: «năm», «mười hai», «hai mươi lăm»,
// «ba chục», «một trăm linh năm», «không trăm hai mươi». afterScale allows a group opened by
// linh/lẻ («một nghìn linh năm»). It returns the value, the last token and the digit-word
// variant when the group is a single word.
func (s *scan) group(i int, afterScale bool) (v float64, last int, vr variant, ok bool) {
	k, d, vr := numWord(s.word(i))
	switch k {
	case wMuoi10:
		if s.sp(i) {
			if u, ok := s.unit(i+1, true, false); ok {
				return 10 + u, i + 1, vPlain, true
			}
		}
		return 10, i, vPlain, true
	case wLinh:
		if afterScale && s.sp(i) {
			if u, ok := s.unit(i+1, false, true); ok {
				return u, i + 1, vPlain, true
			}
		}
		return 0, 0, vPlain, false
	case wDigit:
	default:
		return 0, 0, vPlain, false
	}
	if vr == vMotT || vr == vLam || vr == vTu {
		return 0, 0, vPlain, false
	}
	if s.sp(i) {
		switch next, _, _ := numWord(s.word(i + 1)); next {
		case wTram:
			v, last = d*100, i+1
			if t, l, ok := s.tens(last); ok {
				v, last = v+t, l
			}
			return v, last, vPlain, true
		case wMuoi:
			if d >= 2 {
				v, last = d*10, i+1
				if s.sp(last) {
					if u, ok := s.unit(last+1, false, false); ok {
						v, last = v+u, last+1
					}
				}
				return v, last, vPlain, true
			}
		case wChuc:
			if d >= 1 {
				return d * 10, i + 1, vPlain, true
			}
		}
	}
	if vr == vKhong {
		return 0, 0, vPlain, false
	}
	return d, i, vr, true
}

// tens reads what may follow «X trăm» (whose last token is at): «linh/lẻ D», «mười [U]»,
// «D mươi [U]».
func (s *scan) tens(at int) (float64, int, bool) {
	if !s.sp(at) {
		return 0, 0, false
	}
	i := at + 1
	k, d, vr := numWord(s.word(i))
	switch k {
	case wLinh:
		if s.sp(i) {
			if u, ok := s.unit(i+1, false, true); ok {
				return u, i + 1, true
			}
		}
	case wMuoi10:
		if s.sp(i) {
			if u, ok := s.unit(i+1, true, false); ok {
				return 10 + u, i + 1, true
			}
		}
		return 10, i, true
	case wDigit:
		if d >= 2 && vr != vTu && vr != vLam && vr != vMotT && s.sp(i) && s.word(i+1) == "mươi" {
			v, last := d*10, i+1
			if s.sp(last) {
				if u, ok := s.unit(last+1, false, false); ok {
					v, last = v+u, last+1
				}
			}
			return v, last, true
		}
	}
	return 0, 0, false
}

// chain reads a digit chain at token i: digit runs joined by single '.' or ','. It returns
// the value, the last token, and ok false (with last still set, to skip the chain) when the
// chain is not a number.
func (s *scan) chain(i int) (num, div float64, last int, ok bool) {
	last = i
	var groups [8]int // token indices of the digit runs
	var seps [8]byte
	ng := 1
	groups[0] = i
	for s.adj(last) && s.adj(last+1) && s.isNum(last+2) && (s.punct(last+1, '.') || s.punct(last+1, ',')) {
		if ng == len(groups) {
			// Far too long for a number (a serial or an address): skip it whole.
			for s.adj(last) && s.adj(last+1) && s.isNum(last+2) && (s.punct(last+1, '.') || s.punct(last+1, ',')) {
				last += 2
			}
			return 0, 1, last, false
		}
		seps[ng-1] = s.fold[s.toks[last+1].start]
		groups[ng] = last + 2
		ng++
		last += 2
	}
	if ng == 1 {
		d, w := s.digits(i)
		return float64(d), 1, last, w <= 15
	}
	// thousands reports whether groups[:k] are a valid thousands grouping.
	thousands := func(k int) bool {
		_, w0 := s.digits(groups[0])
		if w0 > 3 || w0 > 1 && s.fold[s.toks[groups[0]].start] == '0' {
			return false
		}
		for g := 1; g < k; g++ {
			if _, w := s.digits(groups[g]); w != 3 {
				return false
			}
		}
		return true
	}
	sameSep := func(k int) bool {
		for g := 1; g < k-1; g++ {
			if seps[g] != seps[0] {
				return false
			}
		}
		return true
	}
	intOf := func(k int) float64 {
		var x float64
		for g := range k {
			d, w := s.digits(groups[g])
			x = x*math.Pow10(w) + float64(d)
		}
		return x
	}
	// decimal is the integer part groups[:k] with the fraction groups[k].
	decimal := func(k int) (float64, float64, bool) {
		_, wf := s.digits(groups[k])
		digits := wf
		for g := range k {
			_, w := s.digits(groups[g])
			digits += w
		}
		if digits > 15 {
			return 0, 1, false
		}
		f, _ := s.digits(groups[k])
		div := math.Pow10(wf)
		return intOf(k)*div + float64(f), div, true
	}
	lastSep := seps[ng-2]
	switch {
	case sameSep(ng) && seps[0] == '.' && lastSep == '.' && thousands(ng):
		return intOf(ng), 1, last, true
	case sameSep(ng) && seps[0] == ',' && lastSep == ',' && ng > 2 && thousands(ng):
		return intOf(ng), 1, last, true // 1,250,000 (English grouping)
	case ng == 2:
		num, div, ok := decimal(1) // 3,5 or 3.5
		return num, div, last, ok
	case sameSep(ng-1) && seps[0] != lastSep && thousands(ng-1):
		num, div, ok := decimal(ng - 1) // 1.250,5 or 1,250.5
		return num, div, last, ok
	}
	return 0, 1, last, false
}

// gluedCurrency reports whether a word glued to the end of a number is a currency.
func gluedCurrency(w string) bool {
	switch w {
	case "đ", "vnđ", "vnd", "usd":
		return true
	}
	return false
}

// cardinal reads a cardinal number (digits, words, or digits and scale words) at token i.
// afterThu is set when it follows «thứ» (so «tư», «năm» alone are read).
func (s *scan) cardinal(i int, afterThu bool) (num, int) {
	var a accum
	words := false
	var last int
	var single variant = 255 // digit-word variant when the number is one word
	fromDigits := false
	switch {
	case s.isNum(i):
		if s.adj(i-1) && (s.isWord(i-1) || s.isNum(i-1)) {
			_, _, l, _ := s.chain(i)
			return num{}, l + 1
		}
		v, div, l, ok := s.chain(i)
		if !ok {
			return num{}, l + 1
		}
		if s.adj(l) && s.isWord(l+1) && !gluedCurrency(s.word(l+1)) {
			return num{}, l + 2 // 4G, 2GB, 17h
		}
		if s.adj(l) && s.isNum(l+1) {
			return num{}, l + 1
		}
		a.add(v, div)
		last, fromDigits = l, true
	default:
		v, l, vr, ok := s.group(i, false)
		if !ok {
			if afterThu {
				if k, d, vr := numWord(s.word(i)); k == wDigit && (vr == vTu || vr == vNam || vr == vPlain || vr == vMot) {
					return num{Number: text.Number{Span: s.span(i, i), Value: d, Words: true}, first: i, last: i, ok: true}, i + 1
				}
			}
			return num{}, i + 1
		}
		a.add(v, 1)
		last, words = l, true
		if l == i {
			single = vr
		}
	}
	lastScale := math.Inf(1)
	coef := true    // a coefficient waits for its scale
	scaled := false // the last item was a scale word
	digitsOnly := !words
	for s.sp(last) {
		j := last + 1
		k, sc, _ := numWord(s.word(j))
		if k == wTram && fromDigits && coef && !scaled {
			k = wScale
		}
		if k == wScale {
			if !coef && !(scaled && sc > lastScale) {
				break
			}
			a.scale(sc)
			last, words, scaled, coef, single = j, true, true, false, 255
			lastScale = sc
			continue
		}
		if k == wRuoi && scaled {
			a.half(lastScale)
			last = j
			break
		}
		if !scaled {
			break
		}
		// A coefficient after a scale word.
		if s.isNum(j) {
			v, div, l, ok := s.chain(j)
			if !ok || !s.sp(l) {
				break
			}
			k2, sc2, _ := numWord(s.word(l + 1))
			if k2 != wScale || sc2 >= lastScale {
				break
			}
			a.add(v, div)
			last, coef, scaled = l, true, false
			continue
		}
		if digitsOnly {
			break
		}
		v, l, _, ok := s.group(j, true)
		if !ok {
			break
		}
		a.add(v, 1)
		last, coef, scaled = l, true, false
	}
	n := num{Number: text.Number{Span: s.span(i, last), Value: a.value(), Words: words}, first: i, last: last, ok: true}
	if single != 255 && !afterThu && !s.standalone(i, single) {
		return num{}, i + 1
	}
	return n, last + 1
}

// standalone decides whether the single digit word at token i is a number on its own.
func (s *scan) standalone(i int, vr variant) bool {
	switch vr {
	case vKhong, vTu, vMotT, vLam:
		return false
	case vNam:
		if !s.sp(i) || !countedNoun(s.word(i+1)) {
			return false
		}
		if s.sp(i - 1) {
			if s.isNum(i - 1) {
				return false
			}
			if k, _, _ := numWord(s.word(i - 1)); k != wNone || yearContext(s.word(i-1)) {
				return false
			}
		}
	case vMot:
		if s.sp(i) && motIdiom(s.word(i+1)) {
			return false
		}
	}
	if s.capital(i) && (s.sp(i) && s.isWord(i+1) && s.capital(i+1) || s.sp(i-1) && s.isWord(i-1) && s.capital(i-1)) {
		return false // Ba Lan, Hai Bà Trưng, Năm Căn, Cách mạng Tháng Tám
	}
	return true
}

// countedNoun reports whether w, the first syllable after a bare «năm», is a noun that is
// counted, so that «năm» reads as five.
func countedNoun(w string) bool {
	switch w {
	case "dự", "trạm", "công", "điểm", "tỉnh", "thành", "xã", "huyện", "phường", "quận", "thôn",
		"làng", "bản", "hộ", "doanh", "người", "ngày", "tháng", "năm", "tuần", "lần", "nhóm",
		"nhiệm", "trụ", "hợp", "biên", "thỏa", "văn", "chương", "đề", "tuyến", "nhà", "trung",
		"khu", "cơ", "đơn", "gói", "đoàn", "tập", "tổng", "lĩnh", "giải", "mục", "chỉ", "trường",
		"bệnh", "cột", "km", "nước", "quốc", "địa", "sở", "ban", "bộ", "vị", "cán", "chuyên",
		"kỹ", "sinh", "lao", "nền", "hệ", "cụm", "cảng", "mạng":
		return true
	}
	return false
}

// yearContext reports whether w before «năm» makes it mean "year".
func yearContext(w string) bool {
	switch w {
	case "trong", "của", "cuối", "đầu", "giữa", "mỗi", "hằng", "hàng", "các", "những", "vào",
		"từ", "đến", "tới", "sang", "cả", "nhiều", "vài", "mấy", "qua", "sau", "trước", "hết",
		"ngày", "tháng", "này", "nọ", "kia", "quý", "tài", "học":
		return true
	}
	return false
}

// motIdiom reports whether «một» followed by w is an idiom rather than the number one.
func motIdiom(w string) bool {
	switch w {
	case "số", "trong", "cách", "phần", "vài", "loạt", "chút", "lúc", "khi", "mình", "nửa", "ít",
		"thời", "mai", "hồi", "dạo":
		return true
	}
	return false
}

// accum adds up a number from coefficients and scale words: a scale multiplies every term
// after the last larger scale («một nghìn hai trăm tỷ» = 1200e9, «ba nghìn tỷ» = 3e12). A
// decimal coefficient is kept as a fraction num/div so that «4,1 triệu» is exactly 4100000.
type accum struct {
	terms [12]term
	n     int
}

type term struct{ num, div, s float64 }

func (a *accum) add(num, div float64) {
	if a.n == len(a.terms) {
		return
	}
	a.terms[a.n] = term{num, div, 1}
	a.n++
}

func (a *accum) scale(s float64) {
	sum, popped := 0.0, 0
	var one term
	for a.n > 0 && a.terms[a.n-1].s < s {
		a.n--
		one = a.terms[a.n]
		sum += one.num / one.div
		popped++
	}
	if popped == 1 && one.div > 1 && s >= one.div {
		a.terms[a.n] = term{one.num * (s / one.div), 1, s}
	} else {
		a.terms[a.n] = term{sum * s, 1, s}
	}
	a.n++
}

func (a *accum) half(s float64) {
	if a.n > 0 {
		a.terms[a.n-1].num += s / 2 * a.terms[a.n-1].div
	}
}

func (a *accum) value() float64 {
	v := 0.0
	for k := range a.n {
		v += a.terms[k].num / a.terms[k].div
	}
	return v
}
