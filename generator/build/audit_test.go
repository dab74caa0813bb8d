package build

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"path"
	"regexp"
	"sort"
	"strings"
)

// The site's own Content-Security-Policy: scripts and styles only from
// the site's own files, no plugins, no <base>, no frames.
const wantCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-src 'none'"

var (
	// tagRE finds tags. In correctly escaped HTML every "<" that is not
	// markup is written "&lt;", so each match is real markup.
	tagRE  = regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>`)
	attrRE = regexp.MustCompile(`([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?`)
	// scriptRE is any "<script" however written.
	scriptRE = regexp.MustCompile(`(?i)<\s*/?\s*script`)
)

// forbidden elements: nothing in the site needs them, and each can run
// code or change where the page's links and scripts go.
var forbidden = map[string]bool{
	"iframe": true, "frame": true, "frameset": true, "object": true, "embed": true, "applet": true,
	"base": true, "style": true, "template": true, "portal": true, "math": true, "noscript": true,
}

// urlAttrs hold URLs a browser follows or loads.
var urlAttrs = map[string]bool{"href": true, "src": true, "action": true, "formaction": true, "xlink:href": true, "poster": true, "data": true, "srcset": true, "background": true}

// audit checks every file of a built site and returns what is unsafe:
// scripts other than the site's own, event handlers, script URLs, inline
// styles, an absent or weakened CSP, broken JSON or XML, and "</script"
// or "<!--" inside data files.
func audit(files map[string][]byte) []string {
	var problems []string
	bad := func(p, format string, args ...any) {
		problems = append(problems, p+": "+fmt.Sprintf(format, args...))
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		data := files[p]
		switch {
		case strings.HasSuffix(p, ".html"):
			auditHTML(p, string(data), files, bad)
		case strings.HasSuffix(p, ".xml"):
			if scriptRE.Match(data) {
				bad(p, "<script in XML")
			}
			if err := wellFormed(data); err != nil {
				bad(p, "not well-formed XML: %v", err)
			}
		case strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".geojson"):
			if !json.Valid(data) {
				bad(p, "not valid JSON")
			}
			auditData(p, data, bad)
		case strings.HasPrefix(p, "search/") && strings.HasSuffix(p, ".js"):
			auditData(p, data, bad)
			if js, ok := jsonInScript(p, data); !ok {
				bad(p, "not a search data script")
			} else {
				for _, j := range js {
					if !json.Valid(j) {
						bad(p, "invalid JSON in the data script: %.80s", j)
					}
				}
			}
		case strings.HasSuffix(p, ".svg"):
			if scriptRE.Match(data) || regexp.MustCompile(`(?i)\son[a-z]+\s*=`).Match(data) {
				bad(p, "script in SVG")
			}
		}
	}
	return problems
}

// auditData checks a data file cannot end or comment out a <script>
// element it might be inlined into.
func auditData(p string, data []byte, bad func(string, string, ...any)) {
	low := bytes.ToLower(data)
	for _, s := range []string{"</script", "<!--", "<script"} {
		if bytes.Contains(low, []byte(s)) {
			bad(p, "%q in a data file", s)
		}
	}
}

var (
	indexJS = regexp.MustCompile(`(?s)^window\.BRIEFING_SEARCH=(.*);\n?$`)
	shardJS = regexp.MustCompile(`(?s)^BRIEFING_SEARCH_SHARD\(("(?:[^"\\]|\\.)*"),(.*)\);\n?$`)
)

// jsonInScript takes the JSON values out of a search data script.
func jsonInScript(p string, data []byte) ([][]byte, bool) {
	if p == "search/index.js" {
		m := indexJS.FindSubmatch(data)
		if m == nil {
			return nil, false
		}
		return [][]byte{m[1]}, true
	}
	if strings.HasPrefix(p, "search/d/") {
		m := snippetsJS.FindSubmatch(data)
		if m == nil {
			return nil, false
		}
		return [][]byte{m[1], m[2]}, true
	}
	m := shardJS.FindSubmatch(data)
	if m == nil {
		return nil, false
	}
	return [][]byte{m[1], m[2]}, true
}

var snippetsJS = regexp.MustCompile(`(?s)^BRIEFING_SEARCH_SNIPPETS\((\d+),(.*)\);\n$`)

func wellFormed(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func auditHTML(p, doc string, files map[string][]byte, bad func(string, string, ...any)) {
	// Script elements: only <script src> naming a script of the site, and
	// JSON data blocks (JSON-LD, the map's data) whose text is JSON with no
	// "<" at all.
	rest := doc
	for {
		i := scriptRE.FindStringIndex(rest)
		if i == nil {
			break
		}
		m := tagRE.FindStringSubmatchIndex(rest[i[0]:])
		if m == nil || m[0] != 0 || rest[i[0]+m[2]:i[0]+m[3]] == "/" {
			bad(p, "stray script markup: %.60q", rest[i[0]:])
			rest = rest[i[1]:]
			continue
		}
		tag := rest[i[0] : i[0]+m[1]]
		attrs := attrMap(rest[i[0]+m[6] : i[0]+m[7]])
		body := rest[i[0]+m[1]:]
		end := strings.Index(strings.ToLower(body), "</script>")
		if end < 0 {
			bad(p, "unclosed script: %q", tag)
			break
		}
		text := body[:end]
		switch {
		case attrs["type"] == "application/ld+json" && len(attrs) == 1,
			// The map page's data for its time control (never executed).
			attrs["type"] == "application/json" && attrs["id"] == "map-data" && len(attrs) == 2:
			if !json.Valid([]byte(text)) {
				bad(p, "JSON-LD is not valid JSON: %.80q", text)
			}
			if strings.ContainsAny(text, "<>") {
				bad(p, "unescaped < or > in JSON-LD")
			}
		case attrs["src"] != "" && len(attrs) == 1 && text == "":
			if !isSiteScript(p, attrs["src"], files) {
				bad(p, "script from outside the site's own scripts: %q", tag)
			}
		default:
			bad(p, "inline or unexpected script: %.80q", tag+text)
		}
		rest = body[end+len("</script>"):]
	}

	csp := 0
	for _, m := range tagRE.FindAllStringSubmatch(doc, -1) {
		if m[1] == "/" {
			continue
		}
		name := strings.ToLower(m[2])
		attrs := attrMap(m[3])
		if forbidden[name] {
			bad(p, "element <%s>", name)
		}
		if name == "meta" && strings.EqualFold(attrs["http-equiv"], "content-security-policy") {
			csp++
			if attrs["content"] != wantCSP {
				bad(p, "Content-Security-Policy %q, want %q", attrs["content"], wantCSP)
			}
		}
		if name == "meta" && attrs["http-equiv"] != "" && !strings.EqualFold(attrs["http-equiv"], "content-security-policy") {
			bad(p, "meta http-equiv %q", attrs["http-equiv"])
		}
		if name == "link" && attrs["rel"] != "stylesheet" && attrs["rel"] != "icon" && attrs["rel"] != "canonical" && attrs["rel"] != "alternate" {
			bad(p, "link rel=%q", attrs["rel"])
		}
		for a, v := range attrs {
			if strings.HasPrefix(a, "on") {
				bad(p, "event handler %s=%q on <%s>", a, v, name)
			}
			if a == "style" || a == "srcdoc" {
				bad(p, "%s attribute on <%s> (blocked by the CSP)", a, name)
			}
			if urlAttrs[a] && scriptURL(v) {
				bad(p, "script URL in %s=%q on <%s>", a, v, name)
			}
		}
	}
	if csp != 1 {
		bad(p, "%d Content-Security-Policy meta tags, want 1", csp)
	}
	// The CSP must come before anything it governs.
	if i, j := strings.Index(doc, "Content-Security-Policy"), strings.Index(doc, "<link"); i < 0 || (j >= 0 && j < i) {
		bad(p, "Content-Security-Policy meta tag is not at the top of <head>")
	}
}

// attrMap reads a tag's attributes (lower-cased names, entities in values
// decoded as a browser would for the few that matter here).
func attrMap(s string) map[string]string {
	out := map[string]string{}
	for _, a := range attrRE.FindAllStringSubmatch(s, -1) {
		out[strings.ToLower(a[1])] = unentity(a[2] + a[3] + a[4])
	}
	return out
}

func unentity(s string) string { return html.UnescapeString(s) }

// scriptURL reports a URL a browser would run or render as a document.
func scriptURL(v string) bool {
	v = strings.ToLower(strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, v))
	for _, s := range []string{"javascript:", "vbscript:", "livescript:", "data:text", "data:application", "data:image/svg"} {
		if strings.HasPrefix(v, s) {
			return true
		}
	}
	return false
}

// isSiteScript reports whether src, as written in page p, names a .js
// file of the site itself (relative, or root-relative).
func isSiteScript(p, src string, files map[string][]byte) bool {
	if strings.Contains(src, "://") || strings.HasPrefix(src, "//") || strings.ContainsAny(src, "?#") {
		return false
	}
	var target string
	if strings.HasPrefix(src, "/") {
		target = strings.TrimPrefix(path.Clean(src), "/")
		// Under a sub-path, root-relative URLs carry the base path.
		for len(target) > 0 && files[target] == nil {
			i := strings.Index(target, "/")
			if i < 0 {
				break
			}
			target = target[i+1:]
		}
	} else {
		target = path.Join(path.Dir(p), src)
	}
	return strings.HasSuffix(target, ".js") && files[target] != nil
}
