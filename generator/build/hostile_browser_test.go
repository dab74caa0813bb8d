package build

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"briefing/generator/browsertest"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

const browserStep = 15 * time.Second

// writeHostile builds the hostile briefing and writes it to a folder.
func writeHostile(t *testing.T, fileLinks bool) string {
	t.Helper()
	fsys, _ := hostileBriefing()
	res, diags := Build(fsys, Options{Theme: repo, FileLinks: fileLinks})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	dir := filepath.Join(t.TempDir(), "site")
	if err := writeSite(res.Tree, dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestHostileInBrowser opens the hostile briefing's pages in headless
// Chromium, served over HTTP and from file://, under the pages' own
// Content-Security-Policy. The site must work (the search page shows
// results for a payload's words, as text) with no console error, no CSP
// violation (which would mean an injected script or style was there to
// block), and no dialog opened by an injected alert().
func TestHostileInBrowser(t *testing.T) {
	served := writeHostile(t, false)
	onDisk := writeHostile(t, true)
	srv := browsertest.ServeDir(t, served, "/hostile/")
	fileURL := func(p string) string { return "file://" + filepath.ToSlash(filepath.Join(onDisk, p)) }

	// One browser for every case: each case checks the errors logged
	// while it ran.
	ctx := browsertest.New(t)
	log := browsertest.Watch(t, ctx)
	var mu sync.Mutex
	var dialogs []string
	chromedp.Listen(ctx, func(ev any) {
		if ev, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			mu.Lock()
			dialogs = append(dialogs, ev.Message)
			mu.Unlock()
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	})
	for _, tc := range []struct {
		name, root, index, search string
	}{
		{"served", srv.URL + "/hostile/", "", srv.URL + "/hostile/search/?q=alert"},
		{"file", fileURL("") + "/", "index.html", fileURL("search/index.html") + "?q=alert"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			errs, reqs := len(log.Errors()), len(log.Requests())
			for _, p := range []string{"", "articles/report/", "cities/hama/", "map/", "claims/"} {
				u := tc.root + p + tc.index
				browsertest.Do(t, ctx, browserStep, chromedp.Navigate(u))
				browsertest.Until(t, ctx, browserStep, `document.readyState === "complete"`, "the page "+u)
				if h1 := browsertest.Eval[string](t, ctx, `document.querySelector("h1") ? document.querySelector("h1").textContent : ""`); h1 == "" {
					t.Errorf("%s: no h1", u)
				}
				// The style sheet applied under the CSP.
				if bg := browsertest.Eval[string](t, ctx, `getComputedStyle(document.body).backgroundColor`); bg == "rgba(0, 0, 0, 0)" {
					t.Errorf("%s: the style sheet did not apply", u)
				}
				if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll("script:not([src]):not([type='application/ld+json']):not([type='application/json']), [onerror], [onload], [onclick], [onmouseover], iframe, object, embed").length`); n != 0 {
					t.Errorf("%s: %d injected elements or handlers in the DOM", u, n)
				}
			}
			browsertest.Do(t, ctx, browserStep, chromedp.Navigate(tc.search))
			browsertest.Until(t, ctx, browserStep, `document.querySelectorAll("#results li a").length > 0`, "search results for ?q=alert")
			text := browsertest.Eval[string](t, ctx, `document.getElementById("results").textContent`)
			if !strings.Contains(text, "<script>alert(") {
				t.Errorf("the results do not show the payload as text: %.300q", text)
			}
			if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll("#results script, #results img, #results svg, #results iframe").length`); n != 0 {
				t.Errorf("%d elements injected into the search results", n)
			}
			time.Sleep(200 * time.Millisecond) // let late errors arrive
			for _, e := range log.Errors()[errs:] {
				t.Errorf("browser: %s", e)
			}
			mu.Lock()
			for _, d := range dialogs {
				t.Errorf("an injected script opened a dialog: %q", d)
			}
			dialogs = nil
			mu.Unlock()
			if n := len(log.Requests()) - reqs; n < 8 {
				t.Errorf("only %d requests seen: is the recorder working?", n)
			}
			for _, u := range log.Requests()[reqs:] {
				if strings.Contains(u, "example.org") || strings.Contains(u, "evil") || strings.HasPrefix(u, "javascript:") || strings.HasSuffix(u, "/x") {
					t.Errorf("request made by a payload: %s", u)
				}
			}
		})
	}

	// The check above would notice: a page of the same site with an
	// inline script and an event handler planted in it reports two CSP
	// violations, and neither runs.
	t.Run("planted", func(t *testing.T) {
		page, err := os.ReadFile(filepath.Join(served, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		planted := strings.Replace(string(page), "</main>", `<script>document.title = "ran"</script><img src="favicon.svg" onload="document.title = 'ran'"></main>`, 1)
		if err := os.WriteFile(filepath.Join(served, "planted.html"), []byte(planted), 0o644); err != nil {
			t.Fatal(err)
		}
		errs := len(log.Errors())
		browsertest.Do(t, ctx, browserStep, chromedp.Navigate(srv.URL+"/hostile/planted.html"))
		browsertest.Until(t, ctx, browserStep, `document.readyState === "complete" && document.querySelector("img[onload]").complete`, "the planted page")
		if title := browsertest.Eval[string](t, ctx, `document.title`); title == "ran" {
			t.Error("a planted inline script ran despite the CSP")
		}
		deadline := time.Now().Add(browserStep)
		for {
			n := 0
			for _, e := range log.Errors()[errs:] {
				if strings.Contains(e, "Content Security Policy") {
					n++
				}
			}
			if n >= 2 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d CSP violations reported for an inline script and an event handler, want 2: %q", n, log.Errors()[errs:])
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
}
