package e2e

import (
	"path/filepath"
	"strings"
	"testing"

	"briefing/generator/browsertest"

	"github.com/chromedp/chromedp"
)

// TestTimePages builds the shipped briefing as of 4 December, then whole
// with that edition as --previous, and opens the pages the cutoff and the
// changes shape: the timeline (its claims fold opens with a click, no
// script needed), the What changed page, a city with a control change
// after the cutoff and the event with figures after it. axe-core finds
// no serious or critical violation on any, light or dark.
func TestTimePages(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	early := filepath.Join(out, "early")
	runCLI(t, "build", "--source", repoRoot, "--out", early, "--as-of", "2024-12-04", "--base-url", "https://example.org/repo/")
	dir := filepath.Join(out, "public")
	runCLI(t, "build", "--source", repoRoot, "--out", dir, "--previous", early, "--base-url", "https://example.org/repo/")
	srv := browsertest.ServeDir(t, dir, "/repo/")
	ctx := browsertest.New(t)
	browsertest.BypassCSP(t, ctx)
	log := browsertest.Watch(t, ctx)

	browsertest.Do(t, ctx, step, chromedp.Navigate(srv.URL+"/repo/timeline/"))
	browsertest.Until(t, ctx, step, `document.readyState === "complete"`, "the timeline loaded")
	if open := browsertest.Eval[bool](t, ctx, `document.querySelector(".claims-fold").open`); open {
		t.Errorf("an article's claims are shown unfolded")
	}
	if browsertest.Eval[bool](t, ctx, `document.querySelector(".claims-fold ul").checkVisibility()`) {
		t.Errorf("folded claims are visible")
	}
	browsertest.Do(t, ctx, step, chromedp.Click(chromedp.CSS(".claims-fold summary"), chromedp.NodeVisible))
	browsertest.Until(t, ctx, step, `document.querySelector(".claims-fold").open && document.querySelector(".claims-fold ul").checkVisibility()`, "the claims unfolded")
	// The line at the cutoff comes after 6 December and before 8 December.
	if ok := browsertest.Eval[bool](t, ctx, `(() => {
		const line = document.getElementById("cutoff").getBoundingClientRect().top;
		return document.getElementById("d-2024-12-06").getBoundingClientRect().top < line &&
			line < document.getElementById("d-2024-12-08").getBoundingClientRect().top;
	})()`); !ok {
		t.Errorf("the cutoff line is not between 6 and 8 December")
	}

	for _, scheme := range []string{"light", "dark"} {
		for _, p := range []string{"timeline/", "changes/", "cities/homs/", "events/deterrence-of-aggression/", ""} {
			browsertest.Do(t, ctx, step, browsertest.Media("screen", scheme), chromedp.Navigate(srv.URL+"/repo/"+p))
			browsertest.Until(t, ctx, step, `document.readyState === "complete"`, "the page loaded")
			for _, v := range browsertest.Axe(t, ctx, "serious") {
				if v.ID == "nested-interactive" && strings.Contains(v.String(), `class="map`) {
					// The maps' own (their linked marks in an img
					// svg): the map's part of issue 17, not this test's.
					continue
				}
				t.Errorf("/%s (%s): %s", p, scheme, v)
			}
		}
	}
	for _, e := range log.Errors() {
		t.Errorf("browser: %s", e)
	}
}
