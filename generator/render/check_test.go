package render_test

import (
	"bytes"
	"fmt"
	"os"
	"testing"
	"testing/fstest"

	"briefing/generator/render/rendertest"

	"briefing/generator/build"
	"briefing/generator/render"
	"briefing/generator/theme"
)

// TestCheckChangesNothing: Check runs the templates on pages with their
// lists cut short; the briefing it is given, and so every page rendered
// after it, must be as before.
func TestCheckChangesNothing(t *testing.T) {
	src := fstest.MapFS{
		"site.yaml":                 {Data: []byte("title: T\nbase_url: https://example.org/\nas_of: 2024-12-06\n")},
		"content/cities/a.md":       {Data: []byte("---\nname: Aleppo\ncontrol:\n  - {date: 2024-11-30, faction: f, source: s}\n  - {date: 2024-12-01, faction: f, source: s}\n  - {date: 2024-12-02, faction: f, source: s}\n  - {date: 2024-12-03, faction: f, source: s}\n---\n")},
		"content/factions/f.md":     {Data: []byte("---\nname: F\n---\n")},
		"content/sources/s.md":      {Data: []byte("---\nname: S\n---\n")},
		"content/articles/intro.md": {Data: []byte("---\ntitle: Intro\ndate: 2024-12-05\n---\nNothing.\n")},
	}
	for i := range 5 {
		src[fmt.Sprintf("content/articles/a%d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(
			"---\ntitle: Article %d\ndate: 2024-11-29\nsource: s\n---\nFighting near [[a]], said [[f]] [@s].\n", i))}
	}
	res, d := build.Build(src, build.Options{Theme: os.DirFS("../..")})
	if len(d) > 0 {
		t.Fatal(d)
	}
	b := res.Briefing
	th, d := theme.Load(theme.Layers{Embedded: os.DirFS("../..")}, render.Funcs(), (*render.Page)(nil))
	if len(d) > 0 {
		t.Fatal(d)
	}
	all := func() map[string][]byte {
		tree, d := render.Render(b, th, render.Options{})
		if len(d) > 0 {
			t.Fatal(d)
		}
		files, err := rendertest.Files(tree)
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	before := all()
	if d := render.Check(b, th, render.Options{}); len(d) > 0 {
		t.Fatal(d)
	}
	after := all()
	for p, data := range before {
		if !bytes.Equal(data, after[p]) {
			t.Errorf("%s changed after Check", p)
		}
	}
	// Its first day has more items than Check keeps.
	if n := bytes.Count(before["timeline/index.html"], []byte(`class="item item-article"`)); n < 6 {
		t.Fatalf("the timeline has %d articles, want 6", n)
	}
}
