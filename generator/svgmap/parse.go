package svgmap

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"briefing/generator/jsonpos"
)

// Limits on what Parse accepts. An outline is drawn into every city page, so
// input far beyond what a country map needs is a mistake (or an attack), not
// data worth spending memory on.
const (
	// MaxPairs bounds the coordinate pairs of one file (outline or area).
	MaxPairs = 200000
	// GeoJSON needs 8 levels for a MultiPolygon inside a FeatureCollection;
	// the rest is room for nested foreign members and properties.
	maxDepth = 32
	// MaxInput bounds an outline file: 200,000 pairs at full float64
	// precision fit comfortably in 16 MiB.
	MaxInput = 32 << 20
)

// Outline is a parsed GeoJSON FeatureCollection of country outlines.
type Outline struct {
	Features []Feature

	mu    sync.Mutex
	drawn map[projKey]drawn // see countries
}

// Feature is one country outline.
type Feature struct {
	Name string // properties.name, else the feature id
	// Role is "focus" or "neighbour"; any other or missing properties.role
	// counts as "neighbour" so a stray value cannot inject a CSS class.
	Role string
	// Rings holds every ring of every polygon as [lon, lat] pairs. Outer
	// rings and holes are not told apart: the map fills them even-odd, which
	// needs no winding convention from the source.
	Rings [][][2]float64
	BBox  [4]float64 // west, south, east, north, computed from Rings
}

// Parse reads GeoJSON: a FeatureCollection of Polygon and MultiPolygon
// features, a single Feature, or a bare Polygon or MultiPolygon geometry.
// Features are numbered from 1 in error messages. Features with a null
// geometry are skipped, as GeoJSON allows them.
func Parse(data []byte) (*Outline, error) {
	if len(data) > MaxInput {
		return nil, fmt.Errorf("input is %d bytes; an outline over %d MiB is not plausible", len(data), MaxInput>>20)
	}
	r := reader{data: data}
	if err := r.read(); err != nil {
		return nil, err
	}
	if len(r.feats) == 0 {
		return nil, errors.New("no features")
	}
	for i := range r.feats {
		r.feats[i].BBox = ringsBBox(r.feats[i].Rings)
	}
	return &Outline{Features: r.feats}, nil
}

// reader reads the GeoJSON of an outline or, with area set, of an area
// file. Both take the same shapes; an area's rings must be closed, an
// outline's features have names and roles, and each words its errors for
// its own readers. Every error it makes is an *Error at the value at fault.
type reader struct {
	data  []byte
	area  bool
	pairs int
	feats []Feature        // with at least one ring, in file order
	polys [][][][2]float64 // every polygon, in file order
	where [][]any          // the JSON path of each of polys
}

// read decodes the file and walks it.
func (r *reader) read() error {
	if err := checkDepth(r.data); err != nil {
		return &Error{Offset: -1, Msg: err.Error()}
	}
	dec := json.NewDecoder(bytes.NewReader(r.data))
	dec.UseNumber()
	var root any
	err := dec.Decode(&root)
	var se *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF) && r.area:
		return &Error{Offset: -1, Msg: "file is empty: an area file holds a GeoJSON Polygon or MultiPolygon"}
	case errors.Is(err, io.EOF):
		return &Error{Offset: -1, Msg: "file is empty"}
	case errors.As(err, &se):
		return &Error{Offset: se.Offset - 1, Msg: "malformed JSON: " + se.Error()}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &Error{Offset: int64(len(r.data)), Msg: "malformed JSON: the file ends before its last value does"}
	case err != nil:
		return &Error{Offset: -1, Msg: "malformed JSON: " + err.Error()}
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		for end < int64(len(r.data)) && strings.IndexByte(" \t\r\n", r.data[end]) >= 0 {
			end++
		}
		return &Error{Offset: end, Msg: "malformed JSON: more after the GeoJSON object"}
	}
	return r.root(root)
}

// checkDepth refuses deep nesting before encoding/json recurses into it.
func checkDepth(data []byte) error {
	depth := 0
	inString, escaped := false, false
	for _, c := range data {
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '[', '{':
			depth++
			if depth > maxDepth {
				return fmt.Errorf("json is nested more than %d levels deep", maxDepth)
			}
		case ']', '}':
			depth--
		}
	}
	return nil
}

// fail makes an error located at a JSON path of the file.
func (r *reader) fail(path []any, hint, format string, args ...any) error {
	return &Error{Offset: jsonpos.Find(r.data, path...), Msg: fmt.Sprintf(format, args...), Hint: hint}
}

// within puts where in the file an error is before its message: "ring 2: ".
func within(err error, format string, args ...any) error {
	if e, ok := err.(*Error); ok && !e.bare {
		e.Msg = fmt.Sprintf(format, args...) + e.Msg
	}
	return err
}

// down is a JSON path extended by steps; path itself is left as it was.
func down(path []any, steps ...any) []any {
	return append(slices.Clip(path), steps...)
}

func (r *reader) root(v any) error {
	obj, ok := v.(map[string]any)
	if !ok {
		return r.fail(nil, "", "the file holds %s, not a GeoJSON object", jsonKind(v))
	}
	typ, err := r.typeOf(obj, nil)
	if err != nil {
		return err
	}
	switch {
	case typ == "FeatureCollection":
		return r.collection(obj)
	case typ == "Feature":
		f, err := r.feature(obj, nil)
		if err != nil && !r.area {
			return within(err, "feature: ")
		}
		r.keep(f)
		return err
	case typ == "Polygon" || typ == "MultiPolygon" || r.area:
		// A bare geometry is the subject of the map, so frame it.
		err := r.geometry(obj, nil)
		r.keep(Feature{Role: "focus", Rings: slices.Concat(r.polys...)})
		return err
	}
	return r.fail(down(nil, "type"), "", "geojson type %q is not supported", typ)
}

func (r *reader) collection(obj map[string]any) error {
	raw := obj["features"]
	feats, ok := raw.([]any)
	switch {
	case raw == nil && !r.area:
		return nil // Parse finds no features
	case !ok:
		return r.fail(down(nil, "features"), "", `"features" is %s, not an array`, jsonKind(raw))
	case len(feats) == 0 && r.area:
		return r.fail(down(nil, "features"), "", "the collection has no features: an area needs at least one polygon")
	}
	for i, fv := range feats {
		f, err := r.feature(fv, []any{"features", i})
		switch {
		case err != nil && f.Name != "":
			return within(err, "feature %d (%s): ", i+1, f.Name)
		case err != nil:
			return within(err, "feature %d: ", i+1)
		}
		r.keep(f)
	}
	return nil
}

// keep adds a feature unless it has no rings (a null geometry).
func (r *reader) keep(f Feature) {
	if len(f.Rings) > 0 {
		r.feats = append(r.feats, f)
	}
}

func (r *reader) typeOf(obj map[string]any, path []any) (string, error) {
	v, present := obj["type"]
	s, ok := v.(string)
	var err error
	switch {
	case !present && r.area:
		err = r.fail(path, `add "type": "Polygon" or "MultiPolygon"`, `missing "type"`)
	case !present:
		err = r.fail(path, "", `missing "type"`)
	case !ok:
		err = r.fail(down(path, "type"), "", `"type" is %s, not a string`, jsonKind(v))
	default:
		return s, nil
	}
	err.(*Error).bare = r.area
	return "", err
}

// feature reads a Feature; an outline's feature may have a null geometry,
// and reads as one without rings.
func (r *reader) feature(v any, path []any) (f Feature, err error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return f, r.fail(path, "", "is %s, not an object", jsonKind(v))
	}
	typ, err := r.typeOf(obj, path)
	if err != nil {
		return f, err
	}
	if typ != "Feature" {
		return f, r.fail(down(path, "type"), "", `type is %q, not "Feature"`, typ)
	}
	g, present := obj["geometry"]
	gobj, isObj := g.(map[string]any)
	if r.area && !isObj {
		return f, r.fail(path, "", "has no geometry: an area is a Polygon or MultiPolygon")
	}
	if !r.area {
		f.Role = "neighbour"
		switch props := obj["properties"].(type) {
		case map[string]any:
			if s, ok := props["name"].(string); ok {
				f.Name = s
			}
			if s, ok := props["role"].(string); ok && s == "focus" {
				f.Role = "focus"
			}
		case nil:
		default:
			return f, r.fail(down(path, "properties"), "", `"properties" is %s, not an object`, jsonKind(props))
		}
		if f.Name == "" {
			switch id := obj["id"].(type) {
			case string:
				f.Name = id
			case json.Number:
				f.Name = id.String()
			}
		}
		switch {
		case !present:
			return f, r.fail(path, "", `missing "geometry"`)
		case g == nil:
			return f, nil
		case !isObj:
			return f, r.fail(down(path, "geometry"), "", `"geometry" is %s, not an object`, jsonKind(g))
		}
	}
	n := len(r.polys)
	err = r.geometry(gobj, down(path, "geometry"))
	f.Rings = slices.Concat(r.polys[n:]...)
	return f, err
}

func (r *reader) geometry(obj map[string]any, path []any) error {
	typ, err := r.typeOf(obj, path)
	if err != nil {
		return within(err, "geometry: ")
	}
	coords, present := obj["coordinates"]
	cpath := down(path, "coordinates")
	switch {
	case typ != "Polygon" && typ != "MultiPolygon" && r.area:
		return r.fail(down(path, "type"), "", "geometry is a %s: an area is a Polygon or MultiPolygon", typ)
	case typ != "Polygon" && typ != "MultiPolygon":
		return r.fail(down(path, "type"), "", "geometry type %q is not supported", typ)
	case !present:
		return r.fail(path, "", `%s has no "coordinates"`, typ)
	case typ == "Polygon":
		return r.polygon(coords, cpath)
	}
	polys, ok := coords.([]any)
	if !ok {
		return r.fail(cpath, "", "MultiPolygon coordinates are %s, not an array of polygons", jsonKind(coords))
	}
	if len(polys) == 0 {
		return r.fail(cpath, "", "MultiPolygon has no polygons")
	}
	for i, pv := range polys {
		if err := r.polygon(pv, down(cpath, i)); err != nil {
			return within(err, "polygon %d: ", i+1)
		}
	}
	return nil
}

func (r *reader) polygon(v any, path []any) error {
	rings, ok := v.([]any)
	if !ok {
		return r.fail(path, "", "polygon coordinates are %s, not an array of rings", jsonKind(v))
	}
	if len(rings) == 0 {
		return r.fail(path, "", "polygon has no rings")
	}
	poly := make([][][2]float64, len(rings))
	for i, rv := range rings {
		ring, err := r.ring(rv, down(path, i))
		if err != nil {
			return within(err, "ring %d: ", i+1)
		}
		poly[i] = ring
	}
	r.polys = append(r.polys, poly)
	r.where = append(r.where, path)
	return nil
}

func (r *reader) ring(v any, path []any) ([][2]float64, error) {
	positions, ok := v.([]any)
	if !ok {
		return nil, r.fail(path, "", "is %s, not an array of positions", jsonKind(v))
	}
	r.pairs += len(positions)
	if r.pairs > MaxPairs {
		return nil, r.fail(path, "", "more than %d coordinate pairs in the file", MaxPairs)
	}
	ring := make([][2]float64, len(positions))
	for i, pv := range positions {
		pos, ok := pv.([]any)
		if !ok {
			return nil, r.fail(down(path, i), "", "position %d is %s, not an array of numbers", i+1, jsonKind(pv))
		}
		if len(pos) < 2 || len(pos) > 3 {
			return nil, r.fail(down(path, i), "", "position %d has %d numbers; want 2 (lon, lat) or 3", i+1, len(pos))
		}
		for k, name := range [2]string{"longitude", "latitude"} {
			x, err := number(pos[k], name)
			if err != nil {
				return nil, r.fail(down(path, i, k), "", "position %d: %v", i+1, err)
			}
			ring[i][k] = x
		}
		// The position is shown whole: its numbers may be swapped.
		if ll := ring[i]; ll[0] < -180 || ll[0] > 180 || ll[1] < -90 || ll[1] > 90 {
			hint := ""
			if ll[1] >= -180 && ll[1] <= 180 && ll[0] >= -90 && ll[0] <= 90 {
				hint = "GeoJSON puts longitude first: [lon, lat]"
			}
			return nil, r.fail(down(path, i), hint, "position %d: [%v, %v] is not a [longitude, latitude] on Earth", i+1, ll[0], ll[1])
		}
	}
	switch {
	// GeoJSON asks for 4 (closed) positions; an unclosed triangle still
	// draws, so an outline only refuses what cannot enclose anything.
	case !r.area && len(ring) < 3:
		return nil, r.fail(path, "", "has %d positions; a ring needs at least 3", len(ring))
	case r.area && len(ring) < 4:
		return nil, r.fail(path, "", "has %d positions; a ring needs at least 4, the last one repeating the first", len(ring))
	case r.area && ring[0] != ring[len(ring)-1]:
		return nil, r.fail(down(path, len(ring)-1), "repeat the first position at the end", "is not closed: its last position is not its first")
	}
	return ring, nil
}

func number(v any, what string) (float64, error) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, fmt.Errorf("%s is %s, not a number", what, jsonKind(v))
	}
	x, err := strconv.ParseFloat(string(n), 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, fmt.Errorf("%s %s is not a finite number", what, n)
	}
	return x, nil
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func ringsBBox(rings [][][2]float64) [4]float64 {
	b := [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, r := range rings {
		for _, c := range r {
			b[0] = math.Min(b[0], c[0])
			b[1] = math.Min(b[1], c[1])
			b[2] = math.Max(b[2], c[0])
			b[3] = math.Max(b[3], c[1])
		}
	}
	return b
}
