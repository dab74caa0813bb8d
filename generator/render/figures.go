package render

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"briefing/generator/fields"
	"briefing/generator/resolve"
)

// FigureGroup is the figures of one label ("displaced") on a page, as a
// table with a row per date and a column per source: two sources' counts
// on the same dates sit side by side, never read as one series. Rows dated
// after the cutoff come apart, after the rest.
type FigureGroup struct {
	Label       string
	ID          string            // the table's anchor: "fig-killed-all-sides"
	Sources     []*resolve.Entity // the columns; an entry is nil for an unknown source (reported)
	Rows, Later []FigureRow
	Columns     int // the table's: a date's and each source's
}

// FigureRow is one date of a FigureGroup with its age against the cutoff.
type FigureRow struct {
	ID          string // the row's anchor, which search results link to: "fig-killed-all-sides-2024-12-05"
	Date        fields.Date
	Age         string // "2 days before the cutoff", "on the cutoff", "3 days after the cutoff"
	Stale       bool   // older than site.yaml's stale_after
	AfterCutoff string
	Cells       [][]*resolve.Figure // per source: its figures of that date (usually one, or none)
}

// figureGroups arranges a page's figures for its template.
func (r *renderer) figureGroups(e *resolve.Entity) []FigureGroup {
	var out []FigureGroup
	used := map[string]bool{}
	for i, s := range e.Figures {
		g := FigureGroup{Label: s.Label, ID: "fig-" + anchorWords(s.Label)}
		// Two labels may write the same words ("killed, all sides" and
		// "killed (all sides)"): the later table takes its number too.
		if used[g.ID] {
			g.ID += "-" + strconv.Itoa(i+1)
		}
		used[g.ID] = true
		col := map[*resolve.Entity]int{}
		for _, f := range s.Points {
			if _, ok := col[f.Source]; !ok {
				col[f.Source] = len(g.Sources)
				g.Sources = append(g.Sources, f.Source)
			}
		}
		// Points are in date order.
		var rows []FigureRow
		for _, f := range s.Points {
			if n := len(rows); n == 0 || !rows[n-1].Date.Equal(f.AsOf.Time) {
				row := FigureRow{ID: g.ID + "-" + f.AsOf.String(), Date: f.AsOf, AfterCutoff: f.AfterCutoff, Cells: make([][]*resolve.Figure, len(g.Sources))}
				row.Age, row.Stale = figureAge(f.AsOf, r.b.AsOf, r.b.Site.StaleAfter)
				rows = append(rows, row)
			}
			row := &rows[len(rows)-1]
			row.Cells[col[f.Source]] = append(row.Cells[col[f.Source]], f)
		}
		g.Rows, g.Later = atCutoff(rows, func(r FigureRow) bool { return r.AfterCutoff != "" })
		g.Columns = 1 + len(g.Sources)
		out = append(out, g)
	}
	return out
}

// figureAge says how old a figure of date d is against the cutoff, and
// whether it is older than staleAfter days (0: never stale).
func figureAge(d, cutoff fields.Date, staleAfter int) (string, bool) {
	if d.IsZero() || cutoff.IsZero() {
		return "", false
	}
	days := int(cutoff.Sub(d.Time) / (24 * time.Hour)) // dates are midnights UTC: whole days
	switch {
	case days == 0:
		return "on the cutoff", false
	case days < 0:
		return plural(-days, "day", "days") + " after the cutoff", false
	}
	return plural(days, "day", "days") + " before the cutoff", staleAfter > 0 && days > staleAfter
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// anchorWords is a label as a fragment: lower-case letters and digits of
// any script, words joined by hyphens ("killed (all sides)" ->
// "killed-all-sides").
func anchorWords(label string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(label), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), "-")
}
