package markdown

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// footnoteDocs are the shapes footnotes come in: used once, many times,
// never; defined twice; inside quotes, lists, tables, headings and other
// notes; with "!" before them; undefined; and labels that are not notes.
var footnoteDocs = []string{
	"Text[^1] and more[^2].\n\n[^1]: One.\n[^2]: Two.\n",
	"Twice[^a], thrice[^a][^a].\n\n[^a]: Note a.\n",
	"Unused only.\n\n[^x]: Never referred to.\n",
	"Some used[^b], some not.\n\n[^a]: A.\n[^b]: B.\n[^c]: C.\n",
	"Out of order[^c][^a][^b].\n\n[^a]: A.\n[^b]: B.\n[^c]: C.\n",
	"Dup[^d].\n\n[^d]: First.\n[^d]: Second.\n",
	"Bang![^e] and ![^e] image-ish ![alt](x.png).\n\n[^e]: E.\n",
	"Undefined[^nope] and [^] and [^ ] and [^a b].\n\n[^a b]: spaced.\n",
	"> Quoted[^q].\n>\n> [^q]: In the quote.\n\nAfter[^q].\n",
	"- item[^l]\n- [^m]: defined in a list\n\n[^l]: L.\n",
	"| a | b[^t] |\n|---|---|\n| [^t] | x |\n\n[^t]: Table note.\n",
	"# Heading[^h]\n\n[^h]: Heading note[^i].\n\n[^i]: Nested note.\n",
	"[^n]: Defined first.\n\nUsed after[^n].\n",
	"Multi[^p].\n\n[^p]: First paragraph.\n\n    Second paragraph, indented.\n\n    - a list\n",
	"Case[^A] [^a].\n\n[^a]: lower.\n[^A]: upper.\n",
	"Escaped \\[^1] and `[^1]` and [link][^1] and [^1][ref].\n\n[^1]: One.\n\n[ref]: https://example.org/\n",
	"[^" + strings.Repeat("x", 1200) + "] long label.\n\n[^" + strings.Repeat("x", 1200) + "]: long.\n",
	"No notes at all, but [^brackets].\n",
	"Empty def[^z].\n\n[^z]:\n",
}

func stockFootnotes() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.Footnote))
}
func ourFootnotes() goldmark.Markdown { return goldmark.New(goldmark.WithExtensions(footnotes{})) }

func renderWith(m goldmark.Markdown, src []byte) string {
	var b bytes.Buffer
	if err := m.Renderer().Render(&b, src, m.Parser().Parse(text.NewReader(src))); err != nil {
		return "error: " + err.Error()
	}
	return b.String()
}

// TestFootnotesAsGoldmark: the map-based footnotes give the HTML of
// goldmark's extension.Footnote, in every shape above.
func TestFootnotesAsGoldmark(t *testing.T) {
	stock, ours := stockFootnotes(), ourFootnotes()
	for _, src := range footnoteDocs {
		if got, want := renderWith(ours, []byte(src)), renderWith(stock, []byte(src)); got != want {
			t.Errorf("%q:\n got %s\nwant %s", src, got, want)
		}
	}
	// And in the briefing's whole dialect.
	md := New()
	for _, src := range footnoteDocs[:3] {
		if out := md.RenderString([]byte(src), md.Parse([]byte(src))); !strings.Contains(out, "footnote") && strings.Contains(src, "Text") {
			t.Errorf("%q: no footnotes in\n%s", src, out)
		}
	}
}

// FuzzFootnotes holds the footnotes to goldmark's on any document.
func FuzzFootnotes(f *testing.F) {
	for _, s := range footnoteDocs {
		f.Add(s)
	}
	stock, ours := stockFootnotes(), ourFootnotes()
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 8<<10 {
			t.Skip()
		}
		if got, want := renderWith(ours, []byte(src)), renderWith(stock, []byte(src)); got != want {
			t.Fatalf("%q:\n got %q\nwant %q", src, got, want)
		}
	})
}

// footnoteFile is n references, all to the last of n definitions: the
// worst case for a parser that walks the definitions.
func footnoteFile(n int) []byte {
	var b strings.Builder
	for range n {
		fmt.Fprintf(&b, "[^n%d] ", n-1)
	}
	b.WriteString("\n\n")
	for i := range n {
		fmt.Fprintf(&b, "[^n%d]: x\n", i)
	}
	return []byte(b.String())
}

// BenchmarkFootnotes parses n references to the last of n definitions
// with goldmark's footnotes and with ours: goldmark's time grows with n²
// (16x from 1,000 to 4,000), ours with n.
func BenchmarkFootnotes(b *testing.B) {
	for _, n := range []int{1000, 4000} {
		src := footnoteFile(n)
		for _, c := range []struct {
			name string
			md   goldmark.Markdown
		}{{"goldmark", stockFootnotes()}, {"map", ourFootnotes()}} {
			b.Run(fmt.Sprintf("%s/%d", c.name, n), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					c.md.Parser().Parse(text.NewReader(src))
				}
			})
		}
	}
}
