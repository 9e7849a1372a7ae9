package gazetteer_test

import (
	"fmt"

	"github.com/tinkhabar/tinkhabar/pkg/gazetteer"
	"github.com/tinkhabar/tinkhabar/pkg/text/fa"
	"github.com/tinkhabar/tinkhabar/pkg/text/vi"
)

func ExampleGazetteer_Find() {
	g, err := gazetteer.Default(map[string]gazetteer.Normalizer{"fa": fa.Canonical, "vi": vi.Canonical})
	if err != nil {
		panic(err)
	}
	t := vi.New().Normalize("Thứ trưởng Bộ TT&TT làm việc với UBND tỉnh Hà Nam tại TP Phủ Lý.")
	for _, m := range g.Find("vi", t) {
		e := m.Entry
		switch e.Kind {
		case gazetteer.KindRole:
			fmt.Printf("%s: role %s of %s\n", t.OrigText(m.Span), e.Role.ID, e.Org.ID)
		case gazetteer.KindOrg:
			fmt.Printf("%s: organisation %s (%s)\n", t.OrigText(m.Span), e.Org.ID, e.Org.Kind)
		case gazetteer.KindLocation:
			place := e.Location.ID
			if e.City {
				place = "a city in " + place
			}
			fmt.Printf("%s: %s\n", t.OrigText(m.Span), place)
		}
		if e.Former {
			fmt.Printf("  (a former province, now part of %s)\n", e.Location.CurrentID)
		}
	}
	// Output:
	// Thứ trưởng Bộ TT&TT: role deputy_minister of vn/mic
	// UBND tỉnh Hà Nam: organisation vn/ha-nam (government)
	//   (a former province, now part of vn/ninh-binh)
	// Phủ Lý: a city in vn/ninh-binh
}
