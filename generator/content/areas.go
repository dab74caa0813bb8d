package content

import (
	"path"
	"slices"
	"strings"

	"briefing/generator/config"
	"briefing/generator/fields"

	"go.yaml.in/yaml/v3"
)

// AreasDir is the one folder of content/ that is not a kind: it holds the
// GeoJSON files of the factions' areas of control, named from their fact
// sheets. Kept under content/ because it is data an analyst writes, which
// the preview server watches and the source-folder rules (srcfile) guard.
const AreasDir = "areas"

// Area is one dated area of control in a faction's fact sheet:
//
//	areas:
//	  - date: 2024-12-05
//	    file: areas/hts-2024-12-05.geojson   # relative to content/
//	    source: isw-ctp
//	    note: Traced from ISW-CTP's map of 5 December.
//	    approximate: true
//
// The faction holds the area from Date until its next area's date.
type Area struct {
	Date        fields.Date
	File        string     // "content/areas/hts-2024-12-05.geojson", relative to the source root
	FilePos     fields.Pos // where file: is written, for "not found"
	Source      Ref
	Note        string
	Approximate bool
	Hindsight   bool       // dated after the cutoff on purpose: pages mark it, check does not list it
	Ended       bool       // the faction holds no area from Date: it ends the one before, and has no File
	Pos         fields.Pos // the entry
	DatePos     fields.Pos // its date (the entry when undated)
}

// AreaExt is the extension of area files.
const AreaExt = ".geojson"

// readAreas reads a faction's areas: each dated, sourced and naming a
// GeoJSON file in content/areas/ (what is in the file is the build's to
// check, as it reads files other than this one).
func readAreas(d *Doc, m *fields.Map) {
	r := m.Reader()
	dates := map[string]int{}
	datesBad := false // an entry undated, misdated or sharing its date: reported already
	for i, it := range limit(m, "areas") {
		am, ok := item(r, it, "areas", i)
		if !ok {
			d.Areas = append(d.Areas, Area{Pos: r.At(it), DatePos: r.At(it)})
			datesBad = true
			continue
		}
		date, dn := am.Date("date", true)
		a := Area{Pos: r.At(it), Date: date, DatePos: r.At(it)}
		if dn != nil {
			a.DatePos = r.At(dn)
		}
		a.Ended, _ = am.Bool("ended")
		f, fn := am.String("file", !a.Ended)
		if a.Ended && fn != nil {
			r.Errorf(fn, "leave out file:, or ended:", "areas[%d] is ended: true, the end of the faction's area, and names no file", i)
		} else if fn != nil && strings.TrimSpace(f) != "" {
			a.FilePos = r.At(fn)
			clean := path.Clean(f)
			switch {
			case path.IsAbs(f) || strings.HasPrefix(clean, "../") || clean == "..":
				r.Errorf(fn, "write it relative to content/, e.g. "+AreasDir+"/"+d.Slug+"-2024-12-05"+AreaExt, "areas[%d].file must name a file in content/%s/, got %q", i, AreasDir, f)
			case !strings.HasPrefix(clean, AreasDir+"/") || strings.Count(clean, "/") != 1:
				r.Errorf(fn, "area files sit directly in content/"+AreasDir+"/", "areas[%d].file must name a file in content/%s/, got %q", i, AreasDir, f)
			case !strings.HasSuffix(clean, AreaExt):
				r.Errorf(fn, "", "areas[%d].file must be a GeoJSON file ending in %s, got %q", i, AreaExt, f)
			default:
				a.File = Dir + "/" + clean
			}
		}
		a.Source = requiredRef(d, am, it, "source", config.Sources, ": say whose map the area is traced from")
		a.Note, _ = am.String("note", false)
		var an *yaml.Node
		a.Approximate, an = am.Bool("approximate")
		if a.Ended && a.Approximate {
			r.Errorf(an, "leave out approximate:, or ended:", "areas[%d] is ended: true, the end of the faction's area, and has no outline to be approximate", i)
		}
		a.Hindsight, _ = am.Bool("hindsight")
		am.Only("date", "file", "ended", "source", "note", "approximate", "hindsight")
		if a.Date.IsZero() {
			datesBad = true
		} else {
			k := a.Date.String()
			if j, dup := dates[k]; dup {
				r.Errorf(dn, "", "areas[%d] and areas[%d] are both dated %s: a faction has one area per date", j, i, k)
				datesBad = true
			}
			dates[k] = i
		}
		d.Areas = append(d.Areas, a)
	}
	// An end ends the area before it in time: one the faction held.
	// Checked in date order, since entries may be written in any order,
	// and only when every entry has a date of its own: with one wrong,
	// the order is not known, and the date's error is the one to fix.
	if datesBad {
		return
	}
	order := make([]int, len(d.Areas))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return d.Areas[i].Date.Compare(d.Areas[j].Date.Time) })
	for k, i := range order {
		a := d.Areas[i]
		if !a.Ended {
			continue
		}
		if k == 0 {
			r.ErrorAt(a.DatePos, "an end follows the area it ends, dated before it", "areas[%d] is ended: true, yet the faction holds no area before %s to end", i, a.Date)
		} else if j := order[k-1]; d.Areas[j].Ended {
			r.ErrorAt(a.DatePos, "remove one of the two ends", "areas[%d] is ended: true, yet areas[%d] ended the faction's area already, on %s", i, j, d.Areas[j].Date)
		}
	}
}
