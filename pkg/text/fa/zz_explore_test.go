package fa

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"
)

func TestZZExplore(t *testing.T) {
	f, err := os.Open("/work/shared/corpus/articles.jsonl")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	p := New()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	out, _ := os.Create("/tmp/faexp/out.txt")
	defer out.Close()
	for sc.Scan() {
		var a struct {
			ID, Lang, Text string
			Published      time.Time
		}
		json.Unmarshal(sc.Bytes(), &a)
		if a.Lang != "fa" {
			continue
		}
		tx := p.Normalize(a.Text)
		fmt.Fprintf(out, "==== %s %s\n", a.ID, a.Published.In(p.Zone()).Format("2006-01-02 Mon 15:04"))
		for _, n := range p.Numbers(tx) {
			fmt.Fprintf(out, "  N %-30q %v w=%v o=%v\n", tx.OrigText(n.Span), n.Value, n.Words, n.Ordinal)
		}
		for _, m := range p.Money(tx) {
			fmt.Fprintf(out, "  M %-30q %v %s\n", tx.OrigText(m.Span), m.Amount, m.Currency)
		}
		for _, d := range p.Dates(tx, a.Published) {
			u := ""
			if d.Until != nil {
				u = fmt.Sprintf(" until %d-%02d-%02d", d.Until.Year, d.Until.Month, d.Until.Day)
			}
			fmt.Fprintf(out, "  D %-30q %d-%02d-%02d %s %s rel=%v wd=%v%s\n", tx.OrigText(d.Span), d.Year, d.Month, d.Day, d.Precision, d.Calendar, d.Relative, d.WeekdayOnly, u)
		}
		for _, s := range p.Sentences(tx) {
			fmt.Fprintf(out, "  S [%s] %s\n", TenseOf(tx.Norm[s.Start:s.End]), tx.Norm[s.Start:s.End])
		}
	}
}
