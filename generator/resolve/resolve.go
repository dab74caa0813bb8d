package resolve

import (
	"cmp"
	"fmt"
	"html/template"
	"slices"
	"strings"

	"briefing/generator/config"
	"briefing/generator/content"
	"briefing/generator/diag"
	"briefing/generator/fields"
	"briefing/generator/markdown"
)

// Claims are the claims the fact sheets make, read against an Index:
// each one's note rendered, and grouped by the article whose body marks
// them.
type Claims struct {
	notes   []Notes    // by document
	anchors [][]Anchor // by document: the claims an article's body marks
}

// Notes are the notes of one document's claims, rendered: one per claim
// of its front matter, or none.
type Notes []note

// note is a claim's note rendered.
type note struct {
	html  template.HTML
	text  string
	diags diag.List
}

// Notes renders the notes of the claims of d, one of the documents ix was
// made from. A sheet with no claim on an article of the briefing has none
// read: its claims are reported as they are.
func (ix *Index) Notes(md *markdown.Markdown, d *content.Doc) Notes {
	if d.Draft || !slices.ContainsFunc(d.Claims, func(cl content.Claim) bool { return ix.quoted(cl) >= 0 }) {
		return nil
	}
	notes := make(Notes, len(d.Claims))
	for k, cl := range d.Claims {
		n := &notes[k]
		n.html, n.text = ix.renderNote(md, d, cl, &n.diags)
	}
	return notes
}

// NewClaims groups the claims of docs (the documents ix was made from) by
// article, given their notes (Index.Notes, by document).
func NewClaims(ix *Index, docs []*content.Doc, notes []Notes) *Claims {
	c := &Claims{notes: notes, anchors: make([][]Anchor, len(docs))}
	for i, d := range docs {
		for k, cl := range d.Claims {
			// A claim whose status is wrong (reported) is still
			// looked for in its article, so that a misquote is
			// reported in the same run.
			// A claim with no quote (reported by the loader, missing or
			// blank) has nothing to look for: an empty quote is no
			// quote "not found" in its article.
			art := ix.quoted(cl)
			if notes[i] == nil || art < 0 || strings.TrimSpace(cl.Quote) == "" {
				continue
			}
			doc := ix.pageDoc[art]
			c.anchors[doc] = append(c.anchors[doc], Anchor{
				ID: claimID(d, cl), Status: cl.Status, NoteText: notes[i][k].text, Gist: gist(notes[i][k].text),
				Quote: cl.Quote, Prefix: cl.Prefix, Suffix: cl.Suffix,
				Sheet: d.Path, Index: cl.Index, Pos: cl.Pos,
			})
		}
	}
	return c
}

// Anchors are the claims the body of document i marks, in order.
func (c *Claims) Anchors(i int) []Anchor { return c.anchors[i] }

// quoted returns the page of the article a claim quotes, whatever its
// status, or -1 when it names none.
func (ix *Index) quoted(c content.Claim) int32 {
	return ix.lookup(config.Articles, c.Article.Slug)
}

func claimID(d *content.Doc, c content.Claim) string {
	return fmt.Sprintf("%s-%s-%d", d.Kind, d.Slug, c.Index)
}

// Assemble makes the Briefing from the documents ix was made from, their
// claims and their bodies (by document; see Index.Body): the pages with
// every cross-reference the views need, in reading order. It reports the
// problems of the claims and bodies, and the front-matter references that
// name nothing.
func Assemble(ix *Index, docs []*content.Doc, claims *Claims, bodies []*Body) (*Briefing, diag.List) {
	var diags diag.List
	ents := newEntities(ix, docs)
	b := &Briefing{Site: ix.site, index: ix, ents: ents}
	// Pages in reading order (pageCompare). Keys are distinct, so the
	// order is total: an unstable sort gives the one result.
	order := slices.Clone(ents)
	slices.SortFunc(order, pageCompare)
	for _, k := range ix.site.Kinds {
		b.Kinds = append(b.Kinds, &KindGroup{Kind: k})
	}
	// Taken in reading order, each kind's pages come by name; articles
	// are then sorted newest first, by slug. (Keys are distinct, so the
	// order is total.)
	for rank, e := range order {
		e.rank = rank
		g := b.Group(e.Kind.Name)
		g.Entities = append(g.Entities, e)
	}
	if g := b.Group(config.Articles); g != nil {
		slices.SortFunc(g.Entities, articleCompare)
	}

	// Front-matter references, and claims with their notes.
	claimByID := map[string]*Claim{}
	for i, d := range docs {
		n := ix.docPage[i]
		if n < 0 {
			continue
		}
		e := ents[n]
		for _, r := range d.Refs {
			ix.checkRef(d, r, &diags)
		}
		for k, c := range d.Claims {
			if notes := claims.notes[i]; notes != nil {
				diags.Merge(notes[k].diags)
			}
			art := ix.quoted(c)
			if c.Status == "" || art < 0 {
				continue // no valid status, or no article (both reported)
			}
			cl := &Claim{
				ID:          claimID(d, c),
				Sheet:       e,
				Article:     ents[art],
				Quote:       c.Quote,
				Status:      c.Status,
				StatusLabel: config.Label(config.Statuses, c.Status),
				Date:        ents[art].Date,
				Note:        claims.notes[i][k].html,
				NoteText:    claims.notes[i][k].text,
			}
			for _, s := range c.Sources {
				if src := ix.lookup(config.Sources, s.Slug); src >= 0 {
					cl.Sources = append(cl.Sources, ents[src])
					ents[src].Backing = append(ents[src].Backing, cl)
				}
			}
			e.Claims = append(e.Claims, cl)
			claimByID[cl.ID] = cl
		}
	}

	// Cross-references are gathered walking the pages in reading order,
	// so every list they build (mentions, citing pages, cities held)
	// comes out in that order without sorting thousands of entries.
	for _, e := range order {
		r := bodies[e.doc]
		diags.Merge(r.diags)
		e.Body, e.Text, e.dated = r.html, r.text, r.dated
		// A page's sources and mentions are allocated together, not one
		// by one (a large briefing has tens of thousands).
		refs := make([]SourceRef, len(r.sources))
		for k, s := range r.sources {
			refs[k] = SourceRef{Number: k + 1, Source: ents[s.page], Locators: s.locators}
			e.Sources = append(e.Sources, &refs[k])
			ents[s.page].CitedBy = append(ents[s.page].CitedBy, e)
		}
		for n, m := range r.claims {
			if cl := claimByID[m.id]; cl != nil { // nil: no valid status (reported)
				cl.Number, cl.passage = n+1, m.passage
				e.InArticle = append(e.InArticle, cl)
			}
		}
		mentions := make([]Mention, len(r.links))
		for k, l := range r.links {
			target := ents[l.page]
			mentions[k] = Mention{From: e, Before: l.before, Text: l.text, After: l.after, since: l.since}
			target.Mentions = append(target.Mentions, &mentions[k])
			if target.linkedFrom != e {
				target.linkedFrom = e
				e.Outlinks = append(e.Outlinks, target)
			}
		}
	}

	b.AsOf = ix.site.AsOf
	if b.AsOf.IsZero() {
		b.AsOf = latestDate(docs)
	}
	for _, e := range order {
		ix.frontMatter(b, ents, e, docs[e.doc])
	}
	for _, e := range ents {
		sortEntity(e)
	}
	b.Claims = allClaims(b)
	b.placeCutoff()
	b.Timeline = timeline(b)
	return b, diags
}

// newEntities makes the pages' entities, in one allocation, with what
// they take from their documents as it is. They keep nothing of the
// documents, whose bytes are not needed after resolving.
func newEntities(ix *Index, docs []*content.Doc) []*Entity {
	slab := make([]Entity, len(ix.pages))
	ents := make([]*Entity, len(ix.pages))
	for i, d := range docs {
		n := ix.docPage[i]
		if n < 0 {
			continue
		}
		p := &ix.pages[n]
		e := &slab[n]
		*e = Entity{
			Kind: p.kind, Key: p.key, URL: p.url, Slug: d.Slug, Name: p.name, Aliases: p.aliases,
			Summary: d.Summary, Date: d.Date,
			Author: d.Author, ExternalURL: d.URL,
			Governorate: d.Governorate, Population: d.Population, PopulationYear: d.PopulationYear,
			Type: d.Type, Leader: d.Leader, Founded: d.Founded, Color: d.Color,
			SourceKind: d.SourceKind, Reliability: d.Reliability,
			doc: i, sortName: d.SortName(),
		}
		if d.Coords != nil {
			e.Coords = &Coords{Lat: d.Coords.Lat, Lon: d.Coords.Lon}
		}
		ents[n] = e
	}
	return ents
}

// checkRef reports a front-matter slug that names nothing.
func (ix *Index) checkRef(d *content.Doc, r content.Ref, diags *diag.List) {
	if ix.lookup(r.Kind, r.Slug) >= 0 {
		return
	}
	k, _ := ix.site.Kind(r.Kind)
	var hint string
	if n := ix.called(r.Slug, r.Kind); n >= 0 {
		hint = fmt.Sprintf("did you mean %q?", ix.pages[n].slug())
	} else {
		hint = diag.Suggest(r.Slug, ix.slugs[r.Kind])
	}
	if ix.drafts[r.Kind+"/"+r.Slug] {
		hint = draftHint
	} else if others := ix.bySlug[r.Slug]; hint == "" && len(others) > 0 {
		hint = fmt.Sprintf("%q is a %s", r.Slug, ix.pages[others[0]].kind.Singular)
	}
	diags.Add(diag.Diagnostic{Path: d.Path, Line: r.Pos.Line, Col: r.Pos.Col,
		Msg: fmt.Sprintf("unknown %s %q in %s", k.Singular, r.Slug, r.Field), Hint: hint})
}

// frontMatter resolves the typed front-matter references of one entity.
func (ix *Index) frontMatter(b *Briefing, ents []*Entity, e *Entity, d *content.Doc) {
	find := func(kind, slug string) *Entity {
		if n := ix.lookup(kind, slug); n >= 0 {
			return ents[n]
		}
		return nil
	}
	for _, u := range []struct {
		ref  content.Ref
		to   **Entity
		what string
	}{{d.Source, &e.Publisher, "published"}, {d.PopulationSource, &e.PopulationSource, "population"}} {
		if s := find(config.Sources, u.ref.Slug); u.ref.Slug != "" && s != nil {
			*u.to = s
			s.Uses = append(s.Uses, &Use{Page: e, What: u.what})
		}
	}
	for _, c := range d.Control {
		ctl := &Control{City: e, Date: c.Date, Note: c.Note, HeldBefore: c.HeldBefore,
			Faction: find(config.Factions, c.Faction.Slug),
			Source:  find(config.Sources, c.Source.Slug)}
		e.Control = append(e.Control, ctl)
	}
	slices.SortStableFunc(e.Control, func(a, b *Control) int { return a.Date.Compare(b.Date.Time) })
	for i, c := range e.Control {
		if i+1 < len(e.Control) {
			c.Until = e.Control[i+1].Date
		}
		if !c.Date.After(b.AsOf.Time) && c.Faction != nil {
			e.Controller = c
		}
		if c.Source != nil {
			c.Source.Uses = appendUse(c.Source.Uses, e, "control timeline", c.Date)
		}
	}
	if e.Controller != nil {
		f := e.Controller.Faction
		f.Controls = append(f.Controls, e)
	}
	factions := func(refs []content.Ref) (out []*Entity) {
		for _, r := range refs {
			if f := find(config.Factions, r.Slug); f != nil {
				out = append(out, f)
			}
		}
		return out
	}
	e.Allies, e.Opponents = factions(d.Allies), factions(d.Opponents)
	series := map[string]*Series{}
	for _, f := range d.Figures {
		s := series[f.Label]
		if s == nil {
			s = &Series{Label: f.Label}
			series[f.Label] = s
			e.Figures = append(e.Figures, s)
		}
		fig := &Figure{Label: f.Label, Value: f.Value, High: f.High, Qualifier: f.Qualifier, AsOf: f.AsOf, Since: f.Since, Note: f.Note,
			Source: find(config.Sources, f.Source.Slug)}
		s.Points = append(s.Points, fig)
		if fig.Source != nil {
			fig.Source.Uses = appendUse(fig.Source.Uses, e, "figures: "+f.Label, f.AsOf)
		}
	}
	for _, s := range e.Figures {
		slices.SortStableFunc(s.Points, func(a, b *Figure) int { return a.AsOf.Compare(b.AsOf.Time) })
	}
	for _, a := range d.Areas {
		area := &Area{Date: a.Date, File: a.File, Source: find(config.Sources, a.Source.Slug), Note: a.Note, Approximate: a.Approximate, Ended: a.Ended}
		e.Areas = append(e.Areas, area)
		if area.Source != nil {
			area.Source.Uses = appendUse(area.Source.Uses, e, "areas of control", a.Date)
		}
	}
}

// appendUse adds a page resting on a source for what, an item dated date.
// A page listed already for the same kind of use takes the new one's
// detail and date: "figures: killed, displaced", not a line per label.
func appendUse(uses []*Use, page *Entity, what string, date fields.Date) []*Use {
	kind, detail, _ := strings.Cut(what, ": ")
	for _, u := range uses {
		if u.Page != page {
			continue
		}
		if u.What == what {
			u.dates = append(u.dates, date)
			return uses
		}
		if k, d, ok := strings.Cut(u.What, ": "); ok && k == kind && detail != "" {
			if !slices.Contains(strings.Split(d, ", "), detail) {
				u.What += ", " + detail
			}
			u.dates = append(u.dates, date)
			return uses
		}
	}
	return append(uses, &Use{Page: page, What: what, dates: []fields.Date{date}})
}

// latestDate is the latest date of the pages' documents (drafts and
// pages left out by --as-of aside), control entries, figures and areas of
// control included.
func latestDate(docs []*content.Doc) fields.Date {
	var best fields.Date
	up := func(d fields.Date) {
		if d.After(best.Time) {
			best = d
		}
	}
	for _, d := range docs {
		if d.Draft || d.LeftOut {
			continue
		}
		up(d.Date)
		for _, c := range d.Control {
			up(c.Date)
		}
		for _, f := range d.Figures {
			up(f.AsOf)
		}
		for _, a := range d.Areas {
			up(a.Date)
		}
	}
	return best
}

// nameCompare orders pages by name (lower-cased), then key.
func nameCompare(a, b *Entity) int {
	if c := strings.Compare(a.sortName, b.sortName); c != 0 {
		return c
	}
	return strings.Compare(a.Key, b.Key)
}

// sortEntity puts the cross-reference lists in reading order.
// Mentions, CitedBy and Controls are built in page order already.
func sortEntity(e *Entity) {
	slices.SortStableFunc(e.Uses, func(a, b *Use) int {
		if a.Page != b.Page {
			return a.Page.rank - b.Page.rank
		}
		return strings.Compare(a.What, b.What)
	})
	slices.SortStableFunc(e.Backing, claimCompare)
}

// pageCompare orders pages articles first (newest first), then by kind,
// then by name: reading order. Once every page is known, their ranks
// hold this order.
func pageCompare(a, b *Entity) int {
	if a.Kind.Name != b.Kind.Name {
		if a.Kind.Name == config.Articles || b.Kind.Name == config.Articles {
			if a.Kind.Name == config.Articles {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Kind.Name, b.Kind.Name)
	}
	if a.Kind.Name == config.Articles {
		if c := b.Date.Compare(a.Date.Time); c != 0 {
			return c
		}
	}
	return nameCompare(a, b)
}

// articleCompare orders articles newest first, then by slug.
func articleCompare(x, y *Entity) int {
	if c := y.Date.Compare(x.Date.Time); c != 0 {
		return c
	}
	return strings.Compare(x.Slug, y.Slug)
}

// claimCompare orders claims by their article's rank, then their place
// in it.
func claimCompare(a, b *Claim) int {
	if c := cmp.Or(a.Article.rank-b.Article.rank, a.Number-b.Number); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

func allClaims(b *Briefing) []*Claim {
	var out []*Claim
	for _, e := range b.ents {
		out = append(out, e.Claims...)
	}
	// Claim IDs are distinct, so the order is total whatever the pages'.
	slices.SortStableFunc(out, claimCompare)
	return out
}
