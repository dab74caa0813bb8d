package svgmap

import "math"

// projection maps lon/lat to SVG user units; see the package comment.
type projection struct {
	west, north float64 // frame corner, degrees
	k           float64 // cos(latitude of the frame's centre)
	scale       float64 // user units per degree of latitude
	padX, padY  float64 // user units
	width       float64
	height      float64
}

// Below this span a frame (one point, no outline) would divide by zero or
// zoom to street level; 0.2° is a town and its surroundings.
const minSpan = 0.2

func newProjection(frame [4]float64, width int, padding float64) projection {
	w, s, e, n := frame[0], frame[1], frame[2], frame[3]
	if e-w < minSpan {
		c := (w + e) / 2
		w, e = c-minSpan/2, c+minSpan/2
	}
	if n-s < minSpan {
		c := (s + n) / 2
		s, n = c-minSpan/2, c+minSpan/2
	}
	// Near the poles cos → 0 would flatten the map to a line.
	k := math.Max(math.Cos((s+n)/2*math.Pi/180), 0.05)
	spanX := (e - w) * k
	spanY := n - s
	scale := float64(width) / (spanX * (1 + 2*padding))
	return projection{
		west:   w,
		north:  n,
		k:      k,
		scale:  scale,
		padX:   padding * spanX * scale,
		padY:   padding * spanY * scale,
		width:  float64(width),
		height: spanY * (1 + 2*padding) * scale,
	}
}

func (p projection) xy(lon, lat float64) (x, y float64) {
	return p.padX + (lon-p.west)*p.k*p.scale, p.padY + (p.north-lat)*p.scale
}

type pt struct{ x, y float64 }

type box struct{ x0, y0, x1, y1 float64 }

func (a box) overlaps(b box) bool {
	return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
}

func (a box) inside(b box) bool {
	return a.x0 >= b.x0 && a.y0 >= b.y0 && a.x1 <= b.x1 && a.y1 <= b.y1
}

func ptsBox(r []pt) box {
	b := box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, p := range r {
		b.x0 = math.Min(b.x0, p.x)
		b.y0 = math.Min(b.y0, p.y)
		b.x1 = math.Max(b.x1, p.x)
		b.y1 = math.Max(b.y1, p.y)
	}
	return b
}

// clipRing cuts a ring to a rectangle (Sutherland–Hodgman). The result may
// run along the rectangle's edge where the ring left it; with the rectangle
// just outside the viewBox those edges are never seen.
func clipRing(r []pt, c box) []pt {
	type side struct {
		in func(pt) bool
		at func(a, b pt) pt
	}
	atX := func(x float64) func(a, b pt) pt {
		return func(a, b pt) pt { return pt{x, a.y + (b.y-a.y)*(x-a.x)/(b.x-a.x)} }
	}
	atY := func(y float64) func(a, b pt) pt {
		return func(a, b pt) pt { return pt{a.x + (b.x-a.x)*(y-a.y)/(b.y-a.y), y} }
	}
	sides := [4]side{
		{func(p pt) bool { return p.x >= c.x0 }, atX(c.x0)},
		{func(p pt) bool { return p.x <= c.x1 }, atX(c.x1)},
		{func(p pt) bool { return p.y >= c.y0 }, atY(c.y0)},
		{func(p pt) bool { return p.y <= c.y1 }, atY(c.y1)},
	}
	out := r
	for _, s := range sides {
		if len(out) == 0 {
			break
		}
		in := out
		out = make([]pt, 0, len(in)+4)
		prev := in[len(in)-1]
		for _, cur := range in {
			switch cin, pin := s.in(cur), s.in(prev); {
			case cin && pin:
				out = append(out, cur)
			case cin:
				out = append(out, s.at(prev, cur), cur)
			case pin:
				out = append(out, s.at(prev, cur))
			}
			prev = cur
		}
	}
	return out
}

// insideEvenOdd matches how the paths are filled.
func insideEvenOdd(rings [][]pt, p pt) bool {
	in := false
	for _, r := range rings {
		j := len(r) - 1
		for i := range r {
			a, b := r[i], r[j]
			if (a.y > p.y) != (b.y > p.y) && p.x < (b.x-a.x)*(p.y-a.y)/(b.y-a.y)+a.x {
				in = !in
			}
			j = i
		}
	}
	return in
}

func edgeDistance(rings [][]pt, p pt) float64 {
	best := math.Inf(1)
	for _, r := range rings {
		j := len(r) - 1
		for i := range r {
			best = math.Min(best, segDist2(p, r[j], r[i]))
			j = i
		}
	}
	return math.Sqrt(best)
}

func segDist2(p, a, b pt) float64 {
	dx, dy := b.x-a.x, b.y-a.y
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, ((p.x-a.x)*dx+(p.y-a.y)*dy)/l))
	}
	ex, ey := p.x-(a.x+t*dx), p.y-(a.y+t*dy)
	return ex*ex + ey*ey
}

// boxIndex answers "does this box overlap anything" in roughly constant
// time, so placing a thousand labels stays linear.
type boxIndex struct {
	cell  float64
	cells map[[2]int][]int
	boxes []box
}

func newBoxIndex(cell float64) *boxIndex {
	return &boxIndex{cell: cell, cells: map[[2]int][]int{}}
}

func (ix *boxIndex) span(b box) (x0, y0, x1, y1 int) {
	return int(math.Floor(b.x0 / ix.cell)), int(math.Floor(b.y0 / ix.cell)),
		int(math.Floor(b.x1 / ix.cell)), int(math.Floor(b.y1 / ix.cell))
}

func (ix *boxIndex) add(b box) {
	id := len(ix.boxes)
	ix.boxes = append(ix.boxes, b)
	x0, y0, x1, y1 := ix.span(b)
	for cx := x0; cx <= x1; cx++ {
		for cy := y0; cy <= y1; cy++ {
			k := [2]int{cx, cy}
			ix.cells[k] = append(ix.cells[k], id)
		}
	}
}

// hits reports whether any box other than skip overlaps q.
func (ix *boxIndex) hits(q box, skip int) bool {
	x0, y0, x1, y1 := ix.span(q)
	for cx := x0; cx <= x1; cx++ {
		for cy := y0; cy <= y1; cy++ {
			for _, id := range ix.cells[[2]int{cx, cy}] {
				if id != skip && ix.boxes[id].overlaps(q) {
					return true
				}
			}
		}
	}
	return false
}
