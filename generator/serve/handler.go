package serve

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"briefing/generator/diag"
	"briefing/generator/render"
)

// Prefix is the URL folder of the preview's own files. No page can live
// there (slugs cannot start with "_"), and a static file may not
// (render.StaticClashes): the preview would hide it.
const Prefix = "/" + render.PreviewDir

// responseTimeout bounds writing one response to a slow client. Event
// streams are exempt: they set a deadline per event.
const responseTimeout = 30 * time.Second

//go:embed assets
var assets embed.FS

// ServeHTTP serves the last good build from memory, the reload client, the
// overlay's style and the event stream. Nothing else: no source file is
// reachable, whatever the path.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	if !s.hostAllowed(r.Host) {
		msg := "briefing serve: this preview only answers requests for localhost or a loopback address"
		if s.opts.Exposed {
			msg = "briefing serve: this preview only answers requests for an IP address of this machine, localhost or its own name"
		}
		http.Error(w, msg, http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if !safePath(p) {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	if name, ok := strings.CutPrefix(p, Prefix); ok {
		s.internal(w, r, name)
		return
	}
	http.NewResponseController(w).SetWriteDeadline(time.Now().Add(responseTimeout))
	// One load: the whole request sees one generation.
	st := s.state.Load()
	if st.tree == nil {
		s.noSite(w, r, st)
		return
	}
	if strings.Contains(strings.ToLower(r.URL.EscapedPath()), "%2f") {
		// An encoded slash names no folder, as on a static host: the
		// page would be served at the wrong depth for its links.
		s.notFound(w, r, st)
		return
	}
	rel := strings.TrimPrefix(p, "/")
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	if st.tree.Has(rel) {
		s.file(w, r, st, rel, http.StatusOK)
		return
	}
	if st.tree.Has(rel + "/index.html") {
		// Relative links inside dir/index.html only resolve from dir/.
		u := url.URL{Path: "/" + rel + "/", RawQuery: r.URL.RawQuery}
		http.Redirect(w, r, u.String(), http.StatusFound)
		return
	}
	s.notFound(w, r, st)
}

// notFound answers with the site's 404.html, status 404.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, st *state) {
	if st.tree.Has(render.NotFoundPage) {
		s.file(w, r, st, render.NotFoundPage, http.StatusNotFound)
		return
	}
	http.NotFound(w, r)
}

// safePath accepts an absolute, already-decoded URL path with no "." or
// ".." segment, no backslash and no NUL. Lookups are in the built tree,
// so nothing outside it could be reached anyway; refusing such paths
// outright keeps it that way whatever serves them later.
func safePath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return false
	}
	segs := strings.Split(p[1:], "/")
	return !slices.Contains(segs, ".") && !slices.Contains(segs, "..")
}

// loopbackHost reports whether a Host header names localhost or a
// loopback address.
func loopbackHost(hostport string) bool {
	host := hostOf(hostport)
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// internal serves the preview's own files.
func (s *Server) internal(w http.ResponseWriter, r *http.Request, name string) {
	switch name {
	case "events":
		s.events(w, r)
		return
	case "reload.js", "overlay.css":
		data, err := assets.ReadFile("assets/" + name)
		if err != nil {
			break
		}
		w.Header().Set("Content-Type", contentType(name))
		w.Header().Set("Cache-Control", "no-store")
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
		return
	}
	http.NotFound(w, r)
}

// file writes one built file with the given status; HTML pages get the
// reload client, and the overlay when the last build failed.
func (s *Server) file(w http.ResponseWriter, r *http.Request, st *state, rel string, status int) {
	body, err := st.tree.Get(rel)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && rel != render.NotFoundPage {
			// A static file deleted since the build: the next build
			// drops it.
			s.notFound(w, r, st)
			return
		}
		s.renderFailed(w, r, st, rel, err)
		return
	}
	ctype := contentType(rel)
	if strings.HasPrefix(ctype, "text/html") {
		body = inject(body, st.gen, st.overlay)
	}
	s.write(w, r, rel, ctype, body, status)
}

// renderFailed answers for a file that failed as it was read: pages render
// when first asked for, so a template that fails while executing shows
// here rather than in the build. A page shows the error as a build error
// would, with the reload client, so that it reloads once fixed.
func (s *Server) renderFailed(w http.ResponseWriter, r *http.Request, st *state, rel string, err error) {
	msg := "rendering " + rel + ": " + err.Error()
	d := diag.Diagnostic{Msg: msg}
	var pe *render.PageError
	if errors.As(err, &pe) {
		// Located, as the build reports it.
		d = pe.Located()
		msg = d.String()
	}
	fmt.Fprintln(s.opts.Log, msg)
	ctype := contentType(rel)
	if !strings.HasPrefix(ctype, "text/html") {
		http.Error(w, msg, http.StatusInternalServerError)
		return
	}
	page := notePage(st.gen, "Page failed", "This page could not be rendered. Fix the problem below and save: the page reloads by itself.",
		overlayHTML(diag.List{d}, false))
	s.write(w, r, rel, ctype, page, http.StatusInternalServerError)
}

func (s *Server) write(w http.ResponseWriter, r *http.Request, name, ctype string, body []byte, status int) {
	h := w.Header()
	h.Set("Content-Type", ctype)
	// A preview is always stale after the next save: never cache.
	h.Set("Cache-Control", "no-store")
	if status == http.StatusOK {
		// Ranges and HEAD, as a static host does them.
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(body))
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// retryAfter is what a client that is not a browser is told to wait, in
// seconds, while the first build runs.
const retryAfter = "1"

// noSite answers while no build has succeeded. A browser (text/html in
// Accept) gets a page of the preview's own, whatever the path: while the
// first build runs, a page showing how far it has come, live, sent with
// 503 and Retry-After (browsers render it like any page); once a build
// has failed, the errors, located, as the overlay shows them later, sent
// with 200 so that it is the page. Either reloads by itself when a build
// ends. Any other client (curl, a link checker, a script waiting for the
// preview) gets 503 in plain text, with Retry-After while the build runs.
func (s *Server) noSite(w http.ResponseWriter, r *http.Request, st *state) {
	building := st.errs == nil
	if !acceptsHTML(r) {
		msg := "briefing serve: the briefing is being built; try again in a moment\n"
		if building {
			w.Header().Set("Retry-After", retryAfter)
		} else {
			var b strings.Builder
			b.WriteString("briefing serve: no build has succeeded yet; the last one failed:\n")
			st.errs.Print(&b)
			msg = b.String()
		}
		s.write(w, r, "", "text/plain; charset=utf-8", []byte(msg), http.StatusServiceUnavailable)
		return
	}
	if building {
		w.Header().Set("Retry-After", retryAfter)
		s.write(w, r, "", contentType("index.html"), waitPage(st.gen, s.progressNow()), http.StatusServiceUnavailable)
		return
	}
	text := "No build has succeeded yet, so there is no site to show. The problems are listed below; this page reloads by itself after each build."
	s.write(w, r, "index.html", contentType("index.html"), notePage(st.gen, "Build failed", text, st.overlay), http.StatusOK)
}

// acceptsHTML reports whether a request comes from a browser opening a
// page: its Accept header names text/html.
func acceptsHTML(r *http.Request) bool {
	return slices.ContainsFunc(r.Header.Values("Accept"), func(a string) bool { return strings.Contains(strings.ToLower(a), "text/html") })
}

// contentTypes are the types of the files a site holds. Static hosts agree
// on these; the system's MIME table may not (geojson, woff2).
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json",
	".geojson":     "application/geo+json",
	".webmanifest": "application/manifest+json",
	".map":         "application/json",
	".xml":         "application/xml; charset=utf-8",
	".svg":         "image/svg+xml",
	".txt":         "text/plain; charset=utf-8",
	".md":          "text/markdown; charset=utf-8",
	".woff2":       "font/woff2",
	".woff":        "font/woff",
	".ttf":         "font/ttf",
	".otf":         "font/otf",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/vnd.microsoft.icon",
	".pdf":         "application/pdf",
	".zip":         "application/zip",
}

// contentType is the Content-Type of a file by its name.
func contentType(name string) string {
	base := path.Base(name)
	ext := strings.ToLower(path.Ext(base))
	if ext == strings.ToLower(base) {
		ext = "" // .nojekyll is a name, not an extension
	}
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if ext == "" {
		// CNAME, .nojekyll and the like.
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}
