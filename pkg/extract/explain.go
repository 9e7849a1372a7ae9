package extract

import (
	"fmt"
	"io"
	"time"

	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// Explain writes, sentence by sentence, what the engine reads in an article: the cue phrases
// of the rule files with their categories, the gazetteer's names, dates, numbers and money,
// then the events. It is the tool for writing rules: run it on an article the rules get
// wrong. The format is for people and may change.
func (e *Engine) Explain(a *news.Article, w io.Writer) error {
	if err := a.Validate(); err != nil {
		return fmt.Errorf("article %s: %w", a.ID, err)
	}
	d := e.analyse(a, e.langs[a.Lang])
	pub := "unknown"
	if !d.pubDay.IsZero() {
		pub = d.pubDay.Format(time.DateOnly)
	}
	fmt.Fprintf(w, "article %s (%s), published %s local\n", a.ID, a.Lang, pub)
	for _, s := range d.sents {
		fmt.Fprintf(w, "\n[%d] %s\n", s.idx, d.t.Norm[s.Start:s.End])
		for _, h := range s.hits {
			fmt.Fprintf(w, "    cue   %-14s %q\n", h.cat, d.t.Norm[h.Start:h.End])
		}
		for _, m := range s.gaz {
			var what string
			switch {
			case m.Entry.Role != nil:
				what = "role " + m.Entry.Role.ID
			case m.Entry.Org != nil:
				what = "org " + m.Entry.Org.ID
			case m.Entry.Location != nil:
				what = "place " + m.Entry.Location.ID
			}
			fmt.Fprintf(w, "    name  %-14s %q\n", what, d.t.Norm[m.Start:m.End])
		}
		for _, x := range s.dates {
			fmt.Fprintf(w, "    date  %-14s %q\n", d.dateOf(x).Value, d.t.Norm[x.Start:x.End])
		}
		for _, n := range s.nums {
			fmt.Fprintf(w, "    num   %-14g %q\n", n.Value, d.t.Norm[n.Start:n.End])
		}
		for _, m := range s.money {
			fmt.Fprintf(w, "    money %-14s %q\n", fmt.Sprintf("%g %s", m.Amount, m.Currency), d.t.Norm[m.Start:m.End])
		}
	}
	evs, err := e.Extract(a)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%d events\n", len(evs))
	for _, ev := range evs {
		fmt.Fprintf(w, "    %s  (evidence [%d,%d))\n", ev.SummaryEn, ev.Evidence.Start, ev.Evidence.End)
	}
	return nil
}
