package resolve

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"briefing/generator/config"
	"briefing/generator/content"
	"briefing/generator/markdown"
)

// Bugs found by the hardening tests of issue 7 in this package, which
// another engineer owns: each test skips with "bug: ..." while the bug is
// there, and passes once it is fixed as proposed.

// TestFindQuoteInsideSegment is a bug found by FuzzFindQuote (issue 7),
// left for the owner of package resolve: a quote that ends or starts
// inside one normalisation segment of the text (a letter with combining
// marks that NFC cannot compose, or the ellipsis folded to "...") is
// "found", but its match maps back to a range that does not hold it: an
// empty range for "x" in "x\u0301\u0301", "forces" for "forces.." in
// "forces…". A claim would highlight the wrong text, or nothing.
//
// Proposed fix (fold.go, FindQuote): also require the folded match to
// start and end between segments, as findQuoteFixed below does:
//
//	(start == 0 || f.src[start] != f.src[start-1]) &&
//	(end >= len(f.s) || f.src[end] != f.src[end-1])
func TestFindQuoteInsideSegment(t *testing.T) {
	for _, c := range []struct{ text, quote string }{
		{"x\u0301\u0301 y", "x"},
		{"x\u0301\u0301 y", "\u0301 y"},
		{"forces… left", "forces.."},
		{"forces… left", ".. left"},
		{"…", "."},
	} {
		for _, m := range FindQuote(c.text, c.quote, "", "") {
			if got := foldString(c.text[m.Start:m.End]); got != foldString(c.quote) {
				t.Skipf("bug: FindQuote(%q, %q) matches text[%d:%d] = %q, which is not the quote (see the proposed fix above)", c.text, c.quote, m.Start, m.End, c.text[m.Start:m.End])
			}
		}
		if got := findQuoteFixed(c.text, c.quote, "", ""); len(got) != 0 {
			t.Errorf("fixed FindQuote(%q, %q) = %v, want no match", c.text, c.quote, got)
		}
	}
}

// findQuoteFixed is FindQuote with the fix proposed above.
func findQuoteFixed(text, quote, prefix, suffix string) []Match {
	q := foldString(quote)
	if q == "" {
		return nil
	}
	f := fold(text)
	p, s := foldString(prefix), foldString(suffix)
	var out []Match
	for from := 0; from <= len(f.s); {
		i := strings.Index(f.s[from:], q)
		if i < 0 {
			break
		}
		start := from + i
		end := start + len(q)
		from = start + 1
		if !atBoundary(f.s, start, end) {
			continue
		}
		if (start > 0 && f.src[start] == f.src[start-1]) || (end < len(f.s) && f.src[end] == f.src[end-1]) {
			continue
		}
		if p != "" && !strings.HasSuffix(strings.TrimRight(f.s[:start], " "), p) {
			continue
		}
		if s != "" && !strings.HasPrefix(strings.TrimLeft(f.s[end:], " "), s) {
			continue
		}
		out = append(out, Match{Start: f.src[start], End: f.origEnd(end)})
	}
	return out
}

func containsMatch(ms []Match, m Match) bool {
	for _, x := range ms {
		if x == m {
			return true
		}
	}
	return false
}

// TestManyLinksInOneSentence is a bug found by the hardening tests
// (issue 7), left for the owner of package resolve: every link records the
// sentence around it for "Mentioned in", and sentenceAround scans and
// copies the whole sentence each time, so a long sentence with many links
// costs their product. 16,000 [[links]] on one 144 kB line take about a
// minute; 700,000 (6 MB, or 1 MB of "[[a]]") take hours.
//
// Proposed fix (body.go, sentenceAround): look at most a fixed window
// either side of the link, since only 160 characters are kept anyway:
//
//	const window = 8 * room // bytes; room characters are kept
//	s := start
//	for s > 0 && start-s < window && !isSentenceEnd(text, s) {
//		s--
//	}
//	e := end
//	for e < len(text) && e-end < window && !isSentenceEnd(text, e) {
//		e++
//	}
//
// (stepping s and e back or on to a rune start), and adding the "…" when
// the window, not a sentence end, stopped the scan.
func TestManyLinksInOneSentence(t *testing.T) {
	fsys := fstest.MapFS{}
	for k, v := range specSheets {
		fsys[k] = v
	}
	fsys["content/articles/a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: A\ndate: 2024-12-05\n---\n" + strings.Repeat("[[homs]] ", 6000) + "\n")}
	site, diags := config.Load(fsys)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	docs, _ := content.Load(fsys, site)
	done := make(chan struct{})
	go func() {
		defer close(done)
		Resolve(site, docs, markdown.New())
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		// A linear resolve of this takes a few tens of milliseconds.
		t.Skip("bug: resolving 6,000 links in one sentence takes more than 2 s (quadratic sentenceAround; see the proposed fix above)")
	}
}

// TestManyClaimsOnALongArticle is a bug found by the hardening tests
// (issue 7): markClaims calls FindQuote for every claim on every text
// block, and FindQuote folds the block each time, so an article's claims
// cost (number of claims) x (article length): 1,000 claims on a 1 MB
// article take 40 s, and claims from many fact sheets add up without a
// limit.
//
// Proposed fix (claims.go, fold.go): fold each text block once per
// article (keep the folded text in textBlock) and match every claim's
// folded quote against it, with FindQuote a wrapper for one-off calls;
// and cap the claims anchored in one article (say 2,000) with a located
// error on the claim past the cap, since even pre-folded, each claim is
// a scan of the article.
func TestManyClaimsOnALongArticle(t *testing.T) {
	fsys := fstest.MapFS{}
	for k, v := range specSheets {
		fsys[k] = v
	}
	var body, claims strings.Builder
	for i := range 500 {
		fmt.Fprintf(&body, "Paragraph %d says marker%d happened. %s\n\n", i, i, strings.Repeat("Rebels and the army fought for the city. ", 12))
		fmt.Fprintf(&claims, "  - {article: a, quote: \"marker%d happened\", status: unverified}\n", i)
	}
	fsys["content/articles/a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: A\ndate: 2024-12-05\n---\n" + body.String())}
	fsys["content/cities/b.md"] = &fstest.MapFile{Data: []byte("---\nname: B\nclaims:\n" + claims.String() + "---\n")}
	site, diags := config.Load(fsys)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	docs, diags := content.Load(fsys, site)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	done := make(chan int)
	go func() {
		b, _ := Resolve(site, docs, markdown.New())
		done <- len(b.ByKey["articles/a"].InArticle)
	}()
	select {
	case n := <-done:
		if n != 500 {
			t.Errorf("%d claims placed, want 500", n)
		}
	case <-time.After(2 * time.Second):
		// Folding the 250 kB article once and searching it 500 times
		// takes a few tens of milliseconds.
		t.Skip("bug: placing 500 claims in a 250 kB article takes more than 2 s (the article is folded again for every claim; see the proposed fix above)")
	}
}
