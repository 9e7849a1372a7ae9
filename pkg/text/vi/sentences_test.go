package vi

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"two", "Ngày 14/8, Bộ trưởng đến Quảng Trị. Tỉnh có 1.250 trạm BTS.",
			[]string{"Ngày 14/8, Bộ trưởng đến Quảng Trị.", "Tỉnh có 1.250 trạm BTS."}},
		{"decimals and dates", "Gia Lai có khoảng 3,5 triệu dân và 21.500 km². Sáng 15.7, hội nghị khai mạc.",
			[]string{"Gia Lai có khoảng 3,5 triệu dân và 21.500 km².", "Sáng 15.7, hội nghị khai mạc."}},
		{"date at the end", "Hạn chót là ngày 31.12. Sau đó tỉnh báo cáo.",
			[]string{"Hạn chót là ngày 31.12.", "Sau đó tỉnh báo cáo."}},
		{"TP.HCM", "Viettel TP.HCM cho biết đã hoàn thành. Sở TT&TT TP.HCM đồng ý.",
			[]string{"Viettel TP.HCM cho biết đã hoàn thành.", "Sở TT&TT TP.HCM đồng ý."}},
		{"TP.HCM ends", "Ông làm việc tại TP.HCM. Sau đó ông về Hà Nội.",
			[]string{"Ông làm việc tại TP.HCM.", "Sau đó ông về Hà Nội."}},
		{"abbreviations", "Đoàn tới TP. Hồ Chí Minh, gặp PGS.TS. Nguyễn Văn A và ThS. Lê B. tại Q. 1, P. 5. Buổi làm việc kết thúc.",
			[]string{"Đoàn tới TP. Hồ Chí Minh, gặp PGS.TS. Nguyễn Văn A và ThS. Lê B. tại Q. 1, P. 5.", "Buổi làm việc kết thúc."}},
		{"lower case after dot", "Xem mục 3. tiếp theo là phần sau.", []string{"Xem mục 3. tiếp theo là phần sau."}},
		{"lines", "(GLO)- Sáng 23-10, tỉnh ký kết thỏa thuận.\n\nLãnh đạo tỉnh ký kết. Ảnh: Đức Thụy\n\nDòng cuối",
			[]string{"(GLO)- Sáng 23-10, tỉnh ký kết thỏa thuận.", "Lãnh đạo tỉnh ký kết.", "Ảnh: Đức Thụy", "Dòng cuối"}},
		{"quotes and marks", `Ông nói: "Đúng vậy!" Sau đó ông hỏi: "Tại sao?" rồi đi. Thật ư… Không.`,
			[]string{`Ông nói: "Đúng vậy!"`, `Sau đó ông hỏi: "Tại sao?" rồi đi.`, "Thật ư…", "Không."}},
		{"ellipsis dots", "Còn nhiều việc... Tỉnh sẽ làm tiếp.", []string{"Còn nhiều việc...", "Tỉnh sẽ làm tiếp."}},
		{"closing paren", "Đoàn gồm 15 doanh nghiệp (chủ yếu điện tử.) Họ sẽ quay lại.",
			[]string{"Đoàn gồm 15 doanh nghiệp (chủ yếu điện tử.)", "Họ sẽ quay lại."}},
		{"period", "Giai đoạn 2025-2030. Định hướng đến năm 2035.", []string{"Giai đoạn 2025-2030.", "Định hướng đến năm 2035."}},
		{"empty", "  \n\n ", nil},
	}
	p := New()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tx := p.Normalize(tc.in)
			var got []string
			for _, s := range p.Sentences(tx) {
				got = append(got, tx.Norm[s.Start:s.End])
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("sentences (-want +got):\n%s", diff)
			}
			checkSpans(t, tc.name, tx, p)
		})
	}
}
