package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"briefing/generator/browsertest"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// js quotes s as a JavaScript string.
func js(s string) string { return fmt.Sprintf("%q", s) }

// at waits until the page's URL ends with suffix and the page has loaded.
func at(t *testing.T, ctx context.Context, suffix string) {
	t.Helper()
	browsertest.Until(t, ctx, step, `location.href.split(/[?#]/)[0].endsWith(`+js(suffix)+`) && document.readyState === "complete"`, "the page "+suffix)
}

// click clicks the first element matching a CSS selector.
func click(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	browsertest.Do(t, ctx, step, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// searchWorks runs the search page as a reader does: open it with ?q=,
// see results; type a new query and see the results follow each key;
// ArrowDown and Enter open the first result. It returns the URL opened.
func searchWorks(t *testing.T, ctx context.Context, searchURL string) string {
	t.Helper()
	browsertest.Do(t, ctx, step, chromedp.Navigate(searchURL+"?q=lowcock"))
	browsertest.Until(t, ctx, step, `(() => {
		const links = [...document.querySelectorAll("#results li a")];
		return links.length > 0 && links.some(a => a.textContent === "Mark Lowcock") &&
			document.getElementById("q").value === "lowcock" &&
			document.getElementById("search-status").textContent.includes("for “lowcock”");
	})()`, "results for ?q=lowcock listing Mark Lowcock")

	// Type a new query, a few letters at a time, with no Enter: the
	// results follow the input.
	browsertest.Do(t, ctx, step,
		chromedp.Evaluate[chromedp.Void](`document.getElementById("q").value = ""`),
		chromedp.SendKeys(chromedp.CSS("#q"), "ale"),
	)
	browsertest.Until(t, ctx, step, `document.getElementById("search-status").textContent.includes("for “ale”") &&
		document.querySelectorAll("#results li").length > 0`, "results as the first letters are typed")
	browsertest.Do(t, ctx, step, chromedp.SendKeys(chromedp.CSS("#q"), "ppo"))
	browsertest.Until(t, ctx, step, `(() => {
		const first = document.querySelector("#results li a");
		return document.getElementById("search-status").textContent.includes("for “aleppo”") &&
			!!first && first.textContent === "Aleppo" &&
			![...document.querySelectorAll("#results li a")].some(a => a.textContent === "Mark Lowcock");
	})()`, "results updated for “aleppo”, Aleppo first")
	// Highlighted words in the snippets.
	if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll("#results mark").length`); n == 0 {
		t.Error("no search word highlighted in the results")
	}
	// Each title keeps its direction to itself, as names do on the pages.
	if n := browsertest.Eval[int](t, ctx, `[...document.querySelectorAll("#results li a")].filter(a => a.dir !== "auto").length`); n != 0 {
		t.Errorf("%d result titles without dir=auto", n)
	}

	// Keyboard: ArrowDown marks the first result, Enter opens it.
	want := browsertest.Eval[string](t, ctx, `document.querySelector("#results li a").href`)
	browsertest.Do(t, ctx, step, chromedp.Focus(chromedp.CSS("#q")), chromedp.KeyEvent(kb.ArrowDown))
	browsertest.Until(t, ctx, step, `document.querySelector("#results li").classList.contains("active")`, "the first result marked by ArrowDown")
	browsertest.Do(t, ctx, step, chromedp.KeyEvent(kb.Enter))
	browsertest.Until(t, ctx, step, `location.href === `+js(want)+` && document.readyState === "complete" && document.querySelector("h1").textContent.includes("Aleppo")`, "the first result opened by Enter ("+want+")")
	return want
}

// TestOfflineFromDisk opens the unzipped archive from disk, as someone who
// double-clicks index.html, with the network cut off, and uses it.
func TestOfflineFromDisk(t *testing.T) {
	t.Parallel()
	root := unzippedShipped(t)
	ctx := browsertest.New(t)
	log := browsertest.Watch(t, ctx)
	blocked := browsertest.Offline(t, ctx)

	home := fileURL(filepath.Join(root, "index.html"))
	browsertest.Do(t, ctx, step, chromedp.Navigate(home))
	at(t, ctx, "/index.html")
	// The style sheet applies: the page background is the theme's, not
	// the browser's default transparent, and the layout is the theme's.
	if bg := browsertest.Eval[string](t, ctx, `getComputedStyle(document.body).backgroundColor`); bg != "rgb(253, 252, 249)" {
		t.Errorf("body background %q: the style sheet did not load", bg)
	}
	if w := browsertest.Eval[string](t, ctx, `getComputedStyle(document.querySelector(".wrap")).maxWidth`); w == "none" {
		t.Error(".wrap has no max-width: the style sheet did not load")
	}
	if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll("svg circle, svg .city, svg a").length`); n == 0 {
		t.Error("no map on the home page")
	}

	// Home → Cities → Hama → a source, by clicking.
	click(t, ctx, `header nav a[href="cities/index.html"]`)
	at(t, ctx, "/cities/index.html")
	click(t, ctx, `main a[href$="cities/hama/index.html"]`)
	at(t, ctx, "/cities/hama/index.html")
	if h1 := browsertest.Eval[string](t, ctx, `document.querySelector("h1").textContent`); !strings.Contains(h1, "Hama") {
		t.Errorf("Hama page h1 = %q", h1)
	}
	click(t, ctx, `main a.source-ref[href*="sources/"]`)
	at(t, ctx, "/index.html")
	if p := browsertest.Eval[string](t, ctx, `location.pathname`); !strings.Contains(p, "/sources/") {
		t.Errorf("clicking a source on Hama's page opened %s", p)
	}
	// Back to the article through the header's search box: the form
	// opens search/index.html?q=... from disk.
	browsertest.Do(t, ctx, step, chromedp.SendKeys(chromedp.CSS("#site-search"), "sohr"), chromedp.KeyEvent(kb.Enter))
	at(t, ctx, "/search/index.html")
	browsertest.Until(t, ctx, step, `document.querySelectorAll("#results li").length > 0`, "results for the header search box")

	opened := searchWorks(t, ctx, fileURL(filepath.Join(root, "search", "index.html")))
	if !strings.HasPrefix(opened, "file://") || !strings.HasSuffix(opened, "/cities/aleppo/index.html") {
		t.Errorf("the first result opened %s, want the file cities/aleppo/index.html", opened)
	}

	reqs := log.Requests()
	if len(reqs) < 10 {
		t.Errorf("only %d requests recorded: is the recorder working? %v", len(reqs), reqs)
	}
	for _, u := range browsertest.NonLocal(reqs) {
		t.Errorf("request to the network: %s", u)
	}
	for _, u := range blocked() {
		t.Errorf("blocked request to the network: %s", u)
	}
	for _, e := range log.Errors() {
		t.Errorf("browser: %s", e)
	}
}

// TestSearchServed runs the same search on a site built for GitHub Pages
// and served under its sub-path: result links are folder URLs there.
func TestSearchServed(t *testing.T) {
	t.Parallel()
	dir := builtShipped(t, "https://user.github.io/repo/")
	srv := browsertest.ServeDir(t, dir, "/repo/")
	ctx := browsertest.New(t)
	log := browsertest.Watch(t, ctx)

	opened := searchWorks(t, ctx, srv.URL+"/repo/search/")
	if opened != srv.URL+"/repo/cities/aleppo/" {
		t.Errorf("the first result opened %s, want %s/repo/cities/aleppo/", opened, srv.URL)
	}
	// The address keeps the query, so a result list can be shared.
	browsertest.Do(t, ctx, step, chromedp.Navigate(srv.URL+"/repo/search/?q=hama"))
	browsertest.Until(t, ctx, step, `document.querySelectorAll("#results li").length > 0`, "results for ?q=hama")
	browsertest.Do(t, ctx, step, chromedp.SendKeys(chromedp.CSS("#q"), " falls"))
	browsertest.Until(t, ctx, step, `new URLSearchParams(location.search).get("q") === "hama falls"`, "the query kept in the address")

	for _, u := range log.Requests() {
		if !strings.HasPrefix(u, srv.URL+"/repo/") {
			t.Errorf("request outside the site: %s", u)
		}
	}
	for _, e := range log.Errors() {
		t.Errorf("browser: %s", e)
	}
}
