package render

import (
	"path"
	"sort"

	"briefing/generator/diag"
	"briefing/generator/resolve"
	"briefing/generator/theme"
)

// StaticClashes reports the static files that would take the place of a
// file the site generates (static/feed.xml, static/index.html,
// static/cities/hama/index.html), go into a folder the site fills itself
// (search/, a page's mentions/), or have the name of a generated file or
// folder on Windows and macOS (static/Cities/ beside cities/). Otherwise
// such a file silently replaced the page, failed the write, or made a zip
// with one name twice. Check and build both run it, before anything is
// rendered: the names come from the same lists Render makes pages from.
func StaticClashes(b *resolve.Briefing, static []theme.File) diag.List {
	if b == nil || len(static) == 0 {
		return nil
	}
	var diags diag.List
	generated := generatedPaths(b)
	exact := make(map[string]bool, len(generated))
	folded := map[string]string{} // Fold of a generated file or folder -> its path
	for _, p := range generated {
		exact[p] = true
		for q := p; q != "."; q = path.Dir(q) {
			if _, ok := folded[theme.Fold(q)]; ok {
				break // and so are the folders above it
			}
			folded[theme.Fold(q)] = q
		}
	}
	folders := reservedFolders(b)
	reported := map[string]bool{}
	for _, f := range static {
		at := theme.StaticDir + "/" + f.Path
		if exact[f.Path] {
			diags.Add(diag.Diagnostic{Path: at, Msg: "the site generates " + f.Path + " itself: a static file may not take its place", Hint: "rename or remove it"})
			continue
		}
		if dir, what := inReserved(f.Path, folders); dir != "" {
			diags.Add(diag.Diagnostic{Path: at, Msg: "the site generates the files in " + dir + " (" + what + "): a static file may not go there", Hint: "move it"})
			continue
		}
		for q := f.Path; q != "."; q = path.Dir(q) {
			if g, ok := folded[theme.Fold(q)]; ok && g != q && !reported[q] {
				reported[q] = true
				diags.Add(diag.Diagnostic{Path: theme.StaticDir + "/" + q, Msg: theme.Clash(q, g, g), Hint: "the site generates " + g + ": rename yours"})
			}
		}
	}
	return diags
}

// generatedPaths lists the files Render makes for b, but for the search
// index's, whose names depend on its words (reservedFolders has their
// folder).
func generatedPaths(b *resolve.Briefing) []string {
	r := &renderer{b: b, base: b.Site.BaseURL}
	t := newTree()
	r.dataFiles(t)
	out := make([]string, 0, len(t.entries)+len(b.Pages())+16)
	for p := range t.entries {
		if p != robotsTxt {
			out = append(out, p)
		}
	}
	for _, p := range r.pages() {
		out = append(out, p.path)
	}
	sort.Strings(out)
	return out
}

// robotsTxt is generated unless the site's static/ has its own.
const robotsTxt = "robots.txt"

// reservedFolders are the folders whose every file the site makes, with
// what they hold: the search index, and each page's page of mentions
// (made only for a page with many, but reserved for all, so that check,
// which does not gather mentions, says what build would).
func reservedFolders(b *resolve.Briefing) map[string]string {
	out := map[string]string{searchDir: "the search index", "changes/": "the What changed page of build --previous",
		PreviewDir: "the preview's reload client, which briefing serve answers for itself"}
	for _, e := range b.Pages() {
		out[path.Dir(mentionsPath(e))+"/"] = "the page of mentions of " + e.Key
	}
	return out
}

// inReserved returns the reserved folder p lies in, and what it holds.
func inReserved(p string, folders map[string]string) (string, string) {
	for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
		if what, ok := folders[dir+"/"]; ok {
			return dir + "/", what
		}
	}
	return "", ""
}

// NotFoundPage is the page a host serves for a path the site lacks, as
// GitHub Pages and the preview server do.
const NotFoundPage = "404.html"

// PreviewDir is the folder of the preview server's own files (its reload
// client): never part of a site, and no static file may go there.
const PreviewDir = "__briefing/"

// searchDir is the folder of the search index's files.
const searchDir = "search/"
