package render

import (
	"io"
	"slices"
	"strings"

	"briefing/generator/config"
	"briefing/generator/diag"
	"briefing/generator/fields"
	"briefing/generator/parallel"
	"briefing/generator/resolve"
	"briefing/generator/theme"
)

// Check executes every page template once, on a real page of the
// briefing of each type (each kind's list page and first page, since
// their templates branch on the kind), with the partials they call, and
// reports what fails as diagnostics located in the template file. What
// the types alone show wrong was reported when the theme was loaded;
// this finds the rest: an escaping problem html/template sees when it
// first runs a template, a function that fails, a nil pointer on a real
// page. A page's long lists are cut to their first items (each item runs
// the same actions), maps are not drawn (draw), and nothing is kept or
// changed: the theme runs as a Fresh copy, whose partialCached cache
// holds partials of pages cut short.
//
// A template no page of this build runs (changes.html without
// --previous, mentions.html with no page over MaxMentions, a kind with no
// pages) runs on a sample page, so that the build that first has one does
// not fail where check said nothing.
func Check(b *resolve.Briefing, th *theme.Theme, opts Options) diag.List {
	th = th.Fresh()
	r := newRenderer(b, th, opts)
	r.sketch = true
	type run struct {
		page
		sample bool
	}
	var runs []run
	seen := map[string]bool{}
	pick := func(pages []page, sample bool) {
		for _, p := range pages {
			kind, _, _ := strings.Cut(p.path, "/")
			key := p.tmpl + " " + kind
			if !seen[key] && th.Page(p.tmpl) != nil { // a missing one was reported when the theme loaded
				seen[key] = true
				runs = append(runs, run{p, sample})
			}
		}
	}
	pages := r.pages()
	pick(pages, false)
	more, many := samples(r, pages)
	pick(more, true)
	// The pages of the samples with many mentions, the sample's home page
	// and the first pages of its lists run as well: their "and N more" and
	// pagers run on no real page of a briefing with fewer (nor in check,
	// which makes no mentions).
	for _, p := range more {
		if slices.Contains(many, p.path) && th.Page(p.tmpl) != nil &&
			!slices.ContainsFunc(runs, func(r run) bool { return r.sample && r.path == p.path }) {
			runs = append(runs, run{p, true})
		}
	}
	errs := make([]error, len(runs))
	parallel.For(len(runs), func(i int) {
		errs[i] = th.Page(runs[i].tmpl).ExecuteTemplate(io.Discard, "base.html", sampled(runs[i].data()))
	})
	var diags diag.List
	reported := map[string]bool{} // a problem is reported on its first page only
	for i, err := range errs {
		if err == nil {
			continue
		}
		d := th.Diagnostic(th.Page(runs[i].tmpl), err)
		if !reported[d.String()] {
			reported[d.String()] = true
			path := runs[i].path
			if runs[i].sample {
				path = "a sample " + path
			}
			diags.Add(onPage(d, path))
		}
	}
	return diags
}

// samples are the pages of the briefing r renders with, as if it had a
// sample page in each kind that has none, an entity over MaxMentions when
// none is, and --previous: what a build with more content makes. They
// are made by the build's own code, so that a sound theme runs on them as
// on real pages; the briefing itself is copied, never changed. many are
// the paths of the pages given many mentions, one of each kind, and of
// the home page and the first list pages, given more to list.
func samples(r *renderer, pages []page) (more []page, many []string) {
	b := *r.b
	b.Kinds = make([]*resolve.KindGroup, len(r.b.Kinds))
	for i, g := range r.b.Kinds {
		if len(g.Entities) == 0 {
			k := g.Kind
			g = &resolve.KindGroup{Kind: k, Entities: []*resolve.Entity{{Kind: k, Key: k.Name + "/sample", URL: "/" + k.Name + "/sample/", Slug: "sample", Name: "Sample " + k.Singular}}}
		}
		b.Kinds[i] = g
	}
	if !slices.ContainsFunc(pages, func(p page) bool { return p.tmpl == "mentions" }) {
		for i := range b.Kinds {
			if len(b.Kinds[i].Entities) == 0 {
				continue
			}
			g := *b.Kinds[i]
			e := g.Entities[0]
			m := *e
			m.Mentions = make([]*resolve.Mention, MaxMentions+1)
			for j := range m.Mentions {
				m.Mentions[j] = &resolve.Mention{From: e, Text: e.Name}
			}
			g.Entities = append([]*resolve.Entity{&m}, g.Entities[1:]...)
			b.Kinds[i] = &g
			many = append(many, strings.TrimPrefix(m.URL, "/")+"index.html")
		}
	}
	opts := r.opts
	if opts.Changes == nil {
		opts.Changes = &Compared{view: sampleChanges(r.b.AsOf)}
	}
	s := newRenderer(&b, r.th, opts)
	s.sketch = r.sketch
	more = s.pages()
	// The home page cuts its lists ("… and 4 more"), a small briefing's
	// never: the sample's home page says there are more of everything.
	// Nor does a small briefing split a list into pages: the first page
	// of each of the sample's is one of several.
	for i, p := range more {
		switch {
		case p.tmpl == "home":
			more[i].data = func() *Page {
				q := p.data()
				q.MoreArticles, q.MoreHeadline = max(q.MoreArticles, 1), max(q.MoreHeadline, 1)
				for j := range q.Lists {
					q.Lists[j].More = max(q.Lists[j].More, 1)
				}
				return q
			}
		case (p.tmpl == "list" || p.tmpl == "timeline" || p.tmpl == "claims" || p.tmpl == "mentions") && !laterPage(p.path):
			more[i].data = func() *Page {
				q := p.data()
				if q.Pager == nil {
					q.Pager = pager(q.URL, 1, 2*pagerNear+3, nil)
					if q.Type == "timeline" {
						q.CutoffURL = q.URL // the cutoff on another page
					}
				}
				return q
			}
		default:
			continue
		}
		many = append(many, p.path)
	}
	return more, many
}

// sampleChanges is a What changed page with a line of each sign, each
// with every field set, so that every range of a theme's page runs.
func sampleChanges(asOf fields.Date) *ChangesView {
	v := &ChangesView{From: asOf, To: asOf, Summary: "A sample of what build --previous shows."}
	rows := []ChangeRow{{Sign: "added", Text: "A row"}, {Sign: "changed", Text: "A row", Was: "A row as it was"}, {Sign: "removed", Text: "A row"}}
	first, last := config.StatusOrder[0], config.StatusOrder[len(config.StatusOrder)-1]
	for _, sign := range []string{"added", "changed", "removed"} {
		l := ChangeLine{Sign: sign, Text: "A sample", Quote: true, Where: "somewhere", Was: first, Now: last,
			WasValue: "1", NowValue: "2", Note: "A note", Rows: rows}
		if sign != "removed" { // what is gone has no page to link to
			l.URL = "/"
		}
		v.Sections = append(v.Sections, ChangeSection{ID: sign, Title: sign, Lines: []ChangeLine{l}})
		v.Count++
	}
	return v
}

// shortList is how many items of each list a checked page keeps.
const shortList = 3

// sampled is a copy of a page with its long lists cut to their first
// items. What the page points to is copied before it is cut, never
// written (TestCheckChangesNothing).
func sampled(p *Page) *Page {
	q := *p
	q.StatusGroups = cut(q.StatusGroups)
	for i := range q.StatusGroups {
		q.StatusGroups[i].Claims = cut(q.StatusGroups[i].Claims)
	}
	q.Headline, q.Articles, q.Unmapped = cut(q.Headline), cut(q.Articles), cut(q.Unmapped)
	q.Lists = cut(q.Lists)
	for i := range q.Lists {
		q.Lists[i].Entities = cut(q.Lists[i].Entities)
	}
	q.Days, q.LaterDays = days(q.Days), days(q.LaterDays)
	q.Mentions = cut(q.Mentions)
	if q.Group != nil {
		g := *q.Group
		g.Entities = cut(g.Entities)
		q.Group = &g
	}
	return &q
}

func days(list []*resolve.TimelineDay) []*resolve.TimelineDay {
	list = cut(list)
	for i, d := range list {
		c := *d
		c.Items = cut(c.Items)
		list[i] = &c
	}
	return list
}

// cut returns a copy of the first items of list.
func cut[T any](list []T) []T {
	return append([]T(nil), list[:min(len(list), shortList)]...)
}
