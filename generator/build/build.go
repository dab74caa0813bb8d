// Package build is the one Build function that build, check, zip and serve
// share: source tree in, rendered site (or every problem found) out. It
// runs the stages in order, load, resolve, render, and knows nothing about
// disks, archives, servers or changing files.
package build

import (
	"errors"
	"io/fs"
	"time"

	"briefing/generator/changes"
	"briefing/generator/config"
	"briefing/generator/content"
	"briefing/generator/cutoff"
	"briefing/generator/diag"
	"briefing/generator/fields"
	"briefing/generator/markdown"
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
	// CheckOnly stops after resolving: nothing is rendered.
	CheckOnly bool
	// Cache, when set, keeps parsed files and resolved bodies for the next
	// Build of the same source (the preview server). The output is the
	// same as without it.
	Cache *Cache
	// OneShot says the result will be rendered once and thrown away (build,
	// zip): memory is freed as soon as each part is done with.
	OneShot bool
	// Changed lists the paths changed since the last Build with this
	// Cache, when a file watcher knows them; nil means unknown, and every
	// cached file is checked.
	Changed []string
	// Loaded, when set, is called once the content is read, with the
	// size of its files (the command line sizes a one-shot build's memory
	// limit from it).
	Loaded func(contentBytes int64)
}

// Cache carries work from one Build to the next. The zero value is ready.
type Cache struct {
	content content.Cache
	resolve resolve.Cache
}

// Result is a finished build.
type Result struct {
	Site     *config.Site
	Briefing *resolve.Briefing
	Tree     *render.Tree // nil when CheckOnly
	Docs     int          // content files read
	// Notices are the items dated after the as-of date, for the reader:
	// they never fail a build (a build with only notices has a Tree).
	// None when Options.AsOf is set: such items are left out.
	Notices diag.List
	// LeftOut is how many dated items Options.AsOf left out.
	LeftOut int
	Timings Timings
}

// Timings is how long each stage took.
type Timings struct {
	Load, Resolve, Render time.Duration
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
	var diags diag.List
	res := &Result{}
	t0 := time.Now()
	site, d := config.Load(src)
	diags.Merge(d)
	if site == nil {
		if opts.Cache != nil {
			// The changes this build was told of are not read: the next
			// one must look for itself.
			opts.Cache.content.Unsure()
		}
		return res, sorted(diags)
	}
	res.Site = site
	var cc *content.Cache
	var rc *resolve.Cache
	if opts.Cache != nil {
		cc, rc = &opts.Cache.content, &opts.Cache.resolve
	}
	docs, d := content.LoadCached(src, site, cc, opts.Changed)
	diags.Merge(d)
	res.Docs = len(docs)
	site, docs = asOf(site, docs, opts.AsOf, res)
	res.Site = site
	if opts.Loaded != nil {
		var n int64
		for _, doc := range docs {
			n += int64(len(doc.Src))
		}
		opts.Loaded(n)
	}
	outline := loadOutline(src, opts.Theme, site, &diags)
	areas := loadAreas(src, docs, outline, &diags)
	t1 := time.Now()
	var b *resolve.Briefing
	switch {
	case opts.CheckOnly && rc == nil:
		b, d = resolve.Check(site, docs, md)
	case opts.OneShot && rc == nil:
		b, d = resolve.ResolveOnce(site, docs, md)
	default:
		b, d = resolve.ResolveCached(site, docs, md, rc)
	}
	rc.Sweep()
	diags.Merge(d)
	if opts.OneShot && opts.Cache == nil && !opts.CheckOnly && len(diags) == 0 {
		// Nothing after resolve reads the sources; a cached build keeps
		// them for the next one.
		for _, doc := range docs {
			doc.Release()
		}
	}
	res.Briefing = b
	t2 := time.Now()
	res.Timings.Load, res.Timings.Resolve = t1.Sub(t0), t2.Sub(t1)
	// The theme is loaded even when the content has problems, so that a
	// build and a check report every problem in one run, the same ones.
	th, d := theme.Load(theme.Layers{Site: src, Embedded: opts.Theme}, render.Funcs(), (*render.Page)(nil))
	diags.Merge(d)
	diags.Merge(render.StaticClashes(b, th.Static))
	ropts := render.Options{BaseURL: opts.BaseURL, FileLinks: opts.FileLinks, Outline: outline, Areas: areas, Version: opts.Version, Previous: opts.Previous,
		RenderOnce: opts.Cache == nil && opts.OneShot}
	if len(diags) == 0 {
		// Every page template runs once, on real pages, in a check as
		// in a build: both report the same template problems.
		diags.Merge(render.Check(b, th, ropts))
	}
	if opts.CheckOnly || len(diags) > 0 {
		return res, sorted(diags)
	}
	tree, d := render.Render(b, th, ropts)
	diags.Merge(d)
	res.Timings.Render = time.Since(t2)
	if len(diags) > 0 {
		return res, sorted(diags)
	}
	res.Tree = tree
	return res, nil
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

// loadOutline reads the map outline named in site.yaml, or the theme's.
func loadOutline(src, th fs.FS, site *config.Site, diags *diag.List) []byte {
	if site.MapOutline != "" {
		data, problem, err := srcfile.ReadFile(src, site.MapOutline)
		if problem != "" {
			diags.Add(diag.Diagnostic{Path: site.MapOutline, Msg: problem})
			return nil
		}
		if err != nil {
			msg := "cannot read map.outline " + site.MapOutline
			if errors.Is(err, fs.ErrNotExist) {
				msg = "map.outline file not found: " + site.MapOutline
			}
			diags.Add(diag.Diagnostic{Path: config.File, Msg: msg})
			return nil
		}
		if _, err := svgmap.Parse(data); err != nil {
			diags.Add(diag.Diagnostic{Path: site.MapOutline, Msg: "not a usable GeoJSON outline: " + err.Error()})
			return nil
		}
		return data
	}
	// A site may override the theme's outline file by file, as any
	// static file; its copy is read as carefully as the rest of it.
	// (A static/ folder that is itself a bad link is reported once, by the
	// theme.)
	if src != nil && srcfile.CheckLink(src, theme.StaticDir) == "" {
		data, problem, err := srcfile.ReadFile(src, DefaultOutline)
		if problem != "" {
			diags.Add(diag.Diagnostic{Path: DefaultOutline, Msg: problem})
			return nil
		}
		if err == nil {
			return data
		}
	}
	if th != nil {
		if data, err := fs.ReadFile(th, DefaultOutline); err == nil {
			return data
		}
	}
	return nil
}
