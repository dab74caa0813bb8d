package archive_test

// These tests run "briefing zip" on the shipped briefing (the repository
// root) as a user would, unzip the archive and check it opens from disk.

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"html"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"briefing/generator/cli"
	"briefing/generator/linkcheck"
)

// repoRoot holds the shipped briefing and the theme main embeds.
const repoRoot = "../.."

// asOf is the shipped briefing's as-of date: the time on every entry.
var asOf = time.Date(2024, 12, 6, 0, 0, 0, 0, time.UTC)

const top = "syria-the-fall-of-hama"

func runCLI(t *testing.T, args ...string) (stdout string) {
	t.Helper()
	var out, errb bytes.Buffer
	c := &cli.CLI{Stdout: &out, Stderr: &errb, Theme: os.DirFS(repoRoot), Version: "test"}
	if code := c.Run(context.Background(), args); code != cli.ExitOK {
		t.Fatalf("briefing %s: exit %d\n%s%s", strings.Join(args, " "), code, out.String(), errb.String())
	}
	// The shipped briefing's items dated after its cutoff are listed as
	// notices, and its placeholder base_url is noticed in one line;
	// nothing else may be written there.
	for _, line := range strings.Split(strings.TrimSuffix(errb.String(), "\n"), "\n") {
		if line != "" && !strings.Contains(line, ": notice: ") && !strings.HasSuffix(line, " notices") && !strings.HasPrefix(line, "notice: base_url ") {
			t.Errorf("briefing %s wrote to stderr:\n%s", strings.Join(args, " "), errb.String())
			break
		}
	}
	return out.String()
}

// unzip extracts data into dir as an unzip tool does and returns the
// entries in archive order.
func unzip(t *testing.T, data []byte, dir string) []*zip.File {
	t.Helper()
	entries, err := linkcheck.Unzip(data, dir)
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

// readTree reads every file under dir, by slash path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files, err := linkcheck.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

var (
	tagRE  = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>`)
	attrRE = regexp.MustCompile(`([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?`)
	cssURL = regexp.MustCompile(`(?i)url\(\s*['"]?([^'")]*)|@import\s+['"]([^'"]*)`)
	// Browser APIs that reach the network from a script. (A method
	// called fetch, as MiniSearch has, is no call of the global.)
	netAPI = regexp.MustCompile(`(?:[=(,;:!&|?]|\b(?:return|await|window\.|self\.|globalThis\.))\s*fetch\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon|importScripts|\bimport\(`)
)

// offHost lists the references of an HTML page that load from, submit to
// or open another host. Outbound links to sources (<a href="https://...">)
// are allowed, and so is the canonical link, which names where the page is
// published and is never loaded; nothing else may carry a scheme or start
// with "//".
func offHost(page string) []string {
	var bad []string
	for _, m := range tagRE.FindAllStringSubmatch(page, -1) {
		tag := strings.ToLower(m[1])
		attrs := map[string]string{}
		for _, a := range attrRE.FindAllStringSubmatch(m[2], -1) {
			attrs[strings.ToLower(a[1])] = html.UnescapeString(a[2] + a[3] + a[4])
		}
		for name, v := range attrs {
			switch name {
			case "href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href", "data-root", "background":
			default:
				continue
			}
			v = strings.TrimSpace(v)
			low := strings.ToLower(v)
			if strings.HasPrefix(v, "//") || strings.HasPrefix(v, `\\`) {
				bad = append(bad, "<"+tag+" "+name+"="+v+">: protocol-relative, opens another host (file://host/ from disk)")
				continue
			}
			if !strings.Contains(low, ":") || strings.IndexAny(low, ":") > strings.IndexAny(low+"/?#", "/?#") {
				continue // relative
			}
			outbound := (tag == "a" && name == "href" && (strings.HasPrefix(low, "https://") || strings.HasPrefix(low, "http://") || strings.HasPrefix(low, "mailto:"))) ||
				(tag == "link" && name == "href" && attrs["rel"] == "canonical")
			if !outbound {
				bad = append(bad, "<"+tag+" "+name+"="+v+">: names another host or scheme")
			}
		}
	}
	return bad
}

// TestZipOpensFromDisk zips the shipped briefing with the CLI, unzips it
// and follows every link of every page as a browser does on file://.
func TestZipOpensFromDisk(t *testing.T) {
	file := filepath.Join(t.TempDir(), "briefing.zip")
	stdout := runCLI(t, "zip", "--source", repoRoot, "--out", file)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	entries := unzip(t, data, dir)

	// One top folder, named after the title, holding everything.
	list, _ := os.ReadDir(dir)
	if len(list) != 1 || !list[0].IsDir() || list[0].Name() != top {
		var names []string
		for _, e := range list {
			names = append(names, e.Name())
		}
		t.Fatalf("the archive unzips to %v, want one folder %s", names, top)
	}
	root := filepath.Join(dir, top)
	files := readTree(t, root)
	if _, ok := files["index.html"]; !ok {
		t.Fatal("no index.html in the top folder")
	}
	pages := 0
	for p := range files {
		if strings.HasSuffix(p, ".html") {
			pages++
		}
	}
	if pages < 50 {
		t.Errorf("only %d pages in the archive", pages)
	}
	// The summary line says what went in.
	for _, want := range []string{"wrote " + file + ": ", " pages, ", "unzip it and open " + top + "/index.html"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout %q lacks %q", stdout, want)
		}
	}
	if !strings.Contains(stdout, ": "+strconv.Itoa(pages)+" pages, "+strconv.Itoa(len(files))+" files, ") {
		t.Errorf("stdout %q does not give %d pages and %d files", stdout, pages, len(files))
	}
	if n := len(entries); n <= len(files) {
		t.Errorf("%d entries for %d files: folder entries missing", n, len(files))
	}

	// Every link, script, style and form names a file that is there, and
	// every fragment an id in it.
	problems, external := linkcheck.Check(files, linkcheck.Disk, "")
	for _, p := range problems {
		t.Error(p)
	}
	if len(external) == 0 {
		t.Error("no outbound links to sources found: is the check looking at the pages?")
	}

	for p, b := range files {
		switch {
		case strings.HasSuffix(p, ".html"):
			for _, bad := range offHost(string(b)) {
				t.Errorf("%s: %s", p, bad)
			}
		case strings.HasSuffix(p, ".css"):
			for _, m := range cssURL.FindAllStringSubmatch(string(b), -1) {
				ref := m[1] + m[2]
				if strings.HasPrefix(ref, "data:") || strings.HasPrefix(ref, "#") {
					continue
				}
				if strings.Contains(ref, "://") || strings.HasPrefix(ref, "//") || strings.HasPrefix(ref, "/") {
					t.Errorf("%s: url(%s) is not relative", p, ref)
					continue
				}
				if _, ok := files[path.Join(path.Dir(p), strings.SplitN(ref, "?", 2)[0])]; !ok {
					t.Errorf("%s: url(%s): no such file", p, ref)
				}
			}
		case strings.HasSuffix(p, ".js"):
			for i, line := range strings.Split(string(b), "\n") {
				code := strings.TrimSpace(line)
				if strings.HasPrefix(code, "//") || strings.HasPrefix(code, "*") || strings.HasPrefix(code, "/*") {
					continue // a comment
				}
				if loc := netAPI.FindString(code); loc != "" {
					t.Errorf("%s:%d: %s reaches the network: %s", p, i+1, loc, code)
				}
				if strings.Contains(code, "http://") || strings.Contains(code, "https://") {
					t.Errorf("%s:%d: names a URL on another host: %s", p, i+1, code)
				}
			}
		}
	}

	// The search script loads search/s/<key>.js for the keys that
	// search/index.js lists: each must be there, and nothing else.
	idx := string(files["search/index.js"])
	const prefix = "window.BRIEFING_SEARCH="
	if !strings.HasPrefix(idx, prefix) {
		t.Fatalf("search/index.js starts %.60q", idx)
	}
	var meta struct {
		Shards []string `json:"shards"`
	}
	if err := json.Unmarshal([]byte(strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(idx, prefix)), ";")), &meta); err != nil {
		t.Fatalf("search/index.js: %v", err)
	}
	if len(meta.Shards) == 0 {
		t.Fatal("search/index.js lists no shards")
	}
	for _, k := range meta.Shards {
		if _, ok := files["search/s/"+k+".js"]; !ok {
			t.Errorf("search shard %s listed but search/s/%s.js missing", k, k)
		}
	}
	for p := range files {
		if strings.HasPrefix(p, "search/s/") && !slices.Contains(meta.Shards, strings.TrimSuffix(strings.TrimPrefix(p, "search/s/"), ".js")) {
			t.Errorf("%s is not listed in search/index.js", p)
		}
	}
}

// copyBriefing copies the shipped briefing's source (site.yaml and
// content/) into a temporary folder, so a test may touch its files.
func copyBriefing(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	src := os.DirFS(repoRoot)
	for _, root := range []string{"site.yaml", "content"} {
		err := fs.WalkDir(src, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			to := filepath.Join(dst, filepath.FromSlash(p))
			if d.IsDir() {
				return os.MkdirAll(to, 0o755)
			}
			b, err := fs.ReadFile(src, p)
			if err != nil {
				return err
			}
			return os.WriteFile(to, b, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// TestZipIsByteIdentical: two zips of the same input are the same bytes,
// and so is a third after a file's time changes but not its content (and
// with the previous archive lying in the source folder); entries are
// sorted and carry the as-of date, not the clock.
func TestZipIsByteIdentical(t *testing.T) {
	src := copyBriefing(t)
	out := t.TempDir()
	a, b := filepath.Join(out, "a.zip"), filepath.Join(out, "b.zip")
	runCLI(t, "zip", "--source", src, "--out", a)
	runCLI(t, "zip", "--source", src, "--out", b)
	first, _ := os.ReadFile(a)
	second, _ := os.ReadFile(b)
	if len(first) == 0 || !bytes.Equal(first, second) {
		t.Fatalf("two zips of the same input differ (%d and %d bytes)", len(first), len(second))
	}

	later := time.Now().Add(time.Hour)
	for _, f := range []string{"site.yaml", "content/cities/hama.md", "content/articles/hama-falls.md"} {
		if err := os.Chtimes(filepath.Join(src, filepath.FromSlash(f)), later, later); err != nil {
			t.Fatal(err)
		}
	}
	// Default --out: the archive goes into the source folder, beside
	// site.yaml, where the next zip must not pick it up.
	runCLI(t, "zip", "--source", src)
	runCLI(t, "zip", "--source", src)
	third, err := os.ReadFile(filepath.Join(src, top+".zip"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, third) {
		t.Fatalf("a zip after touching files (same content) differs: %d vs %d bytes", len(third), len(first))
	}

	zr, err := zip.NewReader(bytes.NewReader(first), int64(len(first)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	dirs := map[string]bool{}
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !f.Modified.Equal(asOf) {
			t.Errorf("%s: time %v, want the as-of date %v", f.Name, f.Modified, asOf)
		}
		if f.Comment != "" || len(f.Extra) > 32 {
			t.Errorf("%s: unexpected comment or extra fields (%d bytes)", f.Name, len(f.Extra))
		}
		if !strings.HasPrefix(f.Name, top+"/") {
			t.Errorf("entry %s outside the top folder", f.Name)
		}
		if strings.HasSuffix(f.Name, "/") {
			dirs[f.Name] = true
		} else if d := f.Name[:strings.LastIndex(f.Name, "/")+1]; !dirs[d] {
			t.Errorf("%s comes before its folder %s", f.Name, d)
		}
	}
	var fileNames []string
	for _, n := range names {
		if !strings.HasSuffix(n, "/") {
			fileNames = append(fileNames, n)
		}
	}
	if !slices.IsSorted(fileNames) {
		t.Error("file entries are not in sorted order")
	}
	if names[0] != top+"/" {
		t.Errorf("first entry %s, want %s/", names[0], top)
	}
}

// TestOffHostCatches proves the page scan above can fail.
func TestOffHostCatches(t *testing.T) {
	for page, want := range map[string]int{
		`<link rel="stylesheet" href="https://cdn.example/x.css">`:               1,
		`<link rel="canonical" href="https://user.github.io/repo/">`:             0,
		`<script src="//cdn.example/x.js"></script>`:                             1,
		`<img alt="" src='http://x/y.png'>`:                                      1,
		`<a href="https://www.reuters.com/x" rel="noopener">Reuters</a>`:         0,
		`<a href="//www.reuters.com/x">Reuters</a>`:                              1,
		`<form action="https://evil.example/"></form>`:                           1,
		`<a href="../cities/hama/index.html#x:y">Hama</a> <img src="a/b:c.svg">`: 0,
		`<svg><use xlink:href="https://x/sprite.svg#a"></use></svg>`:             1,
		`<a href="javascript:alert(1)">x</a>`:                                    1,
	} {
		if got := offHost(page); len(got) != want {
			t.Errorf("%s: %d problems %v, want %d", page, len(got), got, want)
		}
	}
}
