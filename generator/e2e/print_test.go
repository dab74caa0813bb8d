package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"briefing/generator/browsertest"

	"github.com/chromedp/chromedp"
)

// TestPrintArticle prints the article to PDF, as a reader on paper gets
// it, and reads the text back with pdftotext (poppler-utils): every web
// address the page links to is printed (the endnotes), the claims carry
// their status in words, and the on-screen controls are not printed.
func TestPrintArticle(t *testing.T) {
	t.Parallel()
	dir := builtShipped(t, "https://example.org/repo/")
	srv := browsertest.ServeDir(t, dir, "/repo/")
	ctx := browsertest.New(t)
	browsertest.Do(t, ctx, step, chromedp.Navigate(srv.URL+"/repo/articles/hama-falls/"))
	browsertest.Until(t, ctx, step, `document.readyState === "complete"`, "the article")
	// Every address linked from the page: the notes' links and the
	// sources' websites (on their pages, and in the notes).
	urls := browsertest.Eval[[]string](t, ctx, `[...new Set([...document.querySelectorAll("main a[href^='http']")].map(a => a.getAttribute("href")))]`)
	// The websites of the sources the article's claims rest on, from
	// briefing.json.
	sites, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(async () => {
		const b = await (await fetch("../../briefing.json")).json();
		const site = Object.fromEntries(b.entities.map(e => [e.key, e.source_url || ""]));
		return [...new Set(b.claims.filter(c => c.article === "articles/hama-falls").flatMap(c => c.sources).map(s => site[s]).filter(u => u))];
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("reading briefing.json: %v", err)
	}
	if len(urls) < 10 || len(sites) < 5 {
		t.Fatalf("%d addresses in the article and %d source websites: is the page as expected?", len(urls), len(sites))
	}

	browsertest.Do(t, ctx, step, chromedp.Navigate(srv.URL+"/repo/articles/hama-falls/"))
	browsertest.Until(t, ctx, step, `document.readyState === "complete"`, "the article")
	text := printed(t, ctx)
	for _, u := range append(urls, sites...) {
		if !printedURL(text, u) {
			t.Errorf("the printed article lacks %s", u)
		}
	}
	for _, screen := range []string{"Jump to the fact-check", "back to the passage", "Search"} {
		if strings.Contains(text, screen) {
			t.Errorf("the printed article shows the on-screen control %q", screen)
		}
	}
	// The status in words beside each passage: 28 claims, each tag
	// printed as [number sign LABEL], the number the card's.
	tags := regexp.MustCompile(`\[\s*\d+\s+[✓◐?⚠✗]\s*(CORROBORATED|PARTLY\s+TRUE|UNVERIFIED|DISPUTED|FALSE)\]`).FindAllString(text, -1)
	if want := browsertest.Eval[int](t, ctx, `document.querySelectorAll(".body .claim-tag a").length`); len(tags) != want || want == 0 {
		t.Errorf("%d claim tags printed with their status in words, want %d", len(tags), want)
	}
	if browsertest.Eval[bool](t, ctx, `!!document.querySelector(".body .claim-tag.claim-false a")`) && !regexp.MustCompile(`\[\s*\d+\s+✗\s*FALSE\]`).MatchString(text) {
		t.Error("the false claim's tag is not printed as [N ✗ FALSE]")
	}
	// Fact-check cards are kept whole on a page, and the endnotes and
	// the status signs are print's alone.
	browsertest.Do(t, ctx, step, browsertest.Media("print", "light"))
	if n := browsertest.Eval[int](t, ctx, `[...document.querySelectorAll(".claim-item, .claim-card")].filter(c => getComputedStyle(c).breakInside !== "avoid").length`); n != 0 {
		t.Errorf("%d fact-check cards may break across pages in print", n)
	}
	browsertest.Do(t, ctx, step, browsertest.Media("screen", "light"))
	if browsertest.Eval[bool](t, ctx, `document.querySelector(".endnotes").checkVisibility()`) {
		t.Error("the endnotes show on screen")
	}
}

// printed prints the page open in ctx to PDF, A4, and returns its text.
func printed(t *testing.T, ctx context.Context) string {
	t.Helper()
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFMargin(0.6)))
	if err != nil {
		t.Fatalf("printing: %v", err)
	}
	return pdfText(t, pdf, 0)
}

// pdfText is the text of a PDF, or of its page page (from 1; 0 for all),
// read back with pdftotext (poppler-utils).
func pdfText(t *testing.T, pdf []byte, page int) string {
	t.Helper()
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext not found: apt-get install poppler-utils (.ci/run does)")
	}
	file := filepath.Join(t.TempDir(), "page.pdf")
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"-enc", "UTF-8", file, "-"}
	if page > 0 {
		n := strconv.Itoa(page)
		args = append([]string{"-f", n, "-l", n}, args...)
	}
	out, err := exec.Command(pdftotext, args...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// squeeze is what printedURL leaves out: a long address breaks across
// lines on paper, and pdftotext takes a hyphen ending a line for a word's
// hyphenation and drops it.
var squeeze = regexp.MustCompile(`[\s\-]+`)

// printedURL reports whether text, a printed page, shows the address u.
func printedURL(text, u string) bool {
	return strings.Contains(squeeze.ReplaceAllString(text, ""), squeeze.ReplaceAllString(u, ""))
}

// TestPrintClaims: the pages that show claims without an article or fact
// sheet around them (the claims page, the home page) print the addresses
// their claims' notes link to as well; paper cannot follow a link.
func TestPrintClaims(t *testing.T) {
	t.Parallel()
	dir := builtShipped(t, "https://example.org/repo/")
	srv := browsertest.ServeDir(t, dir, "/repo/")
	ctx := browsertest.New(t)
	for _, page := range []string{"claims/", ""} {
		browsertest.Do(t, ctx, step, chromedp.Navigate(srv.URL+"/repo/"+page))
		browsertest.Until(t, ctx, step, `document.readyState === "complete"`, "/"+page)
		urls := browsertest.Eval[[]string](t, ctx, `[...new Set([...document.querySelectorAll("main .claim-card a[href^='http']")].map(a => a.getAttribute("href")))]`)
		if len(urls) < 5 {
			t.Fatalf("/%s links to %d addresses from its claims: is the page as expected?", page, len(urls))
		}
		text := printed(t, ctx)
		for _, u := range urls {
			if !printedURL(text, u) {
				t.Errorf("the printed /%s lacks %s", page, u)
			}
		}
	}
}
