package svgmap

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
)

// Area is a parsed area file: the polygons of one faction's area of
// control on one date, as an analyst traced them.
type Area struct {
	// Polygons holds each polygon's rings of [lon, lat] pairs, outer ring
	// first, as in the file.
	Polygons [][][][2]float64
	BBox     [4]float64 // west, south, east, north
	// where holds each polygon's JSON path in the file, to locate a
	// position that lies outside the outline.
	where [][]any
}

// Error is a problem in a JSON file, at a byte offset of it.
type Error struct {
	Offset int64 // of the value at fault; -1 when it cannot be told
	Msg    string
	Hint   string
}

func (e *Error) Error() string {
	if e.Hint != "" {
		return e.Msg + " (" + e.Hint + ")"
	}
	return e.Msg
}

// ParseArea reads an area file: a GeoJSON Polygon or MultiPolygon, a
// Feature of one, or a FeatureCollection of them, every ring closed
// (RFC 7946). A problem is an *Error with the offset of the value at
// fault, so the build can say which line of the file to fix.
func ParseArea(data []byte) (*Area, error) {
	if len(data) > MaxInput {
		return nil, &Error{Offset: -1, Msg: fmt.Sprintf("file is %d bytes; an area over %d MiB is not plausible", len(data), MaxInput>>20)}
	}
	if err := checkDepth(data); err != nil {
		return nil, &Error{Offset: -1, Msg: err.Error()}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Error{Offset: -1, Msg: "file is empty: an area file holds a GeoJSON Polygon or MultiPolygon"}
		}
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, &Error{Offset: se.Offset - 1, Msg: "malformed JSON: " + se.Error()}
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, &Error{Offset: int64(len(data)), Msg: "malformed JSON: the file ends before its last value does"}
		}
		return nil, &Error{Offset: -1, Msg: "malformed JSON: " + err.Error()}
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		for end < int64(len(data)) && strings.IndexByte(" \t\r\n", data[end]) >= 0 {
			end++
		}
		return nil, &Error{Offset: end, Msg: "malformed JSON: more after the GeoJSON object"}
	}
	a := &Area{}
	ap := areaParser{data: data, area: a}
	if err := ap.root(root); err != nil {
		return nil, err
	}
	a.BBox = [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, p := range a.Polygons {
		b := ringsBBox(p)
		a.BBox = [4]float64{math.Min(a.BBox[0], b[0]), math.Min(a.BBox[1], b[1]), math.Max(a.BBox[2], b[2]), math.Max(a.BBox[3], b[3])}
	}
	return a, nil
}

type areaParser struct {
	data  []byte
	area  *Area
	pairs int
}

// fail makes an error located at a JSON path of the file.
func (p *areaParser) fail(path []any, hint, format string, args ...any) error {
	return &Error{Offset: locate(p.data, path), Msg: fmt.Sprintf(format, args...), Hint: hint}
}

func at2(path []any, k any) []any {
	out := make([]any, len(path), len(path)+1)
	copy(out, path)
	return append(out, k)
}

func (p *areaParser) root(v any) error {
	obj, ok := v.(map[string]any)
	if !ok {
		return p.fail(nil, "", "the file holds %s, not a GeoJSON object", jsonKind(v))
	}
	typ, err := p.typeOf(obj, nil)
	if err != nil {
		return err
	}
	switch typ {
	case "FeatureCollection":
		raw := obj["features"]
		feats, ok := raw.([]any)
		if !ok {
			return p.fail(at2(nil, "features"), "", `"features" is %s, not an array`, jsonKind(raw))
		}
		if len(feats) == 0 {
			return p.fail(at2(nil, "features"), "", "the collection has no features: an area needs at least one polygon")
		}
		for i, f := range feats {
			if err := p.feature(f, []any{"features", i}, fmt.Sprintf("feature %d: ", i+1)); err != nil {
				return err
			}
		}
		return nil
	case "Feature":
		return p.feature(obj, nil, "")
	}
	return p.geometry(obj, nil, "")
}

func (p *areaParser) typeOf(obj map[string]any, path []any) (string, error) {
	v, present := obj["type"]
	if !present {
		return "", p.fail(path, `add "type": "Polygon" or "MultiPolygon"`, `missing "type"`)
	}
	s, ok := v.(string)
	if !ok {
		return "", p.fail(at2(path, "type"), "", `"type" is %s, not a string`, jsonKind(v))
	}
	return s, nil
}

func (p *areaParser) feature(v any, path []any, what string) error {
	obj, ok := v.(map[string]any)
	if !ok {
		return p.fail(path, "", "%sis %s, not an object", what, jsonKind(v))
	}
	typ, err := p.typeOf(obj, path)
	if err != nil {
		return err
	}
	if typ != "Feature" {
		return p.fail(at2(path, "type"), "", `%stype is %q, not "Feature"`, what, typ)
	}
	g, ok := obj["geometry"].(map[string]any)
	if !ok {
		return p.fail(path, "", "%shas no geometry: an area is a Polygon or MultiPolygon", what)
	}
	return p.geometry(g, at2(path, "geometry"), what)
}

func (p *areaParser) geometry(obj map[string]any, path []any, what string) error {
	typ, err := p.typeOf(obj, path)
	if err != nil {
		return err
	}
	cpath := at2(path, "coordinates")
	coords, present := obj["coordinates"]
	switch typ {
	case "Polygon", "MultiPolygon":
		if !present {
			return p.fail(path, "", `%s%s has no "coordinates"`, what, typ)
		}
	default:
		return p.fail(at2(path, "type"), "", "%sgeometry is a %s: an area is a Polygon or MultiPolygon", what, typ)
	}
	if typ == "Polygon" {
		return p.polygon(coords, cpath, what)
	}
	polys, ok := coords.([]any)
	if !ok {
		return p.fail(cpath, "", "%sMultiPolygon coordinates are %s, not an array of polygons", what, jsonKind(coords))
	}
	if len(polys) == 0 {
		return p.fail(cpath, "", "%sMultiPolygon has no polygons", what)
	}
	for i, pv := range polys {
		if err := p.polygon(pv, at2(cpath, i), fmt.Sprintf("%spolygon %d: ", what, i+1)); err != nil {
			return err
		}
	}
	return nil
}

func (p *areaParser) polygon(v any, path []any, what string) error {
	rings, ok := v.([]any)
	if !ok {
		return p.fail(path, "", "%spolygon coordinates are %s, not an array of rings", what, jsonKind(v))
	}
	if len(rings) == 0 {
		return p.fail(path, "", "%spolygon has no rings", what)
	}
	var poly [][][2]float64
	for i, rv := range rings {
		r, err := p.ring(rv, at2(path, i), fmt.Sprintf("%sring %d: ", what, i+1))
		if err != nil {
			return err
		}
		poly = append(poly, r)
	}
	p.area.Polygons = append(p.area.Polygons, poly)
	p.area.where = append(p.area.where, path)
	return nil
}

func (p *areaParser) ring(v any, path []any, what string) ([][2]float64, error) {
	positions, ok := v.([]any)
	if !ok {
		return nil, p.fail(path, "", "%sis %s, not an array of positions", what, jsonKind(v))
	}
	p.pairs += len(positions)
	if p.pairs > MaxPairs {
		return nil, p.fail(path, "", "%smore than %d coordinate pairs in the file", what, MaxPairs)
	}
	ring := make([][2]float64, len(positions))
	for i, pv := range positions {
		ppath := at2(path, i)
		pos, ok := pv.([]any)
		if !ok {
			return nil, p.fail(ppath, "", "%sposition %d is %s, not an array of numbers", what, i+1, jsonKind(pv))
		}
		if len(pos) < 2 || len(pos) > 3 {
			return nil, p.fail(ppath, "", "%sposition %d has %d numbers; want 2 (lon, lat) or 3", what, i+1, len(pos))
		}
		var ll [2]float64
		for k, name := range []string{"longitude", "latitude"} {
			x, err := number(pos[k], name)
			if err != nil {
				return nil, p.fail(at2(ppath, k), "", "%sposition %d: %v", what, i+1, err)
			}
			ll[k] = x
		}
		if ll[0] < -180 || ll[0] > 180 || ll[1] < -90 || ll[1] > 90 {
			hint := ""
			if ll[1] >= -180 && ll[1] <= 180 && ll[0] >= -90 && ll[0] <= 90 {
				hint = "GeoJSON puts longitude first: [lon, lat]"
			}
			return nil, p.fail(ppath, hint, "%sposition %d: [%v, %v] is not a [longitude, latitude] on Earth", what, i+1, ll[0], ll[1])
		}
		ring[i] = ll
	}
	if len(ring) < 4 {
		return nil, p.fail(path, "", "%shas %d positions; a ring needs at least 4, the last one repeating the first", what, len(ring))
	}
	if ring[0] != ring[len(ring)-1] {
		return nil, p.fail(at2(path, len(ring)-1), "repeat the first position at the end", "%sis not closed: its last position is not its first", what)
	}
	return ring, nil
}

// Outside reports the first position of the area that lies outside the
// outline's focus features (all features when none is the focus) by more
// than tolerance degrees, as an *Error located in the area file; nil when
// every position is inside.
func (o *Outline) Outside(a *Area, data []byte, tolerance float64) error {
	if o == nil || a == nil {
		return nil
	}
	var rings [][]pt
	names := []string{}
	for _, focus := range []bool{true, false} {
		for i := range o.Features {
			f := &o.Features[i]
			if (f.Role == "focus") != focus {
				continue
			}
			for _, r := range f.Rings {
				rp := make([]pt, len(r))
				for j, ll := range r {
					rp[j] = pt{ll[0], ll[1]}
				}
				rings = append(rings, rp)
			}
			if f.Name != "" {
				names = append(names, f.Name)
			}
		}
		if len(rings) > 0 {
			break
		}
	}
	if len(rings) == 0 {
		return nil
	}
	// Distances are compared on a plane where a degree of longitude is
	// cos(latitude) of one of latitude: near enough over a few kilometres.
	k := math.Cos((a.BBox[1] + a.BBox[3]) / 2 * math.Pi / 180)
	scaled := make([][]pt, len(rings))
	for i, r := range rings {
		scaled[i] = make([]pt, len(r))
		for j, q := range r {
			scaled[i][j] = pt{q.x * k, q.y}
		}
	}
	for pi, poly := range a.Polygons {
		for ri, r := range poly {
			for qi, ll := range r {
				q := pt{ll[0], ll[1]}
				if insideEvenOdd(rings, q) {
					continue
				}
				d := edgeDistance(scaled, pt{ll[0] * k, ll[1]})
				if d <= tolerance {
					continue
				}
				what := "the map's outline"
				if len(names) > 0 {
					what = strings.Join(names, ", ")
				}
				hint := ""
				if sw := (pt{ll[1], ll[0]}); insideEvenOdd(rings, sw) {
					hint = "the numbers look swapped: GeoJSON puts longitude first, [lon, lat]"
				}
				path := at2(at2(a.where[pi], ri), qi)
				return &Error{Offset: locate(data, path), Hint: hint,
					Msg: fmt.Sprintf("position [%v, %v] lies %.0f km outside %s", ll[0], ll[1], d*kmPerDegree, what)}
			}
		}
	}
	return nil
}

// locate returns the byte offset of the value at a JSON path (object keys
// and array indexes), or -1. It runs only when there is an error to place,
// so the parse itself keeps the speed of decoding into plain values.
func locate(data []byte, path []any) int64 {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	// start skips white space, and the ':' or ',' before a value.
	start := func(off int64) int64 {
		for off < int64(len(data)) {
			switch data[off] {
			case ' ', '\t', '\r', '\n', ':', ',':
				off++
			default:
				return off
			}
		}
		return off
	}
	var skip func() error
	skip = func() error {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		if d, ok := t.(json.Delim); ok && (d == '{' || d == '[') {
			for dec.More() {
				if d == '{' {
					if _, err := dec.Token(); err != nil {
						return err
					}
				}
				if err := skip(); err != nil {
					return err
				}
			}
			_, err = dec.Token() // closing delimiter
		}
		return err
	}
	for _, step := range path {
		t, err := dec.Token()
		if err != nil {
			return -1
		}
		d, ok := t.(json.Delim)
		if !ok {
			return -1
		}
		switch key := step.(type) {
		case string:
			if d != '{' {
				return -1
			}
			for {
				if !dec.More() {
					return -1
				}
				kt, err := dec.Token()
				if err != nil {
					return -1
				}
				if kt == key {
					break
				}
				if err := skip(); err != nil {
					return -1
				}
			}
		case int:
			if d != '[' {
				return -1
			}
			for i := 0; i < key; i++ {
				if !dec.More() {
					return -1
				}
				if err := skip(); err != nil {
					return -1
				}
			}
			if !dec.More() {
				return -1
			}
		}
	}
	return start(dec.InputOffset())
}
