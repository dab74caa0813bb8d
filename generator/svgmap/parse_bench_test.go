package svgmap

import (
	"fmt"
	"strings"
	"testing"
)

// bigGeoJSON is a collection of n features, each a polygon of one closed
// ring of m positions.
func bigGeoJSON(n, m int) []byte {
	var b strings.Builder
	b.WriteString(`{"type":"FeatureCollection","features":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"type":"Feature","properties":{"name":"F%d"},"geometry":{"type":"Polygon","coordinates":[[`, i)
		for j := range m {
			if j > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "[%.5f,%.5f]", 36+float64(j%m)/float64(m), 35+float64(i)/float64(n))
		}
		fmt.Fprintf(&b, ",[%.5f,%.5f]]]}}", 36.0, 35+float64(i)/float64(n))
	}
	b.WriteString("]}")
	return []byte(b.String())
}

func BenchmarkParse(b *testing.B) {
	data := bigGeoJSON(200, 500)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseArea(b *testing.B) {
	data := bigGeoJSON(200, 500)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ParseArea(data); err != nil {
			b.Fatal(err)
		}
	}
}
