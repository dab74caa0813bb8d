package e2e

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefing/generator/browsertest"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// nestedLive lists the interactive elements of the live page that sit
// inside another one, as the browser built the DOM (a link inside a link
// is taken apart by the parser, which is what readers see).
const nestedLive = `(() => {
	const sel = "a[href], button, input:not([type=hidden]), select, textarea, label, iframe, embed, summary";
	return [...document.querySelectorAll(sel)]
		.filter(e => e.parentElement && e.parentElement.closest(sel))
		.map(e => e.outerHTML.slice(0, 120) + " inside " + e.parentElement.closest(sel).outerHTML.slice(0, 120));
})()`

// TestNoNestedInteractiveLive opens every page of the shipped briefing and
// of a briefing whose Markdown writes claims' ends, citations, footnotes,
// [[links]] and URLs inside links (generator/build/testdata/nesting) in
// Chromium, and reads the live DOM: no interactive element is inside
// another (issue 16).
func TestNoNestedInteractiveLive(t *testing.T) {
	t.Parallel()
	nesting := filepath.Join(t.TempDir(), "public")
	runCLI(t, "build", "--source", filepath.Join(repoRoot, "generator", "build", "testdata", "nesting"), "--out", nesting)
	ctx := browsertest.New(t)
	for _, site := range []struct{ name, root string }{
		{"shipped", unzippedShipped(t)},
		{"nesting", nesting},
	} {
		pages := 0
		err := filepath.WalkDir(site.root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
				return err
			}
			pages++
			browsertest.Do(t, ctx, step, chromedp.Navigate(fileURL(p)))
			for _, n := range browsertest.Eval[[]string](t, ctx, nestedLive) {
				rel, _ := filepath.Rel(site.root, p)
				t.Errorf("%s: %s: %s", site.name, rel, n)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if pages < 10 {
			t.Errorf("%s: only %d pages opened", site.name, pages)
		}
	}
}

// noScript turns the page's scripts off, as a reader's browser may.
var noScript = chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
	_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	return err
})

// box is an element's place on the page, and whether it is shown.
type box struct {
	Top, Left, Right, Bottom float64
	Shown                    bool
}

func boxOf(t *testing.T, ctx context.Context, sel string) box {
	t.Helper()
	return browsertest.Eval[box](t, ctx, `(() => {
		const e = document.querySelector(`+"`"+sel+"`"+`);
		if (!e) return {Shown: false};
		const r = e.getBoundingClientRect();
		return {Top: r.top + scrollY, Left: r.left, Right: r.right, Bottom: r.bottom + scrollY, Shown: getComputedStyle(e).display !== "none" && r.width > 0};
	})()`)
}

// TestFactCheckReader follows the fact-check of the shipped article as a
// reader does, with JavaScript off (issue 16): on a wide screen the note
// of the false claim stands in the margin beside its passage; on a phone
// it is hidden until its numbered tag is followed, then opens in place;
// "Show problems only" hides the corroborated tags and keeps the others.
// Screenshots go to $BRIEFING_SCREENSHOTS (a temporary folder by default).
func TestFactCheckReader(t *testing.T) {
	t.Parallel()
	out := screenshotDir(t)
	root := unzippedShipped(t)
	article := fileURL(filepath.Join(root, "articles", "hama-falls", "index.html"))
	const falseTag = `.claim-tag.claim-false a`
	const falseNote = `.side-note.claim-false`
	const falseMark = `mark.claim-false`
	ctx := browsertest.New(t)
	// What the reader sees: the screen, scrolled to the element at.
	shot := func(name, at string) {
		if at != "" {
			browsertest.Eval[bool](t, ctx, `(document.querySelector(`+"`"+at+"`"+`).scrollIntoView({block: "center"}), true)`)
		}
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("%s: screenshot: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(out, "factcheck-"+name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Wide: the note in the margin, beside its passage.
	browsertest.Do(t, ctx, step, noScript, browsertest.Media("screen", "light"), chromedp.EmulateViewport(1280, 1000), chromedp.Navigate(article))
	note, mark := boxOf(t, ctx, falseNote), boxOf(t, ctx, falseMark)
	body := boxOf(t, ctx, ".article .body p")
	if !note.Shown || note.Left < body.Right {
		t.Errorf("wide: the false claim's note is not in the margin: note %+v, text %+v", note, body)
	}
	if d := note.Top - mark.Top; d < -200 || d > 400 {
		t.Errorf("wide: the false claim's note is %.0f px from its passage", d)
	}
	if txt := browsertest.Eval[string](t, ctx, `document.querySelector("`+falseTag+`").textContent`); !strings.Contains(txt, "25") || !strings.Contains(txt, "false") {
		t.Errorf("wide: the false claim's tag reads %q, want its number and status", txt)
	}
	if txt := browsertest.Eval[string](t, ctx, `document.querySelector("#claim-people-mark-lowcock-0").textContent`); !strings.Contains(txt, "25") {
		t.Errorf("the false claim's card does not carry its number 25: %q", txt)
	}
	shot("wide", falseMark)

	// Problems only: corroborated tags and notes hidden, the false kept.
	browsertest.Do(t, ctx, step, chromedp.Click(chromedp.CSS(".problems-only summary"), chromedp.NodeVisible))
	if boxOf(t, ctx, ".claim-tag.claim-corroborated").Shown || boxOf(t, ctx, ".side-note.claim-corroborated").Shown || boxOf(t, ctx, ".claim-item.status-corroborated").Shown {
		t.Error("problems only: corroborated claims still shown")
	}
	if !boxOf(t, ctx, falseTag).Shown || !boxOf(t, ctx, ".claim-item.status-false").Shown {
		t.Error("problems only: the false claim is hidden")
	}
	shot("problems", ".body h2")

	// Phone: the note hidden, opened in place by its tag.
	browsertest.Do(t, ctx, step, chromedp.EmulateViewport(390, 844), chromedp.Navigate(article))
	if boxOf(t, ctx, falseNote).Shown {
		t.Error("phone: the false claim's note is shown before its tag is followed")
	}
	if w := browsertest.Eval[float64](t, ctx, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("phone: the article is %.0f px wide, more than the screen", w)
	}
	browsertest.Do(t, ctx, step, chromedp.Click(chromedp.CSS(falseTag), chromedp.NodeVisible))
	tag, note := boxOf(t, ctx, falseTag), boxOf(t, ctx, falseNote)
	if !note.Shown {
		t.Fatal("phone: following the tag does not open the note")
	}
	if d := note.Top - tag.Bottom; d < -5 || d > 80 {
		t.Errorf("phone: the note opened %.0f px from its tag, not in place", d)
	}
	if y := browsertest.Eval[float64](t, ctx, `document.querySelector("`+falseMark+`").getBoundingClientRect().top`); y < 0 || y > 800 {
		t.Errorf("phone: opening the note scrolled the passage it explains out of view (its top at %.0f px on the screen)", y)
	}
	if txt := browsertest.Eval[string](t, ctx, `document.querySelector("`+falseNote+`").textContent`); !strings.Contains(txt, "Wrong person") {
		t.Errorf("phone: the note reads %q", txt)
	}
	shot("phone", "")

	// The home page lists every claim not corroborated: 15 of the 28.
	browsertest.Do(t, ctx, step, chromedp.EmulateViewport(1280, 1000), chromedp.Navigate(fileURL(filepath.Join(root, "index.html"))))
	if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll("#claims-h ~ .claim-card").length`); n != 15 {
		t.Errorf("home: %d claim cards, want the 15 not corroborated", n)
	}
	if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll("#claims-h ~ .claim-card.status-corroborated").length`); n != 0 {
		t.Errorf("home: %d corroborated claims among those not corroborated", n)
	}
	shot("home", "#claims-h")
}

// TestFactCheckAccessible runs axe-core on the shipped article, wide and
// on a phone, light and dark, with a note opened and problems only on:
// no serious or critical violation (issue 16).
func TestFactCheckAccessible(t *testing.T) {
	t.Parallel()
	root := unzippedShipped(t)
	article := fileURL(filepath.Join(root, "articles", "hama-falls", "index.html"))
	ctx := browsertest.New(t)
	browsertest.BypassCSP(t, ctx)
	for _, vp := range []struct{ w, h int64 }{{1280, 900}, {390, 844}} {
		for _, scheme := range []string{"light", "dark"} {
			browsertest.Do(t, ctx, step, browsertest.Media("screen", scheme), chromedp.EmulateViewport(vp.w, vp.h),
				chromedp.Navigate(article+"#claim-people-mark-lowcock-0-note"))
			browsertest.Until(t, ctx, step, `document.readyState === "complete"`, "the article loaded")
			browsertest.Do(t, ctx, step, chromedp.Click(chromedp.CSS(".problems-only summary"), chromedp.NodeVisible))
			for _, v := range browsertest.Axe(t, ctx, "serious") {
				t.Errorf("%dpx %s: %s", vp.w, scheme, v)
			}
		}
	}
}
