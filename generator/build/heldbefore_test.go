package build

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestHeldBefore: a control timeline that starts with the faction already
// there (`held_before: true`, the editor's "held before and throughout")
// says so wherever the row is read (the page, the map, the timeline),
// and its date is no change of hands:
// not a stop of the map's time control. Before, Hama's first row read
// "held by the government since 15 March 2011", as if taken that day.
func TestHeldBefore(t *testing.T) {
	homs := "---\nname: Homs\ncoords: [34.73, 36.71]\ncontrol:\n  - date: 2011-03-15\n    faction: saa\n    source: afp\n    held_before: true\n---\n"
	res, diags := Build(mini(t, map[string]string{"content/cities/homs.md": homs}), Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	files := all(t, res)
	page := string(files["cities/homs/index.html"])
	for _, want := range []string{
		`<tr class="current"><td>before <time datetime="2011-03-15">15 March 2011</time>`,
		"since before 15 March 2011",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("Homs's page lacks %q", want)
		}
	}
	// The timeline files it under its date as no event of that day.
	timeline := string(files["timeline/index.html"])
	if !strings.Contains(timeline, "Homs already held by Syrian Arab Army, since before this day") || strings.Contains(timeline, "Homs held by") {
		t.Error("the timeline reads the row as if Homs were taken on its date")
	}
	mapPage := string(files["map/index.html"])
	if !strings.Contains(mapPage, "Homs: held by Syrian Arab Army since before 15 March 2011") {
		t.Error("the map's mark for Homs does not say it was held before the timeline starts")
	}
	m := regexp.MustCompile(`(?s)<script type="application/json" id="map-data">(.*?)</script>`).FindStringSubmatch(mapPage)
	if m == nil {
		t.Fatal("no map data on the map page")
	}
	var data struct {
		Stops  []string `json:"stops"`
		Places [][2]any `json:"places"`
	}
	if err := json.Unmarshal([]byte(m[1]), &data); err != nil {
		t.Fatal(err)
	}
	// Both places start on 15 March 2011, both held already: no stop.
	if slices.Contains(data.Stops, "2011-03-15") {
		t.Errorf("stops %v include the date the timelines start", data.Stops)
	}
	for _, p := range data.Places {
		if p[0] == "Homs" {
			if got, _ := json.Marshal(p[1]); string(got) != `[[-1,1,"2011-03-15"]]` {
				t.Errorf("Homs's runs %s, want one held before 2011-03-15", got)
			}
		}
	}
}
