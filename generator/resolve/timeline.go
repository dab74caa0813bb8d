package resolve

import (
	"fmt"
	"sort"

	"briefing/generator/config"
)

// timeline lists every dated item: articles, control changes, claims (on
// their article's date) and dated pages of extra kinds.
func timeline(b *Briefing) []*TimelineItem {
	var items []*TimelineItem
	for _, g := range b.Kinds {
		for _, e := range g.Entities {
			switch {
			case g.Kind.Name == config.Articles:
				items = append(items, &TimelineItem{Date: e.Doc.Date, Type: "article", Title: e.Name, Page: e, Source: e.Publisher})
			case g.Kind.Extra && !e.Doc.Date.IsZero():
				items = append(items, &TimelineItem{Date: e.Doc.Date, Type: g.Kind.Singular, Title: e.Name, Page: e, Note: e.Doc.Summary})
			}
			for i, c := range e.Control {
				if c.Faction == nil {
					continue
				}
				verb := "held by"
				if i > 0 {
					verb = "passes to"
				}
				items = append(items, &TimelineItem{Date: c.Date, Type: "control",
					Title: fmt.Sprintf("%s %s %s", e.Name, verb, c.Faction.Name), Page: e, Anchor: "control", Source: c.Source, Note: c.Note})
			}
		}
	}
	for _, c := range b.Claims {
		if c.Number == 0 {
			continue // not found in its article; reported
		}
		var src *Entity
		if len(c.Sources) > 0 {
			src = c.Sources[0]
		}
		items = append(items, &TimelineItem{Date: c.Date, Type: "claim", Title: c.Quote, Page: c.Article, Anchor: "claim-" + c.ID, Source: src, Claim: c})
	}
	rank := map[string]int{"article": 0, "claim": 1, "control": 2}
	sort.SliceStable(items, func(i, j int) bool {
		a, c := items[i], items[j]
		if !a.Date.Equal(c.Date.Time) {
			return a.Date.Before(c.Date.Time)
		}
		ra, ok := rank[a.Type]
		if !ok {
			ra = 3
		}
		rc, ok := rank[c.Type]
		if !ok {
			rc = 3
		}
		if ra != rc {
			return ra < rc
		}
		if a.Page != c.Page {
			return pageLess(a.Page, c.Page)
		}
		if a.Claim != nil && c.Claim != nil {
			return a.Claim.Number < c.Claim.Number
		}
		return a.Title < c.Title
	})
	return items
}
