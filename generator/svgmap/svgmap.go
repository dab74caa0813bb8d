// Package svgmap draws the site's maps at build time: it takes a GeoJSON
// file of country outlines (Parse) and a list of places with coordinates
// (Point), optionally filled areas (Shape, read from area files by
// ParseArea), and gives back a self-contained inline <svg> element (Draw)
// with one path per country, one linked mark per place, labels, the date
// the map shows and a scale bar. No tiles, no network, no scripts, and no
// styles: the site's stylesheet styles the classes, and presentation
// attributes keep the map readable without it.
//
// # Projection
//
// The map is equirectangular: x grows with longitude, y with latitude
// downwards, and longitudes are shortened by cos(φ0), where φ0 is the
// latitude of the frame's centre. At Syria's latitude (about 35°N) that
// keeps shapes and east–west distances close to true without the
// stretching of a plain lon/lat plot, which is all a country-sized map
// needs. The frame [west, south, east, north] plus Padding × its extent on
// each side is scaled to Options.Width user units; the height follows:
//
//	k      = cos(φ0)
//	scale  = Width / ((east−west)·k · (1 + 2·Padding))
//	x      = Padding·(east−west)·k·scale + (lon − west)·k·scale
//	y      = Padding·(north−south)·scale + (north − lat)·scale
//	height = (north−south)·(1 + 2·Padding)·scale
//
// Frames that cross the antimeridian are not supported.
//
// # Text sizes
//
// An SVG scales with the box it is shown in, and so does its text: labels
// sized for a desktop screen are a third as tall on a phone. A map is
// therefore drawn with one set of texts per Tier (labels, country names,
// the date, the scale's length), each sized for a range of displayed
// widths and placed on its own, and the stylesheet shows the set that
// fits the map's container (a CSS container query). A narrow screen gets
// fewer labels at a readable size rather than all of them too small to
// read; every mark keeps its name in its <title>.
//
// # Output
//
// Same input, same bytes: features are drawn in input order (neighbours
// before the focus, so its border is on top), points in a fixed sort order,
// and numbers with one decimal. Coordinates are rounded to 0.1 user unit and
// repeated points dropped; outlines reaching far outside the frame are cut
// just beyond the viewBox, so a large neighbour costs little.
package svgmap

import (
	"cmp"
	"encoding/xml"
	"math"
	"slices"
	"strings"
)

// Point is one mark on the map.
type Point struct {
	Lat, Lon float64
	Label    string // shown next to the mark
	Href     string // link target, written as given (e.g. "/cities/hama/"); empty: no link
	Color    string // CSS colour of the mark fill (already validated by the caller; still XML-escaped)
	Title    string // accessible name and tooltip (<title>); empty: the Label
	Class    string // extra CSS class on the mark's group, e.g. "held-by-hts"
	Key      string // written as data-key on the mark's group, for a script to find it
	Current  bool   // the highlighted point on a locator map
	Ring     bool   // circled with a dashed ring (e.g. changed hands lately)
	// Weight orders the labels: heavier points are labelled first when
	// labels compete for room (e.g. by population).
	Weight float64
}

// Shape is a filled area drawn over the countries and under the marks,
// such as a faction's area of control.
type Shape struct {
	// Polygons holds rings of [lon, lat] pairs, outer ring first; the
	// shape is filled even-odd, so holes need no winding convention.
	Polygons [][][][2]float64
	Fill     string // CSS colour (already validated by the caller; still XML-escaped)
	Class    string // extra CSS class
	Title    string // accessible description (<title>)
	Key      string // written as data-key, for a script to find it
	Hidden   bool   // drawn with display="none", for a script to show
	Dashed   bool   // a dashed edge: an approximate area
}

// Tier is one set of texts for a range of displayed widths. The first
// tier's texts are shown by default; the others carry display="none" and
// the stylesheet shows them by their Class when the map's container is
// narrow enough.
type Tier struct {
	Class  string  // CSS class on the tier's texts (empty for a single tier)
	Font   float64 // label font size in user units
	Radius float64 // mark radius in user units at this tier (the stylesheet sets it for later tiers)
}

// Stamp is the date written on the map, with an optional second line.
type Stamp struct {
	Text, Note string
	// Room is kept for this many characters on each line, for a script
	// that rewrites them (a longer date, a note that appears).
	TextRoom, NoteRoom int
}

// Options controls one drawing.
type Options struct {
	Width   int     // viewBox width in user units (e.g. 800); height follows from the projection; 0: 800
	Padding float64 // fraction of the frame's extent added on each side (e.g. 0.08); clamped to [0, 1]
	// Focus is [west, south, east, north] to frame. Nil (or an invalid box)
	// frames the features with role "focus" (all features if none) and
	// extends that to include every point. With Focus set, points outside
	// the viewBox are left out.
	Focus  *[4]float64
	Labels bool // draw text labels (city names, and neighbour names on full maps)
	// Locator is the small style for a city page: smaller marks, no country
	// names, and only the Current point labelled (if Labels is set). It is
	// meant for a Width of about 300.
	Locator bool
	Title   string // accessible title of the SVG (<title> + aria-labelledby); empty: "Map"
	ID      string // prefix for element ids, so two SVGs on one page do not clash; empty: "map"
	// Tiers are the text sizes, widest display first; none: one tier at
	// the look's default size.
	Tiers  []Tier
	Shapes []Shape
	Stamp  Stamp // empty Text: no date on the map
	Scale  bool  // draw a scale bar in kilometres
}

// look holds the sizes that differ between the full map and the locator.
type look struct {
	radius, currentRadius float64
	strokeWidth           float64
	fontSize              float64
	gap                   float64 // between mark and label
}

var (
	fullLook    = look{radius: 5, currentRadius: 7, strokeWidth: 1.5, fontSize: 13, gap: 3}
	locatorLook = look{radius: 3.5, currentRadius: 5, strokeWidth: 1, fontSize: 9, gap: 2}
)

const (
	fontFamily = "system-ui, sans-serif"
	// Country outlines are cut this far outside the viewBox so the cut
	// edges, and the stroke along them, stay out of sight.
	clipMargin = 4
	// Country names stay this far inside the viewBox edge.
	labelInset = 6
	// Average advance of a glyph in system-ui, as a fraction of the font
	// size; only used to keep estimated label boxes apart.
	glyphWidth     = 0.58
	countrySpacing = 1.5
	// The date is this much larger than the tier's labels.
	stampScale = 1.25
)

// tier is a Tier with what Draw works out for it.
type tier struct {
	Tier
	hidden    bool
	labels    []placed
	countries []placedCountry
	stamp     []stampLine
}

// Draw returns the SVG markup: a complete <svg> element, with no XML
// declaration and no width or height, for inline use in HTML. Labels that
// cannot be placed without covering another label or mark are left out (the
// mark's <title> still names the city), except on the Current point.
func (o *Outline) Draw(points []Point, opts Options) string {
	pts := validPoints(points)
	feats, _, pr, lk, tiers, fixed := o.layout(pts, opts)
	view := box{0, 0, pr.width, pr.height}

	marks := projectMarks(pts, pr, lk, tiers[0].Radius, view, fixed)

	id := sanitizeID(opts.ID)
	title := opts.Title
	if title == "" {
		title = "Map"
	}
	countries, paths := o.countries(feats, pr)
	shapes := projectShapes(opts.Shapes, pr)
	clip := len(shapes) > 0 && slices.ContainsFunc(countries, func(c country) bool { return c.f.Role == "focus" })

	// Where the date and the scale go: the emptiest corners, sized for
	// the tier with the largest text, which needs the most room.
	big := slices.MaxFunc(tiers, func(a, b tier) int { return cmp.Compare(a.Font, b.Font) }).Tier
	var stampAt, scaleAt corner = -1, -1
	var sc scaleBar
	if opts.Stamp.Text != "" {
		stampAt = pickCorner(marks, view, func(c corner) box { return stampBox(opts.Stamp, big, view, c) },
			[]corner{topLeft, topRight, bottomLeft, bottomRight}, -1)
	}
	if opts.Scale {
		sc = newScaleBar(pr)
		scaleAt = pickCorner(marks, view, func(c corner) box { return sc.box(big, view, c) },
			[]corner{bottomLeft, bottomRight, topLeft, topRight}, stampAt)
	}

	for i := range tiers {
		t := &tiers[i]
		labels := newBoxIndex(64)
		obstacles := newBoxIndex(64)
		for j := range marks {
			obstacles.add(marks[j].boxAt(t.Radius, lk))
		}
		if stampAt >= 0 {
			b := stampBox(opts.Stamp, t.Tier, view, stampAt)
			labels.add(b)
			t.stamp = stampLines(opts.Stamp, t.Tier, b, stampAt)
		}
		if scaleAt >= 0 {
			labels.add(sc.box(t.Tier, view, scaleAt))
		}
		if opts.Labels {
			t.labels = placeCityLabels(marks, labels, obstacles, view, lk, t.Tier, opts.Locator)
			if !opts.Locator {
				t.countries = placeCountryLabels(countries, labels, obstacles, view, t.Font)
			}
		}
	}

	var b strings.Builder
	b.Grow(16384 + 200*len(marks)*len(tiers))
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" class="map`)
	if opts.Locator {
		b.WriteString(` locator`)
	}
	b.WriteString(`" viewBox="0 0 ` + num(pr.width) + " " + num(pr.height))
	// A map whose marks are links is a group of links: an image's children
	// are presentational, and links inside one cannot be reached.
	role := "img"
	if slices.ContainsFunc(marks, func(m mark) bool { return m.href != "" }) {
		role = "group"
	}
	b.WriteString(`" preserveAspectRatio="xMidYMid meet" role="` + role + `" aria-labelledby="` + id + `-title">` + "\n")
	b.WriteString(`<title id="` + id + `-title">`)
	escape(&b, title)
	b.WriteString("</title>\n")

	if clip {
		writeClip(&b, countries, id)
	}
	writeCountries(&b, countries, paths, id, clip)
	writeShapes(&b, shapes, id, clip)
	for i := range tiers {
		writeCountryLabels(&b, &tiers[i])
	}
	writeMarks(&b, marks, lk)
	for i := range tiers {
		writeLabels(&b, marks, &tiers[i])
	}
	if stampAt >= 0 {
		for i := range tiers {
			writeStamp(&b, &tiers[i], stampAt)
		}
	}
	if scaleAt >= 0 {
		writeScale(&b, sc, tiers, view, scaleAt)
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// layout is what Draw and Apart work out first for the valid points pts:
// the features, the frame and its projection, the look, the text tiers,
// and whether the frame is the caller's Focus.
func (o *Outline) layout(pts []Point, opts Options) (feats []Feature, frame [4]float64, pr projection, lk look, tiers []tier, fixed bool) {
	if o != nil {
		feats = o.Features
	}
	width := opts.Width
	if width <= 0 {
		width = 800
	}
	pad := opts.Padding
	if !(pad >= 0) { // also catches NaN
		pad = 0
	}
	pad = math.Min(pad, 1)
	lk = fullLook
	if opts.Locator {
		lk = locatorLook
	}
	tiers = make([]tier, 0, max(1, len(opts.Tiers)))
	for i, t := range opts.Tiers {
		if !(t.Font > 0) || !(t.Radius > 0) {
			continue
		}
		tiers = append(tiers, tier{Tier: t, hidden: i > 0})
	}
	if len(tiers) == 0 {
		tiers = append(tiers, tier{Tier: Tier{Font: lk.fontSize, Radius: lk.radius}})
	}
	frame, fixed = chooseFrame(feats, pts, opts.Focus)
	return feats, frame, newProjection(frame, width, pad), lk, tiers, fixed
}

// Apart returns the indexes of the points, taken in order of preference,
// whose marks stand clear of each other: every Current point, then each
// other point unless its mark would touch one already taken, up to most
// points in all (0: no limit), in the order given. Points that Draw
// leaves out (no valid position, or outside a Focus) are not taken. It
// also returns the frame it judged them in, the one Draw would choose for
// all the points: drawn with it as Options.Focus, the points taken stand
// as clear as judged (a frame of those alone could be of another scale).
// It is for a map that shows a place among its neighbours: at a
// country's scale, villages a few kilometres apart are one blot.
func (o *Outline) Apart(points []Point, opts Options, most int) (taken []int, frame [4]float64) {
	// The frame depends on the points, not on their order: they are not
	// sorted as Draw sorts them.
	_, frame, pr, lk, tiers, fixed := o.layout(points, opts)
	view := box{0, 0, pr.width, pr.height}
	var boxes []box
	try := func(current bool) {
		for i := range points {
			p := &points[i]
			if p.Current != current || most > 0 && len(taken) >= most || !p.valid() {
				continue
			}
			b := placeMark(p, pr, lk, tiers[0].Radius).box
			if fixed && !b.overlaps(view) {
				continue
			}
			if !current && slices.ContainsFunc(boxes, b.overlaps) {
				continue
			}
			taken = append(taken, i)
			boxes = append(boxes, b)
		}
	}
	try(true)
	try(false)
	slices.Sort(taken)
	return taken, frame
}

// tierAttrs writes a tier's class and, for all but the first tier,
// display="none" (the stylesheet shows it where it fits).
func tierAttrs(b *strings.Builder, t *tier, class string) {
	b.WriteString(` class="`)
	b.WriteString(class)
	if t.Class != "" {
		b.WriteByte(' ')
		escape(b, t.Class)
	}
	b.WriteByte('"')
	if t.hidden {
		b.WriteString(` display="none"`)
	}
}

// escape writes text safe in both element content and quoted attributes;
// xml.EscapeText also replaces characters XML forbids.
func escape(b *strings.Builder, s string) {
	_ = xml.EscapeText(b, []byte(s))
}
