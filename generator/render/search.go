package render

import (
	"bytes"
	"encoding/json"
	"strings"

	"briefing/generator/resolve"
)

// searchDoc is one page in the search index. Short keys keep the index
// small; search.js documents them.
type searchDoc struct {
	ID      int    `json:"i"`
	URL     string `json:"u"` // site-root path without the leading slash
	Title   string `json:"t"`
	Kind    string `json:"k"`
	Aliases string `json:"a,omitempty"`
	Claims  string `json:"c,omitempty"` // quotes and notes of claims on or about the page
	Text    string `json:"x,omitempty"`
}

// searchIndex is the data the search page loads as a script (file:// pages
// cannot fetch JSON): window.BRIEFING_SEARCH = {...}.
func (r *renderer) searchIndex() []byte {
	var docs []searchDoc
	for _, g := range r.b.Kinds {
		for _, e := range g.Entities {
			d := searchDoc{ID: len(docs), URL: strings.TrimPrefix(e.URL, "/"), Title: e.Name, Kind: e.Kind.Singular, Text: e.Text}
			var al []string
			for _, a := range e.Doc.Aliases {
				al = append(al, a.Value)
			}
			d.Aliases = strings.Join(al, " · ")
			d.Claims = claimText(e.Claims, e.InArticle)
			docs = append(docs, d)
		}
	}
	var b bytes.Buffer
	b.WriteString("window.BRIEFING_SEARCH=")
	enc := json.NewEncoder(&b)
	// HTML escaping keeps "</script>" and "<!--" out of the file, in case
	// a theme ever inlines it.
	enc.SetEscapeHTML(true)
	_ = enc.Encode(map[string]any{"version": 1, "docs": docs})
	out := bytes.TrimRight(b.Bytes(), "\n")
	return append(out, ";\n"...)
}

func claimText(lists ...[]*resolve.Claim) string {
	var parts []string
	seen := map[*resolve.Claim]bool{}
	for _, l := range lists {
		for _, c := range l {
			if seen[c] {
				continue
			}
			seen[c] = true
			parts = append(parts, c.Quote, c.NoteText)
		}
	}
	return strings.Join(parts, " ")
}
