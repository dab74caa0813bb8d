package build

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// militarySites are the places in content/cities that are bases or an
// airport, not towns: they have no residents, so no population. The test
// names them, checks that their type says what they are (or pages would
// call them cities), and that none of them is given a population, which
// could only be invented.
var militarySites = map[string]bool{
	"aleppo-airport":    true,
	"base-46":           true,
	"hama-air-base":     true,
	"kuweires-air-base": true,
}

// noCensus is the sentence a town's page must carry when it has no
// population: the briefing uses one series, the 2004 census, and a village
// with no figure of its own in it goes without rather than borrow its
// subdistrict's or an estimate's. Matched on the body with its whitespace
// collapsed, so the sentence may wrap anywhere.
var noCensus = regexp.MustCompile(`No 2004 census figure was found for the (village|town) itself[.:]`)

// offensiveStart is the first day of the offensive: every place's control
// timeline must say who held it by then, so the map of that day is right.
var offensiveStart = time.Date(2024, 11, 27, 0, 0, 0, 0, time.UTC)

// TestShippedPlaces pins the quality of the shipped briefing's places (issue
// 19): each has coordinates inside Syria, a control timeline whose every row
// has a source and whose first row shows the holder before the offensive,
// and, towns, a population from the one series the briefing uses or a
// sentence saying that none was found.
func TestShippedPlaces(t *testing.T) {
	b := buildShipped(t, Options{}).Briefing // the pages' text is read
	cities := b.Group("cities")
	if cities == nil || len(cities.Entities) < 17 {
		t.Fatalf("want the five cities and at least twelve places of the offensive, got %v", cities)
	}
	series := map[int64]int{} // population year -> places
	var seriesSource string
	for _, e := range cities.Entities {
		d := e
		if d.Coords == nil {
			t.Errorf("%s: no coordinates", d.Key)
		} else if c := *d.Coords; c.Lat < 32.3 || c.Lat > 37.4 || c.Lon < 35.6 || c.Lon > 42.4 {
			t.Errorf("%s: coordinates %v are outside Syria", d.Key, c)
		}

		if len(e.Control) == 0 {
			t.Errorf("%s: no control timeline", d.Key)
		}
		for i, c := range e.Control {
			if c.Source == nil {
				t.Errorf("%s: control[%d] (%s) has no source", d.Key, i, c.Date)
			}
			if c.Faction == nil {
				t.Errorf("%s: control[%d] (%s) has no faction", d.Key, i, c.Date)
			}
			if c.Note == "" {
				t.Errorf("%s: control[%d] (%s) has no note saying what the date means", d.Key, i, c.Date)
			}
		}
		if len(e.Control) > 0 && e.Control[0].Date.After(offensiveStart) {
			t.Errorf("%s: first control row is dated %s; it must say who held the place before the offensive of %s",
				d.Key, e.Control[0].Date, offensiveStart.Format(time.DateOnly))
		}

		if militarySites[d.Slug] {
			if d.Type == "" || d.Type == "city" || d.Type == "town" {
				t.Errorf("%s: a military site's type is %q: pages call it a %s", d.Key, d.Type, d.What())
			}
			if d.Population != 0 || d.PopulationYear != 0 || e.PopulationSource != nil {
				t.Errorf("%s: a military site has no residents, yet has population %d (%d)", d.Key, d.Population, d.PopulationYear)
			}
			continue
		}
		saysNone := noCensus.MatchString(strings.Join(strings.Fields(d.Text), " "))
		if d.Population == 0 && d.PopulationYear == 0 && e.PopulationSource == nil {
			if !saysNone {
				t.Errorf("%s: no population, and the page does not say so: want the sentence %q", d.Key, noCensus)
			}
			continue
		}
		if saysNone {
			t.Errorf("%s: has population %d (%d), yet says no census figure was found", d.Key, d.Population, d.PopulationYear)
		}
		if d.Population <= 0 || d.PopulationYear == 0 || e.PopulationSource == nil {
			src := "none"
			if e.PopulationSource != nil {
				src = e.PopulationSource.Key
			}
			t.Errorf("%s: population %d, year %d, source %s: want all three", d.Key, d.Population, d.PopulationYear, src)
			continue
		}
		series[d.PopulationYear]++
		if seriesSource == "" {
			seriesSource = e.PopulationSource.Key
		} else if e.PopulationSource.Key != seriesSource {
			t.Errorf("%s: population from %s, the others from %s: want one series", d.Key, e.PopulationSource.Key, seriesSource)
		}
	}
	if len(series) != 1 {
		t.Errorf("populations come from years %v: want one series, one year", series)
	}
	for slug := range militarySites {
		if b.Page("cities/"+slug) == nil {
			t.Errorf("militarySites names cities/%s, which does not exist", slug)
		}
	}
}

// TestShippedClaimSources pins the rule the editor's review asked for: a
// claim shows sources only when they back its verdict. A claim nothing
// could be found for is unverified, and its sources are not listed as if
// they had reported it (the note says what was searched).
func TestShippedClaimSources(t *testing.T) {
	b := checkShipped(t).Briefing
	for _, c := range b.Claims {
		if len(c.Sources) == 0 && c.Status != "unverified" {
			t.Errorf("claim %q is %s with no source", c.Quote, c.Status)
		}
		if c.NoteText == "" {
			t.Errorf("claim %q has no note", c.Quote)
		}
	}
	for _, quote := range []string{
		// The untraceable speakers and every sentence put in their mouths.
		"said Abu Mohammed, a rebel commander",
		"Our forces stormed Hama from multiple directions, overwhelming government defenses",
		"We've liberated the city and its people from Assad's grip.",
		"Military analyst Dr. Sarah Johnson commented",
		"Hama's capture significantly alters the balance of power in Syria. It gives rebels control over a vital transportation hub and threatens the regime's ability to maintain supply lines to the north.",
		"We're deeply concerned about the safety of civilians in Hama and surrounding areas",
		"All parties must prioritize civilian protection and allow safe passage for those seeking to flee the violence.",
		// The photo caption: the celebrations are reported, but the photo
		// was never seen, so nothing is listed as its source.
		"Syrian rebel forces celebrating their victory in the city of Hama.",
	} {
		found := false
		for _, c := range b.Claims {
			if c.Quote != quote {
				continue
			}
			found = true
			if c.Status != "unverified" || len(c.Sources) != 0 {
				t.Errorf("claim %q: %s with %d sources, want unverified with none", quote, c.Status, len(c.Sources))
			}
		}
		if !found {
			t.Errorf("claim %q is not annotated", quote)
		}
	}
}

// TestClaimQuotesAsPrinted: a claim's quote is shown, wherever it is
// listed, as the article prints the words it matched (its curly
// apostrophes), not as typed in YAML: "the exact text of the article"
// must read so beside the highlighted passage.
func TestClaimQuotesAsPrinted(t *testing.T) {
	files := all(t, buildShipped(t, Options{}))
	for _, page := range []string{"articles/hama-falls/index.html", "claims/index.html", "cities/hama/index.html", "timeline/index.html"} {
		html := string(files[page])
		if !strings.Contains(html, "“Syria’s fourth-largest city") {
			t.Errorf("%s does not quote the article as printed (Syria’s)", page)
		}
		if strings.Contains(html, "Syria's fourth-largest") {
			t.Errorf("%s quotes the YAML's straight apostrophe", page)
		}
	}
}

// TestShippedLocatorsApart: on every place's page, the locator map shows
// the place and its neighbours with no two marks (outlines and rings
// included) touching. The places
// round Hama are a few kilometres apart, and at the scale of Syria they
// used to pile up into one blot over the place itself.
func TestShippedLocatorsApart(t *testing.T) {
	res := buildShipped(t, Options{})
	locator := regexp.MustCompile(`(?s)<svg [^>]*class="map locator".*?</svg>`)
	mark := regexp.MustCompile(`<circle class="(?:mark|ring)" cx="([-\d.]+)" cy="([-\d.]+)" r="([\d.]+)"[^>]*?stroke-width="([\d.]+)"`)
	places := res.Briefing.Group("cities").Entities
	neighbours := 0
	for _, e := range places {
		page, err := res.Tree.Get(strings.TrimPrefix(e.URL, "/") + "index.html")
		if err != nil {
			t.Fatal(err)
		}
		svg := locator.Find(page)
		if svg == nil {
			t.Errorf("%s: no locator map", e.Key)
			continue
		}
		var marks [][4]float64
		for _, m := range mark.FindAllSubmatch(svg, -1) {
			var c [4]float64
			for i := range c {
				c[i], _ = strconv.ParseFloat(string(m[i+1]), 64)
			}
			marks = append(marks, c)
		}
		// The place itself: the one mark outlined in black, titled with
		// its name and who holds it.
		current := regexp.MustCompile(`<title>([^<:]*):[^<]*</title>(?:<circle class="ring"[^>]*>)?<circle class="mark"[^>]*stroke="#1b1b1b"`).FindAllSubmatch(svg, -1)
		if len(current) != 1 || string(current[0][1]) != e.Name {
			t.Errorf("%s: the locator does not show the place itself as its one outlined mark", e.Key)
		}
		neighbours += strings.Count(string(svg), `class="mark"`) - 1
		for i, a := range marks {
			for _, b := range marks[:i] {
				if a[0] == b[0] && a[1] == b[1] {
					continue // a mark and its ring
				}
				if d := math.Hypot(a[0]-b[0], a[1]-b[1]); d < a[2]+b[2]+(a[3]+b[3])/2 {
					t.Errorf("%s: marks at (%g, %g) and (%g, %g) touch", e.Key, a[0], a[1], b[0], b[1])
				}
			}
		}
	}
	// Apart, but not alone: most pages still show neighbours.
	if neighbours < 2*len(places) {
		t.Errorf("%d neighbours on %d locators: want at least two a page on average", neighbours, len(places))
	}
}

// TestLocatorDenseBriefing: in a briefing dense with villages, where the
// forty places nearest a town all sit too close to show apart, its
// locator looks further for neighbours that do.
func TestLocatorDenseBriefing(t *testing.T) {
	src := fstest.MapFS{
		"site.yaml":              {Data: []byte("title: Dense\nbase_url: https://example.org/\nas_of: 2024-12-06\n")},
		"content/cities/town.md": {Data: []byte("---\nname: Town\ncoords: [35.1, 36.75]\n---\nThe town.\n")},
	}
	// Sixty villages within 4 km of the town, and twelve towns far off.
	for i := range 60 {
		lat, lon := 35.1+0.035*math.Cos(float64(i)), 36.75+0.035*math.Sin(float64(i))
		src[fmt.Sprintf("content/cities/village-%d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\nname: Village %d\ncoords: [%.4f, %.4f]\n---\nA village.\n", i, lat, lon))}
	}
	for i := range 12 {
		lat, lon := 33+0.3*float64(i%4), 37.5+0.6*float64(i/4)
		src[fmt.Sprintf("content/cities/far-%d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\nname: Far %d\ncoords: [%.4f, %.4f]\n---\nA town.\n", i, lat, lon))}
	}
	res, diags := Build(src, Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	page, err := res.Tree.Get("cities/town/index.html")
	if err != nil {
		t.Fatal(err)
	}
	svg := regexp.MustCompile(`(?s)<svg [^>]*class="map locator".*?</svg>`).Find(page)
	if n := bytes.Count(svg, []byte(`class="mark"`)); n < 6 {
		t.Errorf("the town's locator shows %d marks, want it and at least five neighbours", n)
	}
}
