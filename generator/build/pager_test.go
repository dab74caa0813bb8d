package build

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// TestListsInPages: past site.yaml's page_size, a kind's list and the
// timeline go on as many pages as they need, /articles/page/2/ and on,
// each with the pager under its heading; every article and every day is
// on one page, in order, and the cutoff line once, where the days after
// the cutoff begin. Without page_size a list is one page, as ever.
func TestListsInPages(t *testing.T) {
	const articles = 7
	extra := map[string]string{}
	for i := range articles {
		// Two a day, from 1 December: the last ones after the cutoff (6 December).
		extra[fmt.Sprintf("content/articles/day-%d.md", i)] = fmt.Sprintf("---\ntitle: Day report %d\ndate: 2024-12-%02d\n---\nA report.\n", i, 1+2*i)
	}
	// Four disputed claims beside the mini briefing's false and
	// corroborated ones: the claims go on two pages, false and disputed
	// on the first, disputed and corroborated on the second.
	extra["content/sources/tally.md"] = "---\nname: Tally\nkind: monitor\nclaims:\n" +
		"  - {article: day-0, quote: A report, status: disputed, sources: [afp]}\n  - {article: day-1, quote: A report, status: disputed, sources: [afp]}\n" +
		"  - {article: day-2, quote: A report, status: disputed, sources: [afp]}\n  - {article: day-3, quote: A report, status: disputed, sources: [afp]}\n---\n"
	fsys := mini(t, extra)
	fsys["site.yaml"].Data = append(fsys["site.yaml"].Data, "page_size: 3\n"...)
	for _, fileLinks := range []bool{false, true} {
		res, diags := Build(fsys, Options{Theme: repo, FileLinks: fileLinks})
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		files := all(t, res)
		// pages returns the pages of the list at dir, in order.
		pages := func(dir string) []string {
			out := []string{string(files[dir+"index.html"])}
			for n := 2; ; n++ {
				p, ok := files[fmt.Sprintf("%spage/%d/index.html", dir, n)]
				if !ok {
					return out
				}
				out = append(out, string(p))
			}
		}
		suffix := ""
		if fileLinks {
			suffix = "index.html"
		}

		list := pages("articles/")
		if len(list) != 3 { // 8 articles, the mini briefing's report too
			t.Fatalf("articles on %d pages, want 3", len(list))
		}
		seen := map[string]int{}
		for i, p := range list {
			items := regexp.MustCompile(`<li><a href="[^"]*articles/([a-z0-9-]+)/`).FindAllStringSubmatch(p[strings.Index(p, `class="article-list"`):], -1)
			if want := min(3, articles+1-3*i); len(items) != want {
				t.Errorf("page %d lists %d articles, want %d", i+1, len(items), want)
			}
			for _, m := range items {
				seen[m[1]]++
			}
			for _, want := range []string{
				fmt.Sprintf("<title>Articles (page %d of 3)", i+1),
				fmt.Sprintf("<p>Page %d of 3</p>", i+1),
				fmt.Sprintf(`aria-current="page">%d</a>`, i+1),
				`<nav class="pager" aria-label="Pages">`,
			} {
				if !strings.Contains(p, want) {
					t.Errorf("page %d of the articles lacks %s", i+1, want)
				}
			}
			if hasNext := strings.Contains(p, `rel="next"`); hasNext != (i < 2) {
				t.Errorf("page %d: a next link %v", i+1, hasNext)
			}
			if hasPrev := strings.Contains(p, `rel="prev"`); hasPrev != (i > 0) {
				t.Errorf("page %d: a previous link %v", i+1, hasPrev)
			}
		}
		if len(seen) != articles+1 {
			t.Errorf("the pages list %d articles, want %d: %v", len(seen), articles+1, seen)
		}
		for a, n := range seen {
			if n != 1 {
				t.Errorf("%s is listed %d times", a, n)
			}
		}
		if next := `<a href="../../../articles/page/3/` + suffix + `" rel="next">`; !strings.Contains(list[1], next) {
			t.Errorf("page 2 of the articles lacks %s", next)
		}

		// The timeline: whole days, at most 3 items a page (a day with more
		// alone), every day once and in order, and the cutoff line once,
		// between the last day before it and the first after it.
		tl := strings.Join(pages("timeline/"), "")
		days := regexp.MustCompile(`<h2 id="d-(\d{4}-\d\d-\d\d)">`).FindAllStringSubmatch(tl, -1)
		last := ""
		for _, d := range days {
			if d[1] <= last {
				t.Errorf("day %s after %s", d[1], last)
			}
			last = d[1]
		}
		if n := strings.Count(tl, `id="cutoff"`); n != 1 {
			t.Fatalf("the cutoff line is on the timeline %d times, want once", n)
		}
		cut := strings.Index(tl, `id="cutoff"`)
		at := regexp.MustCompile(`<h2 id="d-(\d{4}-\d\d-\d\d)">`).FindAllStringSubmatchIndex(tl, -1)
		prev, next := "", ""
		for _, m := range at {
			if d := tl[m[2]:m[3]]; m[0] < cut {
				prev = d
			} else if next == "" {
				next = d
			}
		}
		if prev != "2024-12-05" || next != "2024-12-07" {
			t.Errorf("the cutoff line is between %q and %q, want between 5 and 7 December", prev, next)
		}
		if len(pages("timeline/")) < 2 {
			t.Error("the timeline is on one page")
		}
		// A page of the timeline is named by its first and last days.
		if !regexp.MustCompile(`aria-current="page">\d{1,2} [A-Z][a-z]{2} \d{4}( – \d{1,2} [A-Z][a-z]{2} \d{4})?</a>`).MatchString(pages("timeline/")[1]) {
			t.Error("page 2 of the timeline is not named by its days in the pager")
		}
		// The line says days after it follow, on its page or the next.
		if !strings.Contains(tl[cut:], "What follows is after it") {
			t.Error("the cutoff line does not say what follows is after it")
		}
		// Every other page of the timeline links to the cutoff's.
		for i, p := range pages("timeline/") {
			if hasLine, hasLink := strings.Contains(p, `id="cutoff"`), strings.Contains(p, `#cutoff">To the cutoff, 6 December 2024 →</a>`); hasLine == hasLink {
				t.Errorf("page %d of the timeline: the cutoff line %v, a link to it %v", i+1, hasLine, hasLink)
			}
		}

		// The claims: each once, the counts on every page linking to the
		// page where their status begins.
		claims := pages("claims/")
		if len(claims) != 2 {
			t.Fatalf("claims on %d pages, want 2", len(claims))
		}
		if n := strings.Count(strings.Join(claims, ""), `<article class="claim-card`); n != 6 {
			t.Errorf("the pages of claims list %d claims, want 6", n)
		}
		for i, want := range [][]string{
			{`<a href="#status-false">`, `<a href="#status-disputed">`, `<a href="../claims/page/2/` + suffix + `#status-corroborated">`,
				// A status's heading counts all its claims, and those on the page.
				" 4 claims (2 on this page)</h2>", " 1 claim</h2>"},
			{`<a href="../../../claims/` + suffix + `#status-false">`, `<a href="../../../claims/` + suffix + `#status-disputed">`, `<a href="#status-corroborated">`,
				" 4 claims (2 on this page)</h2>", " 1 claim</h2>"},
		} {
			for _, w := range want {
				if !strings.Contains(claims[i], w) {
					t.Errorf("page %d of the claims lacks %s", i+1, w)
				}
			}
		}
		if w := `<a href="claims/page/2/` + suffix + `#status-corroborated">`; !strings.Contains(string(files["index.html"]), w) {
			t.Errorf("the home page lacks %s", w)
		}

		checkLinks(t, files, fileLinks)
	}

	// Without page_size, the same lists are one page each.
	res, diags := Build(mini(t, extra), Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	for _, p := range []string{"articles/index.html", "timeline/index.html"} {
		if page := string(all(t, res)[p]); strings.Contains(page, `class="pager"`) {
			t.Errorf("%s has a pager with the default page_size", p)
		}
	}
}

// TestMentionsInPages: an entity's page of mentions goes on in pages of
// page_size too, each saying how many links there are in all.
func TestMentionsInPages(t *testing.T) {
	var b strings.Builder
	for i := range 70 {
		fmt.Fprintf(&b, "Report %d says [[hama]] fell.\n\n", i)
	}
	fsys := mini(t, map[string]string{"content/articles/many.md": "---\ntitle: Many\ndate: 2024-12-04\n---\n" + b.String()})
	fsys["site.yaml"].Data = append(fsys["site.yaml"].Data, "page_size: 30\n"...)
	res, diags := Build(fsys, Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	files := all(t, res)
	total := len(res.Briefing.Page("cities/hama").Mentions)
	seen := 0
	for i, p := range []string{"cities/hama/mentions/index.html", "cities/hama/mentions/page/2/index.html", "cities/hama/mentions/page/3/index.html"} {
		page := string(files[p])
		n := strings.Count(page, `<blockquote class="context">`)
		if want := min(30, total-30*i); n != want {
			t.Errorf("%s lists %d mentions, want %d", p, n, want)
		}
		seen += n
		for _, want := range []string{fmt.Sprintf("%d links from other pages", total), fmt.Sprintf("<h1>Mentions of Hama (page %d of 3)</h1>", i+1), fmt.Sprintf("<p>Page %d of 3</p>", i+1)} {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %s", p, want)
			}
		}
	}
	if seen != total || total <= 60 {
		t.Errorf("the pages list %d mentions of %d", seen, total)
	}
	if _, ok := files["cities/hama/mentions/page/4/index.html"]; ok {
		t.Error("a fourth page of mentions")
	}
	checkLinks(t, files, false)
}
