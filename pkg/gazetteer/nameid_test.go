package gazetteer

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestNameID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"دانشگاه فردوسی مشهد", "name:دانشگاه فردوسی مشهد"},
		{"دانشگاه فردوسي مشهد", "name:دانشگاه فردوسی مشهد"},         // Arabic ي
		{"شرکت پيشگامان شبكه پارس", "name:شرکت پیشگامان شبکه پارس"}, // Arabic ي and ك
		{"پارک علم و فناوری\u200cکرمانشاه", "name:پارک علم و فناوری کرمانشاه"},
		{"  سازمان   برنامه\tو بودجه\n", "name:سازمان برنامه و بودجه"},
		{"Tổng công ty Điện lực miền Bắc", "name:tổng công ty điện lực miền bắc"},
		{norm.NFD.String("Đại học Quốc gia Thành phố Hồ Chí Minh"), "name:đại học quốc gia thành phố hồ chí minh"},
		{"JETRO", "name:jetro"},
		{"Hanbit Networks", "name:hanbit networks"},
		{"", "name:"},
	}
	for _, tc := range tests {
		if got := NameID(tc.in); got != tc.want {
			t.Errorf("NameID(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := NameID(tc.in); !norm.NFC.IsNormalString(got) {
			t.Errorf("NameID(%q) = %q is not NFC", tc.in, got)
		}
	}
}
