package extract_test

import (
	"fmt"
	"time"

	"github.com/tinkhabar/tinkhabar/pkg/extract"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

func ExampleEngine_Extract() {
	e, err := extract.New()
	if err != nil {
		panic(err)
	}
	published := time.Date(2025, 10, 23, 8, 6, 0, 0, time.UTC)
	a := news.Article{
		ID: "example", Lang: news.LangVi, Source: "baogialai", Published: &published,
		Text: "Ngày 23-10, UBND tỉnh Gia Lai và Tập đoàn VNPT đã ký kết thỏa thuận hợp tác chiến lược về chuyển đổi số giai đoạn 2025-2030, định hướng đến năm 2035.",
	}
	events, err := e.Extract(&a)
	if err != nil {
		panic(err)
	}
	for _, ev := range events {
		fmt.Println(ev.Type, ev.AgreementKind, ev.Status, ev.Date.Value)
		for _, p := range ev.Parties {
			fmt.Println(" party", p.ID)
		}
		fmt.Println(" period", ev.Period.From, ev.Period.To, ev.Period.Horizon)
		fmt.Printf(" evidence [%d,%d)\n", ev.Evidence.Start, ev.Evidence.End)
	}
	// Output:
	// agreement strategic_cooperation done 2025-10-23
	//  party vn/gia-lai
	//  party org/vnpt
	//  period 2025 2030 2035
	//  evidence [0,196)
}
