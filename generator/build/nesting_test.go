package build

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"briefing/generator/render/rendertest"
)

// htmlTag is an element's start or end tag, with the text before it; a
// comment, script or style body holds no tags this test looks at.
var htmlTag = regexp.MustCompile(`(?s)<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>`)

// interactiveTags are the elements HTML calls interactive content: none
// may be inside another (nor inside a summary, which is the control of
// its details).
var interactiveTags = map[string]bool{
	"a": true, "button": true, "details": false, "summary": true, "input": true,
	"select": true, "textarea": true, "label": true, "iframe": true, "embed": true,
}

// voidTags have no end tag.
var voidTags = map[string]bool{"input": true, "br": true, "img": true, "hr": true, "meta": true, "link": true, "source": true, "wbr": true, "col": true, "area": true, "base": true}

// nestedInteractive lists each interactive element of page that sits
// inside another, as "<a> inside <a>" with the text just before it.
func nestedInteractive(page string) []string {
	var open []string // the interactive elements open, innermost last
	var out []string
	for _, m := range htmlTag.FindAllStringSubmatchIndex(page, -1) {
		if m[4] < 0 {
			continue // a comment
		}
		end := page[m[2]:m[3]] == "/"
		name := strings.ToLower(page[m[4]:m[5]])
		if name == "input" && strings.Contains(page[m[6]:m[7]], `type="hidden"`) {
			continue
		}
		inter, ok := interactiveTags[name]
		if !ok || !inter {
			continue
		}
		if end {
			if n := len(open); n > 0 && open[n-1] == name {
				open = open[:n-1]
			}
			continue
		}
		if len(open) > 0 {
			out = append(out, "<"+name+"> inside <"+open[len(open)-1]+">, after "+strings.Join(strings.Fields(page[max(0, m[0]-120):m[0]]), " "))
		}
		if !voidTags[name] && !strings.HasSuffix(page[m[6]:m[7]], "/") {
			open = append(open, name)
		}
	}
	return out
}

// TestNoNestedInteractive checks every page of the shipped briefing and of
// a briefing whose Markdown puts claims' ends, citations, footnotes,
// [[links]] and URLs inside links (testdata/nesting): no interactive
// element is inside another (issue 16). A browser takes a link inside a
// link apart, and what it said is lost.
func TestNoNestedInteractive(t *testing.T) {
	for _, tc := range []struct {
		name string
		res  *Result
	}{
		{"shipped", buildShipped(t, Options{})},
		{"nesting", buildDir(t, "testdata/nesting")},
	} {
		files, err := rendertest.Files(tc.res.Tree)
		if err != nil {
			t.Fatal(err)
		}
		pages := 0
		for path, data := range files {
			if !strings.HasSuffix(path, ".html") {
				continue
			}
			pages++
			for _, p := range nestedInteractive(string(data)) {
				t.Errorf("%s: %s: %s", tc.name, path, p)
			}
		}
		if pages < 10 {
			t.Errorf("%s: only %d pages", tc.name, pages)
		}
	}
	// The fixture's article keeps every claim tag, citation and footnote
	// number, beside the links they were written in.
	res := buildDir(t, "testdata/nesting")
	art := string(rendertest.File(res.Tree, "articles/report/index.html"))
	for _, want := range []string{
		`Geir Pedersen</mark></a><sup class="claim-tag claim-false">`,
		`the city of Hama</mark></a><sup class="claim-tag claim-corroborated">`,
		`of AFP</a><sup class="cite">`,
		`a note</a><sup id="fnref:1">`,
		`the site https://example.org/y too</a>`,
	} {
		if !strings.Contains(art, want) {
			t.Errorf("nesting article lacks %s", want)
		}
	}
	if n := strings.Count(art, `class="claim-tag `); n != 5 {
		t.Errorf("nesting article has %d claim tags, want 5", n)
	}
	// The test catches what it looks for.
	if got := nestedInteractive(`<p><a href="x">a <sup><a href="#y">1</a></sup></a></p>`); len(got) != 1 {
		t.Errorf("a link in a link found %d times, want 1: %v", len(got), got)
	}
}

// buildDir builds the briefing in dir with the shipped theme, failing on
// any problem.
func buildDir(t *testing.T, dir string) *Result {
	t.Helper()
	res, diags := Build(os.DirFS(dir), Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatalf("%s does not build:\n%v", dir, diags)
	}
	return res
}

// htmlID is an id attribute.
var htmlID = regexp.MustCompile(`\sid="([^"]+)"`)

// TestShippedSmallThings pins the small things a careful reader of the
// shipped briefing noticed (issue 16, item 10): no page lists an entry
// twice (an id twice is a card twice), a source page lists each page
// resting on it once, "Mentioned in" has no space before punctuation, the
// grade letters are explained in words, and the status counts link to
// their claims.
func TestShippedSmallThings(t *testing.T) {
	res := buildShipped(t, Options{})
	files, err := rendertest.Files(res.Tree)
	if err != nil {
		t.Fatal(err)
	}
	spaced := regexp.MustCompile(`\w (</mark>)?[.,;:]( |$|</)`)
	for path, data := range files {
		if !strings.HasSuffix(path, ".html") {
			continue
		}
		page := string(data)
		seen := map[string]bool{}
		for _, m := range htmlID.FindAllStringSubmatch(page, -1) {
			if seen[m[1]] {
				t.Errorf("%s: id %q twice", path, m[1])
			}
			seen[m[1]] = true
		}
		for _, bq := range regexp.MustCompile(`(?s)<blockquote class="context">(.*?)</blockquote>`).FindAllStringSubmatch(page, -1) {
			if m := spaced.FindString(bq[1]); m != "" {
				t.Errorf("%s: a mention has a space before punctuation: %q in %q", path, m, bq[1])
			}
		}
		if !strings.Contains(page, "<abbr class=\"grade grade-B\">B</abbr> usually reliable") && path != "404.html" {
			t.Errorf("%s: the grades are not explained in words", path)
		}
	}
	sohr := string(files["sources/sohr/index.html"])
	cited := sohr[strings.Index(sohr, `id="cited-by"`):]
	cited = cited[:strings.Index(cited, "</section>")]
	if n := strings.Count(cited, "Operation Deterrence of Aggression"); n != 1 {
		t.Errorf("SOHR's page lists Operation Deterrence of Aggression %d times among the pages citing it, want once", n)
	}
	if !strings.Contains(cited, "(event, in the text; figures: ") {
		t.Errorf("SOHR's page does not say every way the event rests on it:\n%s", cited)
	}
	if home := string(files["index.html"]); !strings.Contains(home, `<a href="claims/#status-false">`) {
		t.Error("the home page's false count does not link to the false claims")
	}
}
