package build

import (
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"briefing/generator/diag"
)

// TestPlaceOutsideOutline: a place's coords far outside the map's outline
// are an error where they are written, as an area's positions are. Before,
// a slip of one digit put Hama in Kenya, and a briefing on Sudan drew its
// towns in the empty space below a map of Syria, with no word from check.
func TestPlaceOutsideOutline(t *testing.T) {
	for _, tc := range []struct {
		name, coords string
		want, hint   string // "" want: no problem
	}{
		{"a digit lost", "[3.5, 36.75]", "coords [3.5, 36.75] lie 2,861 km outside the map's outline (Syria, Iraq, Israel, Jordan, Lebanon, Turkey)",
			"the map's outline is the theme's, of Syria and its neighbours: for a briefing elsewhere, name your own in site.yaml as map: {outline: FILE}"},
		{"London", "[51.5, -0.12]", "coords [51.5, -0.12] lie ", "the map's outline is the theme's"},
		{"swapped", "[28, 38]", "coords [28, 38] lie ", "the numbers look swapped: coords are [latitude, longitude]"},
		// Arwad, an island 3 km off Tartus, and a town on the border:
		// the outline's 1:50m coast and borders are a few km off.
		{"an island", "[34.856, 35.858]", "", ""},
		{"in a neighbour", "[37.066, 37.383]", "", ""}, // Gaziantep, in Turkey
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := mini(t, nil)
			hama := fsys["content/cities/hama.md"]
			hama.Data = []byte(strings.Replace(string(hama.Data), "coords: [35.135, 36.750]", "coords: "+tc.coords, 1))
			_, diags := Build(fsys, Options{Theme: repo})
			if tc.want == "" {
				if len(diags) > 0 {
					t.Fatalf("a place near the outline is refused:\n%s", diags)
				}
				return
			}
			var got *diag.Diagnostic
			for i := range diags {
				if strings.Contains(diags[i].Msg, "outside the map's outline") {
					got = &diags[i]
				}
			}
			if got == nil || len(diags) != 1 {
				t.Fatalf("want one problem, the place outside the outline; got:\n%s", diags)
			}
			if got.Path != "content/cities/hama.md" || got.Line != 4 || got.Col != 9 {
				t.Errorf("the problem is at %s:%d:%d, want content/cities/hama.md:4:9 (the coords)", got.Path, got.Line, got.Col)
			}
			if !strings.HasPrefix(got.Msg, tc.want) {
				t.Errorf("message %q, want it to start %q", got.Msg, tc.want)
			}
			if !strings.HasPrefix(got.Hint, tc.hint) {
				t.Errorf("hint %q, want %q", got.Hint, tc.hint)
			}
		})
	}
}

// TestPlaceOutsideOwnOutline: a site that replaces the theme's outline
// file in its static/ has an outline of its own: a place outside it is
// an error without the hint about the theme's Syria.
func TestPlaceOutsideOwnOutline(t *testing.T) {
	fsys := mini(t, nil)
	box := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Sudan"},"geometry":{"type":"Polygon","coordinates":[[[22,9],[38,9],[38,22],[22,22],[22,9]]]}}]}`
	fsys[DefaultOutline] = &fstest.MapFile{Data: []byte(box)}
	for _, p := range []string{"content/cities/hama.md", "content/cities/homs.md", "content/cities/aleppo.md"} {
		if f := fsys[p]; f != nil {
			f.Data = []byte(regexp.MustCompile(`coords: \[[^\]]*\]`).ReplaceAllString(string(f.Data), "coords: [15.5, 32.5]"))
		}
	}
	hama := fsys["content/cities/hama.md"]
	hama.Data = []byte(strings.Replace(string(hama.Data), "coords: [15.5, 32.5]", "coords: [4.85, 31.6]", 1))
	_, diags := Build(fsys, Options{Theme: repo})
	if len(diags) != 1 || !strings.Contains(diags[0].Msg, "outside the map's outline (Sudan)") || diags[0].Hint != "" {
		t.Fatalf("want one problem, Hama outside Sudan, with no hint about the theme's outline; got:\n%s", diags)
	}
}
