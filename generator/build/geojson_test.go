package build

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"briefing/generator/render/rendertest"

	"briefing/generator/config"
)

// TestGeoJSON checks map/briefing.geojson against RFC 7946 as QGIS and
// geojson.io read it, for the shipped briefing and for one with areas:
// a FeatureCollection of Features; Points at [longitude, latitude] (each
// the place's own coordinates, so the order cannot be swapped); closed
// rings, outer ones counterclockwise and holes clockwise; and every
// feature's properties, with the place's control history. What is dated
// after as_of (the shipped briefing's 8 December rows, a later area) is
// flagged after_cutoff, and nothing else is.
func TestGeoJSON(t *testing.T) {
	shipped, diags := Build(repo, Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	later := areasBriefing(t, map[string]string{"content/factions/hts.md": strings.Replace(htsWithAreas, "---\nLed",
		"  - {date: 2024-12-08, file: areas/hts-2024-12-05.geojson, source: sohr}\n---\nLed", 1)})
	for name, res := range map[string]*Result{"shipped": shipped, "areas": areasBriefing(t, nil), "later area": later} {
		t.Run(name, func(t *testing.T) {
			data := rendertest.File(res.Tree, "map/briefing.geojson")
			if data == nil {
				t.Fatal("no map/briefing.geojson")
			}
			dec := json.NewDecoder(bytes.NewReader(data))
			dec.UseNumber()
			var fc map[string]any
			if err := dec.Decode(&fc); err != nil {
				t.Fatal(err)
			}
			if fc["type"] != "FeatureCollection" {
				t.Fatalf("type %v", fc["type"])
			}
			if _, ok := fc["crs"]; ok {
				t.Error("RFC 7946 has no crs member: WGS 84 is implied")
			}
			feats, _ := fc["features"].([]any)
			places, areas := 0, 0
			for i, fv := range feats {
				f, _ := fv.(map[string]any)
				if f["type"] != "Feature" {
					t.Fatalf("feature %d: type %v", i, f["type"])
				}
				id, _ := f["id"].(string)
				g, _ := f["geometry"].(map[string]any)
				props, _ := f["properties"].(map[string]any)
				if g == nil || props == nil || id == "" {
					t.Fatalf("feature %d: id %q, geometry %v, properties %v", i, id, g, props)
				}
				switch g["type"] {
				case "Point":
					places++
					checkPlace(t, res, id, g, props)
				case "Polygon", "MultiPolygon":
					areas++
					checkArea(t, res, id, g, props)
				default:
					t.Errorf("%s: geometry %v", id, g["type"])
				}
			}
			wantPlaces := 0
			for _, e := range res.Briefing.Group(config.Cities).Entities {
				if e.Coords != nil {
					wantPlaces++
				}
			}
			wantAreas := 0
			switch name {
			case "areas":
				wantAreas = 3
			case "later area":
				wantAreas = 4
			}
			if places != wantPlaces || areas != wantAreas {
				t.Errorf("%d places and %d areas, want %d and %d", places, areas, wantPlaces, wantAreas)
			}
			// The map page links to it.
			if !strings.Contains(string(rendertest.File(res.Tree, "map/index.html")), `href="../map/briefing.geojson" type="application/geo+json"`) {
				t.Error("the map page does not link to the GeoJSON")
			}
		})
	}
}

func num(t *testing.T, v any) float64 {
	t.Helper()
	n, ok := v.(json.Number)
	if !ok {
		t.Fatalf("%v is not a number", v)
	}
	f, err := n.Float64()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func checkPlace(t *testing.T, res *Result, id string, g, props map[string]any) {
	t.Helper()
	e := res.Briefing.Page(id)
	if e == nil || e.Coords == nil {
		t.Fatalf("%s: no such place with coordinates", id)
	}
	c, _ := g["coordinates"].([]any)
	if len(c) != 2 || num(t, c[0]) != e.Coords.Lon || num(t, c[1]) != e.Coords.Lat {
		t.Errorf("%s: coordinates %v, want [lon %v, lat %v]", id, c, e.Coords.Lon, e.Coords.Lat)
	}
	for key, kind := range map[string]string{"name": "string", "kind": "string", "url": "string", "as_of": "string",
		"color": "string", "control": "array", "held_by": "string?", "held_by_name": "string?", "held_since": "string?"} {
		checkType(t, id, props, key, kind)
	}
	if props["name"] != e.Name || !strings.HasPrefix(props["url"].(string), "https://") || props["as_of"] != res.Briefing.AsOf.String() {
		t.Errorf("%s: name %v, url %v, as_of %v", id, props["name"], props["url"], props["as_of"])
	}
	ctl := props["control"].([]any)
	if len(ctl) != len(e.Control) {
		t.Fatalf("%s: %d control entries, want %d", id, len(ctl), len(e.Control))
	}
	prev := ""
	for i, cv := range ctl {
		cm := cv.(map[string]any)
		for key, kind := range map[string]string{"date": "string", "faction": "string?", "faction_name": "string?", "source": "string?", "source_name": "string?"} {
			checkType(t, id, cm, key, kind)
		}
		if d := cm["date"].(string); d < prev || d != e.Control[i].Date.String() {
			t.Errorf("%s: control[%d] dated %s (after %s), want %s", id, i, d, prev, e.Control[i].Date)
		}
		prev = cm["date"].(string)
		if after, _ := cm["after_cutoff"].(bool); after != (e.Control[i].AfterCutoff != "") {
			t.Errorf("%s: control[%d] dated %s: after_cutoff %v, as_of %s", id, i, prev, cm["after_cutoff"], res.Briefing.AsOf)
		}
	}
	// Who holds it on the as-of date: as the pages say.
	if want := e.Controller; want != nil && (props["held_by"] != want.Faction.Slug || props["color"] != factionColour(want.Faction.Color)) {
		t.Errorf("%s: held by %v (%v), want %s", id, props["held_by"], props["color"], want.Faction.Slug)
	}
}

func factionColour(c string) string {
	if c == "" {
		return "#9e9e9e"
	}
	return c
}

func checkArea(t *testing.T, res *Result, id string, g, props map[string]any) {
	t.Helper()
	date, _ := props["date"].(string)
	if after, _ := props["after_cutoff"].(bool); after != (date > res.Briefing.AsOf.String()) {
		t.Errorf("%s: dated %s: after_cutoff %v, as_of %s", id, date, props["after_cutoff"], res.Briefing.AsOf)
	}
	for key, kind := range map[string]string{"faction": "string", "faction_name": "string", "date": "string", "until": "string?",
		"source": "string?", "source_name": "string?", "source_url": "string?", "approximate": "bool", "color": "string", "file": "string"} {
		checkType(t, id, props, key, kind)
	}
	var polys []any
	if g["type"] == "Polygon" {
		polys = []any{g["coordinates"]}
	} else {
		polys, _ = g["coordinates"].([]any)
	}
	for _, pv := range polys {
		for j, rv := range pv.([]any) {
			ring := rv.([]any)
			if len(ring) < 4 {
				t.Errorf("%s: ring of %d positions", id, len(ring))
				continue
			}
			var area float64
			pts := make([][2]float64, len(ring))
			for k, p := range ring {
				pp := p.([]any)
				pts[k] = [2]float64{num(t, pp[0]), num(t, pp[1])}
				if pts[k][0] < 35 || pts[k][0] > 43 || pts[k][1] < 32 || pts[k][1] > 38 {
					t.Errorf("%s: %v is not [lon, lat] in Syria", id, pts[k])
				}
			}
			if pts[0] != pts[len(pts)-1] {
				t.Errorf("%s: ring %d not closed", id, j)
			}
			for k := 0; k+1 < len(pts); k++ {
				area += pts[k][0]*pts[k+1][1] - pts[k+1][0]*pts[k][1]
			}
			if ccw := area > 0; ccw != (j == 0) {
				t.Errorf("%s: ring %d winds the wrong way (RFC 7946 3.1.6: outer rings counterclockwise, holes clockwise)", id, j)
			}
		}
	}
}

func checkType(t *testing.T, id string, m map[string]any, key, kind string) {
	t.Helper()
	v, present := m[key]
	if !present {
		t.Errorf("%s: no %s", id, key)
		return
	}
	ok := false
	switch kind {
	case "string":
		_, ok = v.(string)
	case "string?":
		_, ok = v.(string)
		ok = ok || v == nil
	case "array":
		_, ok = v.([]any)
	case "bool":
		_, ok = v.(bool)
	}
	if !ok {
		t.Errorf("%s: %s is %T, want %s", id, key, v, kind)
	}
}
