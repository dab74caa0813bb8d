package changes

import (
	"fmt"
	"strconv"
)

// Changes is what changed from one edition to the next. Lists follow the
// new edition's order (briefing.json's stable order), what was removed the
// old one's.
type Changes struct {
	Old, New *Edition

	ClaimsAdded   []Claim        // in the new edition only
	ClaimsRemoved []Claim        // in the old edition only
	StatusChanged []StatusChange // in both, with another status

	Places []Place // places whose holder or control timeline changed

	FiguresAdded   []Figure
	FiguresRevised []Revision
	FiguresRemoved []Figure

	PagesAdded   []Entity
	PagesRemoved []Entity
}

// StatusChange is a claim whose status changed.
type StatusChange struct {
	Claim     Claim // as the new edition has it (status, note)
	OldStatus string
}

// Place is the control changes of one place.
type Place struct {
	City                 string // key
	OldHolder, NewHolder string // faction keys as of each edition's date ("" for none)
	Added, Removed       []Control
	Changed              []RowChange
}

// HolderChanged reports whether the place changed hands between the
// editions' dates.
func (p Place) HolderChanged() bool { return p.OldHolder != p.NewHolder }

// RowChange is a control row of the same place and date that says
// something else.
type RowChange struct{ Old, New Control }

// Revision is a figure of the same page, label, source and date with
// another value (or range, qualifier, start or note).
type Revision struct{ Old, New Figure }

// Count is the number of changes listed, a place counting once however
// many of its rows changed.
func (c *Changes) Count() int {
	return len(c.ClaimsAdded) + len(c.ClaimsRemoved) + len(c.StatusChanged) + len(c.Places) +
		len(c.FiguresAdded) + len(c.FiguresRevised) + len(c.FiguresRemoved) +
		len(c.PagesAdded) + len(c.PagesRemoved)
}

// Count is the number of changes at a place: its change of hands and each
// row added, removed or changed.
func (p Place) Count() int {
	n := len(p.Added) + len(p.Removed) + len(p.Changed)
	if p.HolderChanged() {
		n++
	}
	return n
}

// Compare says what changed from old to new.
func Compare(old, new *Edition) *Changes {
	c := &Changes{Old: old, New: new}
	compareClaims(c)
	comparePlaces(c)
	compareFigures(c)
	oldPages := map[string]bool{}
	for _, e := range old.Entities {
		oldPages[e.Key] = true
	}
	newPages := map[string]bool{}
	for _, e := range new.Entities {
		newPages[e.Key] = true
		if !oldPages[e.Key] {
			c.PagesAdded = append(c.PagesAdded, e)
		}
	}
	for _, e := range old.Entities {
		if !newPages[e.Key] {
			c.PagesRemoved = append(c.PagesRemoved, e)
		}
	}
	return c
}

// matcher pairs the items of two lists by a key, the n-th item of a key
// in one list with the n-th of that key in the other (a sheet may make
// the same claim twice, at two places in the text).
type matcher[T any] struct {
	old   map[string][]int
	taken []bool
}

func newMatcher[T any](old []T, key func(T) string) *matcher[T] {
	m := &matcher[T]{old: map[string][]int{}, taken: make([]bool, len(old))}
	for i, v := range old {
		k := key(v)
		m.old[k] = append(m.old[k], i)
	}
	return m
}

// match returns the index in the old list of the next unmatched item with
// key k, or -1.
func (m *matcher[T]) match(k string) int {
	idx := m.old[k]
	if len(idx) == 0 {
		return -1
	}
	i := idx[0]
	m.old[k] = idx[1:]
	m.taken[i] = true
	return i
}

func compareClaims(c *Changes) {
	key := func(cl Claim) string { return cl.Sheet + "\x00" + cl.Article + "\x00" + cl.Quote }
	m := newMatcher(c.Old.Claims, key)
	for _, cl := range c.New.Claims {
		i := m.match(key(cl))
		switch {
		case i < 0:
			c.ClaimsAdded = append(c.ClaimsAdded, cl)
		case c.Old.Claims[i].Status != cl.Status:
			c.StatusChanged = append(c.StatusChanged, StatusChange{Claim: cl, OldStatus: c.Old.Claims[i].Status})
		}
	}
	for i, cl := range c.Old.Claims {
		if !m.taken[i] {
			c.ClaimsRemoved = append(c.ClaimsRemoved, cl)
		}
	}
}

func comparePlaces(c *Changes) {
	byCity := func(rows []Control) map[string][]Control {
		out := map[string][]Control{}
		for _, r := range rows {
			out[r.City] = append(out[r.City], r)
		}
		return out
	}
	oldRows, newRows := byCity(c.Old.Control), byCity(c.New.Control)
	holder := func(e *Edition, city string) string {
		if p := e.Page(city); p != nil {
			return p.ControlledBy
		}
		return ""
	}
	// Places in the new edition's order (its pages, then its rows), then
	// those only the old one has.
	var cities []string
	seen := map[string]bool{}
	add := func(city string) {
		if !seen[city] {
			seen[city] = true
			cities = append(cities, city)
		}
	}
	for _, e := range c.New.Entities {
		if e.ControlledBy != "" || len(newRows[e.Key]) > 0 || holder(c.Old, e.Key) != "" || len(oldRows[e.Key]) > 0 {
			add(e.Key)
		}
	}
	for _, r := range c.New.Control {
		add(r.City)
	}
	for _, e := range c.Old.Entities {
		if e.ControlledBy != "" || len(oldRows[e.Key]) > 0 {
			add(e.Key)
		}
	}
	for _, r := range c.Old.Control {
		add(r.City)
	}
	for _, city := range cities {
		p := Place{City: city, OldHolder: holder(c.Old, city), NewHolder: holder(c.New, city)}
		olds := oldRows[city]
		key := func(r Control) string { return r.Date }
		m := newMatcher(olds, key)
		for _, r := range newRows[city] {
			i := m.match(key(r))
			switch {
			case i < 0:
				p.Added = append(p.Added, r)
			case olds[i] != r:
				p.Changed = append(p.Changed, RowChange{Old: olds[i], New: r})
			}
		}
		for i, r := range olds {
			if !m.taken[i] {
				p.Removed = append(p.Removed, r)
			}
		}
		if p.Count() > 0 {
			c.Places = append(c.Places, p)
		}
	}
}

func compareFigures(c *Changes) {
	key := func(f Figure) string { return f.Entity + "\x00" + f.Label + "\x00" + f.Source + "\x00" + f.AsOf }
	m := newMatcher(c.Old.Figures, key)
	for _, f := range c.New.Figures {
		i := m.match(key(f))
		switch {
		case i < 0:
			c.FiguresAdded = append(c.FiguresAdded, f)
		case c.Old.Figures[i] != f:
			c.FiguresRevised = append(c.FiguresRevised, Revision{Old: c.Old.Figures[i], New: f})
		}
	}
	for i, f := range c.Old.Figures {
		if !m.taken[i] {
			c.FiguresRemoved = append(c.FiguresRemoved, f)
		}
	}
}

// ValueText is a figure's number as pages write it: "at least 727",
// "800,000 to 1,000,000".
func (f Figure) ValueText() string {
	s := Number(f.Value)
	if f.High > 0 {
		s += " to " + Number(f.High)
	}
	if f.Qualifier != "" {
		s = f.Qualifier + " " + s
	}
	return s
}

// Number writes a whole number with thousands separators: 996,000.
func Number(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3+1)
	if neg {
		out = append(out, '-')
	}
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// String describes a control row: "2024-12-08 factions/hts (sources/reuters)".
func (r Control) String() string {
	s := fmt.Sprintf("%s %s", r.Date, r.Faction)
	if r.Source != "" {
		s += " (" + r.Source + ")"
	}
	return s
}
