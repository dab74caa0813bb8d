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
	section := func(title string, n int) {
		fmt.Fprintf(&b, "\n%s (%d)\n", title, n)
	}
	if n := len(c.StatusChanged); n > 0 {
		section("Claims with a new status", n)
		for _, s := range c.StatusChanged {
			fmt.Fprintf(&b, "  ~ %s: %s → %s\n", c.claimText(c.New, s.Claim), s.OldStatus, s.Claim.Status)
			if s.Claim.Note != "" {
				fmt.Fprintf(&b, "    note: %s\n", shorten(s.Claim.Note, 200))
			}
		}
	}
	if n := len(c.ClaimsAdded); n > 0 {
		section("Claims added", n)
		for _, cl := range c.ClaimsAdded {
			fmt.Fprintf(&b, "  + %s: %s\n", c.claimText(c.New, cl), cl.Status)
		}
	}
	if n := len(c.ClaimsRemoved); n > 0 {
		section("Claims removed", n)
		for _, cl := range c.ClaimsRemoved {
			fmt.Fprintf(&b, "  - %s: %s\n", c.claimText(c.Old, cl), cl.Status)
		}
	}
	if n := len(c.Places); n > 0 {
		section("Control", n)
		for _, p := range c.Places {
			name := c.New.Name(p.City)
			if c.New.Page(p.City) == nil {
				name = c.Old.Name(p.City)
			}
			if p.HolderChanged() {
				fmt.Fprintf(&b, "  %s: held by %s → %s\n", name, c.holder(c.Old, p.OldHolder), c.holder(c.New, p.NewHolder))
			} else {
				fmt.Fprintf(&b, "  %s: still held by %s\n", name, c.holder(c.New, p.NewHolder))
			}
			for _, r := range p.Added {
				fmt.Fprintf(&b, "    + %s\n", c.rowText(c.New, r))
			}
			for _, r := range p.Changed {
				fmt.Fprintf(&b, "    ~ %s, was %s\n", c.rowText(c.New, r.New), c.rowText(c.Old, r.Old))
			}
			for _, r := range p.Removed {
				fmt.Fprintf(&b, "    - %s\n", c.rowText(c.Old, r))
			}
		}
	}
	if n := len(c.FiguresRevised); n > 0 {
		section("Figures revised", n)
		for _, r := range c.FiguresRevised {
			fmt.Fprintf(&b, "  ~ %s: %s, was %s\n", c.figureWhere(c.New, r.New), c.figureValue(r.New), c.figureValue(r.Old))
		}
	}
	if n := len(c.FiguresAdded); n > 0 {
		section("Figures added", n)
		for _, f := range c.FiguresAdded {
			fmt.Fprintf(&b, "  + %s: %s\n", c.figureWhere(c.New, f), c.figureValue(f))
		}
	}
	if n := len(c.FiguresRemoved); n > 0 {
		section("Figures removed", n)
		for _, f := range c.FiguresRemoved {
			fmt.Fprintf(&b, "  - %s: %s\n", c.figureWhere(c.Old, f), c.figureValue(f))
		}
	}
	if n := len(c.PagesAdded); n > 0 {
		section("Pages added", n)
		for _, e := range c.PagesAdded {
			fmt.Fprintf(&b, "  + %s (%s)\n", e.Name, e.Key)
		}
	}
	if n := len(c.PagesRemoved); n > 0 {
		section("Pages removed", n)
		for _, e := range c.PagesRemoved {
			fmt.Fprintf(&b, "  - %s (%s)\n", e.Name, e.Key)
		}
	}
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

// claimText is `"quote" in Article (fact sheet: Sheet)`.
func (c *Changes) claimText(e *Edition, cl Claim) string {
	return fmt.Sprintf("%q in %s (fact sheet: %s)", shorten(cl.Quote, 80), e.Name(cl.Article), e.Name(cl.Sheet))
}

func (c *Changes) holder(e *Edition, faction string) string {
	if faction == "" {
		return "no one on record"
	}
	return e.Name(faction)
}

func (c *Changes) rowText(e *Edition, r Control) string {
	s := r.Date + " " + e.Name(r.Faction)
	if r.Source != "" {
		s += " (" + e.Name(r.Source) + ")"
	}
	if r.Note != "" {
		s += ": " + shorten(r.Note, 100)
	}
	return s
}

// figureWhere is "Page: label, as of DATE (Source)".
func (c *Changes) figureWhere(e *Edition, f Figure) string {
	s := fmt.Sprintf("%s: %s, as of %s", e.Name(f.Entity), f.Label, f.AsOf)
	if f.Source != "" {
		s += " (" + e.Name(f.Source) + ")"
	}
	return s
}

func (c *Changes) figureValue(f Figure) string {
	s := f.ValueText()
	if f.Since != "" {
		s += " since " + f.Since
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
