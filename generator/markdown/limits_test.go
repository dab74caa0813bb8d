package markdown

import (
	"strings"
	"testing"
)

func TestCheckLimits(t *testing.T) {
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
			off, msg := CheckLimits([]byte(tc.text))
			if off != tc.off || msg != tc.msg {
				t.Errorf("CheckLimits = %d, %q; want %d, %q", off, msg, tc.off, tc.msg)
			}
		})
	}
}
