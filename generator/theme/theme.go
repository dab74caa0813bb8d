// Package theme loads the templates and static files a site is rendered
// with: the default theme embedded in the binary, overridden file by file
// by a briefing's own templates/ and static/ folders. It gives parsed
// templates (one set per page type) and the list of static files to copy;
// the render stage uses both.
package theme

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"briefing/generator/diag"
	"briefing/generator/srcfile"
)

// Folders of a theme, in the source tree and in the embedded default.
const (
	TemplatesDir = "templates"
	StaticDir    = "static"
)

// Layers is a theme source: a site's own files over the defaults.
type Layers struct {
	Site     fs.FS // the briefing's source folder (may lack templates/ and static/)
	Embedded fs.FS // the default theme, with templates/ and static/ at its root
}

// Theme is a loaded theme.
type Theme struct {
	pages  map[string]*template.Template // page type -> template set
	Static []File                        // files to copy to the site root, sorted by path
	// SiteTemplates says the site has templates of its own: they may read
	// any part of the model on any page.
	SiteTemplates bool
}

// File is one static file and the layer it comes from.
type File struct {
	Path string // relative to static/: "css/briefing.css"
	From fs.FS  // the layer holding static/<Path>
}

// Read returns the file's bytes.
func (f File) Read() ([]byte, error) { return fs.ReadFile(f.From, StaticDir+"/"+f.Path) }

// Page returns the template set of a page type ("article"), or nil.
func (t *Theme) Page(name string) *template.Template { return t.pages[name] }

// Pages are the page templates every theme has; each is parsed together
// with base.html and partials.html and defines "main".
var Pages = []string{"home", "article", "entity", "list", "timeline", "map", "claims", "search", "404"}

// Load parses the templates and lists static files. funcs are the
// template functions (the render stage owns them), as an html/template
// FuncMap.
func Load(l Layers, funcs map[string]any) (*Theme, diag.List) {
	var diags diag.List
	t := &Theme{pages: map[string]*template.Template{}}
	// The files below a folder are checked one by one; a folder that is
	// itself a link out of the source is refused here.
	for _, dir := range []string{TemplatesDir, StaticDir} {
		if l.Site == nil {
			break
		}
		if msg := srcfile.CheckLink(l.Site, dir); msg != "" {
			diags.Add(diag.Diagnostic{Path: dir, Msg: msg})
		}
	}
	if len(diags) > 0 {
		return t, diags
	}
	read := func(name string) (string, string, bool) {
		p := TemplatesDir + "/" + name
		for i, layer := range []fs.FS{l.Site, l.Embedded} {
			if layer == nil {
				continue
			}
			b, problem, err := srcfile.ReadFile(layer, p)
			if problem != "" {
				diags.Add(diag.Diagnostic{Path: p, Msg: problem})
				return "", p, false
			}
			if err == nil {
				if i == 0 && !sameAsEmbedded(l.Embedded, p, b) {
					t.SiteTemplates = true
				}
				return string(b), p, true
			}
			if !errors.Is(err, fs.ErrNotExist) {
				diags.Add(diag.Diagnostic{Path: p, Msg: "cannot read: " + err.Error()})
				return "", p, false
			}
		}
		diags.Add(diag.Diagnostic{Path: p, Msg: "template not found"})
		return "", p, false
	}
	base, basePath, ok1 := read("base.html")
	partials, partPath, ok2 := read("partials.html")
	if !ok1 || !ok2 {
		return t, diags
	}
	// A site's partials.html overrides the built-in partials by name: the
	// built-in ones are parsed first, so that a partial the site's file
	// lacks (one added to the theme since it was written) is still there.
	parts := []struct{ name, path, src string }{{"base.html", basePath, base}}
	if l.Embedded != nil {
		if b, err := fs.ReadFile(l.Embedded, partPath); err == nil && string(b) != partials {
			parts = append(parts, struct{ name, path, src string }{"partials.html", partPath, string(b)})
		}
	}
	parts = append(parts, struct{ name, path, src string }{"partials.html", partPath, partials})
	cache := &partialCache{} // one per Load: a build's, never carried to the next
	for _, page := range Pages {
		src, p, ok := read(page + ".html")
		if !ok {
			continue
		}
		var set *template.Template
		set = template.New("base.html").Funcs(template.FuncMap(funcs)).Funcs(template.FuncMap{"partialCached": cache.fn(&set)})
		var err error
		for _, part := range append(parts[:len(parts):len(parts)], struct{ name, path, src string }{page + ".html", p, src}) {
			var tt *template.Template
			if part.name == "base.html" {
				tt = set
			} else {
				tt = set.New(part.name)
			}
			if _, err = tt.Parse(part.src); err != nil {
				diags.Add(templateError(part.path, err))
				break
			}
		}
		if err == nil {
			t.pages[page] = set
		}
	}
	seen := map[string]bool{}
	for _, layer := range []fs.FS{l.Site, l.Embedded} {
		if layer == nil {
			continue
		}
		err := fs.WalkDir(layer, StaticDir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && p == StaticDir {
					return fs.SkipDir
				}
				diags.Add(diag.Diagnostic{Path: p, Msg: "cannot read: " + err.Error()})
				return nil
			}
			name := path.Base(p)
			if d.IsDir() {
				if p != StaticDir && strings.HasPrefix(name, ".") {
					return fs.SkipDir
				}
				return nil
			}
			if strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || strings.HasSuffix(name, ".swp") {
				return nil
			}
			rel := strings.TrimPrefix(p, StaticDir+"/")
			if seen[rel] {
				return nil
			}
			// Checked here, not when the file is copied, so that a bad
			// file fails the build before anything is written.
			if problem := srcfile.Check(layer, p); problem != "" {
				seen[rel] = true // not taken from the layer below either
				diags.Add(diag.Diagnostic{Path: p, Msg: problem})
				return nil
			}
			seen[rel] = true
			t.Static = append(t.Static, File{Path: rel, From: layer})
			return nil
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			diags.Add(diag.Diagnostic{Path: StaticDir, Msg: "cannot read: " + err.Error()})
		}
	}
	sort.Slice(t.Static, func(i, j int) bool { return t.Static[i].Path < t.Static[j].Path })
	return t, diags
}

// sameAsEmbedded reports whether a site's template is a copy of the
// built-in one (the repository's own briefing has the theme's folder).
func sameAsEmbedded(embedded fs.FS, p string, b []byte) bool {
	if embedded == nil {
		return false
	}
	e, err := fs.ReadFile(embedded, p)
	return err == nil && bytes.Equal(e, b)
}

// html/template reports "template: name:line: message" or
// "template: name:line:col: ..."; it has no typed error with a position,
// so the line is read from the text.
var tmplPos = regexp.MustCompile(`^template: [^:]+:(\d+):(?:(\d+):)? ?(.*)$`)

func templateError(p string, err error) diag.Diagnostic {
	msg := err.Error()
	if m := tmplPos.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		return diag.Diagnostic{Path: p, Line: line, Col: col, Msg: m[3]}
	}
	return diag.Diagnostic{Path: p, Msg: fmt.Sprint(strings.TrimPrefix(msg, "template: "))}
}
