// Package theme loads the templates and static files a site is rendered
// with: the default theme embedded in the binary, overridden file by file
// by a briefing's own templates/ and static/ folders. It gives parsed
// templates (one html/template set per page type), checked against the
// Go type of the data they are given, and the list of static files to
// copy; the render stage uses both.
package theme

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	texttemplate "text/template"
	"text/template/parse"
	"unicode"
	"unicode/utf8"

	"briefing/generator/diag"
	"briefing/generator/fields"
	"briefing/generator/srcfile"
)

// Folders of a theme, in the source tree and in the embedded default.
const (
	TemplatesDir = srcfile.TemplatesDir
	StaticDir    = srcfile.StaticDir
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

	files map[*parse.Tree]*source // where each parsed template comes from
	// named is where each template of each page's set comes from, by the
	// template rather than its tree: html/template drops the tree of a
	// template it failed to escape, and the error names that template.
	named map[*template.Template]*source

	// loaded is the theme as Load made it, whose sets never run:
	// html/template clones a set only until it has run, and Fresh themes
	// run clones.
	loaded *Theme

	// A Fresh theme's sets are cloned when first asked for (Page), with
	// its cache: the preview server renders one page type after an edit,
	// and cloning all fifteen took it milliseconds. mu guards pages,
	// files and named while they fill.
	mu    sync.Mutex
	cache *partialCache
}

// Fresh returns the theme with a partialCached cache of its own: what a
// run caches (a check's pages cut short) never reaches another run (the
// build), and two runs of one loaded theme may execute at once. Its
// cache lasts the run: a partial is executed once per key per page type,
// not once per page, which is what makes it pay.
func (t *Theme) Fresh() *Theme {
	return &Theme{pages: map[string]*template.Template{}, Static: t.Static, loaded: t.loaded, cache: &partialCache{},
		files: map[*parse.Tree]*source{}, named: map[*template.Template]*source{}}
}

// File is one static file and the layer it comes from.
type File struct {
	Path string // relative to static/: "css/briefing.css"
	From fs.FS  // the layer holding static/<Path>
}

// Read returns the file's bytes.
func (f File) Read() ([]byte, error) { return fs.ReadFile(f.From, StaticDir+"/"+f.Path) }

// Page returns the template set of a page type ("article"), or nil.
func (t *Theme) Page(name string) *template.Template {
	if t.cache == nil {
		return t.pages[name] // Load's own, never run (Fresh's source)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if set, ok := t.pages[name]; ok {
		return set
	}
	p := t.loaded.pages[name]
	if p == nil {
		return nil
	}
	set := template.Must(p.Clone())
	set.Funcs(template.FuncMap{"partialCached": t.cache.fn(&set)})
	// The clone's trees are copies: Diagnostic finds their files
	// through the templates they were cloned from.
	for _, tt := range set.Templates() {
		if src := t.loaded.named[p.Lookup(tt.Name())]; src != nil {
			t.named[tt], t.files[tt.Tree] = src, src
		}
	}
	t.pages[name] = set
	return set
}

// Pages are the page templates every theme has; each is parsed together
// with base.html and partials.html and defines "main".
var Pages = []string{"home", "article", "entity", "list", "timeline", "map", "claims", "changes", "search", "404", "mentions"}

// source is one template file.
type source struct {
	name    string // "article.html"
	path    string // "templates/article.html"
	text    string
	builtIn bool // the embedded theme's, not the site's
}

// Load parses the templates and lists static files. funcs are the
// template functions (the render stage owns them). data is a value of
// the type every page is executed with (a nil *render.Page will do): each
// page's templates are checked against it (see check.go), so that a field
// no page has is reported, with its position, before anything runs.
//
// A site's partials.html overrides the built-in partials by name: the
// built-in ones are parsed first, so a partial the site's file does not
// define (one added to the theme since it was written) is still there.
//
// The theme it returns is Fresh: its pages share a partialCached cache.
func Load(l Layers, funcs template.FuncMap, data any) (*Theme, diag.List) {
	var diags diag.List
	t := &Theme{pages: map[string]*template.Template{}, files: map[*parse.Tree]*source{}, named: map[*template.Template]*source{}}
	t.loaded = t
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
	diags.Merge(unread(l.Site))
	read := func(name string) []*source {
		p := TemplatesDir + "/" + name
		var found []*source
		for i, layer := range []fs.FS{l.Site, l.Embedded} {
			if layer == nil {
				continue
			}
			b, problem, err := srcfile.ReadFile(layer, p)
			if problem != "" {
				diags.Add(diag.Diagnostic{Path: p, Msg: problem})
				return nil
			}
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				diags.Add(diag.Diagnostic{Path: p, Msg: "cannot read: " + srcfile.CleanErr(err)})
				return nil
			}
			// A page declared UTF-8 must be UTF-8: a template saved in
			// another encoding is refused as a content file is.
			if fields.IsUTF16(b) {
				diags.Add(diag.Diagnostic{Path: p, Line: 1, Col: 1, Msg: fields.UTF16Message})
				return nil
			}
			if !utf8.Valid(b) {
				line, col := fields.FirstInvalid(b)
				diags.Add(diag.Diagnostic{Path: p, Line: line, Col: col, Msg: "file is not valid UTF-8 text"})
				return nil
			}
			if i == 0 && sameAsEmbedded(l.Embedded, p, b) {
				continue // the repository's own briefing has the theme's folder
			}
			found = append(found, &source{name: name, path: p, text: string(b), builtIn: i == 1})
			if i == 0 && name != "partials.html" {
				break
			}
		}
		if len(found) == 0 {
			diags.Add(diag.Diagnostic{Path: p, Msg: "template not found"})
		}
		// Parsed in this order, the last definition of a name wins:
		// the built-in partials, then the site's.
		slices.Reverse(found)
		return found
	}
	base, partials := read("base.html"), read("partials.html")
	if len(base) == 0 || len(partials) == 0 {
		return t, diags
	}
pages:
	for _, page := range Pages {
		files := read(page + ".html")
		if len(files) == 0 {
			continue
		}
		set := template.New("base.html").Funcs(funcs)
		for _, f := range append(append(append([]*source{}, base...), partials...), files...) {
			if d, bad := t.parse(set, f, funcs); bad {
				diags.Add(d)
				continue pages
			}
		}
		// A page whose fields or functions do not check is left out,
		// as one that does not parse is: the pages kept are those the
		// build may run (render.Check) while the others are reported.
		if data != nil {
			if d := t.check(set, files[len(files)-1], funcs, reflect.TypeOf(data)); len(d) > 0 {
				diags.Merge(d)
				continue
			}
		}
		t.pages[page] = set
	}
	t.Static = staticFiles(l, &diags)
	return t.Fresh(), diags
}

// parse adds a file's templates to set.
func (t *Theme) parse(set *template.Template, f *source, funcs template.FuncMap) (diag.Diagnostic, bool) {
	tree := parse.New(f.name)
	// Functions are checked with the types, where the position of a call
	// is known (check.go), rather than by the parser.
	tree.Mode = parse.SkipFuncCheck
	trees := map[string]*parse.Tree{}
	if _, err := tree.Parse(f.text, "", "", trees); err != nil {
		d := parseError(f, err)
		if fd, ok := misspelt(f, funcs); ok && (d.Line == 0 || fd.Line <= d.Line) {
			d = fd
		}
		return d, true
	}
	for _, name := range slices.Sorted(maps.Keys(trees)) {
		t.files[trees[name]] = f
		tt, err := set.AddParseTree(name, trees[name])
		if err != nil {
			return f.at(0, err.Error()), true
		}
		t.named[tt] = f
	}
	return diag.Diagnostic{}, false
}

// keywords are the words of actions that are not functions, for a hint.
var keywords = []string{"block", "break", "continue", "define", "else", "end", "if", "nil", "range", "template", "with"}

// misspelt finds, in a file the parser refused, a name it took for a
// function that is none: {{ned}} for {{end}} leaves a block open, and the
// parser's own error comes lines below, where the block runs into
// something ("unexpected <define> in command"). Parsed again with the
// names checked, the file fails at the name, reported at its action.
func misspelt(f *source, funcs template.FuncMap) (diag.Diagnostic, bool) {
	known := map[string]any{"partialCached": true}
	for n := range funcs {
		known[n] = true
	}
	for n := range builtins {
		known[n] = true
	}
	_, err := parse.New(f.name).Parse(f.text, "", "", map[string]*parse.Tree{}, known)
	if err == nil {
		return diag.Diagnostic{}, false
	}
	rest, ok := strings.CutPrefix(err.Error(), "template: "+f.name+":")
	num, what, ok2 := strings.Cut(rest, ": ")
	name, ok3 := strings.CutPrefix(what, `function "`)
	name, _, ok4 := strings.Cut(name, `" not defined`)
	line, err := strconv.Atoi(num)
	if !ok || !ok2 || !ok3 || !ok4 || err != nil {
		return diag.Diagnostic{}, false
	}
	// The action on that line holding the name.
	start := 0
	for range line - 1 {
		start += strings.IndexByte(f.text[start:], '\n') + 1
	}
	end := len(f.text)
	if i := strings.IndexByte(f.text[start:], '\n'); i >= 0 {
		end = start + i
	}
	pos := start
	for i := start; i < end; {
		open := strings.Index(f.text[i:end], "{{")
		if open < 0 {
			break
		}
		act := f.text[i+open : end]
		if c := strings.Index(act, "}}"); c >= 0 {
			act = act[:c]
		}
		// The name as a word of its own: not a field (.ned) or a
		// variable ($ned).
		if slices.Contains(strings.FieldsFunc(act, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '.' && r != '$'
		}), name) {
			pos = i + open
			break
		}
		i += open + 2
	}
	d := f.at(pos, what)
	d.Line, d.Col = max(d.Line, line), max(d.Col, 1)
	d.Hint = diag.Suggest(name, slices.Concat(slices.Collect(maps.Keys(known)), keywords))
	return d, true
}

// parseError locates a syntax error. The parse package has no error type:
// its message is "template: NAME:LINE: what", NAME being the name it was
// given (f.name). Its line is the one position in this package read from
// an error's text (column finds the column); TestCheck holds the format.
func parseError(f *source, err error) diag.Diagnostic {
	msg := err.Error()
	rest, ok := strings.CutPrefix(msg, "template: "+f.name+":")
	if !ok {
		return f.at(0, msg)
	}
	num, what, ok := strings.Cut(rest, ": ")
	line, err2 := strconv.Atoi(num)
	if !ok || err2 != nil {
		return f.at(0, msg)
	}
	if pos := f.column(line, msg); pos >= 0 {
		d := f.at(pos, what)
		d.Line, d.Col = max(d.Line, 1), max(d.Col, 1) // at takes 0 for no position
		return d
	}
	d := f.at(0, what)
	d.Line = line
	return d
}

// column finds where on its line a syntax error is, as a byte offset of
// the file, or -1. The parse package gives only the line, and its lexer's
// position goes with it; so the text is parsed again, cut after each
// character of that line in turn, and the first cut that fails with the
// same message (line included) ends at the character at fault. A bad
// character is pointed at; any other error at the action it is in. An
// error found at the end of the file (unexpected EOF) is where no cut can
// tell, and keeps its line alone.
func (f *source) column(line int, msg string) int {
	if strings.HasSuffix(msg, "EOF") {
		return -1
	}
	start := 0
	for range line - 1 {
		i := strings.IndexByte(f.text[start:], '\n')
		if i < 0 {
			return -1
		}
		start += i + 1
	}
	end := len(f.text)
	if i := strings.IndexByte(f.text[start:], '\n'); i >= 0 {
		end = start + i
	}
	// Each cut is parsed from the file's start: a long line in a long
	// file (minified) would take seconds, and keeps its line alone.
	if (end-start)*end > 32<<20 {
		return -1
	}
	for k := start + 1; k <= end; k++ {
		tree := parse.New(f.name)
		tree.Mode = parse.SkipFuncCheck
		if _, err := tree.Parse(f.text[:k], "", "", map[string]*parse.Tree{}); err == nil || err.Error() != msg {
			continue
		}
		if strings.Contains(msg, ": bad character ") {
			return k - 1
		}
		if open := strings.LastIndex(f.text[start:k], "{{"); open >= 0 {
			return start + open
		}
		return k - 1
	}
	return -1
}

// at is a diagnostic at byte offset pos of the file (0 and the file has
// no position: the whole file).
func (f *source) at(pos int, msg string) diag.Diagnostic {
	d := diag.Diagnostic{Path: f.path, Msg: msg}
	if f.builtIn {
		d.Msg += " (in the built-in theme's " + f.name + ")"
	}
	if pos > 0 && pos <= len(f.text) {
		before := f.text[:pos]
		start := strings.LastIndexByte(before, '\n') + 1
		d.Line = strings.Count(before, "\n") + 1
		d.Col = utf8.RuneCountInString(before[start:]) + 1
	}
	return d
}

// Diagnostic locates an error from executing a page of set: an escaping
// problem html/template found (at its node), or a failure while
// executing, in the file of the template that failed.
func (t *Theme) Diagnostic(set *template.Template, err error) diag.Diagnostic {
	t.mu.Lock() // Page may be filling files and named
	defer t.mu.Unlock()
	var esc *template.Error
	if errors.As(err, &esc) {
		for _, tt := range set.Templates() {
			if esc.Node != nil && tt.Tree != nil && t.files[tt.Tree] != nil && contains(tt.Tree.Root, esc.Node) {
				return t.files[tt.Tree].at(int(esc.Node.Position()), esc.Description)
			}
		}
		// A node in no tree of the set is in a copy html/template made (a
		// template called inside an attribute) and renamed the error to
		// the page's root: only the error's own text then says where.
		if f := t.named[set.Lookup(esc.Name)]; f != nil && esc.Node == nil {
			d := f.at(0, esc.Description)
			d.Line = esc.Line
			if esc.ErrorCode == template.ErrEndContext && f.builtIn {
				d.Hint = t.openedBy(set)
			}
			return d
		}
	}
	var ex texttemplate.ExecError
	if errors.As(err, &ex) {
		// A template called inside an attribute runs as html/template's
		// copy, named for the context after the template's own name,
		// which is the one the reader wrote.
		name, _, _ := strings.Cut(ex.Name, "$htmltemplate_")
		if f := t.named[set.Lookup(name)]; f != nil {
			return execError(f, strings.ReplaceAll(err.Error(), `"`+ex.Name+`"`, `"`+name+`"`))
		}
	}
	return diag.Diagnostic{Path: TemplatesDir, Msg: err.Error()}
}

// execError locates a failure while executing a template of file f. An
// ExecError carries no node: its message begins with where the node is,
// "template: article.html:3:2: ", which text/template takes from the
// parse tree (ErrorContext). As with parseError, that is read from the
// text; template-runtime.txtar holds the format.
func execError(f *source, msg string) diag.Diagnostic {
	rest, ok := strings.CutPrefix(msg, "template: "+f.name+":")
	if !ok {
		return f.at(0, msg)
	}
	pos, what, ok := strings.Cut(rest, ": ")
	ls, cs, ok2 := strings.Cut(pos, ":")
	line, err1 := strconv.Atoi(ls)
	col, err2 := strconv.Atoi(cs)
	if !ok || !ok2 || err1 != nil || err2 != nil || line < 1 {
		return f.at(0, msg)
	}
	// text/template counts the column in bytes from 0; f.at counts
	// characters from 1, as editors and the other diagnostics do.
	start := 0
	for range line - 1 {
		i := strings.IndexByte(f.text[start:], '\n')
		if i < 0 {
			return f.at(0, msg)
		}
		start += i + 1
	}
	if start+col == 0 {
		d := f.at(0, what)
		d.Line, d.Col = 1, 1
		return d
	}
	return f.at(start+col, what)
}

// openedBy says which of the site's own files a built-in template that
// ends in the wrong context calls: the built-in theme ends where it
// began, so one of them leaves a tag, quote, comment or script open.
func (t *Theme) openedBy(set *template.Template) string {
	var paths []string
	for _, tt := range set.Templates() {
		if f := t.named[tt]; f != nil && !f.builtIn && !slices.Contains(paths, f.path) {
			paths = append(paths, f.path)
		}
	}
	if len(paths) == 0 {
		return ""
	}
	slices.Sort(paths)
	return "it calls " + strings.Join(paths, " and ") + ", which must close every tag, quote, comment and script it opens"
}

// contains reports whether n is in the list l or the lists of its
// branches. The escaper reports the nodes that lists hold (an action, a
// template call, a tree's root) and the branch of an if, with or range
// whose branches end in different contexts: a pipeline's parts are not
// looked into.
func contains(l *parse.ListNode, n parse.Node) bool {
	if l == nil {
		return false
	}
	if parse.Node(l) == n {
		return true
	}
	for _, m := range l.Nodes {
		var b *parse.BranchNode
		switch m := m.(type) {
		case *parse.IfNode:
			b = &m.BranchNode
		case *parse.WithNode:
			b = &m.BranchNode
		case *parse.RangeNode:
			b = &m.BranchNode
		}
		if m == n || b != nil && (parse.Node(b) == n || contains(b.List, n) || contains(b.ElseList, n)) {
			return true
		}
	}
	return false
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

// staticFiles lists the static files, the site's over the embedded ones.
func staticFiles(l Layers, diags *diag.List) []File {
	var out []File
	seen := map[string]bool{}
	own := map[string]bool{} // static files from the site's own folder
	for i, layer := range []fs.FS{l.Site, l.Embedded} {
		if layer == nil {
			continue
		}
		var visit fs.WalkDirFunc
		visit = func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && p == StaticDir {
					return fs.SkipDir
				}
				diags.Add(diag.Diagnostic{Path: p, Msg: "cannot read: " + srcfile.CleanErr(err)})
				return nil
			}
			name := path.Base(p)
			if d.IsDir() {
				if p != StaticDir && srcfile.Ignored(name) {
					return fs.SkipDir
				}
				if problem, skip := staticEntry(p, true); problem != "" && p != StaticDir {
					diags.Add(diag.Diagnostic{Path: p, Msg: problem})
					if skip {
						return fs.SkipDir
					}
				}
				return nil
			}
			if srcfile.Ignored(name) {
				return nil
			}
			// A link to a folder inside the source is followed, as the
			// content's are: its files are the static files below the
			// link's name. One to a folder holding it would never end.
			if d.Type()&fs.ModeSymlink != 0 {
				if st, err := fs.Stat(layer, p); err == nil && st.IsDir() {
					// A loop leads to a folder holding one the walk
					// is in: compared where they really are, not by
					// the names walked (a link met through another).
					real, problem := srcfile.Resolve(layer, p)
					loop := problem == "" && real == ""
					for d := path.Dir(p); problem == "" && !loop && d != "."; d = path.Dir(d) {
						in, _ := srcfile.Resolve(layer, d)
						loop = strings.HasPrefix(in+"/", real+"/")
					}
					if loop {
						problem = "symbolic link loop: it leads to a folder holding it"
					}
					if problem != "" {
						diags.Add(diag.Diagnostic{Path: p, Msg: problem})
						return nil
					}
					return fs.WalkDir(layer, p, visit)
				}
			}
			if problem, _ := staticEntry(p, false); problem != "" {
				diags.Add(diag.Diagnostic{Path: p, Msg: problem})
				return nil
			}
			rel := strings.TrimPrefix(p, StaticDir+"/")
			if seen[rel] {
				return nil
			}
			seen[rel] = true // a bad file is not taken from the layer below either
			// Checked here, not when the file is copied, so that a bad
			// file fails the build before anything is written.
			if problem := srcfile.Check(layer, p); problem != "" {
				diags.Add(diag.Diagnostic{Path: p, Msg: problem})
				return nil
			}
			own[rel] = i == 0
			out = append(out, File{Path: rel, From: layer})
			return nil
		}
		err := fs.WalkDir(layer, StaticDir, visit)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			diags.Add(diag.Diagnostic{Path: StaticDir, Msg: "cannot read: " + srcfile.CleanErr(err)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	diags.Merge(foldClashes(out, own))
	return out
}

// unread reports the templates of the site's templates/ the theme never
// reads: a page type misspelt ("artcle.html") left the built-in page in
// place without a word. A theme's templates are base.html, partials.html
// and a file per page type, side by side; other files (notes) are left
// alone, but a folder is reported too (templates/partials/ is Hugo's
// layout, not this theme's).
func unread(site fs.FS) diag.List {
	if site == nil {
		return nil
	}
	entries, err := fs.ReadDir(site, TemplatesDir)
	if err != nil {
		return nil // none, or reported when read
	}
	// Names are told apart without the ".html" they all share.
	stems := append([]string{"base", "partials"}, Pages...)
	known := make([]string, len(stems))
	for i, s := range stems {
		known[i] = s + ".html"
	}
	var diags diag.List
	for _, e := range entries {
		name := e.Name()
		switch {
		case srcfile.Ignored(name), slices.Contains(known, name):
		case e.IsDir():
			diags.Add(diag.Diagnostic{Path: TemplatesDir + "/" + name, Msg: "a folder, never read: a theme's templates are files directly in templates/ (base.html, partials.html, one per page type)"})
		case slices.Contains(known, strings.ToLower(name)):
			// Read or not depending on the file system (macOS and
			// Windows are blind to case): lower case is read on all.
			diags.Add(diag.Diagnostic{Path: TemplatesDir + "/" + name, Msg: "a template's name is in lower case", Hint: "name it " + strings.ToLower(name)})
		case strings.HasSuffix(name, ".html"):
			d := diag.Diagnostic{Path: TemplatesDir + "/" + name, Msg: "not a template of the theme, never read"}
			if c := diag.Closest(strings.TrimSuffix(name, ".html"), stems); c != "" {
				d.Hint = fmt.Sprintf("did you mean %q?", c+".html")
			} else {
				d.Msg += ": the theme's are " + strings.Join(known, ", ")
			}
			diags.Add(d)
		}
	}
	return diags
}
