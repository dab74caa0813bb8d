package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefing/generator/browsertest"

	"github.com/chromedp/chromedp"
	"golang.org/x/tools/txtar"
)

// pageTypes are one page of each type of the shipped briefing: home,
// article, each kind's fact sheet and list, claims, timeline, map, search
// with results, the changes page (built with --previous) and the 404.
var pageTypes = []string{
	"", "articles/hama-falls/", "articles/",
	"cities/hama/", "cities/", "factions/hts/", "factions/",
	"sources/sohr/", "sources/", "people/mark-lowcock/", "people/",
	"events/deterrence-of-aggression/", "events/",
	"claims/", "timeline/", "map/", "search/?q=hama", "search/?q=status:false", "changes/", "404.html",
}

// corpusPages are the page types of the generated corpus (generatedCorpus),
// with the page listing every mention of a much-mentioned place and the
// second pages of lists split into pages.
var corpusPages = []string{
	"", "articles/report/", "articles/gen-007/", "articles/", "cities/hama/", "cities/hama/mentions/",
	"cities/", "factions/hts/", "sources/afp/", "people/ann/", "events/siege/", "events/",
	"claims/", "timeline/", "map/", "search/?q=hama", "404.html", "articles/page/2/", "timeline/page/2/",
}

// generatedCorpus writes the golden-page briefing (build's mini.txtar)
// with 60 more articles, each with a wide table and a link to Hama (whose
// mentions then need a page of their own), and an event with figures from
// four sources: the long names, wide tables and lists a real briefing
// grows. It returns the source folder.
func generatedCorpus(t *testing.T) string {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("..", "build", "testdata", "mini.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, data string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range ar.Files {
		data := string(f.Data)
		if f.Name == "site.yaml" {
			// Lists of 20 a page: the articles and the timeline go on pages.
			data = strings.Replace(data, "kinds:\n", "page_size: 20\nkinds:\n  events: { singular: event, title: Events }\n", 1)
		}
		write(f.Name, data)
	}
	for i := range 60 {
		write(fmt.Sprintf("content/articles/gen-%03d.md", i), fmt.Sprintf(`---
title: Generated report number %d on the Internationally Recognised Humanitarian Corridors
date: 2024-12-%02d
summary: A generated article with a wide table.
---
Fighting near [[hama]] continued [@afp]. An unbroken address: https://example.org/a/very/long/path/that/does/not/break/anywhere/at/all/%d

| Governorate | Displaced (OCHA) | Displaced (UNHCR) | Killed (SOHR) | Killed (ACLED) | Notes on the methodology |
|---|---|---|---|---|---|
| Hama | 100,000 | 120,000 | 727 | 690 | Counted from the first day of the offensive, 27 November 2024 |
| Idlib | 50,000 | 48,000 | 311 | 305 | Includes the camps along the Turkish border |
`, i, 1+i%6, i))
	}
	write("content/events/siege.md", `---
name: The siege of an exceptionally long-named place for testing the layout of tables
date: 2024-12-01
figures:
  - {label: displaced, value: 115000, as_of: 2024-12-01, source: afp, note: from the first day}
  - {label: displaced, value: 280000, as_of: 2024-12-04, source: sohr, note: counted in the camps along the border}
  - {label: displaced, value: 300000, high: 370000, as_of: 2024-12-04, source: afp}
  - {label: killed (all sides), value: 727, as_of: 2024-12-05, since: 2024-11-27, source: sohr, note: including 111 civilians}
---
An event with figures from several sources.
`)
	return dir
}

// withPrevious builds the shipped briefing as of 4 December, then whole
// with that edition as --previous (so the changes page exists), and
// returns the folder of the whole one.
func withPrevious(t *testing.T) string {
	t.Helper()
	out := t.TempDir()
	early := filepath.Join(out, "early")
	runCLI(t, "build", "--source", repoRoot, "--out", early, "--as-of", "2024-12-04", "--base-url", "https://example.org/repo/")
	dir := filepath.Join(out, "public")
	runCLI(t, "build", "--source", repoRoot, "--out", dir, "--previous", early, "--base-url", "https://example.org/repo/")
	return dir
}

// TestEveryPageType opens every page type of the shipped briefing and of
// a generated corpus, and checks on each: nothing scrolls the page
// sideways on a 390 px phone and every wide table scrolls in its own box
// with its first column fixed (issue 16, item 7), no interactive element
// sits inside another (item 1), and axe-core finds no serious or critical
// violation, light or dark (item 9).
func TestEveryPageType(t *testing.T) {
	t.Parallel()
	corpus := filepath.Join(t.TempDir(), "public")
	runCLI(t, "build", "--source", generatedCorpus(t), "--out", corpus, "--base-url", "https://example.org/repo/")
	for _, p := range []string{"cities/hama/mentions/", "articles/page/2/", "timeline/page/2/"} {
		if _, err := os.Stat(filepath.Join(corpus, filepath.FromSlash(p), "index.html")); err != nil {
			t.Fatalf("the generated corpus has no page %s: %v", p, err)
		}
	}
	for _, site := range []struct {
		name, dir string
		pages     []string
	}{{"shipped", withPrevious(t), pageTypes}, {"corpus", corpus, corpusPages}} {
		t.Run(site.name, func(t *testing.T) {
			t.Parallel()
			srv := browsertest.ServeDir(t, site.dir, "/repo/")
			ctx := browsertest.New(t)
			browsertest.BypassCSP(t, ctx)
			log := browsertest.Watch(t, ctx)
			open := func(p string) {
				browsertest.Do(t, ctx, step, chromedp.Navigate(srv.URL+"/repo/"+p))
				browsertest.Until(t, ctx, step, `document.readyState === "complete" &&
					(!document.getElementById("search-status") || !/Searching|Type to search|needs JavaScript/.test(document.getElementById("search-status").textContent))`, p+" loaded")
			}
			// On a phone: no sideways scroll, every wide table scrolling in
			// its own box with its first column fixed, and the whole of
			// axe-core's rules (a table that scrolls must be reachable by
			// keyboard, which only shows where it scrolls).
			browsertest.Do(t, ctx, step, chromedp.EmulateViewport(390, 844))
			for _, p := range site.pages {
				browsertest.Do(t, ctx, step, browsertest.Media("screen", "light"))
				open(p)
				if wide := browsertest.Eval[[]string](t, ctx, sideways); len(wide) > 0 {
					t.Errorf("/%s at 390 px scrolls sideways (%d px wide); too wide: %s", p,
						browsertest.Eval[int](t, ctx, `document.scrollingElement.scrollWidth`), strings.Join(wide, "; "))
				}
				for _, bad := range browsertest.Eval[[]string](t, ctx, unreadableTables) {
					t.Errorf("/%s at 390 px: %s", p, bad)
				}
				for _, v := range browsertest.Axe(t, ctx, "moderate") {
					t.Errorf("/%s (phone, light): %s", p, v)
				}
				// No link or control inside another (item 1), on the
				// generated corpus's pages as on the shipped ones.
				for _, n := range browsertest.Eval[[]string](t, ctx, nestedLive) {
					t.Errorf("/%s: nested interactive element: %s", p, n)
				}
			}
			// On a wide screen, light and dark: the colour rules (the page's
			// structure is the same in both schemes, and was checked above).
			browsertest.Do(t, ctx, step, chromedp.EmulateViewport(1280, 900))
			for _, scheme := range []string{"light", "dark"} {
				for _, p := range site.pages {
					browsertest.Do(t, ctx, step, browsertest.Media("screen", scheme))
					open(p)
					for _, v := range browsertest.AxeColours(t, ctx, "serious") {
						t.Errorf("/%s (%s): %s", p, scheme, v)
					}
				}
			}
			for _, e := range log.Errors() {
				if strings.Contains(e, "404 (Not Found)") || strings.Contains(e, "status of 404") {
					continue // the 404 page, asked for on purpose
				}
				t.Errorf("browser: %s", e)
			}
		})
	}
}

// sideways is empty when the page does not scroll sideways; otherwise it
// names the outermost elements reaching past the screen's right edge (as
// far as it can tell).
const sideways = `(() => {
	const se = document.scrollingElement;
	if (se.scrollWidth <= se.clientWidth) return [];
	const w = se.clientWidth, out = [];
	const clipped = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) { if (getComputedStyle(p).overflowX !== "visible") return true; } return false; };
	for (const el of document.body.querySelectorAll("*")) {
		const r = el.getBoundingClientRect();
		if (r.right > w + 0.5 && !clipped(el) && !(el.parentElement && el.parentElement.getBoundingClientRect().right > w + 0.5)) {
			out.push(el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : "") + " (" + Math.round(r.right) + " px)");
		}
	}
	// An element placed outside the box that would clip it (absolute, in
	// a containing block beyond it) is not named: say so all the same.
	return out.length ? out.slice(0, 8) : ["an element out of its clipping box"];
})()`

// unreadableTables lists the tables wider than their box whose box does
// not scroll, or whose first column scrolls away with the rest.
const unreadableTables = `[...document.querySelectorAll("table")].flatMap(t => {
	const wrap = t.parentElement;
	if (t.getBoundingClientRect().width <= wrap.clientWidth + 0.5) return [];
	const name = (t.querySelector("th, td") || {}).textContent || "";
	const bad = [];
	if (!["auto", "scroll"].includes(getComputedStyle(wrap).overflowX)) bad.push("the table “" + name + "…” is wider than the screen and its box does not scroll");
	const first = t.querySelector("tbody tr:not(.cutoff-row) > :first-child");
	if (first && getComputedStyle(first).position !== "sticky") bad.push("the table “" + name + "…” scrolls with its first column");
	return bad;
})`
