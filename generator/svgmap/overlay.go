package svgmap

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// corner is where the date or the scale bar sits.
type corner int

const (
	topLeft corner = iota
	topRight
	bottomLeft
	bottomRight
)

func (c corner) right() bool  { return c == topRight || c == bottomRight }
func (c corner) bottom() bool { return c == bottomLeft || c == bottomRight }

// inset is the space between the map's edge and what sits in a corner,
// the same for every tier so the scale bar does not move.
func inset(view box) float64 { return math.Round((view.x1-view.x0)*0.012*10) / 10 }

// at puts a box of size w×h in corner c of the view.
func at(view box, c corner, w, h float64) box {
	in := inset(view)
	x0, y0 := view.x0+in, view.y0+in
	if c.right() {
		x0 = view.x1 - in - w
	}
	if c.bottom() {
		y0 = view.y1 - in - h
	}
	return box{x0, y0, x0 + w, y0 + h}
}

// pickCorner takes the corner, in order of preference, whose box covers
// the fewest marks, other than the one already taken.
func pickCorner(marks []mark, view box, boxAt func(corner) box, prefs []corner, taken corner) corner {
	best, bestN := corner(-1), math.MaxInt
	for _, c := range prefs {
		if c == taken {
			continue
		}
		b := boxAt(c)
		n := 0
		for i := range marks {
			if marks[i].box.overlaps(b) {
				n++
			}
		}
		if n < bestN {
			best, bestN = c, n
		}
	}
	return best
}

// stampLine is one line of the date written on the map.
type stampLine struct {
	class, text string
	x, y, font  float64
	bold        bool
}

func stampChars(s Stamp) (text, note int) {
	return max(utf8.RuneCountInString(s.Text), s.TextRoom), max(utf8.RuneCountInString(s.Note), s.NoteRoom)
}

// stampBox is the room the date takes at a tier, in corner c.
func stampBox(s Stamp, t Tier, view box, c corner) box {
	tc, nc := stampChars(s)
	df := t.Font * stampScale
	w := math.Max(float64(tc)*df*glyphWidth*1.08, float64(nc)*t.Font*glyphWidth)
	h := df
	if nc > 0 {
		h += t.Font * 1.2
	}
	return at(view, c, w+2, h+2)
}

func stampLines(s Stamp, t Tier, b box, c corner) []stampLine {
	df := t.Font * stampScale
	x := b.x0 + 1
	if c.right() {
		x = b.x1 - 1
	}
	y := b.y0 + 1 + df*0.8
	lines := []stampLine{{"map-date", s.Text, x, y, df, true}}
	if _, nc := stampChars(s); nc > 0 {
		lines = append(lines, stampLine{"map-note", s.Note, x, y + t.Font*1.2, t.Font, false})
	}
	return lines
}

func writeStamp(b *strings.Builder, t *tier, c corner) {
	b.WriteString(`<g`)
	tierAttrs(b, t, "map-stamp")
	b.WriteString(` font-family="` + fontFamily + `" fill="#1b1b1b" stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"`)
	if c.right() {
		b.WriteString(` text-anchor="end"`)
	}
	b.WriteString(">\n")
	for _, l := range t.stamp {
		b.WriteString(`<text class="` + l.class + `" x="` + num(l.x) + `" y="` + num(l.y) + `" font-size="` + num(l.font) + `"`)
		if l.bold {
			b.WriteString(` font-weight="bold"`)
		}
		b.WriteByte('>')
		escape(b, l.text)
		b.WriteString("</text>\n")
	}
	b.WriteString("</g>\n")
}

// scaleBar is a bar of a round number of kilometres.
type scaleBar struct {
	km     float64
	length float64 // user units
}

// kmPerDegree is the length of a degree of latitude (and, on this
// projection, of cos(φ0) degrees of longitude), in kilometres.
const kmPerDegree = 111.32

// newScaleBar picks the round length (1, 2 or 5 times a power of ten)
// closest below a fifth of the map's width.
func newScaleBar(pr projection) scaleBar {
	kmPerUnit := kmPerDegree / pr.scale
	target := pr.width * 0.2 * kmPerUnit
	p := math.Pow(10, math.Floor(math.Log10(target)))
	km := p
	for _, m := range []float64{2, 5, 10} {
		if m*p <= target {
			km = m * p
		}
	}
	return scaleBar{km: km, length: km / kmPerUnit}
}

func (s scaleBar) label() string {
	return strconv.FormatFloat(s.km, 'f', -1, 64) + " km"
}

func (s scaleBar) box(t Tier, view box, c corner) box {
	tw := float64(utf8.RuneCountInString(s.label())) * t.Font * glyphWidth
	return at(view, c, math.Max(s.length, tw)+2, t.Font+8)
}

// writeScale writes the bar with its length above it, per tier.
func writeScale(b *strings.Builder, s scaleBar, tiers []tier, view box, c corner) {
	for i := range tiers {
		t := &tiers[i]
		bx := s.box(t.Tier, view, c)
		x0 := bx.x0 + 1
		if c.right() {
			x0 = bx.x1 - 1 - s.length
		}
		y := bx.y1 - 1
		b.WriteString(`<g`)
		tierAttrs(b, t, "scale")
		b.WriteString(` font-family="` + fontFamily + `" font-size="` + num(t.Font) + `">` + "\n")
		bar := "M" + num(x0) + " " + num(y-5) + "V" + num(y) + "H" + num(x0+s.length) + "V" + num(y-5)
		// The halo under the bar keeps it visible on any ground.
		b.WriteString(`<path class="scale-halo" d="` + bar + `" fill="none" stroke="#fff" stroke-width="4" stroke-linejoin="round" vector-effect="non-scaling-stroke"/>` + "\n")
		b.WriteString(`<path class="scale-bar" d="` + bar + `" fill="none" stroke="#1b1b1b" stroke-width="1.5" stroke-linejoin="round" vector-effect="non-scaling-stroke"/>` + "\n")
		text := `<text x="` + num(x0) + `"`
		if c.right() {
			text = `<text x="` + num(x0+s.length) + `" text-anchor="end"`
		}
		b.WriteString(text + ` y="` + num(y-8) + `" fill="#1b1b1b" stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">`)
		b.WriteString(s.label() + "</text>\n</g>\n")
	}
}

// drawnShape is a shape projected and cut to the view.
type drawnShape struct {
	s     *Shape
	rings [][]pt
}

func projectShapes(shapes []Shape, pr projection) []drawnShape {
	var out []drawnShape
	for i := range shapes {
		s := &shapes[i]
		var rings [][]pt
		for _, poly := range s.Polygons {
			rings = append(rings, projectRings(poly, pr)...)
		}
		if len(rings) > 0 {
			out = append(out, drawnShape{s, rings})
		}
	}
	return out
}

// writeShapes draws the areas translucent, so the land and borders show
// through, and clipped to the focus countries when there are any.
func writeShapes(b *strings.Builder, shapes []drawnShape, id string, clip bool) {
	if len(shapes) == 0 {
		return
	}
	b.WriteString(`<g class="areas"`)
	if clip {
		b.WriteString(` clip-path="url(#` + id + `-clip)"`)
	}
	b.WriteString(` stroke-linejoin="round">` + "\n")
	var buf []byte
	for _, d := range shapes {
		s := d.s
		b.WriteString(`<path class="area`)
		if s.Class != "" {
			b.WriteByte(' ')
			escape(b, s.Class)
		}
		b.WriteByte('"')
		if s.Key != "" {
			b.WriteString(` data-key="`)
			escape(b, s.Key)
			b.WriteByte('"')
		}
		fill := s.Fill
		if fill == "" {
			fill = "#555"
		}
		b.WriteString(` fill="`)
		escape(b, fill)
		b.WriteString(`" fill-opacity="0.3" stroke="`)
		escape(b, fill)
		b.WriteString(`" stroke-width="1.2"`)
		if s.Dashed {
			b.WriteString(` stroke-dasharray="6 4"`)
		}
		if s.Hidden {
			b.WriteString(` display="none"`)
		}
		b.WriteString(` fill-rule="evenodd" d="`)
		buf = appendPath(buf[:0], d.rings)
		b.Write(buf)
		b.WriteByte('"')
		if s.Title != "" {
			b.WriteString(`><title>`)
			escape(b, s.Title)
			b.WriteString("</title></path>\n")
		} else {
			b.WriteString("/>\n")
		}
	}
	b.WriteString("</g>\n")
}
