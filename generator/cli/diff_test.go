package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"briefing/generator/changes"
	"briefing/generator/linkcheck"

	"golang.org/x/tools/txtar"
)

// editionsOnDisk writes two editions of the base briefing: the second
// changes one claim's status, adds a claim, adds a control change,
// revises a figure and adds a page. It returns their source folders.
func editionsOnDisk(t *testing.T) (old, new string) {
	t.Helper()
	base, err := txtar.ParseFile("testdata/base.txtar")
	if err != nil {
		t.Fatal(err)
	}
	figure := func(value string) string {
		return "figures:\n  - label: killed\n    value: " + value + "\n    qualifier: at least\n    as_of: 2024-12-05\n    source: sohr\n"
	}
	hama := string(archiveFile(base, "content/cities/hama.md"))
	oldHama := strings.Replace(hama, "claims:\n", figure("727")+"claims:\n", 1)
	newHama := strings.Replace(oldHama, "status: corroborated\n    sources: [afp]\n    note: Reported by [[afp]] on 5 December.",
		"status: partly\n    sources: [afp]\n    note: Only [[afp]] reported it.", 1)
	newHama = strings.Replace(newHama, "value: 727", "value: 740", 1)
	old = overlay(t, base, &txtar.Archive{Files: []txtar.File{{Name: "content/cities/hama.md", Data: []byte(oldHama)}}})
	new = overlay(t, base, &txtar.Archive{Files: []txtar.File{
		{Name: "content/cities/hama.md", Data: []byte(newHama)},
		{Name: "content/cities/aleppo.md", Data: []byte(`---
name: Aleppo
coords: [36.217, 37.167]
control:
  - date: 2024-11-30
    faction: hts
    source: sohr
  - date: 2024-12-06
    faction: saa
    source: afp
    note: a counter-attack, for this test
claims:
  - article: report
    quote: Aleppo fell last week
    status: corroborated
    sources: [sohr]
---
Largest city of the north.
`)},
		{Name: "content/cities/homs.md", Data: []byte("---\nname: Homs\n---\nOn the Orontes.\n")},
	}})
	return old, new
}

func archiveFile(a *txtar.Archive, name string) []byte {
	for _, f := range a.Files {
		if f.Name == name {
			return f.Data
		}
	}
	return nil
}

const wantDiff = `What changed from the edition of 6 December 2024 to the edition of 6 December 2024

Claims with a new status (1)
  ~ "took Hama on Thursday" in Rebels take Hama (fact sheet: Hama): corroborated → partly
    note: Only Agence France-Presse reported it.

Claims added (1)
  + "Aleppo fell last week" in Rebels take Hama (fact sheet: Aleppo): corroborated

Control (1)
  Aleppo: held by Hayat Tahrir al-Sham → Syrian Arab Army
    + 6 December 2024 Syrian Arab Army (Agence France-Presse): a counter-attack, for this test

Figures revised (1)
  ~ Hama: killed, as of 5 December 2024 (Syrian Observatory for Human Rights): at least 740, was at least 727

Pages added (1)
  + Homs (cities/homs)

5 changes
`

// TestDiffEditions builds two editions and compares them by their
// briefing.json, their folders and their zips.
func TestDiffEditions(t *testing.T) {
	oldSrc, newSrc := editionsOnDisk(t)
	out := t.TempDir()
	oldSite, newSite := filepath.Join(out, "old"), filepath.Join(out, "new")
	oldZip, newZip := filepath.Join(out, "old.zip"), filepath.Join(out, "new.zip")
	for _, args := range [][]string{
		{"build", "--source", oldSrc, "--out", oldSite},
		{"build", "--source", newSrc, "--out", newSite},
		{"zip", "--source", oldSrc, "--out", oldZip},
		{"zip", "--source", newSrc, "--out", newZip},
	} {
		if code, _, errs := run(t, args...); code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, errs)
		}
	}
	for _, pair := range [][2]string{
		{filepath.Join(oldSite, "briefing.json"), filepath.Join(newSite, "briefing.json")},
		{oldSite, newSite},
		{oldZip, newZip},
		{oldZip, newSite},
	} {
		code, stdout, stderr := run(t, "diff", pair[0], pair[1])
		if code != 0 || stderr != "" {
			t.Errorf("diff %v: exit %d\n%s", pair, code, stderr)
		}
		if stdout != wantDiff {
			t.Errorf("diff %v:\n%s\nwant\n%s", pair, stdout, wantDiff)
		}
	}
	code, stdout, _ := run(t, "diff", newSite, newSite)
	if code != 0 || !strings.HasSuffix(stdout, "\nno changes\n") {
		t.Errorf("an edition against itself: exit %d\n%s", code, stdout)
	}
	// What changed is told from an earlier edition to a later one, never
	// backwards: diff and build --previous refuse a later one as the old.
	later := filepath.Join(out, "later")
	if code, _, errs := run(t, "build", "--source", newSrc, "--out", later, "--as-of", "2024-12-07"); code != 0 {
		t.Fatalf("build --as-of: exit %d\n%s", code, errs)
	}
	code, stdout, stderr := run(t, "diff", later, oldSite)
	if want := "is later than NEW"; code != ExitUsage || stdout != "" || !strings.Contains(stderr, want) {
		t.Errorf("diff LATER EARLIER: exit %d\n%s%s\nwant exit %d and %q", code, stdout, stderr, ExitUsage, want)
	}
	code, _, stderr = run(t, "build", "--source", oldSrc, "--out", filepath.Join(out, "back"), "--previous", later)
	// Located at the edition's as_of (briefing.json is one line).
	if want := filepath.Join(later, "briefing.json") + ":1:"; code != ExitContent || !strings.HasPrefix(stderr, want) || !strings.Contains(stderr, ": --previous is the edition of 7 December 2024, later than this one (6 December 2024)") {
		t.Errorf("build --previous LATER: exit %d\n%s\nwant exit %d and %q", code, stderr, ExitContent, want)
	}
}

// TestEditionIsAPipe: an edition that is a named pipe (or a folder whose
// briefing.json is one) is refused, not opened: opening it waited for a
// writer, for good, and Ctrl-C did not stop it.
func TestEditionIsAPipe(t *testing.T) {
	dir := t.TempDir()
	pipe := filepath.Join(dir, "pipe")
	mkfifo(t, pipe)
	folder := filepath.Join(dir, "site")
	os.Mkdir(folder, 0o755)
	mkfifo(t, filepath.Join(folder, "briefing.json"))
	src, _ := editionsOnDisk(t)
	for _, args := range [][]string{
		{"diff", pipe, folder},
		{"diff", folder, pipe},
		{"build", "--source", src, "--out", filepath.Join(dir, "out"), "--previous", pipe},
	} {
		done := make(chan struct{})
		go func() {
			defer close(done)
			code, _, errs := run(t, args...)
			if code != ExitContent || !strings.Contains(errs, ": not a regular file") {
				t.Errorf("%v: exit %d\n%s", args, code, errs)
			}
		}()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("%v: still running after 20 s (opened the pipe?)", args)
		}
	}
}

func TestDiffUsage(t *testing.T) {
	dir := t.TempDir()
	notJSON := filepath.Join(dir, "x.json")
	os.WriteFile(notJSON, []byte("{}"), 0o644)
	for _, tc := range []struct {
		args []string
		code int
		in   string
	}{
		{[]string{"diff"}, ExitUsage, "want two editions, OLD and NEW, got 0"},
		{[]string{"diff", "a"}, ExitUsage, "want two editions"},
		{[]string{"diff", "--help"}, ExitOK, "Usage: briefing diff OLD NEW"},
		{[]string{"diff", filepath.Join(dir, "missing"), notJSON}, ExitUsage, "missing: no such file or folder"},
		{[]string{"diff", notJSON, notJSON}, ExitContent, `x.json: not a briefing.json: it has no "schema"`},
		{[]string{"dif"}, ExitUsage, `did you mean "diff"?`},
	} {
		code, out, errs := run(t, tc.args...)
		if code != tc.code || !strings.Contains(out+errs, tc.in) {
			t.Errorf("briefing %s: exit %d, output:\n%s%s\nwant exit %d and %q", strings.Join(tc.args, " "), code, out, errs, tc.code, tc.in)
		}
	}
}

// TestChangesPage builds the second edition with --previous (the first's
// briefing.json, folder or zip) and checks its What changed page lists
// what briefing diff lists, linked, and that the feed has the edition's
// entry.
func TestChangesPage(t *testing.T) {
	oldSrc, newSrc := editionsOnDisk(t)
	out := t.TempDir()
	oldSite, oldZip := filepath.Join(out, "old"), filepath.Join(out, "old.zip")
	for _, args := range [][]string{
		{"build", "--source", oldSrc, "--out", oldSite},
		{"zip", "--source", oldSrc, "--out", oldZip},
	} {
		if code, _, errs := run(t, args...); code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, errs)
		}
	}
	var pages []string
	for i, prev := range []string{filepath.Join(oldSite, "briefing.json"), oldSite, oldZip} {
		site := filepath.Join(out, "new"+string(rune('a'+i)))
		code, _, errs := run(t, "build", "--source", newSrc, "--out", site, "--previous", prev)
		if code != 0 {
			t.Fatalf("build --previous %s: exit %d\n%s", prev, code, errs)
		}
		page, err := os.ReadFile(filepath.Join(site, "changes", "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, string(page))
		if i > 0 && pages[i] != pages[0] {
			t.Errorf("--previous %s gives another page than its briefing.json", prev)
		}
		if i > 0 {
			continue
		}
		for _, want := range []string{
			`<h2 id="status-h">Claims with a new status <span class="muted">(1)</span></h2>`,
			`<a href="../articles/report/#claim-cities-hama-0" dir="auto">“took Hama on Thursday”</a>`,
			`<span class="badge status-corroborated">corroborated</span> → <span class="badge status-partly">partly true</span>`,
			`Only Agence France-Presse reported it.`,
			`<a href="../articles/report/#claim-cities-aleppo-0" dir="auto">“Aleppo fell last week”</a>`,
			`<a href="../cities/aleppo/#control" dir="auto">Aleppo</a>`,
			`held by Hayat Tahrir al-Sham → Syrian Arab Army`,
			`<li class="change-added"><span class="change-sign">added:</span> 6 December 2024 Syrian Arab Army (Agence France-Presse): a counter-attack, for this test</li>`,
			`<a href="../cities/hama/#figures" dir="auto">Hama: killed, as of 5 December 2024 (Syrian Observatory for Human Rights)</a>`,
			// A page by its kind's name, as lists write it.
			`<a href="../cities/homs/" dir="auto">Homs</a> <span class="muted">(city)</span>`,
			`at least 740 <span class="muted">(was at least 727)</span>`,
		} {
			if !strings.Contains(pages[0], want) {
				t.Errorf("changes page lacks %s\n%s", want, pages[0][strings.Index(pages[0], "<main"):])
			}
		}
		files, err := linkcheck.ReadDir(site)
		if err != nil {
			t.Fatal(err)
		}
		problems, _ := linkcheck.Check(files, linkcheck.Server, "/test/")
		for _, p := range problems {
			t.Error(p)
		}
		// Every page's navigation links the page (render.Check ran the
		// templates first, and its cached header had no such item).
		navs := 0
		for path, data := range files {
			if !strings.HasSuffix(path, ".html") {
				continue
			}
			nav := string(data)
			if i := strings.Index(nav, `<nav aria-label="Sections">`); i >= 0 {
				nav = nav[i : i+strings.Index(nav[i:], "</nav>")]
				navs++
				if !strings.Contains(nav, `changes/"`) || !strings.Contains(nav, ">What changed</a>") {
					t.Errorf("%s: the navigation does not link What changed: %s", path, nav)
				}
			}
		}
		if navs < 10 {
			t.Errorf("%d pages with navigation, want at least 10", navs)
		}
		home, _ := os.ReadFile(filepath.Join(site, "index.html"))
		if !strings.Contains(string(home), `<a href="changes/">What changed since the edition of 6 December 2024</a> <span class="muted">(5 changes)</span>`) {
			t.Errorf("the home page does not link the changes")
		}
		feed, _ := os.ReadFile(filepath.Join(site, "feed.xml"))
		for _, want := range []string{
			"<title>What changed: edition of 6 December 2024</title>",
			`<link href="https://example.org/test/changes/" rel="alternate" type="text/html"></link>`,
			"Since the edition of 6 December 2024: 1 claim with a new status, 1 claim added, 1 place whose control changed, 1 figure revised and 1 page added.",
		} {
			if !strings.Contains(string(feed), want) {
				t.Errorf("feed lacks %s:\n%s", want, feed)
			}
		}
		sitemap, _ := os.ReadFile(filepath.Join(site, "sitemap.xml"))
		if !strings.Contains(string(sitemap), "<loc>https://example.org/test/changes/</loc>") {
			t.Errorf("sitemap lacks the changes page")
		}
	}
	// Without --previous there is no such page.
	site := filepath.Join(out, "plain")
	if code, _, errs := run(t, "build", "--source", newSrc, "--out", site); code != 0 {
		t.Fatal(errs)
	}
	if _, err := os.Stat(filepath.Join(site, "changes")); err == nil {
		t.Errorf("a build without --previous has a changes page")
	}
}

// TestPreviousBadDates: an edition whose dates were edited by hand into
// ones that are not dates is refused, every bad date on its own line at
// its line and column, by build --previous and by diff alike.
func TestPreviousBadDates(t *testing.T) {
	_, newSrc := editionsOnDisk(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "briefing.json")
	os.WriteFile(bad, []byte(`{"schema": "`+changes.Schema+`",
 "as_of": "2024-13-40",
 "control": [{"city": "cities/hama", "date": "2024-12-5"}]}
`), 0o644)
	lines := func(prefix string) string {
		return prefix + bad + `:2:11: as_of is not a real date: "2024-13-40"` + "\n" +
			prefix + bad + `:3:46: control[0].date must be a date (YYYY-MM-DD), got "2024-12-5"` + "\n"
	}
	code, _, stderr := run(t, "build", "--source", newSrc, "--out", filepath.Join(dir, "site"), "--previous", dir)
	if want := lines("briefing build: --previous: "); code != ExitContent || stderr != want {
		t.Errorf("build --previous: exit %d\n%s\nwant\n%s", code, stderr, want)
	}
	code, _, stderr = run(t, "diff", bad, bad)
	if want := lines("briefing diff: "); code != ExitContent || stderr != want {
		t.Errorf("diff: exit %d\n%s\nwant\n%s", code, stderr, want)
	}
}
