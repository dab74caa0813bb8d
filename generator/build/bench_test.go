package build

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"briefing/generator/config"
	"briefing/generator/content"
	"briefing/generator/diag"
	"briefing/generator/render"
	"briefing/generator/resolve"
	"briefing/generator/srcfile"
	"briefing/generator/theme"
	"briefing/generator/write"
)

// benchSource is the briefing the stage benchmarks run on: the shipped
// one, or BRIEFING_BENCH_SOURCE (e.g. the 10,000-article corpus of
// ../shared/bench/gencorpus.py, its briefing/ folder).
func benchSource(b *testing.B) string {
	if s := os.Getenv("BRIEFING_BENCH_SOURCE"); s != "" {
		return s
	}
	return "../.."
}

// benchFS opens the bench source as the command line does (srcfile.Root:
// reads through an os.Root, a kind's files from its folder's descriptor).
func benchFS(b *testing.B) fs.FS {
	r, err := srcfile.Root(benchSource(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { r.Close() })
	return r
}

func must(b *testing.B, d diag.List) {
	if len(d) > 0 {
		b.Fatalf("%d problems, first: %v", len(d), d[0])
	}
}

func BenchmarkLoad(b *testing.B) {
	src := benchFS(b)
	for b.Loop() {
		site, d := config.Load(src)
		must(b, d)
		_, d = content.Load(src, site)
		must(b, d)
	}
}

func BenchmarkResolve(b *testing.B) {
	src := benchFS(b)
	site, d := config.Load(src)
	must(b, d)
	docs, d := content.Load(src, site)
	must(b, d)
	for b.Loop() {
		_, d := resolve.Resolve(site, docs, md)
		must(b, d)
	}
}

func BenchmarkRender(b *testing.B) {
	src := benchFS(b)
	site, d := config.Load(src)
	must(b, d)
	docs, d := content.Load(src, site)
	must(b, d)
	br, d := resolve.Resolve(site, docs, md)
	must(b, d)
	th, d := theme.Load(theme.Layers{Site: src, Embedded: repo}, render.Funcs(), (*render.Page)(nil))
	must(b, d)
	outline, _ := os.ReadFile("../../static/map/syria-50m.geojson")
	for b.Loop() {
		// The tree is lazy: render every file, as a build does, and drop it.
		tree, d := render.Render(br, th, render.Options{Outline: outline})
		must(b, d)
		if err := tree.Each(func(string, []byte) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWrite(b *testing.B) {
	res, d := Build(benchFS(b), Options{Theme: repo})
	must(b, d)
	out := filepath.Join(b.TempDir(), "site")
	for b.Loop() {
		if _, err := write.Dir(res.Tree, out); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheck is `briefing check`: load and resolve, reporting
// problems, rendering nothing.
func BenchmarkCheck(b *testing.B) {
	src := benchFS(b)
	for b.Loop() {
		_, d := Build(src, Options{Theme: repo, CheckOnly: true})
		must(b, d)
	}
}

// BenchmarkBuild is the whole of build, check and render, without writing.
func BenchmarkBuild(b *testing.B) {
	src := benchFS(b)
	for b.Loop() {
		_, d := Build(src, Options{Theme: repo})
		must(b, d)
	}
}

// BenchmarkRebuildAfterEdit is the preview server's rebuild: one article
// changed, everything else cached. Pages render on request, so this is
// the time until the changed page can be served (plus its render).
func BenchmarkRebuildAfterEdit(b *testing.B) {
	src := benchSource(b)
	root := b.TempDir()
	if err := os.CopyFS(root, os.DirFS(src)); err != nil {
		b.Fatal(err)
	}
	cache := &Cache{}
	fsys := os.DirFS(root)
	_, d := Build(fsys, Options{Theme: repo, Cache: cache})
	must(b, d)
	articles, _ := filepath.Glob(filepath.Join(root, "content", "articles", "*.md"))
	if len(articles) == 0 {
		b.Fatal("no articles")
	}
	file := articles[0]
	orig, _ := os.ReadFile(file)
	page := "articles/" + strings.TrimSuffix(filepath.Base(file), ".md") + "/index.html"
	rel := "content/articles/" + filepath.Base(file)
	i := 0
	for b.Loop() {
		i++
		if err := os.WriteFile(file, fmt.Appendf(slices.Clip(orig), "\nEdit %d.\n", i), 0o644); err != nil {
			b.Fatal(err)
		}
		// As in serve: the watcher says which file changed.
		res, d := Build(fsys, Options{Theme: repo, Cache: cache, Changed: []string{rel}})
		must(b, d)
		if _, err := res.Tree.Get(page); err != nil {
			b.Fatal(err)
		}
	}
}
