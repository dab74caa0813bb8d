// Package render is the RENDER stage. It takes a resolved Briefing and a
// loaded theme and gives a Tree: every file of the site as bytes in memory,
// keyed by path (pages, feed, sitemap, briefing.json, the search index and
// the static files). It does no disk I/O; build, zip and serve decide
// where the tree goes.
package render

import (
	"bytes"
	"fmt"
	"strings"
	"sync"

	"briefing/generator/changes"
	"briefing/generator/config"
	"briefing/generator/diag"
	"briefing/generator/progress"
	"briefing/generator/resolve"
	"briefing/generator/srcfile"
	"briefing/generator/svgmap"
	"briefing/generator/theme"
)

// Options are the choices that change the output for the same content.
type Options struct {
	FileLinks bool            // name index.html in every link, for opening from disk (the zip)
	Outline   *svgmap.Outline // country outlines for the maps; nil: points only
	// Areas are the factions' areas of control, parsed and checked by the
	// build, by path ("content/areas/hts-2024-12-05.geojson").
	Areas   map[string]*svgmap.Area
	Version string // generator version, shown in the footer ("": none)
	// Changes, when set (Compare), is this edition set against an
	// earlier one: the site gets a What changed page (changes/), linked
	// from the home page, the navigation and the feed.
	Changes *Compared
	// Progress, when set, counts the pages as the tree's Each or
	// EachInOrder renders them (package progress). It changes nothing in
	// the output.
	Progress *progress.Meter
}

// page is one HTML page to render.
type page struct {
	tmpl string       // theme page type
	path string       // output path: "cities/hama/index.html"
	data func() *Page // the template's data, made when rendered
}

// PageError is a page whose template failed while executing: the
// problem, located in the template's file, and the page it failed on.
// Check runs each template on one page of each kind; a template may still
// fail on another page's data, when the tree is read.
type PageError struct {
	Path string // the page: "cities/hama/index.html"
	Diag diag.Diagnostic
}

func (e *PageError) Error() string { return e.Path + ": " + e.Diag.String() }

// Located is the problem as check reports it: in the template, naming
// the page.
func (e *PageError) Located() diag.Diagnostic { return onPage(e.Diag, e.Path) }

// onPage is d, a template's problem, said of the page it failed on.
func onPage(d diag.Diagnostic, path string) diag.Diagnostic {
	d.Msg += " (on " + path + ")"
	return d
}

// Render makes the site's tree. Pages render when the tree is read
// (Tree.Each for a build, Tree.Get for the preview server); a template
// that fails while executing is reported then, as a *PageError.
func Render(b *resolve.Briefing, th *theme.Theme, opts Options) (*Tree, diag.List) {
	r := newRenderer(b, th, opts)
	t := newTree()
	t.meter = opts.Progress
	for _, p := range r.pages() {
		p := p
		t.add(p.path, func(dst []byte) ([]byte, error) {
			data, err := r.page(p, dst)
			if err != nil {
				return nil, &PageError{Path: p.path, Diag: th.Diagnostic(th.Page(p.tmpl), err)}
			}
			return data, nil
		})
	}
	// Static files are read now, so the tree is a snapshot of the source
	// as it was built (the theme's files are small).
	for _, f := range th.Static {
		data, err := f.Read()
		if err != nil {
			return nil, diag.List{{Path: theme.StaticDir + "/" + f.Path, Msg: "cannot read: " + srcfile.CleanErr(err)}}
		}
		t.addData(f.Path, data)
	}
	r.dataFiles(t)
	r.mapFiles(t)
	t.lazyDir = searchDir
	t.lazy = r.searchFiles
	return t, nil
}

// renderer holds what every page needs.
type renderer struct {
	b        *resolve.Briefing
	th       *theme.Theme
	opts     Options
	base     string // absolute base URL, ends in "/"
	basePath string // its path: "/hama-briefing/"
	nav      []NavItem

	historyOnce sync.Once
	historyVal  *history // control over time, for the maps (maps.go)

	changes *ChangesView // since the previous edition, or nil
	json    []byte       // briefing.json when already made, or nil
	sketch  bool         // Check's: maps are not drawn (draw)
}

// newRenderer makes the renderer Render and Check share, so that a check
// runs the templates on the pages a build makes: with --previous, the
// navigation's What changed and the changes page.
func newRenderer(b *resolve.Briefing, th *theme.Theme, opts Options) *renderer {
	base := b.Site.BaseURL
	r := &renderer{b: b, th: th, opts: opts, base: base, basePath: basePath(base)}
	r.nav = append(r.nav, NavItem{Title: "Briefing", URL: "/"})
	for _, g := range b.Kinds {
		if len(g.Entities) > 0 {
			r.nav = append(r.nav, NavItem{Title: g.Kind.Title, URL: "/" + g.Kind.Name + "/"})
		}
	}
	r.nav = append(r.nav, NavItem{Title: "Claims", URL: "/claims/"}, NavItem{Title: "Timeline", URL: "/timeline/"}, NavItem{Title: "Map", URL: "/map/"})
	if opts.Changes != nil {
		r.changes, r.json = opts.Changes.view, opts.Changes.json
		r.nav = append(r.nav, NavItem{Title: "What changed", URL: "/changes/"})
	}
	return r
}

// Compared is a briefing set against an earlier edition (build
// --previous): made once by Compare, for the check and the build.
type Compared struct {
	view *ChangesView
	json []byte // this edition's briefing.json, made for the comparison
}

// Compare sets b against prev, an earlier edition, as briefing diff
// compares two: by this edition's briefing.json. An edition dated after
// b is refused, at its as_of.
func Compare(b *resolve.Briefing, prev *changes.Edition) (*Compared, diag.List) {
	r := &renderer{b: b, base: b.Site.BaseURL}
	data := r.briefingJSON()
	cur, err := changes.Decode(data)
	if err != nil {
		return nil, diag.List{{Msg: "briefing.json of this edition: " + err.Error()}}
	}
	if changes.Later(prev, cur) {
		at := prev.AsOfAt
		return nil, diag.List{{Path: prev.File, Line: at.Line, Col: at.Col, Msg: fmt.Sprintf("--previous is the edition of %s, later than this one (%s): it takes an earlier edition",
			changes.DateText(prev.AsOf), changes.DateText(cur.AsOf))}}
	}
	return &Compared{view: changesView(changes.Compare(prev, cur), b.Site), json: data}, nil
}

func basePath(base string) string {
	i := strings.Index(base, "//")
	if i < 0 {
		return "/"
	}
	j := strings.IndexByte(base[i+2:], '/')
	if j < 0 {
		return "/"
	}
	return base[i+2+j:]
}

// page executes one template and makes its links relative.
// The page is appended to dst.
func (r *renderer) page(p page, dst []byte) ([]byte, error) {
	t := r.th.Page(p.tmpl)
	if t == nil {
		return nil, fmt.Errorf("no template %q", p.tmpl)
	}
	var buf *bytes.Buffer
	select {
	case buf = <-scratch:
	default:
		buf = new(bytes.Buffer)
	}
	defer func() {
		if buf.Cap() <= maxPooled {
			buf.Reset()
			select {
			case scratch <- buf:
			default:
			}
		}
	}()
	if err := t.ExecuteTemplate(buf, "base.html", p.data()); err != nil {
		return nil, err
	}
	if p.tmpl == "404" && !r.opts.FileLinks {
		// GitHub Pages serves 404.html at any depth: its links must not
		// depend on where it is shown.
		return appendRelinked(dst, buf.Bytes(), "", r.basePath, false), nil
	}
	return appendRelinked(dst, buf.Bytes(), p.path, "", r.opts.FileLinks), nil
}

// scratch holds the template output of the pages being rendered, before
// appendRelinked copies it out (a free list, as buffers in tree.go).
var scratch = make(chan *bytes.Buffer, 32)

// pages lists every HTML page of the site.
func (r *renderer) pages() []page {
	var out []page
	// A page's data is made when the page is rendered, not before: a
	// city's locator map, say, costs as much as its template.
	add := func(tmpl, path string, make func() *Page) {
		out = append(out, page{tmpl: tmpl, path: path, data: func() *Page {
			data := make()
			data.Path = path
			data.Site = r.b.Site
			data.Briefing = r.b
			data.Nav = r.navFor(data.URL)
			for _, n := range data.Nav {
				if n.Current {
					data.Section = n.URL
				}
			}
			data.Canonical = r.base + strings.TrimPrefix(data.URL, "/")
			data.AsOf = r.b.AsOf
			data.Version = r.opts.Version
			data.FileLinks = r.opts.FileLinks
			return data
		}})
	}
	add("home", "index.html", r.home)
	for _, g := range r.b.Kinds {
		if len(g.Entities) == 0 {
			continue
		}
		r.lists(g, add)
		for _, e := range g.Entities {
			if g.Kind.Name == config.Articles {
				add("article", e.Key+"/index.html", func() *Page { return r.article(e) })
			} else {
				add("entity", e.Key+"/index.html", func() *Page { return r.entity(e) })
			}
			if hasMentionsPage(e) {
				r.mentions(e, add)
			}
		}
	}
	r.claimPages(add)
	if r.changes != nil {
		add("changes", "changes/index.html", r.changesPage)
	}
	r.timelines(add)
	add("map", "map/index.html", r.mapPage)
	add("search", "search/index.html", func() *Page { return &Page{Type: "search", Title: "Search", URL: "/search/"} })
	add("404", NotFoundPage, func() *Page { return &Page{Type: "404", Title: "Page not found", URL: "/" + NotFoundPage} })
	return out
}

func (r *renderer) navFor(url string) []NavItem {
	out := make([]NavItem, len(r.nav))
	copy(out, r.nav)
	for i := range out {
		if out[i].URL == url || (out[i].URL != "/" && strings.HasPrefix(url, out[i].URL)) {
			out[i].Current = true
		}
	}
	return out
}
