package config

import (
	"briefing/generator/fields"

	"go.yaml.in/yaml/v3"
)

// Limits on what every page repeats: the site's title is in each page's
// head, header and footer, and each kind is an entry of the navigation on
// every page, so 2,000 kinds made a 310 MB navigation and a 1 MiB title
// was copied five times into each page. Real briefings use a handful of
// kinds and a title of a line.
const (
	MaxTitle       = 300  // characters of the site's title
	MaxDescription = 5000 // characters of its description (one paragraph)
	MaxKinds       = 50   // kinds, the four built-in ones included
	MaxKindLabel   = 100  // characters of a kind's title or singular
)

// tooManyKinds reports whether declaring kind name would make more than
// MaxKinds kinds. A built-in kind named again is not a new one.
func tooManyKinds(s *Site, name string) bool {
	_, known := s.Kind(name)
	return len(s.Kinds) >= MaxKinds && !known
}

// labelOK checks a kind's title or singular; one that fails is not used.
func labelOK(r *fields.Reader, n *yaml.Node, field, s string) bool {
	_, ok := r.Label(n, field, s, MaxKindLabel)
	return ok
}
