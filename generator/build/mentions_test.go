package build

import (
	"fmt"
	"strings"
	"testing"

	"briefing/generator/render"
)

// TestMentionsPage: an entity linked from more pages than its "Mentioned
// in" list shows lists the first render.MaxMentions, says how many more
// there are, and links to a page of them all. Before, a city linked 5,000
// times carried 5,000 quoted sentences on its own page.
func TestMentionsPage(t *testing.T) {
	links := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "Report %d says [[hama]] fell.\n\n", i)
		}
		return b.String()
	}
	for _, tc := range []struct {
		links int
		page  bool
	}{{render.MaxMentions - 10, false}, {render.MaxMentions + 20, true}} {
		fsys := mini(t, map[string]string{"content/articles/many.md": "---\ntitle: Many\ndate: 2024-12-04\n---\n" + links(tc.links)})
		for _, fileLinks := range []bool{false, true} {
			res, diags := Build(fsys, Options{Theme: repo, FileLinks: fileLinks})
			if len(diags) > 0 {
				t.Fatal(diags)
			}
			total := len(res.Briefing.Page("cities/hama").Mentions)
			files := all(t, res)
			hama := string(files["cities/hama/index.html"])
			shown := strings.Count(hama, `<blockquote class="context">`)
			page, hasPage := files["cities/hama/mentions/index.html"]
			if inMap := strings.Contains(string(files["sitemap.xml"]), "<loc>https://example.org/test/cities/hama/mentions/</loc>"); inMap != tc.page {
				t.Errorf("%d mentions: the page of mentions in sitemap.xml: %v, want %v", total, inMap, tc.page)
			}
			if !tc.page {
				if shown != total || hasPage || strings.Contains(hama, "more-mentions") {
					t.Errorf("%d mentions: %d shown, page of mentions %v", total, shown, hasPage)
				}
				continue
			}
			if shown != render.MaxMentions {
				t.Errorf("%d mentions: %d shown on the city's page, want %d", total, shown, render.MaxMentions)
			}
			link := `href="../../cities/hama/mentions/"`
			if fileLinks {
				link = `href="../../cities/hama/mentions/index.html"`
			}
			if want := fmt.Sprintf(`<p class="more-mentions"><a %s>… and %d more →</a></p>`, link, total-render.MaxMentions); !strings.Contains(hama, want) {
				t.Errorf("the city's page lacks %s", want)
			}
			if !hasPage {
				t.Fatal("no page of mentions")
			}
			if n := strings.Count(string(page), `<blockquote class="context">`); n != total {
				t.Errorf("the page of mentions lists %d, want %d", n, total)
			}
			if !strings.Contains(string(page), "<h1>Mentions of Hama</h1>") || !strings.Contains(string(page), `aria-current="page">Cities</a>`) {
				t.Errorf("the page of mentions has no heading or navigation:\n%s", page)
			}
			checkLinks(t, files, fileLinks)
		}
	}
}
