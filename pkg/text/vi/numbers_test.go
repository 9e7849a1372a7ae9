package vi

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// numStr writes a found number as «text=value» with w (words) and o (ordinal) flags.
func numStr(s string, v float64, words, ord bool) string {
	out := fmt.Sprintf("%s=%v", s, v)
	if words {
		out += " w"
	}
	if ord {
		out += " o"
	}
	return out
}

func TestNumbers(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"thousands dot", "đưa vào hoạt động 1.250 trạm BTS, diện tích 21.500 km², 12 nhóm", []string{"1.250=1250", "21.500=21500", "12=12"}},
		{"decimal comma", "đạt 99,2% và 0,72 điểm, tăng 3,1%", []string{"99,2=99.2", "0,72=0.72", "3,1=3.1"}},
		{"scales", "3,5 triệu dân, 1.200 tỷ đồng, 3,5 nghìn tỷ đồng, 302.000 tỷ đồng, 4,1 triệu",
			[]string{"3,5 triệu=3.5e+06 w", "1.200 tỷ=1.2e+12 w", "3,5 nghìn tỷ=3.5e+12 w", "302.000 tỷ=3.02e+14 w", "4,1 triệu=4.1e+06 w"}},
		{"scale variants", "2 ngàn người, 1 tỉ đồng, 2 tỷ 500 triệu đồng, 1 triệu rưỡi, 5 trăm", []string{
			"2 ngàn=2000 w", "1 tỉ=1e+09 w", "2 tỷ 500 triệu=2.5e+09 w", "1 triệu rưỡi=1.5e+06 w", "5 trăm=500 w"}},
		{"digits after a scale need a smaller scale", "có 1 triệu 200 người", []string{"1 triệu=1e+06 w", "200=200"}},
		{"mixed groupings", "1.250,5 và 1,250,000 và 1,250.5", []string{"1.250,5=1250.5", "1,250,000=1.25e+06", "1,250.5=1250.5"}},
		{"dot decimal", "băng tần 3.5 GHz", []string{"3.5=3.5"}},
		{"not numbers", "mạng 4G/5G, gói 2GB, lúc 17h, khối A1, số 0905.123.456, bản 1.2.3", nil},
		{"glued currency", "giá 70.000đ", []string{"70.000=70000"}},
		{"ranges", "giai đoạn 2025-2030, 2025 - 2030", []string{"2025=2025", "2030=2030", "2025=2025", "2030=2030"}},
		{"words", "mười hai dự án, hai mươi lăm trạm, một trăm linh năm xã, một trăm lẻ năm thôn", []string{
			"mười hai=12 w", "hai mươi lăm=25 w", "một trăm linh năm=105 w", "một trăm lẻ năm=105 w"}},
		{"word variants", "hai mươi mốt, hai mươi tư, bảy trạm, bẩy trạm, ba chục người, mười bốn, mười tư", []string{
			"hai mươi mốt=21 w", "hai mươi tư=24 w", "bảy=7 w", "bẩy=7 w", "ba chục=30 w", "mười bốn=14 w", "mười tư=14 w"}},
		{"word scales", "năm triệu đồng, hai nghìn không trăm hai mươi lăm, ba nghìn tỷ, một nghìn hai trăm tỷ", []string{
			"năm triệu=5e+06 w", "hai nghìn không trăm hai mươi lăm=2025 w", "ba nghìn tỷ=3e+12 w", "một nghìn hai trăm tỷ=1.2e+12 w"}},
		{"năm as year", "năm 2025, năm nay, năm tới, trong năm dự án, mỗi năm, mười năm qua, hai mươi năm", []string{
			"2025=2025", "mười=10 w", "hai mươi=20 w"}},
		{"năm as five", "khởi công năm dự án và năm trăm trạm", []string{"năm=5 w", "năm trăm=500 w"}},
		{"một", "một số địa phương, một trong 5 tỉnh, một cách, một trạm phát sóng", []string{"5=5", "một=1 w"}},
		{"alone", "không có sóng, tư nhân, lăm le, mốt", nil},
		{"names", "Ba Lan, quận Hai Bà Trưng, huyện Năm Căn, Cách mạng Tháng Tám, hàng triệu người", nil},
		{"sentence start", "Hai bên thống nhất. Ba trụ cột.", []string{"Hai=2 w", "Ba=3 w"}},
		{"ordinals", "xếp thứ 18 thế giới, lần thứ ba, thứ nhất, người thứ tư, lần thứ năm, thứ hai mươi", []string{
			"thứ 18=18 o", "thứ ba=3 w o", "thứ nhất=1 w o", "thứ tư=4 w o", "thứ năm=5 w o", "thứ hai mươi=20 w o"}},
		{"weekdays are not numbers", "thứ Hai, sáng thứ ba, Thứ năm, 17/9/2026", []string{"17=17", "9=9", "2026=2026"}},
		{"percent and units", "80% người, 700 MHz, 30 ngày", []string{"80=80", "700=700", "30=30"}},
	}
	p := New()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tx := p.Normalize(tc.in)
			var got []string
			for _, n := range p.Numbers(tx) {
				got = append(got, numStr(tx.Norm[n.Start:n.End], n.Value, n.Words, n.Ordinal))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("numbers (-want +got):\n%s", diff)
			}
			checkSpans(t, tc.name, tx, p)
		})
	}
}

func TestMoney(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"vnd", "tổng vốn 1.200 tỷ đồng, khoảng 3,5 nghìn tỷ đồng và 500 triệu đồng", []string{
			"1.200 tỷ đồng=1.2e+12 VND", "3,5 nghìn tỷ đồng=3.5e+12 VND", "500 triệu đồng=5e+08 VND"}},
		{"vnd codes", "gói 70.000 đồng/tháng, 80.000 VNĐ, 90.000 VND, 10.000đ", []string{
			"70.000 đồng=70000 VND", "80.000 VNĐ=80000 VND", "90.000 VND=90000 VND", "10.000đ=10000 VND"}},
		{"usd", "12 triệu USD, 1,5 tỷ đô la Mỹ, 2 tỷ đô-la, 300 đôla, $40, US$5 triệu, 7 Mỹ kim", []string{
			"12 triệu USD=1.2e+07 USD", "1,5 tỷ đô la Mỹ=1.5e+09 USD", "2 tỷ đô-la=2e+09 USD", "300 đôla=300 USD",
			"$40=40 USD", "US$5 triệu=5e+06 USD", "7 Mỹ kim=7 USD"}},
		{"words", "năm trăm triệu đồng", []string{"năm trăm triệu đồng=5e+08 VND"}},
		{"one dollar sign for two numbers", "0$0", []string{"0$=0 USD"}},
		{"not money", "3 đồng chí, 2 đồng hồ, 100% đồng thời, 5 đô la Singapore, 12 nhóm, thứ ba đồng", nil},
	}
	p := New()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tx := p.Normalize(tc.in)
			var got []string
			for _, m := range p.Money(tx) {
				got = append(got, fmt.Sprintf("%s=%v %s", tx.Norm[m.Start:m.End], m.Amount, m.Currency))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("money (-want +got):\n%s", diff)
			}
			checkSpans(t, tc.name, tx, p)
		})
	}
}
