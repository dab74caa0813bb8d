package svgmap

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// mark is a point ready to write.
type mark struct {
	p    *Point
	x, y float64
	r    float64 // radius at the first tier
	box  box     // the circle with its stroke, at the first tier
	href string
}

// ringGap is how far the "changed" ring sits outside the mark;
// ringStroke is its line's width, and currentStroke how much wider the
// Current mark's outline is than the others'.
const (
	ringGap       = 4
	ringStroke    = 1.5
	currentStroke = 0.5
)

// boxAt is the mark's box at a tier's radius, ring and outline included.
func (m *mark) boxAt(radius float64, lk look) box {
	r := radius
	stroke := lk.strokeWidth
	if m.p.Current {
		r = radius * lk.currentRadius / lk.radius
		stroke += currentStroke
	}
	if m.p.Ring {
		r += ringGap
		stroke = ringStroke
	}
	e := r + stroke/2
	return box{m.x - e, m.y - e, m.x + e, m.y + e}
}

// valid reports whether a point has a position on the globe.
func (p *Point) valid() bool {
	return finite(p.Lat) && finite(p.Lon) && math.Abs(p.Lat) <= 90 && math.Abs(p.Lon) <= 180
}

// validPoints is the valid points, in drawing order.
func validPoints(points []Point) []Point {
	pts := make([]Point, 0, len(points))
	for i := range points {
		if points[i].valid() {
			pts = append(pts, points[i])
		}
	}
	// Sorting on every field makes the output independent of input order.
	slices.SortStableFunc(pts, func(a, b Point) int {
		return cmp.Or(cmp.Compare(b.Lat, a.Lat), cmp.Compare(a.Lon, b.Lon), strings.Compare(a.Label, b.Label),
			strings.Compare(a.Href, b.Href), strings.Compare(a.Title, b.Title), strings.Compare(a.Color, b.Color),
			strings.Compare(a.Class, b.Class), strings.Compare(a.Key, b.Key), boolCompare(a.Ring, b.Ring),
			cmp.Compare(a.Weight, b.Weight), boolCompare(a.Current, b.Current))
	})
	return pts
}

// boolCompare orders false before true.
func boolCompare(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
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
	for _, f := range framed(feats) {
		grow(f.BBox)
	}
	for i := range pts {
		// Apart frames its candidates as given, without a copy of the
		// valid ones: those off the globe are skipped here.
		if p := &pts[i]; p.valid() {
			grow([4]float64{p.Lon, p.Lat, p.Lon, p.Lat})
		}
	}
	if math.IsInf(frame[0], 0) {
		// Nothing to frame: show the world rather than fail.
		return [4]float64{-180, -85, 180, 85}, false
	}
	return frame, false
}

// framed is the features with role "focus", or all of them when none
// is: what a map frames, and what an area must lie in.
func framed(feats []Feature) []Feature {
	var focus []Feature
	for _, f := range feats {
		if f.Role == "focus" {
			focus = append(focus, f)
		}
	}
	if len(focus) == 0 {
		return feats
	}
	return focus
}

func projectMarks(pts []Point, pr projection, lk look, radius float64, view box, fixed bool) []mark {
	marks := make([]mark, 0, len(pts))
	for i := range pts {
		m := placeMark(&pts[i], pr, lk, radius)
		if fixed && !m.box.overlaps(view) {
			continue
		}
		m.href = safeHref(m.p.Href)
		marks = append(marks, m)
	}
	return marks
}

// placeMark is p's mark where pr puts it, at the first tier's radius,
// without its link.
func placeMark(p *Point, pr projection, lk look, radius float64) mark {
	m := mark{p: p, r: radius}
	m.x, m.y = pr.xy(p.Lon, p.Lat)
	if p.Current {
		m.r = radius * lk.currentRadius / lk.radius
	}
	m.box = m.boxAt(radius, lk)
	return m
}

// placed is a label put beside its mark, or a little away from it with a
// leader line from the mark (x0, y0) to the label (x1, y1).
type placed struct {
	mark           int
	x, y           float64 // text anchor point, baseline
	anchor         string
	leader         bool
	x0, y0, x1, y1 float64
}

// leaders is how many of the heaviest places (and only those at least a
// tenth as heavy as the heaviest) may take a label away from their mark,
// joined by a line, when every spot beside it is covered. In a cluster of
// villages round a city (Hama and the towns taken with it) the city would
// otherwise go unnamed while its villages are named.
const leaders = 6

// placeCityLabels places one tier's labels greedily: the Current point
// first, then the heaviest, then the sort order, each trying right, left,
// above and below its mark, and taking the first spot inside the view that
// covers no other label or mark. Marks are obstacles too because a later
// city's circle would paint over the text.
func placeCityLabels(marks []mark, labels, obstacles *boxIndex, view box, lk look, t Tier, locator bool) []placed {
	order := make([]int, 0, len(marks))
	for i := range marks {
		if marks[i].p.Current {
			order = append(order, i)
		}
	}
	if !locator {
		rest := make([]int, 0, len(marks))
		for i := range marks {
			if !marks[i].p.Current {
				rest = append(rest, i)
			}
		}
		sort.SliceStable(rest, func(a, b int) bool { return marks[rest[a]].p.Weight > marks[rest[b]].p.Weight })
		order = append(order, rest...)
	}
	fs := t.Font
	asc, desc := 0.74*fs, 0.24*fs
	const halo = 1
	var heaviest float64
	for _, i := range order {
		heaviest = max(heaviest, marks[i].p.Weight)
	}
	var out []placed
nextMark:
	for rank, i := range order {
		m := &marks[i]
		if m.p.Label == "" {
			continue
		}
		tw := float64(utf8.RuneCountInString(m.p.Label)) * fs * glyphWidth
		if m.p.Current {
			tw *= 1.08 // bold
		}
		mb := m.boxAt(t.Radius, lk)
		off := (mb.x1-mb.x0)/2 - lk.strokeWidth/2 + lk.gap
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
		if best < 0 && (m.p.Current || rank < leaders && m.p.Weight*10 >= heaviest) {
			// Further out to the right, left, then above and below, the
			// line running from the mark's edge to the label's.
			for _, d := range []float64{1.5 * fs, 3 * fs, 4.5 * fs} {
				for _, f := range [4]placed{
					{x: m.x + off + d, y: by, anchor: "start", x0: m.x + off - lk.gap, y0: m.y, x1: m.x + off + d - 2, y1: m.y},
					{x: m.x - off - d, y: by, anchor: "end", x0: m.x - off + lk.gap, y0: m.y, x1: m.x - off - d + 2, y1: m.y},
					{x: m.x, y: ay - d, anchor: "middle", x0: m.x, y0: m.y - off + lk.gap, x1: m.x, y1: ay - d + desc + 1},
					{x: m.x, y: uy + d, anchor: "middle", x0: m.x, y0: m.y + off - lk.gap, x1: m.x, y1: uy + d - asc - 1},
				} {
					x0 := f.x
					switch f.anchor {
					case "end":
						x0 -= tw
					case "middle":
						x0 -= tw / 2
					}
					b := box{x0 - halo, f.y - asc - halo, x0 + tw + halo, f.y + desc + halo}
					if b.inside(view) && !labels.hits(b, -1) && !obstacles.hits(b, i) {
						f.mark, f.leader = i, true
						labels.add(b)
						out = append(out, f)
						continue nextMark
					}
				}
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
		out = append(out, placed{mark: i, x: c.x, y: c.y, anchor: c.anchor})
	}
	// Written in mark order, so the output does not depend on who won.
	sort.Slice(out, func(a, b int) bool { return out[a].mark < out[b].mark })
	return out
}

func writeMarks(b *strings.Builder, marks []mark, lk look) {
	if len(marks) == 0 {
		return
	}
	b.WriteString(`<g class="cities">` + "\n")
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
	if p.Ring {
		b.WriteString(` changed`)
	}
	b.WriteByte('"')
	if p.Key != "" {
		b.WriteString(` data-key="`)
		escape(b, p.Key)
		b.WriteByte('"')
	}
	b.WriteByte('>')
	title := p.Title
	if title == "" {
		title = p.Label
	}
	if title != "" {
		b.WriteString(`<title>`)
		escape(b, title)
		b.WriteString(`</title>`)
	}
	if p.Ring {
		writeRing(b, m.x, m.y, m.r)
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
		b.WriteString(num(lk.strokeWidth + currentStroke))
	} else {
		b.WriteString(`" stroke="#fff" stroke-width="`)
		b.WriteString(num(lk.strokeWidth))
	}
	b.WriteString(`"/></g>`)
	if m.href != "" {
		b.WriteString(`</a>`)
	}
	b.WriteByte('\n')
}

// writeRing draws the dashed ring of a point that changed. A script that
// moves the map through time draws the same element (static/js/map.js).
func writeRing(b *strings.Builder, x, y, r float64) {
	b.WriteString(`<circle class="ring" cx="` + num(x) + `" cy="` + num(y) + `" r="` + num(r+ringGap) +
		`" fill="none" stroke="#1b1b1b" stroke-width="` + num(ringStroke) + `" stroke-dasharray="3 2"/>`)
}

// writeLabels writes one tier's labels, each a link to the mark's page
// kept out of the tab order and hidden from assistive technology: the
// mark before it is the same link, named by its title.
func writeLabels(b *strings.Builder, marks []mark, t *tier) {
	if len(t.labels) == 0 {
		return
	}
	b.WriteString(`<g`)
	tierAttrs(b, t, "labels")
	b.WriteString(` font-family="` + fontFamily + `" font-size="` + num(t.Font))
	// A halo keeps names readable over borders, areas and other marks.
	b.WriteString(`" fill="#1b1b1b" stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke" aria-hidden="true">` + "\n")
	for _, l := range t.labels {
		m := &marks[l.mark]
		if l.leader {
			b.WriteString(`<line x1="` + num(l.x0) + `" y1="` + num(l.y0) + `" x2="` + num(l.x1) + `" y2="` + num(l.y1) + `" stroke="#1b1b1b" stroke-width="1"/>`)
		}
		if m.href != "" {
			b.WriteString(`<a href="`)
			escape(b, m.href)
			b.WriteString(`" tabindex="-1">`)
		}
		b.WriteString(`<text x="`)
		b.WriteString(num(l.x))
		b.WriteString(`" y="`)
		b.WriteString(num(l.y))
		b.WriteByte('"')
		if l.anchor != "start" {
			b.WriteString(` text-anchor="`)
			b.WriteString(l.anchor)
			b.WriteByte('"')
		}
		if m.p.Current {
			b.WriteString(` font-weight="bold"`)
		}
		b.WriteByte('>')
		escape(b, m.p.Label)
		b.WriteString(`</text>`)
		if m.href != "" {
			b.WriteString(`</a>`)
		}
		b.WriteByte('\n')
	}
	b.WriteString("</g>\n")
}

// safeHref drops links whose scheme is anything but http or https.
// Browsers ignore leading spaces and control characters and tabs or
// newlines anywhere in a URL, so "\x01java\tscript:" is javascript: too.
func safeHref(href string) string {
	s := strings.TrimLeftFunc(href, func(r rune) bool { return r <= ' ' })
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
