// Package svgmap draws the site's maps at build time: it takes a GeoJSON
// file of country outlines (Parse) and a list of cities with coordinates
// (Point), and gives back a self-contained inline <svg> element (Draw) with
// one path per country and one linked, labelled mark per city. No tiles, no
// network, no scripts, and no styles: the site's stylesheet styles the
// classes, and presentation attributes keep the map readable without it.
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
// # Output
//
// Same input, same bytes: features are drawn in input order (neighbours
// before the focus, so its border is on top), points in a fixed sort order,
// and numbers with one decimal. Coordinates are rounded to 0.1 user unit and
// repeated points dropped; outlines reaching far outside the frame are cut
// just beyond the viewBox, so a large neighbour costs little.
package svgmap

import (
	"encoding/xml"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Point is one mark on the map.
type Point struct {
	Lat, Lon float64
	Label    string // shown next to the mark
	Href     string // link target, written as given (e.g. "/cities/hama/"); empty: no link
	Color    string // CSS colour of the mark fill (already validated by the caller; still XML-escaped)
	Title    string // tooltip text (<title>); empty: the Label
	Class    string // extra CSS class on the mark's group, e.g. "held-by-hts"
	Current  bool   // the highlighted point on a locator map
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
	countryFont    = 11
	countrySpacing = 1.5
)

// Draw returns the SVG markup: a complete <svg> element, with no XML
// declaration and no width or height, for inline use in HTML. Labels that
// cannot be placed without covering another label or mark are left out (the
// mark's <title> still names the city), except on the Current point.
func (o *Outline) Draw(points []Point, opts Options) string {
	var feats []Feature
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
	lk := fullLook
	if opts.Locator {
		lk = locatorLook
	}
	pts := validPoints(points)
	frame, fixed := chooseFrame(feats, pts, opts.Focus)
	pr := newProjection(frame, width, pad)
	view := box{0, 0, pr.width, pr.height}

	marks := projectMarks(pts, pr, lk, view, fixed)

	id := sanitizeID(opts.ID)
	title := opts.Title
	if title == "" {
		title = "Map"
	}

	var b strings.Builder
	b.Grow(16384 + 320*len(marks))
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" class="map`)
	if opts.Locator {
		b.WriteString(` locator`)
	}
	b.WriteString(`" viewBox="0 0 `)
	b.WriteString(num(pr.width))
	b.WriteByte(' ')
	b.WriteString(num(pr.height))
	b.WriteString(`" preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby="`)
	b.WriteString(id)
	b.WriteString(`-title">` + "\n")
	b.WriteString(`<title id="`)
	b.WriteString(id)
	b.WriteString(`-title">`)
	escape(&b, title)
	b.WriteString("</title>\n")

	countries, markup := o.countries(feats, pr)
	b.WriteString(markup)

	labels := newBoxIndex(64)
	obstacles := newBoxIndex(64)
	for i := range marks {
		obstacles.add(marks[i].box)
	}
	if opts.Labels {
		placeCityLabels(marks, labels, obstacles, view, lk, opts.Locator)
	}
	if opts.Labels && !opts.Locator {
		writeCountryLabels(&b, countries, labels, obstacles, view)
	}
	writeMarks(&b, marks, lk)
	b.WriteString("</svg>\n")
	return b.String()
}

func validPoints(points []Point) []Point {
	pts := make([]Point, 0, len(points))
	for _, p := range points {
		if finite(p.Lat) && finite(p.Lon) && math.Abs(p.Lat) <= 90 && math.Abs(p.Lon) <= 180 {
			pts = append(pts, p)
		}
	}
	// Sorting on every field makes the output independent of input order.
	sort.SliceStable(pts, func(i, j int) bool {
		a, b := &pts[i], &pts[j]
		switch {
		case a.Lat != b.Lat:
			return a.Lat > b.Lat
		case a.Lon != b.Lon:
			return a.Lon < b.Lon
		case a.Label != b.Label:
			return a.Label < b.Label
		case a.Href != b.Href:
			return a.Href < b.Href
		case a.Title != b.Title:
			return a.Title < b.Title
		case a.Color != b.Color:
			return a.Color < b.Color
		case a.Class != b.Class:
			return a.Class < b.Class
		}
		return !a.Current && b.Current
	})
	return pts
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// chooseFrame reports fixed=true when the caller's Focus is used as is.
func chooseFrame(feats []Feature, pts []Point, focus *[4]float64) (frame [4]float64, fixed bool) {
	if focus != nil {
		f := *focus
		if finite(f[0]) && finite(f[1]) && finite(f[2]) && finite(f[3]) &&
			f[0] < f[2] && f[1] < f[3] && f[0] >= -180 && f[2] <= 180 && f[1] >= -90 && f[3] <= 90 {
			return f, true
		}
	}
	frame = [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	grow := func(b [4]float64) {
		frame[0] = math.Min(frame[0], b[0])
		frame[1] = math.Min(frame[1], b[1])
		frame[2] = math.Max(frame[2], b[2])
		frame[3] = math.Max(frame[3], b[3])
	}
	anyFocus := false
	for _, f := range feats {
		if f.Role == "focus" {
			anyFocus = true
			grow(f.BBox)
		}
	}
	if !anyFocus {
		for _, f := range feats {
			grow(f.BBox)
		}
	}
	for _, p := range pts {
		grow([4]float64{p.Lon, p.Lat, p.Lon, p.Lat})
	}
	if math.IsInf(frame[0], 0) {
		// Nothing to frame: show the world rather than fail.
		return [4]float64{-180, -85, 180, 85}, false
	}
	return frame, false
}

// country is a feature projected and cut to the view.
type country struct {
	f     *Feature
	rings [][]pt // rounded to 0.1 unit, duplicates dropped
}

func projectCountries(feats []Feature, pr projection) []country {
	clip := box{-clipMargin, -clipMargin, pr.width + clipMargin, pr.height + clipMargin}
	var out []country
	// Two passes put neighbours first, so the focus border is drawn on top.
	for _, focus := range []bool{false, true} {
		for i := range feats {
			f := &feats[i]
			if (f.Role == "focus") != focus {
				continue
			}
			x0, y0 := pr.xy(f.BBox[0], f.BBox[3])
			x1, y1 := pr.xy(f.BBox[2], f.BBox[1])
			if !(box{x0, y0, x1, y1}).overlaps(clip) {
				continue
			}
			c := country{f: f}
			for _, ring := range f.Rings {
				r := make([]pt, len(ring))
				for j, ll := range ring {
					r[j].x, r[j].y = pr.xy(ll[0], ll[1])
				}
				rb := ptsBox(r)
				if !rb.overlaps(clip) {
					continue
				}
				if !rb.inside(clip) {
					r = clipRing(r, clip)
				}
				if r = roundRing(r); len(r) >= 3 {
					c.rings = append(c.rings, r)
				}
			}
			if len(c.rings) > 0 {
				out = append(out, c)
			}
		}
	}
	return out
}

// roundRing rounds in place and drops points that rounding made repeat,
// including a closing point equal to the first (Z closes the ring).
func roundRing(r []pt) []pt {
	out := r[:0]
	for _, p := range r {
		p = pt{round1(p.x), round1(p.y)}
		if len(out) > 0 && out[len(out)-1] == p {
			continue
		}
		out = append(out, p)
	}
	for len(out) > 1 && out[len(out)-1] == out[0] {
		out = out[:len(out)-1]
	}
	return out
}

func round1(v float64) float64 {
	v = math.Round(v*10) / 10
	if v == 0 {
		return 0 // no -0
	}
	return v
}

func writeCountries(b *strings.Builder, countries []country) {
	if len(countries) == 0 {
		return
	}
	b.WriteString(`<g class="countries" stroke-linejoin="round">` + "\n")
	var buf []byte
	for _, c := range countries {
		if c.f.Role == "focus" {
			b.WriteString(`<path class="country focus" fill="#e8e4da" stroke="#8a8577" stroke-width="0.8"`)
		} else {
			b.WriteString(`<path class="country neighbour" fill="#f4f2ec" stroke="#b8b2a3" stroke-width="0.5"`)
		}
		b.WriteString(` fill-rule="evenodd" data-name="`)
		escape(b, c.f.Name)
		b.WriteString(`" d="`)
		buf = buf[:0]
		for _, r := range c.rings {
			for j, p := range r {
				switch j {
				case 0:
					buf = append(buf, 'M')
				case 1:
					buf = append(buf, 'L')
				default:
					buf = append(buf, ' ')
				}
				buf = appendNum(buf, p.x)
				buf = append(buf, ' ')
				buf = appendNum(buf, p.y)
			}
			buf = append(buf, 'Z')
		}
		b.Write(buf)
		b.WriteString("\"/>\n")
	}
	b.WriteString("</g>\n")
}

// writeCountryLabels names each neighbour at the most interior spot of its
// visible part that is clear of city marks and labels; a neighbour with too
// little showing gets no name.
func writeCountryLabels(b *strings.Builder, countries []country, labels, obstacles *boxIndex, view box) {
	inset := box{view.x0 + labelInset, view.y0 + labelInset, view.x1 - labelInset, view.y1 - labelInset}
	started := false
	for _, c := range countries {
		if c.f.Role == "focus" || c.f.Name == "" {
			continue
		}
		name := strings.ToUpper(c.f.Name)
		n := float64(utf8.RuneCountInString(name))
		tw := n*countryFont*0.68 + (n-1)*countrySpacing
		th := countryFont * 0.75

		var vis [][]pt
		for _, r := range c.rings {
			if r = clipRing(r, inset); len(r) >= 3 {
				vis = append(vis, r)
			}
		}
		if len(vis) == 0 {
			continue
		}
		bb := box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
		for _, r := range vis {
			rb := ptsBox(r)
			bb = box{math.Min(bb.x0, rb.x0), math.Min(bb.y0, rb.y0), math.Max(bb.x1, rb.x1), math.Max(bb.y1, rb.y1)}
		}
		if bb.x1-bb.x0 < tw || bb.y1-bb.y0 < 3*th {
			continue
		}
		type cand struct {
			p pt
			d float64
		}
		var cands []cand
		const grid = 24
		step := math.Max(bb.x1-bb.x0, bb.y1-bb.y0) / grid
		for y := bb.y0 + step/2; y < bb.y1; y += step {
			for x := bb.x0 + step/2; x < bb.x1; x += step {
				p := pt{x, y}
				if insideEvenOdd(vis, p) {
					cands = append(cands, cand{p, edgeDistance(vis, p)})
				}
			}
		}
		sort.SliceStable(cands, func(i, j int) bool { return cands[i].d > cands[j].d })
		for _, cd := range cands {
			if cd.d < th {
				break
			}
			lb := box{cd.p.x - tw/2, cd.p.y - th/2, cd.p.x + tw/2, cd.p.y + th/2}
			if !lb.inside(inset) || !boxInside(vis, lb) ||
				labels.hits(lb, -1) || obstacles.hits(lb, -1) {
				continue
			}
			labels.add(lb)
			if !started {
				b.WriteString(`<g class="country-labels" fill="#8a8577" font-family="` + fontFamily + `" font-size="` +
					num(countryFont) + `" letter-spacing="` + num(countrySpacing) + `" text-anchor="middle">` + "\n")
				started = true
			}
			b.WriteString(`<text class="country-label" x="`)
			b.WriteString(num(cd.p.x))
			b.WriteString(`" y="`)
			b.WriteString(num(cd.p.y + th/2))
			b.WriteString(`">`)
			escape(b, name)
			b.WriteString("</text>\n")
			break
		}
	}
	if started {
		b.WriteString("</g>\n")
	}
}

// boxInside checks the corners and edge midpoints: enough for a short label
// over a country-sized shape.
func boxInside(rings [][]pt, b box) bool {
	mx, my := (b.x0+b.x1)/2, (b.y0+b.y1)/2
	for _, p := range [...]pt{{b.x0, b.y0}, {b.x1, b.y0}, {b.x0, b.y1}, {b.x1, b.y1}, {mx, b.y0}, {mx, b.y1}, {b.x0, my}, {b.x1, my}} {
		if !insideEvenOdd(rings, p) {
			return false
		}
	}
	return true
}

// mark is a point ready to write.
type mark struct {
	p      *Point
	x, y   float64
	r      float64
	box    box // the circle with its stroke
	href   string
	label  bool
	lx, ly float64
	anchor string
}

func projectMarks(pts []Point, pr projection, lk look, view box, fixed bool) []mark {
	marks := make([]mark, 0, len(pts))
	for i := range pts {
		p := &pts[i]
		x, y := pr.xy(p.Lon, p.Lat)
		r := lk.radius
		if p.Current {
			r = lk.currentRadius
		}
		m := mark{p: p, x: x, y: y, r: r, href: safeHref(p.Href)}
		e := r + lk.strokeWidth/2
		m.box = box{x - e, y - e, x + e, y + e}
		if fixed && !m.box.overlaps(view) {
			continue
		}
		marks = append(marks, m)
	}
	return marks
}

// placeCityLabels places greedily: the Current point first, then the sort
// order, each trying right, left, above and below its mark, and taking the
// first spot inside the view that covers no other label or mark. Marks are
// obstacles too because a later city's circle would paint over the text.
func placeCityLabels(marks []mark, labels, obstacles *boxIndex, view box, lk look, locator bool) {
	order := make([]int, 0, len(marks))
	for i := range marks {
		if marks[i].p.Current {
			order = append(order, i)
		}
	}
	for i := range marks {
		if !marks[i].p.Current && !locator {
			order = append(order, i)
		}
	}
	fs := lk.fontSize
	asc, desc := 0.74*fs, 0.24*fs
	const halo = 1
	for _, i := range order {
		m := &marks[i]
		if m.p.Label == "" {
			continue
		}
		tw := float64(utf8.RuneCountInString(m.p.Label)) * fs * glyphWidth
		if m.p.Current {
			tw *= 1.08 // bold
		}
		off := m.r + lk.gap
		type cand struct {
			x, y   float64 // text anchor point, baseline
			anchor string
			b      box
		}
		by := m.y + 0.35*fs
		ay := m.y - off - desc
		uy := m.y + off + asc
		cands := [4]cand{
			{m.x + off, by, "start", box{m.x + off, by - asc, m.x + off + tw, by + desc}},
			{m.x - off, by, "end", box{m.x - off - tw, by - asc, m.x - off, by + desc}},
			{m.x, ay, "middle", box{m.x - tw/2, ay - asc, m.x + tw/2, ay + desc}},
			{m.x, uy, "middle", box{m.x - tw/2, uy - asc, m.x + tw/2, uy + desc}},
		}
		best := -1
		for k := range cands {
			c := &cands[k]
			c.b = box{c.b.x0 - halo, c.b.y0 - halo, c.b.x1 + halo, c.b.y1 + halo}
			if c.b.inside(view) && !labels.hits(c.b, -1) && !obstacles.hits(c.b, i) {
				best = k
				break
			}
		}
		if best < 0 {
			if !m.p.Current {
				continue
			}
			best = 0
			for k := range cands {
				if cands[k].b.inside(view) {
					best = k
					break
				}
			}
		}
		c := cands[best]
		labels.add(c.b)
		m.label, m.lx, m.ly, m.anchor = true, c.x, c.y, c.anchor
	}
}

func writeMarks(b *strings.Builder, marks []mark, lk look) {
	if len(marks) == 0 {
		return
	}
	b.WriteString(`<g class="cities" font-family="` + fontFamily + `" font-size="` + num(lk.fontSize) + `">` + "\n")
	// Current points last, so nothing covers them.
	for _, current := range []bool{false, true} {
		for i := range marks {
			if marks[i].p.Current == current {
				writeMark(b, &marks[i], lk)
			}
		}
	}
	b.WriteString("</g>\n")
}

func writeMark(b *strings.Builder, m *mark, lk look) {
	p := m.p
	if m.href != "" {
		b.WriteString(`<a href="`)
		escape(b, m.href)
		b.WriteString(`">`)
	}
	b.WriteString(`<g class="city`)
	if p.Class != "" {
		b.WriteByte(' ')
		escape(b, p.Class)
	}
	if p.Current {
		b.WriteString(` current`)
	}
	b.WriteString(`">`)
	title := p.Title
	if title == "" {
		title = p.Label
	}
	if title != "" {
		b.WriteString(`<title>`)
		escape(b, title)
		b.WriteString(`</title>`)
	}
	color := p.Color
	if color == "" {
		color = "#555"
	}
	b.WriteString(`<circle class="mark" cx="`)
	b.WriteString(num(m.x))
	b.WriteString(`" cy="`)
	b.WriteString(num(m.y))
	b.WriteString(`" r="`)
	b.WriteString(num(m.r))
	b.WriteString(`" fill="`)
	escape(b, color)
	if p.Current {
		b.WriteString(`" stroke="#1b1b1b" stroke-width="`)
		b.WriteString(num(lk.strokeWidth + 0.5))
	} else {
		b.WriteString(`" stroke="#fff" stroke-width="`)
		b.WriteString(num(lk.strokeWidth))
	}
	b.WriteString(`"/>`)
	if m.label {
		b.WriteString(`<text class="label" x="`)
		b.WriteString(num(m.lx))
		b.WriteString(`" y="`)
		b.WriteString(num(m.ly))
		b.WriteString(`"`)
		if m.anchor != "start" {
			b.WriteString(` text-anchor="`)
			b.WriteString(m.anchor)
			b.WriteString(`"`)
		}
		if p.Current {
			b.WriteString(` font-weight="bold"`)
		}
		// A white halo keeps names readable over borders and other marks.
		b.WriteString(` fill="#1b1b1b" stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">`)
		escape(b, p.Label)
		b.WriteString(`</text>`)
	}
	b.WriteString(`</g>`)
	if m.href != "" {
		b.WriteString(`</a>`)
	}
	b.WriteByte('\n')
}

// safeHref drops links whose scheme is anything but http or https.
// Browsers ignore leading spaces and control characters and tabs or
// newlines anywhere in a URL, so "\x01java\tscript:" is javascript: too.
func safeHref(href string) string {
	s := strings.TrimLeft(href, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"+
		"\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x20")
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s)
	if s == "" {
		return ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ':':
			if i == 0 {
				return "" // ":foo" is no URL anyone means
			}
			scheme := strings.ToLower(s[:i])
			if scheme == "http" || scheme == "https" {
				return href
			}
			return ""
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return href // a path before any ':' – relative, no scheme
		}
	}
	return href
}

// sanitizeID keeps ids to characters safe in an id and in the
// space-separated aria-labelledby list.
func sanitizeID(id string) string {
	if id == "" {
		return "map"
	}
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
			return r
		}
		return '-'
	}, id)
}

// escape writes text safe in both element content and quoted attributes;
// xml.EscapeText also replaces characters XML forbids.
func escape(b *strings.Builder, s string) {
	_ = xml.EscapeText(b, []byte(s))
}

func num(v float64) string {
	return string(appendNum(nil, v))
}

// appendNum formats with one decimal, without a trailing ".0" or a "-0".
func appendNum(buf []byte, v float64) []byte {
	start := len(buf)
	buf = strconv.AppendFloat(buf, v, 'f', 1, 64)
	if n := len(buf); buf[n-2] == '.' && buf[n-1] == '0' {
		buf = buf[:n-2]
	}
	if string(buf[start:]) == "-0" {
		buf = append(buf[:start], '0')
	}
	return buf
}

// projKey identifies a projection: the same frame at the same size draws
// the same countries.
type projKey struct {
	pr        projection
	nFeatures int
}

type drawn struct {
	countries []country
	markup    string
}

// countries projects and writes the outlines, once per projection: every
// locator map of a briefing frames the same country, and projecting its
// outline a thousand times was most of the cost of a thousand city pages.
func (o *Outline) countries(feats []Feature, pr projection) ([]country, string) {
	key := projKey{pr, len(feats)}
	if o != nil {
		o.mu.Lock()
		d, ok := o.drawn[key]
		o.mu.Unlock()
		if ok {
			return d.countries, d.markup
		}
	}
	cs := projectCountries(feats, pr)
	var b strings.Builder
	writeCountries(&b, cs)
	if o != nil {
		o.mu.Lock()
		if o.drawn == nil {
			o.drawn = map[projKey]drawn{}
		}
		if len(o.drawn) < 64 { // a handful of map sizes per site
			o.drawn[key] = drawn{cs, b.String()}
		}
		o.mu.Unlock()
	}
	return cs, b.String()
}
