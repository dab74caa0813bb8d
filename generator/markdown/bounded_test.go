package markdown

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"go.abhg.dev/goldmark/wikilink"
)

// TestBoundedLookahead checks the bounds on look-ahead change nothing a
// writer would notice: annotations and links of any sensible length still
// parse; only ones longer than the bounds read as text.
func TestBoundedLookahead(t *testing.T) {
	long := strings.Repeat("a", 3000)
	for _, tc := range []struct {
		src           string
		wikis, cites  int
		links, images int
	}{
		{"[[hama]] and ![[img]] and [[hts|HTS]]", 3, 0, 0, 0},
		{"[[" + strings.Repeat("a", 900) + "]]", 1, 0, 0, 0},
		{"[[" + long + "]]", 0, 0, 0, 0},
		{"[@sohr] [@a; @b, p. 3] [@" + strings.Repeat("a", 900) + "]", 0, 3, 0, 0},
		{"[@" + long + "]", 0, 0, 0, 0},
		{"[x](https://example.org/) [y](<https://example.org/a b>) [z](/a(b)c \"title\") ![i](/i.png)", 0, 0, 3, 1},
		{"[x](https://example.org/" + strings.Repeat("a", 1900) + ")", 0, 0, 1, 0},
		{"[x](https://example.org/" + long + ")", 0, 0, 0, 0},
		{"[x](https://example.org/" + long, 0, 0, 0, 0},
		{"[x](<" + long + ">)", 0, 0, 0, 0},
		{"[x](https://example.org/ \"a title\nover two lines\")", 0, 0, 1, 0},
		{"[x]\n\n[x]: https://example.org/", 0, 0, 1, 0},
	} {
		md := New()
		doc := md.Parse([]byte(tc.src))
		var wikis, cites, links, images int
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if entering {
				switch n.(type) {
				case *wikilink.Node:
					wikis++
				case *Cite:
					cites++
				case *ast.Link:
					links++
				case *ast.Image:
					images++
				}
			}
			return ast.WalkContinue, nil
		})
		if wikis != tc.wikis || cites != tc.cites || links != tc.links || images != tc.images {
			t.Errorf("%.60q: %d wikilinks, %d citations, %d links, %d images; want %d, %d, %d, %d",
				tc.src, wikis, cites, links, images, tc.wikis, tc.cites, tc.links, tc.images)
		}
		// The text is all still there.
		if out := md.RenderString([]byte(tc.src), doc); tc.wikis+tc.cites+tc.links+tc.images == 0 && !strings.Contains(out, long[:100]) && strings.Contains(tc.src, long) {
			t.Errorf("%.60q: text lost:\n%.200s", tc.src, out)
		}
	}
}

// TestPathologicalInput parses 128 kB of each pattern that made an inline
// parser scan the rest of its line at every step (minutes for a few
// hundred kB before the bounds). There is no timing assertion: a
// regression shows as this test running for minutes, so run the package
// with a -timeout.
func TestPathologicalInput(t *testing.T) {
	md := New()
	for _, p := range []string{"[[", "![[", "[@", "[x](", "[x](<", "[", "!", "[x][", "*a ", "a_", "<", "[^", "[[a|"} {
		src := []byte(strings.Repeat(p, (128<<10)/len(p)))
		doc := md.Parse(src)
		if out := md.RenderString(src, doc); len(out) < len(src)/2 {
			t.Errorf("%q: %d bytes of HTML for %d of Markdown", p, len(out), len(src))
		}
	}
}

// TestUnsafeHTMLCatches proves FuzzRender's check sees what it looks for.
func TestUnsafeHTMLCatches(t *testing.T) {
	for _, bad := range []string{
		`<script>x</script>`, `<SCRIPT src=x>`, `<img src=x onerror=alert(1)>`, `<a href="javascript:alert(1)">`,
		`<a href=" jav&#x61;script&#x3a;x">`, `<a href='JAVASCRIPT&colon;x'>`, `<iframe src=x>`, `<p style="x">`, `<a href="data:text/html,x">`,
	} {
		if unsafeHTML(bad) == "" {
			t.Errorf("unsafeHTML(%q) = \"\"", bad)
		}
	}
	for _, good := range []string{`<p>&lt;script&gt;</p>`, `<a href="https://e.org/?a=1&amp;b=2">x</a>`, `<code class="raw-html">&lt;img onerror=x&gt;</code>`} {
		if why := unsafeHTML(good); why != "" {
			t.Errorf("unsafeHTML(%q) = %q", good, why)
		}
	}
}
