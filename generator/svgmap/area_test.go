package svgmap

import (
	"errors"
	"strings"
	"testing"
)

// lineCol turns an offset into the line and column an editor shows.
func lineCol(data string, off int64) (int, int) {
	line, col := 1, 1
	for _, c := range data[:off] {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

func TestParseArea(t *testing.T) {
	ring := `[[36.6,35.0],[36.9,35.0],[36.9,35.3],[36.6,35.3],[36.6,35.0]]`
	hole := `[[36.7,35.1],[36.8,35.1],[36.8,35.2],[36.7,35.1]]`
	for _, in := range []string{
		`{"type":"Polygon","coordinates":[` + ring + `,` + hole + `]}`,
		`{"type":"Feature","properties":null,"geometry":{"type":"Polygon","coordinates":[` + ring + `,` + hole + `]}}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[[` + ring + `,` + hole + `]]}}]}`,
	} {
		a, err := ParseArea([]byte(in))
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if len(a.Polygons) != 1 || len(a.Polygons[0]) != 2 || len(a.Polygons[0][0]) != 5 {
			t.Errorf("%s: %d polygons", in, len(a.Polygons))
		}
		if a.BBox != [4]float64{36.6, 35.0, 36.9, 35.3} {
			t.Errorf("bbox %v", a.BBox)
		}
	}
	for _, tc := range []struct {
		name, in  string
		line, col int
		want      string
	}{
		{"syntax", "{\"type\": \"Polygon\",\n \"coordinates\": [[[1, 2] [3, 4]]]}", 2, 26, "malformed JSON: invalid character '[' after array element"},
		{"truncated", `{"type": "Polygon", "coordinates": [[[1, 2]`, 1, 44, "malformed JSON"},
		{"trailing", `{"type":"Polygon","coordinates":[` + ring + `]} {}`, 1, 98, "more after the GeoJSON object"},
		{"array", `[1]`, 1, 1, "the file holds an array, not a GeoJSON object"},
		{"no type", `{"coordinates": []}`, 1, 1, `missing "type"`},
		{"point", "{\n\"type\": \"Point\", \"coordinates\": [1, 2]}", 2, 9, "geometry is a Point: an area is a Polygon or MultiPolygon"},
		{"empty collection", `{"type":"FeatureCollection","features":[]}`, 1, 40, "the collection has no features"},
		{"no geometry", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null}]}`, 1, 41, "feature 1: has no geometry"},
		{"short ring", `{"type":"Polygon","coordinates":[[[36.6,35.0],[36.9,35.0],[36.6,35.0]]]}`, 1, 34, "ring 1: has 3 positions; a ring needs at least 4"},
		{"open ring", "{\"type\":\"Polygon\",\"coordinates\":[\n[[36.6,35.0],[36.9,35.0],[36.9,35.3],\n [36.6,35.3]]]}", 3, 2, "ring 1: is not closed"},
		{"swapped, out of range", `{"type":"Polygon","coordinates":[[[35.0,36.6],[35.0,95],[36.0,36.6],[35.0,36.6]]]}`, 1, 47, "ring 1: position 2: [35, 95] is not a [longitude, latitude] on Earth (GeoJSON puts longitude first: [lon, lat])"},
		{"string", `{"type":"MultiPolygon","coordinates":[[[[36.6,35.0],[36.9,"35"],[36.9,35.3],[36.6,35.0]]]]}`, 1, 59, `polygon 1: ring 1: position 2: latitude is a string, not a number`},
		{"second polygon", `{"type":"MultiPolygon","coordinates":[[` + ring + `],[[[1,2],[3,4],[5,6],[1,2]],[[1,2]]]]}`, 1, 130, "polygon 2: ring 2: has 1 positions"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseArea([]byte(tc.in))
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v, want an *Error", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want %q", err, tc.want)
			}
			if e.Offset < 0 {
				t.Fatalf("no offset for %q", err)
			}
			if l, c := lineCol(tc.in, e.Offset); l != tc.line || c != tc.col {
				t.Errorf("%q at %d:%d, want %d:%d (%q)", err, l, c, tc.line, tc.col, tc.in[e.Offset:])
			}
		})
	}
}

// TestOutside: positions inside Syria, or within the tolerance of its
// border, pass; one well outside is found and located, with a hint when
// the numbers look swapped.
func TestOutside(t *testing.T) {
	o := loadSyria(t)
	ok := `{"type":"Polygon","coordinates":[[[36.6,35.0],[36.9,35.0],[36.9,35.3],[36.6,35.0]]]}`
	// Bab al-Hawa crossing, on the border: a traced line may stray a little.
	border := `{"type":"Polygon","coordinates":[[[36.66,36.24],[36.8,36.1],[36.7,36.0],[36.66,36.24]]]}`
	for _, in := range []string{ok, border} {
		a, err := ParseArea([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if err := o.Outside(a, []byte(in), 0.09); err != nil {
			t.Errorf("%s: %v", in, err)
		}
	}
	far := `{"type":"Polygon","coordinates":[[[36.6,35.0],[36.9,35.0],[38.0,31.0],[36.6,35.0]]]}`
	a, _ := ParseArea([]byte(far))
	err := o.Outside(a, []byte(far), 0.09)
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(e.Msg, "position [38, 31] lies") || !strings.Contains(e.Msg, "km outside Syria") || e.Hint != "" {
		t.Fatalf("got %v", err)
	}
	if far[e.Offset:e.Offset+9] != "[38.0,31." {
		t.Errorf("located at %q", far[e.Offset:])
	}
	swapped := `{"type":"Polygon","coordinates":[[[35.0,36.6],[35.0,36.9],[35.3,36.9],[35.0,36.6]]]}`
	a, _ = ParseArea([]byte(swapped))
	if err := o.Outside(a, []byte(swapped), 0.09); err == nil || !strings.Contains(err.Error(), "swapped") {
		t.Errorf("swapped coordinates: %v", err)
	}
	var none *Outline
	if err := none.Outside(a, nil, 0.09); err != nil {
		t.Errorf("no outline: %v", err)
	}
}
