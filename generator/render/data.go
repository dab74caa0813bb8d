package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html/template"
	"path"
	"slices"
	"strconv"
	"strings"

	"briefing/generator/changes"
	"briefing/generator/config"
	"briefing/generator/fields"
	"briefing/generator/resolve"
)

// dataFiles adds the site's non-page files: feed, sitemap, briefing.json
// and the GitHub Pages markers. (The search index is added lazily: its
// shard names depend on the words in it.)
func (r *renderer) dataFiles(t *Tree) {
	// These are made whole by their own writers (briefing.json is 15 MB
	// in a large briefing): the fresh slice is returned as is, not copied
	// into the page buffer.
	ok := func(f func() []byte) func([]byte) ([]byte, error) {
		return func([]byte) ([]byte, error) { return f(), nil }
	}
	t.add("feed.xml", ok(r.feed))
	r.sitemaps(t, sitemapMax)
	if r.json != nil {
		t.addData(changes.File, r.json)
	} else {
		t.add(changes.File, ok(r.briefingJSON))
	}
	t.addData(".nojekyll", []byte{})
	// A site's own static/robots.txt (to keep crawlers off a preview,
	// say) is taken as it is: the one generated file a static file may
	// replace.
	if _, own := t.entries[robotsTxt]; !own {
		t.addData(robotsTxt, []byte("User-agent: *\nAllow: /\nSitemap: "+r.base+"sitemap.xml\n"))
	}
	if r.b.Site.CNAME != "" {
		t.addData("CNAME", []byte(r.b.Site.CNAME+"\n"))
	}
}

func (r *renderer) abs(url string) string { return r.base + strings.TrimPrefix(url, "/") }

func isoTime(d fields.Date) string {
	if d.IsZero() {
		return "1970-01-01T00:00:00Z"
	}
	return d.Format("2006-01-02") + "T00:00:00Z"
}

// feedArticles is how many articles the feed carries, the newest: a
// reader polls the feed for what is new, and a feed of every article
// (5 MB for 10,000 of them) would be fetched whole on every poll. The
// article list and briefing.json have them all.
const feedArticles = 50

// feed is an Atom feed of the newest articles, newest first, with
// absolute URLs. Its times come from the content, never the clock, so
// builds repeat.
func (r *renderer) feed() []byte {
	type link struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr,omitempty"`
		Type string `xml:"type,attr,omitempty"`
	}
	type text struct {
		Type string `xml:"type,attr,omitempty"`
		Body string `xml:",chardata"`
	}
	type person struct {
		Name string `xml:"name"`
	}
	type entry struct {
		Title     string  `xml:"title"`
		ID        string  `xml:"id"`
		Link      link    `xml:"link"`
		Updated   string  `xml:"updated"`
		Published string  `xml:"published"`
		Author    *person `xml:"author,omitempty"`
		Summary   *text   `xml:"summary,omitempty"`
	}
	type feed struct {
		XMLName   xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Lang      string   `xml:"xml:lang,attr"`
		Title     string   `xml:"title"`
		Subtitle  string   `xml:"subtitle,omitempty"`
		ID        string   `xml:"id"`
		Links     []link   `xml:"link"`
		Updated   string   `xml:"updated"`
		Author    person   `xml:"author"`
		Generator string   `xml:"generator"`
		Entries   []entry  `xml:"entry"`
	}
	f := feed{Lang: r.b.Site.Language, Title: r.b.Site.Title, Subtitle: r.b.Site.Description, ID: r.base,
		Links:     []link{{Href: r.abs("/feed.xml"), Rel: "self", Type: "application/atom+xml"}, {Href: r.base, Rel: "alternate", Type: "text/html"}},
		Author:    person{Name: r.b.Site.Title},
		Generator: "Briefing"}
	latest := r.b.AsOf // the feed's updated: the edition's date or its newest article's, the later
	if g := r.b.Group(config.Articles); g != nil {
		for _, e := range g.Entities[:min(len(g.Entities), feedArticles)] {
			en := entry{Title: e.Name, ID: r.abs(e.URL), Link: link{Href: r.abs(e.URL), Rel: "alternate", Type: "text/html"},
				Updated: isoTime(e.Date), Published: isoTime(e.Date)}
			if e.Author != "" {
				en.Author = &person{Name: e.Author}
			}
			if e.Summary != "" {
				en.Summary = &text{Type: "text", Body: e.Summary}
			}
			if e.Date.After(latest.Time) {
				latest = e.Date
			}
			f.Entries = append(f.Entries, en)
		}
	}
	// One entry per edition: a reader subscribed to the feed sees each
	// day's edition arrive, with what changed when it is known. Its id
	// is the edition's date, so each edition is a new entry and a
	// rebuild of the same one is not.
	if asOf := r.b.AsOf; !asOf.IsZero() {
		en := entry{Title: "Edition of " + dateText(asOf), ID: r.base + "#edition-" + asOf.String(),
			Link:    link{Href: r.base, Rel: "alternate", Type: "text/html"},
			Updated: isoTime(asOf), Published: isoTime(asOf),
			Summary: &text{Type: "text", Body: "The briefing as of " + dateText(asOf) + "."}}
		if c := r.changes; c != nil {
			en.Title = "What changed: edition of " + dateText(asOf)
			en.Link.Href = r.abs("/changes/")
			en.Summary.Body = "Since the edition of " + dateText(c.From) + ": " + lowerFirst(c.Summary)
		}
		// Entries run newest first; the edition goes before the
		// articles of its day.
		i := 0
		for i < len(f.Entries) && f.Entries[i].Published > en.Published {
			i++
		}
		f.Entries = slices.Insert(f.Entries, i, en)
	}
	f.Updated = isoTime(latest)
	return xmlFile(f, 512+512*len(f.Entries))
}

// xmlFile is v as an indented XML document, written into a buffer grown
// once to size, about the document's.
func xmlFile(v any, size int) []byte {
	var b bytes.Buffer
	b.Grow(size)
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	_ = enc.Encode(v) // encoding plain structs of strings to a buffer cannot fail
	b.WriteByte('\n')
	return b.Bytes()
}

// lowerFirst lower-cases a sentence's first letter.
func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]-'A'+'a') + s[1:]
}

// sitemapMax is the most pages one sitemap file lists: search engines
// read no more than 50,000 from a file (sitemaps.org; its other limit,
// 50 MB, is far above 50,000 of this site's URLs).
const sitemapMax = 50000

// sitemapURL is a page in the sitemap.
type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemapPages gives every page's site path and date to yield, in the
// same order each time; a sitemap file makes absolute URLs of its share
// alone, and counting them makes none.
func (r *renderer) sitemapPages(yield func(page string, date fields.Date)) {
	yield("/", fields.Date{})
	for _, g := range r.b.Kinds {
		if len(g.Entities) == 0 {
			continue
		}
		yield("/"+g.Kind.Name+"/", fields.Date{})
		for _, e := range g.Entities {
			yield(e.URL, e.Date)
			if hasMentionsPage(e) {
				yield("/"+path.Dir(mentionsPath(e))+"/", fields.Date{})
			}
		}
	}
	pages := []string{"/claims/", "/timeline/", "/map/", "/search/"}
	if r.changes != nil {
		pages = append(pages, "/changes/")
	}
	for _, p := range pages {
		yield(p, fields.Date{})
	}
}

// sitemaps adds sitemap.xml, listing every page; past most pages, it is
// an index of sitemap-1.xml, sitemap-2.xml and so on, each listing up to
// most. They sit beside sitemap.xml: a sitemap may list only the pages
// in and below its own folder.
func (r *renderer) sitemaps(t *Tree, most int) {
	n := 0
	r.sitemapPages(func(string, fields.Date) { n++ })
	// The split is decided as if the What changed page were there, so
	// that check, which has no earlier edition, reserves the files a
	// build --previous makes (StaticClashes).
	if r.changes == nil {
		n++
	}
	// part is the sitemap of the pages from the from-th, up to most.
	part := func(from int) func([]byte) ([]byte, error) {
		return func([]byte) ([]byte, error) {
			type set struct {
				XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
				URLs    []sitemapURL `xml:"url"`
			}
			var s set
			i := 0
			r.sitemapPages(func(page string, date fields.Date) {
				if i >= from && i < from+most {
					s.URLs = append(s.URLs, sitemapURL{Loc: r.abs(page), LastMod: date.String()})
				}
				i++
			})
			return xmlFile(s, 256+160*len(s.URLs)), nil
		}
	}
	if n <= most {
		t.add("sitemap.xml", part(0))
		return
	}
	type loc struct {
		Loc string `xml:"loc"`
	}
	type index struct {
		XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
		Sitemaps []loc    `xml:"sitemap"`
	}
	var ix index
	for i := 0; i*most < n; i++ {
		name := "sitemap-" + strconv.Itoa(i+1) + ".xml"
		t.add(name, part(i*most))
		ix.Sitemaps = append(ix.Sitemaps, loc{r.abs("/" + name)})
	}
	t.addData("sitemap.xml", xmlFile(ix, 256+len(ix.Sitemaps)*(len(r.base)+40)))
}

// claimReviews is schema.org ClaimReview JSON-LD for each claim of an
// article, for fact-check tools. Ratings run from worstRating 1 (false)
// to bestRating 5 (corroborated), in the order of config.Statuses (best
// supported first): a higher rating is a better supported claim, as
// schema.org's Rating reads.
func claimReviews(r *renderer, e *resolve.Entity) template.JS {
	if len(e.InArticle) == 0 {
		return ""
	}
	type thing = map[string]any
	var reviews []thing
	for _, c := range e.InArticle {
		rating := len(config.Statuses) - slices.IndexFunc(config.Statuses, func(t config.Term) bool { return t.Name == c.Status })
		appearance := thing{"@type": "CreativeWork", "headline": e.Name, "url": r.abs(e.URL)}
		if e.ExternalURL != "" {
			appearance["url"] = e.ExternalURL
		}
		if !e.Date.IsZero() {
			appearance["datePublished"] = e.Date.String()
		}
		if e.Publisher != nil {
			appearance["publisher"] = thing{"@type": "Organization", "name": e.Publisher.Name}
		}
		rv := thing{
			"@context":      "https://schema.org",
			"@type":         "ClaimReview",
			"url":           r.abs(e.URL) + "#claim-" + c.ID,
			"claimReviewed": c.Passage(),
			"itemReviewed":  thing{"@type": "Claim", "appearance": appearance},
			"author":        thing{"@type": "Organization", "name": r.b.Site.Title, "url": r.base},
			"reviewRating": thing{"@type": "Rating", "ratingValue": rating, "bestRating": len(config.Statuses), "worstRating": 1,
				"alternateName": c.StatusLabel},
		}
		if !r.b.AsOf.IsZero() {
			rv["datePublished"] = r.b.AsOf.String()
		}
		if c.NoteText != "" {
			rv["reviewBody"] = c.NoteText
		}
		reviews = append(reviews, rv)
	}
	// json.Marshal escapes <, > and & so nothing in a quote can end the
	// script element.
	data, _ := json.Marshal(reviews)
	return template.JS(data)
}

// briefingJSON is all entities, claims, control entries, figures and links
// as data. Its schema is documented in the README; lists are in a stable
// order (kind order, then slug).
func (r *renderer) briefingJSON() []byte {
	type ref = string
	type citation struct {
		Source   ref      `json:"source"`
		Locators []string `json:"locators,omitempty"`
	}
	type entity struct {
		Kind         string     `json:"kind"`
		Slug         string     `json:"slug"`
		Key          string     `json:"key"`
		Name         string     `json:"name"`
		URL          string     `json:"url"`
		Aliases      []string   `json:"aliases,omitempty"`
		Summary      string     `json:"summary,omitempty"`
		Date         string     `json:"date,omitempty"`
		Coords       []float64  `json:"coords,omitempty"`
		Source       ref        `json:"source,omitempty"`
		SourceURL    string     `json:"source_url,omitempty"`
		Author       string     `json:"author,omitempty"`
		Population   int64      `json:"population,omitempty"`
		PopYear      int64      `json:"population_year,omitempty"`
		PopSource    ref        `json:"population_source,omitempty"`
		Governorate  string     `json:"governorate,omitempty"`
		ControlledBy ref        `json:"controlled_by,omitempty"`
		Type         string     `json:"type,omitempty"`
		Leader       string     `json:"leader,omitempty"`
		Founded      string     `json:"founded,omitempty"`
		Allies       []ref      `json:"allies,omitempty"`
		Opponents    []ref      `json:"opponents,omitempty"`
		Color        string     `json:"color,omitempty"`
		SourceKind   string     `json:"source_kind,omitempty"`
		Reliability  string     `json:"reliability,omitempty"`
		Links        []ref      `json:"links,omitempty"`
		Citations    []citation `json:"citations,omitempty"`
	}
	type claim struct {
		ID      string `json:"id"`
		Sheet   ref    `json:"sheet"`
		Article ref    `json:"article"`
		URL     string `json:"url"`
		Number  int    `json:"number"`
		Quote   string `json:"quote"`
		Status  string `json:"status"`
		Sources []ref  `json:"sources"`
		Note    string `json:"note,omitempty"`
	}
	type control struct {
		City    ref    `json:"city"`
		Date    string `json:"date"`
		Faction ref    `json:"faction"`
		Source  ref    `json:"source,omitempty"`
		Note    string `json:"note,omitempty"`
		// Held already on date, where the city's timeline starts.
		HeldBefore bool `json:"held_before,omitempty"`
	}
	type figure struct {
		Entity    ref    `json:"entity"`
		Label     string `json:"label"`
		Value     int64  `json:"value"`
		High      int64  `json:"high,omitempty"`
		Qualifier string `json:"qualifier,omitempty"`
		AsOf      string `json:"as_of"`
		Since     string `json:"since,omitempty"`
		Source    ref    `json:"source"`
		Note      string `json:"note,omitempty"`
	}
	type link struct {
		From ref `json:"from"`
		To   ref `json:"to"`
	}
	// The head of the document; its lists follow, each element encoded
	// as it is made, so that no list of structs and no second copy of
	// the document (Marshal's buffer) is held: at 100,000 articles
	// growing those took seconds.
	type head struct {
		Schema      string `json:"schema"`
		Title       string `json:"title"`
		Description string `json:"description,omitempty"`
		BaseURL     string `json:"base_url"`
		AsOf        string `json:"as_of"`
	}
	key := func(e *resolve.Entity) string {
		if e == nil {
			return ""
		}
		return e.Key
	}
	keys := func(list []*resolve.Entity) []ref {
		out := make([]ref, len(list))
		for i, e := range list {
			out[i] = e.Key
		}
		return out
	}
	var ents []*resolve.Entity
	for _, g := range r.b.Kinds {
		n := len(ents)
		ents = append(ents, g.Entities...)
		slices.SortFunc(ents[n:], func(a, b *resolve.Entity) int { return strings.Compare(a.Key, b.Key) })
	}
	// Compact: at 10,000 articles indenting costs 5 MB and a third of the
	// time; any JSON viewer indents it for a reader. The buffer is grown
	// once to about its size (1.3 kB per entity at 10,000 articles).
	var b bytes.Buffer
	b.Grow(1024 + 1536*len(ents) + 512*len(r.b.Claims))
	enc := json.NewEncoder(&b) // escapes <, > and & as Marshal does
	put := func(v any) {
		_ = enc.Encode(v)
		b.Truncate(b.Len() - 1) // the newline Encode ends a value with
	}
	put(head{Schema: changes.Schema, Title: r.b.Site.Title, Description: r.b.Site.Description,
		BaseURL: r.base, AsOf: r.b.AsOf.String()})
	b.Truncate(b.Len() - 1) // its "}": the lists go in
	// list writes one list: each calls add for its elements in order.
	list := func(name string, each func(add func(v any))) {
		fmt.Fprintf(&b, `,%q:[`, name)
		n := 0
		each(func(v any) {
			if n > 0 {
				b.WriteByte(',')
			}
			n++
			put(v)
		})
		b.WriteByte(']')
	}
	list("entities", func(add func(any)) {
		for _, e := range ents {
			en := entity{Kind: e.Kind.Name, Slug: e.Slug, Key: e.Key, Name: e.Name, URL: strings.TrimPrefix(e.URL, "/"),
				Summary: e.Summary, Date: e.Date.String(), SourceURL: e.ExternalURL, Author: e.Author,
				Population: e.Population, PopYear: e.PopulationYear, PopSource: key(e.PopulationSource), Governorate: e.Governorate,
				Type: e.Type, Leader: e.Leader, Founded: e.Founded, Color: e.Color, SourceKind: e.SourceKind, Reliability: e.Reliability,
				Source: key(e.Publisher), Aliases: e.Aliases, Allies: keys(e.Allies), Opponents: keys(e.Opponents)}
			if e.Coords != nil {
				en.Coords = []float64{e.Coords.Lat, e.Coords.Lon}
			}
			if e.Controller != nil {
				en.ControlledBy = key(e.Controller.Faction)
			}
			for _, l := range e.Outlinks {
				en.Links = append(en.Links, l.Key)
			}
			for _, s := range e.Sources {
				en.Citations = append(en.Citations, citation{Source: s.Source.Key, Locators: s.Locators})
			}
			add(&en)
		}
	})
	list("claims", func(add func(any)) {
		for _, c := range r.b.Claims {
			add(&claim{ID: c.ID, Sheet: c.Sheet.Key, Article: c.Article.Key, URL: strings.TrimPrefix(c.Article.URL, "/") + "#claim-" + c.ID,
				Number: c.Number, Quote: c.Quote, Status: c.Status, Sources: keys(c.Sources), Note: c.NoteText})
		}
	})
	list("control", func(add func(any)) {
		for _, e := range ents {
			for _, c := range e.Control {
				add(&control{City: e.Key, Date: c.Date.String(), Faction: key(c.Faction), Source: key(c.Source), Note: c.Note, HeldBefore: c.HeldBefore})
			}
		}
	})
	list("figures", func(add func(any)) {
		for _, e := range ents {
			for _, s := range e.Figures {
				for _, f := range s.Points {
					add(&figure{Entity: e.Key, Label: f.Label, Value: f.Value, High: f.High, Qualifier: f.Qualifier,
						AsOf: f.AsOf.String(), Since: f.Since.String(), Source: key(f.Source), Note: f.Note})
				}
			}
		}
	})
	list("links", func(add func(any)) {
		for _, e := range ents {
			for _, l := range e.Outlinks {
				add(&link{From: e.Key, To: l.Key})
			}
		}
	})
	b.WriteString("}\n")
	return b.Bytes()
}
