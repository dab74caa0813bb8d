package resolve

import (
	"cmp"
	"slices"

	"briefing/generator/cutoff"
	"briefing/generator/fields"
)

// placeCutoff marks every item dated after the briefing's as-of date
// (package cutoff says which): pages, changes of control, figures,
// claims through their article, and a source's uses through their
// items. An item on a later page is later too, whatever its own date,
// as cutoff.Drop leaves it out with its page: a claim judged on an event
// of after the cutoff was not known then. Pages set such items apart;
// what is after the cutoff is never mixed in silently.
func (b *Briefing) placeCutoff() {
	if b.AsOf.IsZero() {
		return
	}
	b.AfterCutoff = "after the " + b.AsOf.Format("2 January") + " cutoff"
	for _, e := range b.Pages() {
		e.AfterCutoff = b.afterCutoff(e.Date)
		for _, c := range e.Control {
			c.AfterCutoff = cmp.Or(e.AfterCutoff, b.afterCutoff(c.Date))
			if c.AfterCutoff == "" {
				// A later row is marked once, at its date.
				c.UntilAfterCutoff = b.afterCutoff(c.Until)
			}
		}
		for _, s := range e.Figures {
			for _, f := range s.Points {
				f.AfterCutoff = cmp.Or(e.AfterCutoff, b.afterCutoff(f.AsOf))
			}
		}
	}
	// A mention once its page is marked: from a later page, or from a
	// later section of a page.
	for _, e := range b.Pages() {
		for _, m := range e.Mentions {
			m.AfterCutoff = cmp.Or(m.From.AfterCutoff, b.afterCutoff(m.since))
		}
		for _, s := range e.dated {
			if cutoff.After(s.since, b.AsOf) {
				e.laterText = append(e.laterText, [2]int{s.start, s.end})
			}
		}
	}
	for _, c := range b.Claims {
		c.AfterCutoff = cmp.Or(c.Article.AfterCutoff, c.Sheet.AfterCutoff)
	}
	// A source's uses, once every page is marked: one whose every item
	// is later is too (a place resting on the source for a later row).
	for _, e := range b.Pages() {
		for _, u := range e.Uses {
			later := len(u.dates) > 0 && !slices.ContainsFunc(u.dates, func(d fields.Date) bool { return !cutoff.After(d, b.AsOf) })
			u.AfterCutoff = u.Page.AfterCutoff
			if later {
				u.AfterCutoff = b.AfterCutoff
			}
		}
	}
}

// afterCutoff is the mark of an item dated d: Briefing.AfterCutoff when
// d is after the as-of date, else "".
func (b *Briefing) afterCutoff(d fields.Date) string {
	if cutoff.After(d, b.AsOf) {
		return b.AfterCutoff
	}
	return ""
}
