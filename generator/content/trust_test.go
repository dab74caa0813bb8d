package content

import (
	"fmt"
	"testing"
)

// TestTrustedBesides: the comparison used for a few changed paths and the
// set used for many say the same of every path.
func TestTrustedBesides(t *testing.T) {
	paths := []string{"content/cities/hama.md", "content/cities/homs.md", "content/cities", "content/citiesx/a.md", "content/articles/a.md", "site.yaml", "content"}
	for _, changed := range [][]string{
		{"content/cities/hama.md"}, {"content/cities/"}, {"content/cities"}, {"content"}, {"templates/base.html"}, {},
	} {
		// The same set, padded past the small-batch limit with paths that
		// name nothing here.
		many := append([]string(nil), changed...)
		for i := 0; len(many) <= 8; i++ {
			many = append(many, fmt.Sprintf("static/x%d.css", i))
		}
		few, lots := trustedBesides(changed), trustedBesides(many)
		for _, p := range paths {
			if few(p) != lots(p) {
				t.Errorf("changed %q, path %q: few says %v, many says %v", changed, p, few(p), lots(p))
			}
		}
	}
	if f := trustedBesides([]string{"content/cities/"}); f("content/cities/hama.md") || !f("content/citiesx/a.md") {
		t.Error("a changed folder must cover its files and nothing beside it")
	}
}
