// Package content is the LOAD stage: it walks content/<kind>/*.md in a
// briefing's source tree, splits each file into front matter and Markdown
// body, and reads the front matter into a typed Doc for its kind. Checks here
// are per file (types, dates, ranges, unknown keys, slugs); whether a slug
// named in front matter exists is for the resolve stage, which comes next.
package content

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"briefing/generator/config"
	"briefing/generator/diag"
	"briefing/generator/fields"
	"briefing/generator/markdown"
	"briefing/generator/parallel"
	"briefing/generator/progress"
	"briefing/generator/srcfile"

	"github.com/adrg/frontmatter"
	"go.yaml.in/yaml/v3"
)

// Dir is the folder under the source root that holds the content.
const Dir = srcfile.ContentDir

// Limits that keep a hostile or mistaken file from stalling a build.
const (
	MaxFileSize = 1 << 20 // bytes per Markdown file: goldmark needs seconds and hundreds of MB for a hostile megabyte
	MaxClaims   = 1000    // claims per file
	MaxListLen  = 10000   // items in any front-matter list
)

// Ref is a slug named in front matter, kept with its place so the resolve
// stage can report an unknown one where it is written.
type Ref struct {
	Kind  string // the kind it must name ("factions"), or "" for any
	Slug  string
	Field string // "control[0].faction", as shown in messages
	Pos   fields.Pos
}

// Claim marks a passage of an article and how it holds up (SPEC 4.4).
type Claim struct {
	Article Ref
	Quote   string
	Prefix  string
	Suffix  string
	Status  string
	Sources []Ref
	Note    string
	NotePos fields.Pos
	Pos     fields.Pos // the claim's "quote" key, where match errors point
	Index   int        // position in the file's claims list
}

// Figure is one dated number (a toll, a count of displaced people).
type Figure struct {
	Label     string
	Value     int64
	High      int64 // upper end of a range, or 0
	Qualifier string
	AsOf      fields.Date
	Since     fields.Date
	Source    Ref
	Note      string
	Pos       fields.Pos // its as_of date, where a notice of a figure dated after the cutoff points
	Hindsight bool       // dated after the cutoff on purpose: pages mark it, check does not list it
}

// Control says which faction holds a city from a date on.
type Control struct {
	Date    fields.Date
	Faction Ref
	Source  Ref
	Note    string
	Pos     fields.Pos // its date, where a notice of a change after the cutoff points
	// HeldBefore says the faction already held the city on Date: the
	// timeline starts there, it is not a change of hands.
	HeldBefore bool
	Hindsight  bool // dated after the cutoff on purpose: pages mark it, check does not list it
}

// Coords is a point in WGS84 degrees.
type Coords struct{ Lat, Lon float64 }

// Doc is one content file with its typed front matter. It is made by
// Parse and never changed after.
type Doc struct {
	Kind string // plural kind name: "cities"
	Slug string // file name without .md
	Path string // "content/cities/hama.md", relative to the source root
	// lowerName is Name lower-cased, for sorting, made once by Parse.
	// Empty in a Doc made otherwise; SortName works either way.
	lowerName string

	Src        []byte // whole file (UTF-8, BOM removed)
	Body       []byte // Markdown body: Src[BodyOffset:]
	BodyOffset int
	lineOnce   sync.Once
	lineStarts []int

	// Common fields. Name is the title for articles.
	Name    string
	Aliases []string
	Summary string
	Date    fields.Date
	DatePos fields.Pos // where Date is written
	// Hindsight says a page dated after the cutoff is there on purpose:
	// pages mark it as after the cutoff, and check does not list it.
	Hindsight bool
	Coords    *Coords
	CoordsPos fields.Pos // where Coords is written
	Claims    []Claim
	Figures   []Figure

	// Articles.
	Source Ref // the outlet that published it, if given
	URL    string
	Author string
	Draft  bool

	// Cities.
	Population       int64
	PopulationYear   int64
	PopulationSource Ref
	Governorate      string
	Control          []Control

	// Factions and cities: what it is ("armed group", "air base").
	Type string

	// Factions.
	Leader    string
	Founded   string
	Allies    []Ref
	Opponents []Ref
	Color     string
	Areas     []Area // areas of control, in the order written (areas.go)

	// Sources.
	SourceKind  string
	Reliability string

	// Refs lists every slug named in front matter, for the resolve stage.
	Refs []Ref

	// Broken is set when the file could not be read at all (bad YAML, no
	// front matter). The doc is kept so that links to it do not cause a
	// cascade of "unknown" errors; nothing is rendered from it. Its Body
	// is set when the front matter was closed and the body is within the
	// limits: its links and citations are still checked.
	Broken bool

	// LeftOut is set (by package cutoff) on a page dated after the date
	// of a build --as-of: it is not published, and a link to it reads as
	// its name, in plain text.
	LeftOut bool
}

// Clone returns a copy of d that a later stage may change without
// touching d (the preview server reuses d in the next build). Slices are
// shared: replace them, never write into them. (A Doc holds a sync.Once,
// so it cannot be copied by assignment.)
func (d *Doc) Clone() *Doc {
	return &Doc{
		Kind: d.Kind, Slug: d.Slug, Path: d.Path, lowerName: d.lowerName,
		Src: d.Src, Body: d.Body, BodyOffset: d.BodyOffset,
		Name: d.Name, Aliases: d.Aliases, Summary: d.Summary, Date: d.Date, DatePos: d.DatePos, Hindsight: d.Hindsight,
		Coords: d.Coords, CoordsPos: d.CoordsPos, Claims: d.Claims, Figures: d.Figures,
		Source: d.Source, URL: d.URL, Author: d.Author, Draft: d.Draft,
		Population: d.Population, PopulationYear: d.PopulationYear, PopulationSource: d.PopulationSource,
		Governorate: d.Governorate, Control: d.Control,
		Type: d.Type, Leader: d.Leader, Founded: d.Founded, Allies: d.Allies, Opponents: d.Opponents, Color: d.Color, Areas: d.Areas,
		SourceKind: d.SourceKind, Reliability: d.Reliability,
		Refs: d.Refs, Broken: d.Broken, LeftOut: d.LeftOut,
	}
}

// Position converts a byte offset in Src to a 1-based line and column
// (columns count characters, as editors do).
func (d *Doc) Position(off int) fields.Pos {
	// Only a file with a problem needs positions: the line starts are
	// found the first time one is asked for (safely: bodies are resolved
	// in parallel).
	d.lineOnce.Do(func() {
		d.lineStarts = []int{0}
		for i, c := range d.Src {
			if c == '\n' {
				d.lineStarts = append(d.lineStarts, i+1)
			}
		}
	})
	off = max(0, min(off, len(d.Src)))
	i := sort.Search(len(d.lineStarts), func(i int) bool { return d.lineStarts[i] > off }) - 1
	return fields.Pos{Line: i + 1, Col: utf8.RuneCount(d.Src[d.lineStarts[i]:off]) + 1}
}

// BodyPosition converts a byte offset in Body to file coordinates.
func (d *Doc) BodyPosition(off int) fields.Pos { return d.Position(d.BodyOffset + off) }

// PageKey is "kind/slug".
func (d *Doc) PageKey() string { return d.Kind + "/" + d.Slug }

// SortName is the name lower-cased.
func (d *Doc) SortName() string {
	if d.lowerName != "" || d.Name == "" {
		return d.lowerName
	}
	return strings.ToLower(d.Name)
}

// File is one content file as read from the source, before parsing.
type File struct {
	Kind string // the kind whose folder holds it: "cities"
	Path string // "content/cities/hama.md"
	Src  []byte
	// Unreadable says the file could not be read (Files reports why):
	// Parse makes it a broken page, so that links to it do not cascade.
	Unreadable bool
	// Misnamed says the file's name is not a slug (Files reports it): it
	// is parsed, so that its own problems come in the same run, and then
	// left out, as it may be a copy of a page ("Hama.md" beside hama.md).
	Misnamed bool
}

// Files lists and reads the content files of every kind declared in
// site, sorted by kind (in site order) then path. Anything else found in
// content/ is reported, and so is a file that cannot be read or whose
// name is not a slug (the latter is marked Misnamed). It counts the files on
// meter, if not nil, as they are read (package progress): how many once
// they are listed, then one a file.
func Files(fsys fs.FS, site *config.Site, meter *progress.Meter) ([]File, diag.List) {
	var diags diag.List
	if msg := srcfile.CheckLink(fsys, Dir); msg != "" {
		diags.Add(diag.Diagnostic{Path: Dir, Msg: msg})
		return nil, diags
	}
	entries, err := fs.ReadDir(fsys, Dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			diags.Add(diag.Diagnostic{Path: Dir, Msg: "folder not found: a briefing keeps its files in content/<kind>/"})
		} else {
			diags.Add(diag.Diagnostic{Path: Dir, Msg: "cannot read folder: " + srcfile.CleanErr(err)})
		}
		return nil, diags
	}
	kinds := site.KindNames()
	present := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		p := Dir + "/" + name
		if srcfile.Ignored(name) {
			continue
		}
		if e.Type()&fs.ModeSymlink != 0 {
			if msg := srcfile.CheckLink(fsys, p); msg != "" {
				diags.Add(diag.Diagnostic{Path: p, Msg: msg})
				continue
			}
		}
		if !isDir(fsys, p, e) {
			diags.Add(diag.Diagnostic{Path: p, Msg: "stray file: content/ holds only one folder per kind (" + strings.Join(kinds, ", ") + ")"})
			continue
		}
		if name == AreasDir {
			continue // map data, read by the build from the factions' areas
		}
		if _, ok := site.Kind(name); !ok {
			diags.Add(diag.Diagnostic{Path: p, Msg: fmt.Sprintf("unknown kind %q: declare it under kinds: in site.yaml", name), Hint: diag.Suggest(name, kinds)})
			continue
		}
		present[name] = true
	}
	type job struct {
		dir  srcfile.Dir
		link bool // a symbolic link, to be checked before reading
	}
	var files []File
	var jobs []job
	for _, k := range site.Kinds {
		if !present[k.Name] {
			continue
		}
		dir := Dir + "/" + k.Name
		d, err := srcfile.OpenDir(fsys, dir)
		var names []fs.DirEntry
		if err == nil {
			defer d.Close()
			names, err = d.ReadDir()
		}
		if err != nil {
			diags.Add(diag.Diagnostic{Path: dir, Msg: "cannot read folder: " + srcfile.CleanErr(err)})
			continue
		}
		for _, f := range names {
			if p, ok := listed(fsys, dir, f, &diags); ok {
				files = append(files, File{Kind: k.Name, Path: p})
				jobs = append(jobs, job{d, f.Type()&fs.ModeSymlink != 0})
			}
		}
	}
	if len(files) == 0 && len(diags) == 0 {
		diags.Add(diag.Diagnostic{Path: Dir, Msg: "no content files: a briefing keeps its articles and fact sheets in content/<kind>/*.md (" + strings.Join(kinds, ", ") + ")"})
	}
	lists := make([]diag.List, len(files))
	meter.Count(len(files))
	parallel.For(len(files), func(i int) {
		readFile(fsys, jobs[i].dir, jobs[i].link, &files[i], &lists[i])
		meter.Add(1)
	})
	for _, l := range lists {
		diags.Merge(l)
	}
	return files, diags
}

// listed says whether an entry of a kind's folder dir is a Markdown file
// to read, reporting anything else in it.
func listed(fsys fs.FS, dir string, f fs.DirEntry, diags *diag.List) (string, bool) {
	name := f.Name()
	p := dir + "/" + name
	if srcfile.Ignored(name) {
		return "", false
	}
	if isDir(fsys, p, f) {
		msg := "nested folder: a kind's files sit directly in " + dir + "/"
		if strings.HasSuffix(name, ".md") {
			msg = "is a folder, not a Markdown file: a kind's files sit directly in " + dir + "/"
		}
		diags.Add(diag.Diagnostic{Path: p, Msg: msg})
		return "", false
	}
	if !strings.HasSuffix(name, ".md") {
		diags.Add(diag.Diagnostic{Path: p, Msg: "not a Markdown file: only .md files belong in " + dir + "/ (images and other files go in static/)"})
		return "", false
	}
	if t := f.Type(); t&fs.ModeSymlink == 0 && !t.IsRegular() {
		// Opening a named pipe would wait for a writer forever.
		diags.Add(diag.Diagnostic{Path: p, Msg: "not a regular file (a named pipe, socket or device)"})
		return "", false
	}
	return p, true
}

func isDir(fsys fs.FS, p string, e fs.DirEntry) bool {
	if e.Type()&fs.ModeSymlink != 0 {
		st, err := fs.Stat(fsys, p)
		return err == nil && st.IsDir()
	}
	return e.IsDir()
}

var bom = []byte("\xef\xbb\xbf")

// readFile reads f from its kind's folder dir: by name from dir, or by
// path from fsys when it is a symbolic link (checked first). A file whose
// name is not a slug is marked Misnamed; one that cannot be read is marked
// Unreadable.
func readFile(fsys fs.FS, dir srcfile.Dir, link bool, f *File, diags *diag.List) {
	p := f.Path
	slug := strings.TrimSuffix(path.Base(p), ".md")
	if !config.IsSlug(slug) {
		diags.Add(diag.Diagnostic{Path: p, Msg: fmt.Sprintf("file name %q is not a slug: use lowercase letters, digits and hyphens", slug+".md"), Hint: slugHint(fsys, p, slug)})
		f.Misnamed = true
	}
	unreadable := func(msg string) {
		diags.Add(diag.Diagnostic{Path: p, Msg: msg})
		f.Unreadable = true
	}
	var src []byte
	var err error
	if link {
		if msg := srcfile.CheckLink(fsys, p); msg != "" {
			unreadable(msg)
			return
		}
		if st, err := fs.Stat(fsys, p); err == nil && !st.Mode().IsRegular() && !st.IsDir() {
			unreadable("symbolic link to something that is not a regular file (a named pipe, socket or device)")
			return
		}
		src, err = srcfile.ReadLimited(fsys, p, MaxFileSize)
	} else {
		src, err = dir.ReadFile(path.Base(p), MaxFileSize)
	}
	var re *srcfile.ReadError
	switch {
	case errors.As(err, &re) && re.TooLarge && re.Size >= 0:
		unreadable(fmt.Sprintf("file is %s, more than the %s limit for one content file", size(re.Size), size(MaxFileSize)))
	case errors.As(err, &re) && re.TooLarge:
		unreadable(fmt.Sprintf("file is more than the %s limit for one content file", size(MaxFileSize)))
	case errors.As(err, &re) && re.IsDir:
		unreadable("is a folder, not a file")
	case errors.As(err, &re):
		unreadable("not a regular file (a named pipe, socket or device)")
	case err != nil:
		unreadable("cannot read: " + srcfile.CleanErr(err))
	default:
		f.Src = src
	}
}

// Parse reads one file's bytes: the whole of LOAD for one file. It does
// not change f.Src; the Doc keeps it.
func Parse(f File) (*Doc, diag.List) {
	src := bytes.TrimPrefix(f.Src, bom)
	d := &Doc{Kind: f.Kind, Slug: strings.TrimSuffix(path.Base(f.Path), ".md"), Path: f.Path, Src: src}
	if f.Unreadable {
		return d.broken(), nil
	}
	var diags diag.List
	// fail reports a problem that leaves the file unread.
	fail := func(pos fields.Pos, msg string) (*Doc, diag.List) {
		diags.Add(diag.Diagnostic{Path: f.Path, Line: pos.Line, Col: pos.Col, Msg: msg})
		return d.broken(), diags
	}
	if fields.IsUTF16(src) {
		return fail(fields.Pos{Line: 1, Col: 1}, fields.UTF16Message)
	}
	if !utf8.Valid(src) {
		line, col := fields.FirstInvalid(src)
		return fail(fields.Pos{Line: line, Col: col}, "file is not valid UTF-8 text")
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		return fail(d.Position(i), "file contains a NUL byte: is it a binary file?")
	}
	yamlSrc, openLine, ok := split(d, &diags)
	if !ok {
		return d.broken(), diags
	}
	// The body is checked against Markdown's limits first: it is read
	// for its links even when the front matter cannot be (resolve).
	bodyOff, bodyMsg := markdown.CheckLimits(d.Body)
	if bodyOff >= 0 {
		at := d.BodyPosition(bodyOff)
		diags.Add(diag.Diagnostic{Path: f.Path, Line: at.Line, Col: at.Col, Msg: bodyMsg})
		d.Body = nil // not to be read further, not even for its links
	}
	r := &fields.Reader{Path: f.Path, LineOffset: openLine, Diags: &diags}
	before := len(diags)
	root := r.Parse(yamlSrc)
	if len(diags) > before {
		return d.broken(), diags // a YAML error
	}
	if root == nil {
		return fail(fields.Pos{Line: openLine, Col: 1}, "front matter is empty")
	}
	m := r.Map(root, "front matter", "")
	if root.Kind != yaml.MappingNode {
		return d.broken(), diags // reported by Map
	}
	readFrontMatter(d, f.Kind, m)
	d.lowerName = strings.ToLower(d.Name)
	if bodyOff >= 0 {
		return d.broken(), diags
	}
	for _, c := range d.Claims {
		if off, msg := markdown.CheckLimits([]byte(c.Note)); off >= 0 {
			return fail(c.NotePos, fmt.Sprintf("claims[%d].note: %s", c.Index, msg))
		}
	}
	return d, diags
}

func (d *Doc) broken() *Doc {
	d.Broken = true
	return d
}

var headReaders = sync.Pool{New: func() any { return bufio.NewReader(nil) }}

// split finds the front matter with adrg/frontmatter and records where the
// body starts, so body positions map straight to file lines.
func split(d *Doc, diags *diag.List) (yamlSrc []byte, openLine int, ok bool) {
	src := d.Src
	off, line := openingLine(src)
	if off >= len(src) {
		diags.Add(diag.Diagnostic{Path: d.Path, Line: 1, Col: 1, Msg: "file is empty: a content file starts with a --- line, YAML fields, and another --- line"})
		return nil, 0, false
	}
	var captured []byte
	found := false
	format := frontmatter.NewFormat("---", "---", func(data []byte, _ any) error {
		captured, found = append([]byte(nil), data...), true
		return nil
	})
	// The package copies everything it is given, body included; it is
	// given only the text up to the first line that could close the front
	// matter (the line it would stop at), so a long body is not copied.
	head := src[:frontMatterEnd(src, off)]
	// It also wraps its reader in a new 4 kB bufio.Reader unless given
	// one: a pooled one saves 45 MB of garbage in a 10,000-file briefing.
	br := headReaders.Get().(*bufio.Reader)
	br.Reset(bytes.NewReader(head))
	rest, err := frontmatter.Parse(br, nil, format)
	br.Reset(nil)
	headReaders.Put(br)
	if err != nil {
		diags.Add(diag.Diagnostic{Path: d.Path, Line: line, Col: 1, Msg: "cannot read front matter: " + err.Error()})
		return nil, 0, false
	}
	if !found {
		first := ""
		if off < len(src) {
			e := bytes.IndexByte(src[off:], '\n')
			if e < 0 {
				e = len(src) - off
			}
			first = string(bytes.TrimSpace(src[off : off+e]))
		}
		if first == "---" {
			diags.Add(diag.Diagnostic{Path: d.Path, Line: line, Col: 1, Msg: "front matter is not closed: add a line with --- after it"})
		} else {
			diags.Add(diag.Diagnostic{Path: d.Path, Line: line, Col: 1, Msg: "missing front matter: a content file starts with a --- line, YAML fields, and another --- line"})
		}
		return nil, 0, false
	}
	d.BodyOffset = len(head) - len(rest)
	d.Body = src[d.BodyOffset:]
	return captured, line, true
}

// openingLine finds where front matter may open the way the frontmatter
// package does: the first line that is not blank (its offset and number).
func openingLine(src []byte) (off, line int) {
	line = 1
	for off < len(src) {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src) - off
		}
		if len(bytes.TrimSpace(src[off:off+end])) != 0 {
			break
		}
		off += end + 1
		line++
	}
	return off, line
}

// frontMatterEnd returns the offset just past the first "---" line after
// the one at open (white space around it ignored, as the frontmatter
// package does), or len(src) if there is none.
func frontMatterEnd(src []byte, open int) int {
	off := open
	first := true
	for off < len(src) {
		end := bytes.IndexByte(src[off:], '\n')
		next := off + end + 1
		if end < 0 {
			end, next = len(src)-off, len(src)
		}
		if !first && string(bytes.TrimSpace(src[off:off+end])) == "---" {
			return next
		}
		first = false
		off = next
	}
	return len(src)
}

func readFrontMatter(d *Doc, kind string, m *fields.Map) {
	r := m.Reader()
	known := []string{"claims", "summary"}
	switch kind {
	case config.Articles:
		var tn *yaml.Node
		d.Name, tn = m.String("title", true)
		d.Name, _ = checkLabel(m, tn, "title", d.Name)
		readDate(d, m, true)
		d.Source = ref(d, m, "source", config.Sources)
		d.URL = readURL(m, "url")
		d.Author, _ = m.String("author", false)
		d.Draft, _ = m.Bool("draft")
		d.Hindsight, _ = m.Bool("hindsight")
		known = append(known, "title", "date", "hindsight", "source", "url", "author", "draft")
	case config.Cities:
		readName(d, m)
		// A place's type is a label shown beside its name, as a name is.
		if ty, tn := m.String("type", false); tn != nil {
			if strings.TrimSpace(ty) == "" || strings.ContainsAny(ty, "\n\r") {
				m.Reader().Errorf(tn, "leave type out for a city", "type must be a word or two on one line, such as air base or town, got %q", ty)
			} else if ty, ok := checkLabel(m, tn, "type", ty); ok {
				d.Type = ty
			}
		}
		d.Coords, d.CoordsPos = readCoords(m)
		var pn *yaml.Node
		d.Population, pn = m.Int("population", false)
		if pn != nil && d.Population < 0 {
			r.Errorf(pn, "", "population must not be negative")
		}
		var yn *yaml.Node
		d.PopulationYear, yn = m.Int("population_year", false)
		if yn != nil && (d.PopulationYear < 1 || d.PopulationYear > 9999) {
			r.Errorf(yn, "", "population_year must be a year such as 2023, got %d", d.PopulationYear)
		}
		d.PopulationSource = ref(d, m, "population_source", config.Sources)
		d.Governorate, _ = m.String("governorate", false)
		for i, it := range limit(m, "control") {
			cm, ok := item(r, it, "control", i)
			var c Control
			if !ok {
				c.Pos = r.At(it)
				d.Control = append(d.Control, c)
				continue
			}
			var dn *yaml.Node
			c.Date, dn = cm.Date("date", true)
			c.Pos = r.At(dn)
			c.Faction = requiredRef(d, cm, it, "faction", config.Factions, "")
			c.Source = requiredRef(d, cm, it, "source", config.Sources, ": say who reports it")
			c.Note, _ = cm.String("note", false)
			c.HeldBefore, _ = cm.Bool("held_before")
			c.Hindsight, _ = cm.Bool("hindsight")
			cm.Only("date", "faction", "source", "note", "held_before", "hindsight")
			d.Control = append(d.Control, c)
		}
		known = append(known, "name", "aliases", "type", "coords", "population", "population_year", "population_source", "governorate", "control", "figures")
	case config.Factions:
		readName(d, m)
		d.Type, _ = m.String("type", false)
		d.Leader, _ = m.String("leader", false)
		if v := m.Value("founded"); v != nil {
			if y, ok := yearOrDate(r, v); ok {
				d.Founded = y
			}
		}
		d.Allies = refs(d, m, "allies", config.Factions, "faction")
		d.Opponents = refs(d, m, "opponents", config.Factions, "faction")
		relations(d, r)
		readAreas(d, m)
		if c, n := m.String("color", false); n != nil {
			if !isColor(c) {
				r.Errorf(n, "", "color must be a CSS colour such as #2e7d32, green or rgb(46 125 50), got %q", c)
			} else {
				d.Color = c
			}
		}
		known = append(known, "name", "aliases", "type", "leader", "founded", "allies", "opponents", "color", "figures", "areas")
	case config.Sources:
		readName(d, m)
		d.SourceKind = oneOf(m, "kind", false, config.SourceKinds, commas)
		if v, n := m.String("reliability", false); n != nil {
			if grades := config.Names(config.Reliabilities); !slices.Contains(grades, v) {
				r.Errorf(n, "", "reliability must be one letter %s-%s (the Admiralty grading), got %q", grades[0], grades[len(grades)-1], v)
			} else {
				d.Reliability = v
			}
		}
		d.URL = readURL(m, "url")
		known = append(known, "name", "aliases", "kind", "reliability", "url", "figures")
	default:
		readName(d, m)
		readDate(d, m, false)
		d.Hindsight, _ = m.Bool("hindsight")
		d.Coords, d.CoordsPos = readCoords(m)
		known = append(known, "name", "aliases", "date", "hindsight", "coords", "figures")
	}
	var sn *yaml.Node
	d.Summary, sn = m.String("summary", false)
	if sn != nil {
		// A summary is shown as written: markup in it would be
		// published as it is.
		for _, open := range []string{"[[", "[@"} {
			if strings.Contains(d.Summary, open) {
				r.Errorf(sn, "a summary is plain text: write names without [[ ]] and leave citations to the body", "summary has %q, which is shown as written, not as a link or citation", open)
				break
			}
		}
	}
	if kind != config.Articles {
		readFigures(d, m)
	}
	readClaims(d, m)
	m.Only(known...)
}

func readDate(d *Doc, m *fields.Map, required bool) {
	var n *yaml.Node
	d.Date, n = m.Date("date", required)
	if n != nil {
		d.DatePos = m.Reader().At(n)
	}
}

func readName(d *Doc, m *fields.Map) {
	var nn *yaml.Node
	d.Name, nn = m.String("name", true)
	d.Name, _ = checkLabel(m, nn, "name", d.Name)
	vals, nodes := m.Strings("aliases")
	seen := map[string]bool{d.Name: true}
	for i, v := range vals {
		if strings.TrimSpace(v) == "" {
			m.Reader().Errorf(nodes[i], "", "aliases[%d] is empty", i)
			continue
		}
		if _, ok := checkLabel(m, nodes[i], fmt.Sprintf("aliases[%d]", i), v); !ok {
			continue
		}
		if seen[v] {
			m.Reader().Errorf(nodes[i], "", "alias %q is listed twice (or repeats the name)", v)
			continue
		}
		seen[v] = true
		d.Aliases = append(d.Aliases, v)
	}
}

func readCoords(m *fields.Map) (*Coords, fields.Pos) {
	items := m.List("coords")
	v := m.Value("coords")
	if v == nil || v.Kind != yaml.SequenceNode {
		return nil, fields.Pos{} // List has reported a value that is not a list
	}
	r := m.Reader()
	if len(items) != 2 {
		r.Errorf(v, "", "coords must be [latitude, longitude], got %d numbers", len(items))
		return nil, fields.Pos{}
	}
	lat, ok1 := m.Float(items[0], "coords latitude")
	lon, ok2 := m.Float(items[1], "coords longitude")
	if !ok1 || !ok2 {
		return nil, fields.Pos{}
	}
	bad := false
	if lat < -90 || lat > 90 {
		r.Errorf(items[0], lonLatHint(lat, lon), "latitude %v is out of range (-90 to 90)", lat)
		bad = true
	}
	if lon < -180 || lon > 180 {
		r.Errorf(items[1], "", "longitude %v is out of range (-180 to 180)", lon)
		bad = true
	}
	if bad {
		return nil, fields.Pos{}
	}
	return &Coords{Lat: lat, Lon: lon}, r.At(v)
}

func lonLatHint(lat, lon float64) string {
	if lon >= -90 && lon <= 90 {
		return "coords are [latitude, longitude]: are they swapped?"
	}
	return ""
}

func readURL(m *fields.Map, key string) string {
	s, n := m.String(key, false)
	if n == nil || s == "" {
		return ""
	}
	if !isWebURL(s) {
		m.Reader().Errorf(n, "", "%s must be an absolute http or https address, got %q", m.Prefix()+key, s)
		return ""
	}
	return s
}

// isWebURL reports whether s is an absolute http(s) URL, the only kind of
// address front matter may hold (no javascript:, no data:).
func isWebURL(s string) bool {
	l := strings.ToLower(s)
	if !strings.HasPrefix(l, "http://") && !strings.HasPrefix(l, "https://") {
		return false
	}
	rest := s[strings.Index(s, "//")+2:]
	return rest != "" && !strings.HasPrefix(rest, "/") && !strings.ContainsAny(s, " \t\n\"'<>`\\")
}

var colorRE = regexp.MustCompile(`^(#[0-9a-fA-F]{3,4}|#[0-9a-fA-F]{6}|#[0-9a-fA-F]{8}|[a-zA-Z]{3,20}|(rgb|rgba|hsl|hsla)\([0-9., %/]{1,40}\))$`)

// isColor reports whether s is a CSS colour safe to place in style and SVG
// attributes: hex, a name, or an rgb()/hsl() function of plain numbers.
func isColor(s string) bool { return colorRE.MatchString(s) }

func yearOrDate(r *fields.Reader, v *yaml.Node) (string, bool) {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!int" && len(v.Value) == 4 {
		return v.Value, true
	}
	if v.Kind == yaml.ScalarNode && regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(v.Value) {
		if d, ok := r.ParseDate(v, "founded"); ok {
			return d.String(), true
		}
		return "", false
	}
	r.Errorf(v, "", "founded must be a year (2017) or a date (2017-01-28), got %q", v.Value)
	return "", false
}

func ref(d *Doc, m *fields.Map, key, kind string) Ref {
	s, n := m.String(key, false)
	if n == nil || s == "" {
		return Ref{}
	}
	rf := Ref{Kind: kind, Slug: s, Field: m.Prefix() + key, Pos: m.Reader().At(n)}
	d.Refs = append(d.Refs, rf)
	return rf
}

// requiredRef is ref for a key that must be given: a missing one is
// reported at the list item it, followed by why it is needed.
func requiredRef(d *Doc, m *fields.Map, it *yaml.Node, key, kind, why string) Ref {
	if m.Value(key) == nil {
		m.Reader().Errorf(it, "", "missing required %s%s%s", m.Prefix(), key, why)
	}
	return ref(d, m, key, kind)
}

// refs reads key as a list of slugs of a kind. A slug listed more than
// once is read once and reported, once, at its second mention (with how
// many times it is listed): a page would show it twice ("Sources: SOHR;
// SOHR"). singular names a slug of the kind in that message: "source".
func refs(d *Doc, m *fields.Map, key, kind, singular string) []Ref {
	vals, nodes := m.Strings(key)
	var out []Ref
	times := make(map[string]int, len(vals))
	for _, s := range vals {
		times[s]++
	}
	seen := make(map[string]bool, len(vals))
	for i, s := range vals {
		if seen[s] {
			if times[s] > 0 {
				m.Reader().Errorf(nodes[i], "", "%s %q is listed %s", singular, s, timesText(times[s]))
				times[s] = 0
			}
			continue
		}
		seen[s] = true
		rf := Ref{Kind: kind, Slug: s, Field: fmt.Sprintf("%s%s[%d]", m.Prefix(), key, i), Pos: m.Reader().At(nodes[i])}
		d.Refs = append(d.Refs, rf)
		out = append(out, rf)
	}
	return out
}

// relations reports a faction listed as its own ally or opponent, and one
// listed as both an ally and an opponent (at the opponent): the page would
// show it on both sides.
func relations(d *Doc, r *fields.Reader) {
	for _, f := range d.Allies {
		if f.Slug == d.Slug {
			r.ErrorAt(f.Pos, "", "a faction cannot be its own ally")
		}
	}
	for _, f := range d.Opponents {
		switch {
		case f.Slug == d.Slug:
			r.ErrorAt(f.Pos, "", "a faction cannot be its own opponent")
		case slices.ContainsFunc(d.Allies, func(a Ref) bool { return a.Slug == f.Slug }):
			r.ErrorAt(f.Pos, "", "faction %q is listed as both an ally and an opponent", f.Slug)
		}
	}
}

// timesText is "twice", "3 times".
func timesText(n int) string {
	if n == 2 {
		return "twice"
	}
	return fmt.Sprintf("%d times", n)
}

func limit(m *fields.Map, key string) []*yaml.Node {
	items := m.List(key)
	if len(items) > MaxListLen {
		m.Reader().Errorf(m.Value(key), "", "%s has %d items, more than the limit of %d", key, len(items), MaxListLen)
		return items[:MaxListLen]
	}
	return items
}

// item opens it, item i of the list key, as a mapping. One that is not a
// mapping (a number, a text, a list) is reported as such, and ok is
// false: the caller keeps an empty entry in its place, so that the later
// ones keep their numbers, and reads no keys from it, since reporting
// each required key it lacks would make one mistake many errors. A null
// item is read, as Reader.Map reads it, as an empty mapping.
func item(r *fields.Reader, it *yaml.Node, key string, i int) (m *fields.Map, ok bool) {
	what := fmt.Sprintf("%s[%d]", key, i)
	m = r.Map(it, what, what+".")
	return m, !m.NotMapping()
}

func readFigures(d *Doc, m *fields.Map) {
	r := m.Reader()
	for i, it := range limit(m, "figures") {
		fm, ok := item(r, it, "figures", i)
		var f Figure
		if !ok {
			f.Pos = r.At(it)
			d.Figures = append(d.Figures, f)
			continue
		}
		f.Label, _ = fm.String("label", true)
		var vn *yaml.Node
		f.Value, vn = fm.Int("value", true)
		if vn != nil && f.Value < 0 {
			r.Errorf(vn, "", "figures[%d].value must not be negative", i)
		}
		var hn *yaml.Node
		f.High, hn = fm.Int("high", false)
		if hn != nil && f.High <= f.Value {
			r.Errorf(hn, "", "figures[%d].high must be more than value (%d)", i, f.Value)
		}
		f.Qualifier = oneOf(fm, "qualifier", false, config.Qualifiers, quotedOr)
		var an *yaml.Node
		f.AsOf, an = fm.Date("as_of", true)
		f.Pos = r.At(an)
		f.Since, _ = fm.Date("since", false)
		if !f.Since.IsZero() && !f.AsOf.IsZero() && f.Since.After(f.AsOf.Time) {
			r.ErrorAt(fm.KeyPos("since"), "", "figures[%d].since (%s) is after as_of (%s)", i, f.Since, f.AsOf)
		}
		f.Source = requiredRef(d, fm, it, "source", config.Sources, ": every figure says who reports it")
		f.Note, _ = fm.String("note", false)
		f.Hindsight, _ = fm.Bool("hindsight")
		fm.Only("label", "value", "high", "qualifier", "as_of", "since", "source", "note", "hindsight")
		d.Figures = append(d.Figures, f)
	}
}

func readClaims(d *Doc, m *fields.Map) {
	r := m.Reader()
	items := m.List("claims")
	if len(items) > MaxClaims {
		r.Errorf(m.Value("claims"), "", "%d claims in one file, more than the limit of %d", len(items), MaxClaims)
		items = items[:MaxClaims]
	}
	for i, it := range items {
		cm, ok := item(r, it, "claims", i)
		c := Claim{Index: i, Pos: r.At(it)}
		if !ok {
			d.Claims = append(d.Claims, c)
			continue
		}
		c.Article = requiredRef(d, cm, it, "article", config.Articles, "")
		var qn *yaml.Node
		c.Quote, qn = cm.String("quote", true)
		if qn != nil {
			c.Pos = r.At(qn)
		}
		c.Prefix, _ = cm.String("prefix", false)
		c.Suffix, _ = cm.String("suffix", false)
		c.Status = oneOf(cm, "status", true, config.Statuses, commas)
		c.Sources = refs(d, cm, "sources", config.Sources, "source")
		// The limit counts the sources as written: one listed twice is
		// reported on its own.
		if v := cm.Value("sources"); v != nil && v.Kind == yaml.SequenceNode && len(v.Content) > MaxClaimSources {
			r.Errorf(v, "", "claims[%d].sources lists %d sources, more than the limit of %d for one claim", i, len(v.Content), MaxClaimSources)
			c.Sources = c.Sources[:min(len(c.Sources), MaxClaimSources)]
		}
		if len(c.Sources) == 0 && c.Status != "" && c.Status != config.Unverified && cm.Value("sources") == nil {
			r.Errorf(it, "", "claims[%d] is %s but lists no sources: say who shows it", i, c.Status)
		}
		var nn *yaml.Node
		c.Note, nn = cm.String("note", false)
		if nn != nil {
			c.NotePos = r.At(nn)
		}
		cm.Only("article", "quote", "prefix", "suffix", "status", "sources", "note")
		d.Claims = append(d.Claims, c)
	}
}

// oneOf reads key as a word of vocab. Any other is reported, with the
// closest word and all of them (as list writes them), and read as "".
func oneOf(m *fields.Map, key string, required bool, vocab []config.Term, list func([]string) string) string {
	v, n := m.String(key, required)
	if n == nil {
		return ""
	}
	if words := config.Names(vocab); !slices.Contains(words, v) {
		m.Reader().Errorf(n, diag.Suggest(v, words), "%s must be one of %s, got %q", m.Prefix()+key, list(words), v)
		return ""
	}
	return v
}

// commas lists words as "a, b, c".
func commas(words []string) string { return strings.Join(words, ", ") }

// quotedOr lists words as `"a", "b" or "c"`.
func quotedOr(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = strconv.Quote(w)
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// slugHint suggests a slug for the file p named s, unless a file of
// that name is beside it already (Hama.md beside hama.md): renaming
// would clash, so the hint says so instead.
func slugHint(fsys fs.FS, p, s string) string {
	t := config.Slugify(s) // "ḥamā" becomes "hama"
	if t == "" || t == s {
		return ""
	}
	// On a file system blind to case (macOS, Windows) the name found
	// may be this file's own.
	if other, err := fs.Stat(fsys, path.Dir(p)+"/"+t+".md"); err == nil {
		if self, err := fs.Stat(fsys, p); err != nil || !os.SameFile(other, self) {
			return fmt.Sprintf("%s.md is there already: is this a copy of it?", t)
		}
	}
	return fmt.Sprintf("rename it %s.md?", t)
}

func size(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KiB", n>>10)
}
