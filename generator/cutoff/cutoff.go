// Package cutoff places a briefing's dated items against a date: its
// as-of date (site.yaml's as_of), or the date given to build --as-of. It
// takes the loaded documents (package content) and gives, before resolve
// runs:
//
//   - Later: every item dated after the date (a control row, a figure, an
//     area of control, an article or a dated page of an extra kind, a
//     claim on a later article), located, for the notices check and
//     build print;
//   - Drop: the documents as they stood on the date, with every later item
//     left out, for a briefing built as of that date.
//
// Both are pure functions of their input: Drop never changes a document
// it was given; a document that loses an item is a copy.
package cutoff

import (
	"fmt"
	"slices"

	"briefing/generator/config"
	"briefing/generator/content"
	"briefing/generator/diag"
	"briefing/generator/fields"
)

// Item is one thing dated after the cutoff.
type Item struct {
	Path string     // the file it is written in
	Pos  fields.Pos // where its date (or, for a claim, its article) is written
	What string     // "control[1]", `figures[5] ("displaced")`, "article", "claims[0]"
	Date fields.Date
	// Article is set for a claim: the later article it is on.
	Article string
	// Hindsight says the analyst marked the item (or, for a claim, its
	// article) `hindsight: true`: dated after the cutoff on purpose.
	// Pages set it apart and mark it all the same; it is no notice.
	Hindsight bool
}

// After reports whether d is after the cutoff. A zero cutoff (a briefing
// with no as_of) or a zero date (an undated item) is never after.
func After(d, cutoff fields.Date) bool {
	return !cutoff.IsZero() && !d.IsZero() && d.After(cutoff.Time)
}

// Later lists the items of docs dated after the cutoff, file by file in
// the order given, and within a file in the order written. Drafts and
// files that could not be read are not published and have no items.
func Later(site *config.Site, docs []*content.Doc, cutoff fields.Date) []Item {
	if cutoff.IsZero() {
		return nil
	}
	later := laterPages(docs, cutoff)
	var out []Item
	for _, d := range docs {
		if d.Draft || d.Broken {
			continue
		}
		if _, ok := later[d.PageKey()]; ok {
			what := d.Kind
			if k, ok := site.Kind(d.Kind); ok {
				what = k.Singular
			}
			out = append(out, Item{Path: d.Path, Pos: d.DatePos, What: what, Date: d.Date, Hindsight: d.Hindsight})
			// Its own control rows, figures and claims go with it.
			continue
		}
		for i, c := range d.Control {
			if After(c.Date, cutoff) {
				out = append(out, Item{Path: d.Path, Pos: c.Pos, What: fmt.Sprintf("control[%d]", i), Date: c.Date, Hindsight: c.Hindsight})
			}
		}
		for i, f := range d.Figures {
			if After(f.AsOf, cutoff) {
				out = append(out, Item{Path: d.Path, Pos: f.Pos, What: fmt.Sprintf("figures[%d] (%q)", i, f.Label), Date: f.AsOf, Hindsight: f.Hindsight})
			}
		}
		for i, a := range d.Areas {
			if After(a.Date, cutoff) {
				out = append(out, Item{Path: d.Path, Pos: a.DatePos, What: fmt.Sprintf("areas[%d]", i), Date: a.Date, Hindsight: a.Hindsight})
			}
		}
		for _, c := range d.Claims {
			key := config.Articles + "/" + c.Article.Slug
			if a, ok := later[key]; ok {
				out = append(out, Item{Path: d.Path, Pos: c.Article.Pos, What: fmt.Sprintf("claims[%d]", c.Index),
					Date: a.Date, Article: key, Hindsight: a.Hindsight})
			}
		}
	}
	return out
}

// laterPages is the published pages dated after the cutoff: their dates
// by key.
func laterPages(docs []*content.Doc, cutoff fields.Date) map[string]*content.Doc {
	later := map[string]*content.Doc{}
	for _, d := range docs {
		if !d.Draft && !d.Broken && After(d.Date, cutoff) {
			later[d.PageKey()] = d
		}
	}
	return later
}

// Notices are the items as notices, each saying what is after which
// cutoff ("control[1] is dated 2024-12-08, after the 6 December 2024
// cutoff"), but for those marked hindsight: the analyst has seen them.
func Notices(items []Item, cutoff fields.Date) diag.List {
	var l diag.List
	when := Text(cutoff)
	for _, it := range items {
		if it.Hindsight {
			continue
		}
		msg := fmt.Sprintf("%s is dated %s, after the %s cutoff", it.What, it.Date, when)
		if it.Article != "" {
			msg = fmt.Sprintf("%s is on %s, dated %s, after the %s cutoff", it.What, it.Article, it.Date, when)
		}
		l.Add(diag.Diagnostic{Path: it.Path, Line: it.Pos.Line, Col: it.Pos.Col, Msg: msg, Severity: diag.Notice})
	}
	return l
}

// Text is a cutoff as pages and notices write it: "6 December 2024".
func Text(d fields.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Format("2 January 2006")
}

// Drop returns docs as they stood on the cutoff: a page dated after it
// (an article, a dated page of an extra kind) is left out, and so are
// control rows, figures and areas of control dated after it and claims on
// a left-out article. What is left is the briefing as if the later files and lines
// had never been written, with two differences: a claim keeps its place
// in its file's list (Claim.Index), so its anchor on the page stays the
// same from edition to edition; and a left-out page stays in the list,
// marked LeftOut, so that a link to it from an earlier page reads as its
// name instead of failing the build (resolve publishes nothing else of
// it). Drafts and unreadable files are kept as they are (they are not
// published; resolve reports links to them).
//
// Gone lists the keys of the pages left out, in the order given.
func Drop(docs []*content.Doc, cutoff fields.Date) (out []*content.Doc, gone []string) {
	if cutoff.IsZero() {
		return docs, nil
	}
	later := laterPages(docs, cutoff)
	out = make([]*content.Doc, 0, len(docs))
	for _, d := range docs {
		if _, ok := later[d.PageKey()]; ok {
			gone = append(gone, d.PageKey())
			// Only its kind, slug and name are read: a link to it.
			out = append(out, &content.Doc{Kind: d.Kind, Slug: d.Slug, Path: d.Path, Name: d.Name, Date: d.Date, LeftOut: true})
			continue
		}
		out = append(out, dropItems(d, cutoff, later))
	}
	return out, gone
}

// dropItems returns d without its later control rows and figures and its
// claims on later articles: d itself when it has none.
func dropItems(d *content.Doc, cutoff fields.Date, later map[string]*content.Doc) *content.Doc {
	isLater := func(key string) bool { _, ok := later[key]; return ok }
	laterClaim := func(c content.Claim) bool { return isLater(config.Articles + "/" + c.Article.Slug) }
	laterRef := func(r content.Ref) bool { return r.Kind != "" && isLater(r.Kind+"/"+r.Slug) }
	if !slices.ContainsFunc(d.Control, func(c content.Control) bool { return After(c.Date, cutoff) }) &&
		!slices.ContainsFunc(d.Figures, func(f content.Figure) bool { return After(f.AsOf, cutoff) }) &&
		!slices.ContainsFunc(d.Areas, func(a content.Area) bool { return After(a.Date, cutoff) }) &&
		!slices.ContainsFunc(d.Claims, laterClaim) && !slices.ContainsFunc(d.Refs, laterRef) {
		return d
	}
	c := d.Clone()
	c.Control = keep(d.Control, func(c content.Control) bool { return !After(c.Date, cutoff) })
	c.Figures = keep(d.Figures, func(f content.Figure) bool { return !After(f.AsOf, cutoff) })
	// A later area's file is not read either: the build sees only the
	// areas left.
	c.Areas = keep(d.Areas, func(a content.Area) bool { return !After(a.Date, cutoff) })
	c.Claims = keep(d.Claims, func(c content.Claim) bool { return !laterClaim(c) })
	// A slug naming a left-out page (a claim's article) is no longer
	// checked: the claim that named it is gone. Slugs named in a
	// left-out control row or figure (a faction, a source) are still
	// checked: they name pages that are not dated.
	c.Refs = keep(d.Refs, func(r content.Ref) bool { return !laterRef(r) })
	return c
}

// keep returns the elements of s for which f is true, in a new slice (nil
// when none is).
func keep[T any](s []T, f func(T) bool) []T {
	var out []T
	for _, v := range s {
		if f(v) {
			out = append(out, v)
		}
	}
	return out
}
