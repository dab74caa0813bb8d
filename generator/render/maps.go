package render

import (
	"fmt"
	"html/template"
	"sort"

	"briefing/generator/config"
	"briefing/generator/resolve"
	"briefing/generator/svgmap"
)

// locatorNeighbours is how many nearby cities a locator map shows.
const locatorNeighbours = 12

// noColor marks a city whose controller has no colour or is unknown.
const noColor = "#9e9e9e"

func (r *renderer) outline() *svgmap.Outline {
	r.outlineOnce.Do(func() {
		if len(r.opts.Outline) > 0 {
			// The build checked the file parses; a nil outline draws points only.
			r.outlineVal, _ = svgmap.Parse(r.opts.Outline)
		}
		if r.outlineVal == nil {
			r.outlineVal = &svgmap.Outline{}
		}
	})
	return r.outlineVal
}

func (r *renderer) cityPoint(e *resolve.Entity, current bool) svgmap.Point {
	p := svgmap.Point{Lat: e.Coords.Lat, Lon: e.Coords.Lon, Label: e.Name, Href: e.URL, Color: noColor, Current: current}
	if c := e.Controller; c != nil && c.Faction != nil {
		if c.Faction.Color != "" {
			p.Color = c.Faction.Color
		}
		p.Class = "held-by-" + c.Faction.Slug
		p.Title = fmt.Sprintf("%s: held by %s since %s", e.Name, c.Faction.Name, dateText(c.Date))
	} else {
		p.Title = e.Name + ": no control record as of " + dateText(r.b.AsOf)
	}
	return p
}

// siteMap draws every city with coordinates, coloured by who holds it as
// of the briefing's date, and lists the cities without coordinates and the
// legend.
func (r *renderer) siteMap(id string, labels bool) (template.HTML, []*resolve.Entity, []LegendItem) {
	g := r.b.Group(config.Cities)
	if g == nil {
		return "", nil, nil
	}
	var pts []svgmap.Point
	var unmapped []*resolve.Entity
	counts := map[*resolve.Entity]int{}
	var factions []*resolve.Entity
	none := 0
	for _, e := range g.Entities {
		if c := e.Controller; c != nil && c.Faction != nil {
			if counts[c.Faction] == 0 {
				factions = append(factions, c.Faction)
			}
			counts[c.Faction]++
		} else {
			none++
		}
		if e.Coords == nil {
			unmapped = append(unmapped, e)
			continue
		}
		pts = append(pts, r.cityPoint(e, false))
	}
	sort.SliceStable(factions, func(i, j int) bool {
		if counts[factions[i]] != counts[factions[j]] {
			return counts[factions[i]] > counts[factions[j]]
		}
		return factions[i].Name < factions[j].Name
	})
	var legend []LegendItem
	for _, f := range factions {
		c := f.Color
		if c == "" {
			c = noColor
		}
		legend = append(legend, LegendItem{Name: f.Name, Color: c, URL: f.URL, Count: counts[f]})
	}
	if none > 0 {
		legend = append(legend, LegendItem{Name: "No record", Color: noColor, Count: none})
	}
	svg := r.outline().Draw(pts, svgmap.Options{Width: 800, Padding: 0.06, Labels: labels || len(pts) <= 60,
		Title: "Map: who holds each city as of " + dateText(r.b.AsOf), ID: id})
	return template.HTML(svg), unmapped, legend
}

// locator draws a small map with one city highlighted among the others.
func (r *renderer) locator(e *resolve.Entity) template.HTML {
	if e.Coords == nil {
		return ""
	}
	var pts []svgmap.Point
	if g := r.b.Group(config.Cities); g != nil && e.Kind.Name == config.Cities {
		// A locator shows where the city is among its nearest neighbours;
		// drawing every city of a large briefing on every city page would
		// make each page as big as the map itself.
		for _, c := range nearest(g.Entities, e, locatorNeighbours) {
			pts = append(pts, r.cityPoint(c, false))
		}
	}
	if e.Kind.Name == config.Cities {
		pts = append(pts, r.cityPoint(e, true))
	} else {
		pts = append(pts, svgmap.Point{Lat: e.Coords.Lat, Lon: e.Coords.Lon, Label: e.Name, Color: "#1565c0", Current: true, Title: e.Name})
	}
	return template.HTML(r.outline().Draw(pts, svgmap.Options{Width: 320, Padding: 0.06, Labels: true, Locator: true,
		Title: "Where " + e.Name + " is", ID: "locator"}))
}

// nearest returns the k cities with coordinates closest to e, nearest
// first, ties in list order (what a stable sort of all of them by distance
// would start with). It keeps only the k best while scanning: a city page
// of a 1,000-city briefing otherwise sorts 1,000 cities, a thousand times.
func nearest(cities []*resolve.Entity, e *resolve.Entity, k int) []*resolve.Entity {
	if k <= 0 {
		return nil
	}
	type cand struct {
		c *resolve.Entity
		d float64
	}
	best := make([]cand, 0, k+1)
	for _, c := range cities {
		if c.Coords == nil || c == e {
			continue
		}
		dy, dx := c.Coords.Lat-e.Coords.Lat, c.Coords.Lon-e.Coords.Lon
		d := dx*dx + dy*dy
		if len(best) == k && d >= best[k-1].d {
			continue
		}
		// After every kept city at most as far: equal distances keep
		// their list order.
		i := len(best)
		for i > 0 && best[i-1].d > d {
			i--
		}
		best = append(best, cand{})
		copy(best[i+1:], best[i:])
		best[i] = cand{c, d}
		if len(best) > k {
			best = best[:k]
		}
	}
	out := make([]*resolve.Entity, len(best))
	for i, b := range best {
		out[i] = b.c
	}
	return out
}
