package fa

import "testing"

func TestTenseOf(t *testing.T) {
	tests := []struct {
		in   string
		want Tense
	}{
		// future
		{"در این سفر ۳۴۷ پروژه افتتاح خواهد شد.", TenseFuture},
		{"وزیر با استاندار گفت\u200cوگو خواهد کرد.", TenseFuture},
		{"این پروژه\u200cها تا پایان سال به بهره\u200cبرداری نخواهند رسید.", TenseFuture},
		{"وزیر ارتباطات دوشنبه به کرمان سفر می\u200cکند.", TenseFuture},
		{"وزیر ارتباطات دوشنبه به کرمان سفر می کند.", TenseFuture},
		{"این تفاهم\u200cنامه فردا امضا میشود.", TenseFuture},
		{"۶۷ پروژه افتتاح می\u200cشوند", TenseFuture},
		{"قرار است وزیر از مرکز داده بازدید کند و در نشست حضور یابد.", TenseFuture},
		{"قرار شد هیئتی به استان سفر کند.", TenseFuture},
		{"وی افزود: در این سفر سیصد و چهل و هفت پروژه افتتاح خواهد شد.", TenseFuture},
		// past
		{"وزیر ۵۶ پروژه را افتتاح کرد.", TensePast},
		{"۱۸۱ طرح ارتباطی افتتاح شد", TensePast},
		{"تفاهم\u200cنامه به امضا رسید.", TensePast},
		{"روستاها به شبکه متصل شده\u200cاند.", TensePast},
		{"روستاها به شبکه متصل شده اند.", TensePast},
		{"روستاها به شبکه متصل شدهاند.", TensePast},
		{"عملیات اجرایی ۴۸ پروژه دیگر آغاز شد.", TensePast},
		{"این طرح با تأخیر مواجه شده است.", TensePast},
		{"این طرح با تأخیر مواجه شده\u200cاست.", TensePast},
		{"سفر وزیر برای آذرماه برنامه\u200cریزی شده بود.", TensePast},
		{"ساکنان باید مسیر کوهستانی را طی می\u200cکردند.", TensePast},
		{"۱۸ درصد رشد داشته است.", TensePast},
		{"افتتاح ۵۶ پروژه ارتباطی با حضور وزیر", TenseUnknown},
		{"معاونان در نشست\u200cهایی وضعیت را بررسی کردند تا گزارش آن به جلسه ارائه شود.", TensePast},
		{"استاندار خواستار توسعه مرکز داده شد.", TensePast},
		{"۱۸ پروژه افتتاح شده", TensePast},
		{"اعتبار هزینه شده و روستاها متصل", TensePast},
		{"منطقه آزاد در حوزه ترانزیت داده در منطقه مهم", TenseUnknown},
		{"چابهار می\u200cتواند به یکی از مراکز ترانزیت داده در منطقه تبدیل شود.", TenseFuture},
		{"وزیر نیز در این نشست شرکت نکرد.", TensePast},
		// present
		{"این پروژه\u200cها آماده افتتاح است.", TensePresent},
		{"۹۲ پروژه در حال اجراست.", TensePresent},
		{"۳۴۰ شرکت در این پارک مستقر هستند.", TensePresent},
		{"کیفیت اینترنت با میانگین جهانی فاصله دارد.", TensePresent},
		{"ارزش این قرارداد ۱۸ هزار میلیارد ریال می\u200cباشد.", TensePresent},
		{"محور اصلی این پروژه\u200cهاست.", TensePresent},
		// none
		{"انتهای پیام", TenseUnknown},
		{"", TenseUnknown},
	}
	for _, tt := range tests {
		norm := Normalize(tt.in).Norm
		if got := TenseOf(norm); got != tt.want {
			t.Errorf("TenseOf(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestTenseString(t *testing.T) {
	for tense, want := range map[Tense]string{TenseUnknown: "unknown", TensePast: "past", TensePresent: "present", TenseFuture: "future"} {
		if got := tense.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", tense, got, want)
		}
	}
}
