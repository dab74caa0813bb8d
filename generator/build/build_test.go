package build

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"briefing/generator/render/rendertest"

	"briefing/generator/linkcheck"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*")

// repo is the repository root: the shipped briefing and the theme.
var repo = os.DirFS("../..")

func buildShipped(t *testing.T, opts Options) *Result {
	t.Helper()
	opts.Theme = repo
	res, diags := Build(repo, opts)
	if len(diags) > 0 {
		t.Fatalf("the shipped briefing does not build:\n%v", diags)
	}
	return res
}

// checkShipped checks the briefing of the repository, as briefing check
// does, and fails on any problem.
func checkShipped(t *testing.T) *Result {
	t.Helper()
	res, diags := Check(repo, Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatalf("the shipped briefing has problems:\n%v", diags)
	}
	return res
}

// TestShippedBriefing builds content/ as shipped and checks the pages the
// spec promises exist and every internal link and fragment resolves.
func TestShippedBriefing(t *testing.T) {
	res := buildShipped(t, Options{})
	files, err := rendertest.Files(res.Tree)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{
		"index.html", "404.html", "sitemap.xml", "feed.xml", "briefing.json", ".nojekyll", "search/index.js",
		"articles/hama-falls/index.html", "cities/index.html", "map/index.html", "timeline/index.html",
		"claims/index.html", "search/index.html",
	} {
		if _, ok := files[p]; !ok {
			t.Errorf("missing %s", p)
		}
	}
	for _, slug := range []string{"cities/hama", "cities/aleppo", "cities/homs", "cities/damascus", "cities/idlib",
		"factions/hts", "factions/syrian-government", "factions/russia", "factions/sna",
		"sources/sohr", "sources/afp", "sources/reuters", "sources/sana", "sources/syrian-army", "sources/un-ocha"} {
		if _, ok := files[slug+"/index.html"]; !ok {
			t.Errorf("missing fact sheet page %s", slug)
		}
	}
	problems, _ := linkcheck.Check(files, linkcheck.Server, "/hama-briefing/")
	for _, p := range problems {
		t.Error(p)
	}
	b := res.Briefing
	status := map[string]string{}
	for _, c := range b.Claims {
		if c.Number == 0 {
			t.Errorf("claim %s not placed in its article", c.ID)
		}
		status[c.Quote] = c.Status
		// A claim nothing backs either way is unverified and lists no
		// source (the page says "no source confirms or refutes it"); every
		// other status rests on sources.
		if len(c.Sources) == 0 && c.Status != "unverified" {
			t.Errorf("claim %q is %s with no sources", c.Quote, c.Status)
		}
	}
	for quote, want := range map[string]string{
		"said UN humanitarian coordinator, Mark Lowcock":                 "false",
		"The UN Security Council is set to convene an emergency session": "partly",
		"said Abu Mohammed, a rebel commander":                           "unverified",
		"Military analyst Dr. Sarah Johnson commented":                   "unverified",
		"at least 727 people, including 111 civilians":                   "corroborated",
	} {
		if status[quote] != want {
			t.Errorf("claim %q: status %q, want %q", quote, status[quote], want)
		}
	}
	if len(b.Claims) < 15 {
		t.Errorf("%d claims, want every checkable claim annotated", len(b.Claims))
	}
	art := string(files["articles/hama-falls/index.html"])
	for _, want := range []string{`class="claim claim-false"`, `href="../../people/mark-lowcock/"`, `"@type":"ClaimReview"`, `id="fact-check"`} {
		if !strings.Contains(art, want) {
			t.Errorf("article page lacks %s", want)
		}
	}
	hama := string(files["cities/hama/index.html"])
	for _, want := range []string{"Hayat Tahrir al-Sham", "Mentioned in", "Control timeline", "<svg"} {
		if !strings.Contains(hama, want) {
			t.Errorf("Hama's page lacks %q", want)
		}
	}
}

// TestArticleTextUnchanged checks that every sentence of the seed article
// reads the same on the rendered page (headings and bullets aside).
func TestArticleTextUnchanged(t *testing.T) {
	res := buildShipped(t, Options{}) // check makes no page text
	seed, err := os.ReadFile("testdata/hama-article.txt")
	if err != nil {
		t.Fatal(err)
	}
	e := res.Briefing.Page("articles/hama-falls")
	// The page sets quotes and apostrophes typographically.
	plain := strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`, "–", "-", "—", "-")
	words := func(s string) string { return strings.Join(strings.Fields(plain.Replace(s)), " ") }
	text := words(e.Name + "\n" + e.Text)
	lines := strings.Split(string(seed), "\n")
	for _, line := range lines {
		line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "•"))
		if line == "" {
			continue
		}
		if !strings.Contains(text, words(line)) {
			t.Errorf("seed line not found verbatim on the page: %q", line)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a := buildShipped(t, Options{})
	prev := runtime.GOMAXPROCS(1)
	b := buildShipped(t, Options{})
	runtime.GOMAXPROCS(prev)
	fa, fb := all(t, a), all(t, b)
	if len(fa) != len(fb) {
		t.Fatalf("%d files, then %d", len(fa), len(fb))
	}
	for p, data := range fa {
		if !bytes.Equal(data, fb[p]) {
			t.Errorf("%s differs between two builds", p)
		}
	}
}

// mini is the small briefing of testdata/mini.txtar.
func mini(t *testing.T, extra map[string]string) fstest.MapFS {
	t.Helper()
	ar, err := txtar.ParseFile("testdata/mini.txtar")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	for name, data := range extra {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

// TestGoldenPages pins whole pages of a small briefing. Run with -update
// after a deliberate change to the theme or the pipeline, and read the diff.
func TestGoldenPages(t *testing.T) {
	res, diags := Build(mini(t, nil), Options{Theme: repo, Version: "test"})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	for _, p := range []string{"index.html", "articles/report/index.html", "cities/hama/index.html", "factions/hts/index.html",
		"sources/afp/index.html", "people/ann/index.html", "claims/index.html", "timeline/index.html", "sources/index.html",
		"feed.xml", "sitemap.xml", "briefing.json", "404.html"} {
		got := rendertest.File(res.Tree, p)
		golden := filepath.Join("testdata", "golden", strings.ReplaceAll(p, "/", "_"))
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s; run go test ./generator/build -update and read the diff", p, golden)
		}
	}
	checkLinks(t, all(t, res), false)
}

// TestOnlyContent builds a folder holding nothing but site.yaml and
// content/: the embedded theme supplies the rest.
func TestOnlyContent(t *testing.T) {
	res, diags := Build(mini(t, nil), Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	for _, p := range []string{"css/briefing.css", "js/search.js", "js/vendor/minisearch.js", "index.html"} {
		if len(rendertest.File(res.Tree, p)) == 0 {
			t.Errorf("%s missing", p)
		}
	}
}

// TestThemeOverride replaces one template and one static file; the rest
// stay the embedded ones.
func TestThemeOverride(t *testing.T) {
	fsys := mini(t, map[string]string{
		"templates/404.html":      `{{define "main"}}<p>Custom 404 for {{.Site.Title}} at {{.Site.BaseURL}}</p>{{end}}`,
		"static/css/briefing.css": "body{color:red}",
		"static/extra.txt":        "extra",
	})
	// The base URL a build is given (--base-url) is the one templates read.
	res, diags := Build(fsys, Options{Theme: repo, BaseURL: "https://real.example/x/"})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	f := all(t, res)
	if !strings.Contains(string(f["404.html"]), "Custom 404 for Test briefing at https://real.example/x/") {
		t.Errorf("404.html not overridden, or not with the base URL given:\n%s", f["404.html"])
	}
	if string(f["css/briefing.css"]) != "body{color:red}" || string(f["extra.txt"]) != "extra" {
		t.Error("static files not overridden/added")
	}
	if !strings.Contains(string(f["index.html"]), "Claims checked") || len(f["js/search.js"]) == 0 {
		t.Error("embedded templates and static files lost")
	}
}

// TestCheckCachesNothing: the check that runs each page template before
// the build does so on pages with their lists cut short, and a partial it
// cached would be the build's: here the home page's, keyed by a string,
// would list 3 kinds of the 4.
func TestCheckCachesNothing(t *testing.T) {
	fsys := mini(t, map[string]string{
		"templates/partials.html": `{{define "kinds"}}<p id="kinds">{{len .Lists}} kinds</p>{{end}}`,
		"templates/home.html":     `{{define "main"}}{{partialCached "kinds" . "home"}}{{end}}`,
	})
	res, diags := Build(fsys, Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if home := string(all(t, res)["index.html"]); !strings.Contains(home, `<p id="kinds">4 kinds</p>`) {
		t.Errorf("the home page's cached partial:\n%s", home[strings.Index(home, "<main"):])
	}
}

func TestTemplateErrorIsLocated(t *testing.T) {
	fsys := mini(t, map[string]string{"templates/list.html": "{{define \"main\"}}\n{{.Nope}\n{{end}}"})
	_, diags := Build(fsys, Options{Theme: repo})
	if len(diags) != 1 || !strings.HasPrefix(diags[0].String(), "templates/list.html:2:") {
		t.Fatalf("diags = %v", diags)
	}
}

func TestDraftsAndRawHTML(t *testing.T) {
	fsys := mini(t, map[string]string{
		"content/articles/secret.md": "---\ntitle: Secret\ndate: 2024-12-01\ndraft: true\n---\nNot yet.\n",
		"content/people/evil.md":     "---\nname: Evil <b>Name</b>\nsummary: \"</script><script>alert(1)</script>\"\n---\n<script>alert(2)</script>\n\n<img src=x onerror=alert(3)>\n",
	})
	res, diags := Build(fsys, Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	for p, data := range all(t, res) {
		if strings.Contains(p, "secret") || bytes.Contains(data, []byte("Not yet.")) {
			t.Errorf("draft published in %s", p)
		}
		if strings.HasSuffix(p, ".html") && (bytes.Contains(data, []byte("<script>alert")) || bytes.Contains(data, []byte("<img src=x")) || bytes.Contains(data, []byte("<b>Name"))) {
			t.Errorf("raw HTML passed through in %s", p)
		}
	}
	page := string(rendertest.File(res.Tree, "people/evil/index.html"))
	if !strings.Contains(page, "&lt;script&gt;alert(2)&lt;/script&gt;") || !strings.Contains(page, "Evil &lt;b&gt;Name&lt;/b&gt;") {
		t.Errorf("raw HTML not shown as text:\n%s", page)
	}
}

// all renders every file of a build.
func all(t *testing.T, res *Result) map[string][]byte {
	t.Helper()
	files, err := rendertest.Files(res.Tree)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// checkLinks reports every link of the mini briefing's files (published
// at /test/) that leads nowhere, as served or, with fileLinks, from disk.
func checkLinks(t *testing.T, files map[string][]byte, fileLinks bool) {
	t.Helper()
	mode := linkcheck.Server
	if fileLinks {
		mode = linkcheck.Disk
	}
	problems, _ := linkcheck.Check(files, mode, "/test/")
	for _, p := range problems {
		t.Error(p)
	}
}

// TestEachReusesBuffersSafely: Each and EachInOrder render into buffers
// they reuse once the callback returns. Every file they hand over must be
// exactly what Get renders on its own, whatever ran on the other core.
func TestEachReusesBuffersSafely(t *testing.T) {
	res := buildShipped(t, Options{})
	fresh := buildShipped(t, Options{}) // Get keeps files: a tree of its own
	check := func(how, p string, data []byte) error {
		want, err := fresh.Tree.Get(p)
		if err != nil {
			return err
		}
		if !bytes.Equal(data, want) {
			return fmt.Errorf("%s: %s differs from its own render", how, p)
		}
		return nil
	}
	for range 3 {
		if err := res.Tree.Each(func(p string, data []byte) error { return check("Each", p, data) }); err != nil {
			t.Fatal(err)
		}
		if err := res.Tree.EachInOrder(func(p string, data []byte) error { return check("EachInOrder", p, data) }); err != nil {
			t.Fatal(err)
		}
	}
}

// TestOwnTemplatesKeepWorking: a site's own templates written for an
// earlier theme, or showing more than the built-in ones, build as they
// did. The partials.html of the first release lacks the partials added
// since (the cached header and footer live in base.html, beside their
// use); a home page that prints every article's body gets them, however
// often and in whatever order the tree is rendered.
func TestOwnTemplatesKeepWorking(t *testing.T) {
	v1, err := os.ReadFile("testdata/partials-v1.html")
	if err != nil {
		t.Fatal(err)
	}
	fsys := mini(t, map[string]string{
		"templates/partials.html": string(v1),
		"templates/home.html":     `{{define "main"}}{{range .Briefing.Kinds}}{{range .Entities}}<div class="all">{{.Body}}</div>{{end}}{{end}}{{end}}`,
	})
	res, diags := Build(fsys, Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	for range 2 {
		var home []byte
		if err := res.Tree.Each(func(p string, data []byte) error {
			if p == "index.html" {
				home = bytes.Clone(data)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(home, []byte(`<div class="all"><p>`)) {
			t.Errorf("the home page lacks the bodies it prints:\n%.600s", home)
		}
	}
}
