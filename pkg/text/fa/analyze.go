package fa

import (
	"time"

	"github.com/tinkhabar/tinkhabar/pkg/text"
)

// Analysis is everything the pack finds in one text.
type Analysis = text.Analysis

// Analyze returns what Sentences, Numbers, Money and Dates return for t (and ref), in one pass
// over the tokens of t.Norm instead of three: use it when all four are needed.
func (p *Pack) Analyze(t *text.Text, ref time.Time) Analysis {
	buf := p.tokens(t.Norm)
	defer p.release(buf)
	ts := *buf
	a := Analysis{Sentences: sentences(t.Norm)}
	p.eachNumber(ts, t.Norm, func(n text.Number, next int) {
		a.Numbers = append(a.Numbers, n)
		if m, ok := moneyAt(ts, n, next); ok {
			a.Money = append(a.Money, m)
		}
	})
	a.Dates = p.dates(ts, t.Norm, ref)
	return a
}
