package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"briefing/generator/browsertest"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// mapView is what a reader sees of the map page: each mark's colour,
// class, accessible name and ring, which areas show, the key's visible
// entries in order, and the date written on the map.
type mapView struct {
	Marks  map[string]markView `json:"marks"`
	Areas  map[string]bool     `json:"areas"` // the areas shown, by key
	Legend []string            `json:"legend"`
	Date   string              `json:"date"`
	Note   string              `json:"note"`
	Title  string              `json:"title"`
}

type markView struct {
	Fill  string `json:"fill"`
	Class string `json:"class"`
	Title string `json:"title"`
	Ring  bool   `json:"ring"`
}

const readView = `(() => {
	const svg = document.querySelector(".map-figure svg.map");
	const marks = {};
	for (const g of svg.querySelectorAll("g.city")) {
		const title = g.querySelector("title").textContent;
		marks[title.split(":")[0]] = {
			fill: g.querySelector("circle.mark").getAttribute("fill"),
			class: g.getAttribute("class"), title, ring: !!g.querySelector("circle.ring"),
		};
	}
	const areas = {};
	for (const p of svg.querySelectorAll("path.area")) if (p.getAttribute("display") !== "none") areas[p.getAttribute("data-key")] = true;
	const legend = [...document.querySelectorAll(".map-side .legend li")].filter(li => !li.hidden)
		.map(li => li.textContent.replace(/\s+/g, " ").trim());
	const note = svg.querySelector(".map-note");
	return {marks, areas, legend, date: svg.querySelector(".map-date").textContent,
		note: note ? note.textContent : "", title: svg.querySelector("title").textContent};
})()`

func view(t *testing.T, ctx context.Context) mapView {
	t.Helper()
	return browsertest.Eval[mapView](t, ctx, readView)
}

// showDay types a date into the map's date field, as a reader picks one.
func showDay(t *testing.T, ctx context.Context, iso string) {
	t.Helper()
	browsertest.Eval[bool](t, ctx, `(() => { const d = document.getElementById("map-day"); d.value = `+js(iso)+`;
		d.dispatchEvent(new Event("change")); return true; })()`)
}

const (
	hts = "#2e7d32"
	gov = "#c62828"
	sna = "#00838f"
)

func wantFills(t *testing.T, when string, v mapView, want map[string]string) {
	t.Helper()
	for place, fill := range want {
		if got := v.Marks[place].Fill; got != fill {
			t.Errorf("%s: %s drawn %s, want %s", when, place, got, fill)
		}
	}
}

// TestMapTimeControl moves the shipped briefing's map through time from
// disk (the unzipped archive, network cut off), with the keyboard, the
// buttons and the date field, and checks the marks, the rings, the key
// and the date on the map follow.
func TestMapTimeControl(t *testing.T) {
	t.Parallel()
	root := unzippedShipped(t)
	if _, err := os.Stat(filepath.Join(root, "map", "briefing.geojson")); err != nil {
		t.Errorf("the zip lacks the map's GeoJSON: %v", err)
	}
	ctx := browsertest.New(t)
	log := browsertest.Watch(t, ctx)
	blocked := browsertest.Offline(t, ctx)
	browsertest.Do(t, ctx, step, chromedp.EmulateViewport(1280, 800),
		chromedp.Navigate(fileURL(filepath.Join(root, "map", "index.html"))))
	browsertest.Until(t, ctx, step, `document.readyState === "complete" && !document.getElementById("map-time").hidden`, "the time control shown")

	start := view(t, ctx)
	if start.Date != "6 December 2024" || start.Note != "" {
		t.Errorf("the map opens on %q (%q), want the as-of date", start.Date, start.Note)
	}
	wantFills(t, "6 December", start, map[string]string{"Hama": hts, "Rastan": hts, "Homs": gov, "Damascus": gov, "Tal Rifaat": sna})
	if !start.Marks["Rastan"].Ring || !start.Marks["Hama"].Ring || start.Marks["Aleppo"].Ring {
		t.Errorf("6 December: rings on Rastan %v, Hama %v (taken 5-6 December), Aleppo %v (30 November)",
			start.Marks["Rastan"].Ring, start.Marks["Hama"].Ring, start.Marks["Aleppo"].Ring)
	}

	// The keyboard reaches the slider with Tab, shows where it is, and
	// moves it a change at a time.
	browsertest.Do(t, ctx, step, chromedp.Focus(chromedp.CSS(".map-side .legend a")))
	for i := 0; i < 40 && browsertest.Eval[string](t, ctx, `document.activeElement.id`) != "map-slider"; i++ {
		browsertest.Do(t, ctx, step, chromedp.KeyEvent(kb.Tab))
	}
	if id := browsertest.Eval[string](t, ctx, `document.activeElement.id`); id != "map-slider" {
		t.Fatalf("Tab never reached the slider (at %q)", id)
	}
	if o := browsertest.Eval[string](t, ctx, `getComputedStyle(document.activeElement).outlineStyle + " " + getComputedStyle(document.activeElement).outlineWidth`); strings.HasPrefix(o, "none") || strings.HasSuffix(o, " 0px") {
		t.Errorf("the focused slider shows no outline (%s)", o)
	}
	browsertest.Do(t, ctx, step, chromedp.KeyEvent(kb.ArrowLeft))
	dec5 := view(t, ctx)
	if dec5.Date != "5 December 2024" {
		t.Fatalf("ArrowLeft moved to %q, want 5 December 2024", dec5.Date)
	}
	wantFills(t, "5 December", dec5, map[string]string{"Hama": hts, "Rastan": gov, "Talbiseh": gov, "Homs": gov})
	if got := browsertest.Eval[string](t, ctx, `document.getElementById("map-slider").getAttribute("aria-valuetext")`); got != "5 December 2024" {
		t.Errorf("the slider reads %q to a screen reader", got)
	}
	for range 3 { // 3 December, 1 December, 30 November
		browsertest.Do(t, ctx, step, chromedp.KeyEvent(kb.ArrowLeft))
	}
	nov30 := view(t, ctx)
	if nov30.Date != "30 November 2024" {
		t.Fatalf("three more ArrowLefts moved to %q, want 30 November 2024", nov30.Date)
	}
	wantFills(t, "30 November", nov30, map[string]string{"Aleppo": hts, "Hama": gov, "Tal Rifaat": "#9e7c0a", "Kuweires air base": gov})
	if !nov30.Marks["Aleppo"].Ring || nov30.Marks["Aleppo"].Title != "Aleppo: taken by Hayat Tahrir al-Sham from Syrian government forces on 30 November 2024" {
		t.Errorf("30 November: Aleppo %+v", nov30.Marks["Aleppo"])
	}
	browsertest.Do(t, ctx, step, chromedp.KeyEvent(kb.End))
	last := view(t, ctx)
	if last.Date != "8 December 2024" || last.Note != "after the 6 December 2024 cutoff" {
		t.Errorf("End: %q %q, want 8 December, after the cutoff", last.Date, last.Note)
	}
	wantFills(t, "8 December", last, map[string]string{"Homs": hts, "Damascus": hts})
	if w := browsertest.Eval[string](t, ctx, `document.getElementById("map-when").textContent`); w != "8 December 2024 (after the 6 December 2024 cutoff)" {
		t.Errorf("the control says %q", w)
	}
	browsertest.Do(t, ctx, step, chromedp.KeyEvent(kb.Home))
	// The first stop is the first dated change: rows held_before (Hama's
	// "since before 15 March 2011") are no stop, but hold from the start.
	if first := view(t, ctx); first.Date != "28 March 2015" || first.Marks["Hama"].Fill != gov || first.Marks["Idlib"].Fill != "#558b2f" || first.Marks["Kuweires air base"].Fill != "#9e9e9e" {
		t.Errorf("Home: %q, Hama %s, Idlib %s, Kuweires %s (no record before November 2015)", first.Date, first.Marks["Hama"].Fill, first.Marks["Idlib"].Fill, first.Marks["Kuweires air base"].Fill)
	}
	if !browsertest.Eval[bool](t, ctx, `document.getElementById("map-prev").disabled`) {
		t.Error("Previous change is enabled on the first date")
	}

	// Buttons.
	click(t, ctx, "#map-next")
	if v := view(t, ctx); v.Date != "10 November 2015" || v.Marks["Kuweires air base"].Fill != gov {
		t.Errorf("Next change: %q, Kuweires %s", v.Date, v.Marks["Kuweires air base"].Fill)
	}
	click(t, ctx, "#map-asof")
	if back := view(t, ctx); !reflect.DeepEqual(back, start) {
		t.Errorf("Back to the as-of date does not restore the map:\n%s", diffViews(start, back))
	}
	click(t, ctx, "#map-prev")
	if v := view(t, ctx); v.Date != "5 December 2024" {
		t.Errorf("Previous change from 6 December: %q", v.Date)
	}

	// Any day, between changes: the day before the offensive.
	showDay(t, ctx, "2024-11-26")
	nov26 := view(t, ctx)
	if nov26.Date != "26 November 2024" {
		t.Fatalf("the date field moved the map to %q", nov26.Date)
	}
	wantFills(t, "26 November", nov26, map[string]string{"Aleppo": gov, "Saraqib": gov, "Hama": gov, "Idlib": hts, "Tal Rifaat": "#9e7c0a"})
	for name, m := range nov26.Marks {
		if m.Ring {
			t.Errorf("26 November: %s ringed, but nothing changed hands in the three days before", name)
		}
	}

	// Play steps on by itself, and Pause stops it.
	click(t, ctx, "#map-play")
	browsertest.Until(t, ctx, step, `document.querySelector(".map-date").textContent !== "26 November 2024"`, "Play moving the map")
	click(t, ctx, "#map-play")
	if p := browsertest.Eval[string](t, ctx, `document.getElementById("map-play").getAttribute("aria-pressed")`); p != "false" {
		t.Errorf("Play still pressed after a second click")
	}

	for _, u := range browsertest.NonLocal(log.Requests()) {
		t.Errorf("request to the network: %s", u)
	}
	for _, u := range blocked() {
		t.Errorf("blocked request to the network: %s", u)
	}
	for _, e := range log.Errors() {
		t.Errorf("browser: %s", e)
	}
}

func diffViews(want, got mapView) string {
	var b strings.Builder
	if want.Date != got.Date || want.Title != got.Title {
		fmt.Fprintf(&b, "\tdate %q %q, want %q %q\n", got.Date, got.Title, want.Date, want.Title)
	}
	names := make([]string, 0, len(want.Marks))
	for n := range want.Marks {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if want.Marks[n] != got.Marks[n] {
			fmt.Fprintf(&b, "\t%s: %+v, want %+v\n", n, got.Marks[n], want.Marks[n])
		}
	}
	if len(got.Marks) != len(want.Marks) {
		fmt.Fprintf(&b, "\t%d marks, want %d\n", len(got.Marks), len(want.Marks))
	}
	if !reflect.DeepEqual(want.Areas, got.Areas) {
		fmt.Fprintf(&b, "\tareas %v, want %v\n", got.Areas, want.Areas)
	}
	if !reflect.DeepEqual(want.Legend, got.Legend) {
		fmt.Fprintf(&b, "\tkey %q\n\twant %q\n", got.Legend, want.Legend)
	}
	return b.String()
}

// copySource copies a briefing's site.yaml and content/ to a new folder,
// with site.yaml's as_of set to asOf.
func copySource(t *testing.T, src, asOf string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "src")
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS(filepath.Join(src, "content"))); err != nil {
		t.Fatal(err)
	}
	site, err := os.ReadFile(filepath.Join(src, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^as_of: .*$`)
	if !re.Match(site) {
		t.Fatal("site.yaml has no as_of")
	}
	site = re.ReplaceAll(site, []byte("as_of: "+asOf))
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), site, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func buildFrom(t *testing.T, src string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	runCLI(t, "build", "--source", src, "--out", out)
	return out
}

// staticView reads the map page as the build drew it, with scripts off.
func staticView(t *testing.T, ctx context.Context, dir string) mapView {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	defer chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false})
	browsertest.Do(t, ctx, step, chromedp.Navigate(fileURL(filepath.Join(dir, "map", "index.html"))))
	browsertest.Until(t, ctx, step, `document.readyState === "complete"`, "the static map")
	if !browsertest.Eval[bool](t, ctx, `document.getElementById("map-time") === null || document.getElementById("map-time").hidden`) {
		t.Error("without JavaScript the time control shows, and does nothing")
	}
	return view(t, ctx)
}

// TestMapMatchesStaticBuild: the map moved to a date is the map the build
// draws for that date (site.yaml's as_of set to it), mark for mark, area
// for area, entry for entry of the key. For the shipped briefing at the
// three dates of the offensive and after the cutoff, and for a briefing
// with areas of control.
func TestMapMatchesStaticBuild(t *testing.T) {
	t.Parallel()
	ctx := browsertest.New(t)
	log := browsertest.Watch(t, ctx)
	browsertest.Do(t, ctx, step, chromedp.EmulateViewport(1280, 800))
	areasSrc := areasSource(t)
	for _, tc := range []struct {
		name, src string
		dates     []string
	}{
		{"shipped", repoRoot, []string{"2024-11-27", "2024-12-01", "2024-12-05", "2024-12-08", "2016-12-22", "2024-12-02", "2011-01-01", "2010-06-01"}},
		{"areas", areasSrc, []string{"2024-12-02", "2024-12-04", "2024-12-05", "2024-12-20"}},
	} {
		moving := buildFrom(t, tc.src)
		// Built for the date: with site.yaml's as_of set to it, and with
		// --as-of (later items left out, so the slider stops there).
		statics := map[string]mapView{}
		for _, d := range tc.dates {
			static := staticView(t, ctx, buildFrom(t, copySource(t, tc.src, d)))
			statics[d] = static
			out := filepath.Join(t.TempDir(), "public")
			runCLI(t, "build", "--source", tc.src, "--out", out, "--as-of", d)
			cut := staticView(t, ctx, out)
			cut.Note, static.Note = "", "" // the note is the only difference allowed
			if !reflect.DeepEqual(cut, static) {
				t.Errorf("%s, %s: the map built with --as-of differs from the map of as_of %s:\n%s", tc.name, d, d, diffViews(static, cut))
			}
		}
		// One page, moved from date to date (and back to its own), as a
		// reader does: what it shows must not depend on where it was.
		asOf := staticView(t, ctx, moving)
		browsertest.Do(t, ctx, step, chromedp.Navigate(fileURL(filepath.Join(moving, "map", "index.html"))))
		browsertest.Until(t, ctx, step, `document.readyState === "complete" && !document.getElementById("map-time").hidden`, "the time control")
		for _, d := range append(tc.dates, "2024-12-06") {
			static, ok := statics[d]
			if !ok {
				static = asOf
			}
			showDay(t, ctx, d)
			moved := view(t, ctx)
			// Only the note differs: the moving map knows its own cutoff.
			moved.Note, static.Note = "", ""
			if !reflect.DeepEqual(moved, static) {
				t.Errorf("%s, %s: the map moved to the date differs from the map built for it:\n%s", tc.name, d, diffViews(static, moved))
			}
			if len(static.Marks) == 0 || len(static.Legend) == 0 {
				t.Errorf("%s, %s: nothing read from the map: %+v", tc.name, d, static)
			}
			if tc.name == "areas" && ok {
				shown := len(static.Areas)
				if want := map[string]int{"2024-12-02": 1, "2024-12-04": 2, "2024-12-05": 1, "2024-12-20": 1}[d]; shown != want {
					t.Errorf("areas, %s: %d areas shown, want %d (%v)", d, shown, want, static.Areas)
				}
			}
		}
	}
	for _, e := range log.Errors() {
		t.Errorf("browser: %s", e)
	}
}

// areasSource writes a small briefing with areas of control: HTS's
// around Hama on 3 and 5 December (the first approximate) and the army's
// around Damascus since 2011; Hama changes hands on 5 December.
func areasSource(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "areas")
	files := map[string]string{
		"site.yaml":              "title: Areas\nbase_url: https://example.org/\nas_of: 2024-12-06\n",
		"content/articles/a.md":  "---\ntitle: A report\ndate: 2024-12-05\n---\nText.\n",
		"content/sources/afp.md": "---\nname: AFP\n---\n",
		"content/cities/hama.md": "---\nname: Hama\ncoords: [35.135, 36.75]\ncontrol:\n  - {date: 2011-03-15, faction: saa, source: afp}\n" +
			"  - {date: 2024-12-05, faction: hts, source: afp}\n---\n",
		"content/cities/damascus.md": "---\nname: Damascus\ncoords: [33.513, 36.292]\ncontrol:\n  - {date: 2011-03-15, faction: saa, source: afp}\n---\n",
		"content/factions/hts.md": "---\nname: Hayat Tahrir al-Sham\ncolor: \"#2e7d32\"\nareas:\n" +
			"  - {date: 2024-12-03, file: areas/hts-1.geojson, source: afp, approximate: true}\n" +
			"  - {date: 2024-12-05, file: areas/hts-2.geojson, source: afp}\n---\n",
		"content/factions/saa.md": "---\nname: Syrian Arab Army\ncolor: \"#c62828\"\nareas:\n" +
			"  - {date: 2011-03-15, file: areas/saa.geojson, source: afp}\n  - {date: 2024-12-05, ended: true, source: afp}\n---\n",
		"content/areas/hts-1.geojson": `{"type":"Polygon","coordinates":[[[36.3,35.6],[36.9,35.6],[36.9,36.0],[36.3,36.0],[36.3,35.6]]]}`,
		"content/areas/hts-2.geojson": `{"type":"Polygon","coordinates":[[[36.3,35.0],[37.0,35.0],[37.0,36.0],[36.3,36.0],[36.3,35.0]]]}`,
		"content/areas/saa.geojson":   `{"type":"Polygon","coordinates":[[[36.0,33.2],[36.6,33.2],[36.6,34.9],[36.0,34.9],[36.0,33.2]]]}`,
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// textSizes reads, for every text of every map on the page that is
// shown, its size on screen in CSS pixels: the font size times the map's
// scale.
const textSizes = `(() => {
	const out = [];
	for (const svg of document.querySelectorAll("svg.map")) {
		const scale = svg.getScreenCTM().a;
		for (const t of svg.querySelectorAll("text")) {
			if (t.getClientRects().length === 0 || t.textContent.trim() === "") continue;
			out.push({text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale, map: svg.getAttribute("aria-labelledby")});
		}
	}
	return out;
})()`

type textSize struct {
	Text string  `json:"text"`
	Px   float64 `json:"px"`
	Map  string  `json:"map"`
}

// TestMapReadable: on a 390 px phone and a 1280 px screen, every text on
// the map page's, the home page's and a place's map is 11 px or more; the
// map page still names places (fewer on the phone), every mark keeps its
// name, the date is on each map, and the map page's key is on the first
// screen.
func TestMapReadable(t *testing.T) {
	t.Parallel()
	root := unzippedShipped(t)
	ctx := browsertest.New(t)
	log := browsertest.Watch(t, ctx)
	labels := map[string]int{}
	for _, vp := range []struct {
		name string
		w, h int64
	}{{"phone", 390, 844}, {"desktop", 1280, 800}} {
		browsertest.Do(t, ctx, step, chromedp.EmulateViewport(vp.w, vp.h))
		for _, pg := range []string{"map/index.html", "index.html", "cities/hama/index.html"} {
			browsertest.Do(t, ctx, step, chromedp.Navigate(fileURL(filepath.Join(root, filepath.FromSlash(pg)))))
			browsertest.Until(t, ctx, step, `document.readyState === "complete"`, pg)
			sizes := browsertest.Eval[[]textSize](t, ctx, textSizes)
			if len(sizes) == 0 {
				t.Errorf("%s %s: no text on the map", vp.name, pg)
			}
			for _, s := range sizes {
				if s.Px < 11 {
					t.Errorf("%s %s: %q is %.1f px on screen, want 11 or more", vp.name, pg, s.Text, s.Px)
				}
			}
			dates := 0
			for _, s := range sizes {
				if s.Text == "6 December 2024" {
					dates++
				}
			}
			if dates == 0 {
				t.Errorf("%s %s: no date on the map", vp.name, pg)
			}
			if n := browsertest.Eval[int](t, ctx, `[...document.querySelectorAll("svg.map g.city")].filter(g => !(g.querySelector("title") || {}).textContent).length`); n != 0 {
				t.Errorf("%s %s: %d marks without a name", vp.name, pg, n)
			}
			if pg == "map/index.html" {
				labels[vp.name] = browsertest.Eval[int](t, ctx, `[...document.querySelectorAll(".map-figure .labels text")].filter(t => t.getClientRects().length > 0).length`)
				// The whole key, and the map's date, without scrolling.
				bottom := browsertest.Eval[float64](t, ctx, `document.querySelector(".map-side .legend").getBoundingClientRect().bottom`)
				if bottom > float64(vp.h) {
					t.Errorf("%s: the key ends at %.0f px, below the first screen (%d px)", vp.name, bottom, vp.h)
				}
				if top := browsertest.Eval[float64](t, ctx, `[...document.querySelectorAll(".map-figure .map-date")].find(t => t.getClientRects().length > 0).getBoundingClientRect().bottom`); top > float64(vp.h) {
					t.Errorf("%s: the date on the map is below the first screen", vp.name)
				}
				if vp.name == "desktop" {
					if b := browsertest.Eval[float64](t, ctx, `document.querySelector(".map-figure svg").getBoundingClientRect().bottom`); b > float64(vp.h) {
						t.Errorf("desktop: the map ends at %.0f px, below the first screen", b)
					}
				}
			}
		}
	}
	if !(labels["phone"] >= 6 && labels["desktop"] > labels["phone"]) {
		t.Errorf("labels on the map page: %d on the phone, %d on the desktop: want some on the phone, more on the desktop", labels["phone"], labels["desktop"])
	}
	for _, e := range log.Errors() {
		t.Errorf("browser: %s", e)
	}
}

// TestMapAccessibility runs axe-core on the map page (time control shown),
// the home page and a place's page, light and dark: no serious or
// critical violation.
func TestMapAccessibility(t *testing.T) {
	t.Parallel()
	dir := builtShipped(t, "https://example.org/repo/")
	srv := browsertest.ServeDir(t, dir, "/repo/")
	ctx := browsertest.New(t)
	browsertest.BypassCSP(t, ctx)
	for _, scheme := range []string{"light", "dark"} {
		for _, p := range []string{"map/", "", "cities/hama/"} {
			browsertest.Do(t, ctx, step, browsertest.Media("screen", scheme), chromedp.Navigate(srv.URL+"/repo/"+p))
			browsertest.Until(t, ctx, step, `document.readyState === "complete" && (!document.getElementById("map-time") || !document.getElementById("map-time").hidden)`, "the page loaded")
			for _, v := range browsertest.Axe(t, ctx, "serious") {
				t.Errorf("/%s (%s): %s", p, scheme, v)
			}
		}
	}
}
