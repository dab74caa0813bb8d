package markdown

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"

	"github.com/yuin/goldmark/ast"
)

// tagRE finds start tags; in HTML that a renderer escaped properly every
// "<" that is not markup is written "&lt;", so each match is a real tag.
var tagRE = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>`)
var attrRE = regexp.MustCompile(`([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?`)

// unsafeHTML returns what makes html unsafe to show: a script, style or
// iframe-like element, an event handler attribute, or a URL attribute with
// a script scheme. It returns "" for safe HTML.
func unsafeHTML(doc string) string {
	for _, m := range tagRE.FindAllStringSubmatch(doc, -1) {
		switch strings.ToLower(m[1]) {
		case "script", "style", "iframe", "object", "embed", "frame", "frameset", "meta", "base", "link", "form", "svg", "math", "template":
			return "element <" + m[1] + ">"
		}
		for _, a := range attrRE.FindAllStringSubmatch(m[2], -1) {
			name := strings.ToLower(a[1])
			val := a[2] + a[3] + a[4]
			if strings.HasPrefix(name, "on") || name == "style" || name == "srcdoc" {
				return "attribute " + a[0]
			}
			if name == "href" || name == "src" || name == "action" || name == "formaction" || name == "xlink:href" {
				v := strings.ToLower(strings.Map(func(r rune) rune {
					if r <= ' ' {
						return -1
					}
					return r
				}, html.UnescapeString(val)))
				for _, scheme := range []string{"javascript:", "vbscript:", "data:text", "data:image/svg"} {
					if strings.HasPrefix(v, scheme) {
						return "attribute " + a[0]
					}
				}
			}
		}
	}
	return ""
}

// FuzzRender parses and renders arbitrary Markdown with the briefing's
// extensions, unresolved (as the resolve stage receives it). It must not
// panic, and whatever the input the HTML holds no script, event handler or
// script URL: raw HTML is shown as text.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"Rebels took [[hama]] and [[hts|Hayat Tahrir al-Sham]] [@sohr, 5 Dec 2024].",
		"[@sohr; @un-ocha] [@] [@;] [@a,] [@ x; y] [[cities/hama#x|label]] ![[embed]]",
		"<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>",
		"[x](javascript:alert(1)) [y](JaVaScRiPt&#x3a;alert(1)) ![i](javascript:alert(2)) <javascript:alert(3)>",
		"[[x|<script>]] [@src, </script>] [[<img src=x onerror=alert(1)>]]",
		"| a | b |\n|---|---|\n| <b>x</b> | [@s] |\n",
		"Text[^1].\n\n[^1]: A note with <iframe>.",
		"- [ ] task\n- [x] done <style>",
		"> quote\n>\n> > nested",
		"```html\n<script>x</script>\n```",
		"<!-- comment --> <?php x ?> <![CDATA[ x ]]> <!DOCTYPE html>",
		"www.example.com/<script> https://e.org/\"onmouseover=alert(1)",
		"\"quotes\" -- and --- dashes... 'single'",
		strings.Repeat("[", 50) + strings.Repeat("]", 50),
		strings.Repeat("> ", 50) + "deep",
		strings.Repeat("*a ", 100),
	} {
		f.Add(s)
	}
	md := New()
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 8<<10 {
			t.Skip()
		}
		doc := md.Parse([]byte(src))
		// Every node position lies inside the source.
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			if c, ok := n.(*Cite); ok {
				for _, r := range c.Refs {
					if r.Offset < 0 || r.Offset > len(src) {
						t.Errorf("citation offset %d outside the source (%d bytes)", r.Offset, len(src))
					}
				}
			}
			if t, ok := n.(*ast.Text); ok && (t.Segment.Start < 0 || t.Segment.Stop > len(src)) {
				panic("text segment outside the source")
			}
			return ast.WalkContinue, nil
		})
		out := md.RenderString([]byte(src), doc)
		if why := unsafeHTML(out); why != "" {
			t.Fatalf("unsafe HTML (%s) from %q:\n%s", why, src, out)
		}
		if utf8.ValidString(src) && !utf8.ValidString(out) {
			t.Fatalf("valid UTF-8 in, invalid out:\n%q", out)
		}
	})
}

// FuzzQuickLinkify: skipping goldmark's Linkify where it cannot find a
// link, and writing plain text as it is (textWriter), change nothing in
// any document: New renders what goldmark's own parts render.
func FuzzQuickLinkify(f *testing.F) {
	for _, s := range []string{
		"See https://example.org/a?b=c, www.example.com and ftp://f.example.net.",
		"Mail press@example.org or (press@example.org), *x@y.z* _a@b.cd_ ~q@r.st~",
		"http: https: ftp: www. @ @@ a@ @b x@y x@y. x@y.z- x@y.z_",
		strings.Repeat("a", 63) + "@example.org " + strings.Repeat("b", 64) + "@example.org " + strings.Repeat("c", 65) + "@example.org",
		"hwf hello world foo *http://x.org* (www.x.org) ~ftp://y~",
		"tab\tx@y.org\nline x@y.org\r\nvt\vx@y.org ff\fx@y.org",
		"[[hama]] [@sohr] [link](http://a.org) <http://b.org> `www.c.org`",
		"Ḥamāh@example.org é@x.org ä www.ä.org",
		"Entities &amp; &#35; &#x41; &copy; &nosuch; \\* \\\\ \\a \"quoted\" <b>raw</b> \x00 `code & <x>` [l](/a?b=1&c=2 \"t&amp;\")",
	} {
		f.Add(s)
	}
	quick, stock := New(), newWith(extension.Linkify, gmhtml.DefaultWriter)
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 8<<10 {
			t.Skip()
		}
		b := []byte(src)
		got := quick.RenderString(b, quick.Parse(b))
		want := stock.RenderString(b, stock.Parse(b))
		if got != want {
			t.Fatalf("%q:\n got %q\nwant %q", src, got, want)
		}
	})
}

// FuzzLiteParse: a body Linkify can find nothing in is parsed without it
// (Markdown.lite). The tree may cut a line's text into Text nodes at other
// places, and nothing else: the HTML, every other node with its position,
// and the text under each parent, run by run, are those of the parser
// with Linkify.
func FuzzLiteParse(f *testing.F) {
	for _, s := range []string{
		"Rebels took [[hama]] and [[hts|Hayat Tahrir al-Sham]] [@sohr, 5 Dec 2024; @afp].",
		"Line one with words  \nline two\\\nthree \\ four *em* _u_ ~s~ (paren) x*y*z\n\n> quote [@a]\n> more words here\n",
		"- item one two\n  continued line\n- [ ] task words\n\n1. first\n2. second words here \n",
		"Entities &amp; &#35; &copy; \\* \\ \\  `code span` <b>raw</b> \"quotes\" -- dash... 'single'\t tab\v vt\f ff\r\ncr",
		"| a b | c d |\n|---|---|\n| x y | [@s] z |\n\nText[^1] words.\n\n[^1]: A note, with words.",
		"Heading words\n===\n\n## Two words ##\n\n    code block words\n\n```\nfenced words\n```\n",
		"@start [@x] (@y) me@ x@ @@ [[a]]@ \\@b",
	} {
		f.Add(s)
	}
	md := New()
	full := newWith(linkifyExtension{}, textWriter{gmhtml.DefaultWriter})
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 8<<10 {
			t.Skip()
		}
		b := []byte(src)
		if mayLinkify(b) {
			return
		}
		a, c := md.Parse(b), full.Parse(b)
		if got, want := shape(a, b), shape(c, b); got != want {
			t.Fatalf("%q: trees differ:\nlite %s\nfull %s", src, got, want)
		}
		if got, want := md.RenderString(b, a), full.RenderString(b, c); got != want {
			t.Fatalf("%q:\nlite %q\nfull %q", src, got, want)
		}
	})
}

// shape prints a tree with each run of Text siblings as one: their
// segments joined (they must be contiguous), the breaks of the last.
func shape(doc ast.Node, src []byte) string {
	var b strings.Builder
	var walk func(n ast.Node, depth int)
	walk = func(n ast.Node, depth int) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				start, stop := t.Segment.Start, t.Segment.Stop
				for {
					next, ok := t.NextSibling().(*ast.Text)
					if !ok || t.SoftLineBreak() || t.HardLineBreak() || next.Segment.Start != stop || next.Segment.Padding != 0 || t.IsRaw() != next.IsRaw() {
						break
					}
					t, stop, c = next, next.Segment.Stop, next
				}
				fmt.Fprintf(&b, "%*sText %d-%d %q soft=%v hard=%v raw=%v\n", depth, "", start, stop, src[start:stop], t.SoftLineBreak(), t.HardLineBreak(), t.IsRaw())
				continue
			}
			pos := -1
			if _, ok := c.(interface{ Pos() int }); ok {
				pos = c.Pos()
			}
			fmt.Fprintf(&b, "%*s%s pos=%d\n", depth, "", c.Kind(), pos)
			walk(c, depth+1)
		}
	}
	walk(doc, 0)
	return b.String()
}

// FuzzMayLinkify holds mayLinkify, which searches with bytes.IndexByte, to
// the plain byte-by-byte statement of its rule.
func FuzzMayLinkify(f *testing.F) {
	for _, s := range []string{"", "a@b", "[@a] @b", "x \t\ny", "x \n", "x  ", "\n@x", "http", "ftp: www.", " \r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		want := func(src []byte) bool {
			if bytes.Contains(src, []byte("http")) || bytes.Contains(src, []byte("ftp:")) || bytes.Contains(src, []byte("www.")) {
				return true
			}
			run := 0
			for i, c := range src {
				switch c {
				case ' ', '\t', '\v', '\f', '\r':
					run++
					continue
				case '\n':
					if run > 1 {
						return true
					}
				case '@':
					if i > 0 && run == 0 && src[i-1] != '[' {
						return true
					}
				}
				run = 0
			}
			return run > 1
		}([]byte(src))
		if got := mayLinkify([]byte(src)); got != want {
			t.Fatalf("mayLinkify(%q) = %v, want %v", src, got, want)
		}
	})
}
