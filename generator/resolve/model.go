// Package resolve is the RESOLVE stage. It takes the loaded documents and
// the site settings and gives a Briefing: every page with its links,
// citations, auto-links and claim highlights resolved and its body rendered
// to HTML, plus the cross-references the views need (mentions, who cites a
// source, who controls a city as of the briefing's date, the timeline).
// Everything that can be wrong between files (an unknown slug, a quote not
// found in its article) is reported here. The render stage comes next.
//
// It works in steps, each a function of its arguments alone: NewIndex
// indexes the pages' shapes, Index.Notes renders the notes of one sheet's
// claims, NewClaims groups the claims by the article they annotate,
// Index.Body resolves one body, and Assemble makes the Briefing. The build
// runs them in that order (a preview server's build remembers what each
// gave for the same arguments).
package resolve

import (
	"html/template"
	"slices"

	"briefing/generator/config"
	"briefing/generator/fields"
)

// Briefing is the resolved site content.
type Briefing struct {
	Site  *config.Site
	AsOf  fields.Date // site.yaml's as_of, or the latest date in the content
	Kinds []*KindGroup

	Claims   []*Claim // every claim, by article then position in the text
	Timeline []*TimelineDay

	// AfterCutoff is how pages mark an item dated after AsOf: "after the
	// 6 December cutoff". Every later item carries it (its AfterCutoff
	// field); an item on or before AsOf carries "".
	AfterCutoff string

	index *Index
	ents  []*Entity // by page number in index
}

// Pages returns every page, in the order the files were loaded.
func (b *Briefing) Pages() []*Entity { return b.ents }

// Page returns the page of a key ("cities/hama"), or nil. Templates may
// call it: {{with .Briefing.Page "cities/hama"}}.
func (b *Briefing) Page(key string) *Entity {
	if i, ok := b.index.byKey[key]; ok {
		return b.ents[i]
	}
	return nil
}

// KindGroup is one kind and its pages, sorted: articles newest first, the
// rest by name.
type KindGroup struct {
	Kind     config.Kind
	Entities []*Entity
}

// Group returns the group of a kind, or nil.
func (b *Briefing) Group(kind string) *KindGroup {
	if i := slices.IndexFunc(b.Kinds, func(g *KindGroup) bool { return g.Kind.Name == kind }); i >= 0 {
		return b.Kinds[i]
	}
	return nil
}

// Entity is one page: an article or a fact sheet. Its fields are what
// templates read (README, "Your own theme"); they are resolve's own, so
// that a change in how front matter is read does not reach a theme.
type Entity struct {
	Kind    config.Kind
	Key     string // "cities/hama"
	URL     string // site-root path: "/cities/hama/"
	Slug    string // "hama"
	Name    string // the title of an article
	Aliases []string
	Summary string
	Date    fields.Date // an article's date, or the date an extra kind's page is about; zero otherwise
	Coords  *Coords     // where it is, or nil
	// AfterCutoff marks a page dated after the briefing's as-of date (an
	// article, an event), as Briefing.AfterCutoff; "" for any other.
	AfterCutoff string

	Body template.HTML // rendered Markdown body
	Text string        // plain text of the body, for search
	// dated are the spans of Text in dated sections, laterText those
	// dated after the as-of date (placeCutoff).
	dated     []datedSpan
	laterText [][2]int

	Sources   []*SourceRef // numbered Sources list of the page's citations
	Outlinks  []*Entity    // entities the body links to, in order of first link
	Mentions  []*Mention   // pages whose bodies link here
	Claims    []*Claim     // claims this page makes (as a fact sheet)
	InArticle []*Claim     // articles: claims anchored in this article, in text order

	// Articles.
	Author    string
	Publisher *Entity // the source that published it, or nil

	// Articles and sources: front matter's url, the original article or
	// the source's website.
	ExternalURL string

	// Cities.
	Governorate      string
	Population       int64 // 0: not given
	PopulationYear   int64
	PopulationSource *Entity
	Control          []*Control
	Controller       *Control // as of the briefing's date, or nil

	// Factions and cities: what it is ("armed group", "air base"), as
	// written; see What.
	Type string

	// Factions.
	Leader            string
	Founded           string // a year ("2017") or a date ("2017-01-28")
	Color             string // a CSS colour, or ""
	Allies, Opponents []*Entity
	Controls          []*Entity // cities held as of the briefing's date
	Areas             []*Area   // areas of control, in the order written

	// Any kind but articles.
	Figures []*Series

	// Sources.
	SourceKind  string    // one of config.SourceKinds, or ""
	Reliability string    // a grade of config.Reliabilities, or ""
	CitedBy     []*Entity // pages citing it in their bodies
	Backing     []*Claim  // claims listing it among their sources
	Uses        []*Use    // control entries, figures, populations, articles resting on it

	doc      int    // the number of its document, as loaded
	sortName string // lower-cased name: sorting compares it often
	// rank is the page's place in reading order (pageCompare), set once
	// every page is known: the lists sorted in that order compare ranks.
	rank int
	// linkedFrom is the last page whose outlinks took this one: a page
	// lists each target once, without a set per page.
	linkedFrom *Entity
}

// Coords is a point in WGS84 degrees.
type Coords struct{ Lat, Lon float64 }

// SourceRef is one entry of a page's Sources list.
type SourceRef struct {
	Number   int
	Source   *Entity
	Locators []string // "5 Dec 2024", as cited, distinct, in order
}

// Mention is a link to an entity from another page, with the sentence
// around it split so the linked words can be highlighted.
type Mention struct {
	From                *Entity
	Before, Text, After string
	// AfterCutoff marks a mention from a page dated after the as-of
	// date, or from a section of a page dated so ({since=...}).
	AfterCutoff string
	since       fields.Date
}

// Claim is a resolved claim annotation.
type Claim struct {
	ID          string // stable anchor: "cities-hama-0"
	Sheet       *Entity
	Article     *Entity
	Quote       string
	Status      string
	StatusLabel string
	Note        template.HTML
	NoteText    string
	Sources     []*Entity
	Number      int // 1-based order in its article's text; 0 if not found
	Date        fields.Date
	AfterCutoff string // its article's or its sheet's
	passage     string // the words matched, as the article prints them
}

// LaterText is where Text holds what a section of the page dates after
// the as-of date ({since=...}): byte ranges [start, end), in order.
func (e *Entity) LaterText() [][2]int { return e.laterText }

// What is what the entity is, for the label beside its name (as
// config.Kind.What says): "city", "air base".
func (e *Entity) What() string { return e.Kind.What(e.Type) }

// Passage is what the claim quotes as its article prints it ("Syria’s",
// where the fact sheet has "Syria's": Quote is as written), or Quote when
// it was not found.
func (c *Claim) Passage() string {
	if c.passage == "" {
		return c.Quote
	}
	return c.passage
}

// Control is one entry of a city's control timeline.
type Control struct {
	City    *Entity
	Date    fields.Date
	Until   fields.Date // the next entry's date, or zero
	Faction *Entity
	Source  *Entity
	Note    string
	// HeldBefore: the faction already held the city on Date, where the
	// timeline starts; not a change of hands.
	HeldBefore bool
	// AfterCutoff marks a change dated after the as-of date.
	AfterCutoff string
	// UntilAfterCutoff marks Until when the next change is dated after
	// the as-of date and this one is not: the holder as of then is shown
	// ending later.
	UntilAfterCutoff string
}

// Series is a run of dated figures with one label, oldest first.
type Series struct {
	Label  string
	Points []*Figure
}

// Area is one dated area of control of a faction: it holds the area from
// Date until its next area's date.
type Area struct {
	Date        fields.Date
	File        string  // the GeoJSON file: "content/areas/hts-2024-12-05.geojson"
	Source      *Entity // whose map it is traced from, or nil
	Note        string
	Approximate bool
	Ended       bool // no area from Date: it ends the faction's area before it
}

// Figure is one dated number (a toll, a count of displaced people).
type Figure struct {
	Label     string
	Value     int64
	High      int64  // upper end of a range, or 0
	Qualifier string // one of config.Qualifiers, or ""
	AsOf      fields.Date
	Since     fields.Date // zero when not given
	Source    *Entity
	Note      string
	// AfterCutoff marks a figure dated after the as-of date.
	AfterCutoff string
}

// Use says that a page rests on a source outside its body citations.
type Use struct {
	Page *Entity
	What string // "control timeline", "figure: killed (all sides)", "population", "publisher"
	// AfterCutoff marks a use of which every item (control row, figure,
	// area) is dated after the as-of date, or whose page is.
	AfterCutoff string
	dates       []fields.Date // of the items it stands for; none: undated
}

// TimelineDay is the dated items of one day.
type TimelineDay struct {
	Date        fields.Date
	AfterCutoff string // the day is after the as-of date
	// Items are the day's events (dated pages of extra kinds), then its
	// changes of control, then its articles, each with its claims.
	Items []*TimelineItem
}

// TimelineItem is one dated thing.
type TimelineItem struct {
	Date   fields.Date
	Type   string // "article", "control", or an extra kind's singular
	Title  string
	Page   *Entity // where it links
	Anchor string  // fragment within Page, or ""
	Source *Entity // who reports it, if known
	Note   string
	// Claims are an article's claims placed in its text, in text order:
	// the timeline folds them into the article's line.
	Claims      []*Claim
	AfterCutoff string
}
