package resolve

import (
	"fmt"
	"slices"
	"strings"

	"briefing/generator/config"
)

// timeline lists every dated item: articles, control changes, claims (on
// their article's date) and dated pages of extra kinds.
func timeline(b *Briefing) []*TimelineItem {
	var items []*TimelineItem
	for _, g := range b.Kinds {
		ents := g.Entities
		if g.Kind.Name == config.Articles {
			// Articles are listed newest first and the timeline runs
			// oldest first: taken in reverse, they come nearly sorted,
			// which the stable sort below is fast at. (No two article
			// items compare equal, so the order they come in does not
			// change the result.)
			ents = slices.Clone(ents)
			slices.Reverse(ents)
		}
		for _, e := range ents {
			switch {
			case g.Kind.Name == config.Articles:
				items = append(items, &TimelineItem{Date: e.Date, Type: "article", Title: e.Name, Page: e, Source: e.Publisher})
			case g.Kind.Extra && !e.Date.IsZero():
				items = append(items, &TimelineItem{Date: e.Date, Type: g.Kind.Singular, Title: e.Name, Page: e, Note: e.Summary})
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
	slices.SortStableFunc(items, itemCompare)
	return items
}

// itemRank orders the items of one day: articles, then claims, then
// changes of control, then the rest.
func itemRank(typ string) int {
	switch typ {
	case "article":
		return 0
	case "claim":
		return 1
	case "control":
		return 2
	}
	return 3
}

func itemCompare(a, c *TimelineItem) int {
	if d := a.Date.Compare(c.Date.Time); d != 0 {
		return d
	}
	if ra, rc := itemRank(a.Type), itemRank(c.Type); ra != rc {
		return ra - rc
	}
	if a.Page != c.Page {
		return a.Page.rank - c.Page.rank
	}
	if a.Claim != nil && c.Claim != nil {
		return a.Claim.Number - c.Claim.Number
	}
	return strings.Compare(a.Title, c.Title)
}
