package svgmap

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden SVGs in testdata")

func loadSyria(t testing.TB) *Outline {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "syria-50m.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	o, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func cities() []Point {
	return []Point{
		{Lat: 35.135, Lon: 36.750, Label: "Hama", Href: "/cities/hama/", Color: "#2e7d32", Class: "held-by-hts", Title: "Hama: held by HTS since 2024-12-05"},
		{Lat: 36.217, Lon: 37.167, Label: "Aleppo", Href: "/cities/aleppo/", Color: "#2e7d32", Class: "held-by-hts", Title: "Aleppo: held by HTS since 2024-11-30"},
		{Lat: 34.731, Lon: 36.709, Label: "Homs", Href: "/cities/homs/", Color: "#2e7d32", Class: "held-by-hts", Title: "Homs: held by HTS since 2024-12-07"},
		{Lat: 33.514, Lon: 36.277, Label: "Damascus", Href: "/cities/damascus/", Color: "#1565c0", Class: "held-by-gov", Title: "Damascus: held by the transitional government since 2024-12-08"},
		{Lat: 35.933, Lon: 36.633, Label: "Idlib", Href: "/cities/idlib/", Color: "#c62828", Class: "held-by-sng", Title: "Idlib: held by the SNG since 2017-11-02"},
	}
}

func fullOptions() Options {
	return Options{Width: 800, Padding: 0.08, Labels: true, Title: "Map of Syria and the cities in this briefing", ID: "map"}
}

func locatorOptions() Options {
	return Options{Width: 300, Padding: 0.08, Labels: true, Locator: true, Title: "Hama on a map of Syria", ID: "loc"}
}

func TestTestdataIsTheSharedFile(t *testing.T) {
	// The golden files are only meaningful for the real outline.
	shared := "/work/shared/data/syria-50m.geojson"
	want, err := os.ReadFile(shared)
	if err != nil {
		t.Skip("shared data not available:", err)
	}
	got, err := os.ReadFile(filepath.Join("testdata", "syria-50m.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("testdata/syria-50m.geojson differs from %s", shared)
	}
}

func TestParseSyria(t *testing.T) {
	o := loadSyria(t)
	var names []string
	for _, f := range o.Features {
		names = append(names, f.Name+"/"+f.Role)
	}
	want := "Syria/focus Iraq/neighbour Israel/neighbour Jordan/neighbour Lebanon/neighbour Turkey/neighbour"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("features = %s, want %s", got, want)
	}
	// README: Syria bbox [35.7646, 32.3181, 42.3598, 37.2969].
	if b := o.Features[0].BBox; b != [4]float64{35.7646, 32.3181, 42.3598, 37.2969} {
		t.Errorf("Syria bbox = %v", b)
	}
}

func TestGolden(t *testing.T) {
	o := loadSyria(t)
	pts := cities()
	for _, tc := range []struct {
		file string
		pts  []Point
		opts Options
	}{
		{"syria.golden.svg", pts, fullOptions()},
		{"syria-locator.golden.svg", withCurrent(pts, "Hama"), locatorOptions()},
	} {
		t.Run(tc.file, func(t *testing.T) {
			got := o.Draw(tc.pts, tc.opts)
			checkWellFormed(t, got)
			path := filepath.Join("testdata", tc.file)
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("wrote %s (%d bytes)", path, len(got))
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from Draw output (%d vs %d bytes); if the change is intended, run go test ./generator/svgmap -update and look at the result", path, len(want), len(got))
			}
		})
	}
}

func withCurrent(pts []Point, label string) []Point {
	out := append([]Point(nil), pts...)
	for i := range out {
		out[i].Current = out[i].Label == label
	}
	return out
}

func TestMapContent(t *testing.T) {
	o := loadSyria(t)
	svg := o.Draw(cities(), fullOptions())
	for _, want := range []string{
		`<svg xmlns="http://www.w3.org/2000/svg" class="map" viewBox="0 0 800 `,
		`preserveAspectRatio="xMidYMid meet" role="group" aria-labelledby="map-title"`,
		`<title id="map-title">Map of Syria and the cities in this briefing</title>`,
		`<path class="country focus" fill="#e8e4da" stroke="#8a8577" stroke-width="0.8" fill-rule="evenodd" data-name="Syria" d="M`,
		`<path class="country neighbour" fill="#f4f2ec"`,
		`data-name="Turkey"`, `data-name="Lebanon"`,
		`<a href="/cities/hama/"><g class="city held-by-hts"><title>Hama: held by HTS since 2024-12-05</title><circle class="mark" `,
		`fill="#c62828"`,
		`>Damascus</text>`,
		`font-family="system-ui, sans-serif" font-size="13"`,
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("map lacks %q", want)
		}
	}
	for _, bad := range []string{"style", " width=", " height=", "<?xml", "-0 ", "-0\"", ".0 ", ".0\""} {
		if strings.Contains(svg, bad) {
			t.Errorf("map contains %q", bad)
		}
	}
	// Every city is labelled, and the labels' estimated boxes are apart.
	if n := len(labelTexts(t, svg, "")); n != 5 {
		t.Errorf("%d city labels, want 5", n)
	}
	// Geography: Aleppo north of Damascus, Damascus west of Deir ez-Zor's
	// longitude, all inside the view.
	pos := markPositions(t, svg)
	if !(pos["Aleppo"][1] < pos["Hama"][1] && pos["Hama"][1] < pos["Homs"][1] && pos["Homs"][1] < pos["Damascus"][1]) {
		t.Errorf("north-south order wrong: %v", pos)
	}
	if !(pos["Damascus"][0] < pos["Aleppo"][0]) {
		t.Errorf("Damascus should be west of Aleppo: %v", pos)
	}

	loc := o.Draw(withCurrent(cities(), "Hama"), locatorOptions())
	if !strings.Contains(loc, `class="map locator"`) {
		t.Error("locator lacks class map locator")
	}
	if l := labelTexts(t, loc, ""); len(l) != 1 || !regexp.MustCompile(`<text [^>]* font-weight="bold"[^>]*>Hama</text>`).MatchString(loc) {
		t.Errorf("locator should label only Hama, in bold, got %v", l)
	}
	if !strings.Contains(loc, `<g class="city held-by-hts current">`) {
		t.Error("current point lacks class current")
	}
	if strings.Contains(loc, "country-label") {
		t.Error("locator should not name countries")
	}
	if !strings.Contains(loc, `font-size="9"`) {
		t.Error("locator labels should be small")
	}
}

var circleRE = regexp.MustCompile(`<title>(\w+)[^<]*</title><circle class="mark" cx="([-\d.]+)" cy="([-\d.]+)"`)

func markPositions(t *testing.T, svg string) map[string][2]float64 {
	pos := map[string][2]float64{}
	for _, m := range circleRE.FindAllStringSubmatch(svg, -1) {
		var x, y float64
		fmt.Sscan(m[2], &x)
		fmt.Sscan(m[3], &y)
		pos[m[1]] = [2]float64{x, y}
	}
	if len(pos) != 5 {
		t.Fatalf("found %d marks: %v", len(pos), pos)
	}
	return pos
}

func checkWellFormed(t *testing.T, svg string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
	}
}

func TestProjection(t *testing.T) {
	frame := [4]float64{36, 32, 42, 38}
	const pad = 0.1
	p := newProjection(frame, 800, pad)
	k := math.Cos(35 * math.Pi / 180)
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

	x, y := p.xy(36, 38) // north-west corner of the frame
	if !near(x, p.padX) || !near(y, p.padY) {
		t.Errorf("NW corner at (%v, %v), want padding (%v, %v)", x, y, p.padX, p.padY)
	}
	if !near(p.padX, 800*pad/(1+2*pad)) {
		t.Errorf("padX = %v, want %v", p.padX, 800*pad/(1+2*pad))
	}
	x, y = p.xy(42, 32) // south-east corner
	if !near(x, 800-p.padX) || !near(y, p.height-p.padY) {
		t.Errorf("SE corner at (%v, %v), want (%v, %v)", x, y, 800-p.padX, p.height-p.padY)
	}
	// A degree of longitude is cos(35°) of a degree of latitude.
	x0, y0 := p.xy(38, 35)
	x1, _ := p.xy(39, 35)
	_, y1 := p.xy(38, 34)
	if dx, dy := x1-x0, y1-y0; !near(dx/dy, k) {
		t.Errorf("lon/lat scale ratio %v, want cos(35°) = %v", dx/dy, k)
	}
	// Height follows from the aspect: 6°·k wide, 6° high.
	if want := 800 / k; !near(p.height, want) {
		t.Errorf("height = %v, want %v", p.height, want)
	}

	// Without Focus, the frame is the focus bbox grown to the points.
	o := &Outline{Features: []Feature{{Name: "A", Role: "focus", BBox: [4]float64{10, 10, 11, 11},
		Rings: [][][2]float64{{{10, 10}, {11, 10}, {11, 11}, {10, 11}}}}}}
	f, fixed := chooseFrame(o.Features, []Point{{Lat: 12, Lon: 9}}, nil)
	if fixed || f != [4]float64{9, 10, 11, 12} {
		t.Errorf("frame = %v (fixed %v), want [9 10 11 12]", f, fixed)
	}
	svg := o.Draw([]Point{{Lat: 12, Lon: 9, Label: "Far"}}, Options{Width: 100})
	if !strings.Contains(svg, `<circle class="mark" cx="0" cy="0"`) {
		t.Errorf("point at the frame's NW corner should be at 0,0 with no padding:\n%s", svg)
	}
}

func TestEscaping(t *testing.T) {
	o := loadSyria(t)
	hostile := []Point{
		{Lat: 35, Lon: 37, Label: `</text><script>alert(1)</script>`, Title: `</title><script>alert(2)</script>`,
			Href: `javascript:alert(3)`, Color: `red"/><script>alert(4)</script>`, Class: `x"><script>alert(5)</script>`},
		{Lat: 34, Lon: 38, Label: "b", Href: " \x01\tJaVa\nScRiPt:alert(6)"},
		{Lat: 33, Lon: 38, Label: "c", Href: "data:text/html,<script>alert(7)</script>"},
		{Lat: 36, Lon: 38, Label: "d", Href: `/cities/x/?a="><script>alert(8)</script>`},
		{Lat: 36, Lon: 39, Label: "e", Href: "VBScript:msgbox(9)"},
	}
	svg := o.Draw(hostile, Options{Width: 800, Labels: true, Title: `<script>alert(0)</script>`, ID: `x" onload="alert(1)`})
	checkWellFormed(t, svg)
	low := strings.ToLower(svg)
	for _, bad := range []string{"<script", "javascript", "data:", "vbscript", `" onload`} {
		if strings.Contains(low, bad) {
			t.Errorf("output contains %q:\n%s", bad, svg)
		}
	}
	// Only our own elements may start with '<'.
	tag := regexp.MustCompile(`<(/?)([a-zA-Z]+)`)
	for _, m := range tag.FindAllStringSubmatch(svg, -1) {
		switch m[2] {
		case "svg", "title", "g", "path", "a", "circle", "text", "defs", "clipPath", "use":
		default:
			t.Errorf("unexpected element <%s%s>", m[1], m[2])
		}
	}
	if !strings.Contains(svg, `&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;</text>`) {
		t.Error("hostile label not shown as text")
	}
	if !strings.Contains(svg, `<a href="/cities/x/?a=&#34;&gt;&lt;script&gt;alert(8)&lt;/script&gt;">`) {
		t.Error("relative href should be kept, escaped")
	}
	// Only the relative link is kept: on the mark, and on its label
	// (out of the tab order).
	if n := strings.Count(svg, "<a "); n != 2 || strings.Count(svg, `<a href="/cities/x/?a=`) != 2 {
		t.Errorf("%d links, want the relative one on its mark and its label", n)
	}
}

func TestSafeHref(t *testing.T) {
	for in, want := range map[string]string{
		"/cities/hama/":         "/cities/hama/",
		"hama/":                 "hama/",
		"#top":                  "#top",
		"?q=1:2":                "?q=1:2",
		"http://example.org/":   "http://example.org/",
		"HTTPS://example.org/":  "HTTPS://example.org/",
		"//example.org/a":       "//example.org/a",
		"javascript:alert(1)":   "",
		"  JAVASCRIPT:alert(1)": "",
		"\x00javascript:x":      "",
		"java\tscript:x":        "",
		"mailto:a@b":            "",
		"data:text/html,x":      "",
		":x":                    "",
		"h-t.t+p:x":             "",
		"a/b:c":                 "a/b:c",
		"https\n:x":             "https\n:x",
		"1javascript:alert(1)":  "1javascript:alert(1)",
		"":                      "",
	} {
		if got := safeHref(in); got != want {
			t.Errorf("safeHref(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	poly := func(coords string) string {
		return `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Polygon","coordinates":` + coords + `}}]}`
	}
	many := make([]string, MaxPairs+1)
	for i := range many {
		many[i] = "[1,2]"
	}
	deep := strings.Repeat("[", 100) + strings.Repeat("]", 100)
	for _, tc := range []struct {
		name, in, want string
	}{
		{"malformed", `{"type":"FeatureCollection",`, "malformed JSON: the file ends before its last value does"},
		{"trailing", `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]} x`, "malformed JSON: more after the GeoJSON object"},
		{"empty input", ``, "file is empty"},
		{"not object", `[1,2]`, "the file holds an array, not a GeoJSON object"},
		{"no type", `{"features":[]}`, `missing "type"`},
		{"empty collection", `{"type":"FeatureCollection","features":[]}`, "no features"},
		{"null features", `{"type":"FeatureCollection"}`, "no features"},
		{"only null geometry", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":null,"geometry":null}]}`, "no features"},
		{"linestring", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}}]}`,
			`feature 3: geometry type "LineString" is not supported`},
		{"point top", `{"type":"Point","coordinates":[0,0]}`, `geojson type "Point" is not supported`},
		{"lat 200", poly(`[[[0,0],[1,0],[1,200],[0,0]]]`), "feature 1 (A): ring 1: position 3: [1, 200] is not a [longitude, latitude] on Earth"},
		{"lon -181", poly(`[[[0,0],[-181,0],[1,1],[0,0]]]`), "position 2: [-181, 0] is not a [longitude, latitude] on Earth"},
		{"huge number", poly(`[[[0,0],[1e400,0],[1,1],[0,0]]]`), "longitude 1e400 is not a finite number"},
		{"string coord", poly(`[[[0,0],["1",0],[1,1],[0,0]]]`), "longitude is a string, not a number"},
		{"short ring", poly(`[[[0,0],[1,1]]]`), "ring 1: has 2 positions"},
		{"wrong depth", poly(`[[0,0],[1,0],[1,1],[0,0]]`), "ring 1: position 1 is a number"},
		{"4d position", poly(`[[[0,0,0,0],[1,0],[1,1],[0,0]]]`), "position 1 has 4 numbers"},
		{"no rings", poly(`[]`), "polygon has no rings"},
		{"multi bad", `{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1]]],[[[0,0],[1,0],[1,95]]]]}`, "polygon 2: ring 1: position 3: [1, 95] is not a [longitude, latitude] on Earth (GeoJSON puts longitude first: [lon, lat])"},
		{"too many", poly(`[[` + strings.Join(many, ",") + `]]`), "more than 200000 coordinate pairs"},
		{"too deep", `{"type":"Polygon","coordinates":` + deep + `}`, "nested more than 32 levels"},
		{"bad properties", `{"type":"Feature","properties":3,"geometry":null}`, `"properties" is a number`},
		{"feature type", `{"type":"FeatureCollection","features":[{"type":"Polygon","coordinates":[]}]}`, `feature 1: type is "Polygon", not "Feature"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.in))
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want it to contain %q", err, tc.want)
			}
			if msg := err.Error(); msg[:1] != strings.ToLower(msg[:1]) {
				t.Errorf("error %q should start lower-case", msg)
			}
		})
	}
}

func TestParseForms(t *testing.T) {
	ring := `[[[0,0],[1,0],[1,1],[0,1],[0,0]],[[0.2,0.2],[0.4,0.2],[0.4,0.4],[0.2,0.2]]]`
	for _, in := range []string{
		`{"type":"Polygon","coordinates":` + ring + `}`,
		`{"type":"MultiPolygon","coordinates":[` + ring + `]}`,
		`{"type":"Feature","id":7,"properties":{"role":"focus"},"geometry":{"type":"Polygon","coordinates":` + ring + `}}`,
	} {
		o, err := Parse([]byte(in))
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if len(o.Features) != 1 || len(o.Features[0].Rings) != 2 || o.Features[0].Role != "focus" {
			t.Errorf("%s: got %+v", in, o.Features)
		}
		if o.Features[0].BBox != [4]float64{0, 0, 1, 1} {
			t.Errorf("bbox %v", o.Features[0].BBox)
		}
	}
	// An unknown role must not become a CSS class.
	o, err := Parse([]byte(`{"type":"Feature","properties":{"name":"X","role":"x\" onclick"},"geometry":{"type":"Polygon","coordinates":` + ring + `}}`))
	if err != nil {
		t.Fatal(err)
	}
	if o.Features[0].Role != "neighbour" {
		t.Errorf("role %q", o.Features[0].Role)
	}
}

func TestDrawWithoutFeatures(t *testing.T) {
	var empty Outline
	svg := empty.Draw(cities(), Options{Width: 400, Padding: 0.1, Labels: true})
	checkWellFormed(t, svg)
	if strings.Contains(svg, "<path") || strings.Count(svg, `<circle`) != 5 {
		t.Errorf("want 5 marks and no paths:\n%s", svg)
	}
	var nilOutline *Outline
	one := nilOutline.Draw([]Point{{Lat: 0, Lon: 2, Label: "Solo"}}, Options{})
	checkWellFormed(t, one)
	if !strings.Contains(one, `viewBox="0 0 800 800"`) || !strings.Contains(one, `cx="400" cy="400"`) {
		t.Errorf("a single point should sit in the middle of a square map:\n%s", one)
	}
	none := nilOutline.Draw(nil, Options{})
	checkWellFormed(t, none)
}

func TestFocusOption(t *testing.T) {
	o := loadSyria(t)
	// Damascus area only: Aleppo is outside and left out.
	focus := [4]float64{35.5, 33, 37, 34}
	svg := o.Draw(cities(), Options{Width: 400, Focus: &focus, Labels: true})
	if strings.Contains(svg, "Aleppo") || !strings.Contains(svg, ">Damascus</text>") {
		t.Errorf("focus frame: want Damascus and no Aleppo")
	}
	// Far-away rings (Turkey's west) are cut, so the map stays small.
	if len(svg) > 20000 {
		t.Errorf("zoomed map is %d bytes; outlines are not being clipped", len(svg))
	}
}

func TestDeterministic(t *testing.T) {
	o := loadSyria(t)
	pts := cities()
	a := o.Draw(pts, fullOptions())
	b := o.Draw(pts, fullOptions())
	if a != b {
		t.Fatal("two draws differ")
	}
	// Input order must not matter either.
	rev := make([]Point, len(pts))
	for i, p := range pts {
		rev[len(pts)-1-i] = p
	}
	if c := o.Draw(rev, fullOptions()); c != a {
		t.Fatal("point order changes the output")
	}
	// Neither Draw nor Apart changes the points it is given (a caller
	// reads them again by index).
	in := cities()
	slices.Reverse(in) // not in drawing order
	given := slices.Clone(in)
	o.Draw(in, fullOptions())
	o.Apart(in, fullOptions(), 0)
	if !slices.Equal(in, given) {
		t.Fatal("Draw or Apart changed the points it was given")
	}
}

func TestLabelsDoNotOverlap(t *testing.T) {
	o := loadSyria(t)
	// A cluster: the greedy placer must spread or drop labels, never stack them.
	var pts []Point
	for i := 0; i < 12; i++ {
		pts = append(pts, Point{Lat: 35 + float64(i%4)*0.08, Lon: 37 + float64(i/4)*0.25, Label: fmt.Sprintf("Town %d", i)})
	}
	svg := o.Draw(pts, Options{Width: 800, Padding: 0.08, Labels: true})
	var boxes []box
	for _, l := range labelBoxes(t, svg, "", 13) {
		for _, o := range boxes {
			if o.overlaps(l.b) {
				t.Errorf("label %q overlaps another", l.text)
			}
		}
		boxes = append(boxes, l.b)
	}
	if len(boxes) < 6 {
		t.Errorf("only %d of 12 labels placed", len(boxes))
	}
}

func TestNum(t *testing.T) {
	for in, want := range map[float64]string{0: "0", -0.04: "0", -0.05: "-0.1", 12.0: "12", 12.34: "12.3", 12.36: "12.4", -3.5: "-3.5", 799.99: "800"} {
		if got := num(in); got != want {
			t.Errorf("num(%v) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkDraw(b *testing.B) {
	o := loadSyria(b)
	pts := make([]Point, 1000)
	for i := range pts {
		// Spread over Syria's bbox, deterministic.
		u, v := float64(i*7919%1000)/1000, float64(i*104729%997)/997
		pts[i] = Point{
			Lat: 32.4 + 4.8*u, Lon: 35.8 + 6.5*v,
			Label: fmt.Sprintf("City %d", i), Href: fmt.Sprintf("/cities/c%d/", i),
			Color: "#2e7d32", Title: fmt.Sprintf("City %d: held by X", i), Class: "held-by-x",
		}
	}
	opts := fullOptions()
	b.ReportAllocs()
	for b.Loop() {
		_ = o.Draw(pts, opts)
	}
}

// tierGroup returns the markup of the <g class="labels ..."> group of a
// tier ("" for a map drawn with one tier).
func tierGroup(svg, group, class string) string {
	open := `<g class="` + group + `"`
	if class != "" {
		open = `<g class="` + group + ` ` + class + `"`
	}
	i := strings.Index(svg, open)
	if i < 0 {
		return ""
	}
	j := strings.Index(svg[i:], "\n</g>")
	return svg[i : i+j]
}

var labelRE = regexp.MustCompile(`<text x="([-\d.]+)" y="([-\d.]+)"(?: text-anchor="(\w+)")?[^>]*>([^<]*)</text>`)

func labelTexts(t *testing.T, svg, class string) []string {
	t.Helper()
	var out []string
	for _, m := range labelRE.FindAllStringSubmatch(tierGroup(svg, "labels", class), -1) {
		out = append(out, m[4])
	}
	return out
}

type labelBox struct {
	text string
	b    box
}

// labelBoxes estimates each label's box as the placer does.
func labelBoxes(t *testing.T, svg, class string, font float64) []labelBox {
	t.Helper()
	var out []labelBox
	for _, m := range labelRE.FindAllStringSubmatch(tierGroup(svg, "labels", class), -1) {
		var x, y float64
		fmt.Sscan(m[1], &x)
		fmt.Sscan(m[2], &y)
		w := float64(len([]rune(m[4]))) * font * glyphWidth
		b := box{x, y - 0.74*font, x + w, y + 0.24*font}
		switch m[3] {
		case "end":
			b.x0, b.x1 = x-w, x
		case "middle":
			b.x0, b.x1 = x-w/2, x+w/2
		}
		out = append(out, labelBox{m[4], b})
	}
	return out
}

// manyPlaces is a dense cluster where labels must compete for room.
func manyPlaces() []Point {
	var pts []Point
	for i := 0; i < 60; i++ {
		u, v := float64(i*37%60)/60, float64(i*23%59)/59
		pts = append(pts, Point{Lat: 34 + 3*u, Lon: 36.2 + 3*v, Label: fmt.Sprintf("Place %d", i),
			Href: fmt.Sprintf("/cities/p%d/", i), Color: "#2e7d32", Weight: float64(i)})
	}
	return pts
}

var testTiers = []Tier{{Class: "lt-w", Font: 14.5, Radius: 5}, {Class: "lt-m", Font: 20.5, Radius: 7}, {Class: "lt-n", Font: 26.5, Radius: 9}}

// TestTiers: each tier is a set of labels placed on its own at its size:
// the first shown, the others hidden until the stylesheet shows them,
// narrower tiers with fewer labels rather than smaller ones, and in each
// no label covers another label, a mark (at the tier's radius), the date
// or the scale.
func TestTiers(t *testing.T) {
	o := loadSyria(t)
	pts := manyPlaces()
	svg := o.Draw(pts, Options{Width: 800, Padding: 0.06, Labels: true, Tiers: testTiers,
		Stamp: Stamp{Text: "6 December 2024", TextRoom: 17}, Scale: true})
	checkWellFormed(t, svg)
	var counts []int
	for i, tier := range testTiers {
		g := tierGroup(svg, "labels", tier.Class)
		if g == "" {
			t.Fatalf("no labels group for tier %s", tier.Class)
		}
		if hidden := strings.Contains(g[:strings.Index(g, ">")], `display="none"`); hidden != (i > 0) {
			t.Errorf("tier %s: hidden %v, want %v", tier.Class, hidden, i > 0)
		}
		if !strings.Contains(g, `font-size="`+num(tier.Font)+`"`) {
			t.Errorf("tier %s: font size is not %v", tier.Class, tier.Font)
		}
		boxes := labelBoxes(t, svg, tier.Class, tier.Font)
		counts = append(counts, len(boxes))
		marks := markBoxes(t, svg, tier.Radius)
		stamp, scale := cornerBoxes(t, svg, tier)
		for a, la := range boxes {
			for _, lb := range boxes[a+1:] {
				if la.b.overlaps(lb.b) {
					t.Errorf("tier %s: labels %q and %q overlap", tier.Class, la.text, lb.text)
				}
			}
			for name, mb := range marks {
				if la.b.overlaps(mb) && !strings.HasPrefix(name, la.text+":") && name != la.text {
					t.Errorf("tier %s: label %q covers the mark of %s", tier.Class, la.text, name)
				}
			}
			if la.b.overlaps(stamp) || la.b.overlaps(scale) {
				t.Errorf("tier %s: label %q covers the date or the scale", tier.Class, la.text)
			}
		}
	}
	if !(counts[0] > counts[1] && counts[1] > counts[2] && counts[2] > 0) {
		t.Errorf("labels per tier %v: want fewer on narrower tiers, and some on each", counts)
	}
	// The heaviest place is labelled at every tier.
	for _, tier := range testTiers {
		if l := labelTexts(t, svg, tier.Class); !slicesContains(l, "Place 59") {
			t.Errorf("tier %s lacks the heaviest place's label: %v", tier.Class, l)
		}
	}
}

func slicesContains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

var markRE = regexp.MustCompile(`<title>([^<]*)</title>(?:<circle class="ring"[^>]*/>)?<circle class="mark" cx="([-\d.]+)" cy="([-\d.]+)"`)

func markBoxes(t *testing.T, svg string, radius float64) map[string]box {
	out := map[string]box{}
	for _, m := range markRE.FindAllStringSubmatch(svg, -1) {
		var x, y float64
		fmt.Sscan(m[2], &x)
		fmt.Sscan(m[3], &y)
		out[m[1]] = box{x - radius, y - radius, x + radius, y + radius}
	}
	return out
}

// cornerBoxes reads the tier's date and scale boxes from the texts drawn.
func cornerBoxes(t *testing.T, svg string, tier Tier) (stamp, scale box) {
	t.Helper()
	g := tierGroup(svg, "map-stamp", tier.Class)
	m := regexp.MustCompile(`<text class="map-date" x="([-\d.]+)" y="([-\d.]+)" font-size="([-\d.]+)"[^>]*>([^<]*)<`).FindStringSubmatch(g)
	if m == nil {
		t.Fatalf("tier %s: no date on the map:\n%s", tier.Class, g)
	}
	var x, y, fs float64
	fmt.Sscan(m[1], &x)
	fmt.Sscan(m[2], &y)
	fmt.Sscan(m[3], &fs)
	stamp = box{x, y - fs, x + float64(len(m[4]))*fs*glyphWidth, y + 0.3*fs}
	g = tierGroup(svg, "scale", tier.Class)
	bm := regexp.MustCompile(`<path class="scale-bar" d="M([-\d.]+) ([-\d.]+)V([-\d.]+)H([-\d.]+)`).FindStringSubmatch(g)
	if bm == nil {
		t.Fatalf("tier %s: no scale bar:\n%s", tier.Class, g)
	}
	var x0, y0, y1, x1 float64
	fmt.Sscan(bm[1], &x0)
	fmt.Sscan(bm[2], &y0)
	fmt.Sscan(bm[3], &y1)
	fmt.Sscan(bm[4], &x1)
	scale = box{x0, y1 - 8 - tier.Font, x1, y1}
	return stamp, scale
}

// TestScaleBar: the bar's length is the kilometres it says, at the map's
// scale, and a round number.
func TestScaleBar(t *testing.T) {
	o := loadSyria(t)
	for _, width := range []int{320, 800} {
		svg := o.Draw(cities(), Options{Width: width, Padding: 0.06, Scale: true})
		g := tierGroup(svg, "scale", "")
		m := regexp.MustCompile(`d="M([-\d.]+) [-\d.]+V[-\d.]+H([-\d.]+)V[^"]*".*\n.*\n<text[^>]*>(\d+) km</text>`).FindStringSubmatch(g)
		if m == nil {
			t.Fatalf("width %d: no scale bar:\n%s", width, g)
		}
		var x0, x1, km float64
		fmt.Sscan(m[1], &x0)
		fmt.Sscan(m[2], &x1)
		fmt.Sscan(m[3], &km)
		// The projection of this map: the frame is the focus (Syria).
		frame, _ := chooseFrame(o.Features, validPoints(cities()), nil)
		pr := newProjection(frame, width, 0.06)
		// A degree of latitude is kmPerDegree; x and y share a scale.
		want := km / kmPerDegree * pr.scale
		if math.Abs((x1-x0)-want) > 0.2 {
			t.Errorf("width %d: bar %.1f units for %v km, want %.1f", width, x1-x0, km, want)
		}
		lead := km
		for lead >= 10 {
			lead /= 10
		}
		if lead != 1 && lead != 2 && lead != 5 {
			t.Errorf("width %d: %v km is not a round length", width, km)
		}
		if x1-x0 > 0.21*float64(width) || x1-x0 < 0.08*float64(width) {
			t.Errorf("width %d: bar %.0f units long", width, x1-x0)
		}
	}
}

// TestStamp: the date is on the map, with room for any date and the note
// a script may write, in the corner with the fewest marks.
func TestStamp(t *testing.T) {
	o := loadSyria(t)
	svg := o.Draw(cities(), Options{Width: 800, Padding: 0.06, Stamp: Stamp{Text: "6 December 2024", Note: "after the 5 December 2024 cutoff"}})
	for _, want := range []string{`>6 December 2024</text>`, `<text class="map-note"`, `>after the 5 December 2024 cutoff</text>`} {
		if !strings.Contains(svg, want) {
			t.Errorf("map lacks %s", want)
		}
	}
	// Top left is empty on Syria's map: the date goes there.
	m := regexp.MustCompile(`<text class="map-date" x="([-\d.]+)" y="([-\d.]+)"`).FindStringSubmatch(svg)
	var x, y float64
	fmt.Sscan(m[1], &x)
	fmt.Sscan(m[2], &y)
	if x > 40 || y > 40 {
		t.Errorf("date at %v,%v, want the top left corner", x, y)
	}
	// A mark in every corner but the bottom right: the date goes there.
	var corners []Point
	for _, c := range [][2]float64{{36.95, 36.3}, {36.95, 41.7}, {33.05, 36.3}} {
		corners = append(corners, Point{Lat: c[0], Lon: c[1], Label: "x"})
	}
	frame := [4]float64{36, 33, 42, 37}
	svg = o.Draw(corners, Options{Width: 800, Focus: &frame, Stamp: Stamp{Text: "6 December 2024"}})
	if !strings.Contains(svg, `<g class="map-stamp" font-family="system-ui, sans-serif" fill="#1b1b1b" stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke" text-anchor="end">`) {
		t.Errorf("date not moved to a right-hand corner away from the marks:\n%s", tierGroup(svg, "map-stamp", ""))
	}
}

// TestShapesAndRings: areas are drawn translucent in their colour, under
// the marks, cut to the focus country, hidden ones hidden, approximate
// ones dashed; a ringed point gets its ring.
func TestShapesAndRings(t *testing.T) {
	o := loadSyria(t)
	sq := [][][][2]float64{{{{36, 35}, {37, 35}, {37, 36}, {36, 36}, {36, 35}}}}
	pts := cities()
	pts[0].Ring = true
	svg := o.Draw(pts, Options{Width: 800, Padding: 0.06, ID: "m", Shapes: []Shape{
		{Polygons: sq, Fill: "#2e7d32", Class: "area-of-hts", Title: "HTS <area>", Key: "a0", Dashed: true},
		{Polygons: sq, Fill: "#c62828", Key: "a1", Hidden: true},
	}})
	checkWellFormed(t, svg)
	for _, want := range []string{
		`<defs><clipPath id="m-clip"><use href="#m-c`,
		`<g class="areas" clip-path="url(#m-clip)"`,
		`<path class="area area-of-hts" data-key="a0" fill="#2e7d32" fill-opacity="0.3" stroke="#2e7d32" stroke-width="1.2" stroke-dasharray="6 4" fill-rule="evenodd" d="M`,
		`<title>HTS &lt;area&gt;</title></path>`,
		`data-key="a1" fill="#c62828"`, `display="none"`,
		`<g class="city held-by-hts changed"><title>Hama`,
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("map lacks %s", want)
		}
	}
	// The clip uses the focus path by its id.
	id := regexp.MustCompile(`<use href="#(m-c\d+)"`).FindStringSubmatch(svg)[1]
	if !strings.Contains(svg, `<path class="country focus" id="`+id+`"`) {
		t.Errorf("the clip path names %s, which is not Syria's path", id)
	}
	if a, c := strings.Index(svg, `class="areas"`), strings.Index(svg, `class="cities"`); a > c {
		t.Error("areas drawn over the marks")
	}
	m := regexp.MustCompile(`<circle class="ring" cx="([-\d.]+)" cy="([-\d.]+)" r="([-\d.]+)"[^>]*/><circle class="mark" cx="([-\d.]+)" cy="([-\d.]+)" r="([-\d.]+)"`).FindStringSubmatch(svg)
	if m == nil || m[1] != m[4] || m[2] != m[5] {
		t.Fatalf("no ring around Hama's mark: %v", m)
	}
	var rr, mr float64
	fmt.Sscan(m[3], &rr)
	fmt.Sscan(m[6], &mr)
	if rr != mr+ringGap {
		t.Errorf("ring radius %v, mark %v", rr, mr)
	}
	// Without shapes, no clip path and no ids on the countries.
	if plain := o.Draw(pts, fullOptions()); strings.Contains(plain, "clipPath") || strings.Contains(plain, ` id="map-c`) {
		t.Error("a map without areas has a clip path")
	}
	// A map without links is an image; with links, a group of them.
	if img := o.Draw([]Point{{Lat: 35, Lon: 37, Label: "x"}}, Options{}); !strings.Contains(img, `role="img"`) {
		t.Error("a map without links should be role=img")
	}
}

// TestHeaviestLabelledInCluster: a city ringed by villages so close that
// every spot beside its mark is covered still gets its name, away from the
// mark with a line to it (the shipped map of 6 December named the villages
// round Hama but not Hama). Villages are not given lines.
func TestHeaviestLabelledInCluster(t *testing.T) {
	o := loadSyria(t)
	pts := []Point{{Lat: 35.13, Lon: 36.75, Label: "City", Weight: 500000}}
	for i := 0; i < 8; i++ {
		a := float64(i) * math.Pi / 4
		pts = append(pts, Point{Lat: 35.13 + 0.05*math.Sin(a), Lon: 36.75 + 0.06*math.Cos(a), Label: fmt.Sprintf("Village %d", i), Weight: 5000})
	}
	svg := o.Draw(pts, Options{Width: 800, Padding: 0.08, Labels: true})
	var named bool
	var boxes []box
	for _, l := range labelBoxes(t, svg, "", 13) {
		named = named || l.text == "City"
		for _, o := range boxes {
			if o.overlaps(l.b) {
				t.Errorf("label %q overlaps another", l.text)
			}
		}
		boxes = append(boxes, l.b)
	}
	if !named {
		t.Errorf("the city in the cluster has no label:\n%s", svg)
	}
	if n := strings.Count(svg, `<line `); n != 1 {
		t.Errorf("%d leader lines, want the city's only", n)
	}
}

// TestApart: a locator keeps its Current point, drops neighbours whose
// marks would touch it or one nearer in the list, keeps those clear of
// them, and stops at the number asked for; drawn in the frame it returns,
// no two marks touch.
func TestApart(t *testing.T) {
	o := loadSyria(t)
	opts := Options{Width: 320, Padding: 0.06, Locator: true}
	pts := []Point{
		{Lat: 35.15, Lon: 36.72, Label: "Air base"},  // 3 km from Hama, listed first
		{Lat: 35.50, Lon: 36.80, Label: "Neighbour"}, // 40 km north of Hama
		{Lat: 35.135, Lon: 36.75, Label: "Hama", Current: true, Ring: true},
		{Lat: math.NaN(), Lon: 36.7, Label: "Nowhere"},
		{Lat: 34.73, Lon: 36.71, Label: "Homs"},
		{Lat: 34.74, Lon: 36.72, Label: "Next to Homs"},
		{Lat: 36.20, Lon: 37.16, Label: "Aleppo"},
		{Lat: 33.51, Lon: 36.29, Label: "Damascus"},
	}
	names := func(keep []int) []string {
		var s []string
		for _, i := range keep {
			s = append(s, pts[i].Label)
		}
		return s
	}
	keep, frame := o.Apart(pts, opts, 0)
	want := []string{"Neighbour", "Hama", "Homs", "Aleppo", "Damascus"}
	if got := names(keep); !slices.Equal(got, want) {
		t.Errorf("Apart = %v, want %v", got, want)
	}
	if got, _ := o.Apart(pts, opts, 3); !slices.Equal(names(got), []string{"Neighbour", "Hama", "Homs"}) {
		t.Errorf("Apart with at most 3 = %v", names(got))
	}
	// With a Focus on Damascus, the points outside it are not taken.
	focus := [4]float64{35.5, 33, 37, 34}
	if got, _ := o.Apart(pts, Options{Width: 320, Locator: true, Focus: &focus}, 0); !slices.Equal(names(got), []string{"Damascus"}) {
		t.Errorf("Apart within a focus = %v", names(got))
	}
	// Two Current points are both taken, whatever they cover.
	two := slices.Clone(pts)
	two[0].Current = true
	if got, _ := o.Apart(two, opts, 0); !slices.Contains(names(got), "Air base") || !slices.Contains(names(got), "Hama") {
		t.Errorf("Apart with two Current points = %v", names(got))
	}
	// What Apart keeps, Draw shows in its frame with no two marks (their
	// outlines and rings included) touching.
	var kept []Point
	for _, i := range keep {
		kept = append(kept, pts[i])
	}
	opts.Focus = &frame
	circles := markCircles(t, o.Draw(kept, opts))
	if len(circles) != len(want)+1 { // Hama's ring is a circle too
		t.Fatalf("%d circles drawn, want %d", len(circles), len(want)+1)
	}
	for i, a := range circles {
		for _, b := range circles[:i] {
			if a == b || a[0] == b[0] && a[1] == b[1] {
				continue // a mark and its ring
			}
			if math.Hypot(a[0]-b[0], a[1]-b[1]) < a[2]+b[2]+(a[3]+b[3])/2 {
				t.Errorf("circles %v and %v touch", a, b)
			}
		}
	}
	// Without Apart, the air base's mark covers part of Hama's.
	opts.Focus = nil
	all := markCircles(t, o.Draw(pts, opts))
	touching := false
	for i, a := range all {
		for _, b := range all[:i] {
			touching = touching || a[0] != b[0] && math.Hypot(a[0]-b[0], a[1]-b[1]) < a[2]+b[2]
		}
	}
	if !touching {
		t.Error("the test's points do not touch when all are drawn: it shows nothing")
	}
}

// markCircles is every mark and ring of svg as x, y, radius and stroke
// width.
func markCircles(t *testing.T, svg string) [][4]float64 {
	t.Helper()
	var out [][4]float64
	for _, m := range regexp.MustCompile(`<circle class="(?:mark|ring)" cx="([-\d.]+)" cy="([-\d.]+)" r="([\d.]+)"[^>]*?stroke-width="([\d.]+)"`).FindAllStringSubmatch(svg, -1) {
		var c [4]float64
		for i := range c {
			v, err := strconv.ParseFloat(m[i+1], 64)
			if err != nil {
				t.Fatal(err)
			}
			c[i] = v
		}
		out = append(out, c)
	}
	return out
}
