package build

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"briefing/generator/render/rendertest"
)

// viewsBriefing has a city whose controller changes after the as-of date
// and one without coordinates.
func viewsBriefing(t *testing.T) *Result {
	t.Helper()
	fsys := mini(t, map[string]string{
		"content/cities/aleppo.md": `---
name: Aleppo
coords: [36.217, 37.167]
control:
  - {date: 2016-12-22, faction: saa, source: afp}
  - {date: 2024-11-30, faction: hts, source: afp}
  - {date: 2024-12-20, faction: saa, source: afp, note: after as_of}
---
`,
	})
	res, diags := Build(fsys, Options{Theme: repo})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	return res
}

func TestMapColoursAsOf(t *testing.T) {
	res := viewsBriefing(t)
	page := string(rendertest.File(res.Tree, "map/index.html"))
	// Aleppo is held by HTS (green) on 2024-12-06, though the army is back
	// on 2024-12-20; Hama changed hands on 2024-12-05.
	for city, colour := range map[string]string{"Aleppo": "#2e7d32", "Hama": "#2e7d32"} {
		re := regexp.MustCompile(`<title>` + city + `: [^<]*</title>(?:<circle class="ring"[^>]*/>)?<circle class="mark"[^>]* fill="([^"]+)"`)
		m := re.FindStringSubmatch(page)
		if m == nil || m[1] != colour {
			t.Errorf("%s mark: %v, want fill %s", city, m, colour)
		}
	}
	if !strings.Contains(page, "Aleppo: held by Hayat Tahrir al-Sham since 30 November 2024") {
		t.Error("Aleppo's tooltip does not give the controller as of the briefing's date")
	}
	// Homs has no coordinates: listed beside the map, not dropped.
	if !strings.Contains(page, "Cities without coordinates") || !strings.Contains(page, `href="../cities/homs/"`) {
		t.Error("Homs (no coordinates) is not listed beside the map")
	}
	// The legend counts cities per faction as of the date.
	if !strings.Contains(page, `Hayat Tahrir al-Sham</a> <span class="muted count">(2 places)`) {
		t.Error("legend count for HTS")
	}
	// Who holds each place is said in words too: the map tells the
	// holders apart by colour alone, which a screen reader, a reader who
	// cannot tell the colours apart and a grey printer lose.
	holders := regexp.MustCompile(`(?s)<h2 id="holders-h">.*?</section>`).FindString(page)
	if want := `<li><a href="../factions/hts/" dir="auto">Hayat Tahrir al-Sham</a> <span class="muted">2 places</span>: <a href="../cities/aleppo/" dir="auto">Aleppo</a>, <a href="../cities/hama/" dir="auto">Hama</a></li>`; !strings.Contains(holders, want) {
		t.Errorf("the list of holders lacks HTS's cities:\n%s", holders)
	}
}

func TestTimelineOrder(t *testing.T) {
	res := viewsBriefing(t)
	var dates []string
	for _, d := range res.Briefing.Timeline {
		dates = append(dates, d.Date.String())
		for _, it := range d.Items {
			if !it.Date.Equal(d.Date.Time) {
				t.Errorf("%s: item %q of %s", d.Date, it.Title, it.Date)
			}
		}
	}
	for i := 1; i < len(dates); i++ {
		if dates[i-1] >= dates[i] {
			t.Errorf("timeline days not one per date, in order: %v", dates)
			break
		}
	}
	page := string(rendertest.File(res.Tree, "timeline/index.html"))
	// Within a day: changes of control, then articles, each article with
	// its claims folded into one line that opens to the list.
	i := strings.Index(page, `id="d-2024-12-05"`)
	day := page[i:]
	day = day[:strings.Index(day, "</section>")]
	k, a := strings.Index(day, "item-control"), strings.Index(day, "item-article")
	if !(k >= 0 && k < a) {
		t.Errorf("order within 5 December: control %d, article %d", k, a)
	}
	fold := day[a:]
	if !strings.Contains(fold, `<details class="claims-fold">`) || !strings.Contains(fold, "<summary>2 claims checked in it</summary>") ||
		strings.Count(fold, `class="badge status-`) != 2 || strings.Contains(day, "item-claim") {
		t.Errorf("the article's claims are not folded into its line:\n%s", fold)
	}
	// The cutoff line falls between 5 December and the army's return on
	// the 20th, which is marked.
	cut := strings.Index(page, `class="cutoff-line"`)
	if cut < i || cut > strings.Index(page, `id="d-2024-12-20"`) {
		t.Errorf("cutoff line at %d, 5 December at %d, 20 December at %d", cut, i, strings.Index(page, `id="d-2024-12-20"`))
	}
	if !strings.Contains(page, `<h2 id="d-2024-12-20"><time datetime="2024-12-20">20 December 2024</time> <span class="after-mark">after the 6 December cutoff</span></h2>`) {
		t.Errorf("20 December is not marked as after the cutoff")
	}
	for _, want := range []string{"Hama passes to Hayat Tahrir al-Sham", "Aleppo passes to Syrian Arab Army", `id="d-2024-12-01"`, "Ann Example"} {
		if !strings.Contains(page, want) {
			t.Errorf("timeline lacks %q", want)
		}
	}
}

func TestClaimsGrouping(t *testing.T) {
	res := viewsBriefing(t)
	page := string(rendertest.File(res.Tree, "claims/index.html"))
	f, c := strings.Index(page, `id="status-false"`), strings.Index(page, `id="status-corroborated"`)
	if f < 0 || c < 0 || f > c {
		t.Errorf("false claims must come first: false at %d, corroborated at %d", f, c)
	}
	for _, want := range []string{
		// A count with claims links to their section (issue 16).
		`<li class="status-false"><a href="#status-false"><span class="count">1</span> false</a></li>`,
		`<li class="status-corroborated"><a href="#status-corroborated"><span class="count">1</span> corroborated</a></li>`,
		`<li class="status-disputed"><span class="count">0</span> disputed</li>`,
		`title="Reliability B: usually reliable">B</abbr>`,
		`href="../articles/report/#claim-sources-sohr-0-text"`,
		`Fact sheet: <a href="../sources/sohr/" dir="auto">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("claims page lacks %s", want)
		}
	}
	home := string(rendertest.File(res.Tree, "index.html"))
	if !strings.Contains(home, "Not corroborated (1)") || !strings.Contains(home, "at least 727 dead") {
		t.Error("home page does not list the claim that is not corroborated")
	}
	if strings.Contains(home[strings.Index(home, "Not corroborated"):], "took Hama on Thursday") {
		t.Error("home page lists a corroborated claim among those that are not")
	}
	if !strings.Contains(home, `<a href="claims/#status-false">`) {
		t.Error("home page's false count does not link to the false claims")
	}
}

// TestBriefingJSON checks the documented schema of briefing.json.
func TestBriefingJSON(t *testing.T) {
	res := viewsBriefing(t)
	var doc struct {
		Schema      string `json:"schema"`
		Title       string `json:"title"`
		Description string `json:"description"`
		BaseURL     string `json:"base_url"`
		AsOf        string `json:"as_of"`
		Entities    []struct {
			Kind, Slug, Key, Name, URL, Summary, Date, Author, Governorate string
			Type, Leader, Founded, Color, Reliability                      string
			Aliases                                                        []string
			Coords                                                         []float64
			Source                                                         string   `json:"source"`
			SourceURL                                                      string   `json:"source_url"`
			Population                                                     int64    `json:"population"`
			PopulationYear                                                 int64    `json:"population_year"`
			PopulationSource                                               string   `json:"population_source"`
			ControlledBy                                                   string   `json:"controlled_by"`
			Allies                                                         []string `json:"allies"`
			Opponents                                                      []string `json:"opponents"`
			SourceKind                                                     string   `json:"source_kind"`
			Links                                                          []string `json:"links"`
			Citations                                                      []struct {
				Source   string   `json:"source"`
				Locators []string `json:"locators"`
			} `json:"citations"`
		} `json:"entities"`
		Claims []struct {
			ID, Sheet, Article, URL, Quote, Status, Note string
			Number                                       int
			Sources                                      []string
		} `json:"claims"`
		Control []struct {
			City, Date, Faction, Source, Note string
			HeldBefore                        bool `json:"held_before"`
		} `json:"control"`
		Figures []struct {
			Entity, Label, Source, Since, Qualifier, Note string
			AsOf                                          string `json:"as_of"`
			Value, High                                   int64
		} `json:"figures"`
		Links []struct{ From, To string } `json:"links"`
	}
	dec := json.NewDecoder(strings.NewReader(string(rendertest.File(res.Tree, "briefing.json"))))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		// Unknown fields mean the schema grew without this test (and the
		// README) being told.
		t.Fatal(err)
	}
	if doc.AsOf != "2024-12-06" || doc.BaseURL != "https://example.org/test/" || len(doc.Entities) != 9 {
		t.Errorf("header: %+v, %d entities", doc.AsOf, len(doc.Entities))
	}
	var heldBefore []string
	for _, c := range doc.Control {
		if c.HeldBefore {
			heldBefore = append(heldBefore, c.City+" "+c.Date)
		}
	}
	if strings.Join(heldBefore, ",") != "cities/hama 2011-03-15" {
		t.Errorf("control rows held_before: %v, want Hama's first", heldBefore)
	}
	var keys []string
	for _, e := range doc.Entities {
		keys = append(keys, e.Key)
		if e.Key == "cities/aleppo" && e.ControlledBy != "factions/hts" {
			t.Errorf("aleppo controlled_by %q", e.ControlledBy)
		}
	}
	want := []string{"articles/report", "cities/aleppo", "cities/hama", "cities/homs", "factions/hts", "factions/saa", "sources/afp", "sources/sohr", "people/ann"}
	if strings.Join(keys, " ") != strings.Join(want, " ") {
		t.Errorf("entity order %v, want %v", keys, want)
	}
	if len(doc.Claims) != 2 || doc.Claims[0].Number != 1 || doc.Claims[0].Status != "corroborated" || doc.Claims[1].Sources[0] != "sources/sohr" {
		t.Errorf("claims: %+v", doc.Claims)
	}
	if len(doc.Control) != 6 || len(doc.Figures) != 2 || len(doc.Links) == 0 {
		t.Errorf("control %d, figures %d, links %d", len(doc.Control), len(doc.Figures), len(doc.Links))
	}
}

func TestFiguresShownAsDatedSeries(t *testing.T) {
	res := viewsBriefing(t)
	page := string(rendertest.File(res.Tree, "sources/sohr/index.html"))
	i514, i727 := strings.Index(page, ">514<"), strings.Index(page, ">at least 727<")
	if i514 < 0 || i727 < 0 || i514 > i727 {
		t.Errorf("figures series not shown oldest first with qualifiers (514 at %d, 727 at %d)", i514, i727)
	}
	for _, want := range []string{`<time datetime="2024-12-02">2 December 2024</time>`, `<time datetime="2024-11-27">27 November 2024</time>`, "incl. 111 civilians"} {
		if !strings.Contains(page, want) {
			t.Errorf("figures lack %s", want)
		}
	}
}
