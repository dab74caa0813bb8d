package render

import "briefing/generator/resolve"

// MaxMentions is how many "Mentioned in" entries a page shows; the rest
// are counted ("and 4,950 more") and all of them are listed on a page of
// their own, /cities/hama/mentions/. A city linked from 5,000 articles
// otherwise carried 5,000 quoted sentences on its page.
const MaxMentions = 50

// mentionsPath is the output path of an entity's page of mentions.
func mentionsPath(e *resolve.Entity) string { return e.Key + "/mentions/index.html" }

// hasMentionsPage reports whether e's mentions overflow its own page.
func hasMentionsPage(e *resolve.Entity) bool { return len(e.Mentions) > MaxMentions }

// setMentions gives a page about e the mentions it shows.
func setMentions(p *Page, e *resolve.Entity) {
	p.Mentions = e.Mentions
	if hasMentionsPage(e) {
		p.Mentions = e.Mentions[:MaxMentions]
		p.MoreMentions = len(e.Mentions) - MaxMentions
		p.MentionsURL = e.URL + "mentions/"
	}
}

// mentions adds the pages listing every mention of e, page_size a page.
func (r *renderer) mentions(e *resolve.Entity, add adder) {
	base := e.URL + "mentions/"
	ranges := pageRanges(len(e.Mentions), r.b.Site.PageSize, nil)
	for i, at := range ranges {
		add("mentions", pagePath(base, i), func() *Page {
			return &Page{Type: "mentions", Title: pageTitle("Mentions of "+e.Name, i, len(ranges)), URL: pageURL(base, i), Entity: e,
				Mentions: e.Mentions[at[0]:at[1]], Description: "Every page of " + r.b.Site.Title + " that links to " + e.Name + ".",
				Pager: pager(base, i, len(ranges), nil)}
		})
	}
}
