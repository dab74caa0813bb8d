package resolve

import (
	"cmp"

	"briefing/generator/markdown"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// interactive reports whether n renders as an element a reader can click
// or focus: a link, a bare URL, a citation's or footnote's number, a
// claim's tag.
func interactive(n ast.Node) bool {
	switch n.(type) {
	case *ast.Link, *ast.AutoLink, *markdown.Cite, *east.FootnoteLink, *markdown.ClaimTag:
		return true
	}
	return false
}

// unnest makes the tree valid HTML whatever its Markdown: no interactive
// element inside another (a link inside a link is invalid, and browsers
// take it apart, losing what it says). A citation, footnote number or
// claim tag written inside a link's text is moved beside the link, after
// it, in the order written; a link inside a link (a [[link]] or a URL in
// a Markdown link's text) keeps its words, unlinked.
func unnest(doc ast.Node, src []byte) {
	type move struct{ n, outer ast.Node }
	var moves []move
	var unwrap []ast.Node
	var walk func(n, outer ast.Node)
	walk = func(n, outer ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch {
			case !interactive(c):
				walk(c, outer)
			case outer == nil:
				walk(c, c)
			default:
				switch c.(type) {
				case *ast.Link, *ast.AutoLink:
					unwrap = append(unwrap, c)
					walk(c, outer)
				default:
					moves = append(moves, move{c, outer})
				}
			}
		}
	}
	walk(doc, nil)
	// Each moved node goes after its outer link and after those moved
	// there before it, so they keep their order.
	last := map[ast.Node]ast.Node{}
	for _, m := range moves {
		at := cmp.Or(last[m.outer], m.outer)
		m.n.Parent().RemoveChild(m.n.Parent(), m.n)
		at.Parent().InsertAfter(at.Parent(), at, m.n)
		last[m.outer] = m.n
	}
	for _, n := range unwrap {
		parent := n.Parent()
		if a, ok := n.(*ast.AutoLink); ok {
			parent.ReplaceChild(parent, n, ast.NewString(a.Label(src)))
			continue
		}
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}
