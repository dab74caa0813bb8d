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

// Parse reads "[@" up to the first "]" on the same line. Anything that
// starts "[@" is a citation; malformed parts are kept with a reason so
// resolve can report them where they are written.
func (citeParser) Parse(_ ast.Node, block text.Reader, _ parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 3 || line[0] != '[' || line[1] != '@' {
		return nil
	}
	end := bytes.IndexByte(line[:min(len(line), maxAnnotation)], ']')
	if end < 0 {
		return nil
	}
	inner := line[1:end]
	base := seg.Start + 1
	n := &Cite{}
	start := 0
	for start <= len(inner) {
		semi := bytes.IndexByte(inner[start:], ';')
		stop := len(inner)
		if semi >= 0 {
			stop = start + semi
		}
		part := inner[start:stop]
		lead := len(part) - len(bytes.TrimLeft(part, " \t"))
		p := bytes.TrimSpace(part)
		off := base + start + lead
		switch {
		case len(p) == 0:
			n.Refs = append(n.Refs, CiteRef{Offset: off, Bad: "empty citation part"})
		case p[0] != '@':
			n.Refs = append(n.Refs, CiteRef{Key: string(p), Offset: off, Bad: fmt.Sprintf("citation part %q must start with @", string(p))})
		default:
			key, loc := p[1:], []byte(nil)
			if c := bytes.IndexByte(key, ','); c >= 0 {
				key, loc = key[:c], bytes.TrimSpace(key[c+1:])
			}
			key = bytes.TrimSpace(key)
			r := CiteRef{Key: string(key), Locator: string(loc), Offset: off + 1}
			if len(key) == 0 {
				r.Bad = "citation has no source after @"
			}
			n.Refs = append(n.Refs, r)
		}
		if semi < 0 {
			break
		}
		start = stop + 1
	}
	block.Advance(end + 1)
	return n
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
			fmt.Fprintf(w, `<a href="#source-%d" title="%s">%d</a>`, r.Number, util.EscapeHTML([]byte(title)), r.Number)
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
