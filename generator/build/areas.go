package build

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"sort"
	"strconv"
	"strings"

	"briefing/generator/content"
	"briefing/generator/diag"
	"briefing/generator/fields"
	"briefing/generator/srcfile"
	"briefing/generator/svgmap"
)

// MaxAreaBytes bounds one area file: a faction's area traced by hand is a
// few hundred points; 8 MiB is a country's worth at survey precision.
const MaxAreaBytes = 8 << 20

// AreaTolerance is how far (in degrees, about 10 km) a position of an area
// may lie outside the map's outline before it is an error: hand-traced
// areas and the outline's 1:50m borders disagree by a few kilometres.
// The map cuts areas at the outline anyway.
const AreaTolerance = 0.09

// PlaceTolerance is how far (in degrees, about 28 km) a place may lie
// outside the map's outline before it is an error: an island off the
// coast, or the outline's 1:50m coast, puts a real place a few kilometres
// out; a slip of a digit puts it hundreds away.
const PlaceTolerance = 0.25

// checkPlaces reports each place whose coords lie outside the map's
// outline, where the coords are written: drawn, it would sit off the
// map, or stretch the map to reach it. (With latitude and longitude
// swapped a place may still land inside a neighbour: that is not told.)
func checkPlaces(docs []*content.Doc, o *svgmap.Outline, themes bool, diags *diag.List) {
	if o == nil {
		return
	}
	outside := o.PlaceCheck(PlaceTolerance)
	for _, d := range docs {
		if d.Coords == nil || d.Draft {
			continue
		}
		km, swapped, names := outside(d.Coords.Lat, d.Coords.Lon)
		if km == 0 {
			continue
		}
		what := "the map's outline"
		if names != "" {
			what += " (" + names + ")"
		}
		hint := ""
		switch {
		case swapped:
			hint = "the numbers look swapped: coords are [latitude, longitude]"
		case themes:
			hint = "the map's outline is the theme's, of Syria and its neighbours: for a briefing elsewhere, name your own in site.yaml as map: {outline: FILE}"
		}
		diags.Add(diag.Diagnostic{Path: d.Path, Line: d.CoordsPos.Line, Col: d.CoordsPos.Col, Hint: hint,
			Msg: fmt.Sprintf("coords [%v, %v] lie %s km outside %s", d.Coords.Lat, d.Coords.Lon, thousands(int64(math.Round(km))), what)})
	}
}

// thousands writes n with commas between groups of three digits.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// loadAreas reads and checks every area file the factions name, once
// each, and returns them by path. A file that is not there is reported
// where the fact sheet names it; a malformed polygon, or one outside the
// outline, where it is in the file.
func loadAreas(src fs.FS, docs []*content.Doc, o *svgmap.Outline, diags *diag.List) map[string]*svgmap.Area {
	type use struct {
		doc *content.Doc
		i   int
	}
	uses := map[string][]use{}
	var files []string
	for _, d := range docs {
		for i, a := range d.Areas {
			if a.File == "" {
				continue
			}
			if _, ok := uses[a.File]; !ok {
				files = append(files, a.File)
			}
			uses[a.File] = append(uses[a.File], use{d, i})
		}
	}
	if len(files) == 0 {
		return nil
	}
	sort.Strings(files)
	out := make(map[string]*svgmap.Area, len(files))
	for _, p := range files {
		data, err := readArea(src, p)
		if err != nil {
			for _, u := range uses[p] {
				a := u.doc.Areas[u.i]
				dg := diag.Diagnostic{Path: u.doc.Path, Line: a.FilePos.Line, Col: a.FilePos.Col,
					Msg: fmt.Sprintf("areas[%d].file %s: %s", u.i, p, err.Error())}
				if errors.Is(err, fs.ErrNotExist) {
					dg.Msg = fmt.Sprintf("areas[%d].file not found: %s", u.i, p)
					dg.Hint = areaHint(src, p)
				}
				diags.Add(dg)
			}
			continue
		}
		a, err := svgmap.ParseArea(data)
		if err == nil {
			err = o.Outside(a, data, AreaTolerance)
		}
		if err != nil {
			diags.Add(locatedIn(p, data, err))
			continue
		}
		out[p] = a
	}
	return out
}

// readArea reads an area file as carefully as the rest of the source.
func readArea(src fs.FS, p string) ([]byte, error) {
	if src == nil {
		return nil, fs.ErrNotExist
	}
	if msg := srcfile.Check(src, p); msg != "" {
		return nil, errors.New(msg)
	}
	data, err := srcfile.ReadLimited(src, p, MaxAreaBytes)
	if err != nil {
		var re *srcfile.ReadError
		if errors.As(err, &re) && re.TooLarge {
			return nil, fmt.Errorf("larger than %d MiB: an area file that large is not plausible", MaxAreaBytes>>20)
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, fmt.Errorf("cannot be read: %s", srcfile.CleanErr(err))
	}
	return data, nil
}

// areaHint suggests the closest name in the areas folder.
func areaHint(src fs.FS, p string) string {
	entries, err := fs.ReadDir(src, path.Dir(p))
	if err != nil {
		return ""
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), content.AreaExt) {
			names = append(names, e.Name())
		}
	}
	return diag.Suggest(path.Base(p), names)
}

// locatedIn turns a parse error into a diagnostic at its line and column
// in the file (columns count characters, as editors do).
func locatedIn(p string, data []byte, err error) diag.Diagnostic {
	d := diag.Diagnostic{Path: p, Msg: err.Error()}
	var e *svgmap.Error
	if !errors.As(err, &e) {
		return d
	}
	d.Msg, d.Hint = e.Msg, e.Hint
	if e.Offset < 0 {
		return d
	}
	pos := fields.PosOf(data, int(e.Offset))
	d.Line, d.Col = pos.Line, pos.Col
	return d
}
