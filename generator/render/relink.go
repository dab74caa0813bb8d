package render

import (
	"bytes"
	"strings"
)

// linkAttrs are the attributes whose site-root paths appendRelinked
// rewrites.
var linkAttrs = []string{" href", " src", " action", " data-root"}

var valueStart = []byte(`="/`)

// appendRelinked appends a page to dst with every site-root path
// ("/cities/hama/") in its attributes rewritten, so that the page works
// wherever the site is put: under a web server at "/", on GitHub Pages
// under a sub-path, and from disk.
//
// Templates and Markdown write internal links from the site root, which is
// simple and the same on every page; this one pass makes them relative to
// pagePath ("../hama/"). With fileLinks a link to a folder names its
// index.html, because file:// does not turn "dir/" into "dir/index.html".
// With absBase set (the 404 page, served at any depth), links are made
// absolute from that base path instead.
//
// Values are found by their attribute prefix, which html/template and
// goldmark always write with a leading space and double quotes; text that
// merely looks like an attribute is escaped (&#34;) and never matches.
// Appending to dst lets a build reuse one buffer per page in flight
// instead of allocating each page twice.
func appendRelinked(dst, page []byte, pagePath, absBase string, fileLinks bool) []byte {
	prefix := absBase
	if absBase == "" {
		prefix = strings.Repeat("../", strings.Count(pagePath, "/"))
	}
	out := bytes.NewBuffer(dst)
	out.Grow(len(page) + len(page)/20)
	rest := page
	for {
		// One pass: find each `="/` and look back for the attribute name,
		// so the scan stays linear in the page size.
		i := bytes.Index(rest, valueStart)
		if i < 0 {
			out.Write(rest)
			break
		}
		vstart := i + 2 // at the "/"
		out.Write(rest[:vstart])
		attr := linkAttr(rest[:i])
		if attr == "" {
			rest = rest[vstart:]
			continue
		}
		end := bytes.IndexByte(rest[vstart:], '"')
		if end < 0 {
			out.Write(rest[vstart:])
			break
		}
		val := rest[vstart : vstart+end]
		if bytes.HasPrefix(val, []byte("//")) {
			out.Write(val) // protocol-relative: another host, leave it
		} else {
			// data-root is a prefix the search script joins paths to,
			// never a page: it must not name index.html.
			writeRelative(out, val[1:], prefix, fileLinks && attr != " data-root", absBase != "")
		}
		rest = rest[vstart+end:]
	}
	return out.Bytes()
}

// linkAttr returns which of linkAttrs before ends with, or "".
func linkAttr(before []byte) string {
	for _, a := range linkAttrs {
		if bytes.HasSuffix(before, []byte(a)) {
			return a
		}
	}
	return ""
}

// writeRelative writes a root path without its leading slash
// ("cities/hama/", "search/?q=x#r") as a link from a page whose root is
// prefix, straight into out (a page has dozens of links).
func writeRelative(out *bytes.Buffer, p []byte, prefix string, fileLinks, absolute bool) {
	path, tail := p, []byte(nil)
	if i := bytes.IndexAny(p, "?#"); i >= 0 {
		path, tail = p[:i], p[i:]
	}
	out.WriteString(prefix)
	switch {
	case fileLinks && (len(path) == 0 || path[len(path)-1] == '/'):
		out.Write(path)
		out.WriteString("index.html")
	case !absolute && prefix == "" && len(path) == 0:
		out.WriteString("./")
	default:
		out.Write(path)
	}
	out.Write(tail)
}
