package content

import (
	"strings"
	"testing"
)

// TestParseLimits runs each limit through Parse: the file is refused with
// its error located where the limit is crossed.
func TestParseLimits(t *testing.T) {
	for _, tc := range []struct {
		name, kind, src, want string
	}{
		{"body nesting", "cities", "---\nname: X\n---\nText.\n\n" + strings.Repeat("> ", 40) + "x\n",
			"content/cities/x.md:6:65: Markdown nested more than 32 levels deep (lists and block quotes)"},
		{"note nesting", "cities", "---\nname: X\nclaims:\n  - article: a\n    quote: q\n    status: unverified\n    note: \"" + strings.Repeat("- ", 40) + "x\"\n---\n",
			"content/cities/x.md:7:11: claims[0].note: Markdown nested more than 32 levels deep (lists and block quotes)"},
		{"link definitions", "articles", "---\ntitle: T\ndate: 2024-12-05\n---\n" + strings.Repeat("[a]: b\n", 1001),
			"content/articles/x.md:1005:1: more than 1000 link reference definitions ([label]: url) in one file"},
		{"claims", "cities", "---\nname: X\nclaims:\n" + strings.Repeat("  - {article: a, quote: q, status: unverified}\n", 1001) + "---\n",
			"content/cities/x.md:4:3: 1001 claims in one file, more than the limit of 1000"},
		{"control list", "cities", "---\nname: X\ncontrol:\n" + strings.Repeat("  - {date: 2024-01-01, faction: f, source: s}\n", 10001) + "---\n",
			"content/cities/x.md:4:3: control has 10001 items, more than the limit of 10000"},
		{"YAML nesting", "cities", "---\nname: X\naliases: " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "\n---\n",
			"content/cities/x.md:3:42: YAML nested more than 32 levels deep"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, diags := Parse(File{Kind: tc.kind, Path: "content/" + tc.kind + "/x.md", Src: []byte(tc.src)})
			if len(diags) == 0 || diags[0].String() != tc.want {
				t.Fatalf("diagnostics:\n%v\nwant first:\n%s", diags, tc.want)
			}
			if !d.Broken && tc.name != "claims" && tc.name != "control list" {
				t.Error("file not marked broken")
			}
		})
	}
}

// TestBrokenFrontMatterBodyLimits: a body over Markdown's limits under a
// front matter that cannot be read is reported too, and not kept: resolve
// reads a broken file's body for its links, and such a body would stall
// goldmark.
func TestBrokenFrontMatterBodyLimits(t *testing.T) {
	deep := strings.Repeat("> ", 40) + "x\n"
	for name, front := range map[string]string{"invalid YAML": "name: [X\n", "empty": "", "not a mapping": "- x\n"} {
		t.Run(name, func(t *testing.T) {
			d, diags := Parse(File{Kind: "cities", Path: "content/cities/x.md", Src: []byte("---\n" + front + "---\n" + deep)})
			if !strings.Contains(diags.Error(), "Markdown nested more than 32 levels deep") || len(diags) != 2 {
				t.Errorf("diagnostics:\n%v\nwant the front matter's and the body's", diags)
			}
			if !d.Broken || d.Body != nil {
				t.Errorf("broken %v, body kept %q", d.Broken, d.Body)
			}
		})
	}
}
