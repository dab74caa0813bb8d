package render

import (
	"io"
	"strings"

	"briefing/generator/diag"
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
// the same actions), and nothing is kept or changed: not even partialCached's
// cache, which would hand the build the partials of pages cut short.
func Check(b *resolve.Briefing, th *theme.Theme, opts Options) diag.List {
	r := newRenderer(b, th, opts)
	var sample []page
	seen := map[string]bool{}
	for _, p := range r.pages() {
		kind, _, _ := strings.Cut(p.path, "/")
		key := p.tmpl + " " + kind
		if !seen[key] && th.Page(p.tmpl) != nil { // a missing one was reported when the theme loaded
			seen[key] = true
			sample = append(sample, p)
		}
	}
	// The pages are cut short: what they cached is not the build's.
	defer th.ForgetPartials()
	errs := make([]error, len(sample))
	parallel.For(len(sample), func(i int) {
		errs[i] = th.Page(sample[i].tmpl).ExecuteTemplate(io.Discard, "base.html", sampled(sample[i].data()))
	})
	var diags diag.List
	reported := map[string]bool{} // a problem is reported on its first page only
	for i, err := range errs {
		if err == nil {
			continue
		}
		d := th.Diagnostic(th.Page(sample[i].tmpl), err)
		if !reported[d.String()] {
			reported[d.String()] = true
			diags.Add(onPage(d, sample[i].path))
		}
	}
	return diags
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
