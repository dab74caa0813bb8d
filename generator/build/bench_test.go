package build

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"briefing/generator/config"
	"briefing/generator/content"
	"briefing/generator/diag"
	"briefing/generator/render"
	"briefing/generator/resolve"
	"briefing/generator/srcfile"
	"briefing/generator/svgmap"
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

// benchFS opens the bench source as the command line does (srcfile.FromRoot:
// reads through an os.Root, a kind's files from its folder's descriptor).
func benchFS(b *testing.B) fs.FS {
	root, err := os.OpenRoot(benchSource(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { root.Close() })
	return srcfile.FromRoot(root, false)
}

func must(b *testing.B, d diag.List) {
	if len(d) > 0 {
		b.Fatalf("%d problems, first: %v", len(d), d[0])
	}
}

// loadBench loads the bench source as a build does.
func loadBench(b *testing.B, src fs.FS) (*config.Site, []*content.Doc) {
	site, d := config.Load(src)
	must(b, d)
	files, d := content.Files(src, site, nil)
	must(b, d)
	var m *Memo
	docs := m.parse(files, nil, &d)
	must(b, d)
	return site, docs
}

// resolveBench resolves docs as a build does.
func resolveBench(b *testing.B, site *config.Site, docs []*content.Doc) *resolve.Briefing {
	var m *Memo
	ix := m.index(site, docs)
	claims := resolve.NewClaims(ix, docs, m.notes(ix, docs))
	br, d := resolve.Assemble(ix, docs, claims, m.bodies(ix, docs, claims, false, nil))
	must(b, d)
	return br
}

// briefingBench loads and resolves the bench source as a build does.
func briefingBench(b *testing.B, src fs.FS) *resolve.Briefing {
	site, docs := loadBench(b, src)
	return resolveBench(b, site, docs)
}

func BenchmarkLoad(b *testing.B) {
	src := benchFS(b)
	for b.Loop() {
		loadBench(b, src)
	}
}

func BenchmarkResolve(b *testing.B) {
	site, docs := loadBench(b, benchFS(b))
	for b.Loop() {
		resolveBench(b, site, docs)
	}
}

func BenchmarkRender(b *testing.B) {
	src := benchFS(b)
	br := briefingBench(b, src)
	th, d := theme.Load(theme.Layers{Site: src, Embedded: repo}, render.Funcs(), (*render.Page)(nil))
	must(b, d)
	data, _ := os.ReadFile("../../static/map/syria-50m.geojson")
	outline, err := svgmap.Parse(data)
	if err != nil {
		b.Fatal(err)
	}
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
		if err := writeSite(res.Tree, out); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheck is `briefing check`: load and resolve, reporting
// problems, rendering nothing.
func BenchmarkCheck(b *testing.B) {
	src := benchFS(b)
	for b.Loop() {
		_, d := Check(src, Options{Theme: repo})
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

// writeSite writes tree to dir as briefing build does: Open, Write, Close.
func writeSite(tree *render.Tree, dir string) error {
	o, err := write.Open(context.Background(), dir, write.Options{})
	if err != nil {
		return err
	}
	defer o.Close()
	_, err = o.Write(tree)
	return err
}
