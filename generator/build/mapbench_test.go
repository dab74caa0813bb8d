package build

import (
	"os"
	"testing"

	"briefing/generator/render/rendertest"

	"briefing/generator/config"
	"briefing/generator/render"
	"briefing/generator/svgmap"
	"briefing/generator/theme"
)

// BenchmarkMapFiles renders what the maps add to a build: the map page,
// the home page (its map), one place's page (its locator, drawn on every
// place's page) and, where there is one, the map's GeoJSON. With
// BRIEFING_BENCH_SOURCE at the 10,000-article corpus it measures the maps
// of 1,000 places and 2,500 control entries.
func BenchmarkMapFiles(b *testing.B) {
	src := benchFS(b)
	br := briefingBench(b, src)
	th, d := theme.Load(theme.Layers{Site: src, Embedded: repo}, render.Funcs(), (*render.Page)(nil))
	must(b, d)
	data, _ := os.ReadFile("../../static/map/syria-50m.geojson")
	outline, err := svgmap.Parse(data)
	if err != nil {
		b.Fatal(err)
	}
	place := br.Group(config.Cities).Entities[0].Key + "/index.html"
	for b.Loop() {
		tree, d := render.Render(br, th, render.Options{Outline: outline})
		must(b, d)
		for _, p := range []string{"map/index.html", "index.html", place, "map/briefing.geojson"} {
			_ = rendertest.File(tree, p)
		}
	}
}
