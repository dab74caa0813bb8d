package changes

import (
	"golang.org/x/text/language"
	"golang.org/x/text/message"
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

// Later reports whether the old edition is dated after the new one:
// what changed is told from the earlier edition to the later. Editions
// of one date may differ (a correction the same day); one without a date
// is never later.
func Later(old, new *Edition) bool {
	return new.AsOf != "" && old.AsOf > new.AsOf // ISO dates, checked when read
}

// Compare says what changed from old to new: between the situations as
// of their dates, each without what it carries from after its cutoff.
func Compare(old, new *Edition) *Changes {
	old, new = old.known(), new.known()
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

// diff pairs the items of two lists by a key, the n-th item of a key in
// one list with the n-th of that key in the other (a sheet may make the
// same claim twice, at two places in the text): the items of new with no
// pair are added, the pairs that are not the same are changed, and the
// items of old with no pair are removed.
func diff[T any](old, new []T, key func(T) string, same func(a, b T) bool) (added []T, changed [][2]T, removed []T) {
	byKey := map[string][]int{}
	for i, v := range old {
		k := key(v)
		byKey[k] = append(byKey[k], i)
	}
	taken := make([]bool, len(old))
	for _, v := range new {
		k := key(v)
		idx := byKey[k]
		if len(idx) == 0 {
			added = append(added, v)
			continue
		}
		i := idx[0]
		byKey[k] = idx[1:]
		taken[i] = true
		if !same(old[i], v) {
			changed = append(changed, [2]T{old[i], v})
		}
	}
	for i, v := range old {
		if !taken[i] {
			removed = append(removed, v)
		}
	}
	return added, changed, removed
}

func equal[T comparable](a, b T) bool { return a == b }

func compareClaims(c *Changes) {
	key := func(cl Claim) string { return cl.Sheet + "\x00" + cl.Article + "\x00" + cl.Quote }
	sameStatus := func(a, b Claim) bool { return a.Status == b.Status }
	var changed [][2]Claim
	c.ClaimsAdded, changed, c.ClaimsRemoved = diff(c.Old.Claims, c.New.Claims, key, sameStatus)
	for _, p := range changed {
		c.StatusChanged = append(c.StatusChanged, StatusChange{Claim: p[1], OldStatus: p[0].Status})
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
	byDate := func(r Control) string { return r.Date }
	for _, city := range cities {
		p := Place{City: city, OldHolder: holder(c.Old, city), NewHolder: holder(c.New, city)}
		var changed [][2]Control
		p.Added, changed, p.Removed = diff(oldRows[city], newRows[city], byDate, equal)
		for _, ch := range changed {
			p.Changed = append(p.Changed, RowChange{Old: ch[0], New: ch[1]})
		}
		if p.Count() > 0 {
			c.Places = append(c.Places, p)
		}
	}
}

func compareFigures(c *Changes) {
	key := func(f Figure) string { return f.Entity + "\x00" + f.Label + "\x00" + f.Source + "\x00" + f.AsOf }
	var changed [][2]Figure
	c.FiguresAdded, changed, c.FiguresRemoved = diff(c.Old.Figures, c.New.Figures, key, equal)
	for _, ch := range changed {
		c.FiguresRevised = append(c.FiguresRevised, Revision{Old: ch[0], New: ch[1]})
	}
}

// ValueText is a figure's number as pages write it: "at least 727",
// "800,000 to 1,000,000".
func (f Figure) ValueText() string { return ValueText(f.Value, f.High, f.Qualifier) }

// ValueText writes a value, the high end of its range (0: none) and its
// qualifier as pages do: "about 267 to 268".
func ValueText(value, high int64, qualifier string) string {
	s := Number(value)
	if high > 0 {
		s += " to " + Number(high)
	}
	if qualifier != "" {
		s = qualifier + " " + s
	}
	return s
}

// Number writes a whole number with thousands separators: 996,000.
func Number(n int64) string { return english.Sprint(n) }

// english writes numbers as the briefing's English does, with a comma
// between thousands.
var english = message.NewPrinter(language.English)

// known is the edition as it stood on its date. One built without
// --as-of also carries what is dated after its cutoff, marked as such on
// its pages: pages dated later, with their claims, figures and rows;
// claims on later articles; rows and figures dated later. They are left
// out, as build --as-of leaves them out: a later figure is not "removed"
// when the next edition's cutoff comes before it, nor a later row already
// there in the edition before the change. Undated items are kept.
func (e *Edition) known() *Edition {
	later := func(date string) bool { return e.AsOf != "" && date > e.AsOf } // ISO dates
	laterPage := func(key string) bool {
		p := e.Page(key)
		return p != nil && later(p.Date)
	}
	k := &Edition{Schema: e.Schema, Title: e.Title, AsOf: e.AsOf}
	for _, p := range e.Entities {
		if !later(p.Date) {
			k.Entities = append(k.Entities, p)
		}
	}
	for _, c := range e.Claims {
		if !laterPage(c.Sheet) && !laterPage(c.Article) {
			k.Claims = append(k.Claims, c)
		}
	}
	for _, r := range e.Control {
		if !later(r.Date) && !laterPage(r.City) {
			k.Control = append(k.Control, r)
		}
	}
	for _, f := range e.Figures {
		if !later(f.AsOf) && !laterPage(f.Entity) {
			k.Figures = append(k.Figures, f)
		}
	}
	k.index()
	return k
}
