package build

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"briefing/generator/render/rendertest"
)

// manyPlaces is a briefing of n places, each with changes control entries
// spread over days distinct dates.
func manyPlaces(t *testing.T, n, changes, days int) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{
		"site.yaml":              {Data: []byte("title: Many\nbase_url: https://example.org/\nas_of: 2030-01-01\n")},
		"content/sources/a.md":   {Data: []byte("---\nname: A\n---\n")},
		"content/factions/f0.md": {Data: []byte("---\nname: F0\ncolor: \"#2e7d32\"\n---\n")},
		"content/factions/f1.md": {Data: []byte("---\nname: F1\ncolor: \"#c62828\"\n---\n")},
		"content/articles/r.md":  {Data: []byte("---\ntitle: R\ndate: 2024-01-01\n---\nText.\n")},
	}
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	k := 0
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "---\nname: Place %d\ncoords: [%.3f, %.3f]\ncontrol:\n", i, 33+float64(i%40)*0.1, 36+float64(i/40)*0.1)
		for j := range changes {
			d := start.AddDate(0, 0, (k%days)*(3000/days))
			k++
			fmt.Fprintf(&b, "  - {date: %s, faction: f%d, source: a}\n", d.Format("2006-01-02"), j%2)
		}
		b.WriteString("---\n")
		fsys[fmt.Sprintf("content/cities/p%d.md", i)] = &fstest.MapFile{Data: []byte(b.String())}
	}
	return fsys
}

// TestMapDataGrowsWithChanges: the map page ships each place's history
// once, so its size grows with places, changes and dates, never with
// dates times places (a frame per date would be 200 places × 1,000 dates).
func TestMapDataGrowsWithChanges(t *testing.T) {
	const places, changes = 200, 5
	size := func(days int) (page, data int) {
		res, diags := Build(manyPlaces(t, places, changes, days), Options{Theme: repo})
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		html := string(rendertest.File(res.Tree, "map/index.html"))
		m := regexp.MustCompile(`<script type="application/json" id="map-data">(.*?)</script>`).FindStringSubmatch(html)
		if m == nil {
			t.Fatal("no map data")
		}
		if n := strings.Count(m[1], `"`+"20"); n < days {
			t.Errorf("%d dates in the data, want %d or more", n, days)
		}
		return len(html), len(m[1])
	}
	page5, data5 := size(5)
	page1000, data1000 := size(1000)
	// The same places and changes on 1,000 dates instead of 5: only the
	// list of dates grows ("2020-01-01", 13 bytes each).
	if extra := data1000 - data5; extra > 14*(1000-5)+places*changes*3 {
		t.Errorf("the data grows by %d bytes from 5 to 1,000 dates: more than the dates themselves", extra)
	}
	if extra := page1000 - page5; extra > 14*(1000-5)+places*changes*3+places*120 {
		t.Errorf("the map page grows by %d bytes from 5 to 1,000 dates", extra)
	}
	// And in all: bounded by places, changes and dates.
	if limit := 24*places + 10*places*changes + 14*1000 + 1000; data1000 > limit {
		t.Errorf("%d bytes of data for %d places, %d changes, 1,000 dates (limit %d)", data1000, places, places*changes, limit)
	}
	t.Logf("map data: %d bytes on 5 dates, %d on 1,000; page %d and %d", data5, data1000, page5, page1000)
}
