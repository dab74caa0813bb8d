package content

import (
	"strings"
	"testing"

	"briefing/generator/diag"
)

func TestCheckMarkdown(t *testing.T) {
	deepList := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(strings.Repeat("  ", i) + "- item\n")
		}
		return b.String()
	}
	for _, tc := range []struct {
		name, text string
		off        int // -1: accepted
		msg        string
	}{
		{"prose", "Rebels took Hama.\n\n- a\n  - b\n    - c\n\n> quote\n> > nested\n", -1, ""},
		{"32 levels on one line", strings.Repeat("- ", 32) + "x\n", -1, ""},
		{"33 levels on one line", strings.Repeat("- ", 33) + "x\n", 64, "Markdown nested more than 32 levels deep (lists and block quotes)"},
		{"quotes", strings.Repeat(">", 40) + " x\n", 32, "Markdown nested more than 32 levels deep (lists and block quotes)"},
		{"ordered and quotes", strings.Repeat("1. > ", 20) + "x\n", 80, "Markdown nested more than 32 levels deep (lists and block quotes)"},
		{"indented lists", deepList(32), -1, ""},
		{"indented lists too deep", deepList(40), len(deepList(32)) + 64, "Markdown nested more than 32 levels deep (lists and block quotes)"},
		{"thematic break", strings.Repeat("- ", 100) + "\n" + strings.Repeat("* ", 100) + "\n", -1, ""},
		{"fenced code", "```\n" + strings.Repeat("- ", 100) + "x\n```\n~~~~\n" + strings.Repeat("> ", 50) + "\n~~~~\n", -1, ""},
		{"after fenced code", "```\nx\n```\n" + strings.Repeat("> ", 50) + "\n", 10 + 64, "Markdown nested more than 32 levels deep (lists and block quotes)"},
		{"numbers are not lists", strings.Repeat("1 2 3 ", 100) + "\n2024. A year.\n", -1, ""},
		{"link definitions", strings.Repeat("[a]: https://e.org/\n", 1000), -1, ""},
		{"too many link definitions", strings.Repeat("[a]: b\n", 1001), 7000, "more than 1000 link reference definitions ([label]: url) in one file"},
		{"footnotes are not link definitions", strings.Repeat("[^a]: b\n", 1000) + strings.Repeat("[a]: b\n", 1000), -1, ""},
		{"too many footnotes", strings.Repeat("[^a]: b\n", 1001), 8000, "more than 1000 footnotes ([^label]: text) in one file"},
		{"footnotes in quotes and lists count", strings.Repeat("> [^a]: b\n", 500) + strings.Repeat("1. [^a]: b\n", 500) + "- [^x]: y\n", 10*500 + 11*500 + 2, "more than 1000 footnotes ([^label]: text) in one file"},
		{"footnote references are not definitions", strings.Repeat("See[^a]: b\n", 2000), -1, ""},
		{"links are not definitions", strings.Repeat("[a](b): c\n", 2000), -1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			off, msg := checkMarkdown([]byte(tc.text))
			if off != tc.off || msg != tc.msg {
				t.Errorf("checkMarkdown = %d, %q; want %d, %q", off, msg, tc.off, tc.msg)
			}
		})
	}
}

// TestParseLimits runs each limit through Parse: the file is refused with
// its error located where the limit is crossed.
func TestParseLimits(t *testing.T) {
	site := fuzzSite(t)
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
			var diags diag.List
			d := Parse(site, tc.kind, "content/"+tc.kind+"/x.md", []byte(tc.src), &diags)
			if len(diags) == 0 || diags[0].String() != tc.want {
				t.Fatalf("diagnostics:\n%v\nwant first:\n%s", diags, tc.want)
			}
			if !d.Broken && tc.name != "claims" && tc.name != "control list" {
				t.Error("file not marked broken")
			}
		})
	}
}
