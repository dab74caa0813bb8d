package build

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"briefing/generator/render/rendertest"
)

// Areas of control for the mini briefing: a square around Hama for HTS on
// two dates (the first approximate), one around Damascus for the army.
const (
	hamaSquare     = `{"type":"Polygon","coordinates":[[[36.6,35.0],[36.9,35.0],[36.9,35.3],[36.6,35.3],[36.6,35.0]]]}`
	hamaWider      = `{"type":"Feature","properties":{"name":"x"},"geometry":{"type":"MultiPolygon","coordinates":[[[[36.5,34.9],[37.0,34.9],[37.0,35.4],[36.5,35.4],[36.5,34.9]],[[36.7,35.1],[36.8,35.2],[36.7,35.2],[36.7,35.1]]],[[[37.1,36.1],[37.3,36.1],[37.3,36.3],[37.1,36.1]]]]}}`
	damascusSquare = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[36.1,33.3],[36.5,33.3],[36.5,33.7],[36.1,33.7],[36.1,33.3]]]}}]}`
)

const htsWithAreas = `---
name: Hayat Tahrir al-Sham
aliases: [HTS]
color: "#2e7d32"
opponents: [saa]
areas:
  - date: 2024-12-03
    file: areas/hts-2024-12-03.geojson
    source: afp
    approximate: true
  - date: 2024-12-05
    file: areas/hts-2024-12-05.geojson
    source: sohr
    note: Traced from the monitor's map.
---
Led the offensive.
`

const saaWithAreas = `---
name: Syrian Arab Army
color: "#c62828"
opponents: [hts]
areas:
  - {date: 2011-03-15, file: areas/saa-damascus.geojson, source: afp}
---
The government's army.
`

func areasBriefing(t *testing.T, extra map[string]string) *Result {
	t.Helper()
	files := map[string]string{
		"content/factions/hts.md":              htsWithAreas,
		"content/factions/saa.md":              saaWithAreas,
		"content/areas/hts-2024-12-03.geojson": hamaSquare,
		"content/areas/hts-2024-12-05.geojson": hamaWider,
		"content/areas/saa-damascus.geojson":   damascusSquare,
	}
	for k, v := range extra {
		files[k] = v
	}
	res, diags := Build(mini(t, files), Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	return res
}

// TestAreas: areas of control are drawn in their faction's colour for
// the date shown (each faction's latest area on or before it), the time
// control's map has the others hidden, the key names them with their
// source, and the GeoJSON carries them with their dates.
func TestAreas(t *testing.T) {
	res := areasBriefing(t, nil)
	page := string(rendertest.File(res.Tree, "map/index.html"))
	area := func(page, key string) string {
		return regexp.MustCompile(`<path class="area[^"]*" data-key="` + key + `"[^>]*>`).FindString(page)
	}
	// Keys name the faction and the date.
	hts3, hts5, saa := area(page, "a-hts-2024-12-03"), area(page, "a-hts-2024-12-05"), area(page, "a-saa-2011-03-15")
	if hts3 == "" || hts5 == "" || saa == "" {
		t.Fatalf("areas missing from the map page:\n%s\n%s\n%s", hts3, hts5, saa)
	}
	for _, c := range []struct {
		name, tag, fill string
		hidden, dashed  bool
	}{
		{"HTS on 3 December", hts3, "#2e7d32", true, true},
		{"HTS on 5 December", hts5, "#2e7d32", false, false},
		{"the army's", saa, "#c62828", false, false},
	} {
		if !strings.Contains(c.tag, `fill="`+c.fill+`"`) {
			t.Errorf("%s area: not in its faction's colour: %s", c.name, c.tag)
		}
		if strings.Contains(c.tag, `display="none"`) != c.hidden {
			t.Errorf("%s area: hidden %v, want %v on 6 December", c.name, !c.hidden, c.hidden)
		}
		if strings.Contains(c.tag, "stroke-dasharray") != c.dashed {
			t.Errorf("%s area: dashed %v, want %v (approximate)", c.name, !c.dashed, c.dashed)
		}
	}
	if !strings.Contains(page, `clip-path="url(#map-clip)"`) {
		t.Error("areas are not cut to the outline")
	}
	// The key: the areas shown, with their source.
	for _, want := range []string{
		`<li data-key="a-hts-2024-12-05">`, `<li data-key="a-hts-2024-12-03" hidden>`,
		`Hayat Tahrir al-Sham</a>, area on 5 December 2024 after <a href="../sources/sohr/" class="source-ref" dir="auto">Syrian Observatory for Human Rights</a>`,
		`area on 3 December 2024 after <a href="../sources/afp/" class="source-ref" dir="auto">Agence France-Presse</a> <abbr`,
		`(approximate)`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("map page lacks %q", want)
		}
	}
	// The time control's data lists each area once: faction, date.
	var data struct {
		Stops []string `json:"stops"`
		Areas [][2]int `json:"areas"`
	}
	m := regexp.MustCompile(`<script type="application/json" id="map-data">(.*?)</script>`).FindStringSubmatch(page)
	if m == nil || json.Unmarshal([]byte(m[1]), &data) != nil {
		t.Fatalf("no map data: %v", m)
	}
	var dates []string
	for _, a := range data.Areas {
		dates = append(dates, data.Stops[a[1]])
	}
	if strings.Join(dates, " ") != "2024-12-03 2024-12-05 2011-03-15" {
		t.Errorf("areas' dates in the data: %v", dates)
	}

	// The home page and the locators show only the areas of the day.
	home := string(rendertest.File(res.Tree, "index.html"))
	if !strings.Contains(home, `data-key="a-hts-2024-12-05"`) || strings.Contains(home, `data-key="a-hts-2024-12-03"`) {
		t.Error("the home map should show HTS's area of 5 December and not the earlier one")
	}
	hama := string(rendertest.File(res.Tree, "cities/hama/index.html"))
	if !strings.Contains(hama, `<path class="area area-of-hts" data-key="a-hts-2024-12-05"`) {
		t.Error("Hama's locator lacks HTS's area")
	}

	// The faction's page says which area the maps draw, and after whom.
	if f := string(rendertest.File(res.Tree, "factions/hts/index.html")); !regexp.MustCompile(`<dt>Area of control, as of 6 December 2024</dt>\s*<dd>drawn on the map from 5 December 2024 <span class="muted">after</span> <a href="../../sources/sohr/"`).MatchString(f) ||
		!strings.Contains(f, "(2 dated areas: the map page shows each on its date)") {
		i := strings.Index(f, "Area of control")
		t.Errorf("HTS's page does not name its area: %.400s", f[max(i, 0):])
	}
	// The sources the areas rest on say so.
	if src := string(rendertest.File(res.Tree, "sources/sohr/index.html")); !strings.Contains(src, "areas of control") {
		t.Error("SOHR's page does not list the area traced from it")
	}

	// GeoJSON: each area with its dates and source.
	got := map[string]string{}
	for _, f := range geoFeatures(t, res) {
		if f.Properties["faction"] != nil {
			got[f.ID] = f.Geometry.Type + " " + f.Properties["date"].(string) + " until " + strOr(f.Properties["until"]) +
				" source " + strOr(f.Properties["source"]) + " approximate " + strOr(f.Properties["approximate"])
		}
	}
	for id, want := range map[string]string{
		"factions/hts/areas/2024-12-03": "Polygon 2024-12-03 until 2024-12-05 source afp approximate true",
		"factions/hts/areas/2024-12-05": "MultiPolygon 2024-12-05 until - source sohr approximate false",
		"factions/saa/areas/2011-03-15": "Polygon 2011-03-15 until - source afp approximate false",
	} {
		if got[id] != want {
			t.Errorf("GeoJSON %s: %q, want %q", id, got[id], want)
		}
	}
}

// TestAreaEnded: an ended: entry ends the faction's area on its date. The
// maps draw it before and not after, the fact sheet says since when, the
// GeoJSON gives the area that date as its until, and a file is refused.
func TestAreaEnded(t *testing.T) {
	saa := strings.Replace(saaWithAreas, "---\nThe", "  - {date: 2024-12-05, ended: true, source: sohr, note: Withdrew from the capital}\n---\nThe", 1)
	res := areasBriefing(t, map[string]string{"content/factions/saa.md": saa})
	page := string(rendertest.File(res.Tree, "map/index.html"))
	tag := regexp.MustCompile(`<path class="area[^"]*" data-key="a-saa-2011-03-15"[^>]*>`).FindString(page)
	if tag == "" || !strings.Contains(tag, `display="none"`) {
		t.Errorf("the army's area should be drawn hidden on 6 December, after its end: %q", tag)
	}
	if strings.Contains(page, `data-key="a-saa-2024-12-05"`) {
		t.Error("the end is drawn as an area")
	}
	if strings.Contains(string(rendertest.File(res.Tree, "index.html")), `data-key="a-saa-`) {
		t.Error("the home map shows an area that has ended")
	}
	if f := string(rendertest.File(res.Tree, "factions/saa/index.html")); !regexp.MustCompile(`<dt>Area of control, as of 6 December 2024</dt>\s*<dd>none since 5 December 2024 <span class="muted">after</span> <a href="../../sources/sohr/"[^>]*>Syrian Observatory for Human Rights</a> <span class="muted">Withdrew from the capital</span></dd>`).MatchString(f) {
		i := strings.Index(f, "Area of control")
		t.Errorf("the army's page does not say its area ended: %.300s", f[max(i, 0):])
	}
	// With more than one area, the count follows the end's note as a
	// sentence of its own.
	two := strings.Replace(saa, "  - {date: 2024-12-05, ended", "  - {date: 2024-12-01, file: areas/saa-damascus.geojson, source: afp}\n  - {date: 2024-12-05, ended", 1)
	if f := string(rendertest.File(areasBriefing(t, map[string]string{"content/factions/saa.md": two}).Tree, "factions/saa/index.html")); !strings.Contains(f, `<span class="muted">Withdrew from the capital. (2 dated areas: the map page shows each on its date)</span>`) {
		i := strings.Index(f, "Area of control")
		t.Errorf("the end's note and the count of areas: %.400s", f[max(i, 0):])
	}
	areas := map[string]string{}
	for _, f := range geoFeatures(t, res) {
		if f.Properties["faction"] == "saa" {
			p := f.Properties
			areas[f.ID] = strings.Join([]string{strOr(p["until"]), strOr(p["ended"]), strOr(p["end_source"]), strOr(p["end_source_name"]), strOr(p["end_note"]), strOr(p["until_after_cutoff"])}, " ")
		}
	}
	if !reflect.DeepEqual(areas, map[string]string{"factions/saa/areas/2011-03-15": "2024-12-05 true sohr Syrian Observatory for Human Rights Withdrew from the capital -"}) {
		t.Errorf("the army's areas in the GeoJSON, with their until: %v", areas)
	}
	// Before the end the area is drawn.
	early := strings.Replace(saa, "2024-12-05, ended", "2024-12-07, ended", 1)
	if tag := regexp.MustCompile(`<path class="area[^"]*" data-key="a-saa-2011-03-15"[^>]*>`).FindString(string(rendertest.File(areasBriefing(t, map[string]string{"content/factions/saa.md": early}).Tree, "map/index.html"))); tag == "" || strings.Contains(tag, `display="none"`) {
		t.Errorf("the army's area should show on 6 December, before its end on the 7th: %q", tag)
	}
	// An end names no file.
	_, diags := Build(mini(t, map[string]string{"content/factions/saa.md": strings.Replace(saa, "ended: true,", "ended: true, file: areas/saa-damascus.geojson,", 1),
		"content/areas/saa-damascus.geojson": damascusSquare}), Options{Theme: repo})
	if got := diags.Error(); !strings.Contains(got, "areas[1] is ended: true, the end of the faction's area, and names no file (leave out file:, or ended:)") {
		t.Errorf("an end with a file: %s", got)
	}
}

// geoFeature is a feature of map/briefing.geojson, as the area tests read it.
type geoFeature struct {
	ID       string `json:"id"`
	Geometry struct {
		Type string `json:"type"`
	} `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

func geoFeatures(t *testing.T, res *Result) []geoFeature {
	t.Helper()
	var fc struct {
		Features []geoFeature `json:"features"`
	}
	if err := json.Unmarshal(rendertest.File(res.Tree, "map/briefing.geojson"), &fc); err != nil {
		t.Fatal(err)
	}
	return fc.Features
}

func strOr(v any) string {
	switch v := v.(type) {
	case nil:
		return "-"
	case string:
		return v
	case bool:
		if v {
			return "true"
		}
		return "false"
	}
	return "?"
}

// TestAreaErrors: every problem with an area is reported where it is, in
// the fact sheet or in the GeoJSON file, all in one run.
func TestAreaErrors(t *testing.T) {
	sheet := func(entries string) string {
		return "---\nname: Hayat Tahrir al-Sham\ncolor: \"#2e7d32\"\nareas:\n" + entries + "---\nText.\n"
	}
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"undated", map[string]string{"content/factions/hts.md": sheet("  - {file: areas/a.geojson, source: afp}\n"),
			"content/areas/a.geojson": hamaSquare},
			[]string{"content/factions/hts.md:5:5: missing required areas[0].date"}},
		{"no source", map[string]string{"content/factions/hts.md": sheet("  - {date: 2024-12-05, file: areas/a.geojson}\n"),
			"content/areas/a.geojson": hamaSquare},
			[]string{"content/factions/hts.md:5:5: missing required areas[0].source: say whose map the area is traced from"}},
		{"unknown source", map[string]string{"content/factions/hts.md": sheet("  - {date: 2024-12-05, file: areas/a.geojson, source: isw}\n"),
			"content/areas/a.geojson": hamaSquare},
			[]string{`content/factions/hts.md:5:55: unknown source "isw" in areas[0].source`}},
		{"not found", map[string]string{"content/factions/hts.md": sheet("  - {date: 2024-12-05, file: areas/hts-2024-12-5.geojson, source: afp}\n"),
			"content/areas/hts-2024-12-05.geojson": hamaSquare},
			[]string{`content/factions/hts.md:5:30: areas[0].file not found: content/areas/hts-2024-12-5.geojson (did you mean "hts-2024-12-05.geojson"?)`}},
		{"outside the folder", map[string]string{"content/factions/hts.md": sheet("  - {date: 2024-12-05, file: ../site.yaml, source: afp}\n  - {date: 2024-12-06, file: cities/x.geojson, source: afp}\n  - {date: 2024-12-07, file: areas/a.json, source: afp}\n")},
			[]string{
				`content/factions/hts.md:5:30: areas[0].file must name a file in content/areas/, got "../site.yaml" (write it relative to content/, e.g. areas/hts-2024-12-05.geojson)`,
				`content/factions/hts.md:6:30: areas[1].file must name a file in content/areas/, got "cities/x.geojson" (area files sit directly in content/areas/)`,
				`content/factions/hts.md:7:30: areas[2].file must be a GeoJSON file ending in .geojson, got "areas/a.json"`,
			}},
		{"same date twice", map[string]string{"content/factions/hts.md": sheet("  - {date: 2024-12-05, file: areas/a.geojson, source: afp}\n  - {date: 2024-12-05, file: areas/a.geojson, source: afp}\n"),
			"content/areas/a.geojson": hamaSquare},
			[]string{"content/factions/hts.md:6:12: areas[0] and areas[1] are both dated 2024-12-05: a faction has one area per date"}},
		{"an end of nothing", map[string]string{"content/factions/hts.md": sheet("  - {date: 2024-12-07, file: areas/a.geojson, source: afp}\n  - {date: 2024-12-05, ended: true, source: afp}\n"),
			"content/areas/a.geojson": hamaSquare},
			[]string{"content/factions/hts.md:6:12: areas[1] is ended: true, yet the faction holds no area before 2024-12-05 to end (an end follows the area it ends, dated before it)"}},
		{"two ends", map[string]string{"content/factions/hts.md": sheet("  - {date: 2024-12-05, file: areas/a.geojson, source: afp}\n  - {date: 2024-12-08, ended: true, source: afp}\n  - {date: 2024-12-06, ended: true, source: afp}\n"),
			"content/areas/a.geojson": hamaSquare},
			[]string{"content/factions/hts.md:6:12: areas[1] is ended: true, yet areas[2] ended the faction's area already, on 2024-12-06 (remove one of the two ends)"}},
		{"an end after a misdated area", map[string]string{"content/factions/hts.md": sheet("  - {date: 2024-12-01, file: areas/a.geojson, source: afp}\n  - {date: 2024-12-03, ended: true, source: afp}\n  - {date: 2024-12-4, file: areas/a.geojson, source: afp}\n  - {date: 2024-12-05, ended: true, source: afp}\n"),
			"content/areas/a.geojson": hamaSquare},
			[]string{`content/factions/hts.md:7:12: areas[2].date must be a date (YYYY-MM-DD), got "2024-12-4"`}},
		{"an approximate end", map[string]string{"content/factions/hts.md": sheet("  - {date: 2024-12-05, file: areas/a.geojson, source: afp}\n  - {date: 2024-12-06, ended: true, source: afp, approximate: true}\n"),
			"content/areas/a.geojson": hamaSquare},
			[]string{"content/factions/hts.md:6:63: areas[1] is ended: true, the end of the faction's area, and has no outline to be approximate (leave out approximate:, or ended:)"}},
		{"malformed", map[string]string{"content/factions/hts.md": sheet("  - {date: 2024-12-05, file: areas/a.geojson, source: afp}\n"),
			"content/areas/a.geojson": "{\"type\": \"Polygon\",\n  \"coordinates\": [[[36.6, 35.0], [36.9 35.0]]]\n}\n"},
			[]string{"content/areas/a.geojson:2:40: malformed JSON: invalid character '3' after array element"}},
		{"not closed", map[string]string{"content/factions/hts.md": sheet("  - {date: 2024-12-05, file: areas/a.geojson, source: afp}\n"),
			"content/areas/a.geojson": "{\"type\": \"Polygon\", \"coordinates\": [\n  [[36.6, 35.0], [36.9, 35.0], [36.9, 35.3],\n   [36.6, 35.3]]\n]}\n"},
			[]string{"content/areas/a.geojson:3:4: ring 1: is not closed: its last position is not its first (repeat the first position at the end)"}},
		{"a line", map[string]string{"content/factions/hts.md": sheet("  - {date: 2024-12-05, file: areas/a.geojson, source: afp}\n"),
			"content/areas/a.geojson": "{\"type\": \"FeatureCollection\", \"features\": [\n {\"type\": \"Feature\", \"properties\": {}, \"geometry\": {\"type\": \"LineString\", \"coordinates\": [[36, 35], [37, 35]]}}]}\n"},
			[]string{"content/areas/a.geojson:2:61: feature 1: geometry is a LineString: an area is a Polygon or MultiPolygon"}},
		{"swapped", map[string]string{"content/factions/hts.md": sheet("  - {date: 2024-12-05, file: areas/a.geojson, source: afp}\n"),
			"content/areas/a.geojson": `{"type":"Polygon","coordinates":[[[35.0,36.6],[35.0,36.9],[35.3,36.9],[35.0,36.6]]]}`},
			[]string{"content/areas/a.geojson:1:35: position [35, 36.6] lies 110 km outside Syria (the numbers look swapped: GeoJSON puts longitude first, [lon, lat])"}},
		{"far off", map[string]string{"content/factions/hts.md": sheet("  - {date: 2024-12-05, file: areas/a.geojson, source: afp}\n"),
			"content/areas/a.geojson": `{"type":"Polygon","coordinates":[[[36.6,35.0],[36.9,35.0],[44.5,33.3],[36.6,35.0]]]}`},
			[]string{"content/areas/a.geojson:1:59: position [44.5, 33.3] lies 346 km outside Syria"}},
		{"empty", map[string]string{"content/factions/hts.md": sheet("  - {date: 2024-12-05, file: areas/a.geojson, source: afp}\n"),
			"content/areas/a.geojson": ""},
			[]string{"content/areas/a.geojson: file is empty: an area file holds a GeoJSON Polygon or MultiPolygon"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := Build(mini(t, tc.files), Options{Theme: repo})
			var got []string
			for _, d := range diags {
				got = append(got, d.String())
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tc.want, "\n\t"))
			}
		})
	}
}

// TestAreaFolderIsNotAKind: content/areas/ holds data, not pages, and no
// kind may take its name.
func TestAreaFolderIsNotAKind(t *testing.T) {
	res := areasBriefing(t, nil)
	for _, p := range res.Tree.Paths() {
		if strings.HasPrefix(p, "areas/") {
			t.Errorf("%s: the area files are published as pages", p)
		}
	}
	fsys := mini(t, nil)
	fsys["site.yaml"].Data = append(fsys["site.yaml"].Data, []byte("  areas: { singular: area }\n")...)
	_, diags := Build(fsys, Options{Theme: repo})
	if len(diags) == 0 || !strings.Contains(diags[0].String(), `kind name "areas" is reserved`) {
		t.Errorf("a kind named areas: %v", diags)
	}
}

// TestAreaLinkOutside: an area file that is a link out of the source
// folder is refused, like any other.
func TestAreaLinkOutside(t *testing.T) {
	src := miniOnDisk(t)
	secret := filepath.Join(filepath.Dir(src), "secret.geojson")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(secret, []byte(hamaSquare), 0o600))
	must(os.MkdirAll(filepath.Join(src, "content", "areas"), 0o755))
	must(os.Symlink(secret, filepath.Join(src, "content", "areas", "a.geojson")))
	must(os.WriteFile(filepath.Join(src, "content", "factions", "hts.md"),
		[]byte("---\nname: HTS\nareas:\n  - {date: 2024-12-05, file: areas/a.geojson, source: afp}\n---\n"), 0o644))
	_, diags := Build(os.DirFS(src), Options{Theme: repo})
	if len(diags) != 1 || !strings.HasPrefix(diags[0].String(), "content/factions/hts.md:4:30: areas[0].file content/areas/a.geojson: symbolic link points outside the source folder") {
		t.Errorf("a linked area file: %v", diags)
	}
}

// TestAreaEdit: a rebuild with the preview server's Memo, after an area
// file changed, draws the new area, as a full build does.
func TestAreaEdit(t *testing.T) {
	src := miniOnDisk(t)
	write := func(name, data string) {
		t.Helper()
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/factions/hts.md", htsWithAreas)
	write("content/areas/hts-2024-12-03.geojson", hamaSquare)
	write("content/areas/hts-2024-12-05.geojson", hamaSquare)
	memo := &Memo{}
	fsys := os.DirFS(src)
	first, diags := memo.Build(fsys, Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	write("content/areas/hts-2024-12-05.geojson", hamaWider)
	inc, diags := memo.Build(fsys, Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	full, _ := Build(fsys, Options{Theme: repo})
	before, after, want := rendertest.File(first.Tree, "map/index.html"), rendertest.File(inc.Tree, "map/index.html"), rendertest.File(full.Tree, "map/index.html")
	if string(after) != string(want) || string(after) == string(before) {
		t.Error("the rebuild after an area file changed does not draw the new area")
	}
	// A broken area file is reported by the rebuild.
	write("content/areas/hts-2024-12-05.geojson", "{")
	if _, diags := memo.Build(fsys, Options{Theme: repo}); len(diags) != 1 ||
		!strings.HasPrefix(diags[0].String(), "content/areas/hts-2024-12-05.geojson:1:2: malformed JSON") {
		t.Errorf("a broken area file on rebuild: %v", diags)
	}
}

// TestAreasAsOf: an area dated after the cutoff is a notice in a whole
// build, shown by the map only on its date; as of the cutoff it is left
// out, its file unread, and the site is the site of a source that never
// had it.
func TestAreasAsOf(t *testing.T) {
	later := strings.Replace(htsWithAreas, "---\nLed", "  - {date: 2024-12-08, file: areas/hts-2024-12-08.geojson, source: afp}\n  - {date: 2024-12-10, ended: true, source: afp}\n---\nLed", 1)
	files := map[string]string{
		"content/factions/hts.md":              later,
		"content/factions/saa.md":              saaWithAreas,
		"content/areas/hts-2024-12-03.geojson": hamaSquare,
		"content/areas/hts-2024-12-05.geojson": hamaWider,
		"content/areas/hts-2024-12-08.geojson": damascusSquare,
		"content/areas/saa-damascus.geojson":   damascusSquare,
	}
	whole, diags := Build(mini(t, files), Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	var notices []string
	for _, n := range whole.Notices {
		notices = append(notices, n.String())
	}
	if want := "content/factions/hts.md:15:12: notice: areas[2] is dated 2024-12-08, after the 6 December 2024 cutoff"; !slices.Contains(notices, want) {
		t.Errorf("notices %q lack %q", notices, want)
	}
	page := string(rendertest.File(whole.Tree, "map/index.html"))
	if !regexp.MustCompile(`<path class="area area-of-hts" data-key="a-hts-2024-12-08"[^>]* display="none"`).MatchString(page) {
		t.Error("the whole build's map should have the area of 8 December, hidden until its date")
	}
	flags := map[string]string{}
	for _, f := range geoFeatures(t, whole) {
		if f.Properties["faction"] == "hts" {
			flags[f.ID] = strOr(f.Properties["until"]) + " " + strOr(f.Properties["after_cutoff"]) + " " + strOr(f.Properties["until_after_cutoff"])
		}
	}
	// The area of the 5th was held on the 6th: its until, the 8th, is
	// marked as later news, and the area of the 8th as a whole, once.
	if want := map[string]string{"factions/hts/areas/2024-12-03": "2024-12-05 - -", "factions/hts/areas/2024-12-05": "2024-12-08 - true",
		"factions/hts/areas/2024-12-08": "2024-12-10 true -"}; !reflect.DeepEqual(flags, want) {
		t.Errorf("the whole build's GeoJSON areas (until, after_cutoff, until_after_cutoff):\n%v, want\n%v", flags, want)
	}

	// As of 6 December, even a broken later file is never read.
	files["content/areas/hts-2024-12-08.geojson"] = "{"
	cut, diags := Build(mini(t, files), Options{Theme: repo, AsOf: day("2024-12-06")})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	files["content/factions/hts.md"] = htsWithAreas
	delete(files, "content/areas/hts-2024-12-08.geojson")
	ref, diags := Build(mini(t, files), Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	cutFiles, refFiles := treeFiles(t, cut), treeFiles(t, ref)
	if len(cutFiles) != len(refFiles) {
		t.Errorf("%d files as of 6 December, %d in a build of the source without the later area", len(cutFiles), len(refFiles))
	}
	for p, data := range refFiles {
		if !bytes.Equal(cutFiles[p], data) {
			t.Errorf("%s as of 6 December differs from a build without the later area:\n%s", p, firstDiff(cutFiles[p], data))
		}
	}
}
