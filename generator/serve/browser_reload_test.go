package serve

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// An analyst's day in a real browser: open a page, edit its file, and see
// the page change with no action; break the file and see the errors over
// the page; fix it and see them go.
func TestBrowserReloads(t *testing.T) {
	ctx := newBrowser(t)
	root := t.TempDir()
	writeFiles(t, root, smallBriefing)
	f := startFixture(t, root, fixtureOptions{loopbackOnly: true})

	browserDo(t, ctx, chromedp.Navigate(f.url+"/cities/hama/"))
	pageUntil(t, ctx, `document.body.innerText.includes("Orontes")`, "the first build")
	// The page's reload client is connected (the page's CSP allowed it).
	deadline := time.Now().Add(wait)
	for f.srv.streams.count() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the page never opened its event stream")
		}
		time.Sleep(20 * time.Millisecond)
	}
	// A mark in this document: a reload replaces the document, so the
	// mark's absence later proves the page reloaded itself.
	browserDo(t, ctx, chromedp.Evaluate[chromedp.Void](`window.briefingTestMark = 1`))

	f.write(t, "content/cities/hama.md", strings.Replace(smallBriefing["content/cities/hama.md"], "Orontes", "Orontes, as edited in the test", 1))
	pageUntil(t, ctx, `!window.briefingTestMark && document.body.innerText.includes("as edited in the test")`, "the edit")

	f.write(t, "content/cities/hama.md", "---\nname: Hama\n<b>bold</b>: 1\n---\nBroken.\n")
	pageUntil(t, ctx, `(() => {
		const o = document.getElementById("briefing-overlay");
		return !!o && getComputedStyle(o).position === "fixed" &&
			o.innerText.includes("content/cities/hama.md:3:1") &&
			o.innerText.includes('unknown key "<b>bold</b>"') &&
			document.body.innerText.includes("as edited in the test") &&
			!document.querySelector("b");
	})()`, "the error overlay, styled, over the last good page")

	// The overlay can be hidden (by the reload client: no inline script).
	browserDo(t, ctx, chromedp.Click(chromedp.CSS("[data-briefing-dismiss]")))
	pageUntil(t, ctx, `document.getElementById("briefing-overlay").hidden`, "the overlay hidden")

	f.write(t, "content/cities/hama.md", strings.Replace(smallBriefing["content/cities/hama.md"], "Orontes", "Orontes, fixed", 1))
	pageUntil(t, ctx, `!document.getElementById("briefing-overlay") && document.body.innerText.includes("Orontes, fixed")`, "the fix, without the overlay")
}
