package build

import (
	"path/filepath"
	"testing"

	"briefing/generator/browsertest"

	"github.com/chromedp/chromedp"
)

// gap is JavaScript giving how far right of the element sel's right edge
// the text after (in the text that follows it in its parent) starts, in
// pixels: positive when it follows the element as written, negative when
// the bidirectional algorithm has moved it to the element's left.
const gapJS = `(function(sel, after, keepDir) {
  const el = document.querySelector(sel);
  if (!el) return -9999;
  if (!keepDir) { el.removeAttribute("dir"); if (el.tagName === "BDI") { const s = document.createElement("span"); s.textContent = el.textContent; el.replaceWith(s); return gapOf(s, after); } }
  return gapOf(el, after);
  function gapOf(el, after) {
    // The first text after el, in document order, holding after.
    const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    w.currentNode = el;
    let n = null;
    while (w.nextNode()) {
      if (el.contains(w.currentNode)) continue;
      if (w.currentNode.textContent.includes(after)) { n = w.currentNode; break; }
    }
    if (!n) return -8888;
    const r = document.createRange();
    const i = n.textContent.indexOf(after);
    r.setStart(n, i); r.setEnd(n, i + after.length);
    return r.getBoundingClientRect().left - el.getBoundingClientRect().right;
  }
})`

// TestNamesKeepTheirDirection opens pages where an Arabic name sits in an
// English sentence just before a number, in Chromium. The number must stay
// after the name. Without isolation, the bidirectional algorithm joins a
// number that follows right-to-left letters to them, and shows it to the
// left of the name ("Rebels took 5 حماة times"): one entity's name
// reordering the sentence around it. Each case then removes the isolation
// from the page and sees the number move, so the measure is known to work.
func TestNamesKeepTheirDirection(t *testing.T) {
	fsys := mini(t, map[string]string{
		"content/cities/hamat.md":   "---\nname: حماة\naliases: [حماه]\nclaims:\n  - article: ar\n    quote: Rebels took\n    status: corroborated\n    sources: [afp]\n---\nA city.\n",
		"content/articles/ar.md":    "---\ntitle: سقوط المدينة\ndate: 2024-12-05\n---\nRebels took [[hamat]] 5 times. Then جيش الفتح 7 times.\n",
		"content/factions/jaish.md": "---\nname: جيش الفتح\n---\nA faction.\n",
		"content/cities/idlib.md":   "---\nname: Idlib\nsummary: 5 districts\ncontrol:\n  - date: 2015-03-28\n    faction: jaish\n    source: afp\n---\nA city.\n",
	})
	res, diags := Build(fsys, Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	dir := filepath.Join(t.TempDir(), "site")
	if err := writeSite(res.Tree, dir); err != nil {
		t.Fatal(err)
	}
	srv := browsertest.ServeDir(t, dir, "/test/")
	ctx := browsertest.New(t)
	for _, tc := range []struct {
		page, sel, after, what string
	}{
		{"articles/ar/", `.body a[href$="cities/hamat/"]:not(.autolink)`, "5", "a [[link]] in a body"},
		{"articles/ar/", `.body a.autolink[href$="factions/jaish/"]`, "7", "an auto-link in a body"},
		{"claims/", `.claim-where a[href$="articles/ar/"]`, "5 December", "an article's title in a claim card"},
		{"cities/", `.entity-list li:has(a[href$="cities/idlib/"]) bdi`, "5 districts", "who holds a city, in a list"},
		{"cities/hamat/", `.mentions mark`, "5 times", "the linked words in Mentioned in"},
	} {
		t.Run(tc.what, func(t *testing.T) {
			browsertest.Do(t, ctx, browserStep, chromedp.Navigate(srv.URL+"/test/"+tc.page))
			browsertest.Until(t, ctx, browserStep, `document.readyState === "complete"`, "the page")
			call := func(keep bool) float64 {
				k := "false"
				if keep {
					k = "true"
				}
				return browsertest.Eval[float64](t, ctx, gapJS+"("+jsString(tc.sel)+", "+jsString(tc.after)+", "+k+")")
			}
			if g := call(true); g < -1 {
				t.Errorf("%s: %q is %.0f px to the left of the name's end: the name reordered the sentence", tc.page, tc.after, -g)
			}
			if g := call(false); g > -1 {
				t.Errorf("%s: without isolation %q is still after the name (%.0f px): the test cannot see a reordering", tc.page, tc.after, g)
			}
		})
	}
}

func jsString(s string) string {
	b := []byte{'"'}
	for _, r := range s {
		if r == '"' || r == '\\' {
			b = append(b, '\\')
		}
		b = append(b, string(r)...)
	}
	return string(append(b, '"'))
}
