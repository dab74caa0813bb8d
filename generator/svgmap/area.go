package svgmap

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"briefing/generator/jsonpos"
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
	// bare keeps Msg as it is: an area file's type errors do not say in
	// which feature or geometry they are.
	bare bool
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
// fault, so the build can say which line of the file to fix. The file's
// size is bounded where it is read (build.MaxAreaBytes), its work by
// MaxPairs.
func ParseArea(data []byte) (*Area, error) {
	r := reader{data: data, area: true}
	if err := r.read(); err != nil {
		return nil, err
	}
	return &Area{Polygons: r.polys, BBox: ringsBBox(slices.Concat(r.polys...)), where: r.where}, nil
}

// Outside reports the first position of the area that lies outside the
// outline's focus features (all features when none is the focus) by more
// than tolerance degrees, as an *Error located in the area file; nil when
// every position is inside.
func (o *Outline) Outside(a *Area, data []byte, tolerance float64) error {
	if o == nil || a == nil {
		return nil
	}
	// Distances are compared on a plane where a degree of longitude is
	// cos(latitude) of one of latitude: near enough over a few kilometres.
	k := math.Cos((a.BBox[1] + a.BBox[3]) / 2 * math.Pi / 180)
	var rings [][]pt
	names := []string{}
	for _, f := range framed(o.Features) {
		rings = append(rings, ringPoints(f)...)
		if f.Name != "" {
			names = append(names, f.Name)
		}
	}
	scaled := scaleRings(rings, k)
	if len(rings) == 0 {
		return nil
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
				path := down(a.where[pi], ri, qi)
				return &Error{Offset: jsonpos.Find(data, path...), Hint: hint,
					Msg: fmt.Sprintf("position [%v, %v] lies %.0f km outside %s", ll[0], ll[1], d*kmPerDegree, what)}
			}
		}
	}
	return nil
}

// PlaceCheck returns a check of places against every feature of the
// outline, neighbours included (a briefing on Syria may well have a town
// in Turkey): how far (km) a place at lat, lon lies outside them, when
// that is more than tolerance degrees, else 0; swapped says the place
// would be inside with latitude and longitude swapped; names lists the
// features. The rings are converted once, for every place of a build.
func (o *Outline) PlaceCheck(tolerance float64) func(lat, lon float64) (km float64, swapped bool, names string) {
	var feats [][][]pt
	var list []string
	if o != nil {
		for _, f := range o.Features {
			feats = append(feats, ringPoints(f))
			if f.Name != "" {
				list = append(list, f.Name)
			}
		}
	}
	inside := func(q pt) bool {
		return slices.ContainsFunc(feats, func(rings [][]pt) bool { return insideEvenOdd(rings, q) })
	}
	// A world outline has some two hundred countries: a few name it.
	if len(list) > 6 {
		list = append(list[:6], "...")
	}
	names := strings.Join(list, ", ")
	return func(lat, lon float64) (float64, bool, string) {
		if len(feats) == 0 || inside(pt{lon, lat}) {
			return 0, false, ""
		}
		// Distances on a plane where a degree of longitude is cos(latitude)
		// of one of latitude, as Outside measures them.
		k := math.Cos(lat * math.Pi / 180)
		d := edgeDistance(scaleRings(slices.Concat(feats...), k), pt{lon * k, lat})
		if d <= tolerance {
			return 0, false, ""
		}
		return d * kmPerDegree, inside(pt{lat, lon}), names
	}
}

// ringPoints is a feature's rings as points, x the longitude.
func ringPoints(f Feature) [][]pt {
	rings := make([][]pt, len(f.Rings))
	for i, r := range f.Rings {
		rings[i] = make([]pt, len(r))
		for j, ll := range r {
			rings[i][j] = pt{ll[0], ll[1]}
		}
	}
	return rings
}

// scaleRings is rings on a plane where a degree of longitude is k of one
// of latitude (k = cos(latitude)), for distances.
func scaleRings(rings [][]pt, k float64) [][]pt {
	out := make([][]pt, len(rings))
	for i, r := range rings {
		out[i] = make([]pt, len(r))
		for j, q := range r {
			out[i][j] = pt{q.x * k, q.y}
		}
	}
	return out
}
