// Package build is the one Build function that build, check, zip and serve
// share: source tree in, rendered site (or every problem found) out. It
// runs the stages in order, load, resolve, render, and knows nothing about
// disks, archives, servers or changing files.
//
// Build and Check are pure functions of the source and the Options. One
// option changes nothing in the result: Options.Progress, a
// *progress.Meter, is told which stage the build is in (reading,
// parsing, resolving, rendering) and how many of how many files or pages it has
// done (files read, files parsed, bodies resolved, pages rendered), so that a command can show progress on a terminal and the preview
// its waiting page. It is counted with atomic adds, one a file, and read
// by whoever shows it on a timer of its own; nil counts nothing. The
// Result's Tree keeps counting on it, as its pages are rendered by
// Tree.Each or Tree.EachInOrder (the write or the zip).
package build

import (
	"bytes"
	"errors"
	"io/fs"
	"reflect"
	"slices"

	"briefing/generator/changes"
	"briefing/generator/config"
	"briefing/generator/content"
	"briefing/generator/cutoff"
	"briefing/generator/diag"
	"briefing/generator/fields"
	"briefing/generator/markdown"
	"briefing/generator/parallel"
	"briefing/generator/progress"
	"briefing/generator/render"
	"briefing/generator/resolve"
	"briefing/generator/srcfile"
	"briefing/generator/svgmap"
	"briefing/generator/theme"
)

// Options are the choices that change the output.
type Options struct {
	Theme     fs.FS  // the embedded default theme (templates/ and static/ at its root)
	BaseURL   string // overrides site.yaml's base_url (already validated), or ""
	FileLinks bool   // links name index.html (for the offline zip)
	Version   string
	// AsOf, when set, builds the briefing as it stood on that date
	// (build --as-of): it replaces site.yaml's as_of, and everything dated
	// after it is left out (package cutoff), as if never written.
	AsOf fields.Date
	// Previous, when set, is an earlier edition: the site gets a What
	// changed page (changes/) and the feed this edition's entry.
	Previous *changes.Edition
	// Progress, when set, is told where the build is (see the package
	// documentation). It changes nothing in the result.
	Progress *progress.Meter
}

// Result is a finished build.
type Result struct {
	Site     *config.Site
	Briefing *resolve.Briefing
	Tree     *render.Tree // nil for a check
	Docs     int          // content files read
	// Notices are the items dated after the as-of date, for the reader:
	// they never fail a build (a build with only notices has a Tree).
	// None when Options.AsOf is set: such items are left out.
	Notices diag.List
	// LeftOut is how many dated items Options.AsOf left out.
	LeftOut int
}

// DefaultOutline is where the embedded theme keeps the map outline used
// when site.yaml names none.
const DefaultOutline = "static/map/syria-50m.geojson"

// md is shared: goldmark instances are safe for concurrent use and costly
// to set up.
var md = markdown.New()

// Build reads a briefing from src and renders it. It returns every problem
// found; when there is any, the Result has no Tree.
func Build(src fs.FS, opts Options) (*Result, diag.List) {
	var m *Memo
	return m.run(src, opts, false)
}

// Check reads and resolves a briefing as Build does, reporting the same
// problems, but renders nothing: no page, so no body is turned into HTML.
func Check(src fs.FS, opts Options) (*Result, diag.List) {
	var m *Memo
	return m.run(src, opts, true)
}

// Build is Build, remembering what its costly steps give in m and taking
// what m remembers of the last build instead of redoing a step whose
// input has not changed (see Memo).
func (m *Memo) Build(src fs.FS, opts Options) (*Result, diag.List) {
	return m.run(src, opts, false)
}

// run is the pipeline: load, resolve, render.
func (m *Memo) run(src fs.FS, opts Options, check bool) (*Result, diag.List) {
	var diags diag.List
	res := &Result{}
	meter := opts.Progress
	meter.Stage(progress.Reading)
	site, d := config.Load(src)
	diags.Merge(d)
	if site == nil {
		return res, sorted(diags)
	}
	res.Site = site
	files, d := content.Files(src, site, meter)
	diags.Merge(d)
	meter.Stage(progress.Parsing)
	meter.Count(len(files))
	docs := m.parse(files, meter, &diags)
	res.Docs = len(docs)
	site, docs = asOf(site, docs, opts.AsOf, res)
	if opts.BaseURL != "" {
		// The site as the options publish it: templates read
		// .Site.BaseURL, as the feed and canonical links do.
		s := *site
		s.BaseURL = opts.BaseURL
		site = &s
	}
	res.Site = site
	meter.Stage(progress.Resolving)
	outline, themes := loadOutline(src, opts.Theme, site, &diags)
	areas := loadAreas(src, docs, outline, &diags)
	checkPlaces(docs, outline, themes, &diags)
	ix := m.index(site, docs)
	claims := resolve.NewClaims(ix, docs, m.notes(ix, docs))
	meter.Count(len(docs))
	bodies := m.bodies(ix, docs, claims, check, meter)
	b, d := resolve.Assemble(ix, docs, claims, bodies)
	diags.Merge(d)
	res.Briefing = b
	meter.Stage(progress.Rendering)
	contentOK := len(diags) == 0
	// The theme is loaded even when the content has problems, so that a
	// build and a check report every problem in one run, the same ones.
	th, d := theme.Load(theme.Layers{Site: src, Embedded: opts.Theme}, render.Funcs(), (*render.Page)(nil))
	diags.Merge(d)
	diags.Merge(render.StaticClashes(b, th.Static))
	ropts := render.Options{FileLinks: opts.FileLinks, Outline: outline, Areas: areas, Version: opts.Version, Progress: meter}
	if contentOK && opts.Previous != nil {
		ropts.Changes, d = render.Compare(b, opts.Previous)
		diags.Merge(d)
	}
	if contentOK {
		// Every page template the theme could load runs once, on real
		// pages, in a check as in a build: both report the same template
		// problems. Not on content with problems, where a template could
		// fail on what the problem left out (a publisher not found).
		diags.Merge(render.Check(b, th, ropts))
	}
	if check || len(diags) > 0 {
		return res, sorted(diags)
	}
	tree, d := render.Render(b, th, ropts)
	diags.Merge(d)
	if len(diags) > 0 {
		return res, sorted(diags)
	}
	res.Tree = tree
	return res, nil
}

// Memo remembers what the costly steps of the last build gave, each under
// the whole of its input: a file parsed under its path and bytes, the
// index under the Site and every page's shape, a document's notes under
// the index and the document, a body under the index, its document and
// the claims it marks. (A document is the one parsed from the same bytes,
// and never changes: the pointer stands for its contents.) A step whose
// input is the same as last time takes the result instead of redoing the
// work, so a build with a Memo gives what Build gives. The preview server keeps one from build
// to build. A nil *Memo remembers nothing; a Memo serves one build at a
// time.
type Memo struct {
	parsed   map[string]parsed // by path
	site     *config.Site
	shapes   []resolve.Shape
	ix       *resolve.Index
	noted    map[*content.Doc]noted
	resolved map[*content.Doc]resolved
}

type noted struct {
	ix    *resolve.Index
	notes resolve.Notes
}

type parsed struct {
	file  content.File
	doc   *content.Doc
	diags diag.List
}

type resolved struct {
	ix     *resolve.Index
	claims []resolve.Anchor
	check  bool
	body   *resolve.Body
}

// parse parses files, in parallel.
func (m *Memo) parse(files []content.File, meter *progress.Meter, diags *diag.List) []*content.Doc {
	out := make([]parsed, len(files))
	parallel.For(len(files), func(i int) {
		f := files[i]
		if m != nil {
			if p, ok := m.parsed[f.Path]; ok && sameFile(p.file, f) {
				out[i] = p
				meter.Add(1)
				return
			}
		}
		d, ds := content.Parse(f)
		out[i] = parsed{f, d, ds}
		meter.Add(1)
	})
	docs := make([]*content.Doc, 0, len(out))
	for _, p := range out {
		if !p.file.Misnamed {
			docs = append(docs, p.doc)
		}
		diags.Merge(p.diags)
	}
	if m != nil {
		m.parsed = make(map[string]parsed, len(out))
		for _, p := range out {
			m.parsed[p.file.Path] = p
		}
	}
	return docs
}

// sameFile reports whether two files are the same input to content.Parse.
// Comparing the bytes is quick when they are the same bytes: the preview
// server's snapshot hands back an unchanged file's. TestMemoKeys holds it
// to every field of content.File.
func sameFile(a, b content.File) bool {
	return a.Kind == b.Kind && a.Path == b.Path && a.Unreadable == b.Unreadable && a.Misnamed == b.Misnamed && bytes.Equal(a.Src, b.Src)
}

// index indexes docs.
func (m *Memo) index(site *config.Site, docs []*content.Doc) *resolve.Index {
	shapes := make([]resolve.Shape, len(docs))
	for i, d := range docs {
		shapes[i] = resolve.ShapeOf(d)
	}
	if m == nil {
		return resolve.NewIndex(site, shapes)
	}
	if m.ix == nil || !reflect.DeepEqual(site, m.site) || !slices.EqualFunc(shapes, m.shapes, resolve.Shape.Equal) {
		m.site, m.shapes, m.ix = site, shapes, resolve.NewIndex(site, shapes)
	}
	return m.ix
}

// notes renders the notes of each document's claims.
func (m *Memo) notes(ix *resolve.Index, docs []*content.Doc) []resolve.Notes {
	out := make([]resolve.Notes, len(docs))
	for i, d := range docs {
		if len(d.Claims) == 0 {
			continue
		}
		if m != nil {
			if n, ok := m.noted[d]; ok && n.ix == ix {
				out[i] = n.notes
				continue
			}
		}
		out[i] = ix.Notes(md, d)
	}
	if m != nil {
		m.noted = map[*content.Doc]noted{}
		for i, d := range docs {
			if len(d.Claims) > 0 {
				m.noted[d] = noted{ix, out[i]}
			}
		}
	}
	return out
}

// bodies resolves the body of each document, in parallel.
func (m *Memo) bodies(ix *resolve.Index, docs []*content.Doc, claims *resolve.Claims, check bool, meter *progress.Meter) []*resolve.Body {
	out := make([]*resolve.Body, len(docs))
	parallel.For(len(docs), func(i int) {
		d, anchors := docs[i], claims.Anchors(i)
		if m != nil {
			if b, ok := m.resolved[d]; ok && b.ix == ix && b.check == check && slices.Equal(b.claims, anchors) {
				out[i] = b.body
				meter.Add(1)
				return
			}
		}
		out[i] = ix.Body(md, d, anchors, check)
		meter.Add(1)
	})
	if m != nil {
		m.resolved = make(map[*content.Doc]resolved, len(docs))
		for i, d := range docs {
			m.resolved[d] = resolved{ix, claims.Anchors(i), check, out[i]}
		}
	}
	return out
}

// asOf places the dated items against the briefing's date: with no
// --as-of, those after site.yaml's as_of are kept and listed as notices;
// with one, the date replaces as_of and what is dated later is left out.
func asOf(site *config.Site, docs []*content.Doc, date fields.Date, res *Result) (*config.Site, []*content.Doc) {
	if date.IsZero() {
		res.Notices = sorted(cutoff.Notices(cutoff.Later(site, docs, site.AsOf), site.AsOf))
		return site, docs
	}
	s := *site
	s.AsOf = date
	res.LeftOut = len(cutoff.Later(&s, docs, date))
	docs, _ = cutoff.Drop(docs, date)
	return &s, docs
}

func sorted(l diag.List) diag.List {
	l.Sort()
	return l
}

// loadOutline reads and parses the map outline named in site.yaml, or
// the theme's (which a site may override in its static/): once, for the
// areas and the maps. nil: no outline (the maps draw points only).
// themes says it is the theme's own, of Syria, not the site's.
func loadOutline(src, th fs.FS, site *config.Site, diags *diag.List) (o *svgmap.Outline, themes bool) {
	parse := func(p string, data []byte) *svgmap.Outline {
		o, err := svgmap.Parse(data)
		if err != nil {
			d := locatedIn(p, data, err)
			d.Msg = "not a usable GeoJSON outline: " + d.Msg
			diags.Add(d)
			return nil
		}
		return o
	}
	if site.MapOutline != "" {
		data, problem, err := srcfile.ReadFile(src, site.MapOutline)
		if problem != "" {
			diags.Add(diag.Diagnostic{Path: site.MapOutline, Msg: problem})
			return nil, false
		}
		if err != nil {
			msg := "cannot read map.outline " + site.MapOutline + ": " + srcfile.CleanErr(err)
			if errors.Is(err, fs.ErrNotExist) {
				msg = "map.outline file not found: " + site.MapOutline
			}
			diags.Add(diag.Diagnostic{Path: config.File, Line: site.MapOutlinePos.Line, Col: site.MapOutlinePos.Col, Msg: msg})
			return nil, false
		}
		return parse(site.MapOutline, data), false
	}
	// A site may override the theme's outline file by file, as any
	// static file; its copy is read as carefully as the rest of it.
	// (A static/ folder that is itself a bad link is reported once, by the
	// theme.)
	if src != nil && srcfile.CheckLink(src, theme.StaticDir) == "" {
		data, problem, err := srcfile.ReadFile(src, DefaultOutline)
		if problem != "" {
			diags.Add(diag.Diagnostic{Path: DefaultOutline, Msg: problem})
			return nil, false
		}
		if err == nil {
			return parse(DefaultOutline, data), false
		}
	}
	if th != nil {
		if data, err := fs.ReadFile(th, DefaultOutline); err == nil {
			return parse(DefaultOutline, data), true
		}
	}
	return nil, false
}
