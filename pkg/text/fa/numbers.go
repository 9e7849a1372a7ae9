package fa

import (
	"github.com/tinkhabar/tinkhabar/pkg/text"
)

// part is one piece of a number: a run of digits or one number word (with «صد» after a unit,
// «چهار صد», and a separate ordinal ending, «سی ام»). Its value is mant/div.
type part struct {
	mant, div float64
	kind      uint8
	ordinal   bool
	words     bool
	next      int // the token after the part
}

func (pt part) value() float64 { return pt.mant / pt.div }

// Numbers finds the numbers of t.Norm, in order and non-overlapping: digits (',' thousands,
// '.' decimals, and '/' as a decimal point before a scale word: «۲/۵ میلیون»), Persian number
// words up to the scale words (هزار, میلیون, میلیارد, تریلیون), both mixed («هزار و ۲۰۰
// میلیارد» = 1.2e12), and ordinals («دهم», «بیست و دوم», «نخستین», «17ام»). Digits glued to a
// Latin letter («5G») and the digit groups of dates and clock times (1404/09/10, 14:30) are
// not numbers; «نه» (also "no") is a number only inside a compound or before a scale word.
func (p *Pack) Numbers(t *text.Text) []text.Number {
	buf := p.tokens(t.Norm)
	defer p.release(buf)
	var out []text.Number
	p.eachNumber(*buf, t.Norm, func(n text.Number, _ int) { out = append(out, n) })
	return out
}

// Money finds the amounts of money in t.Norm: a number (with its scale words) followed by a
// currency word: ریال (IRR), تومان (IRT), همت (10^12 IRT), دلار (USD) or یورو (EUR), also with
// the adjective ending «ی» («ریالی»). The span covers the number and the currency word.
func (p *Pack) Money(t *text.Text) []text.Money {
	buf := p.tokens(t.Norm)
	defer p.release(buf)
	ts := *buf
	var out []text.Money
	p.eachNumber(ts, t.Norm, func(n text.Number, next int) {
		if m, ok := moneyAt(ts, n, next); ok {
			out = append(out, m)
		}
	})
	return out
}

// moneyAt returns the amount of money made by number n and the currency word at token next.
func moneyAt(ts []tok, n text.Number, next int) (text.Money, bool) {
	if n.Ordinal || !near(ts, next) || ts[next].lex == nil || ts[next].lex.currency == "" {
		return text.Money{}, false
	}
	e := ts[next].lex
	return text.Money{
		Span:     text.Span{Start: n.Start, End: ts[next].end},
		Amount:   n.Value * e.curMul,
		Currency: e.currency,
	}, true
}

// eachNumber calls fn with every number of ts in order and the index of the token after it.
func (p *Pack) eachNumber(ts []tok, norm string, fn func(text.Number, int)) {
	for i := 0; i < len(ts); {
		if ts[i].kind != tkDigits && (ts[i].lex == nil || ts[i].lex.numKind == numNone) {
			i++ // cannot start a number
			continue
		}
		n, next, ok := parseNumber(ts, norm, i)
		if ok {
			fn(n, next)
		}
		i = max(next, i+1)
	}
}

// parseNumber reads the number starting at token i. When there is none it returns ok false and
// in next the token to go on from (past a date or clock time whose digits are not numbers).
func parseNumber(ts []tok, norm string, i int) (n text.Number, next int, ok bool) {
	var (
		total              float64 // the groups already multiplied by their scale
		g                  part    // the group being read (a value below the next scale)
		maxScale, lastSc   float64
		afterScale, closed bool
		end                int
		words, ordinal     bool
	)
	if e := ts[i].lex; ts[i].kind == tkWord && e != nil && e.numKind == numScale && e.num == 1e3 && !e.ordinal {
		// «هزار» alone opens a number: «هزار و ۲۰۰» = 1200.
		g = part{mant: 1, div: 1, kind: numUnit}
		end = i
	} else {
		first, skip, ok := readPart(ts, norm, i, false)
		if !ok {
			return n, skip, false
		}
		g, end = first, first.next
		words, ordinal = first.words, first.ordinal
	}
	for !ordinal && !closed {
		j := end
		if e := scaleAt(ts, j); e != nil && (j == i || near(ts, j)) {
			s := e.num
			switch {
			case s > maxScale: // a larger scale multiplies all before it: «هزار و ۲۰۰ میلیارد»
				total *= s
				if g.kind != numNone {
					total += g.mant * s / g.div
				}
			case g.kind != numNone && s < lastSc: // the next group: «دو میلیون و پانصد هزار»
				total += g.mant * s / g.div
			default:
				goto done
			}
			if s > maxScale {
				maxScale = s
			}
			lastSc, g, afterScale = s, part{}, true
			end, words, ordinal = j+1, true, e.ordinal
			continue
		}
		if !fnAt(ts, j, fnVa) || !near(ts, j) || !near(ts, j+1) {
			break
		}
		p2, _, ok := readPart(ts, norm, j+1, true)
		if !ok {
			break
		}
		switch {
		case p2.kind == numHalf && afterScale:
			total += lastSc / 2
			closed = true
		case p2.kind == numHalf && g.kind != numNone:
			g.mant, g.div = g.mant*2+g.div, g.div*2
			g.kind = numHalf
		case p2.kind == numHalf:
			goto done
		case afterScale:
			v := p2.value()
			if s := scaleAt(ts, p2.next); s != nil && near(ts, p2.next) {
				if !(s.num < lastSc || s.num > maxScale) {
					goto done
				}
			} else if v >= lastSc {
				goto done
			}
			g = p2
		case g.kind == numHundred && g.words && p2.value() < 100 && p2.kind != numZero:
			g.mant, g.div = g.mant+p2.value(), 1
			g.kind = p2.kind
		case g.kind == numTen && g.words && p2.kind == numUnit && p2.words:
			g.mant, g.div = g.mant+p2.value(), 1
			g.kind = numUnit
		default:
			goto done
		}
		afterScale = false
		end, words, ordinal = p2.next, true, p2.ordinal
	}
done:
	v := total
	if g.kind != numNone {
		v += g.value()
	}
	return text.Number{
		Span:    text.Span{Start: ts[i].start, End: ts[end-1].end},
		Value:   v,
		Words:   words,
		Ordinal: ordinal,
	}, end, true
}

// scaleAt returns the lexicon entry of token j when it is a scale word.
func scaleAt(ts []tok, j int) *lexEntry {
	if j >= len(ts) || ts[j].kind != tkWord || ts[j].lex == nil || ts[j].lex.numKind != numScale {
		return nil
	}
	return ts[j].lex
}

// readPart reads one part of a number at token i; afterVa tells it follows «و» inside a
// number. When there is none, skip is the token to go on from.
func readPart(ts []tok, norm string, i int, afterVa bool) (pt part, skip int, ok bool) {
	t := ts[i]
	switch t.kind {
	case tkDigits:
		return readDigits(ts, norm, i)
	case tkWord:
	default:
		return pt, i + 1, false
	}
	e := t.lex
	if e == nil || e.numKind == numNone || e.numKind == numScale {
		return pt, i + 1, false
	}
	if e.numKind == numHalf && !afterVa {
		return pt, i + 1, false
	}
	pt = part{mant: e.num, div: 1, kind: e.numKind, ordinal: e.ordinal, words: true, next: i + 1}
	if e.numKind == numUnit && !e.ordinal && near(ts, i+1) && ts[i+1].lex != nil && ts[i+1].lex.fn == fnSad {
		// «چهار صد» = 400, «سه صدم» = 300th
		pt.mant *= 100
		pt.kind, pt.ordinal, pt.next = numHundred, ts[i+1].lex.ordinal, i+2
	}
	if e.fn == fnNine && !afterVa && pt.kind == numUnit && scaleAt(ts, pt.next) == nil {
		return pt, i + 1, false
	}
	if !pt.ordinal && fnAt(ts, pt.next, fnOrdSuf) && near(ts, pt.next) {
		pt.ordinal, pt.next = true, pt.next+1
	}
	return pt, 0, true
}

// readDigits reads a number written in digits at token i: thousands groups after ',', a
// decimal part after '.', a decimal '/' before a scale word, an ordinal ending glued («17ام»)
// or apart («17 ام»).
func readDigits(ts []tok, norm string, i int) (pt part, skip int, ok bool) {
	// The structure: digit runs joined by single separators with no space between.
	last, seps, dots, slashes, dashes := i, 0, 0, 0, 0
	for last+2 < len(ts) && ts[last+1].kind == tkPunct && glued(ts, last+1) && ts[last+2].kind == tkDigits && glued(ts, last+2) {
		switch norm[ts[last+1].start] {
		case ':':
			seps |= 1
		case '.':
			dots++
		case '/':
			slashes++
		case '-':
			dashes++
		case ',':
		default:
			goto scanned
		}
		last += 2
	}
scanned:
	reject := last + 1
	switch {
	case seps&1 != 0, dots > 1, slashes > 1, slashes == 1 && last > i+2, dashes > 1 && last == i+4:
		// a clock time, a version or dotted date, a date written with slashes or dashes
		return pt, reject, false
	case glued(ts, i) && ts[i-1].kind == tkWord && isLatinByte(norm[ts[i-1].end-1]):
		return pt, reject, false
	}
	mant, div := digitsValue(norm[ts[i].start:ts[i].end]), 1.0
	k := i + 1 // token after the part
	switch {
	case slashes == 1:
		// «۲/۵ میلیون»: a Persian decimal point, only trusted before a scale word.
		if scaleAt(ts, i+3) == nil || !near(ts, i+3) {
			return pt, reject, false
		}
		mant, div = fraction(mant, norm[ts[i+2].start:ts[i+2].end])
		k = i + 3
	default:
		for k+1 <= last && norm[ts[k].start] == ',' && ts[k+1].end-ts[k+1].start == 3 {
			mant = mant*1000 + digitsValue(norm[ts[k+1].start:ts[k+1].end])
			k += 2
		}
		if k+1 <= last && norm[ts[k].start] == '.' {
			mant, div = fraction(mant, norm[ts[k+1].start:ts[k+1].end])
			k += 2
		}
	}
	pt = part{mant: mant, div: div, kind: numDigits, next: k}
	if k < len(ts) && glued(ts, k) && ts[k].kind == tkWord {
		w := norm[ts[k].start:ts[k].end]
		switch {
		case isLatinByte(w[0]):
			return pt, max(reject, k+1), false // «5G»
		case w == "ام" || w == "امین" || w == "م" || w == "مین":
			pt.ordinal, pt.next = true, k+1
		}
	} else if fnAt(ts, k, fnOrdSuf) && near(ts, k) {
		pt.ordinal, pt.next = true, k+1
	}
	return pt, 0, true
}

// digitsValue is the value of a run of ASCII digits.
func digitsValue(s string) float64 {
	v := 0.0
	for i := 0; i < len(s); i++ {
		v = v*10 + float64(s[i]-'0')
	}
	return v
}

// fraction appends the decimal digits frac to the integer mant: mant.frac = m/div exactly.
func fraction(mant float64, frac string) (m, div float64) {
	m, div = mant, 1
	for i := 0; i < len(frac); i++ {
		m = m*10 + float64(frac[i]-'0')
		div *= 10
	}
	return m, div
}
