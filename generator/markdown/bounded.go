package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"go.abhg.dev/goldmark/wikilink"
)

// Inline parsers that look ahead for the end of a construct do it again at
// every place the construct might start, so a line of 100,000 "[[" or
// "[x](" with no end in sight costs 100,000 scans of the line: minutes for
// a few hundred kilobytes. These bounds keep each look-ahead short; a
// construct longer than that is not one anybody writes, and reads as text.
const (
	maxAnnotation = 1 << 10 // bytes from "[[" to "]]", from "[@" to "]"
	maxLinkTail   = 2 << 10 // bytes of a link's "(destination "title")"
)

// boundedWiki is the wikilink parser, only tried where a "]]" closes the
// link within maxAnnotation bytes on the same line (the wikilink package
// searches the whole rest of the line at every "[" and "!").
type boundedWiki struct{ wikilink.Parser }

func (p *boundedWiki) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if !bytes.HasPrefix(line, []byte("[[")) && !bytes.HasPrefix(line, []byte("![[")) {
		return nil
	}
	if bytes.Index(line[:min(len(line), maxAnnotation)], []byte("]]")) < 0 {
		return nil
	}
	return p.Parser.Parse(parent, block, pc)
}

// wikiExtension registers the bounded wikilink parser and the wikilink
// package's renderer, in place of wikilink.Extender.
type wikiExtension struct{}

func (wikiExtension) Extend(m goldmark.Markdown) {
	// Below the link parser (200), as wikilink.Extender does.
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(&boundedWiki{}, 199)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&wikilink.Renderer{Resolver: noResolver{}}, 199)))
}

// linkGuard runs before goldmark's link parser at each "](" and takes the
// "]" as plain text when the link's destination does not end within
// maxLinkTail bytes on its line: goldmark scans for the end of a
// destination to the end of the line at every "](". (A title's scan stops
// at the next quote or parenthesis, which the next "](" brings.)
type linkGuard struct{}

func (linkGuard) Trigger() []byte { return []byte{']'} }

func (linkGuard) Parse(_ ast.Node, block text.Reader, _ parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 2 || line[1] != '(' || destinationEnds(line[2:]) {
		return nil
	}
	block.Advance(1)
	return ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+1))
}

// destinationEnds reports whether the link destination at the start of
// rest ends within maxLinkTail bytes, or the line does, scanning as
// goldmark's parseLinkDestination does.
func destinationEnds(rest []byte) bool {
	lim := min(len(rest), maxLinkTail)
	i := 0
	for i < lim && (rest[i] == ' ' || rest[i] == '\t') {
		i++
	}
	if i < lim && rest[i] == '<' {
		return bytes.IndexByte(rest[i:lim], '>') >= 0 || lim == len(rest)
	}
	opened := 0
	for i < lim {
		switch c := rest[i]; {
		case c == '\\' && i+1 < len(rest) && util.IsPunct(rest[i+1]):
			i += 2
			continue
		case c == '(':
			opened++
		case c == ')':
			opened--
			if opened < 0 {
				return true
			}
		case util.IsSpace(c):
			return true
		}
		i++
	}
	return lim == len(rest)
}
