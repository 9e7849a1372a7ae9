package serve_test

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tinkhabar/tinkhabar/pipeline/serve"
	"github.com/tinkhabar/tinkhabar/pkg/news"
)

// screenshotDir is where TestPageInChromium saves its screenshots: testdata/screenshots
// beside this file (ignored by git), so that they outlive the run.
const screenshotDir = "testdata/screenshots"

// apiCount is how many events the API has for a query (what a page of 50 shows at most).
func apiCount(t *testing.T, base, query string) int {
	t.Helper()
	var st serve.Stats
	getJSON(t, base+"/api/stats?"+query, &st)
	return st.Total
}

// TestPageInChromium loads the page in headless Chromium on the events of a demo run (plus
// one event whose text holds markup and script), and checks what a monitoring team relies
// on: the events show, newest first, with their facts; text is shown as text; Persian reads
// right to left with the trigger words highlighted; the filters (controls and URL) show
// exactly the API's events; a new event arrives live; the chart and source health are drawn;
// the phone layout does not overflow. It saves screenshots under testdata/screenshots.
func TestPageInChromium(t *testing.T) {
	chromium := chromiumPath()
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("no Chromium at %s (Debian: apt-get install -y chromium): the page was NOT tested in a browser", chromium)
	}
	if testing.Short() {
		t.Skip("starts Chromium and runs the demo pipeline")
	}
	b := newBus(t)
	d := newDemo(t, b, nil)
	r := startServerWith(t, b, serve.DefaultConfig(), func(deps *serve.Deps) { deps.Sources = d.sources })
	d.run(t)
	hostile := fixtures()[5].ev // markup and script in its text, a javascript: link
	seq := b.publish(t, hostile)[0]
	r.waitSequence(t, seq)
	total := apiCount(t, r.base, "")
	if total < 100 {
		t.Fatalf("the demo run gave only %d events", total)
	}

	tb := startChromium(t, chromium).page(t)
	tb.viewport(1280, 900, 1, false)
	tb.navigate(r.base + "/")

	t.Run("shows the events, newest first", func(t *testing.T) {
		tb.t = t
		var got struct {
			Cards   int    `json:"cards"`
			First   string `json:"first"`
			Count   string `json:"count"`
			Summary string `json:"summary"`
			Facts   int    `json:"facts"`
		}
		tb.eval(`(() => { const cards = document.querySelectorAll('#event-list article.event');
			return {cards: cards.length, first: cards[0].dataset.id, count: document.getElementById('events-count').textContent,
			  summary: cards[1].querySelector('.summary').textContent, facts: cards[1].querySelectorAll('dt').length}; })()`, &got)
		if got.Cards != min(50, total) {
			t.Errorf("%d cards, want %d", got.Cards, min(50, total))
		}
		if got.First != hostile.ID {
			t.Errorf("first card %s, want the newest event %s", got.First, hostile.ID)
		}
		if got.Count != fmt.Sprintf("(%d)", total) {
			t.Errorf("count %q, want (%d)", got.Count, total)
		}
		if got.Summary == "" || got.Facts < 2 {
			t.Errorf("second card: summary %q and %d facts", got.Summary, got.Facts)
		}
	})

	t.Run("article text with markup shows as text", func(t *testing.T) {
		tb.t = t
		var got struct {
			Injected int      `json:"injected"`
			Pwned    bool     `json:"pwned"`
			Evidence string   `json:"evidence"`
			Kind     string   `json:"kind"`
			Hrefs    []string `json:"hrefs"`
		}
		tb.eval(`(() => { const c = document.querySelector('article[data-id=`+jsString(hostile.ID)+`]');
			return {injected: document.querySelectorAll('#event-list script, #event-list img, #event-list b').length,
			  pwned: window.pwned !== undefined, evidence: c.querySelector('.evidence').textContent,
			  kind: c.querySelector('.facts').textContent, hrefs: [...c.querySelectorAll('a')].map(a => a.getAttribute('href'))}; })()`, &got)
		if got.Injected != 0 || got.Pwned {
			t.Errorf("markup from the data became elements (%d) or ran (%v)", got.Injected, got.Pwned)
		}
		if !strings.Contains(got.Evidence, `<script>window.pwned=1</script>`) || !strings.Contains(got.Kind, "dự án <b>hạ tầng</b>") {
			t.Errorf("the text is not shown as written: evidence %q, facts %q", got.Evidence, got.Kind)
		}
		if len(got.Hrefs) != 0 {
			t.Errorf("links %q from a javascript: article address", got.Hrefs)
		}
	})

	t.Run("Persian reads right to left with its trigger words highlighted", func(t *testing.T) {
		tb.t = t
		var dirs struct{ FaNotRTL, ViNotLTR, Fa, Vi int }
		tb.eval(`(() => { const ev = (l) => [...document.querySelectorAll('article.event[data-lang="'+l+'"] .evidence')];
			return {Fa: ev('fa').length, Vi: ev('vi').length,
			  FaNotRTL: ev('fa').filter(x => getComputedStyle(x).direction !== 'rtl').length,
			  ViNotLTR: ev('vi').filter(x => getComputedStyle(x).direction !== 'ltr').length}; })()`, &dirs)
		if dirs.Fa == 0 || dirs.Vi == 0 || dirs.FaNotRTL != 0 || dirs.ViNotLTR != 0 {
			t.Errorf("%d Persian evidences (%d not right-to-left), %d Vietnamese (%d not left-to-right)", dirs.Fa, dirs.FaNotRTL, dirs.Vi, dirs.ViNotLTR)
		}

		tb.navigate(r.base + "/?type=visit&location=ir%2Fkerman")
		var k struct {
			Found          bool
			Dir, Direction string
			Marks, Classes []string
		}
		tb.eval(`(() => { const c = [...document.querySelectorAll('article.event')].find(c => c.querySelector('.summary').textContent.startsWith('Minister of ICT visits Kerman province'));
			if (!c) return {Found: false};
			const e = c.querySelector('.evidence');
			return {Found: true, Dir: e.getAttribute('dir'), Direction: getComputedStyle(e).direction,
			  Marks: [...e.querySelectorAll('mark')].map(m => m.textContent), Classes: [...e.querySelectorAll('mark')].map(m => m.className)}; })()`, &k)
		if !k.Found {
			t.Fatal("no card for the ICT minister's visit to Kerman")
		}
		if k.Dir != "rtl" || k.Direction != "rtl" {
			t.Errorf("the Kerman visit's evidence: dir %q, direction %q", k.Dir, k.Direction)
		}
		joined := strings.Join(k.Marks, "|")
		for _, want := range []string{"کرمان", "وزیر ارتباطات و فناوری اطلاعات"} {
			if !strings.Contains(joined, want) {
				t.Errorf("highlighted %q, want %q among them", k.Marks, want)
			}
		}
		if !strings.Contains(strings.Join(k.Classes, " "), "hl-where") {
			t.Errorf("no place highlighted: classes %q", k.Classes)
		}
		tb.navigate(r.base + "/")
	})

	t.Run("chart and source health", func(t *testing.T) {
		tb.t = t
		var got struct {
			Bars, Legend, Sources, OK int
			FirstLegend               string
		}
		tb.eval(`(() => ({Bars: document.querySelectorAll('#chart svg rect.bar').length,
			Legend: document.querySelectorAll('#chart-legend li').length,
			FirstLegend: document.querySelector('#chart-legend li') ? document.querySelector('#chart-legend li').textContent : '',
			Sources: document.querySelectorAll('#sources li.source-row').length,
			OK: document.querySelectorAll('#sources li.status-ok').length}))()`, &got)
		var st serve.Stats
		getJSON(t, r.base+"/api/stats", &st)
		if got.Bars == 0 || got.Legend == 0 || got.Legend > 7 {
			t.Errorf("chart: %d bars, %d legend entries", got.Bars, got.Legend)
		}
		if top := st.Locations[0]; !strings.Contains(got.FirstLegend, top.Name) {
			t.Errorf("first legend entry %q, want the province with most events, %s", got.FirstLegend, top.Name)
		}
		if got.Sources != len(d.sources) || got.OK != len(d.sources) {
			t.Errorf("%d sources shown, %d ok; the demo has %d, all healthy", got.Sources, got.OK, len(d.sources))
		}
	})

	t.Run("filters by control", func(t *testing.T) {
		tb.t = t
		want := min(50, apiCount(t, r.base, "lang=vi"))
		tb.eval(`(() => { const s = document.getElementById('f-lang'); s.value = 'vi'; s.dispatchEvent(new Event('change', {bubbles: true})); })()`, nil)
		tb.waitFor("Vietnamese events only", fmt.Sprintf(`location.search === '?lang=vi' &&
			document.querySelectorAll('#event-list article.event').length === %d &&
			document.querySelectorAll('#event-list article.event:not([data-lang="vi"])').length === 0`, want))
	})

	for _, q := range []string{
		"type=agreement&lang=fa",
		"location=ir%2Fkerman",
		"source=mehrnews&type=visit",
		"q=" + url.QueryEscape("کرمان"),
		"period=7d", // the sample articles are older: nothing
	} {
		t.Run("filters by URL "+q, func(t *testing.T) {
			tb.t = t
			values, _ := url.ParseQuery(q)
			api := values
			if p := values.Get("period"); p != "" {
				api = url.Values{"since": {p}}
			}
			want := min(50, apiCount(t, r.base, api.Encode()))
			tb.navigate(r.base + "/?" + q)
			var got struct {
				Cards         int
				Types, Langs  []string
				Empty, Select string
			}
			tb.eval(`(() => { const c = [...document.querySelectorAll('#event-list article.event')];
				return {Cards: c.length, Types: [...new Set(c.map(x => x.dataset.type))], Langs: [...new Set(c.map(x => x.dataset.lang))],
				  Empty: document.getElementById('empty').hidden ? '' : document.getElementById('empty').textContent,
				  Select: document.getElementById('f-type').value}; })()`, &got)
			if got.Cards != want {
				t.Errorf("%d cards, the API has %d", got.Cards, want)
			}
			if v := values.Get("type"); v != "" && (len(got.Types) != 1 || got.Types[0] != v || got.Select != v) {
				t.Errorf("types %q (control %q), want only %s", got.Types, got.Select, v)
			}
			if v := values.Get("lang"); v != "" && (len(got.Langs) != 1 || got.Langs[0] != v) {
				t.Errorf("languages %q, want only %s", got.Langs, v)
			}
			if want == 0 && got.Empty == "" {
				t.Error("no event and no message saying so")
			}
		})
	}

	t.Run("a new event arrives live", func(t *testing.T) {
		tb.t = t
		tb.navigate(r.base + "/?lang=fa")
		tb.waitFor("the live stream", `document.getElementById('live').classList.contains('on')`)
		fresh := later("live-one", news.LangFa, "2026-03-01T00:00:00Z")
		b.publish(t, fresh)
		tb.waitFor("the new event at the top", `(() => { const c = document.querySelector('#event-list article.event');
			return c && c.dataset.id === `+jsString(fresh.ID)+` && c.classList.contains('fresh'); })()`)
		other := later("live-vi", news.LangVi, "2026-03-01T00:00:00Z")
		b.publish(t, other)
		var shown bool
		tb.eval(`new Promise(ok => setTimeout(() => ok(!!document.querySelector('article[data-id=`+jsString(other.ID)+`]')), 1000))`, &shown)
		if shown {
			t.Error("a Vietnamese event appeared on a page filtered to Persian")
		}
	})

	t.Run("screenshots, laptop and phone", func(t *testing.T) {
		tb.t = t
		desktop := filepath.Join(screenshotDir, "page-desktop.png")
		persian := filepath.Join(screenshotDir, "page-persian-visits.png")
		phone := filepath.Join(screenshotDir, "page-phone.png")
		tb.navigate(r.base + "/")
		tb.screenshot(desktop, 2400)
		tb.navigate(r.base + "/?lang=fa&type=visit")
		tb.screenshot(persian, 1600)
		tb.viewport(390, 844, 2, true)
		tb.navigate(r.base + "/?source=mehrnews")
		var overflow struct{ Scroll, Inner int }
		tb.eval(`({Scroll: document.documentElement.scrollWidth, Inner: window.innerWidth})`, &overflow)
		if overflow.Scroll > overflow.Inner {
			t.Errorf("the phone layout is %d px wide in a %d px window", overflow.Scroll, overflow.Inner)
		}
		tb.screenshot(phone, 2200)
		for _, p := range []string{desktop, persian, phone} {
			abs, _ := filepath.Abs(p)
			if fi, err := os.Stat(p); err != nil || fi.Size() < 10_000 {
				t.Errorf("screenshot %s missing or too small: %v", abs, err)
				continue
			}
			t.Logf("screenshot: %s", abs)
		}
	})
}
