package content

import (
	"briefing/generator/fields"

	"go.yaml.in/yaml/v3"
)

// Limits on what pages repeat. A name is shown wherever its page is
// linked, listed or mentioned, and a claim card on the page of every
// source the claim lists, so these bound how much site a byte of content
// can become (see fields.Label, and the README's limits table).
const (
	// MaxName is the longest name, article title or alias, in
	// characters. Real ones are under a hundred; a 200,000-character
	// name linked 5,000 times was 1.9 GB of pages.
	MaxName = 300
	// MaxClaimSources bounds the sources one claim lists: its card, note
	// and all, is shown on each of their pages.
	MaxClaimSources = 20
)

// checkLabel checks a name, title or alias read from node n, and returns
// it cut to MaxName characters. A missing key (n nil, reported elsewhere)
// reads as "", which passes.
func checkLabel(m *fields.Map, n *yaml.Node, field, s string) (string, bool) {
	return m.Reader().Label(n, m.Prefix()+field, s, MaxName)
}
