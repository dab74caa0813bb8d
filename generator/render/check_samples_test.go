package render_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"briefing/generator/build"
	"briefing/generator/diag"
	"briefing/generator/render"
	"briefing/generator/render/rendertest"
	"briefing/generator/resolve"
	"briefing/generator/theme"
)

var repoTheme = os.DirFS("../..")

// articles is a briefing of n articles and nothing else: no page of a
// city, faction or source, none over MaxMentions, no --previous.
func articles(t *testing.T, n int) *resolve.Briefing {
	t.Helper()
	src := fstest.MapFS{"site.yaml": {Data: []byte("title: T\nbase_url: https://example.org/\nas_of: 2024-12-06\n")}}
	for i := range n {
		src[fmt.Sprintf("content/articles/a%d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: Article %d\ndate: 2024-12-05\n---\nNothing.\n", i))}
	}
	res, d := build.Check(src, build.Options{Theme: repoTheme})
	if len(d) > 0 {
		t.Fatal(d)
	}
	return res.Briefing
}

// loadTheme is the shipped theme with a site's own templates over it.
func loadTheme(t *testing.T, files map[string]string) *theme.Theme {
	t.Helper()
	site := fstest.MapFS{}
	for name, text := range files {
		site["templates/"+name] = &fstest.MapFile{Data: []byte(text)}
	}
	th, d := theme.Load(theme.Layers{Site: site, Embedded: repoTheme}, render.Funcs(), (*render.Page)(nil))
	if len(d) > 0 {
		t.Fatal(d)
	}
	return th
}

// TestCheckRunsEveryTemplate: a template no page of the briefing runs
// (changes.html without --previous, mentions.html with no page over
// MaxMentions, entity.html with no fact sheet) is still run by Check,
// on a sample page, and its problems located as a real page's are.
func TestCheckRunsEveryTemplate(t *testing.T) {
	b := articles(t, 1)
	for _, tc := range []struct {
		name, file, text string
		want             diag.Diagnostic // Msg and Hint: what they hold
	}{
		{"changes: unclosed attribute", "changes.html", "{{define \"main\"}}<h1>{{.Title}}</h1>\n<a href=\"{{.URL}}\n{{end}}\n",
			diag.Diagnostic{Path: "templates/base.html", Msg: "ends in a non-text context", Hint: "templates/changes.html"}},
		{"changes: branches in two contexts", "changes.html", "{{define \"main\"}}{{range .Changes.Sections}}{{range .Lines}}\n  {{if .Quote}}<a href=\"{{.URL}}{{end}}\n{{end}}{{end}}{{end}}\n",
			diag.Diagnostic{Path: "templates/changes.html", Line: 2, Col: 8, Msg: "{{if}} branches end in different contexts"}},
		{"changes: fails on a line", "changes.html", "{{define \"main\"}}{{range .Changes.Sections}}{{range .Lines}}\n  {{index .Rows 5}}\n{{end}}{{end}}{{end}}\n",
			diag.Diagnostic{Path: "templates/changes.html", Line: 2, Col: 5, Msg: "index out of range: 5"}},
		{"mentions: unclosed attribute", "mentions.html", "{{define \"main\"}}<h1>{{.Title}}</h1>\n<a href=\"{{.Entity.URL}}\n{{end}}\n",
			diag.Diagnostic{Path: "templates/base.html", Msg: "ends in a non-text context", Hint: "templates/mentions.html"}},
		{"mentions: fails on a mention", "mentions.html", "{{define \"main\"}}{{range .Mentions}}\n  <a href=\"{{.From.URL}}\">{{index .From.Aliases 3}}</a>\n{{end}}{{end}}\n",
			diag.Diagnostic{Path: "templates/mentions.html", Line: 2, Col: 29, Msg: "index out of range: 3"}},
		// The page of the sample with many mentions runs too: its "and N
		// more" branch runs on no real page of a briefing with fewer.
		{"article: fails past 50 mentions", "article.html", "{{define \"main\"}}{{with .MoreMentions}}\n{{index $.Entity.Aliases 5}}{{end}}{{end}}\n",
			diag.Diagnostic{Path: "templates/article.html", Line: 2, Col: 3, Msg: "index out of range: 5"}},
		// So does the sample's home page, whose lists are cut.
		{"home: fails past 20 articles", "home.html", "{{define \"main\"}}{{with .MoreArticles}}\n{{index $.Nav 99}}{{end}}{{end}}\n",
			diag.Diagnostic{Path: "templates/home.html", Line: 2, Col: 3, Msg: "index out of range: 99"}},
		{"home: fails past 20 claims", "home.html", "{{define \"main\"}}{{with .MoreHeadline}}\n{{index $.Nav 98}}{{end}}{{end}}\n",
			diag.Diagnostic{Path: "templates/home.html", Line: 2, Col: 3, Msg: "index out of range: 98"}},
		{"home: fails past 60 in a list", "home.html", "{{define \"main\"}}{{range .Lists}}{{with .More}}\n{{index $.Nav 97}}{{end}}{{end}}{{end}}\n",
			diag.Diagnostic{Path: "templates/home.html", Line: 2, Col: 3, Msg: "index out of range: 97"}},
		// And the first page of each list, as one of several.
		{"list: fails on a list of pages", "list.html", "{{define \"main\"}}{{with .Pager}}{{range .Pages}}{{if .Gap}}\n{{index $.Nav 96}}{{end}}{{end}}{{end}}{{end}}\n",
			diag.Diagnostic{Path: "templates/list.html", Line: 2, Col: 3, Msg: "index out of range: 96"}},
		{"timeline: fails on a list of pages", "timeline.html", "{{define \"main\"}}{{with .Pager}}{{with .Prev}}\n{{index $.Nav 95}}{{end}}{{end}}{{end}}\n",
			diag.Diagnostic{Path: "templates/timeline.html", Line: 2, Col: 3, Msg: "index out of range: 95"}},
		{"timeline: fails on the link to the cutoff", "timeline.html", "{{define \"main\"}}{{with .CutoffURL}}\n{{index $.Nav 93}}{{end}}{{end}}\n",
			diag.Diagnostic{Path: "templates/timeline.html", Line: 2, Col: 3, Msg: "index out of range: 93"}},
		{"claims: fails on a list of pages", "claims.html", "{{define \"main\"}}{{with .Pager}}{{with .Next}}\n{{index $.Nav 94}}{{end}}{{end}}{{end}}\n",
			diag.Diagnostic{Path: "templates/claims.html", Line: 2, Col: 3, Msg: "index out of range: 94"}},
		{"entity: fails on a fact sheet", "entity.html", "{{define \"main\"}}\n<h1>{{index .Entity.Aliases 1}}</h1>{{end}}\n",
			diag.Diagnostic{Path: "templates/entity.html", Line: 2, Col: 7, Msg: "index out of range: 1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := render.Check(b, loadTheme(t, map[string]string{tc.file: tc.text}), render.Options{})
			if len(d) != 1 {
				t.Fatalf("got %d problems, want 1: %v", len(d), d)
			}
			got := d[0]
			page := strings.TrimSuffix(tc.file, ".html")
			if got.Path != tc.want.Path || got.Line != tc.want.Line || got.Col != tc.want.Col ||
				!strings.Contains(got.Msg, tc.want.Msg) || !strings.Contains(got.Hint, tc.want.Hint) ||
				!strings.Contains(got.Msg, "(on a sample ") {
				t.Errorf("got  %s (hint %q)\nwant %s:%d:%d: …%s… (on a sample … %s page), hint naming %q",
					got, got.Hint, tc.want.Path, tc.want.Line, tc.want.Col, tc.want.Msg, page, tc.want.Hint)
			}
		})
	}
}

// TestCheckShippedTheme: the sample pages are pages a build could make,
// so the shipped theme has no problem on them, on a briefing of one
// article as on the shipped briefing.
func TestCheckShippedTheme(t *testing.T) {
	th := loadTheme(t, nil)
	if d := render.Check(articles(t, 1), th, render.Options{}); len(d) > 0 {
		t.Errorf("one article: %v", d)
	}
	res, d := build.Check(repoTheme, build.Options{Theme: repoTheme})
	if len(d) > 0 {
		t.Fatal(d)
	}
	if d := render.Check(res.Briefing, th, render.Options{}); len(d) > 0 {
		t.Errorf("shipped briefing: %v", d)
	}
}

// TestCheckBesideRender: Check and Render may run on one theme at once
// (go test -race), and a Check changes nothing a Render gives: its pages
// are cut short, so what they put in a partialCached cache is not the
// build's. Here the home page caches how many articles it has, and Check
// cuts them to fewer.
func TestCheckBesideRender(t *testing.T) {
	b := articles(t, 5)
	load := func() *theme.Theme {
		return loadTheme(t, map[string]string{
			"partials.html": `{{define "count"}}<p id="count">{{len .}} articles</p>{{end}}`,
			"home.html":     `{{define "main"}}{{partialCached "count" .Articles "home"}}{{end}}`,
		})
	}
	files := func(th *theme.Theme) map[string][]byte {
		tree, d := render.Render(b, th, render.Options{})
		if len(d) > 0 {
			t.Error(d)
			return nil
		}
		files, err := rendertest.Files(tree)
		if err != nil {
			t.Error(err)
		}
		return files
	}
	same := func(what string, got, want map[string][]byte) {
		for p, data := range want {
			if !bytes.Equal(data, got[p]) {
				t.Errorf("%s: %s differs from a build's alone", what, p)
			}
		}
	}
	want := files(load())
	if !bytes.Contains(want["index.html"], []byte("5 articles")) {
		t.Fatalf("the home page does not count 5 articles:\n%s", want["index.html"])
	}

	th := load()
	if d := render.Check(b, th, render.Options{}); len(d) > 0 {
		t.Fatal(d)
	}
	same("after Check", files(th), want)

	th = load()
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			if d := render.Check(b, th, render.Options{}); len(d) > 0 {
				t.Error(d)
			}
		})
		wg.Go(func() { same("beside Check", files(th), want) })
	}
	wg.Wait()
}

// TestCheckRunsMapBranches: Check does not draw the maps (a template
// prints one whole), but what stands in for a map is not empty, so a
// template's branches on it run in a check as in a build.
func TestCheckRunsMapBranches(t *testing.T) {
	src := fstest.MapFS{
		"site.yaml":           {Data: []byte("title: T\nbase_url: https://example.org/\nas_of: 2024-12-06\n")},
		"content/cities/a.md": {Data: []byte("---\nname: Aleppo\ncoords: [36.2, 37.16]\n---\n")},
	}
	res, d := build.Check(src, build.Options{Theme: repoTheme})
	if len(d) > 0 {
		t.Fatal(d)
	}
	for _, file := range []string{"map.html", "home.html", "entity.html"} { // the site's map, its small copy, a locator
		text := "{{define \"main\"}}{{if .Map}}\n{{index .Unmapped 7}}{{end}}{{end}}\n"
		d := render.Check(res.Briefing, loadTheme(t, map[string]string{file: text}), render.Options{})
		if len(d) != 1 || d[0].Path != "templates/"+file || d[0].Line != 2 || !strings.Contains(d[0].Msg, "index out of range: 7") {
			t.Errorf("%s: got %v, want templates/%s:2:3: index out of range: 7", file, d, file)
		}
	}
}
