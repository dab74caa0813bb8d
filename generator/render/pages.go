package render

import (
	"html/template"
	"slices"
	"sort"
	"strconv"
	"sync"

	"briefing/generator/changes"
	"briefing/generator/config"
	"briefing/generator/fields"
	"briefing/generator/resolve"
)

// Page is what every template gets. Fields a page type does not use stay
// empty; the computing is done here so templates are only markup.
type Page struct {
	Type        string // page type: "home", "article", "city", ...
	Title       string
	Description string
	URL         string // site-root path of the page
	Path        string // output file path
	Canonical   string // absolute URL
	AsOf        fields.Date
	Version     string
	FileLinks   bool

	Site     *config.Site
	Briefing *resolve.Briefing
	Nav      []NavItem
	Section  string // URL of the navigation entry the page is under ("/cities/"), or ""

	Entity *resolve.Entity
	Group  *resolve.KindGroup

	// Claims grouped by status (home, claims page, article summary).
	StatusGroups []StatusGroup
	Counts       []StatusCount
	Headline     []*resolve.Claim // the claims not corroborated, worst first (home)
	MoreHeadline int              // claims not corroborated not listed on the home page

	Articles     []*resolve.Entity
	MoreArticles int       // articles not listed on the home page
	Lists        []Preview // entity lists on the home page
	Related      []Related // entities mentioned, grouped by kind

	// Timeline: the days up to the cutoff, then those after it (drawn
	// below a line at the cutoff). AtCutoff says the line is on this page
	// of the timeline; CutoffURL is the page it is on, when another.
	Days, LaterDays []*resolve.TimelineDay
	AtCutoff        bool
	CutoffURL       string

	// Pager is where a page of a long list is among its pages (list
	// pages, timeline, claims, mentions), or nil when the list fits on one.
	Pager *Pager

	// Entity pages: the control timeline up to the cutoff and after it,
	// and the figures by label and source.
	Control, LaterControl []*resolve.Control
	Figures               []FigureGroup

	Changes *ChangesView // since the previous edition (changes page, home), or nil

	Map      template.HTML // SVG
	Unmapped []*resolve.Entity
	Legend   []LegendItem
	// Holders lists who holds each place on the map's date, in words: the
	// map tells them apart by colour alone (map page).
	Holders []Holders
	MapTime *MapTime // the map page's time control, when control changed on two dates or more
	GeoJSON string   // site-root path of the map's data as GeoJSON (map page)

	// Backing is the claims resting on a source (its page), but those
	// its own fact sheet makes, which the page shows already.
	Backing []*resolve.Claim

	Infobox []Fact
	JSONLD  template.JS

	// Endnotes are the web addresses of an article, a fact sheet or the
	// claims a page shows (their links, their sources' websites),
	// printed at its end (print only).
	Endnotes []Endnote

	// Mentions are the pages linking to Entity that this page lists: the
	// first MaxMentions, or all of them on the page of mentions.
	// MoreMentions counts the rest, listed at MentionsURL.
	Mentions     []*resolve.Mention
	MoreMentions int
	MentionsURL  string
}

// Preview is the start of a long list, with how many more there are.
type Preview struct {
	Kind     config.Kind
	Entities []*resolve.Entity
	More     int
}

// Home page lists are cut to these lengths; the list pages and the
// claims page have all. A home page listing every claim not corroborated
// was 9 MB in a briefing of 100,000 articles.
const (
	homeArticles = 20
	homeEntities = 60
	homeClaims   = 20
)

// NavItem is one entry of the site navigation.
type NavItem struct {
	Title, URL string
	Current    bool
}

// StatusGroup is the claims of one status.
type StatusGroup struct {
	Status, Label string
	Claims        []*resolve.Claim
	Count         int // claims of the status in all: on claims split into pages, more than Claims
}

// StatusCount is how many claims have a status, and where they are
// listed on the page (or "" when there are none).
type StatusCount struct {
	Status, Label string
	Count         int
	Href          string
}

// Related is the entities of one kind a page links to.
type Related struct {
	Kind     config.Kind
	Entities []*resolve.Entity
}

// Holders is a faction and the places it holds (no Faction: the places
// no record gives a holder).
type Holders struct {
	Faction *resolve.Entity
	Places  []*resolve.Entity
}

// LegendItem is one entry of a map's key: a faction's colour, an area,
// or the ring around places that changed hands.
type LegendItem struct {
	Name, Color, URL string
	Count            int
	CountText        string // "(13 places)"; empty on a locator
	Key              string // data-key, for static/js/map.js; empty on maps that do not move
	Hidden           bool   // nothing of it on the date shown (the time control may show it)
	Area             bool   // a shaded area of control
	Dashed           bool   // the area is approximate
	Ring             bool   // the ring around places that changed hands
	Date             fields.Date
	Source           *resolve.Entity // whose map an area is traced from
}

// Fact is one row of an infobox. Value is plain text; Links, when set,
// follow it.
type Fact struct {
	Label      string
	Value      string
	Names      []string // names, each isolated in its direction (the "names" function)
	LinksLabel string   // shown before Links: "source:"
	Links      []*resolve.Entity
	Note       string
	URL        string // external link for the value
}

// groupClaims groups claims by status and counts them, each count with
// claims pointing at href(status, first claim) when href is given.
func groupClaims(claims []*resolve.Claim, href func(status string, first *resolve.Claim) string) ([]StatusGroup, []StatusCount) {
	by := map[string][]*resolve.Claim{}
	for _, c := range claims {
		by[c.Status] = append(by[c.Status], c)
	}
	var groups []StatusGroup
	var counts []StatusCount
	for _, s := range config.StatusOrder {
		label := statusLabel(s)
		n := StatusCount{Status: s, Label: label, Count: len(by[s])}
		if len(by[s]) > 0 {
			groups = append(groups, StatusGroup{Status: s, Label: label, Claims: by[s], Count: len(by[s])})
			if href != nil {
				n.Href = href(s, by[s][0])
			}
		}
		counts = append(counts, n)
	}
	return groups, counts
}

func (r *renderer) home() *Page {
	p := &Page{Type: "home", Title: r.b.Site.Title, Description: r.b.Site.Description, URL: "/"}
	_, starts, _ := r.claimsInPages()
	p.StatusGroups, p.Counts = groupClaims(r.b.Claims, func(s string, _ *resolve.Claim) string {
		return pageURL("/claims/", starts[s]) + "#status-" + s
	})
	// Every claim that is not corroborated, worst first.
	for _, g := range p.StatusGroups {
		if g.Status != config.Corroborated {
			p.Headline = append(p.Headline, g.Claims...)
		}
	}
	if len(p.Headline) > homeClaims {
		p.Headline, p.MoreHeadline = p.Headline[:homeClaims], len(p.Headline)-homeClaims
	}
	if g := r.b.Group(config.Articles); g != nil {
		p.Articles = g.Entities
		if len(p.Articles) > homeArticles {
			p.Articles, p.MoreArticles = p.Articles[:homeArticles], len(p.Articles)-homeArticles
		}
	}
	for _, g := range r.b.Kinds {
		if g.Kind.Name != config.Articles && len(g.Entities) > 0 {
			pv := Preview{Kind: g.Kind, Entities: byDate(g).Entities}
			if len(pv.Entities) > homeEntities {
				pv.Entities, pv.More = pv.Entities[:homeEntities], len(pv.Entities)-homeEntities
			}
			p.Lists = append(p.Lists, pv)
		}
	}
	p.Map, p.Unmapped, p.Legend = r.siteMap("home-map", false, false)
	p.Changes = r.changes
	p.Endnotes = endnotes(nil, p.Headline)
	return p
}

// adder adds a page made by make at path (pages).
type adder func(tmpl, path string, make func() *Page)

// lists adds a kind's list pages: its pages in date order or as resolve
// sorted them, page_size on a list page.
func (r *renderer) lists(g *resolve.KindGroup, add adder) {
	// Sorted when a page is rendered, once: pages() is also called by
	// what renders nothing (StaticClashes, Check's samples).
	sorted := sync.OnceValue(func() *resolve.KindGroup { return byDate(g) })
	base := "/" + g.Kind.Name + "/"
	ranges := pageRanges(len(g.Entities), r.b.Site.PageSize, nil)
	for i, at := range ranges {
		add("list", pagePath(base, i), func() *Page {
			p := &Page{Type: "list", Title: pageTitle(g.Kind.Title, i, len(ranges)), URL: pageURL(base, i),
				Group:       &resolve.KindGroup{Kind: g.Kind, Entities: sorted().Entities[at[0]:at[1]]},
				Description: g.Kind.Title + " in " + r.b.Site.Title}
			p.Pager = pager(base, i, len(ranges), nil)
			return p
		})
	}
}

// pageTitle is the title of page i of n of a list.
func pageTitle(title string, i, n int) string {
	if n < 2 {
		return title
	}
	return title + " (page " + strconv.Itoa(i+1) + " of " + strconv.Itoa(n) + ")"
}

// byDate is an extra kind's pages in date order (oldest first, the
// undated after them by name) when any of them is dated, as events are:
// its list then reads as a chronology. Other kinds' are as resolve
// sorted them.
func byDate(g *resolve.KindGroup) *resolve.KindGroup {
	if !g.Kind.Extra || !slices.ContainsFunc(g.Entities, func(e *resolve.Entity) bool { return !e.Date.IsZero() }) {
		return g
	}
	ents := slices.Clone(g.Entities)
	slices.SortStableFunc(ents, func(a, b *resolve.Entity) int {
		da, db := a.Date, b.Date
		if da.IsZero() != db.IsZero() {
			if da.IsZero() {
				return 1
			}
			return -1
		}
		return da.Compare(db.Time) // equal dates keep resolve's order, by name
	})
	return &resolve.KindGroup{Kind: g.Kind, Entities: ents}
}

func (r *renderer) article(e *resolve.Entity) *Page {
	p := &Page{Type: "article", Title: e.Name, URL: e.URL, Entity: e, Description: e.Summary}
	p.StatusGroups, p.Counts = groupClaims(e.InArticle, func(_ string, c *resolve.Claim) string { return "#claim-" + c.ID })
	p.Related = related(r.b, e.Outlinks)
	p.JSONLD = claimReviews(r, e)
	p.Endnotes = endnotes(e, e.InArticle)
	setMentions(p, e)
	return p
}

func related(b *resolve.Briefing, ents []*resolve.Entity) []Related {
	var out []Related
	for _, g := range b.Kinds {
		var list []*resolve.Entity
		for _, e := range ents {
			if e.Kind.Name == g.Kind.Name {
				list = append(list, e)
			}
		}
		if len(list) > 0 {
			sort.SliceStable(list, func(i, j int) bool { return list[i].Name < list[j].Name })
			out = append(out, Related{Kind: g.Kind, Entities: list})
		}
	}
	return out
}

func (r *renderer) entity(e *resolve.Entity) *Page {
	p := &Page{Type: e.Kind.Singular, Title: e.Name, URL: e.URL, Entity: e, Description: e.Summary}
	if p.Description == "" {
		p.Description = e.What() + " fact sheet: " + e.Name
	}
	p.Endnotes = endnotes(e, e.Claims, e.Backing)
	setMentions(p, e)
	// A fact with nothing to show (no value, name or link) is left out.
	add := func(f Fact) {
		if f.Value != "" || len(f.Names) > 0 || len(f.Links) > 0 {
			p.Infobox = append(p.Infobox, f)
		}
	}
	add(Fact{Label: "Also called", Names: e.Aliases})
	switch e.Kind.Name {
	case config.Cities:
		add(Fact{Label: "Type", Value: e.Type})
		if c := e.Controller; c != nil {
			add(Fact{Label: "Held by, as of " + dateText(r.b.AsOf), Links: []*resolve.Entity{c.Faction}, Note: since(c.Date, c.HeldBefore)})
		} else if len(e.Control) > 0 {
			add(Fact{Label: "Held by, as of " + dateText(r.b.AsOf), Value: "no record before this date"})
		}
		add(Fact{Label: "Governorate", Value: e.Governorate})
		if e.Population > 0 {
			f := Fact{Label: "Population", Value: changes.Number(e.Population)}
			if e.PopulationYear > 0 {
				f.Value += " (" + strconv.FormatInt(e.PopulationYear, 10) + ")"
			}
			if e.PopulationSource != nil {
				f.LinksLabel, f.Links = "source:", []*resolve.Entity{e.PopulationSource}
			}
			add(f)
		}
	case config.Factions:
		add(Fact{Label: "Type", Value: e.Type})
		add(Fact{Label: "Leader", Value: e.Leader})
		add(Fact{Label: "Founded", Value: foundedText(e.Founded)})
		add(Fact{Label: "Allies", Links: e.Allies})
		add(Fact{Label: "Opponents", Links: e.Opponents})
		holds := Fact{Label: "Holds, as of " + dateText(r.b.AsOf), Links: e.Controls}
		if len(e.Controls) == 0 {
			holds.Value = "no place in this briefing"
		}
		add(holds)
		if f, ok := r.areaFact(e); ok {
			add(f)
		}
	case config.Sources:
		add(Fact{Label: "Kind", Value: sourceKindText(e.SourceKind)})
		if e.Reliability != "" {
			add(Fact{Label: "Reliability", Value: e.Reliability + ": " + reliabilityText(e.Reliability), Note: "Admiralty grading, the briefing's own"})
		}
		add(Fact{Label: "Website", Value: e.ExternalURL, URL: e.ExternalURL})
		add(Fact{Label: "Backs", Value: claimCount(len(e.Backing))})
		for _, c := range e.Backing {
			if c.Sheet != e {
				p.Backing = append(p.Backing, c)
			}
		}
	default:
		add(Fact{Label: "Date", Value: dateText(e.Date)})
	}
	if e.Coords != nil {
		add(Fact{Label: "Coordinates", Value: coordsText(e.Coords)})
	}
	if e.Kind.Name == config.Cities || e.Coords != nil {
		p.Map, p.Legend = r.locator(e)
	}
	p.Control, p.LaterControl = atCutoff(e.Control, func(c *resolve.Control) bool { return c.AfterCutoff != "" })
	p.Figures = r.figureGroups(e)
	return p
}

// atCutoff splits a list in date order where the items after the cutoff
// (after says which are) begin.
func atCutoff[T any](list []T, after func(T) bool) (before, later []T) {
	i := 0
	for i < len(list) && !after(list[i]) {
		i++
	}
	return list[:i], list[i:]
}

func claimCount(n int) string {
	if n == 0 {
		return "no claims"
	}
	return plural(n, "claim", "claims")
}

// claimPages adds the pages of claims: every claim, grouped by status,
// page_size on a page. Each page's counts link to where each status
// begins.
func (r *renderer) claimPages(add adder) {
	all, starts, counts := r.claimsInPages()
	ranges := pageRanges(len(all), r.b.Site.PageSize, nil)
	for i, at := range ranges {
		add("claims", pagePath("/claims/", i), func() *Page {
			p := &Page{Type: "claims", Title: pageTitle("Claims", i, len(ranges)), URL: pageURL("/claims/", i),
				Description: "Every claim checked in " + r.b.Site.Title + ", grouped by how it holds up."}
			// Only this page's claims are grouped: the counts of all are
			// the same on every page, but for where they link.
			p.StatusGroups, _ = groupClaims(all[at[0]:at[1]], nil)
			p.Counts = slices.Clone(counts)
			for j := range p.Counts {
				c := &p.Counts[j]
				switch {
				case c.Count == 0:
				case starts[c.Status] == i:
					c.Href = "#status-" + c.Status // on this page
				default:
					c.Href = pageURL("/claims/", starts[c.Status]) + "#status-" + c.Status
				}
				for k := range p.StatusGroups {
					if p.StatusGroups[k].Status == c.Status {
						p.StatusGroups[k].Count = c.Count
					}
				}
			}
			var shown [][]*resolve.Claim
			for _, g := range p.StatusGroups {
				shown = append(shown, g.Claims)
			}
			p.Endnotes = endnotes(nil, shown...)
			p.Pager = pager("/claims/", i, len(ranges), nil)
			return p
		})
	}
}

// claimsInPages is every claim in the order the pages of claims list
// them, by status, the page (from 0) where each status begins, and the
// count of each status (linking nowhere).
func (r *renderer) claimsInPages() ([]*resolve.Claim, map[string]int, []StatusCount) {
	groups, counts := groupClaims(r.b.Claims, nil)
	var all []*resolve.Claim
	starts := map[string]int{}
	for _, g := range groups {
		starts[g.Status] = len(all) / r.b.Site.PageSize
		all = append(all, g.Claims...)
	}
	return all, starts, counts
}

// timelines adds the pages of the timeline: whole days, page_size items
// on a page (a day with more alone).
func (r *renderer) timelines(add adder) {
	days := r.b.Timeline
	ranges := pageRanges(len(days), r.b.Site.PageSize, func(i int) int { return len(days[i].Items) })
	before, _ := atCutoff(days, func(d *resolve.TimelineDay) bool { return d.AfterCutoff != "" })
	// The line is after the last day before the cutoff, or on the first
	// page when every day is after it.
	cut := slices.IndexFunc(ranges, func(at [2]int) bool { return at[0] < len(before) && len(before) <= at[1] })
	cut = max(cut, 0)
	for i, at := range ranges {
		add("timeline", pagePath("/timeline/", i), func() *Page {
			p := &Page{Type: "timeline", Title: pageTitle("Timeline", i, len(ranges)), URL: pageURL("/timeline/", i),
				Description: "Every dated item in " + r.b.Site.Title + ", day by day."}
			p.Days, p.LaterDays = atCutoff(days[at[0]:at[1]], func(d *resolve.TimelineDay) bool { return d.AfterCutoff != "" })
			p.AtCutoff = i == cut
			if i != cut && !r.b.AsOf.IsZero() {
				p.CutoffURL = pageURL("/timeline/", cut)
			}
			p.Pager = pager("/timeline/", i, len(ranges), func(j int) string { return dayRange(days[ranges[j][0]:ranges[j][1]]) })
			return p
		})
	}
}

func (r *renderer) mapPage() *Page {
	p := &Page{Type: "map", Title: "Map", URL: "/map/", Description: "Who holds which city as of " + dateText(r.b.AsOf) + "."}
	p.Map, p.Unmapped, p.Legend = r.siteMap("map", true, true)
	p.Holders = r.holders()
	p.MapTime = r.mapTime()
	p.GeoJSON = "/" + GeoJSONPath
	return p
}

func coordsText(c *resolve.Coords) string {
	return latlon(c.Lat, "N", "S") + ", " + latlon(c.Lon, "E", "W")
}
