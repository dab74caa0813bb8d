package resolve

import (
	"fmt"
	"slices"
	"strings"

	"briefing/generator/config"
	"briefing/generator/content"
	"briefing/generator/diag"
	"briefing/generator/fields"
	"briefing/generator/markdown"
	"briefing/generator/parallel"
)

// index finds this build's entities by key, kind and slug, and slug
// alone, through the skeleton's maps.
type index struct {
	site *config.Site
	*skeleton
	ents []*Entity // by skeleton number
	auto *autolinker
	// checkOnly skips what only pages need (see Check).
	checkOnly bool
}

func (ix *index) lookup(kind, slug string) *Entity {
	if i, ok := ix.byKind[kind][slug]; ok {
		return ix.ents[i]
	}
	return nil
}

// Resolve builds the Briefing from the loaded documents.
func Resolve(site *config.Site, docs []*content.Doc, md *markdown.Markdown) (*Briefing, diag.List) {
	return ResolveCached(site, docs, md, nil)
}

// ResolveCached is Resolve with a cache of rendered bodies and notes from
// an earlier build of the same source (see Cache).
func ResolveCached(site *config.Site, docs []*content.Doc, md *markdown.Markdown, cache *Cache) (*Briefing, diag.List) {
	return resolve(site, docs, md, cache, false, false)
}

// ResolveOnce is Resolve for a build whose pages are rendered once and
// thrown away (build, zip): each document's bytes are released
// (content.Doc.Release) as soon as its body is resolved, since every
// position in it is reported by then. A 10,000-article briefing then
// peaks some 35 MB lower, at the end of this stage.
func ResolveOnce(site *config.Site, docs []*content.Doc, md *markdown.Markdown) (*Briefing, diag.List) {
	return resolve(site, docs, md, nil, false, true)
}

// Check is Resolve for a check: the same problems, found the same way,
// but no page will be rendered, so bodies are not rendered to HTML or
// auto-linked, and no mentions or plain text (for search) are made; a
// body's text is read only to place the claims in it. Its Briefing holds
// the model's structure (entities, citations, claims) without the links
// between pages.
func Check(site *config.Site, docs []*content.Doc, md *markdown.Markdown) (*Briefing, diag.List) {
	return resolve(site, docs, md, nil, true, false)
}

func resolve(site *config.Site, docs []*content.Doc, md *markdown.Markdown, cache *Cache, checkOnly, release bool) (*Briefing, diag.List) {
	var diags diag.List
	sk := cache.skeleton(site, docs)
	ents := newEntities(site, docs, sk)
	if sk == nil {
		sk = newSkeleton(site, docs, ents)
	}
	cache.keepSkeleton(sk)
	ix := &index{site: site, skeleton: sk, ents: ents, checkOnly: checkOnly}
	b := &Briefing{Site: site, index: ix}
	for _, k := range site.Kinds {
		g := &KindGroup{Kind: k}
		if nums := sk.groups[k.Name]; len(nums) > 0 {
			g.Entities = make([]*Entity, len(nums))
			for i, n := range nums {
				g.Entities[i] = ents[n]
			}
		}
		b.Kinds = append(b.Kinds, g)
	}
	for rank, i := range sk.order {
		ents[i].rank = rank
	}

	// Front-matter references.
	for _, e := range ents {
		for _, r := range e.Doc.Refs {
			ix.checkRef(e.Doc, r, &diags)
		}
	}
	ix.auto = newAutolinker(ents)

	// Claims, grouped by the article they annotate.
	byArticle := map[*Entity][]*pendingClaim{}
	claimByID := map[string]*Claim{}
	for _, e := range ents {
		for _, c := range e.Doc.Claims {
			art := ix.lookup(config.Articles, c.Article.Slug)
			if art == nil || c.Status == "" {
				continue // reported by checkRef or content
			}
			cl := &Claim{
				ID:          fmt.Sprintf("%s-%s-%d", e.Kind.Name, e.Doc.Slug, c.Index),
				Sheet:       e,
				Article:     art,
				Quote:       c.Quote,
				Status:      c.Status,
				StatusLabel: markdown.StatusLabels[c.Status],
				Date:        art.Doc.Date,
			}
			for _, s := range c.Sources {
				if src := ix.lookup(config.Sources, s.Slug); src != nil {
					cl.Sources = append(cl.Sources, src)
				}
			}
			e.Claims = append(e.Claims, cl)
			claimByID[cl.ID] = cl
			byArticle[art] = append(byArticle[art], &pendingClaim{id: cl.ID, status: cl.Status, spec: c, sheet: e.Doc})
		}
	}
	sig := sk.sig

	// Claim notes first: the highlights in articles carry them as tooltips.
	for _, e := range ents {
		if len(e.Claims) == 0 {
			continue
		}
		notes := cache.notes(e.Doc, sig, func() []noteResult {
			out := make([]noteResult, 0, len(e.Claims))
			for _, c := range e.Doc.Claims {
				var n noteResult
				n.html, n.text = renderNote(ix, md, e.Doc, c, &n.diags)
				out = append(out, n)
			}
			return out
		})
		k := 0
		for i, c := range e.Doc.Claims {
			n := notes[i]
			diags.Merge(n.diags)
			if k < len(e.Claims) && e.Claims[k].ID == fmt.Sprintf("%s-%s-%d", e.Kind.Name, e.Doc.Slug, c.Index) {
				cl := e.Claims[k]
				cl.Note, cl.NoteText = n.html, n.text
				for _, s := range cl.Sources {
					s.Backing = append(s.Backing, cl)
				}
				k++
			}
		}
	}
	for _, pcs := range byArticle {
		for _, pc := range pcs {
			pc.noteText = claimByID[pc.id].NoteText
		}
	}

	// Bodies, in parallel: each worker reads one entity and the claims
	// anchored in it (when it is an article) and writes only its own
	// result. Results hold keys, not pointers, so the preview server's
	// cache can reuse them in the next build.
	results := make([]*bodyResult, len(ents))
	parallel.For(len(ents), func(i int) {
		e := ents[i]
		if e.Doc.Broken {
			results[i] = &bodyResult{}
			return
		}
		pcs := byArticle[e]
		results[i] = cache.body(e.Doc, sig+claimsSignature(pcs), func() *bodyResult {
			return processBody(ix, md, e, pcs)
		})
		if release {
			// processBody has reported every position in this body, and
			// nothing else reads it.
			e.Doc.Release()
		}
	})
	// Cross-references are gathered walking the pages in reading order,
	// so every list they build (mentions, citing pages, cities held)
	// comes out in that order without sorting thousands of entries.
	for _, i := range sk.order {
		e := ents[i]
		r := results[i]
		diags.Merge(r.diags)
		e.Body, e.Text = r.html, r.text
		sources, targets := r.numbered(sk)
		// A page's sources and mentions are allocated together, not one
		// by one (a large briefing has tens of thousands).
		refs := make([]SourceRef, len(r.sources))
		for k, s := range r.sources {
			refs[k] = SourceRef{Number: k + 1, Source: ents[sources[k]], Locators: s.locators}
			e.Sources = append(e.Sources, &refs[k])
		}
		for n, id := range r.claims {
			cl := claimByID[id]
			cl.Number = n + 1
			e.InArticle = append(e.InArticle, cl)
		}
		mentions := make([]Mention, len(r.links))
		for k, l := range r.links {
			target := ents[targets[k]]
			mentions[k] = Mention{From: e, Before: l.before, Text: l.text, After: l.after}
			target.Mentions = append(target.Mentions, &mentions[k])
			if target.linkedFrom != e {
				target.linkedFrom = e
				e.Outlinks = append(e.Outlinks, target)
			}
		}
		for _, s := range e.Sources {
			s.Source.CitedBy = append(s.Source.CitedBy, e)
		}
	}

	b.AsOf = site.AsOf
	if b.AsOf.IsZero() {
		b.AsOf = latestDate(ents)
	}
	for _, i := range sk.order {
		ix.frontMatter(b, ents[i])
	}
	for _, e := range ents {
		sortEntity(e)
	}
	b.Claims = allClaims(b)
	b.placeCutoff()
	b.Timeline = timeline(b)
	return b, diags
}

// pendingClaim is a claim waiting to be placed in its article.
type pendingClaim struct {
	id       string
	status   string
	noteText string // for the highlight's tooltip
	spec     content.Claim
	sheet    *content.Doc
}

// checkRef reports a front-matter slug that names nothing.
func (ix *index) checkRef(d *content.Doc, r content.Ref, diags *diag.List) {
	if ix.lookup(r.Kind, r.Slug) != nil {
		return
	}
	k, _ := ix.site.Kind(r.Kind)
	what := k.Singular
	hint := diag.Suggest(r.Slug, ix.slugs[r.Kind])
	if ix.drafts[r.Kind+"/"+r.Slug] {
		hint = "it is a draft: remove draft: true to publish it"
	} else if hint == "" {
		if others := ix.bySlug[r.Slug]; len(others) > 0 {
			hint = fmt.Sprintf("%q is a %s", r.Slug, ix.ents[others[0]].Kind.Singular)
		}
	}
	diags.Add(diag.Diagnostic{Path: d.Path, Line: r.Pos.Line, Col: r.Pos.Col,
		Msg: fmt.Sprintf("unknown %s %q in %s", what, r.Slug, r.Field), Hint: hint})
}

// frontMatter resolves the typed front-matter references of one entity.
func (ix *index) frontMatter(b *Briefing, e *Entity) {
	d := e.Doc
	if d.Source.Slug != "" {
		if s := ix.lookup(config.Sources, d.Source.Slug); s != nil {
			e.Publisher = s
			s.Uses = append(s.Uses, &Use{Page: e, What: "published"})
		}
	}
	if d.PopulationSource.Slug != "" {
		if s := ix.lookup(config.Sources, d.PopulationSource.Slug); s != nil {
			e.PopulationSource = s
			s.Uses = append(s.Uses, &Use{Page: e, What: "population"})
		}
	}
	for _, c := range d.Control {
		ctl := &Control{City: e, Date: c.Date, Note: c.Note,
			Faction: ix.lookup(config.Factions, c.Faction.Slug),
			Source:  ix.lookup(config.Sources, c.Source.Slug)}
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
			c.Source.Uses = appendUse(c.Source.Uses, e, "control timeline")
		}
	}
	if e.Controller != nil {
		f := e.Controller.Faction
		f.Controls = append(f.Controls, e)
	}
	for _, r := range d.Allies {
		if f := ix.lookup(config.Factions, r.Slug); f != nil {
			e.Allies = append(e.Allies, f)
		}
	}
	for _, r := range d.Opponents {
		if f := ix.lookup(config.Factions, r.Slug); f != nil {
			e.Opponents = append(e.Opponents, f)
		}
	}
	series := map[string]*Series{}
	for _, f := range d.Figures {
		s := series[f.Label]
		if s == nil {
			s = &Series{Label: f.Label}
			series[f.Label] = s
			e.Figures = append(e.Figures, s)
		}
		fig := &Figure{Figure: f, Source: ix.lookup(config.Sources, f.Source.Slug)}
		s.Points = append(s.Points, fig)
		if fig.Source != nil {
			fig.Source.Uses = appendUse(fig.Source.Uses, e, "figures: "+f.Label)
		}
	}
	for _, s := range e.Figures {
		slices.SortStableFunc(s.Points, func(a, b *Figure) int { return a.AsOf.Compare(b.AsOf.Time) })
	}
	for _, a := range d.Areas {
		if s := ix.lookup(config.Sources, a.Source.Slug); s != nil {
			s.Uses = appendUse(s.Uses, e, "areas of control")
		}
	}
}

func appendUse(uses []*Use, page *Entity, what string) []*Use {
	for _, u := range uses {
		if u.Page == page && u.What == what {
			return uses
		}
	}
	return append(uses, &Use{Page: page, What: what})
}

func latestDate(ents []*Entity) fields.Date {
	var best fields.Date
	up := func(d fields.Date) {
		if d.After(best.Time) {
			best = d
		}
	}
	for _, e := range ents {
		up(e.Doc.Date)
		for _, c := range e.Doc.Control {
			up(c.Date)
		}
		for _, f := range e.Doc.Figures {
			up(f.AsOf)
		}
		for _, a := range e.Doc.Areas {
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
		if c := b.Doc.Date.Compare(a.Doc.Date.Time); c != 0 {
			return c
		}
	}
	return nameCompare(a, b)
}

// claimCompare orders claims by their article's rank, then their place
// in it.
func claimCompare(a, b *Claim) int {
	if a.Article != b.Article {
		return a.Article.rank - b.Article.rank
	}
	if a.Number != b.Number {
		return a.Number - b.Number
	}
	return strings.Compare(a.ID, b.ID)
}

func allClaims(b *Briefing) []*Claim {
	var out []*Claim
	for _, g := range b.Kinds {
		for _, e := range g.Entities {
			out = append(out, e.Claims...)
		}
	}
	slices.SortStableFunc(out, claimCompare)
	return out
}
