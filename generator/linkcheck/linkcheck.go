// Package linkcheck follows every link of a rendered site the way a
// browser would, in the three places a briefing is read: served from a web
// server (a folder URL serves its index.html), under a sub-path, and from
// disk (file://, where a folder URL opens no index.html). It takes a tree
// of path to bytes and gives the links that lead nowhere. The build, zip
// and serve tests use it; it sits beside the stages, not in the pipeline.
package linkcheck

import (
	"fmt"
	"html"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"
)

// Mode is how the site is opened.
type Mode int

const (
	// Server: "dir/" serves "dir/index.html".
	Server Mode = iota
	// Disk: file:// opens exactly the file named; "dir/" is a folder listing.
	Disk
)

// Problem is one broken link.
type Problem struct {
	Page, Link, Why string
}

func (p Problem) String() string { return fmt.Sprintf("%s: %s: %s", p.Page, p.Link, p.Why) }

var (
	attrRE = regexp.MustCompile(`\s(?:href|src|action|data-root)="([^"]*)"`)
	idRE   = regexp.MustCompile(`\sid="([^"]*)"`)
)

// Check resolves every href, src and form action of every HTML page in
// files. External links (with a scheme or //host) are returned in
// external, not checked. Fragments must name an id in the target page.
// basePath is the path the site is published under ("/repo/"): 404.html,
// which a host serves at any depth, links from it, and only it may.
func Check(files map[string][]byte, mode Mode, basePath string) (problems []Problem, external []string) {
	ids := map[string]map[string]bool{}
	idsOf := func(p string) map[string]bool {
		if m, ok := ids[p]; ok {
			return m
		}
		m := map[string]bool{}
		for _, x := range idRE.FindAllSubmatch(files[p], -1) {
			m[html.UnescapeString(string(x[1]))] = true
		}
		ids[p] = m
		return m
	}
	seenExt := map[string]bool{}
	var pages []string
	for p := range files {
		if strings.HasSuffix(p, ".html") {
			pages = append(pages, p)
		}
	}
	sort.Strings(pages)
	for _, page := range pages {
		for _, m := range attrRE.FindAllSubmatch(files[page], -1) {
			raw := html.UnescapeString(string(m[1]))
			attr := strings.TrimSpace(strings.SplitN(string(m[0]), "=", 2)[0])
			u, err := url.Parse(raw)
			if err != nil {
				problems = append(problems, Problem{page, raw, "not a URL: " + err.Error()})
				continue
			}
			if u.Scheme != "" || u.Host != "" {
				if u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "mailto" {
					problems = append(problems, Problem{page, raw, "scheme " + u.Scheme + " is not allowed"})
				} else if !seenExt[raw] {
					seenExt[raw] = true
					external = append(external, raw)
				}
				continue
			}
			from := page
			if page == "404.html" && basePath != "" && strings.HasPrefix(u.Path, basePath) {
				u.Path = strings.TrimPrefix(u.Path, basePath)
				from = "index.html"
				if u.Path == "" {
					u.Path = "./"
				}
			} else if strings.HasPrefix(raw, "/") {
				problems = append(problems, Problem{page, raw, "root-relative link breaks under a sub-path and from disk"})
				continue
			}
			target := from
			if u.Path != "" {
				target = path.Join(path.Dir(from), u.Path)
				if strings.HasSuffix(u.Path, "/") || u.Path == "." || u.Path == ".." || strings.HasSuffix(u.Path, "/.") {
					target += "/"
				}
				if strings.HasPrefix(target, "../") || target == ".." {
					problems = append(problems, Problem{page, raw, "leads outside the site"})
					continue
				}
			}
			if attr == "data-root" {
				// The search script prefixes result paths with it.
				root := strings.TrimPrefix(path.Clean("/"+target), "/")
				if _, ok := files[path.Join(root, "index.html")]; !ok {
					problems = append(problems, Problem{page, raw, "data-root does not lead to the site root"})
				}
				continue
			}
			file := target
			if strings.HasSuffix(target, "/") || target == "." {
				if mode == Disk {
					problems = append(problems, Problem{page, raw, "names a folder: from disk this opens a listing, not index.html"})
					continue
				}
				file = strings.TrimSuffix(strings.TrimSuffix(target, "."), "/") + "/index.html"
				file = strings.TrimPrefix(file, "/")
			}
			file = strings.TrimPrefix(path.Clean("/"+file), "/")
			if _, ok := files[file]; !ok {
				problems = append(problems, Problem{page, raw, "no such file " + file})
				continue
			}
			if u.Fragment != "" && strings.HasSuffix(file, ".html") && !idsOf(file)[u.Fragment] {
				problems = append(problems, Problem{page, raw, "no id " + u.Fragment + " in " + file})
			}
		}
	}
	return problems, external
}
