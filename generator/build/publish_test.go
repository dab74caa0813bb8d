package build_test

// Publishing on GitHub Pages (issue 4): a build for a sub-path base URL,
// written to disk as "briefing build --base-url" writes it, checked file by
// file and then served under that sub-path the way Pages serves it.

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"html"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"briefing/generator/browsertest"
	"briefing/generator/cli"
	"briefing/generator/linkcheck"
)

// repoRoot holds the shipped briefing and the theme main embeds.
const repoRoot = "../.."

// shippedSource copies the shipped briefing (site.yaml and content/) into
// a temporary folder, with site.yaml changed by edit.
func shippedSource(t *testing.T, edit func(string) string) string {
	t.Helper()
	dst := t.TempDir()
	repo := os.DirFS(repoRoot)
	for _, root := range []string{"site.yaml", "content"} {
		err := fs.WalkDir(repo, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			to := filepath.Join(dst, filepath.FromSlash(p))
			if d.IsDir() {
				return os.MkdirAll(to, 0o755)
			}
			b, err := fs.ReadFile(repo, p)
			if err != nil {
				return err
			}
			if p == "site.yaml" && edit != nil {
				b = []byte(edit(string(b)))
			}
			return os.WriteFile(to, b, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// buildTo runs "briefing build --base-url baseURL" on src and returns the
// folder written.
func buildTo(t *testing.T, src, baseURL string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "public")
	var out, errb bytes.Buffer
	c := &cli.CLI{Stdout: &out, Stderr: &errb, Theme: os.DirFS(repoRoot), Version: "test"}
	if code := c.Run(context.Background(), []string{"build", "--source", src, "--out", dir, "--base-url", baseURL}); code != cli.ExitOK || !onlyNotices(errb.String()) {
		t.Fatalf("briefing build --base-url %s: exit %d\n%s", baseURL, code, errb.String())
	}
	return dir
}

// onlyNotices reports whether a command's stderr holds nothing but
// notices (the shipped briefing's items dated after its cutoff) and
// their count.
func onlyNotices(stderr string) bool {
	for _, line := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
		if line != "" && !strings.Contains(line, ": notice: ") && !regexp.MustCompile(`^\d+ notices?$`).MatchString(line) {
			return false
		}
	}
	return true
}

func readDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files, err := linkcheck.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

var (
	canonicalRE = regexp.MustCompile(`<link rel="canonical" href="([^"]*)">`)
	linkAttrRE  = regexp.MustCompile(`\s(?:href|src|action)="([^"]*)"`)
)

// fileOf maps a URL under base to the file a static host serves for it,
// or "" if the URL is not under base.
func fileOf(base, u string) string {
	if !strings.HasPrefix(u, base) {
		return ""
	}
	p := strings.TrimPrefix(u, base)
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return p
}

// TestGitHubPages builds the shipped briefing for a project site under
// /repo/ and for a custom domain at the root, and checks what Pages needs.
func TestGitHubPages(t *testing.T) {
	for _, tc := range []struct {
		name, flag, base, basePath string
	}{
		{"sub-path", "https://user.github.io/repo", "https://user.github.io/repo/", "/repo/"},
		{"domain root", "https://briefing.example.org/", "https://briefing.example.org/", "/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := buildTo(t, shippedSource(t, nil), tc.flag)
			files := readDir(t, dir)

			// Every link relative and leading to a file (404.html
			// aside, whose links start at the base path).
			problems, _ := linkcheck.Check(files, linkcheck.Server, tc.basePath)
			for _, p := range problems {
				t.Error(p)
			}
			for p, b := range files {
				if !strings.HasSuffix(p, ".html") {
					continue
				}
				page := string(b)
				for _, m := range linkAttrRE.FindAllStringSubmatch(canonicalRE.ReplaceAllString(page, ""), -1) {
					v := html.UnescapeString(m[1])
					if strings.HasPrefix(v, tc.base) {
						t.Errorf("%s: internal link %s is absolute; it should be relative", p, v)
					}
					if p != "404.html" && strings.HasPrefix(v, "/") {
						t.Errorf("%s: root-relative link %s", p, v)
					}
				}
				// The canonical link is absolute, under the base, and
				// names this very page.
				cm := canonicalRE.FindAllStringSubmatch(page, -1)
				if len(cm) != 1 {
					t.Errorf("%s: %d canonical links, want 1", p, len(cm))
					continue
				}
				canon := html.UnescapeString(cm[0][1])
				if f := fileOf(tc.base, canon); f != p {
					t.Errorf("%s: canonical %s, want a URL under %s naming this page (it names %q)", p, canon, tc.base, f)
				}
			}

			// 404.html: shown by the host at any depth, so its style,
			// icon, script and links are absolute from the base path.
			notFound := string(files["404.html"])
			for _, want := range []string{`href="` + tc.basePath + `css/briefing.css"`, `href="` + tc.basePath + `favicon.svg"`, `href="` + tc.basePath + `"`, `action="` + tc.basePath + `search/"`} {
				if !strings.Contains(notFound, want) {
					t.Errorf("404.html lacks %s", want)
				}
			}
			for _, m := range linkAttrRE.FindAllStringSubmatch(notFound, -1) {
				v := html.UnescapeString(m[1])
				if !strings.HasPrefix(v, tc.basePath) && !strings.HasPrefix(v, "#") && !strings.HasPrefix(v, "https://") {
					t.Errorf("404.html: link %s is relative, so it breaks when the page is shown at another depth", v)
				}
			}

			if _, ok := files[".nojekyll"]; !ok {
				t.Error("no .nojekyll: GitHub Pages would run Jekyll and drop files")
			}
			if _, ok := files["CNAME"]; ok {
				t.Error("CNAME written though site.yaml sets no cname")
			}

			// sitemap.xml: absolute URLs under the base, each a file, and
			// every page but 404.html listed.
			var sm struct {
				XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
				URLs    []struct {
					Loc     string `xml:"loc"`
					LastMod string `xml:"lastmod"`
				} `xml:"url"`
			}
			if err := xml.Unmarshal(files["sitemap.xml"], &sm); err != nil {
				t.Fatalf("sitemap.xml: %v", err)
			}
			listed := map[string]bool{}
			for _, u := range sm.URLs {
				f := fileOf(tc.base, u.Loc)
				if f == "" {
					t.Errorf("sitemap: %s is not under %s", u.Loc, tc.base)
					continue
				}
				if _, ok := files[f]; !ok {
					t.Errorf("sitemap: %s maps to %s, which is not in the site", u.Loc, f)
				}
				if listed[f] {
					t.Errorf("sitemap: %s listed twice", u.Loc)
				}
				listed[f] = true
				if u.LastMod != "" {
					if _, err := time.Parse("2006-01-02", u.LastMod); err != nil {
						t.Errorf("sitemap: %s lastmod %q: %v", u.Loc, u.LastMod, err)
					}
				}
			}
			for p := range files {
				if strings.HasSuffix(p, ".html") && p != "404.html" && !listed[p] {
					t.Errorf("sitemap.xml does not list %s", p)
				}
			}
			if robots := string(files["robots.txt"]); !strings.Contains(robots, "Sitemap: "+tc.base+"sitemap.xml") {
				t.Errorf("robots.txt does not point at the sitemap under the base:\n%s", robots)
			}

			// feed.xml: Atom, one entry per article, absolute links.
			checkFeed(t, files, tc.base)
		})
	}
}

func checkFeed(t *testing.T, files map[string][]byte, base string) {
	t.Helper()
	type link struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
		Type string `xml:"type,attr"`
	}
	var feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Title   string   `xml:"title"`
		ID      string   `xml:"id"`
		Updated string   `xml:"updated"`
		Links   []link   `xml:"link"`
		Author  struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Entries []struct {
			Title     string `xml:"title"`
			ID        string `xml:"id"`
			Updated   string `xml:"updated"`
			Published string `xml:"published"`
			Link      link   `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(files["feed.xml"], &feed); err != nil {
		t.Fatalf("feed.xml is not Atom: %v", err)
	}
	if feed.Title == "" || feed.ID == "" || feed.Author.Name == "" {
		t.Errorf("feed: title %q, id %q, author %q: Atom requires all three", feed.Title, feed.ID, feed.Author.Name)
	}
	if _, err := time.Parse(time.RFC3339, feed.Updated); err != nil {
		t.Errorf("feed updated %q: %v", feed.Updated, err)
	}
	self := false
	for _, l := range feed.Links {
		if l.Rel == "self" {
			self = l.Href == base+"feed.xml"
		}
	}
	if !self {
		t.Errorf("feed: no self link %sfeed.xml in %+v", base, feed.Links)
	}
	// The articles are the pages articles/<slug>/index.html.
	want := map[string]bool{}
	for p := range files {
		if strings.HasPrefix(p, "articles/") && strings.Count(p, "/") == 2 && strings.HasSuffix(p, "/index.html") {
			want[base+strings.TrimSuffix(p, "index.html")] = true
		}
	}
	// And one entry for the edition, linking the home page (or, built
	// with --previous, the What changed page).
	editions := 0
	for _, e := range feed.Entries {
		if strings.Contains(e.ID, "#edition-") {
			editions++
			if e.Link.Href != base && e.Link.Href != base+"changes/" {
				t.Errorf("edition entry %q links %s", e.Title, e.Link.Href)
			}
			want[e.Link.Href] = true
		}
	}
	if len(feed.Entries) != len(want)+editions-1 || len(want) == 0 || editions != 1 {
		t.Fatalf("feed has %d entries (%d for editions), want one per article (%d) and one for the edition", len(feed.Entries), editions, len(want)-1)
	}
	for _, e := range feed.Entries {
		if !want[e.Link.Href] {
			t.Errorf("feed entry %q links %s, not an article under %s", e.Title, e.Link.Href, base)
		}
		if f := fileOf(base, e.Link.Href); f == "" || files[f] == nil {
			t.Errorf("feed entry %q: %s is no file of the site", e.Title, e.Link.Href)
		}
		if e.ID == "" || e.Title == "" {
			t.Errorf("feed entry %+v lacks id or title", e)
		}
		for _, ts := range []string{e.Updated, e.Published} {
			if _, err := time.Parse(time.RFC3339, ts); err != nil {
				t.Errorf("feed entry %q: time %q: %v", e.Title, ts, err)
			}
		}
	}
}

// TestCNAME: site.yaml's cname gives a CNAME file holding that domain.
func TestCNAME(t *testing.T) {
	set := false
	src := shippedSource(t, func(s string) string {
		set = strings.Contains(s, `cname: ""`)
		return strings.Replace(s, `cname: ""`, `cname: Briefing.example.org`, 1)
	})
	if !set {
		t.Fatal("could not set cname in the copy of site.yaml")
	}
	dir := buildTo(t, src, "https://briefing.example.org/")
	b, err := os.ReadFile(filepath.Join(dir, "CNAME"))
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != "briefing.example.org\n" {
		t.Errorf("CNAME = %q, want the domain on one line", b)
	}
}

// TestServedUnderSubPath serves the sub-path build under /repo/ as GitHub
// Pages does (folder URLs serve index.html, unknown paths 404.html) and
// fetches every internal link of a few pages, and every asset of the 404
// page as shown at a deep unknown URL.
func TestServedUnderSubPath(t *testing.T) {
	dir := buildTo(t, shippedSource(t, nil), "https://user.github.io/repo/")
	srv := browsertest.ServeDir(t, dir, "/repo/")
	get := func(u string) (int, string) {
		t.Helper()
		resp, err := srv.Client().Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	checked := map[string]bool{}
	follow := func(pageURL, body string) {
		t.Helper()
		from, _ := url.Parse(pageURL)
		n := 0
		for _, m := range linkAttrRE.FindAllStringSubmatch(canonicalRE.ReplaceAllString(body, ""), -1) {
			if strings.HasPrefix(m[1], "#") {
				continue // within the page
			}
			ref, err := url.Parse(html.UnescapeString(m[1]))
			if err != nil {
				t.Errorf("%s: %q: %v", pageURL, m[1], err)
				continue
			}
			target := from.ResolveReference(ref)
			if target.Host != from.Host {
				continue // an outbound link to a source
			}
			target.Fragment = ""
			n++
			if !strings.HasPrefix(target.Path, "/repo/") {
				t.Errorf("%s: %s leads to %s, outside /repo/", pageURL, m[1], target.Path)
				continue
			}
			if checked[target.String()] {
				continue
			}
			checked[target.String()] = true
			if code, _ := get(target.String()); code != http.StatusOK {
				t.Errorf("%s: %s → %s: status %d", pageURL, m[1], target, code)
			}
		}
		if n < 5 {
			t.Errorf("%s: only %d internal links followed", pageURL, n)
		}
	}
	for _, p := range []string{"", "cities/hama/", "articles/hama-falls/", "search/", "map/", "claims/", "sources/sohr/"} {
		u := srv.URL + "/repo/" + p
		code, body := get(u)
		if code != http.StatusOK {
			t.Fatalf("%s: status %d", u, code)
		}
		follow(u, body)
	}
	for _, p := range []string{"no/such/page", "cities/nowhere/", "x.html"} {
		u := srv.URL + "/repo/" + p
		code, body := get(u)
		if code != http.StatusNotFound || !strings.Contains(body, "Page not found") {
			t.Fatalf("%s: status %d, want the 404 page", u, code)
		}
		follow(u, body)
	}
	if len(checked) < 40 {
		t.Errorf("only %d distinct URLs fetched", len(checked))
	}
}

// searchLoad returns the bytes of the search index (search/index.js and
// every shard) and, for each query word, the bytes the search page loads
// for it: index.js and the shards its terms start in (mirroring keyOf in
// static/js/search.js for ASCII words).
func searchLoad(t *testing.T, files map[string][]byte, words ...string) (total int, perWord map[string]int) {
	t.Helper()
	idx := files["search/index.js"]
	const prefix = "window.BRIEFING_SEARCH="
	var meta struct {
		Prefix int      `json:"prefix"`
		Shards []string `json:"shards"`
	}
	body := strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(string(idx), prefix)), ";")
	if err := json.Unmarshal([]byte(body), &meta); err != nil || meta.Prefix < 1 {
		t.Fatalf("search/index.js: prefix %d, %v", meta.Prefix, err)
	}
	total = len(idx)
	for p, b := range files {
		if strings.HasPrefix(p, "search/s/") {
			total += len(b)
		}
	}
	perWord = map[string]int{}
	for _, w := range words {
		n := len(idx)
		key := w
		if len(key) > meta.Prefix {
			key = key[:meta.Prefix]
		}
		for _, k := range meta.Shards {
			if k == key || (len(w) < meta.Prefix && strings.HasPrefix(k, key)) {
				n += len(files["search/s/"+k+".js"])
			}
		}
		perWord[w] = n
	}
	return total, perWord
}

// TestSearchIndexSize reports the size of the shipped briefing's search
// index and what one query loads, and keeps them within a budget: the
// index ships beside every copy of the site, and the page loads it whole.
func TestSearchIndexSize(t *testing.T) {
	files := readDir(t, buildTo(t, shippedSource(t, nil), "https://user.github.io/repo/"))
	total, per := searchLoad(t, files, "lowcock", "aleppo", "hama")
	pages := 0
	for p := range files {
		if strings.HasSuffix(p, ".html") {
			pages++
		}
	}
	t.Logf("search index of the shipped briefing (%d pages): %d bytes (search/index.js %d + %d shards); a query loads: lowcock %d, aleppo %d, hama %d bytes",
		pages, total, len(files["search/index.js"]), total-len(files["search/index.js"]), per["lowcock"], per["aleppo"], per["hama"])
	if total > 200<<10 {
		t.Errorf("search index %d bytes: over the 200 kB budget for a briefing of %d pages", total, pages)
	}
	for w, n := range per {
		if n >= total {
			t.Errorf("a query for %q loads the whole index (%d bytes)", w, n)
		}
	}
}
