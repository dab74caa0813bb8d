package serve

import (
	"strings"
	"testing"

	"briefing/generator/browsertest"

	"github.com/chromedp/chromedp"
)

// A reader opens the preview while the first build of a large briefing
// runs: the browser renders the waiting page (not its source), which
// follows the build's stages live without reloading, then becomes the
// briefing's page by itself, with no action.
func TestBrowserFirstBuild(t *testing.T) {
	fb := startFirstBuild(t, largeBriefing(150), "site.yaml", "templates")
	fb.src.reached(t, "site.yaml")
	ctx := newBrowser(t)
	log := browsertest.Watch(t, ctx)
	browserDo(t, ctx, chromedp.Navigate(fb.url+"/cities/hama/"))
	pageUntil(t, ctx, `document.querySelector("h1") !== null &&
		document.querySelector("h1").textContent === "Briefing preview" &&
		document.getElementById("briefing-progress-text").textContent === "reading" &&
		getComputedStyle(document.querySelector("progress")).display === "block"`,
		"the waiting page, rendered and styled, at the reading stage")
	// A mark in this document: it survives live updates, not a reload.
	browserDo(t, ctx, chromedp.Evaluate[chromedp.Void](`window.briefingTestMark = 1`))

	fb.src.release("site.yaml")
	fb.src.reached(t, "templates")
	pageUntil(t, ctx, `window.briefingTestMark === 1 &&
		document.querySelector('[data-stage="reading"]').dataset.state === "done" &&
		document.querySelector('[data-stage="parsing"]').dataset.state === "done" &&
		document.querySelector('[data-stage="resolving"]').dataset.state === "done" &&
		document.querySelector('[data-stage="rendering"]').getAttribute("aria-current") === "step" &&
		document.getElementById("briefing-progress-text").textContent === "rendering" &&
		/^[0-9]+\.[0-9] s$/.test(document.getElementById("briefing-progress-time").textContent)`,
		"the stages followed live, without a reload")

	fb.src.release("templates")
	pageUntil(t, ctx, `!window.briefingTestMark && location.pathname === "/cities/hama/" &&
		document.body.innerText.includes("Orontes") && !document.getElementById("briefing-progress")`,
		"the briefing's page, by itself, once the build is done")
	for _, e := range log.Errors() {
		// The waiting page's own 503 is logged by the browser; nothing
		// else may fail (a script refused by the CSP, an exception).
		if !strings.Contains(e, "503") {
			t.Errorf("browser: %s", e)
		}
	}
}

// The waiting page passes axe-core's WCAG A and AA rules.
func TestBrowserFirstBuildAccessible(t *testing.T) {
	fb := startFirstBuild(t, largeBriefing(5), "templates")
	fb.src.reached(t, "templates")
	ctx := newBrowser(t)
	browsertest.BypassCSP(t, ctx) // to inject axe-core
	browserDo(t, ctx, chromedp.Navigate(fb.url+"/"))
	pageUntil(t, ctx, `document.getElementById("briefing-progress-text") !== null`, "the waiting page")
	for _, v := range browsertest.Axe(t, ctx, "moderate") {
		t.Error(v)
	}
}

// A first build that fails: the waiting page becomes, by itself, the
// page listing the located errors, as the overlay shows them later.
func TestBrowserFirstBuildFails(t *testing.T) {
	files := largeBriefing(20)
	files["content/cities/hama.md"] = "---\nname: Hama\npopulation: many\n---\n"
	fb := startFirstBuild(t, files, "templates")
	fb.src.reached(t, "templates")
	ctx := newBrowser(t)
	browserDo(t, ctx, chromedp.Navigate(fb.url+"/cities/hama/"))
	pageUntil(t, ctx, `document.getElementById("briefing-progress-text") !== null`, "the waiting page")
	fb.src.release("templates")
	pageUntil(t, ctx, `(() => {
		const o = document.getElementById("briefing-overlay");
		return !!o && !document.getElementById("briefing-progress") &&
			o.innerText.includes("content/cities/hama.md:3:13") &&
			o.innerText.includes("population must be a whole number");
	})()`, "the located errors, by themselves")
}
