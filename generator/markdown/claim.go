package markdown

import (
	"fmt"

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
	Last   bool   // the last run is followed by the status tag
}

// KindClaimMark is the node kind of ClaimMark.
var KindClaimMark = ast.NewNodeKind("ClaimMark")

// Kind implements ast.Node.
func (n *ClaimMark) Kind() ast.NodeKind { return KindClaimMark }

// Dump implements ast.Node.
func (n *ClaimMark) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"ID": n.ID, "Status": n.Status}, nil)
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
		if n.Last {
			fmt.Fprintf(w, `<sup class="claim-tag claim-%s"><a href="#%s">%s</a></sup>`, n.Status, n.ID, config.Label(config.Statuses, n.Status))
		}
		return ast.WalkContinue, nil
	})
}

type claimExtension struct{}

func (claimExtension) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(claimRenderer{}, 100)))
}
