package resolve

import (
	"fmt"
	"slices"
	"strings"

	"briefing/generator/config"
)

// timeline lists every dated item by day: dated pages of extra kinds
// (events), changes of control and articles, each article with its
// claims (claims are dated by their article).
func timeline(b *Briefing) []*TimelineDay {
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
				items = append(items, &TimelineItem{Date: e.Date, Type: "article", Title: e.Name, Page: e, Source: e.Publisher, AfterCutoff: e.AfterCutoff,
					Claims: e.InArticle}) // the claims found in it (numbered), in text order
			case g.Kind.Extra && !e.Date.IsZero():
				items = append(items, &TimelineItem{Date: e.Date, Type: g.Kind.Singular, Title: e.Name, Page: e, Note: e.Summary, AfterCutoff: e.AfterCutoff})
			}
			for i, c := range e.Control {
				if c.Faction == nil {
					continue
				}
				title := fmt.Sprintf("%s held by %s", e.Name, c.Faction.Name)
				switch {
				case i > 0:
					title = fmt.Sprintf("%s passes to %s", e.Name, c.Faction.Name)
				case c.HeldBefore:
					// The date starts the record, not a capture.
					title = fmt.Sprintf("%s already held by %s, since before this day", e.Name, c.Faction.Name)
				}
				items = append(items, &TimelineItem{Date: c.Date, Type: "control",
					Title: title, Page: e, Anchor: "control", Source: c.Source, Note: c.Note,
					AfterCutoff: c.AfterCutoff})
			}
		}
	}
	slices.SortStableFunc(items, itemCompare)
	var days []*TimelineDay
	for _, it := range items {
		if n := len(days); n == 0 || !days[n-1].Date.Equal(it.Date.Time) {
			days = append(days, &TimelineDay{Date: it.Date, AfterCutoff: b.afterCutoff(it.Date)})
		}
		d := days[len(days)-1]
		d.Items = append(d.Items, it)
	}
	return days
}

// itemRank orders the items of one day: what happened (events, then
// changes of control) before what was written about it (articles).
func itemRank(typ string) int {
	switch typ {
	case "control":
		return 1
	case "article":
		return 2
	}
	return 0
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
	return strings.Compare(a.Title, c.Title)
}
