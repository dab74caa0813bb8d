// Package markdown is the SYNTAX stage: the goldmark instance every page
// body goes through, with the briefing's extensions: [[wikilinks]] (from
// go.abhg.dev/goldmark/wikilink), [@citations], claim highlights, raw HTML
// shown as text instead of passed through, and tables wrapped for small
// screens. Parsing never fails: an annotation that names nothing still
// parses, keeps its position, and the resolve stage (next) reports it.
package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"go.abhg.dev/goldmark/wikilink"
)

// Markdown parses and renders bodies. It is safe for concurrent use.
type Markdown struct {
	md goldmark.Markdown
	// lite is md without Linkify, for a body Linkify can find nothing in
	// (see mayLinkify). Linkify is the one parser goldmark calls at
	// every space, before every word of every paragraph: leaving it out
	// saves a quarter of parsing. The tree differs only in where a line's
	// text is cut into Text nodes, which no one reads: the HTML, the
	// visible text and every position are the same (FuzzLiteParse).
	lite goldmark.Markdown
}

// New returns the briefing's Markdown dialect: CommonMark with GitHub
// tables, strikethrough, task lists and autolinked URLs, footnotes,
// typographic quotes and dashes, heading IDs, and our annotations.
func New() *Markdown {
	m := newWith(linkifyExtension{}, textWriter{html.DefaultWriter})
	m.lite = newWith(nil, textWriter{html.DefaultWriter}).md
	return m
}

// newWith is New with the given extension for autolinked URLs and writer
// of text (tests compare ours with goldmark's own extension.Linkify and
// html.DefaultWriter).
// A nil linkify leaves autolinked URLs out.
func newWith(linkify goldmark.Extender, writer html.Writer) *Markdown {
	exts := []goldmark.Extender{extension.Table, extension.Strikethrough}
	if linkify != nil {
		exts = append(exts, linkify)
	}
	exts = append(exts, extension.TaskList, footnotes{}, extension.Typographer,
		wikiExtension{}, citeExtension{}, claimExtension{})
	md := goldmark.New(
		goldmark.WithExtensions(exts...),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			// "## Later {since=2024-12-07}" dates a section (package
			// resolve); any other attribute is reported there.
			parser.WithHeadingAttribute(),
			parser.WithASTTransformers(util.Prioritized(tableWrapper{}, 100)),
			parser.WithInlineParsers(util.Prioritized(linkGuard{}, 198)),
		),
		goldmark.WithRendererOptions(
			// Never html.WithUnsafe: raw HTML is rendered escaped by
			// escapeHTML below, and javascript: links stay blank.
			html.WithXHTML(),
			html.WithWriter(writer),
			renderer.WithNodeRenderers(util.Prioritized(escapeHTML{}, 100)),
			renderer.WithNodeRenderers(util.Prioritized(tableWrapper{}, 100)),
		),
	)
	return &Markdown{md: md}
}

// Parse parses a body. Node positions (Pos, text segments) are byte offsets
// into src.
func (m *Markdown) Parse(src []byte) ast.Node {
	if m.lite != nil && !mayLinkify(src) {
		return m.lite.Parser().Parse(text.NewReader(src))
	}
	return m.md.Parser().Parse(text.NewReader(src))
}

// mayLinkify reports whether parsing src with goldmark's Linkify could
// give other HTML than parsing it without.
//
//   - Linkify links a URL that starts "http:", "https:", "ftp:" or "www."
//     as written.
//   - It links an e-mail address, which has at least one byte of its local
//     part right before its "@". An "@" at the start, or after "[" or
//     white space (a citation: [@sohr; @afp]) begins none.
//   - Being called at every white space, it makes goldmark cut a line's
//     text there, and goldmark trims only the last piece of a line: of
//     "word \t" at a line's end, it keeps "word " with Linkify and "word"
//     without. A line that ends in one white space byte, or none, comes
//     out the same.
func mayLinkify(src []byte) bool {
	if bytes.Contains(src, []byte("http")) || bytes.Contains(src, []byte("ftp:")) || bytes.Contains(src, []byte("www.")) {
		return true
	}
	// By bytes.IndexByte rather than a loop over every byte: this runs on
	// every body, 45 MB at 10,000 articles.
	for off := 0; ; {
		i := bytes.IndexByte(src[off:], '@')
		if i < 0 {
			break
		}
		at := off + i
		if at > 0 && !lineSpace(src[at-1]) && src[at-1] != '[' {
			return true
		}
		off = at + 1
	}
	for off := 0; ; {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return endsInSpaces(src)
		}
		if endsInSpaces(src[:off+i]) {
			return true
		}
		off += i + 1
	}
}

// lineSpace reports whether c is white space other than a line feed.
func lineSpace(c byte) bool {
	switch c {
	case ' ', '\t', '\v', '\f', '\r':
		return true
	}
	return false
}

// endsInSpaces reports whether b ends in two white space bytes (not line
// feeds).
func endsInSpaces(b []byte) bool {
	n := len(b)
	return n >= 2 && lineSpace(b[n-1]) && lineSpace(b[n-2])
}

// RenderString renders a parsed (and resolved) body to a string.
func (m *Markdown) RenderString(src []byte, doc ast.Node) string {
	// A strings.Builder, grown once: HTML is a little longer than its
	// Markdown, and String does not copy it again.
	var b builderWriter
	b.Grow(len(src) + len(src)/4 + 64)
	if err := m.md.Renderer().Render(&b, src, doc); err != nil {
		// Renderers write to a strings.Builder, which cannot fail.
		panic(err)
	}
	return b.String()
}

// builderWriter is a strings.Builder that goldmark takes as its buffered
// writer (util.BufWriter) as it is, instead of putting a 4 KiB
// bufio.Writer in front of it for every body rendered.
type builderWriter struct{ strings.Builder }

func (*builderWriter) Available() int { return 1 << 30 }
func (*builderWriter) Buffered() int  { return 0 }
func (*builderWriter) Flush() error   { return nil }

var _ util.BufWriter = (*builderWriter)(nil)

// textWriter is goldmark's writer of text into HTML, which decodes
// entities and backslash escapes and escapes what HTML needs, a byte at a
// time. Most text has none of the bytes either step acts on (NUL, ", &,
// <, >, \\): that text is written as it is, after one pass over it.
type textWriter struct{ html.Writer }

// plainText marks the bytes html.DefaultWriter's Write and RawWrite
// leave alone.
var plainText = func() (t [256]bool) {
	for c := range t {
		t[c] = true
	}
	for _, c := range []byte{0, '"', '&', '<', '>', '\\'} {
		t[c] = false
	}
	return t
}()

func isPlainText(b []byte) bool {
	for _, c := range b {
		if !plainText[c] {
			return false
		}
	}
	return true
}

func (t textWriter) Write(w util.BufWriter, source []byte) {
	if isPlainText(source) {
		_, _ = w.Write(source)
		return
	}
	t.Writer.Write(w, source)
}

func (t textWriter) RawWrite(w util.BufWriter, source []byte) {
	if isPlainText(source) {
		_, _ = w.Write(source)
		return
	}
	t.Writer.RawWrite(w, source)
}

// noResolver makes the wikilink extension's own renderer harmless: every
// wikilink is replaced by the resolve stage before rendering, and one that
// is not (a bug) renders as its plain label.
type noResolver struct{}

func (noResolver) ResolveWikilink(*wikilink.Node) ([]byte, error) { return nil, nil }

// escapeHTML renders raw HTML as visible, escaped text (RawWrite escapes
// <, >, & and quotes): an analyst who
// pastes <script> into a fact sheet sees it on the page, and nothing runs.
type escapeHTML struct{}

func (escapeHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkSkipChildren, nil
		}
		segs := n.(*ast.RawHTML).Segments
		_, _ = w.WriteString(`<code class="raw-html">`)
		for i := 0; i < segs.Len(); i++ {
			s := segs.At(i)
			html.DefaultWriter.RawWrite(w, s.Value(src))
		}
		_, _ = w.WriteString(`</code>`)
		return ast.WalkSkipChildren, nil
	})
	reg.Register(ast.KindHTMLBlock, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkSkipChildren, nil
		}
		b := n.(*ast.HTMLBlock)
		_, _ = w.WriteString(`<pre class="raw-html"><code>`)
		lines := b.Lines()
		for i := 0; i < lines.Len(); i++ {
			l := lines.At(i)
			html.DefaultWriter.RawWrite(w, l.Value(src))
		}
		if b.HasClosure() {
			html.DefaultWriter.RawWrite(w, b.ClosureLine.Value(src))
		}
		_, _ = w.WriteString("</code></pre>\n")
		return ast.WalkSkipChildren, nil
	})
}

// TableWrap is a block holding one table, rendered as a scrolling box so
// wide tables do not break the page on a phone.
type TableWrap struct{ ast.BaseBlock }

// KindTableWrap is the node kind of TableWrap.
var KindTableWrap = ast.NewNodeKind("TableWrap")

// Kind implements ast.Node.
func (n *TableWrap) Kind() ast.NodeKind { return KindTableWrap }

// Dump implements ast.Node.
func (n *TableWrap) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

type tableWrapper struct{}

// Transform wraps every table of the document in a TableWrap.
func (tableWrapper) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	var tables []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Kind() == east.KindTable {
			tables = append(tables, n)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, t := range tables {
		w := &TableWrap{}
		t.Parent().ReplaceChild(t.Parent(), t, w)
		w.AppendChild(w, t)
	}
}

func (tableWrapper) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindTableWrap, func(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			// A region of its own that the keyboard can reach: on a phone
			// a wide table scrolls inside it (WCAG 2.1.1; axe's
			// scrollable-region-focusable).
			_, _ = w.WriteString(`<div class="table-wrap" tabindex="0" role="region" aria-label="Table">` + "\n")
		} else {
			_, _ = w.WriteString("</div>\n")
		}
		return ast.WalkContinue, nil
	})
}
