package build

import (
	"strings"
	"testing"
	"testing/fstest"
)

// diagStrings builds fsys twice, as check and as build, requires the same
// problems from both, and returns them.
func diagStrings(t *testing.T, fsys fstest.MapFS) []string {
	t.Helper()
	var runs [2][]string
	for i, checkOnly := range []bool{true, false} {
		run := Build
		if checkOnly {
			run = Check
		}
		res, diags := run(fsys, Options{Theme: repo})
		for _, d := range diags {
			runs[i] = append(runs[i], d.String())
		}
		if !checkOnly && len(diags) > 0 && res.Tree != nil {
			t.Error("a build with problems gave a site")
		}
	}
	if strings.Join(runs[0], "\n") != strings.Join(runs[1], "\n") {
		t.Errorf("check says:\n%s\nbuild says:\n%s", strings.Join(runs[0], "\n"), strings.Join(runs[1], "\n"))
	}
	return runs[1]
}

// TestStaticClashesWithGenerated: a static file at a path the site
// generates, in a folder it fills, or at a name that is a generated one on
// Windows and macOS is a located error in check and build alike. Before,
// static/index.html silently replaced the home page, static/feed.xml the
// feed, and static/search/index.js gave the zip one name twice.
func TestStaticClashesWithGenerated(t *testing.T) {
	extra := map[string]string{}
	for _, p := range []string{"index.html", "feed.xml", "sitemap.xml", "briefing.json", "404.html", "robots.txt",
		"search/index.js", "search/s/x.js", "cities/hama/index.html", "cities/index.html", "claims/index.html",
		"cities/hama/mentions/index.html", "Feed.XML", "Cities/Hama/photo.jpg", "ok/file.css", "cities/hama/photo.jpg"} {
		extra["static/"+p] = "x"
	}
	got := diagStrings(t, mini(t, extra))
	want := []string{
		"static/404.html: the site generates 404.html itself: a static file may not take its place (rename or remove it)",
		"static/Cities: differs from cities only in case: Windows and macOS take the two for one (the site generates cities: rename yours)",
		"static/Cities/Hama: differs from cities/hama only in case: Windows and macOS take the two for one (the site generates cities/hama: rename yours)",
		"static/Feed.XML: differs from feed.xml only in case: Windows and macOS take the two for one (the site generates feed.xml: rename yours)",
		"static/briefing.json: the site generates briefing.json itself: a static file may not take its place (rename or remove it)",
		"static/cities: differs from static/Cities only in case: Windows and macOS take the two for one (rename one)",
		"static/cities/hama: differs from static/Cities/Hama only in case: Windows and macOS take the two for one (rename one)",
		"static/cities/hama/index.html: the site generates cities/hama/index.html itself: a static file may not take its place (rename or remove it)",
		"static/cities/hama/mentions/index.html: the site generates the files in cities/hama/mentions/ (the page of mentions of cities/hama): a static file may not go there (move it)",
		"static/cities/hama/photo.jpg: differs from static/Cities/Hama/photo.jpg only in case: Windows and macOS take the two for one (rename one)",
		"static/cities/index.html: the site generates cities/index.html itself: a static file may not take its place (rename or remove it)",
		"static/claims/index.html: the site generates claims/index.html itself: a static file may not take its place (rename or remove it)",
		"static/feed.xml: differs from static/Feed.XML only in case: Windows and macOS take the two for one (rename one)",
		"static/feed.xml: the site generates feed.xml itself: a static file may not take its place (rename or remove it)",
		"static/index.html: the site generates index.html itself: a static file may not take its place (rename or remove it)",
		"static/search/index.js: the site generates the files in search/ (the search index): a static file may not go there (move it)",
		"static/search/s/x.js: the site generates the files in search/ (the search index): a static file may not go there (move it)",
		"static/sitemap.xml: the site generates sitemap.xml itself: a static file may not take its place (rename or remove it)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// A site's own robots.txt replaces the generated one.
	res, diags := Build(mini(t, map[string]string{"static/robots.txt": "User-agent: *\nDisallow: /\n"}), Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if got, _ := res.Tree.Get("robots.txt"); string(got) != "User-agent: *\nDisallow: /\n" {
		t.Errorf("robots.txt with a static/robots.txt: %q", got)
	}
	// A file beside a page, and a CNAME when site.yaml sets none, are fine.
	if got := diagStrings(t, mini(t, map[string]string{"static/cities/hama/photo.jpg": "x", "static/CNAME": "x"})); len(got) > 0 {
		t.Errorf("a photo beside a page: %v", got)
	}
}

// TestContentNames: a content file's name is its slug, so every name that
// would not work on Windows or macOS (a backslash, a colon, a control
// character, a trailing dot or space, capitals that make two names one) is
// already refused, where it is, by check and build alike.
func TestContentNames(t *testing.T) {
	extra := map[string]string{}
	for _, name := range []string{"ha:ma.md", "ha\\ma.md", "ha\x01ma.md", "hama .md", "Hama.md", "café.md"} {
		extra["content/cities/"+name] = "---\nname: X\n---\n"
	}
	extra["content/cities/homs.md."] = "---\nname: X\n---\n"
	extra["content/Cities/aleppo.md"] = "---\nname: X\n---\n"
	got := diagStrings(t, mini(t, extra))
	for _, want := range []string{
		`content/Cities: unknown kind "Cities": declare it under kinds: in site.yaml (did you mean "cities"?)`,
		`content/cities/Hama.md: file name "Hama.md" is not a slug: use lowercase letters, digits and hyphens (hama.md is there already: is this a copy of it?)`,
		`content/cities/café.md: file name "café.md" is not a slug: use lowercase letters, digits and hyphens (rename it cafe.md?)`,
		`content/cities/ha:ma.md: file name "ha:ma.md" is not a slug: use lowercase letters, digits and hyphens (rename it ha-ma.md?)`,
		`content/cities/ha\ma.md: file name "ha\\ma.md" is not a slug: use lowercase letters, digits and hyphens (rename it ha-ma.md?)`,
		`content/cities/hama .md: file name "hama .md" is not a slug: use lowercase letters, digits and hyphens (hama.md is there already: is this a copy of it?)`,
		`content/cities/homs.md.: not a Markdown file: only .md files belong in content/cities/ (images and other files go in static/)`,
	} {
		if !contains(got, want) {
			t.Errorf("missing %s in:\n%s", want, strings.Join(got, "\n"))
		}
	}
	if n := len(got); n != 8 {
		t.Errorf("%d problems, want 8:\n%s", n, strings.Join(got, "\n"))
	}
}
