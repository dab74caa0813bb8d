package e2e

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"briefing/generator/browsertest"

	"github.com/chromedp/chromedp"
)

// Faction colours of the shipped briefing (content/factions/*.md).
const (
	htsColor = "rgb(46, 125, 50)"   // #2e7d32
	govColor = "rgb(198, 40, 40)"   // #c62828
	lightBg  = "rgb(253, 252, 249)" // --bg, light
)

// pdfPage matches each page object of a PDF.
var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)

// mapState is what the test reads from the map page.
type mapState struct {
	Marks map[string]string `json:"marks"` // city label → computed fill of its mark
	Links map[string]string `json:"links"` // city label → link of its mark
	// Legend entries, and the width and height of the map as drawn.
	Legend        []string `json:"legend"`
	Width, Height float64
	Visible       bool   `json:"visible"`
	Background    string `json:"background"` // of the body
	Text          string `json:"text"`       // colour of the body text
	LabelFill     string `json:"labelFill"`  // of a city label
	LabelHalo     string `json:"labelHalo"`  // the stroke behind it
	CountryFill   string `json:"countryFill"`
	MarkRing      string `json:"markRing"` // the stroke around a city mark
	// The drawn box's aspect ratio and the viewBox's: equal when the map
	// box is the drawing, with no empty bands beside it.
	Ratio     float64 `json:"ratio"`
	ViewRatio float64 `json:"viewRatio"`
}

const readMap = `(() => {
	const svg = document.querySelector("svg.map");
	if (!svg) return null;
	const r = svg.getBoundingClientRect();
	const cs = getComputedStyle(svg);
	const marks = {}, links = {};
	for (const g of svg.querySelectorAll("g.city")) {
		// The name, from the mark's title ("Hama: held by …"): a label
		// that collides with another is left out, the title never is.
		const label = g.querySelector("title").textContent.split(":")[0];
		marks[label] = getComputedStyle(g.querySelector(".mark")).fill;
		const a = g.closest("a");
		links[label] = a ? a.getAttribute("href") : "";
	}
	const label = svg.querySelector("g.labels text");
	return {
		marks, links,
		legend: [...document.querySelectorAll(".legend li")].map(li => li.textContent.trim()),
		Width: r.width, Height: r.height,
		visible: cs.display !== "none" && cs.visibility !== "hidden" && r.width > 0 && r.height > 0,
		background: getComputedStyle(document.body).backgroundColor,
		text: getComputedStyle(document.body).color,
		labelFill: label ? getComputedStyle(label).fill : "",
		labelHalo: label ? getComputedStyle(label).stroke : "",
		countryFill: getComputedStyle(svg.querySelector(".country.focus")).fill,
		markRing: getComputedStyle(svg.querySelector("g.city .mark")).stroke,
		ratio: r.width / r.height,
		viewRatio: svg.viewBox.baseVal.width / svg.viewBox.baseVal.height,
	};
})()`

// luminance is the relative luminance (0 black … 1 white) of a computed
// "rgb(r, g, b)" colour.
func luminance(t *testing.T, css string) float64 {
	t.Helper()
	var r, g, b float64
	var a float64 = 1
	s := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(css, "rgba("), "rgb("), ")")
	parts := strings.Split(s, ",")
	if len(parts) < 3 {
		t.Fatalf("not an rgb colour: %q", css)
	}
	vals := []*float64{&r, &g, &b, &a}
	for i, p := range parts {
		if i >= 4 {
			break
		}
		if err := json.Unmarshal([]byte(strings.TrimSpace(p)), vals[i]); err != nil {
			t.Fatalf("colour %q: %v", css, err)
		}
	}
	lin := func(c float64) float64 {
		c /= 255
		if c <= 0.03928 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrast is the WCAG contrast ratio of two colours.
func contrast(t *testing.T, a, b string) float64 {
	la, lb := luminance(t, a), luminance(t, b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// TestScreenshots renders the home page and the map of the shipped
// briefing in light and dark colour schemes and for print, saves a PNG of
// each into $BRIEFING_SCREENSHOTS (a temporary folder by default, logged)
// and checks the map: a mark per city in its controlling faction's colour
// as of 2024-12-06, both factions in the legend, the map drawn at a real
// size, readable labels, and a dark page in dark mode.
func TestScreenshots(t *testing.T) {
	t.Parallel()
	out := screenshotDir(t)

	root := unzippedShipped(t)
	ctx := browsertest.New(t)
	log := browsertest.Watch(t, ctx)
	browsertest.Do(t, ctx, step, chromedp.EmulateViewport(1280, 900))

	wantMarks := map[string]string{
		"Hama": htsColor, "Aleppo": htsColor, "Idlib": htsColor,
		"Homs": govColor, "Damascus": govColor,
	}
	for _, pg := range []struct{ name, path string }{
		{"home", "index.html"},
		{"map", "map/index.html"},
	} {
		for _, mode := range []struct{ name, media, scheme string }{
			{"light", "screen", "light"},
			{"dark", "screen", "dark"},
			{"print", "print", "light"},
		} {
			name := pg.name + "-" + mode.name
			browsertest.Do(t, ctx, step,
				browsertest.Media(mode.media, mode.scheme),
				chromedp.Navigate(fileURL(filepath.Join(root, filepath.FromSlash(pg.path)))),
			)
			browsertest.Until(t, ctx, step, `document.readyState === "complete" && !!document.querySelector("svg.map")`, name+" loaded")
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatalf("%s: screenshot: %v", name, err)
			}
			file := filepath.Join(out, name+".png")
			if err := os.WriteFile(file, png, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("wrote %s (%d kB)", file, len(png)>>10)
			// The map alone, at the size it is drawn on the page.
			if png, err = chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("svg.map"))); err != nil {
				t.Fatalf("%s: map screenshot: %v", name, err)
			}
			if err := os.WriteFile(filepath.Join(out, name+"-svg.png"), png, 0o644); err != nil {
				t.Fatal(err)
			}

			st, err := chromedp.Run(ctx, chromedp.Evaluate[*mapState](readMap))
			if err != nil || st == nil {
				t.Fatalf("%s: reading the map: %v", name, err)
			}
			if places := shippedPlaces(t); len(st.Marks) != places {
				t.Errorf("%s: %d city marks %v, want one per place of content/cities (%d)", name, len(st.Marks), st.Marks, places)
			}
			for city, want := range wantMarks {
				if got := st.Marks[city]; got != want {
					t.Errorf("%s: %s drawn %q, want %q", name, city, got, want)
				}
				if href := st.Links[city]; !strings.HasSuffix(href, "cities/"+strings.ToLower(city)+"/index.html") {
					t.Errorf("%s: %s links to %q", name, city, href)
				}
			}
			legend := strings.Join(st.Legend, "\n")
			for _, f := range []string{"Hayat Tahrir al-Sham", "Syrian government forces"} {
				if !strings.Contains(legend, f) {
					t.Errorf("%s: legend %q lacks %s", name, st.Legend, f)
				}
			}
			if !st.Visible || st.Width < 250 || st.Height < 200 {
				t.Errorf("%s: map drawn %v×%v (visible %v)", name, st.Width, st.Height, st.Visible)
			}
			// Text and labels readable on the page: WCAG AA for body text,
			// 4.5 for the labels against their halo.
			if c := contrast(t, st.Text, st.Background); c < 7 {
				t.Errorf("%s: body text %s on %s: contrast %.1f", name, st.Text, st.Background, c)
			}
			if c := contrast(t, st.LabelFill, st.LabelHalo); c < 4.5 {
				t.Errorf("%s: city labels %s on halo %s: contrast %.1f", name, st.LabelFill, st.LabelHalo, c)
			}
			// Each mark stands out from the land, by its colour or by its
			// ring (WCAG 1.4.11: 3:1 for graphics).
			for city, fill := range st.Marks {
				if c := max(contrast(t, fill, st.CountryFill), contrast(t, st.MarkRing, st.CountryFill)); c < 3 {
					t.Errorf("%s: %s's mark (%s, ring %s) on the land %s: contrast %.1f", name, city, fill, st.MarkRing, st.CountryFill, c)
				}
			}
			if math.Abs(st.Ratio-st.ViewRatio) > 0.02*st.ViewRatio {
				t.Errorf("%s: map box %.0f×%.0f (ratio %.2f) is not the drawing's shape (%.2f): empty bands beside it", name, st.Width, st.Height, st.Ratio, st.ViewRatio)
			}
			dark := luminance(t, st.Background) < 0.05
			switch {
			case mode.name == "dark" && !dark:
				t.Errorf("%s: page background %s is not dark", name, st.Background)
			case mode.name != "dark" && dark:
				t.Errorf("%s: page background %s is dark", name, st.Background)
			}
			if mode.name == "light" && st.Background != lightBg {
				t.Errorf("%s: background %s, want the theme's %s", name, st.Background, lightBg)
			}
			if mode.name == "print" && pg.name == "map" {
				// On paper: the map and its legend on the first A4 sheet,
				// the list of who holds each place (in words, for a grey
				// printer) after them, on the next at most.
				pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFMargin(0.6)))
				if err != nil {
					t.Fatalf("%s: printing: %v", name, err)
				}
				if n := len(pdfPage.FindAll(pdf, -1)); n > 2 {
					t.Errorf("%s: the map page prints on %d A4 pages, want 2 at most", name, n)
				}
				first := pdfText(t, pdf, 1)
				for _, want := range []string{"6 December 2024", "Hayat Tahrir al-Sham (19 places)", "Syrian National Army (2 places)", "Who holds each place"} {
					if !strings.Contains(strings.Join(strings.Fields(first), " "), want) {
						t.Errorf("%s: the first printed sheet lacks %q:\n%s", name, want, first)
					}
				}
			}
			if mode.name == "dark" && luminance(t, st.CountryFill) > 0.2 {
				t.Errorf("%s: Syria drawn %s: a light country on a dark page", name, st.CountryFill)
			}
		}
	}
	// The map page moved to three dates of the offensive, on a screen and
	// on a phone: the day before it began, the day after Aleppo fell, the
	// day Hama fell.
	for _, vp := range []struct {
		name string
		w, h int64
	}{{"", 1280, 900}, {"-phone", 390, 844}} {
		browsertest.Do(t, ctx, step, browsertest.Media("screen", "light"), chromedp.EmulateViewport(vp.w, vp.h),
			chromedp.Navigate(fileURL(filepath.Join(root, "map", "index.html"))))
		browsertest.Until(t, ctx, step, `document.readyState === "complete" && !document.getElementById("map-time").hidden`, "the time control")
		for d, text := range map[string]string{"2024-11-27": "27 November 2024", "2024-12-01": "1 December 2024", "2024-12-05": "5 December 2024"} {
			showDay(t, ctx, d)
			if got := view(t, ctx).Date; got != text {
				t.Errorf("map at %s: the map says %q", d, got)
			}
			for _, shot := range []struct {
				suffix string
				action chromedp.Action[[]byte]
			}{{"", chromedp.Screenshot(chromedp.CSS(".map-figure svg.map"))}, {"-page", chromedp.CaptureScreenshot()}} {
				png, err := chromedp.Run(ctx, shot.action)
				if err != nil {
					t.Fatalf("map at %s: screenshot: %v", d, err)
				}
				file := filepath.Join(out, "map-"+d+vp.name+shot.suffix+".png")
				if err := os.WriteFile(file, png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	t.Logf("wrote the map at three dates (map-2024-11-27*.png and so on)")

	for _, e := range log.Errors() {
		t.Errorf("browser: %s", e)
	}
}

// shippedPlaces counts the shipped briefing's places (content/cities), each
// of which has coordinates (shipped_test.go in package build pins that).
func shippedPlaces(t *testing.T) int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(repoRoot, "content", "cities", "*.md"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no places in content/cities (%v)", err)
	}
	return len(files)
}
