package vi

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTenseMarkers(t *testing.T) {
	tests := []struct {
		in    string
		want  []string // marker text=tense
		tense Tense
	}{
		{"Bộ trưởng sẽ dẫn đoàn công tác", []string{"sẽ=future"}, Future},
		{"tập đoàn dự kiến công bố kế hoạch", []string{"dự kiến=future"}, Future},
		{"tỉnh đang chuẩn bị hơn 100 dự án sẽ triển khai", []string{"đang chuẩn bị=future", "sẽ=future"}, Future},
		{"đang lên kế hoạch xây dựng", []string{"đang lên kế hoạch=future"}, Future},
		{"theo kế hoạch, trong tháng 12 tới đây", []string{"theo kế hoạch=future", "tới đây=future"}, Future},
		{"các doanh nghiệp đang xây dựng 64 trạm", []string{"đang=ongoing"}, Ongoing},
		{"đã ký kết thỏa thuận, sẽ triển khai", []string{"đã=past", "sẽ=future"}, Past},
		{"Sở vừa có văn bản đề nghị", []string{"vừa=past"}, Past},
		{"tháng 10 vừa qua", []string{"vừa qua=past"}, Past},
		{"doanh nghiệp nhỏ và vừa", nil, NoTense},
		{"vừa học vừa làm, đã xong", []string{"đã=past"}, Past},
		{"sắp khánh thành", []string{"sắp=future"}, Future},
		{"hệ thống cũ đãi ngộ", nil, NoTense},
		{"", nil, NoTense},
	}
	for _, tc := range tests {
		f := Fold(tc.in)
		var got []string
		for _, m := range TenseMarkers(f) {
			got = append(got, f[m.Start:m.End]+"="+m.Tense.String())
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%q markers (-want +got):\n%s", tc.in, diff)
		}
		if got := TenseOf(f); got != tc.tense {
			t.Errorf("TenseOf(%q) = %v, want %v", tc.in, got, tc.tense)
		}
	}
}
