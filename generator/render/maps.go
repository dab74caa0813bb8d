package render

import (
	"cmp"
	"encoding/json"
	"html/template"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"briefing/generator/config"
	"briefing/generator/fields"
	"briefing/generator/resolve"
	"briefing/generator/svgmap"
)

// locatorNeighbours is how many nearby cities a locator map shows at
// most, of the locatorCandidates nearest: those whose marks stand clear
// of the city's and of each other's at the map's scale, nearest first.
// Where fewer than half as many do (a briefing dense with villages),
// four times as many are tried, once.
const (
	locatorNeighbours = 12
	locatorCandidates = 40
)

// noColor marks a city whose controller has no colour or is unknown.
const noColor = "#9e9e9e"

// ChangedDays is how recent a change of hands must be for the map to ring
// the place: taken on the date shown or in the two days before it.
const ChangedDays = 3

// GeoJSONPath is where the site publishes the map's data.
const GeoJSONPath = "map/briefing.geojson"

// Text tiers of the maps (see package svgmap): label sizes for the
// container widths that static/css/briefing.css's container queries name
// by class. On the 800-unit maps a label is 11 px or more down to the
// narrowest width of its tier (14.5 × 640/800 = 11.6 px; 20.5 × 440/800 =
// 11.3 px; 26.5 × 340/800 = 11.3 px), and marks grow with the text so
// they stay a finger's width apart rather than shrinking to dots.
var (
	mapTiers = []svgmap.Tier{
		{Class: "lt-w", Font: 14.5, Radius: 5}, // 640 px and wider
		{Class: "lt-m", Font: 20.5, Radius: 7}, // 440 to 640 px
		{Class: "lt-n", Font: 26.5, Radius: 9}, // narrower than 440 px
	}
	// The locator is 320 units drawn 300 to 380 px wide.
	locatorTiers = []svgmap.Tier{{Font: 12, Radius: 3.5}}
)

// outline is the map's outline; an empty one draws points only.
func (r *renderer) outline() *svgmap.Outline {
	if r.opts.Outline == nil {
		return &svgmap.Outline{}
	}
	return r.opts.Outline
}

// history is the control history of every place and the areas of every
// faction, in the form the maps draw from: made once per render.
type history struct {
	places   []*resolve.Entity // every city, in list order
	near     places            // the places with coordinates, for locators
	runs     map[*resolve.Entity][]run
	factions []*resolve.Entity // every faction that holds a place or an area on some date, by name
	areas    []*area           // by faction (in factions' order), then date
	stops    []fields.Date     // every date on which control changed, and the as-of date, in order
}

// run is a stretch of time one faction holds a place: consecutive
// control entries naming the same faction are one run.
type run struct {
	from    fields.Date
	faction *resolve.Entity
	// before: the faction already held the place on from, where its
	// timeline starts; from is no change of hands, nor a stop of the
	// time control.
	before bool
}

// area is one dated area of control with its parsed polygons.
type area struct {
	resolve.Area
	faction *resolve.Entity
	source  *resolve.Entity
	shape   *svgmap.Area
	until   fields.Date // the faction's next area's date, or zero
	end     *area       // the faction's ended: entry dated until, if that is what ends it
}

// key names an area on the page by its faction and date, the same in
// every edition: "a-hts-2024-12-05".
func (a *area) key() string { return "a-" + a.faction.Slug + "-" + a.Date.String() }

func (r *renderer) history() *history {
	r.historyOnce.Do(func() { r.historyVal = r.makeHistory() })
	return r.historyVal
}

func (r *renderer) makeHistory() *history {
	t := &history{runs: map[*resolve.Entity][]run{}}
	dates := map[fields.Date]bool{r.b.AsOf: true}
	held := map[*resolve.Entity]bool{}
	if g := r.b.Group(config.Cities); g != nil {
		t.places = g.Entities
		t.near = newPlaces(g.Entities)
		for _, e := range g.Entities {
			var runs []run
			for _, c := range e.Control {
				if c.Faction == nil {
					continue
				}
				if n := len(runs); n > 0 && runs[n-1].faction == c.Faction {
					continue
				}
				runs = append(runs, run{c.Date, c.Faction, c.HeldBefore})
				if !c.HeldBefore {
					dates[c.Date] = true
				}
				held[c.Faction] = true
			}
			t.runs[e] = runs
		}
	}
	if g := r.b.Group(config.Factions); g != nil {
		for _, f := range g.Entities {
			var mine []*area
			for _, a := range f.Areas {
				shape := r.opts.Areas[a.File]
				if shape == nil && !a.Ended || a.Date.IsZero() {
					continue // reported by the build
				}
				mine = append(mine, &area{Area: *a, faction: f, shape: shape, source: a.Source})
			}
			sort.SliceStable(mine, func(i, j int) bool { return mine[i].Date.Before(mine[j].Date.Time) })
			for i, a := range mine {
				if i+1 < len(mine) {
					a.until = mine[i+1].Date
					if mine[i+1].Ended {
						a.end = mine[i+1]
					}
				}
				dates[a.Date] = true
				if !a.Ended { // an end is only the until of the area before it
					t.areas = append(t.areas, a)
					held[f] = true
				}
			}
			if held[f] {
				t.factions = append(t.factions, f)
			}
		}
		sort.SliceStable(t.factions, func(i, j int) bool { return t.factions[i].Name < t.factions[j].Name })
	}
	t.stops = slices.SortedFunc(maps.Keys(dates), func(a, b fields.Date) int { return a.Compare(b.Time) })
	return t
}

// holding is who holds a place on a date.
type holding struct {
	run  *run // nil: no record on or before the date
	prev *run // the holder before, if any
}

// changed reports a change of hands in the ChangedDays up to d.
func (h holding) changed(d fields.Date) bool {
	return h.run != nil && h.prev != nil && h.run.from.After(d.AddDate(0, 0, -ChangedDays))
}

func (t *history) holdingOn(e *resolve.Entity, d fields.Date) holding {
	runs := t.runs[e]
	i := sort.Search(len(runs), func(i int) bool { return runs[i].from.After(d.Time) }) - 1
	if i < 0 {
		return holding{}
	}
	h := holding{run: &runs[i]}
	if i > 0 {
		h.prev = &runs[i-1]
	}
	return h
}

// on reports whether a is in effect on d: it is its faction's latest area
// on or before d (until, the next one's date, ends it).
func (a *area) on(d fields.Date) bool {
	return !a.Date.After(d.Time) && (a.until.IsZero() || a.until.After(d.Time))
}

func factionColor(f *resolve.Entity) string {
	if f != nil && f.Color != "" {
		return f.Color
	}
	return noColor
}

// placeTitle is a mark's accessible name on a date. static/js/map.js
// writes the same words when the reader moves the map in time.
func placeTitle(name string, h holding, d fields.Date) string {
	switch {
	case h.run == nil:
		return name + ": no control record on " + dateText(d)
	case h.changed(d):
		return name + ": taken by " + h.run.faction.Name + " from " + h.prev.faction.Name + " on " + dateText(h.run.from)
	}
	return name + ": held by " + h.run.faction.Name + " " + since(h.run.from, h.run.before)
}

// since says since when a faction holds a city, from date d: "since
// 5 December 2024", or with before "since before 15 March 2011", where
// the timeline starts with the faction already there.
func since(d fields.Date, before bool) string {
	if before {
		return "since before " + dateText(d)
	}
	return "since " + dateText(d)
}

func (r *renderer) cityPoint(t *history, e *resolve.Entity, d fields.Date, current bool) svgmap.Point {
	h := t.holdingOn(e, d)
	p := svgmap.Point{Lat: e.Coords.Lat, Lon: e.Coords.Lon, Label: e.Name, Href: e.URL, Color: noColor,
		Current: current, Weight: float64(e.Population), Title: placeTitle(e.Name, h, d)}
	if h.run != nil {
		p.Color = factionColor(h.run.faction)
		p.Class = "held-by-" + h.run.faction.Slug
		p.Ring = h.changed(d)
	}
	return p
}

// stamp is the date written on a map, and "after the cutoff" for a date
// past the briefing's.
func (r *renderer) stamp(d fields.Date, later bool) svgmap.Stamp {
	s := svgmap.Stamp{Text: dateText(d), TextRoom: len("30 September 2024")}
	if later {
		s.NoteRoom = len(r.cutoffNote())
	}
	if d.After(r.b.AsOf.Time) {
		s.Note = r.cutoffNote()
	}
	return s
}

func (r *renderer) cutoffNote() string { return "after the " + dateText(r.b.AsOf) + " cutoff" }

func mapTitle(d fields.Date) string { return "Map: who holds each place on " + dateText(d) }

// shapes are the areas of control in effect on d; with all, the others
// too, hidden, for the time control to show.
func (t *history) shapes(d fields.Date, all bool) []svgmap.Shape {
	var out []svgmap.Shape
	for _, a := range t.areas {
		on := a.on(d)
		if !on && !all {
			continue
		}
		out = append(out, svgmap.Shape{Polygons: a.shape.Polygons, Fill: factionColor(a.faction),
			Class: "area-of-" + a.faction.Slug, Title: areaTitle(a), Key: a.key(),
			Hidden: !on, Dashed: a.Approximate})
	}
	return out
}

// areaFact is the faction's area of control on the briefing's date, for
// its fact sheet: the date, how many dated areas there are, whose map.
func (r *renderer) areaFact(f *resolve.Entity) (Fact, bool) {
	t := r.history()
	var latest, ended *area // ended: the last area ended on or before the date
	n := 0
	for _, a := range t.areas {
		if a.faction != f {
			continue
		}
		n++
		if a.on(r.b.AsOf) {
			latest = a
		}
		if !a.until.IsZero() && !a.until.After(r.b.AsOf.Time) {
			ended = a
		}
	}
	if n == 0 {
		return Fact{}, false
	}
	fact := Fact{Label: "Area of control, as of " + dateText(r.b.AsOf), Value: "none drawn yet"}
	if latest == nil && ended != nil {
		// No area in force, yet one was: the faction's areas ended.
		fact.Value = "none since " + dateText(ended.until)
		if e := ended.end; e != nil {
			if e.source != nil {
				fact.LinksLabel, fact.Links = "after", []*resolve.Entity{e.source}
			}
			fact.Note = e.Note
		}
	}
	if latest != nil {
		fact.Value = "drawn on the map from " + dateText(latest.Date)
		if latest.Approximate {
			fact.Value += ", approximate"
		}
		if latest.source != nil {
			fact.LinksLabel, fact.Links = "after", []*resolve.Entity{latest.source}
		}
	}
	if n > 1 {
		// After the end's note as a sentence of its own, not as if its
		// source had counted the areas.
		if fact.Note != "" && !strings.ContainsAny(fact.Note[len(fact.Note)-1:], ".!?") {
			fact.Note += "."
		}
		fact.Note = strings.TrimSpace(fact.Note + " (" + strconv.Itoa(n) + " dated areas: the map page shows each on its date)")
	}
	return fact, true
}

func areaTitle(a *area) string {
	s := a.faction.Name + ": area held on " + dateText(a.Date)
	if a.source != nil {
		s += ", after " + a.source.Name
	}
	if a.Approximate {
		s += " (approximate)"
	}
	return s
}

// siteMap draws every city with coordinates, coloured by who holds it on
// the briefing's date, and lists the cities without coordinates and the
// legend. With moving, the map is ready for the time control: every area
// is drawn (those of other dates hidden) and the legend has an entry for
// every faction of any date.
func (r *renderer) siteMap(id string, labels, moving bool) (template.HTML, []*resolve.Entity, []LegendItem) {
	t := r.history()
	if len(t.places) == 0 {
		return "", nil, nil
	}
	d := r.b.AsOf
	var pts []svgmap.Point
	var unmapped []*resolve.Entity
	ring := false
	for i, e := range t.places {
		if e.Coords == nil {
			unmapped = append(unmapped, e)
			continue
		}
		p := r.cityPoint(t, e, d, false)
		if moving {
			p.Key = "p" + strconv.Itoa(i)
		}
		ring = ring || p.Ring
		pts = append(pts, p)
	}
	later := moving && t.stops[len(t.stops)-1].After(d.Time)
	opts := svgmap.Options{Width: 800, Padding: 0.06, Labels: labels || len(pts) <= 60, Title: mapTitle(d), ID: id,
		Tiers: mapTiers, Shapes: t.shapes(d, moving), Stamp: r.stamp(d, later), Scale: true}
	return r.draw(pts, opts), unmapped, r.legend(t, d, moving, moving || ring)
}

// legend is the key to a map of every place on date d: factions by the
// number of places they hold, then the areas shown and the ring. With
// all, every faction and area of any date has an entry, hidden when it
// has nothing on d, so a script can show it (static/js/map.js sorts and
// hides them the same way).
func (r *renderer) legend(t *history, d fields.Date, all, ring bool) []LegendItem {
	counts := map[*resolve.Entity]int{}
	none := 0
	for _, e := range t.places {
		if h := t.holdingOn(e, d); h.run != nil {
			counts[h.run.faction]++
		} else {
			none++
		}
	}
	var items []LegendItem
	for i, f := range t.factions {
		if counts[f] == 0 && !all {
			continue
		}
		items = append(items, LegendItem{Name: f.Name, Color: factionColor(f), URL: f.URL, Count: counts[f],
			Key: "f" + strconv.Itoa(i), CountText: countText(counts[f]), Hidden: counts[f] == 0})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].Count > items[j].Count })
	if none > 0 || all {
		items = append(items, LegendItem{Name: "No record", Color: noColor, Count: none, Key: "none",
			CountText: countText(none), Hidden: none == 0})
	}
	for _, a := range t.areas {
		if on := a.on(d); on || all {
			items = append(items, LegendItem{Name: a.faction.Name, Color: factionColor(a.faction), URL: a.faction.URL,
				Key: a.key(), Hidden: !on, Area: true, Dashed: a.Approximate, Date: a.Date, Source: a.source})
		}
	}
	if ring {
		items = append(items, LegendItem{Name: "taken in the " + strconv.Itoa(ChangedDays) + " days to the date shown", Key: "changed", Ring: true})
	}
	return items
}

// holders groups the places by who holds them on the briefing's date,
// the factions by the number of places they hold, as the legend orders
// them, and the places that have no holder last.
func (r *renderer) holders() []Holders {
	t := r.history()
	by := map[*resolve.Entity]int{} // faction -> index in out
	out := make([]Holders, len(t.factions))
	for i, f := range t.factions {
		out[i].Faction, by[f] = f, i
	}
	var none []*resolve.Entity
	for _, e := range t.places {
		if h := t.holdingOn(e, r.b.AsOf); h.run != nil {
			out[by[h.run.faction]].Places = append(out[by[h.run.faction]].Places, e)
		} else {
			none = append(none, e)
		}
	}
	out = slices.DeleteFunc(out, func(h Holders) bool { return len(h.Places) == 0 })
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].Places) > len(out[j].Places) })
	for _, h := range out {
		sort.SliceStable(h.Places, func(i, j int) bool { return h.Places[i].Name < h.Places[j].Name })
	}
	sort.SliceStable(none, func(i, j int) bool { return none[i].Name < none[j].Name })
	if len(none) > 0 {
		out = append(out, Holders{Places: none})
	}
	return out
}

// countText counts a faction's places: places, not cities, as the
// cities kind holds air bases and towns too.
func countText(n int) string {
	if n == 1 {
		return "(1 place)"
	}
	return "(" + strconv.Itoa(n) + " places)"
}

// locator draws a small map with one city highlighted among the others.
func (r *renderer) locator(e *resolve.Entity) (template.HTML, []LegendItem) {
	if e.Coords == nil {
		return "", nil
	}
	t := r.history()
	d := r.b.AsOf
	var pts []svgmap.Point
	opts := svgmap.Options{Width: 320, Padding: 0.06, Labels: true, Locator: true, Tiers: locatorTiers, Scale: true,
		Title: "Where " + e.Name + " is", ID: "locator"}
	if e.Kind.Name != config.Cities {
		pts = append(pts, svgmap.Point{Lat: e.Coords.Lat, Lon: e.Coords.Lon, Label: e.Name, Color: "#1565c0", Current: true, Title: e.Name})
		return r.draw(pts, opts), nil
	}
	// A locator shows where the city is among its nearest neighbours;
	// drawing every city of a large briefing on every city page would
	// make each page as big as the map itself. Of those, only the ones
	// that stand apart at a country's scale: the villages round a town
	// would hide it and each other under one blot.
	var near []*resolve.Entity
	var keep []int
	var frame [4]float64
	for k := locatorCandidates; k <= 4*locatorCandidates; k *= 4 {
		near = append([]*resolve.Entity{e}, t.near.nearest(e, k)...)
		pts = slices.Grow(pts, len(near)-len(pts))
		// The k nearest are the first k of the 4k nearest (nearest
		// orders them all the same way): the points of a first try are
		// kept, and only the farther candidates added.
		for _, c := range near[len(pts):] {
			// Where and how big its mark is; the rest of a point (its
			// title, colour, link) is made for those drawn.
			pts = append(pts, svgmap.Point{Lat: c.Coords.Lat, Lon: c.Coords.Lon, Current: c == e, Ring: t.holdingOn(c, d).changed(d)})
		}
		keep, frame = r.outline().Apart(pts, opts, locatorNeighbours+1)
		if len(keep) > locatorNeighbours/2 || len(near) <= k {
			break // enough to place it, or no more places to try
		}
	}
	var shown []*resolve.Entity
	pts = pts[:0]
	for _, k := range keep {
		shown = append(shown, near[k])
		pts = append(pts, r.cityPoint(t, near[k], d, k == 0))
	}
	opts.Focus = &frame
	opts.Title = "Where " + e.Name + " is, and who holds it and the places near it on " + dateText(d)
	opts.Stamp = r.stamp(d, false)
	opts.Shapes = t.shapes(d, false)
	// The key names what this map shows, without counts.
	seen := map[*resolve.Entity]bool{}
	var legend []LegendItem
	ring, none := false, false
	for _, c := range shown {
		h := t.holdingOn(c, d)
		switch {
		case h.run == nil:
			none = true
		case !seen[h.run.faction]:
			seen[h.run.faction] = true
			legend = append(legend, LegendItem{Name: h.run.faction.Name, Color: factionColor(h.run.faction), URL: h.run.faction.URL})
		}
		ring = ring || h.changed(d)
	}
	sort.SliceStable(legend, func(i, j int) bool { return legend[i].Name < legend[j].Name })
	if none {
		legend = append(legend, LegendItem{Name: "No record", Color: noColor})
	}
	for _, a := range t.areas {
		if a.on(d) {
			legend = append(legend, LegendItem{Name: a.faction.Name, Color: factionColor(a.faction), URL: a.faction.URL,
				Area: true, Dashed: a.Approximate, Date: a.Date, Source: a.source})
		}
	}
	if ring {
		legend = append(legend, LegendItem{Name: "taken in the " + strconv.Itoa(ChangedDays) + " days to " + dateText(d), Ring: true})
	}
	return r.draw(pts, opts), legend
}

// draw draws a map, or, in Check, stands an empty one in for it: a
// template prints a map whole, so drawing it checks nothing of the theme,
// and it was a quarter of the time a check of the shipped briefing spent
// running templates, in every rebuild of the preview.
func (r *renderer) draw(pts []svgmap.Point, opts svgmap.Options) template.HTML {
	if r.sketch {
		return `<svg role="img"></svg>`
	}
	return template.HTML(r.outline().Draw(pts, opts))
}

// MapTime is what the map page's time control needs: the dates it steps
// through and the control history as data for static/js/map.js.
type MapTime struct {
	Max     int         // index of the last date (the slider's max)
	Initial int         // index of the briefing's date among them
	First   fields.Date // the first and last dates
	Last    fields.Date
	AsOf    fields.Date
	Data    template.JS // JSON, for a <script type="application/json">
}

// mapTime ships each place's control history once (a run per change of
// hands), not a frame per date: the data grows with places and changes.
func (r *renderer) mapTime() *MapTime {
	t := r.history()
	if len(t.places) == 0 || len(t.stops) < 2 {
		return nil
	}
	stopIndex := make(map[fields.Date]int, len(t.stops))
	stops := make([]string, len(t.stops))
	for i, d := range t.stops {
		stopIndex[d] = i
		stops[i] = d.String()
	}
	factionIndex := map[*resolve.Entity]int{}
	factions := make([][3]string, len(t.factions))
	for i, f := range t.factions {
		factionIndex[f] = i
		factions[i] = [3]string{f.Name, factionColor(f), f.Slug}
	}
	places := make([][2]any, len(t.places))
	for i, e := range t.places {
		runs := t.runs[e]
		h := make([][]any, len(runs))
		for j, ru := range runs {
			if ru.before {
				// No stop: the date the timeline starts, held already.
				h[j] = []any{-1, factionIndex[ru.faction], ru.from.String()}
				continue
			}
			h[j] = []any{stopIndex[ru.from], factionIndex[ru.faction]}
		}
		places[i] = [2]any{e.Name, h}
	}
	// An area is [faction, date] and, when it ends, its until: the next
	// area's date or the faction's ended: entry.
	areas := make([][]int, len(t.areas))
	for i, a := range t.areas {
		areas[i] = []int{factionIndex[a.faction], stopIndex[a.Date]}
		if !a.until.IsZero() {
			areas[i] = append(areas[i], stopIndex[a.until])
		}
	}
	data := struct {
		Stops    []string    `json:"stops"`
		AsOf     int         `json:"asof"`
		Days     int         `json:"days"`
		Factions [][3]string `json:"factions"`
		Places   [][2]any    `json:"places"`
		Areas    [][]int     `json:"areas"`
		NoColor  string      `json:"nocolor"`
	}{stops, stopIndex[r.b.AsOf], ChangedDays, factions, places, areas, noColor}
	// json.Marshal escapes <, > and &, so no name can end the script
	// element.
	js, _ := json.Marshal(data)
	return &MapTime{Max: len(t.stops) - 1, Initial: stopIndex[r.b.AsOf], First: t.stops[0], Last: t.stops[len(t.stops)-1],
		AsOf: r.b.AsOf, Data: template.JS(js)}
}

// places is a k-d tree of the cities with coordinates, for finding a
// city's nearest neighbours without measuring the distance to every city:
// a locator on each of n city pages would otherwise cost n² (and a sweep
// out from the city's longitude, n√n). Each node is the median of its
// slice on one axis, latitude and longitude in turn, with the cities
// before it on one side and after it on the other. The coordinates are
// copied in, so a search reads one array instead of every city's record.
type places []place

type place struct {
	lat, lon float64
	c        *resolve.Entity
	i        int // the city's place in the list: ties in distance keep list order
}

func (p place) coord(axis int) float64 {
	if axis == 0 {
		return p.lat
	}
	return p.lon
}

func newPlaces(list []*resolve.Entity) places {
	var s places
	for i, c := range list {
		if c.Coords != nil {
			s = append(s, place{c.Coords.Lat, c.Coords.Lon, c, i})
		}
	}
	var build func(s places, axis int)
	build = func(s places, axis int) {
		if len(s) < 2 {
			return
		}
		slices.SortFunc(s, func(a, b place) int { return cmp.Compare(a.coord(axis), b.coord(axis)) })
		m := len(s) / 2
		build(s[:m], 1-axis)
		build(s[m+1:], 1-axis)
	}
	build(s, 0)
	return s
}

// nearest returns the k cities with coordinates closest to e, nearest
// first, ties in list order (what a stable sort of all of them by distance
// would start with), looking into a side of a node only when the node's
// line is no farther than the k-th nearest found: about k log n cities.
func (s places) nearest(e *resolve.Entity, k int) []*resolve.Entity {
	if k <= 0 {
		return nil
	}
	// A candidate holds no pointer: moving one along the list is a plain
	// copy, without the collector's write barriers.
	type cand struct {
		d  float64
		i  int // list order, for ties
		at int // in s
	}
	best := make([]cand, 0, k+1)
	q := place{lat: e.Coords.Lat, lon: e.Coords.Lon}
	try := func(at int) {
		p := &s[at]
		dy, dx := p.lat-q.lat, p.lon-q.lon
		d := dx*dx + dy*dy
		after := func(b cand) bool { return b.d > d || b.d == d && b.i > p.i }
		if p.c == e || len(best) == k && !after(best[k-1]) {
			return
		}
		j := len(best)
		for j > 0 && after(best[j-1]) {
			j--
		}
		best = slices.Insert(best, j, cand{d, p.i, at})[:min(len(best)+1, k)]
	}
	// search looks in s[lo:hi], a subtree.
	var search func(lo, hi, axis int)
	search = func(lo, hi, axis int) {
		if lo >= hi {
			return
		}
		m := lo + (hi-lo)/2
		try(m)
		gap := q.coord(axis) - s[m].coord(axis)
		nearLo, nearHi, farLo, farHi := lo, m, m+1, hi
		if gap > 0 {
			nearLo, nearHi, farLo, farHi = farLo, farHi, nearLo, nearHi
		}
		search(nearLo, nearHi, 1-axis)
		// A city beyond the line is at least gap away; at exactly the
		// k-th distance it may still come first in list order.
		if len(best) < k || gap*gap <= best[k-1].d {
			search(farLo, farHi, 1-axis)
		}
	}
	search(0, len(s), 0)
	out := make([]*resolve.Entity, len(best))
	for i, b := range best {
		out[i] = s[b.at].c
	}
	return out
}
