package build

import (
	"strings"
	"testing"
	"testing/fstest"

	"briefing/generator/config"
	"briefing/generator/render/rendertest"
)

// TestReservedNamesCoverOutputs: every top-level folder the site writes
// that is not a kind's (search/, timeline/, css/) is refused as the name
// of a kind in site.yaml, whose pages would land in it. The list of those
// names is config's; the outputs are render's and the theme's: this test
// keeps the two one fact. (A file, feed.xml, takes no folder's name.)
func TestReservedNamesCoverOutputs(t *testing.T) {
	res := buildShipped(t, Options{})
	files, err := rendertest.Files(res.Tree)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, k := range res.Site.Kinds {
		kinds[k.Name] = true
	}
	seen := map[string]bool{}
	for p := range files {
		name, _, folder := strings.Cut(p, "/")
		if !folder || kinds[name] || seen[name] {
			continue
		}
		seen[name] = true
		site := "title: T\nbase_url: https://example.org/\nkinds:\n  " + name + ": {singular: thing}\n"
		if _, diags := config.Load(fstest.MapFS{config.File: {Data: []byte(site)}}); len(diags) == 0 {
			t.Errorf("the site writes %s, yet a kind may be named %q", p, name)
		}
	}
	if len(seen) < 6 {
		t.Fatalf("found %d top-level outputs, want the search, map, timeline, claims and the rest: %v", len(seen), seen)
	}
}
