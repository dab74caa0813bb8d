package markdown

import (
	"fmt"
	"strconv"

	"briefing/generator/config"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// ClaimMark highlights one run of a claim's passage. A passage that crosses
// inline markup (a link, emphasis) is marked run by run, as web annotation
// tools do, so the HTML stays well nested. The resolve stage inserts them.
type ClaimMark struct {
	ast.BaseInline
	ID     string // "claim-3": the claim's anchor in the page
	Status string // one of config.Statuses
	Title  string // tooltip: status and a plain-text note
	First  bool   // the first run carries the id
}

// KindClaimMark is the node kind of ClaimMark.
var KindClaimMark = ast.NewNodeKind("ClaimMark")

// Kind implements ast.Node.
func (n *ClaimMark) Kind() ast.NodeKind { return KindClaimMark }

// Dump implements ast.Node.
func (n *ClaimMark) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"ID": n.ID, "Status": n.Status}, nil)
}

// ClaimTag follows a claim's passage: its number and status, linking to
// its note, and the note itself, which the style sheet sets in the margin
// on a wide screen and opens in place (as the link's target) on a phone.
// The resolve stage inserts it after the passage's last run, beside any
// link the passage ends in, never inside it.
type ClaimTag struct {
	ast.BaseInline
	ID     string // "claim-3", as its marks'
	Status string
	Number int    // the claim's number in its article, in text order
	Gist   string // the note's first sentence, plain text
}

// KindClaimTag is the node kind of ClaimTag.
var KindClaimTag = ast.NewNodeKind("ClaimTag")

// Kind implements ast.Node.
func (n *ClaimTag) Kind() ast.NodeKind { return KindClaimTag }

// Dump implements ast.Node.
func (n *ClaimTag) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"ID": n.ID, "Status": n.Status, "Number": strconv.Itoa(n.Number)}, nil)
}

type claimRenderer struct{}

func (claimRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindClaimMark, func(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		n := node.(*ClaimMark)
		if entering {
			_, _ = w.WriteString(`<mark class="claim claim-` + n.Status + `"`)
			if n.First {
				fmt.Fprintf(w, ` id="%s-text"`, n.ID)
			}
			fmt.Fprintf(w, ` title="%s">`, util.EscapeHTML([]byte(n.Title)))
			return ast.WalkContinue, nil
		}
		_, _ = w.WriteString(`</mark>`)
		return ast.WalkContinue, nil
	})
	reg.Register(KindClaimTag, func(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		n := node.(*ClaimTag)
		label := config.Label(config.Statuses, n.Status)
		num := strconv.Itoa(n.Number)
		// The tag: number, sign and status. The label of a corroborated
		// claim is for screen readers only: thirteen green words would
		// drown the claims that matter.
		fmt.Fprintf(w, `<sup class="claim-tag claim-%s"><a href="#%s-note"><span class="claim-n">%s</span> <span class="claim-sym" aria-hidden="true">%s</span><span class="claim-s">%s</span></a></sup>`,
			n.Status, n.ID, num, config.Symbol(config.Statuses, n.Status), label)
		// The note beside the passage.
		fmt.Fprintf(w, `<span class="side-note claim-%s" id="%s-note" role="note"><span class="side-note-head"><span class="claim-n">%s</span> %s</span> `,
			n.Status, n.ID, num, label)
		if n.Gist != "" {
			_, _ = w.WriteString(`<span class="side-note-text">`)
			_, _ = w.Write(util.EscapeHTML([]byte(n.Gist)))
			_, _ = w.WriteString(`</span> `)
		}
		fmt.Fprintf(w, `<a href="#%s">Sources, full note</a> <a class="side-note-close" href="#%s-text"><span aria-hidden="true">×</span><span class="visually-hidden">close the note</span></a></span>`, n.ID, n.ID)
		return ast.WalkSkipChildren, nil
	})
}

type claimExtension struct{}

func (claimExtension) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(claimRenderer{}, 100)))
}
