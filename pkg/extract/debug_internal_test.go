package extract

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/tinkhabar/tinkhabar/pkg/gold"
)

func TestDebugArticle(t *testing.T) {
	id := os.Getenv("ARTICLE")
	if id == "" {
		t.Skip("set ARTICLE")
	}
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	path := "../../testdata/corpus/articles.jsonl"
	if strings.HasPrefix(id, "ho-") {
		path = "../../testdata/heldout/articles.jsonl"
	}
	arts, _ := gold.ReadFile(path)
	for _, g := range arts {
		if g.ID != id {
			continue
		}
		a := g.NewsArticle()
		d := e.analyse(&a, e.langs[a.Lang])
		fmt.Println("pub", d.pubDay)
		for _, s := range d.sents {
			fmt.Printf("--- S%d p%d %s\n", s.idx, s.para, d.t.Norm[s.Start:s.End])
			for _, h := range s.hits {
				fmt.Printf("   hit %s %q\n", h.cat, d.t.Norm[h.Start:h.End])
			}
			for _, m := range s.gaz {
				fmt.Printf("   gaz %d %q %+v loc=%v org=%v role=%v\n", m.Entry.Kind, d.t.Norm[m.Start:m.End], m.Entry.Alias, m.Entry.Location, m.Entry.Org, m.Entry.Role)
			}
			for _, x := range s.dates {
				fmt.Printf("   date %q %d-%d-%d %s wd=%v rel=%v\n", d.t.Norm[x.Start:x.End], x.Year, x.Month, x.Day, x.Precision, x.WeekdayOnly, x.Relative)
			}
			for _, n := range s.nums {
				fmt.Printf("   num %q %v\n", d.t.Norm[n.Start:n.End], n.Value)
			}
			for _, m := range s.money {
				fmt.Printf("   money %q %v %s\n", d.t.Norm[m.Start:m.End], m.Amount, m.Currency)
			}
		}
		evs, _ := e.Extract(&a)
		for _, ev := range evs {
			b, _ := json.Marshal(gold.FromEvent(ev))
			fmt.Println("EVENT", string(b))
		}
		b, _ := json.Marshal(g.Events)
		fmt.Println("GOLD ", string(b))
	}
}
