package e2e

import (
	"context"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"briefing/generator/browsertest"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// result is a search result as the page shows it.
type result struct {
	Href, Title, Status, Kind, Where, Snippet string
	Marks, TitleMarks                         []string
	Class                                     string
}

const readResults = `[...document.querySelectorAll("#results > li")].map(li => ({
	href: li.querySelector("a").href,
	title: li.querySelector("a").textContent,
	status: (li.querySelector(".badge") || {}).textContent || "",
	kind: (li.querySelector(".kind") || {}).textContent || "",
	where: (li.querySelector(".where") || {}).textContent || "",
	snippet: li.querySelector(".snippet").textContent,
	marks: [...li.querySelectorAll(".snippet mark")].map(m => m.textContent),
	titleMarks: [...li.querySelectorAll("a mark")].map(m => m.textContent),
	class: li.className,
}))`

// searchFor opens the search page with ?q= and waits for its results.
func searchFor(t *testing.T, ctx context.Context, searchURL, q string) []result {
	t.Helper()
	browsertest.Do(t, ctx, step, chromedp.Navigate(searchURL+"?q="+q))
	browsertest.Until(t, ctx, step, `/ for |with status/.test(document.getElementById("search-status").textContent) &&
		[...document.querySelectorAll("#results > li")].slice(0, 18).every(li => li.hasAttribute("data-snippet"))`, "results for "+q+" and their snippets")
	return browsertest.Eval[[]result](t, ctx, readResults)
}

// shardsLoaded lists the index shards (search/s/<key>.js) requested since
// the log began, by key.
func shardsLoaded(reqs []string) []string {
	var keys []string
	for _, u := range reqs {
		if i := strings.Index(u, "/search/s/"); i >= 0 {
			keys = append(keys, strings.TrimSuffix(u[i+len("/search/s/"):], ".js"))
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// TestSearchAnswers: search finds claims and dated figures as results of
// their own, with their status in words, cuts each snippet around the
// words found (marked as later when taken from a section dated after the
// cutoff), lists the claims of one status with status:, and loads only
// the index shards a query's words need. From disk, offline.
func TestSearchAnswers(t *testing.T) {
	t.Parallel()
	dir := builtShipped(t, "https://example.org/repo/")
	ctx := browsertest.New(t)
	blocked := browsertest.Offline(t, ctx)
	search := fileURL(filepath.Join(dir, "search", "index.html"))
	// Tall, so that the snippets of the first results are all loaded.
	browsertest.Do(t, ctx, step, chromedp.EmulateViewport(1280, 2400))

	// 727: the claim that quotes the toll and the figures row holding it.
	log := browsertest.Watch(t, ctx)
	rs := searchFor(t, ctx, search, "727")
	var claim, row *result
	for i, r := range rs {
		if strings.Contains(r.Href, "#claim-") && strings.Contains(r.Title, "727") && claim == nil {
			claim = &rs[i]
		}
		if strings.Contains(r.Href, "#fig-") && strings.Contains(r.Title, "727") && row == nil {
			row = &rs[i]
		}
	}
	if claim == nil || row == nil {
		t.Fatalf("q=727: want the claim card and the figures row among the results, got %+v", rs)
	}
	if claim.Status == "" || !strings.Contains(claim.Status, "corroborated") {
		t.Errorf("q=727: the claim result shows status %q, want its label (corroborated)", claim.Status)
	}
	if !strings.Contains(row.Snippet, "Syrian Observatory for Human Rights") || !slices.Contains(row.Marks, "727") {
		t.Errorf("q=727: the figure's snippet %q (marks %q) lacks its source or the marked value", row.Snippet, row.Marks)
	}
	// Only the shard of "7": the query's one word.
	prefix := browsertest.Eval[int](t, ctx, `BRIEFING_SEARCH.prefix`)
	if got, want := shardsLoaded(log.Requests()), []string{"727"[:prefix]}; !slices.Equal(got, want) {
		t.Errorf("q=727 loaded the shards %q, want only %q", got, want)
	}
	// The links land on the card and on the row.
	for _, target := range []struct {
		href, sel, want string
	}{{claim.Href, "li.claim-item", "727"}, {row.Href, "tr", "727"}} {
		browsertest.Do(t, ctx, step, chromedp.Navigate(target.href))
		browsertest.Until(t, ctx, step, `document.readyState === "complete"`, target.href)
		ok := browsertest.Eval[bool](t, ctx, `(() => {
			const el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
			return !!el && el.matches(`+js(target.sel)+`) && el.textContent.includes(`+js(target.want)+`);
		})()`)
		if !ok {
			t.Errorf("%s: no %s holding %s at the fragment", target.href, target.sel, target.want)
		}
	}

	// lowcock: the claim about him says it is false.
	rs = searchFor(t, ctx, search, "lowcock")
	found := false
	for _, r := range rs {
		if strings.Contains(r.Class, "result-claim") && strings.Contains(r.Title, "Lowcock") {
			found = true
			if !strings.Contains(r.Status, "false") {
				t.Errorf("q=lowcock: the claim %q shows status %q, want false", r.Title, r.Status)
			}
		}
	}
	if !found {
		t.Errorf("q=lowcock: no claim among the results %+v", rs)
	}

	// status:false lists the false claims, from index.js alone.
	before := len(log.Requests())
	rs = searchFor(t, ctx, search, "status:false")
	if len(rs) == 0 {
		t.Error("status:false: no results")
	}
	for _, r := range rs {
		if !strings.Contains(r.Class, "result-claim") || !strings.Contains(r.Status, "false") {
			t.Errorf("status:false lists %q (%s, status %q)", r.Title, r.Class, r.Status)
		}
	}
	if want := browsertest.Eval[int](t, ctx, `BRIEFING_SEARCH.docs.filter(d => d[3] === "false").length`); len(rs) != want {
		t.Errorf("status:false: %d results, want the %d false claims", len(rs), want)
	}
	if got := shardsLoaded(log.Requests()[before:]); len(got) != 0 {
		t.Errorf("status:false loaded the shards %q, want none", got)
	}
	// Combined with words, and every status as a link under the form.
	rs = searchFor(t, ctx, search, "status:partly%20security")
	if len(rs) == 0 {
		t.Error("status:partly security: no results")
	}
	for _, r := range rs {
		if !strings.Contains(r.Status, "partly true") {
			t.Errorf("status:partly security lists %q, status %q", r.Title, r.Status)
		}
	}
	if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll(".status-filter a[href*='status%3A']").length`); n != 5 {
		t.Errorf("%d status links under the search form, want 5", n)
	}

	// hama: each snippet is the passage with Hama in it, marked, and
	// without a space before punctuation.
	// A claim's title is its quote, its snippet its note: Hama may be
	// marked in either.
	rs = searchFor(t, ctx, search, "hama")
	if len(rs) < 18 {
		t.Fatalf("q=hama: %d results", len(rs))
	}
	stray := regexp.MustCompile(`\s[,.;:!?)]`)
	lacking := 0
	for _, r := range rs[:18] {
		inSnippet := strings.Contains(strings.ToLower(r.Snippet), "hama") && len(r.Marks) > 0
		inQuote := strings.Contains(r.Class, "result-claim") && len(r.TitleMarks) > 0
		if !inSnippet && !inQuote {
			lacking++
			t.Logf("q=hama: %q: snippet without Hama: %q", r.Title, r.Snippet)
		}
		if m := stray.FindString(r.Snippet); m != "" {
			t.Errorf("q=hama: %q: stray space in %q", r.Title, r.Snippet)
		}
	}
	if lacking > 0 {
		t.Errorf("q=hama: %d of the first 18 snippets lack Hama", lacking)
	}

	// moscow: a passage from a section dated after the cutoff is marked
	// so, as the page marks it; one from earlier text is not.
	rs = searchFor(t, ctx, search, "moscow")
	var assad *result
	for i, r := range rs {
		if r.Title == "Bashar al-Assad" {
			assad = &rs[i]
		}
	}
	const mark = "after the 6 December cutoff"
	if assad == nil || !strings.HasPrefix(assad.Snippet, mark) || strings.Contains(assad.Snippet, "\uE000") {
		t.Errorf("q=moscow: Assad's snippet from his page's later section is not marked %q: %+v", mark, assad)
	}
	for _, r := range searchFor(t, ctx, search, "norias") {
		if strings.Contains(r.Snippet, mark) {
			t.Errorf("q=norias: a passage from before the cutoff is marked: %q", r.Snippet)
		}
	}
	for _, u := range blocked() {
		t.Errorf("blocked request to the network: %s", u)
	}
	for _, e := range log.Errors() {
		t.Errorf("browser: %s", e)
	}
}

// TestSearchKeyboard: Tab reaches the search box, typing searches, ↓
// moves the focus to a result with a visible focus ring, Enter opens it.
func TestSearchKeyboard(t *testing.T) {
	t.Parallel()
	dir := builtShipped(t, "https://example.org/repo/")
	srv := browsertest.ServeDir(t, dir, "/repo/")
	ctx := browsertest.New(t)
	log := browsertest.Watch(t, ctx)
	browsertest.Do(t, ctx, step, chromedp.Navigate(srv.URL+"/repo/search/"))
	browsertest.Until(t, ctx, step, `document.readyState === "complete" && document.getElementById("search-status").textContent.includes("indexed")`, "the search page")
	browsertest.Do(t, ctx, step, chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`))
	tabTo(t, ctx, `document.activeElement.id === "q"`, "the search box")
	focusRing(t, ctx, "the search box")
	browsertest.Do(t, ctx, step, chromedp.KeyEvent("lowcock"))
	browsertest.Until(t, ctx, step, `document.getElementById("search-status").textContent.includes("for “lowcock”")`, "results as typed")
	browsertest.Do(t, ctx, step, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown))
	want := browsertest.Eval[string](t, ctx, `document.querySelectorAll("#results > li > a")[1].href`)
	if got := browsertest.Eval[string](t, ctx, `document.activeElement.href || ""`); got != want {
		t.Fatalf("after ↓ ↓ the focus is on %q, want the second result %q", got, want)
	}
	focusRing(t, ctx, "the second result")
	browsertest.Do(t, ctx, step, chromedp.KeyEvent(kb.ArrowUp))
	if got := browsertest.Eval[string](t, ctx, `document.activeElement.href || ""`); got == want {
		t.Error("↑ did not move the focus back")
	}
	browsertest.Do(t, ctx, step, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter))
	browsertest.Until(t, ctx, step, `location.href === `+js(want)+` && document.readyState === "complete"`, "the result opened by Enter ("+want+")")

	// A claim's note from the keyboard: Tab to a claim tag in the
	// article, Enter, and the note is on screen.
	browsertest.Do(t, ctx, step, chromedp.Navigate(srv.URL+"/repo/articles/hama-falls/"))
	browsertest.Until(t, ctx, step, `document.readyState === "complete"`, "the article")
	tabTo(t, ctx, `!!document.activeElement.closest(".claim-tag")`, "a claim tag")
	focusRing(t, ctx, "a claim tag")
	target := browsertest.Eval[string](t, ctx, `document.activeElement.hash.slice(1)`)
	browsertest.Do(t, ctx, step, chromedp.KeyEvent(kb.Enter))
	browsertest.Until(t, ctx, step, `(() => {
		const note = document.getElementById(`+js(target)+`);
		if (!note) return false;
		const r = note.getBoundingClientRect();
		return r.height > 0 && r.top >= -1 && r.top < innerHeight;
	})()`, "the claim's note on screen after Enter")
	for _, e := range log.Errors() {
		t.Errorf("browser: %s", e)
	}
}

// tabTo presses Tab until cond holds (at most 200 times).
func tabTo(t *testing.T, ctx context.Context, cond, what string) {
	t.Helper()
	for range 200 {
		if browsertest.Eval[bool](t, ctx, cond) {
			return
		}
		browsertest.Do(t, ctx, step, chromedp.KeyEvent(kb.Tab))
	}
	t.Fatalf("Tab never reached %s", what)
}

// focusRing fails the test unless the focused element shows an outline
// at least 2 px wide, in a colour that is not the page's background.
func focusRing(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	type ring struct {
		Style, Color, Bg string
		Width            float64
	}
	r := browsertest.Eval[ring](t, ctx, `(() => {
		const s = getComputedStyle(document.activeElement);
		return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor, bg: getComputedStyle(document.body).backgroundColor};
	})()`)
	if r.Style == "none" || r.Width < 2 || r.Color == r.Bg {
		t.Errorf("%s focused without a visible focus ring: outline %s %.1fpx %s", what, r.Style, r.Width, r.Color)
	}
}
