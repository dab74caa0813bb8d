package render

import (
	"encoding/json"
	"math"
	"slices"

	"briefing/generator/cutoff"
	"briefing/generator/resolve"
)

// mapFiles adds the map's data as GeoJSON (RFC 7946), for QGIS,
// geojson.io and the like: every place with coordinates as a Point with
// its control history, every area of control as a Polygon or
// MultiPolygon with its dates and source. What is dated after the
// briefing's as_of is kept, as on the pages, and flagged after_cutoff, so
// that a layer filtered on it shows the situation the briefing reports.
func (r *renderer) mapFiles(t *Tree) {
	t.add(GeoJSONPath, func([]byte) ([]byte, error) { return r.geojson(), nil })
}

// The members are structs, not maps, so the file reads in a fixed,
// sensible order (and the same input gives the same bytes).
type geoCollection struct {
	Type     string       `json:"type"`
	Name     string       `json:"name"` // the layer's name in QGIS
	AsOf     string       `json:"as_of"`
	Features []geoFeature `json:"features"`
}

type geoFeature struct {
	Type       string      `json:"type"`
	ID         string      `json:"id"`
	Geometry   geoGeometry `json:"geometry"`
	Properties any         `json:"properties"`
}

type geoGeometry struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

type placeProps struct {
	Name       string       `json:"name"`
	Kind       string       `json:"kind"`
	URL        string       `json:"url"`
	AsOf       string       `json:"as_of"`
	HeldBy     *string      `json:"held_by"`      // faction slug on as_of, or null
	HeldByName *string      `json:"held_by_name"` // its name
	HeldSince  *string      `json:"held_since"`
	Color      string       `json:"color"`
	Control    []geoControl `json:"control"` // the whole timeline, oldest first
}

type geoControl struct {
	Date        string  `json:"date"`
	Faction     *string `json:"faction"`
	FactionName *string `json:"faction_name"`
	Source      *string `json:"source"`
	SourceName  *string `json:"source_name"`
	Note        string  `json:"note,omitempty"`
	HeldBefore  bool    `json:"held_before,omitempty"`  // held already on date: no change of hands
	AfterCutoff bool    `json:"after_cutoff,omitempty"` // dated after as_of
}

type areaProps struct {
	Faction     string  `json:"faction"`
	FactionName string  `json:"faction_name"`
	Date        string  `json:"date"`
	Until       *string `json:"until"` // the faction's next area's date or its end, or null
	// Ended: the faction holds no area from until (an ended: entry),
	// whose source and note these are.
	Ended            bool    `json:"ended,omitempty"`
	EndSource        *string `json:"end_source,omitempty"`
	EndSourceName    *string `json:"end_source_name,omitempty"`
	EndNote          string  `json:"end_note,omitempty"`
	UntilAfterCutoff bool    `json:"until_after_cutoff,omitempty"` // until is after as_of, the area not
	Source           *string `json:"source"`
	SourceName       *string `json:"source_name"`
	SourceURL        *string `json:"source_url"`
	Note             string  `json:"note,omitempty"`
	Approximate      bool    `json:"approximate"`
	Color            string  `json:"color"`
	File             string  `json:"file"`
	AfterCutoff      bool    `json:"after_cutoff,omitempty"` // dated after as_of
}

func strp(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func slugOf(e *resolve.Entity) *string {
	if e == nil {
		return nil
	}
	return &e.Slug
}

func nameOf(e *resolve.Entity) *string {
	if e == nil {
		return nil
	}
	return &e.Name
}

func (r *renderer) geojson() []byte {
	t := r.history()
	fc := geoCollection{Type: "FeatureCollection", Name: r.b.Site.Title, AsOf: r.b.AsOf.String(), Features: []geoFeature{}}
	for _, e := range t.places {
		if e.Coords == nil {
			continue
		}
		p := placeProps{Name: e.Name, Kind: e.Kind.Name, URL: r.abs(e.URL), AsOf: r.b.AsOf.String(), Color: noColor,
			Control: []geoControl{}}
		if h := t.holdingOn(e, r.b.AsOf); h.run != nil {
			p.HeldBy, p.HeldByName, p.HeldSince = slugOf(h.run.faction), nameOf(h.run.faction), strp(h.run.from.String())
			p.Color = factionColor(h.run.faction)
		}
		for _, c := range e.Control {
			p.Control = append(p.Control, geoControl{Date: c.Date.String(), Faction: slugOf(c.Faction), FactionName: nameOf(c.Faction),
				Source: slugOf(c.Source), SourceName: nameOf(c.Source), Note: c.Note, HeldBefore: c.HeldBefore,
				AfterCutoff: c.AfterCutoff != ""})
		}
		fc.Features = append(fc.Features, geoFeature{Type: "Feature", ID: e.Key,
			Geometry:   geoGeometry{Type: "Point", Coordinates: [2]float64{e.Coords.Lon, e.Coords.Lat}},
			Properties: p})
	}
	for _, a := range t.areas {
		p := areaProps{Faction: a.faction.Slug, FactionName: a.faction.Name, Date: a.Date.String(),
			Source: slugOf(a.source), SourceName: nameOf(a.source), Note: a.Note, Approximate: a.Approximate,
			Color: factionColor(a.faction), File: a.File, AfterCutoff: cutoff.After(a.Date, r.b.AsOf)}
		if !a.until.IsZero() {
			p.Until = strp(a.until.String())
			// Marked once: an area after the cutoff is marked at its date.
			p.UntilAfterCutoff = !p.AfterCutoff && cutoff.After(a.until, r.b.AsOf)
		}
		if a.end != nil {
			p.Ended, p.EndSource, p.EndSourceName, p.EndNote = true, slugOf(a.end.source), nameOf(a.end.source), a.end.Note
		}
		if a.source != nil {
			p.SourceURL = strp(a.source.ExternalURL)
		}
		g := geoGeometry{Type: "MultiPolygon", Coordinates: rightHanded(a.shape.Polygons)}
		if len(a.shape.Polygons) == 1 {
			g = geoGeometry{Type: "Polygon", Coordinates: rightHanded(a.shape.Polygons)[0]}
		}
		fc.Features = append(fc.Features, geoFeature{Type: "Feature", ID: a.faction.Key + "/areas/" + a.Date.String(),
			Geometry: g, Properties: p})
	}
	// Escaped as every data file of the site is (<, > and & as \u003c and
	// so on), so no name could close a <script> the file is pasted into.
	data, _ := json.Marshal(fc)
	return append(data, '\n')
}

// rightHanded copies polygons with outer rings counterclockwise and holes
// clockwise, as RFC 7946 (3.1.6) asks of what a program writes.
func rightHanded(polys [][][][2]float64) [][][][2]float64 {
	out := make([][][][2]float64, len(polys))
	for i, poly := range polys {
		out[i] = make([][][2]float64, len(poly))
		for j, ring := range poly {
			rc := append([][2]float64(nil), ring...)
			if ccw := signedArea(rc) > 0; ccw != (j == 0) {
				slices.Reverse(rc)
			}
			out[i][j] = rc
		}
	}
	return out
}

// signedArea is positive for a counterclockwise ring (x east, y north).
func signedArea(ring [][2]float64) float64 {
	s := 0.0
	for i := range ring {
		a, b := ring[i], ring[(i+1)%len(ring)]
		s += a[0]*b[1] - b[0]*a[1]
	}
	if math.IsNaN(s) {
		return 0
	}
	return s / 2
}
