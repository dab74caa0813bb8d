package render

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"briefing/generator/resolve"
)

// TestNearest checks the search against what it replaces: a stable sort
// of every city by distance, cut to k. Coordinates are drawn from a small
// grid so that equal distances (ties) are common, or spread (some rounds)
// so that the search stops early; the city searched from may lie outside
// the others' extent.
func TestNearest(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 400 {
		n := rng.IntN(40)
		coord := func() float64 { return float64(rng.IntN(5)) }
		switch round % 4 {
		case 1:
			n = rng.IntN(2000)
			coord = func() float64 { return rng.Float64()*40 - 20 }
		case 2:
			n = rng.IntN(500)
			coord = func() float64 { return float64(rng.IntN(30)) / 4 }
		case 3: // on a line of latitude, many in one place
			n = rng.IntN(300)
			coord = func() float64 { return float64(rng.IntN(20) * rng.IntN(2)) }
		}
		var cities []*resolve.Entity
		for i := range n {
			c := &resolve.Entity{Name: strconv.Itoa(i)}
			if rng.IntN(5) > 0 {
				c.Coords = &resolve.Coords{Lat: coord(), Lon: coord()}
				if round%4 == 3 {
					c.Coords.Lat = 2
				}
			}
			cities = append(cities, c)
		}
		e := &resolve.Entity{Name: "here", Coords: &resolve.Coords{Lat: 2, Lon: 2}}
		if n > 0 && rng.IntN(2) == 0 && cities[0].Coords != nil {
			e = cities[0] // the city itself is in the list and left out
		}
		dist := func(c *resolve.Entity) float64 {
			dy, dx := c.Coords.Lat-e.Coords.Lat, c.Coords.Lon-e.Coords.Lon
			return dx*dx + dy*dy
		}
		for _, k := range []int{0, 1, 3, 12, locatorCandidates, 4 * locatorCandidates} {
			var want []*resolve.Entity
			for _, c := range cities {
				if c.Coords != nil && c != e {
					want = append(want, c)
				}
			}
			slices.SortStableFunc(want, func(a, b *resolve.Entity) int {
				da, db := dist(a), dist(b)
				switch {
				case da < db:
					return -1
				case da > db:
					return 1
				}
				return 0
			})
			want = want[:min(k, len(want))]
			got := newPlaces(cities).nearest(e, k)
			if len(got) != len(want) {
				t.Fatalf("round %d k=%d: %d cities, want %d", round, k, len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("round %d k=%d: city %d is %s, want %s", round, k, i, got[i].Name, want[i].Name)
				}
			}
		}
	}
}

// BenchmarkNearest finds the neighbours of every city, as the locators
// of a briefing's city pages do (the candidates, and four times as many
// where few stand apart), for a small and a ten times larger
// briefing with cities spread over the same map: the time per city should
// barely grow.
func BenchmarkNearest(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		for _, k := range []int{locatorCandidates, 4 * locatorCandidates} {
			b.Run(strconv.Itoa(n)+"/k="+strconv.Itoa(k), func(b *testing.B) {
				rng := rand.New(rand.NewPCG(1, 2))
				cities := make([]*resolve.Entity, n)
				for i := range cities {
					cities[i] = &resolve.Entity{Coords: &resolve.Coords{Lat: 32 + rng.Float64()*5.5, Lon: 35.5 + rng.Float64()*7}}
				}
				near := newPlaces(cities)
				b.ResetTimer()
				for b.Loop() {
					for _, c := range cities {
						near.nearest(c, k)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/city")
			})
		}
	}
}
