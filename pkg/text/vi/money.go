package vi

import "github.com/tinkhabar/tinkhabar/pkg/text"

// Money finds the money amounts in t.Norm, in order and non-overlapping: a number (as
// Numbers reads it) followed by a currency, the span covering both.
//
//   - VND: «đồng» (not «đồng chí», «đồng bào», «đồng thời», … where it is another word),
//     «VNĐ», «VND», and «đ» glued to the digits («70.000đ»): «1.200 tỷ đồng» = 1.2e12 VND,
//     «3,5 nghìn tỷ đồng» = 3.5e12 VND, «500 triệu đồng».
//   - USD: «USD», «đô la»/«đô-la»/«đôla» with or without «Mỹ», «Mỹ kim», and «$» before or after
//     the number («12 triệu USD», «1,5 tỷ đô la Mỹ», «$300»). «đô la» followed by another
//     country («đô la Singapore») is not USD and is left out.
//
// Ordinals are never amounts.
func (p *Pack) Money(t *text.Text) []text.Money {
	s := p.scan(t)
	var out []text.Money
	end := 0
	for i := 0; i < s.n(); {
		n, next := s.numberAt(i)
		if n.ok && !n.Ordinal {
			if m, ok := s.currency(n); ok && m.Start >= end { // «1$2»: the $ goes to the first
				out = append(out, m)
				end = m.End
			}
		}
		i = next
	}
	return out
}

// currency reads the currency around the number n.
func (s *scan) currency(n num) (text.Money, bool) {
	m := text.Money{Span: n.Span, Amount: n.Value}
	// A prefix: $300, US$300.
	if s.punct(n.first-1, '$') && s.adj(n.first-1) {
		m.Currency, m.Start = "USD", int(s.toks[n.first-1].start)
		if s.word(n.first-2) == "us" && s.adj(n.first-2) {
			m.Start = int(s.toks[n.first-2].start)
		}
		return m, true
	}
	j := n.last + 1
	if s.adj(n.last) {
		switch s.word(j) {
		case "đ", "vnđ", "vnd":
			m.Currency, m.End = "VND", int(s.toks[j].end)
			return m, true
		case "usd":
			m.Currency, m.End = "USD", int(s.toks[j].end)
			return m, true
		}
		if s.punct(j, '$') {
			m.Currency, m.End = "USD", int(s.toks[j].end)
			return m, true
		}
		return m, false
	}
	if !s.sp(n.last) {
		return m, false
	}
	switch w := s.word(j); w {
	case "đồng":
		if s.sp(j) && notDong(s.word(j+1)) {
			return m, false
		}
		m.Currency, m.End = "VND", int(s.toks[j].end)
		return m, true
	case "vnđ", "vnd":
		m.Currency, m.End = "VND", int(s.toks[j].end)
		return m, true
	case "usd":
		m.Currency, m.End = "USD", int(s.toks[j].end)
		return m, true
	case "mỹ":
		if s.sp(j) && s.word(j+1) == "kim" {
			m.Currency, m.End = "USD", int(s.toks[j+1].end)
			return m, true
		}
	case "đô", "đôla":
		last := j
		if w == "đô" {
			switch {
			case s.sp(j) && s.word(j+1) == "la":
				last = j + 1
			case s.adj(j) && s.punct(j+1, '-') && s.adj(j+1) && s.word(j+2) == "la":
				last = j + 2
			}
		}
		if s.sp(last) && s.isWord(last+1) && s.capital(last+1) {
			if s.word(last+1) != "mỹ" {
				return m, false // đô la Singapore, đô la Úc
			}
			last++
		}
		m.Currency, m.End = "USD", int(s.toks[last].end)
		return m, true
	}
	if s.punct(j, '$') {
		m.Currency, m.End = "USD", int(s.toks[j].end)
		return m, true
	}
	return m, false
}

// notDong reports whether «đồng» followed by w is another word than the currency.
func notDong(w string) bool {
	switch w {
	case "chí", "bào", "nghiệp", "hồ", "hương", "đội", "minh", "ruộng", "bằng", "thời", "ý",
		"hành", "bộ", "tâm", "sở", "sáng", "tác", "loại", "phục", "cỏ", "lúa", "lòng", "điệu",
		"dạng", "nhất", "đều", "loạt", "khởi", "thuận", "tình", "cấp", "hạng", "thanh", "chủ",
		"môn", "niên", "xu":
		return true
	}
	return false
}
