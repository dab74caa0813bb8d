package resolve

import (
	"bytes"
	"html"
	"strings"

	"briefing/generator/fields"
	"briefing/generator/markdown"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"go.abhg.dev/goldmark/wikilink"
)

// A leaf is one inline node whose text a reader sees, in a block's text.
// Text nodes can be split at any visible byte; others (typographic quotes,
// code spans, URLs) are atomic.
type leaf struct {
	node     ast.Node
	start    int   // offset of its text in the block text
	end      int   // end of its text (a soft line break adds one byte)
	base     int   // for Text: source offset of its first byte
	offs     []int // for Text with escapes: source offset of each visible byte
	linkable bool  // outside links, code and headings: auto-linking may wrap it
}

// src is the source offset of visible byte k of a Text leaf. Most text
// has no escapes and maps byte for byte, so offsets are stored only for
// the rest.
func (l *leaf) src(k int) int {
	if l.offs != nil {
		return l.offs[k]
	}
	return l.base + k
}

// textBlock is the visible text of one block (paragraph, heading, table
// cell) and the leaves it came from, in order.
type textBlock struct {
	node   ast.Node
	text   string
	leaves []leaf
	fold   *folded     // text folded for claim matching, made on first use
	since  fields.Date // the date of the section it is in (datedSections), or zero
}

// folded returns the block's text folded for quote matching, once.
func (tb *textBlock) folded() folded {
	if tb.fold == nil {
		f := fold(tb.text)
		tb.fold = &f
	}
	return *tb.fold
}

// blocks collects the text blocks of a document.
func blocks(doc ast.Node, src []byte) []*textBlock {
	var out []*textBlock
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindParagraph, ast.KindTextBlock, ast.KindHeading, east.KindTableCell:
			tb := &textBlock{node: n}
			tb.leaves = make([]leaf, 0, n.ChildCount()) // about one leaf per inline
			var b strings.Builder
			// The visible text is about as long as the block's source
			// lines: one allocation instead of a doubling series.
			if lines := n.Lines(); lines.Len() > 0 {
				b.Grow(lines.At(lines.Len()-1).Stop - lines.At(0).Start)
			}
			collect(tb, &b, n, src, n.Kind() != ast.KindHeading)
			tb.text = b.String()
			out = append(out, tb)
			return ast.WalkSkipChildren, nil
		case ast.KindCodeBlock, ast.KindFencedCodeBlock, ast.KindHTMLBlock:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return out
}

func collect(tb *textBlock, b *strings.Builder, parent ast.Node, src []byte, linkable bool) {
	for c := parent.FirstChild(); c != nil; c = c.NextSibling() {
		start := b.Len()
		switch n := c.(type) {
		case *ast.Text:
			seg := n.Segment.Value(src)
			l := leaf{node: n, start: start, base: n.Segment.Start, linkable: linkable}
			if bytes.IndexByte(seg, '\\') >= 0 || bytes.IndexByte(seg, '&') >= 0 {
				var vis string
				vis, l.offs = visible(seg, n.Segment.Start)
				b.WriteString(vis)
			} else {
				b.Write(seg)
			}
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte('\n')
			}
			l.end = b.Len()
			tb.leaves = append(tb.leaves, l)
			continue
		case *ast.String:
			if n.IsCode() {
				b.WriteString(html.UnescapeString(string(n.Value)))
			} else {
				b.Write(n.Value)
			}
		case *ast.CodeSpan:
			for t := n.FirstChild(); t != nil; t = t.NextSibling() {
				if tx, ok := t.(*ast.Text); ok {
					b.Write(tx.Segment.Value(src))
				}
			}
		case *ast.AutoLink:
			b.Write(n.Label(src))
		case *ast.RawHTML:
			for i := range n.Segments.Len() {
				s := n.Segments.At(i)
				b.Write(s.Value(src))
			}
		case *ast.Image, *markdown.Cite, *east.FootnoteLink, *east.TaskCheckBox:
			continue // not part of the sentence a reader sees
		case *ast.Link, *wikilink.Node:
			collect(tb, b, n, src, false)
			continue
		default:
			collect(tb, b, c, src, linkable)
			continue
		}
		tb.leaves = append(tb.leaves, leaf{node: c, start: start, end: b.Len()})
	}
}

// visible returns what a Text segment shows, resolving backslash escapes
// and entity references, with the source offset of each visible byte.
func visible(seg []byte, base int) (string, []int) {
	var b strings.Builder
	var offs []int
	for i := 0; i < len(seg); {
		c := seg[i]
		if c == '\\' && i+1 < len(seg) && isASCIIPunct(seg[i+1]) {
			b.WriteByte(seg[i+1])
			offs = append(offs, base+i)
			i += 2
			continue
		}
		if c == '&' {
			if j := strings.IndexByte(string(seg[i:min(len(seg), i+40)]), ';'); j > 1 {
				ent := string(seg[i : i+j+1])
				if dec := html.UnescapeString(ent); dec != ent {
					for k := 0; k < len(dec); k++ {
						offs = append(offs, base+i)
					}
					b.WriteString(dec)
					i += j + 1
					continue
				}
			}
		}
		b.WriteByte(c)
		offs = append(offs, base+i)
		i++
	}
	offs = append(offs, base+len(seg))
	return b.String(), offs
}

func isASCIIPunct(c byte) bool {
	return strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) >= 0
}

// splitAt splits a Text leaf so that block offset at becomes a node
// boundary. Inside an atomic leaf it does nothing: the leaf is then taken
// whole.
func (tb *textBlock) splitAt(at int) {
	for i, l := range tb.leaves {
		if at <= l.start || at >= l.end {
			continue
		}
		t, ok := l.node.(*ast.Text)
		if !ok {
			return
		}
		k := at - l.start
		if k >= l.visibleLen() {
			return // inside the soft line break
		}
		cut := l.src(k)
		left := ast.NewTextSegment(t.Segment.WithStop(cut))
		right := ast.NewTextSegment(t.Segment.WithStart(cut))
		right.SetSoftLineBreak(t.SoftLineBreak())
		right.SetHardLineBreak(t.HardLineBreak())
		right.SetRaw(t.IsRaw())
		left.SetRaw(t.IsRaw())
		left.SetPos(t.Pos()) // -1, no position, if t has none
		right.SetPos(cut)
		parent := t.Parent()
		parent.ReplaceChild(parent, t, left)
		parent.InsertAfter(parent, left, right)
		ll := leaf{node: left, start: l.start, end: at, base: l.base, linkable: l.linkable}
		rl := leaf{node: right, start: at, end: l.end, base: cut, linkable: l.linkable}
		if l.offs != nil {
			ll.offs, rl.offs = l.offs[:k+1], l.offs[k:]
		}
		tb.leaves = append(tb.leaves[:i], append([]leaf{ll, rl}, tb.leaves[i+1:]...)...)
		return
	}
}

// visibleLen is the length of a Text leaf's text without its line break.
func (l *leaf) visibleLen() int {
	if l.offs != nil {
		return len(l.offs) - 1
	}
	n := l.end - l.start
	if t := l.node.(*ast.Text); t.SoftLineBreak() || t.HardLineBreak() {
		n--
	}
	return n
}

// span returns the leaves covering [start, end) after splitting at both
// ends, or the leaves touching the range if a boundary falls inside an
// atomic leaf.
func (tb *textBlock) span(start, end int) []leaf {
	tb.splitAt(start)
	tb.splitAt(end)
	var out []leaf
	for _, l := range tb.leaves {
		if l.end > start && l.start < end {
			out = append(out, l)
		}
	}
	return out
}

// wrap moves a run of sibling nodes into container, which takes the place
// of the first.
func wrap(run []ast.Node, container ast.Node) {
	parent := run[0].Parent()
	parent.InsertBefore(parent, run[0], container)
	for _, n := range run {
		parent.RemoveChild(parent, n)
		container.AppendChild(container, n)
	}
}

// siblingRuns groups leaves into runs of consecutive siblings, so that a
// range crossing inline markup is wrapped piece by piece, well nested.
func siblingRuns(ls []leaf) [][]ast.Node {
	var runs [][]ast.Node
	for i, l := range ls {
		if i > 0 && ls[i-1].node.NextSibling() == l.node {
			runs[len(runs)-1] = append(runs[len(runs)-1], l.node)
		} else {
			runs = append(runs, []ast.Node{l.node})
		}
	}
	return runs
}
