package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
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
// link within maxAnnotation bytes (the wikilink package searches the
// whole rest of the line at every "[" and "!"). A link whose "]]" is on
// a later line of the paragraph (it wrapped) is parsed here, as the
// wikilink package would parse it on one line.
type boundedWiki struct{ wikilink.Parser }

func (p *boundedWiki) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	open := 2
	switch {
	case bytes.HasPrefix(line, []byte("[[")):
	case bytes.HasPrefix(line, []byte("![[")):
		open = 3
	default:
		return nil
	}
	if bytes.Index(line[:min(len(line), maxAnnotation)], []byte("]]")) >= 0 {
		return p.Parser.Parse(parent, block, pc)
	}
	span, ok := lookAhead(block, open, []byte("]]"))
	if !ok {
		return nil
	}
	src := block.Source()
	inner := span.join(src)
	n := &wikilink.Node{Embed: open == 3}
	label := 0 // where the label starts in inner
	target := inner
	if i := bytes.IndexByte(inner, '|'); i >= 0 {
		target, label = inner[:i], i+1
	}
	// A slug has no spaces: a break beside the "/" of kind/slug is none.
	target = bytes.ReplaceAll(bytes.ReplaceAll(squashSpace(bytes.Trim(target, spaces)), []byte("/ "), []byte("/")), []byte(" /"), []byte("/"))
	if len(target) == 0 || (label > 0 && len(bytes.Trim(inner[label:], spaces)) == 0) {
		// As the wikilink package: target and label must not be empty,
		// nor a label that is only the line break it wraps at.
		return nil
	}
	if i := bytes.LastIndexByte(target, '#'); i >= 0 {
		n.Target, n.Fragment = target[:i], target[i+1:]
	} else {
		n.Target = target
	}
	if label == 0 {
		// The label is the target: one piece of text, as [[hama]] on one
		// line gives, so that resolve shows the page's name.
		n.AppendChild(n, ast.NewString(append([]byte(nil), target...)))
	} else {
		// The label keeps its lines, each a piece of text ending in a
		// soft line break but the last.
		skip := label // bytes of the target and "|" still to pass
		for i, seg := range span.segs {
			cut := min(skip, seg.Len())
			seg, skip = seg.WithStart(seg.Start+cut), skip-cut
			if seg.Len() == 0 {
				continue
			}
			last := i == len(span.segs)-1
			if !last && src[seg.Stop-1] == '\n' {
				seg = seg.WithStop(seg.Stop - 1)
				if seg.Len() > 0 && src[seg.Stop-1] == '\r' {
					seg = seg.WithStop(seg.Stop - 1)
				}
			}
			t := ast.NewTextSegment(seg)
			t.SetSoftLineBreak(!last)
			n.AppendChild(n, t)
		}
	}
	span.advance(block)
	return n
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

// quickLinkify is goldmark's Linkify parser, only tried where it can find
// something. Its triggers include the space, so it is called before every
// word of every paragraph, and each call looks for "http:", "https:",
// "ftp:" and "www." and then scans the word for an e-mail address: a
// tenth of all parsing, for no link in most briefings. A word that starts
// with none of h, f, w and has no "@" before its end cannot be a link;
// anything else is handed to goldmark's parser, which decides.
type quickLinkify struct{ parser.InlineParser }

func (p quickLinkify) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if len(line) > 0 {
		// As goldmark's parser: a trigger other than a line's start is
		// passed over.
		switch line[0] {
		case ' ', '*', '_', '~', '(':
			line = line[1:]
		}
	}
	if len(line) == 0 {
		return nil
	}
	switch line[0] {
	case 'h', 'f', 'w':
		return p.InlineParser.Parse(parent, block, pc)
	}
	// An address is at most 64 bytes before its "@" (util.FindEmailIndex),
	// none of them white space.
	for _, c := range line[:min(len(line), 65)] {
		switch c {
		case '@':
			return p.InlineParser.Parse(parent, block, pc)
		case ' ', '\t', '\n', '\r', '\v', '\f':
			return nil
		}
	}
	return nil
}

// linkifyExtension registers quickLinkify in place of extension.Linkify,
// at the same priority.
type linkifyExtension struct{}

func (linkifyExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(quickLinkify{extension.NewLinkifyParser()}, 999)))
}
