package svgmap

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"sync"
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
	if err := checkDepth(data); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("input is empty")
		}
		return nil, fmt.Errorf("malformed json: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("malformed json: unexpected data after the top-level value")
	}
	p := parser{}
	return p.root(root)
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

type parser struct {
	pairs int
}

func (p *parser) root(v any) (*Outline, error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("top-level value is %s, not a geojson object", jsonKind(v))
	}
	typ, err := typeOf(obj)
	if err != nil {
		return nil, err
	}
	out := &Outline{}
	switch typ {
	case "FeatureCollection":
		raw, present := obj["features"]
		feats, ok := raw.([]any)
		if !present || raw == nil {
			return nil, errors.New("no features")
		}
		if !ok {
			return nil, fmt.Errorf(`"features" is %s, not an array`, jsonKind(raw))
		}
		for i, fv := range feats {
			f, keep, err := p.feature(fv)
			if err != nil {
				if f.Name != "" {
					return nil, fmt.Errorf("feature %d (%s): %w", i+1, f.Name, err)
				}
				return nil, fmt.Errorf("feature %d: %w", i+1, err)
			}
			if keep {
				out.Features = append(out.Features, f)
			}
		}
	case "Feature":
		f, keep, err := p.feature(obj)
		if err != nil {
			return nil, fmt.Errorf("feature: %w", err)
		}
		if keep {
			out.Features = append(out.Features, f)
		}
	case "Polygon", "MultiPolygon":
		// A bare geometry is the subject of the map, so frame it.
		f := Feature{Role: "focus"}
		if err := p.geometry(obj, &f); err != nil {
			return nil, err
		}
		out.Features = append(out.Features, f)
	default:
		return nil, fmt.Errorf("geojson type %q is not supported", typ)
	}
	if len(out.Features) == 0 {
		return nil, errors.New("no features")
	}
	return out, nil
}

// feature returns keep=false for a feature without geometry.
func (p *parser) feature(v any) (f Feature, keep bool, err error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return f, false, fmt.Errorf("is %s, not an object", jsonKind(v))
	}
	typ, err := typeOf(obj)
	if err != nil {
		return f, false, err
	}
	if typ != "Feature" {
		return f, false, fmt.Errorf(`type is %q, not "Feature"`, typ)
	}
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
		return f, false, fmt.Errorf(`"properties" is %s, not an object`, jsonKind(props))
	}
	if f.Name == "" {
		switch id := obj["id"].(type) {
		case string:
			f.Name = id
		case json.Number:
			f.Name = id.String()
		}
	}
	g, present := obj["geometry"]
	if !present {
		return f, false, errors.New(`missing "geometry"`)
	}
	if g == nil {
		return f, false, nil
	}
	gobj, ok := g.(map[string]any)
	if !ok {
		return f, false, fmt.Errorf(`"geometry" is %s, not an object`, jsonKind(g))
	}
	if err := p.geometry(gobj, &f); err != nil {
		return f, false, err
	}
	return f, true, nil
}

func (p *parser) geometry(obj map[string]any, f *Feature) error {
	typ, err := typeOf(obj)
	if err != nil {
		return fmt.Errorf("geometry: %w", err)
	}
	coords, present := obj["coordinates"]
	if !present && (typ == "Polygon" || typ == "MultiPolygon") {
		return fmt.Errorf(`%s has no "coordinates"`, typ)
	}
	switch typ {
	case "Polygon":
		if err := p.polygon(coords, f); err != nil {
			return err
		}
	case "MultiPolygon":
		polys, ok := coords.([]any)
		if !ok {
			return fmt.Errorf("MultiPolygon coordinates are %s, not an array of polygons", jsonKind(coords))
		}
		if len(polys) == 0 {
			return errors.New("MultiPolygon has no polygons")
		}
		for i, pv := range polys {
			if err := p.polygon(pv, f); err != nil {
				return fmt.Errorf("polygon %d: %w", i+1, err)
			}
		}
	default:
		return fmt.Errorf("geometry type %q is not supported", typ)
	}
	f.BBox = ringsBBox(f.Rings)
	return nil
}

func (p *parser) polygon(v any, f *Feature) error {
	rings, ok := v.([]any)
	if !ok {
		return fmt.Errorf("polygon coordinates are %s, not an array of rings", jsonKind(v))
	}
	if len(rings) == 0 {
		return errors.New("polygon has no rings")
	}
	for i, rv := range rings {
		ring, err := p.ring(rv)
		if err != nil {
			return fmt.Errorf("ring %d: %w", i+1, err)
		}
		f.Rings = append(f.Rings, ring)
	}
	return nil
}

func (p *parser) ring(v any) ([][2]float64, error) {
	positions, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("is %s, not an array of positions", jsonKind(v))
	}
	p.pairs += len(positions)
	if p.pairs > MaxPairs {
		return nil, fmt.Errorf("more than %d coordinate pairs in the input", MaxPairs)
	}
	ring := make([][2]float64, len(positions))
	for i, pv := range positions {
		pos, ok := pv.([]any)
		if !ok {
			return nil, fmt.Errorf("position %d is %s, not an array of numbers", i+1, jsonKind(pv))
		}
		if len(pos) < 2 || len(pos) > 3 {
			return nil, fmt.Errorf("position %d has %d numbers; want 2 (lon, lat) or 3", i+1, len(pos))
		}
		lon, err := number(pos[0], "longitude")
		if err == nil && (lon < -180 || lon > 180) {
			err = fmt.Errorf("longitude %v is out of range [-180, 180]", lon)
		}
		if err != nil {
			return nil, fmt.Errorf("position %d: %w", i+1, err)
		}
		lat, err := number(pos[1], "latitude")
		if err == nil && (lat < -90 || lat > 90) {
			err = fmt.Errorf("latitude %v is out of range [-90, 90]", lat)
		}
		if err != nil {
			return nil, fmt.Errorf("position %d: %w", i+1, err)
		}
		ring[i] = [2]float64{lon, lat}
	}
	// GeoJSON asks for 4 (closed) positions; an unclosed triangle still draws,
	// so only refuse what cannot enclose anything.
	if len(ring) < 3 {
		return nil, fmt.Errorf("has %d positions; a ring needs at least 3", len(ring))
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

func typeOf(obj map[string]any) (string, error) {
	v, present := obj["type"]
	if !present {
		return "", errors.New(`missing "type"`)
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf(`"type" is %s, not a string`, jsonKind(v))
	}
	return s, nil
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
