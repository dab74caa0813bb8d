package changes

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// WriteText writes the changes as plain text, for a terminal or a CI log:
// a heading naming the two editions, then one section per kind of change
// (left out when empty), one line per change, and a count.
func (c *Changes) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "What changed from the edition of %s to the edition of %s\n", DateText(c.Old.AsOf), DateText(c.New.AsOf))
	if c.Old.Title != c.New.Title {
		fmt.Fprintf(&b, "  title: %q → %q\n", c.Old.Title, c.New.Title)
	}
	section(&b, "Claims with a new status", c.StatusChanged, func(s StatusChange) {
		fmt.Fprintf(&b, "  ~ %s: %s → %s\n", claimText(c.New, s.Claim), s.OldStatus, s.Claim.Status)
		if s.Claim.Note != "" {
			fmt.Fprintf(&b, "    note: %s\n", shorten(s.Claim.Note, 200))
		}
	})
	section(&b, "Claims added", c.ClaimsAdded, func(cl Claim) {
		fmt.Fprintf(&b, "  + %s: %s\n", claimText(c.New, cl), cl.Status)
	})
	section(&b, "Claims removed", c.ClaimsRemoved, func(cl Claim) {
		fmt.Fprintf(&b, "  - %s: %s\n", claimText(c.Old, cl), cl.Status)
	})
	section(&b, "Control", c.Places, func(p Place) {
		fmt.Fprintf(&b, "  %s: %s\n", c.PlaceName(p), c.HolderText(p))
		for _, r := range p.Added {
			fmt.Fprintf(&b, "    + %s\n", c.New.RowText(r))
		}
		for _, r := range p.Changed {
			fmt.Fprintf(&b, "    ~ %s, was %s\n", c.New.RowText(r.New), c.Old.RowText(r.Old))
		}
		for _, r := range p.Removed {
			fmt.Fprintf(&b, "    - %s\n", c.Old.RowText(r))
		}
	})
	section(&b, "Figures revised", c.FiguresRevised, func(r Revision) {
		fmt.Fprintf(&b, "  ~ %s: %s, was %s\n", c.New.FigureWhere(r.New), r.New.Detail(), r.Old.Detail())
	})
	section(&b, "Figures added", c.FiguresAdded, func(f Figure) {
		fmt.Fprintf(&b, "  + %s: %s\n", c.New.FigureWhere(f), f.Detail())
	})
	section(&b, "Figures removed", c.FiguresRemoved, func(f Figure) {
		fmt.Fprintf(&b, "  - %s: %s\n", c.Old.FigureWhere(f), f.Detail())
	})
	section(&b, "Pages added", c.PagesAdded, func(e Entity) {
		fmt.Fprintf(&b, "  + %s (%s)\n", e.Name, e.Key)
	})
	section(&b, "Pages removed", c.PagesRemoved, func(e Entity) {
		fmt.Fprintf(&b, "  - %s (%s)\n", e.Name, e.Key)
	})
	switch n := c.Count(); n {
	case 0:
		b.WriteString("\nno changes\n")
	case 1:
		b.WriteString("\n1 change\n")
	default:
		fmt.Fprintf(&b, "\n%d changes\n", n)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// section writes a heading with the number of items, then each item by
// line; nothing when there are none.
func section[T any](b *strings.Builder, title string, items []T, line func(T)) {
	if len(items) == 0 {
		return
	}
	fmt.Fprintf(b, "\n%s (%d)\n", title, len(items))
	for _, it := range items {
		line(it)
	}
}

// claimText is `"quote" in Article (fact sheet: Sheet)`.
func claimText(e *Edition, cl Claim) string {
	return fmt.Sprintf("%q %s", shorten(cl.Quote, 80), e.ClaimWhere(cl))
}

// ClaimWhere is "in Article (fact sheet: Sheet)".
func (e *Edition) ClaimWhere(cl Claim) string {
	return fmt.Sprintf("in %s (fact sheet: %s)", e.Name(cl.Article), e.Name(cl.Sheet))
}

// PlaceName is the name of a place, from the new edition when it has it.
func (c *Changes) PlaceName(p Place) string {
	if c.New.Page(p.City) == nil {
		return c.Old.Name(p.City)
	}
	return c.New.Name(p.City)
}

// HolderText is "held by X → Y", or "still held by Y" when only its
// timeline changed.
func (c *Changes) HolderText(p Place) string {
	holder := func(e *Edition, faction string) string {
		if faction == "" {
			return "no one on record"
		}
		return e.Name(faction)
	}
	if p.HolderChanged() {
		return "held by " + holder(c.Old, p.OldHolder) + " → " + holder(c.New, p.NewHolder)
	}
	return "still held by " + holder(c.New, p.NewHolder)
}

// RowText is "8 December 2024 Faction (Source): note".
func (e *Edition) RowText(r Control) string {
	s := DateText(r.Date) + " " + e.Name(r.Faction)
	if r.Source != "" {
		s += " (" + e.Name(r.Source) + ")"
	}
	if r.Note != "" {
		s += ": " + shorten(r.Note, 100)
	}
	return s
}

// FigureWhere is "Page: label, as of DATE (Source)".
func (e *Edition) FigureWhere(f Figure) string {
	s := fmt.Sprintf("%s: %s, as of %s", e.Name(f.Entity), f.Label, DateText(f.AsOf))
	if f.Source != "" {
		s += " (" + e.Name(f.Source) + ")"
	}
	return s
}

// Detail is a figure's value with its start and note:
// "at least 727 since 27 November 2024; incl. 111 civilians".
func (f Figure) Detail() string {
	s := f.ValueText()
	if f.Since != "" {
		s += " since " + DateText(f.Since)
	}
	if f.Note != "" {
		s += "; " + shorten(f.Note, 100)
	}
	return s
}

// shorten cuts s to at most n characters, at a space when it can, with an
// ellipsis.
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.") + "…"
}

// DateText writes a YYYY-MM-DD date as "6 December 2024"; anything else
// as it is, and an empty one as "an unknown date".
func DateText(s string) string {
	if s == "" {
		return "an unknown date"
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return s
	}
	return t.Format("2 January 2006")
}

// Summary counts the changes in one sentence, for a feed entry: "1 claim
// with a new status, 1 claim added, control changed at 1 place and 1
// figure revised." ("No changes." when there are none.)
func (c *Changes) Summary() string {
	var parts []string
	add := func(n int, one, many string) {
		switch n {
		case 0:
		case 1:
			parts = append(parts, "1 "+one)
		default:
			parts = append(parts, fmt.Sprintf("%d %s", n, many))
		}
	}
	add(len(c.StatusChanged), "claim with a new status", "claims with a new status")
	add(len(c.ClaimsAdded), "claim added", "claims added")
	add(len(c.ClaimsRemoved), "claim removed", "claims removed")
	add(len(c.Places), "place whose control changed", "places whose control changed")
	add(len(c.FiguresRevised), "figure revised", "figures revised")
	add(len(c.FiguresAdded), "figure added", "figures added")
	add(len(c.FiguresRemoved), "figure removed", "figures removed")
	add(len(c.PagesAdded), "page added", "pages added")
	add(len(c.PagesRemoved), "page removed", "pages removed")
	// Every part starts with its count, so the sentence needs no capital.
	switch len(parts) {
	case 0:
		return "No changes."
	case 1:
		return parts[0] + "."
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1] + "."
}
