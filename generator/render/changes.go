package render

import (
	"strings"
	"time"

	"briefing/generator/changes"
	"briefing/generator/config"
	"briefing/generator/fields"
)

// ChangesView is the What changed page: what changed since an earlier
// edition (build --previous), section by section, each line linked to
// where the change is in this edition.
type ChangesView struct {
	From, To fields.Date // the editions' as-of dates (zero when unknown)
	Count    int
	Summary  string // one sentence, as in the feed
	Sections []ChangeSection
}

// ChangeSection is one kind of change: "Claims with a new status".
type ChangeSection struct {
	ID, Title string
	Lines     []ChangeLine
}

// ChangeLine is one change.
type ChangeLine struct {
	Sign  string // "added", "removed", "changed": a class and a word for screen readers
	URL   string // site-root URL of what changed in this edition; "" for what is gone
	Text  string // what it is: a claim's quote, a place's or page's name, a figure
	Quote bool   // Text is a quote
	Where string // plain context: "in Rebels take Hama (fact sheet: Hama)", "held by X → Y"
	// Claims: the old and new status (either may be empty).
	Was, Now string
	// Figures: the old and new value (either may be empty).
	WasValue, NowValue string
	Note               string      // a claim's new note
	Rows               []ChangeRow // a place's control rows
}

// ChangeRow is a control row added, removed or changed.
type ChangeRow struct {
	Sign string // as ChangeLine's
	Text string // "8 December 2024 HTS (Reuters): note"
	Was  string // a changed row as it was
}

// changesView makes the page's view of c.
func changesView(c *changes.Changes, site *config.Site) *ChangesView {
	v := &ChangesView{From: isoDate(c.Old.AsOf), To: isoDate(c.New.AsOf), Count: c.Count(), Summary: c.Summary()}
	// url links to a part (frag) of a page of this edition, if it has it.
	url := func(key, frag string) string {
		if p := c.New.Page(key); p != nil {
			return "/" + p.URL + frag
		}
		return ""
	}
	claimURL := func(cl changes.Claim) string {
		if cl.URL == "" {
			return ""
		}
		return "/" + cl.URL
	}
	// what is what a page is as lists write it, "(city)", "(air base)";
	// a kind this edition no longer has by its folder's name.
	what := func(e changes.Entity) string {
		k, _, _ := strings.Cut(e.Key, "/")
		if d, ok := site.Kind(k); ok {
			k = d.What(e.Type)
		}
		return "(" + k + ")"
	}
	add := func(id, title string, lines []ChangeLine) {
		if len(lines) > 0 {
			v.Sections = append(v.Sections, ChangeSection{ID: id, Title: title, Lines: lines})
		}
	}
	add("status", "Claims with a new status", each(c.StatusChanged, func(s changes.StatusChange) ChangeLine {
		return ChangeLine{Sign: "changed", URL: claimURL(s.Claim), Text: s.Claim.Quote, Quote: true,
			Where: c.New.ClaimWhere(s.Claim), Was: s.OldStatus, Now: s.Claim.Status, Note: s.Claim.Note}
	}))
	add("claims-added", "Claims added", each(c.ClaimsAdded, func(cl changes.Claim) ChangeLine {
		return ChangeLine{Sign: "added", URL: claimURL(cl), Text: cl.Quote, Quote: true, Where: c.New.ClaimWhere(cl), Now: cl.Status, Note: cl.Note}
	}))
	add("claims-removed", "Claims removed", each(c.ClaimsRemoved, func(cl changes.Claim) ChangeLine {
		return ChangeLine{Sign: "removed", Text: cl.Quote, Quote: true, Where: c.Old.ClaimWhere(cl), Was: cl.Status}
	}))
	add("control", "Control", each(c.Places, func(p changes.Place) ChangeLine {
		l := ChangeLine{Sign: "changed", URL: url(p.City, "#control"), Text: c.PlaceName(p), Where: c.HolderText(p)}
		for _, r := range p.Added {
			l.Rows = append(l.Rows, ChangeRow{Sign: "added", Text: c.New.RowText(r)})
		}
		for _, r := range p.Changed {
			l.Rows = append(l.Rows, ChangeRow{Sign: "changed", Text: c.New.RowText(r.New), Was: c.Old.RowText(r.Old)})
		}
		for _, r := range p.Removed {
			l.Rows = append(l.Rows, ChangeRow{Sign: "removed", Text: c.Old.RowText(r)})
		}
		return l
	}))
	add("figures-revised", "Figures revised", each(c.FiguresRevised, func(r changes.Revision) ChangeLine {
		return ChangeLine{Sign: "changed", URL: url(r.New.Entity, "#figures"), Text: c.New.FigureWhere(r.New),
			WasValue: r.Old.Detail(), NowValue: r.New.Detail()}
	}))
	add("figures-added", "Figures added", each(c.FiguresAdded, func(f changes.Figure) ChangeLine {
		return ChangeLine{Sign: "added", URL: url(f.Entity, "#figures"), Text: c.New.FigureWhere(f), NowValue: f.Detail()}
	}))
	add("figures-removed", "Figures removed", each(c.FiguresRemoved, func(f changes.Figure) ChangeLine {
		return ChangeLine{Sign: "removed", Text: c.Old.FigureWhere(f), WasValue: f.Detail()}
	}))
	add("pages-added", "Pages added", each(c.PagesAdded, func(e changes.Entity) ChangeLine {
		return ChangeLine{Sign: "added", URL: "/" + e.URL, Text: e.Name, Where: what(e)}
	}))
	add("pages-removed", "Pages removed", each(c.PagesRemoved, func(e changes.Entity) ChangeLine {
		return ChangeLine{Sign: "removed", Text: e.Name, Where: what(e)}
	}))
	return v
}

// each is f of every item of list, in order.
func each[T any](list []T, f func(T) ChangeLine) []ChangeLine {
	out := make([]ChangeLine, len(list))
	for i, v := range list {
		out[i] = f(v)
	}
	return out
}

// isoDate reads a YYYY-MM-DD date; anything else is the zero date.
func isoDate(s string) fields.Date {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return fields.Date{}
	}
	return fields.Date{Time: t}
}

func (r *renderer) changesPage() *Page {
	return &Page{Type: "changes", Title: "What changed", URL: "/changes/", Changes: r.changes,
		Description: "What changed in " + r.b.Site.Title + " since the edition of " + dateText(r.changes.From) + "."}
}
