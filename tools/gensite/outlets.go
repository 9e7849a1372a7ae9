package main

import (
	"fmt"
	"html"
	"strings"
	"time"

	ptime "github.com/yaa110/go-persian-calendar"
)

// outlet is how one source's site is built.
type outlet struct {
	name, native string
	lang, zone   string
	family       string // site-rule family that must match ("" for the generic extractor)
	fullText     bool   // the feed carries the full text (content:encoded)
	page         func(pageData) string
	feed         func(outlet, []corpusArticle) string
	atom         bool
}

func (o outlet) feedFile() string {
	if o.atom {
		return "atom.xml"
	}
	return "rss.xml"
}

func (o outlet) feedType() string {
	if o.atom {
		return "application/atom+xml; charset=utf-8"
	}
	return "application/rss+xml; charset=utf-8"
}

const (
	tehran = "Asia/Tehran"
	hcm    = "Asia/Ho_Chi_Minh"
)

var outlets = map[string]outlet{
	"mehrnews":    {name: "Mehr News Agency", native: "خبرگزاری مهر", lang: "fa", zone: tehran, family: "nastooh", page: nastoohPage(true), feed: rssFeed(rfc1123z)},
	"irna":        {name: "IRNA", native: "ایرنا", lang: "fa", zone: tehran, family: "nastooh", page: nastoohPage(true), feed: rssFeed(rfc1123z)},
	"isna":        {name: "ISNA", native: "ایسنا", lang: "fa", zone: tehran, family: "nastooh", page: nastoohPage(false), feed: rssFeed(abbrevZone)},
	"tasnim":      {name: "Tasnim News", native: "خبرگزاری تسنیم", lang: "fa", zone: tehran, family: "tasnim", page: tasnimPage, feed: rssFeed(noZone)},
	"iribnews":    {name: "IRIB News", native: "خبرگزاری صدا و سیما", lang: "fa", zone: tehran, family: "iransamaneh", page: iribPage, feed: rssFeed(rfc1123z)},
	"yjc":         {name: "Young Journalists Club", native: "باشگاه خبرنگاران جوان", lang: "fa", zone: tehran, family: "iransamaneh", page: yjcPage, feed: rssFeed(jalaliPersianDigits)},
	"ictna":       {name: "ICTNA", native: "ایستنا", lang: "fa", zone: tehran, family: "", page: ictnaPage, feed: atomFeed, atom: true},
	"vnexpress":   {name: "VnExpress", native: "VnExpress", lang: "vi", zone: hcm, family: "vnexpress", page: vnexpressPage, feed: vnexpressFeed},
	"tuoitre":     {name: "Tuoi Tre", native: "Tuổi Trẻ", lang: "vi", zone: hcm, family: "afcbc", page: afcbcPage("tuoitre"), feed: rssFeed(rfc1123z)},
	"thanhnien":   {name: "Thanh Nien", native: "Thanh Niên", lang: "vi", zone: hcm, family: "afcbc", fullText: true, page: afcbcPage("thanhnien"), feed: rssFeed(rfc1123z)},
	"vietnamnet":  {name: "VietNamNet", native: "VietNamNet", lang: "vi", zone: hcm, family: "vietnamnet", page: vietnamnetPage, feed: rssFeed(rfc1123z)},
	"ictnews":     {name: "ICTnews", native: "ICTnews", lang: "vi", zone: hcm, family: "vietnamnet", page: vietnamnetPage, feed: rssFeed(rfc1123z)},
	"vietnamplus": {name: "VietnamPlus", native: "VietnamPlus", lang: "vi", zone: hcm, family: "zce", page: zcePage, feed: rssFeed(rfc1123z)},
	"baogialai":   {name: "Gia Lai Newspaper", native: "Báo Gia Lai", lang: "vi", zone: hcm, family: "zce", page: zcePage, feed: rssFeed(rfc1123z)},
	"nhandan":     {name: "Nhan Dan", native: "Nhân Dân", lang: "vi", zone: hcm, family: "", page: plainPage, feed: rssFeed(rfc1123z)},
	"laodong":     {name: "Lao Dong", native: "Lao Động", lang: "vi", zone: hcm, family: "", page: plainPage, feed: rssFeed(rfc1123z)},
	// used only for the dantri golden case
	"dantri": {name: "Dan Tri", native: "Dân trí", lang: "vi", zone: hcm, family: "dantri", page: dantriPage, feed: rssFeed(rfc1123z)},
}

var e = html.EscapeString

// Labels with a zero-width non-joiner, kept out of the raw-string templates.
const (
	tagsLabel     = "برچسب\u200cها"
	mostReadLabel = "پربازدیدترین\u200cها"
)

var persianDigits = strings.NewReplacer("0", "۰", "1", "۱", "2", "۲", "3", "۳", "4", "۴", "5", "۵", "6", "۶", "7", "۷", "8", "۸", "9", "۹")

var jalaliMonths = []string{"", "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"}
var faWeekdays = []string{"یکشنبه", "دوشنبه", "سه\u200cشنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه"}
var viWeekdays = []string{"Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy"}

// jalaliNamed: "۱۹ بهمن ۱۴۰۲، ۹:۳۰" (Nastooh).
func jalaliNamed(t time.Time) string {
	p := ptime.New(t)
	return persianDigits.Replace(fmt.Sprintf("%d %s %d، %d:%02d", p.Day(), jalaliMonths[p.Month()], p.Year(), t.Hour(), t.Minute()))
}

// jalaliSlash: "۱۴۰۴/۱۰/۱۸ - ۱۴:۱۴" (IranSamaneh).
func jalaliSlash(t time.Time) string {
	p := ptime.New(t)
	return persianDigits.Replace(fmt.Sprintf("%04d/%02d/%02d - %02d:%02d", p.Year(), int(p.Month()), p.Day(), t.Hour(), t.Minute()))
}

// jalaliWeekday: "شنبه ۸ آذر ۱۴۰۴ - ۱۲:۱۰" (Tasnim).
func jalaliWeekday(t time.Time) string {
	p := ptime.New(t)
	return persianDigits.Replace(fmt.Sprintf("%s %d %s %d - %02d:%02d", faWeekdays[t.Weekday()], p.Day(), jalaliMonths[p.Month()], p.Year(), t.Hour(), t.Minute()))
}

// viVisible: "Thứ năm, 17/9/2026, 07:31 (GMT+7)" (VnExpress).
func viVisible(t time.Time) string {
	return fmt.Sprintf("%s, %d/%d/%d, %02d:%02d (GMT+7)", viWeekdays[t.Weekday()], t.Day(), int(t.Month()), t.Year(), t.Hour(), t.Minute())
}

func paras(ps []string, open, close string) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(open + e(p) + close + "\n")
	}
	return b.String()
}

func head(p pageData, extra string, charset bool) string {
	cs := `<meta charset="utf-8">`
	if !charset {
		cs = ""
	}
	if p.A.ID == windows1256Page {
		cs = `<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">`
	}
	return fmt.Sprintf(`<!DOCTYPE html>
<html lang="%s" dir="%s">
<head>
%s
<title>%s</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="canonical" href="%s">
<meta property="og:url" content="%s">
<meta property="og:title" content="%s">
<meta name="description" content="%s">
%s
<link rel="stylesheet" href="/static/site.css">
<script async src="https://www.googletagmanager.com/gtag/js?id=G-XXXX"></script>
</head>
`, p.A.Lang, dir(p.A.Lang), cs, e(p.A.Title), e(p.A.URL), e(p.A.URL), e(p.A.Title), e(p.Lead), extra)
}

func dir(lang string) string {
	if lang == "fa" {
		return "rtl"
	}
	return "ltr"
}

func relatedLinks(p pageData, li string) string {
	var b strings.Builder
	for _, r := range p.Related {
		fmt.Fprintf(&b, li, Base+"/"+r.Source+"/"+r.ID+".html", e(r.Title))
	}
	return b.String()
}

// nastoohPage builds a Nastooh page (Mehr, IRNA, ISNA). withMeta adds the machine-readable
// publish time; without it only the visible Solar Hijri date is there.
func nastoohPage(withMeta bool) func(p pageData) string {
	return func(p pageData) string {
		meta := `<meta name="generator" content="www.nastooh.ir">
<meta property="nastooh:nid" content="` + strings.TrimPrefix(p.A.ID, "fa-") + `">
<meta name="date" content="` + p.Pub.Add(37*time.Minute).Format("2006-01-02 T 15:04:05 -0700") + `">`
		if withMeta {
			meta += "\n" + `<meta property="article:published_time" content="` + p.Pub.UTC().Format(time.RFC3339) + `">`
			meta += "\n" + `<meta property="nastooh:publishDate" content="` + p.Pub.Format("2006-01-02") + `">`
		}
		first := p.Paras[0]
		agency := map[string]string{"mehrnews": "خبرگزاری مهر", "irna": "ایرنا", "isna": "خبرنگار ایسنا"}[p.A.Source]
		body := "<p>" + e(first) + "</p>\n"
		if agency != "" && strings.Contains(first, agency) {
			body = "<p>" + strings.Replace(e(first), agency, `<a class="saba-backlink" href="`+Base+`/">`+agency+`</a>`, 1) + "</p>\n"
		}
		rest := p.Paras[1:]
		mid := len(rest) / 2
		body += paras(rest[:mid], "<p>", "</p>")
		body += `<figure class="item-img"><img src="/static/photo.jpg" alt="" loading="lazy"><figcaption>عکس تزئینی از مراسم</figcaption></figure>` + "\n"
		body += paras(rest[mid:], "<p>", "</p>")
		return head(p, meta, true) + `<body class="rtl">
<header class="header"><nav><ul class="menu"><li><a href="/">صفحه نخست</a></li><li><a href="/service/politics">سیاسی</a></li><li><a href="/service/economy">اقتصادی</a></li><li><a href="/service/science">علمی</a></li></ul></nav></header>
<main>
<ol class="breadcrumb"><li><a href="/service/science">دانش و فناوری</a></li><li><a href="/service/science/ict">فناوری اطلاعات</a></li></ol>
<article id="item" class="item news">
<div class="print-header" style="display: none">` + e(jalaliNamed(p.Pub)) + ` | دانش و فناوری</div>
<div class="item-header">
<div class="item-title"><h4 class="subtitle kicker">فناوری</h4><h1 class="title" itemprop="headline">` + e(p.A.Title) + `</h1></div>
<div class="item-nav"><div class="item-date"><span>` + jalaliNamed(p.Pub) + `</span></div><div class="item-code"><span>کد خبر: ` + persianDigits.Replace(strings.TrimPrefix(p.A.ID, "fa-")) + `</span></div></div>
</div>
<div class="item-summary"><p class="summary introtext" itemprop="description">` + e(p.Lead) + `</p></div>
<div class="item-body">
<div class="item-text" itemprop="articleBody">
` + body + `</div>
<div class="item-boxes"><script>window.yektanet = window.yektanet || [];</script><div id="pos-article-display-1"></div></div>
</div>
<section class="box related-items"><header><h2>مطالب مرتبط</h2></header><ul>` + relatedLinks(p, `<li><a href="%s">%s</a></li>`) + `</ul></section>
<section class="box tags"><header><h2>` + tagsLabel + `</h2></header><ul><li><a rel="tag" href="/tag/ict">وزارت ارتباطات</a></li><li><a rel="tag" href="/tag/internet">اینترنت</a></li></ul></section>
<div class="share-links"><a href="https://t.me/share/url?url=` + e(p.A.URL) + `">تلگرام</a></div>
<input class="clean" value="` + e(p.A.URL) + `" readonly>
</article>
<section class="comment-form"><h2>نظر شما</h2><form action="/comment" method="post"><textarea name="body"></textarea><img src="/captcha" alt="captcha"><button>ارسال</button></form></section>
</main>
<footer class="footer"><p>کلیه حقوق این سایت محفوظ است.</p></footer>
<script src="/static/site.js"></script>
</body>
</html>
`
	}
}

// iribPage: IRIB News on IranSamaneh, with its body quirks (div paragraphs, &nbsp; spacers,
// empty centred p where an image was, trailing wrapper div).
func iribPage(p pageData) string {
	var body strings.Builder
	for i, para := range p.Paras {
		if i%2 == 1 {
			body.WriteString("<div>" + e(para) + "</div>\n<div>&nbsp;</div>\n")
		} else {
			body.WriteString("<p>" + e(para) + "</p>\n")
		}
		if i == 1 {
			body.WriteString(`<p style="text-align:center;"></p>` + "\n")
		}
	}
	body.WriteString(`<div class="wrapper"></div>`)
	return head(p, "", true) + `<body>
<div class="header"><ul class="menu_top"><li><a href="/fa">صفحه اصلی</a></li><li><a href="/fa/service/1">سیاسی</a></li></ul></div>
<div class="news_general_dl">
<div class="news_path"><a href="/fa">صفحه اصلی</a> <a href="/fa/service/5">علم و فناوری</a></div>
<div class="news_pdate_c">` + jalaliSlash(p.Pub) + `</div>
<div class="rutitr">ارتباطات</div>
<h1 class="title">` + e(p.A.Title) + `</h1>
<p class="subtitle">` + e(p.Lead) + `</p>
<div class="image_caption"><img src="/static/photo.jpg" alt=""><span>تصویر: صدا و سیما</span></div>
<div class="body body_media_content_show" style="text-align: justify;padding: 10px;">
` + body.String() + `
</div>
<div class="news_tags"><a href="/fa/tag/1">ارتباطات</a></div>
<div class="related_news"><h3>اخبار مرتبط</h3><ul>` + relatedLinks(p, `<li><a href="%s">%s</a></li>`) + `</ul></div>
<div class="comment_form"><h3>ارسال نظر</h3><form><textarea></textarea></form></div>
</div>
<div class="footer">تمامی حقوق برای خبرگزاری صدا و سیما محفوظ است</div>
</body>
</html>
`
}

// yjcPage: YJC on IranSamaneh (.news_body_serv2, .baznashr-body).
func yjcPage(p pageData) string {
	return head(p, "", true) + `<body>
<div class="menu"><a href="/fa">صفحه نخست</a></div>
<div class="news-box news_body_serv2">
<div class="date-color-news">` + jalaliSlash(p.Pub) + `</div>
<h1 class="title-news">` + e(p.A.Title) + `</h1>
<div class="news_strong">` + e(p.Lead) + `</div>
<div class="baznashr-body">
` + paras(p.Paras, "<p>", "</p>") + `<figure><img src="/static/p.jpg" alt=""><figcaption>عکس: باشگاه خبرنگاران جوان</figcaption></figure>
</div>
<div class="related_news"><h3>اخبار پیشنهادی</h3><ul>` + relatedLinks(p, `<li><a href="%s">%s</a></li>`) + `</ul></div>
<div class="news_tags"><a href="/fa/tags/1">فناوری</a></div>
</div>
<div class="footer">باشگاه خبرنگاران جوان</div>
</body>
</html>
`
}

// tasnimPage: Tasnim (article.single-news, .story) with its footer credit and a player.
func tasnimPage(p pageData) string {
	return head(p, "", true) + `<body>
<nav class="navbar"><ul><li class="service"><a href="/fa/service/1">اقتصادی</a></li></ul></nav>
<article class="single-news">
<ul><li class="service"><a href="/fa/service/7">اقتصاد</a></li></ul>
<h3 class="kicker">ارتباطات</h3>
<h1 class="title">` + e(p.A.Title) + `</h1>
<div class="time">` + jalaliWeekday(p.Pub) + `</div>
<h3 class="lead">` + e(p.Lead) + `</h3>
<div class="story">
<div class="jwplayer" id="player-1">در حال بارگذاری ویدیو</div>
` + paras(p.Paras, "<p>", "</p>") + `<p>تهیه شده در اداره کل رسانه های نوین خبرگزاری تسنیم</p>
</div>
<div class="tags"><ul><li><a href="/fa/tag/1">ارتباطات</a></li></ul></div>
<div class="related-news"><h4>اخبار مرتبط</h4><ul>` + relatedLinks(p, `<li><a href="%s">%s</a></li>`) + `</ul></div>
</article>
<div class="comments"><h4>نظرات</h4><form><textarea></textarea></form></div>
</body>
</html>
`
}

// ictnaPage: ICTNA. No selectors are known for the real site, so its page is a plain
// layout that only the generic extractor reads; the publish time is in JSON-LD.
func ictnaPage(p pageData) string {
	ld := fmt.Sprintf(`<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":%q,"datePublished":%q,"publisher":{"@type":"Organization","name":"ایستنا"}}</script>`,
		p.A.Title, p.Pub.Format("2006-01-02T15:04:05-07:00"))
	pj := ptime.New(p.Pub)
	return head(p, ld, true) + `<body>
<div id="header"><div class="logo">ایستنا</div><ul class="nav"><li><a href="/">خانه</a></li><li><a href="/cat/1">اخبار</a></li><li><a href="/cat/2">مقالات</a></li></ul></div>
<div id="wrapper"><div id="content">
<div class="news-header"><span class="cats">اخبار | ارتباطات</span>
<div class="date-en">` + p.Pub.Format("January 2, 2006") + `</div>
<div class="date-fa">` + fmt.Sprintf("%02d:%02d %s، %dام %s\u200cماه %d", p.Pub.Hour(), p.Pub.Minute(), faWeekdays[p.Pub.Weekday()], pj.Day(), jalaliMonths[pj.Month()], pj.Year()) + `</div>
<div class="code">کد خبر: ` + strings.TrimPrefix(p.A.ID, "fa-") + `</div></div>
<h1>` + e(p.A.Title) + `</h1>
<div class="news-text">
` + paras(p.Paras, "<p>", "</p>") + `</div>
</div>
<div id="sidebar"><h3>` + mostReadLabel + `</h3><ul>` + relatedLinks(p, `<li><a href="%s">%s</a></li>`) + `<li><a href="/x">اپراتورها</a></li></ul>
<div class="ad"><a href="/ads"><img src="/ads/banner.gif" alt="تبلیغات"></a></div></div>
</div>
<div id="footer">تمامی حقوق برای ایستنا محفوظ است. طراحی و اجرا: شرکت نمونه</div>
</body>
</html>
`
}

// vnexpressPage: VnExpress (h1.title-detail, p.description, article.fck_detail > p.Normal);
// a short last paragraph is the right-aligned byline.
func vnexpressPage(p pageData) string {
	var body strings.Builder
	for i, para := range p.Paras {
		if i == len(p.Paras)-1 && len(strings.Fields(para)) <= 3 {
			body.WriteString(`<p class="Normal" style="text-align:right;"><strong>` + e(para) + "</strong></p>\n")
			continue
		}
		body.WriteString(`<p class="Normal">` + e(para) + "</p>\n")
		if i == 1 {
			body.WriteString(`<figure class="tplCaption"><img src="/static/p.jpg" alt=""><figcaption><p class="Image">Ảnh minh họa: VnExpress</p></figcaption></figure>` + "\n")
		}
	}
	meta := `<meta name="tt_article_id" content="` + strings.TrimPrefix(p.A.ID, "vi-") + `"><meta name="tt_site_id" content="1000000">`
	return head(p, meta, true) + `<body>
<header class="section wrap-main-nav"><nav class="main-nav"><ul><li><a href="/thoi-su">Thời sự</a></li><li><a href="/khoa-hoc-cong-nghe">Khoa học công nghệ</a></li></ul></nav></header>
<section class="section page-detail top-detail"><div class="container"><div class="sidebar-1">
<div class="header-content"><ul class="breadcrumb"><li><a href="/khoa-hoc-cong-nghe">Khoa học công nghệ</a></li></ul><span class="date">` + viVisible(p.Pub) + `</span></div>
<h1 class="title-detail">` + e(p.A.Title) + `</h1>
<p class="description">` + e(p.Lead) + `</p>
<article class="fck_detail">
` + body.String() + `<div class="box-tinlienquanv2"><h4>Tin liên quan</h4><ul>` + relatedLinks(p, `<li><a href="%s">%s</a></li>`) + `</ul></div>
</article>
<div class="box-tags"><a href="/tag/5g">5G</a></div>
<div id="box_comment_vne"><h3>Ý kiến</h3><form><textarea placeholder="Ý kiến của bạn"></textarea></form></div>
</div></div></section>
<footer id="footer"><p>Báo tiếng Việt nhiều người xem nhất</p></footer>
</body>
</html>
`
}

// afcbcPage: Tuổi Trẻ / Thanh Niên (detail-title, detail-sapo, afcbc-body) with the related
// box inside the body.
func afcbcPage(site string) func(pageData) string {
	return func(p pageData) string {
		meta := `<meta property="article:published_time" content="` + p.Pub.Format("2006-01-02T15:04:05-07:00") + `">`
		rest := p.Paras
		mid := len(rest) / 2
		return head(p, meta, true) + `<body>
<div class="header"><ul class="menu-nav"><li><a href="/thoi-su.htm">Thời sự</a></li><li><a href="/cong-nghe.htm">Công nghệ</a></li></ul></div>
<div class="detail-container">
<div class="detail-cate"><a href="/cong-nghe.htm">Công nghệ</a></div>
<h1 class="detail-title article-title" data-role="title">` + e(p.A.Title) + `</h1>
<div class="detail-time" data-role="publishdate">` + p.Pub.Format("02/01/2006 15:04") + ` GMT+7</div>
<div class="detail-author"><a class="name" href="/tac-gia/1.htm">` + map[string]string{"tuoitre": "Hoàng Anh", "thanhnien": "Minh Khôi"}[site] + `</a></div>
<h2 class="detail-sapo" data-role="sapo">` + e(p.Lead) + `</h2>
<div class="detail-cmain">
<div class="detail-content afcbc-body" data-role="content">
` + paras(rest[:mid], "<p>", "</p>") + `<div class="VCSortableInPreviewMode" type="RelatedNewsBox"><div id="listNewsInContent"><a href="#">Đọc thêm</a>` + relatedLinks(p, `<a href="%s">%s</a>`) + `</div></div>
<figure class="VCSortableInPreviewMode" type="Photo"><img src="/static/p.jpg" alt=""><figcaption class="PhotoCMS_Caption"><p>Ảnh minh họa</p></figcaption></figure>
` + paras(rest[mid:], "<p>", "</p>") + `<div class="chisochungkhoan">VN-Index 1.250,3</div>
</div>
</div>
<div class="detail-tab"><a href="/tag/1.htm">Chuyển đổi số</a></div>
</div>
<div class="footer">Cơ quan chủ quản</div>
</body>
</html>
`
	}
}

// zcePage: the zce/cms-body CMS (VietnamPlus, Báo Gia Lai).
func zcePage(p pageData) string {
	return head(p, "", true) + `<body>
<header class="site-header"><nav><a href="/">Trang chủ</a> <a href="/cong-nghe/">Công nghệ</a></nav></header>
<div class="article">
<h1 class="article__title cms-title">` + e(p.A.Title) + `</h1>
<div class="article__meta"><time class="time" datetime="` + p.Pub.Format("2006-01-02T15:04:05-07:00") + `">` + p.Pub.Format("15:04, 02/01/2006") + `</time></div>
<div class="article__sapo cms-desc">` + e(p.Lead) + `</div>
<div class="article__body zce-content-body cms-body" itemprop="articleBody">
` + paras(p.Paras, "<p>", "</p>") + `<figure class="image"><img src="/static/p.jpg" alt=""><figcaption>Ảnh minh họa</figcaption></figure>
</div>
<div class="article__tag"><a href="/tag/1">chuyển đổi số</a></div>
<div class="box-related"><h3>Tin liên quan</h3>` + relatedLinks(p, `<a href="%s">%s</a>`) + `</div>
</div>
<footer>Bản quyền thuộc về cơ quan báo chí</footer>
</body>
</html>
`
}

// vietnamnetPage: VietNamNet / ICTnews in the pre-2022 layout; JSON-LD time without offset.
func vietnamnetPage(p pageData) string {
	ld := fmt.Sprintf(`<script type="application/ld+json">[{"@context":"https://schema.org","@type":"BreadcrumbList","itemListElement":[]},{"@context":"https://schema.org","@type":"NewsArticle","headline":%q,"datePublished":%q}]</script>`,
		p.A.Title, p.Pub.Format("2006-01-02T15:04:05"))
	return head(p, ld, p.A.ID != windows1258Page) + `<body>
<div class="header"><a href="/">VietNamNet</a></div>
<div class="ArticleDetail">
<h1 class="title">` + e(p.A.Title) + `</h1>
<span class="ArticleDate">` + p.Pub.Format("02/01/2006 15:04") + ` (GMT+07:00)</span>
<div class="ArticleLead"><p>` + e(p.Lead) + `</p></div>
<div id="ArticleContent" class="ArticleContent">
` + paras(p.Paras, "<p>", "</p>") + `<table class="FmsArticleBoxStyle"><tr><td>Tin bài liên quan: ` + relatedLinks(p, `<a href="%s">%s</a> `) + `</td></tr></table>
<div class="inner-article"><a href="/tin-khac">Tin khác</a></div>
</div>
</div>
<div class="footer">VietNamNet</div>
</body>
</html>
`
}

// dantriPage: Dân trí (title-page detail, singular-sapo, singular-content).
func dantriPage(p pageData) string {
	return head(p, "", true) + `<body>
<header><nav><a href="/suc-manh-so.htm">Sức mạnh số</a></nav></header>
<article class="singular-container">
<h1 class="title-page detail">` + e(p.A.Title) + `</h1>
<div class="author-wrap"><div class="author-name"><a href="/tac-gia/1.htm">Thế Anh</a></div><time class="author-time" datetime="` + p.Pub.Format("2006-01-02 15:04") + `">` + p.Pub.Format("02/01/2006 - 15:04") + `</time></div>
<div data-module="article-audio">Nghe bài viết</div>
<h2 class="singular-sapo">(Dân trí) - ` + e(p.Lead) + `</h2>
<div class="singular-content">
` + paras(p.Paras, "<p>", "</p>") + `<figure class="image"><img data-original="/static/p.jpg" src="/static/p.jpg" alt=""><figcaption><p>Ảnh minh họa (Ảnh: Thế Anh)</p></figcaption></figure>
</div>
<div class="article-related"><h3>Tin liên quan</h3>` + relatedLinks(p, `<a href="%s">%s</a>`) + `</div>
</article>
</body>
</html>
`
}

// plainPage: an outlet whose markup no rule file knows (Nhân Dân, Lao Động); the generic
// extractor must find the article. The time is in article:published_time.
func plainPage(p pageData) string {
	meta := `<meta property="article:published_time" content="` + p.Pub.Format("2006-01-02T15:04:05-07:00") + `">`
	return head(p, meta, p.A.ID != undeclaredPage) + `<body>
<div class="top-bar"><a href="/">Trang chủ</a> | <a href="/xa-hoi">Xã hội</a> | <a href="/cong-nghe">Công nghệ</a> | <a href="/kinh-te">Kinh tế</a></div>
<div class="layout">
<div class="main-column">
<div class="story">
<h1 class="story-headline">` + e(p.A.Title) + `</h1>
<div class="story-meta">` + p.Pub.Format("15:04 02/01/2006") + `</div>
<div class="story-body">
` + paras(p.Paras, "<p>", "</p>") + `</div>
</div>
<div class="more-news"><h3>Xem thêm</h3><ul>` + relatedLinks(p, `<li><a href="%s">%s</a></li>`) + `</ul></div>
</div>
<div class="side-column"><div class="box-hot"><h3>Đọc nhiều</h3><ul><li><a href="/a">Giá xăng giảm</a></li><li><a href="/b">Thời tiết</a></li></ul></div></div>
</div>
<div class="footer">© Bản quyền thuộc về báo</div>
</body>
</html>
`
}
