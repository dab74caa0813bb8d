package markdown

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// CiteRef is one source named in a citation: "@sohr, 5 Dec 2024".
type CiteRef struct {
	Key     string // "sohr"
	Locator string // "5 Dec 2024", or ""
	Offset  int    // byte offset of the key (after @) in the body
	Bad     string // set when the part is malformed: what is wrong

	// Set by the resolve stage.
	Number int    // the source's number in the page's Sources list
	Name   string // the source's name, for the tooltip
}

// Cite is a Pandoc-style citation: [@sohr], [@sohr; @un-ocha],
// [@sohr, 5 Dec 2024]. It renders as superscript numbers linking to the
// page's Sources list, once resolve has numbered it.
type Cite struct {
	ast.BaseInline
	Refs []CiteRef
}

// KindCite is the node kind of Cite.
var KindCite = ast.NewNodeKind("Cite")

// Kind implements ast.Node.
func (n *Cite) Kind() ast.NodeKind { return KindCite }

// Dump implements ast.Node.
func (n *Cite) Dump(src []byte, level int) {
	var keys []string
	for _, r := range n.Refs {
		keys = append(keys, r.Key+"|"+r.Locator)
	}
	ast.DumpHelper(n, src, level, map[string]string{"Refs": strings.Join(keys, "; ")}, nil)
}

type citeParser struct{}

func (citeParser) Trigger() []byte { return []byte{'['} }

// Parse reads "[@" up to the first "]", which may be on a later line of
// the paragraph (a citation wraps like any text). Anything that starts
// "[@" is a citation; malformed parts are kept with a reason so resolve
// can report them where they are written.
func (citeParser) Parse(_ ast.Node, block text.Reader, _ parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if len(line) < 3 || line[0] != '[' || line[1] != '@' {
		return nil
	}
	span, ok := lookAhead(block, 1, []byte("]"))
	if !ok {
		return nil
	}
	inner := span.join(block.Source())
	if bytes.Contains(inner, []byte("[@")) || bytes.Contains(inner, []byte("[[")) {
		// "[@sohr and [@afp]", "[@sohr near [[hama]]": the first is not
		// closed (resolve reports it), the second is a citation or link
		// of its own.
		return nil
	}
	n := &Cite{}
	start := 0 // of part, in inner
	for part := range bytes.SplitSeq(inner, []byte{';'}) {
		lead := len(part) - len(bytes.TrimLeft(part, spaces))
		p := bytes.Trim(part, spaces)
		off := span.offset(start + lead)
		start += len(part) + 1
		switch {
		case len(p) == 0:
			n.Refs = append(n.Refs, CiteRef{Offset: off, Bad: "empty citation part"})
		case p[0] != '@':
			n.Refs = append(n.Refs, CiteRef{Key: string(squashSpace(p)), Offset: off, Bad: fmt.Sprintf("citation part %q must start with @", string(squashSpace(p)))})
		default:
			key, loc, _ := bytes.Cut(p[1:], []byte{','})
			key, loc = bytes.Trim(key, spaces), bytes.Trim(loc, spaces)
			r := CiteRef{Key: string(squashSpace(key)), Locator: string(squashSpace(loc)), Offset: off + 1}
			if len(key) == 0 {
				r.Bad = "citation has no source after @"
			}
			n.Refs = append(n.Refs, r)
		}
	}
	span.advance(block)
	return n
}

// spaces are the bytes trimmed around the parts of an annotation: a line
// break inside one is a space.
const spaces = " \t\r\n"

// squashSpace turns each run of white space (a line break where an
// annotation wraps) into one space.
func squashSpace(b []byte) []byte {
	if bytes.IndexAny(b, "\t\r\n") < 0 && !bytes.Contains(b, []byte("  ")) {
		return b
	}
	return []byte(strings.Join(strings.Fields(string(b)), " "))
}

// annotationSpan is the text of an annotation between its opening and its
// closer, which may run over several lines of a paragraph: one segment of
// the source per line.
type annotationSpan struct {
	segs  []text.Segment
	lines int // lines to advance past the closer
	after int // then bytes on the last line
}

// lookAhead finds closer after the first skip bytes of the reader's line,
// on this line or a later one of the block, within maxAnnotation bytes.
// The reader is left where it was.
func lookAhead(block text.Reader, skip int, closer []byte) (annotationSpan, bool) {
	var sp annotationSpan
	l, pos := block.Position()
	defer block.SetPosition(l, pos)
	budget := maxAnnotation
	start := skip
	for budget > 0 {
		line, seg := block.PeekLine()
		if line == nil || start > len(line) {
			return sp, false
		}
		lim := min(len(line), start+budget)
		if i := bytes.Index(line[start:lim], closer); i >= 0 {
			sp.segs = append(sp.segs, text.NewSegment(seg.Start+start, seg.Start+start+i))
			sp.after = start + i + len(closer)
			return sp, true
		}
		sp.segs = append(sp.segs, text.NewSegment(seg.Start+start, seg.Stop))
		budget -= len(line) - start
		block.AdvanceLine()
		sp.lines++
		start = 0
	}
	return sp, false
}

// join is the annotation's text, its lines joined as written.
func (sp annotationSpan) join(src []byte) []byte {
	if len(sp.segs) == 1 {
		return sp.segs[0].Value(src)
	}
	var b []byte
	for _, s := range sp.segs {
		b = append(b, s.Value(src)...)
	}
	return b
}

// offset is the source offset of byte k of join.
func (sp annotationSpan) offset(k int) int {
	for _, s := range sp.segs {
		if k < s.Len() {
			return s.Start + k
		}
		k -= s.Len()
	}
	last := sp.segs[len(sp.segs)-1]
	return last.Stop + k
}

// advance moves the reader past the annotation's closer.
func (sp annotationSpan) advance(block text.Reader) {
	for range sp.lines {
		block.AdvanceLine()
	}
	block.Advance(sp.after)
}

type citeRenderer struct{}

func (citeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCite, func(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		n := node.(*Cite)
		_, _ = w.WriteString(`<sup class="cite">`)
		for i, r := range n.Refs {
			if i > 0 {
				_, _ = w.WriteString(`<span class="sep">,</span>`)
			}
			title := r.Name
			if r.Locator != "" {
				title += ", " + r.Locator
			}
			// Named "source 1" to a screen reader, whose list of a
			// page's links would otherwise be bare numbers; the title
			// (the source's name) describes it.
			fmt.Fprintf(w, `<a href="#source-%d" title="%s"><span class="visually-hidden">source </span>%d</a>`, r.Number, util.EscapeHTML([]byte(title)), r.Number)
		}
		_, _ = w.WriteString(`</sup>`)
		return ast.WalkSkipChildren, nil
	})
}

type citeExtension struct{}

func (citeExtension) Extend(m goldmark.Markdown) {
	// Before links (200), footnotes (101) and wikilinks (199), which also
	// start at "[".
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(citeParser{}, 90)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(citeRenderer{}, 100)))
}
