package svgmap

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// country is a feature projected and cut to the view.
type country struct {
	f     *Feature
	rings [][]pt // rounded to 0.1 unit, duplicates dropped
}

func projectCountries(feats []Feature, pr projection) []country {
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
			if !(box{x0, y0, x1, y1}).overlaps(clipBox(pr)) {
				continue
			}
			c := country{f: f, rings: projectRings(f.Rings, pr)}
			if len(c.rings) > 0 {
				out = append(out, c)
			}
		}
	}
	return out
}

// clipBox is the view with a margin: outlines are cut there.
func clipBox(pr projection) box {
	return box{-clipMargin, -clipMargin, pr.width + clipMargin, pr.height + clipMargin}
}

// projectRings projects rings, cuts them to the clip box and rounds them;
// rings left with fewer than three points are dropped.
func projectRings(rings [][][2]float64, pr projection) [][]pt {
	clip := clipBox(pr)
	var out [][]pt
	for _, ring := range rings {
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
			out = append(out, r)
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

// appendPath writes rings as SVG path data.
func appendPath(buf []byte, rings [][]pt) []byte {
	for _, r := range rings {
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
	return buf
}

// writeClip defines the focus countries as a clip path, so areas drawn a
// little past a border stop at it.
func writeClip(b *strings.Builder, countries []country, id string) {
	b.WriteString(`<defs><clipPath id="` + id + `-clip">`)
	for i, c := range countries {
		if c.f.Role == "focus" {
			b.WriteString(`<use href="#` + id + `-c` + strconv.Itoa(i) + `" clip-rule="evenodd"/>`)
		}
	}
	b.WriteString("</clipPath></defs>\n")
}

// writeCountries writes the outlines; with ids, each focus path gets one
// for the clip path to use.
func writeCountries(b *strings.Builder, countries []country, paths []string, id string, ids bool) {
	if len(countries) == 0 {
		return
	}
	b.WriteString(`<g class="countries" stroke-linejoin="round">` + "\n")
	for i, c := range countries {
		if c.f.Role == "focus" {
			b.WriteString(`<path class="country focus"`)
			if ids {
				b.WriteString(` id="` + id + `-c` + strconv.Itoa(i) + `"`)
			}
			b.WriteString(` fill="#e8e4da" stroke="#8a8577" stroke-width="0.8"`)
		} else {
			b.WriteString(`<path class="country neighbour" fill="#f4f2ec" stroke="#b8b2a3" stroke-width="0.5"`)
		}
		b.WriteString(` fill-rule="evenodd" data-name="`)
		escape(b, c.f.Name)
		b.WriteString(`" d="`)
		b.WriteString(paths[i])
		b.WriteString("\"/>\n")
	}
	b.WriteString("</g>\n")
}

// placedCountry is a neighbour's name put inside its visible part.
type placedCountry struct {
	name string
	x, y float64 // middle of the baseline
}

// placeCountryLabels names each neighbour at the most interior spot of its
// visible part that is clear of city marks and labels; a neighbour with too
// little showing gets no name.
func placeCountryLabels(countries []country, labels, obstacles *boxIndex, view box, font float64) []placedCountry {
	inset := box{view.x0 + labelInset, view.y0 + labelInset, view.x1 - labelInset, view.y1 - labelInset}
	var out []placedCountry
	for _, c := range countries {
		if c.f.Role == "focus" || c.f.Name == "" {
			continue
		}
		name := strings.ToUpper(c.f.Name)
		n := float64(utf8.RuneCountInString(name))
		tw := n*font*0.68 + (n-1)*countrySpacing
		th := font * 0.75

		var vis [][]pt
		for _, r := range c.rings {
			if r = clipRing(r, inset); len(r) >= 3 {
				vis = append(vis, r)
			}
		}
		if len(vis) == 0 {
			continue
		}
		bb := ptsBox(slices.Concat(vis...))
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
			out = append(out, placedCountry{name, cd.p.x, cd.p.y + th/2})
			break
		}
	}
	return out
}

func writeCountryLabels(b *strings.Builder, t *tier) {
	if len(t.countries) == 0 {
		return
	}
	b.WriteString(`<g`)
	tierAttrs(b, t, "country-labels")
	b.WriteString(` fill="#6b675c" font-family="` + fontFamily + `" font-size="` + num(t.Font) +
		`" letter-spacing="` + num(countrySpacing) + `" text-anchor="middle">` + "\n")
	for _, c := range t.countries {
		b.WriteString(`<text class="country-label" x="` + num(c.x) + `" y="` + num(c.y) + `">`)
		escape(b, c.name)
		b.WriteString("</text>\n")
	}
	b.WriteString("</g>\n")
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

// projKey identifies a projection: the same frame at the same size draws
// the same countries.
type projKey struct {
	pr        projection
	nFeatures int
}

type drawn struct {
	countries []country
	paths     []string
}

// countries projects the outlines and writes their path data, once per
// projection: every locator map of a briefing frames the same country, and
// projecting its outline a thousand times was most of the cost of a
// thousand city pages.
func (o *Outline) countries(feats []Feature, pr projection) ([]country, []string) {
	key := projKey{pr, len(feats)}
	if o != nil {
		o.mu.Lock()
		d, ok := o.drawn[key]
		o.mu.Unlock()
		if ok {
			return d.countries, d.paths
		}
	}
	cs := projectCountries(feats, pr)
	paths := make([]string, len(cs))
	var buf []byte
	for i, c := range cs {
		buf = appendPath(buf[:0], c.rings)
		paths[i] = string(buf)
	}
	if o != nil {
		o.mu.Lock()
		if o.drawn == nil {
			o.drawn = map[projKey]drawn{}
		}
		if len(o.drawn) < 64 { // a handful of map sizes per site
			o.drawn[key] = drawn{cs, paths}
		}
		o.mu.Unlock()
	}
	return cs, paths
}
