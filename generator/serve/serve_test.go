package serve

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"briefing/generator/render/rendertest"
	"briefing/generator/watch"

	"briefing/generator/diag"
	"briefing/generator/render"
)

// siteServer is a Server over a fixed tree, built once.
func siteServer(t *testing.T, tree Site, errs diag.List, opts Options) *Server {
	t.Helper()
	opts.Build = func(fs.FS) (Site, diag.List) { return tree, errs }
	s := New(opts)
	s.Rebuild("")
	return s
}

// builtServer serves a real build of the small briefing.
func builtServer(t *testing.T, opts Options) (*Server, *render.Tree) {
	t.Helper()
	root := t.TempDir()
	writeFiles(t, root, smallBriefing)
	writeFile(t, root, "static/fonts/serif.woff2", "wOF2")
	tree, errs := realBuild(root, "http://127.0.0.1:8080/")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return siteServer(t, tree, nil, opts), tree.(*render.Tree)
}

func do(h http.Handler, method, target string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" {
			r.Host = header[i+1]
		} else {
			r.Header.Set(header[i], header[i+1])
		}
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestServesOnlyTheSite(t *testing.T) {
	s, _ := builtServer(t, Options{})
	tests := []struct {
		target string
		status int
	}{
		{"/../site.yaml", http.StatusBadRequest},
		{"/%2e%2e/site.yaml", http.StatusBadRequest},
		{"/%2E%2E/%2e%2e/etc/passwd", http.StatusBadRequest},
		{"/..%2fsite.yaml", http.StatusBadRequest},
		{"/css/../../site.yaml", http.StatusBadRequest},
		{"/css/%2e%2e/%2e%2e/site.yaml", http.StatusBadRequest},
		{"/./site.yaml", http.StatusBadRequest},
		{"/..\\site.yaml", http.StatusBadRequest},
		{"/%5c..%5csite.yaml", http.StatusBadRequest},
		{"/css%5cbriefing.css", http.StatusBadRequest},
		{"/index.html%00.md", http.StatusBadRequest},
		{"/site.yaml", http.StatusNotFound},
		{"/content/cities/hama.md", http.StatusNotFound},
		{"/content/", http.StatusNotFound},
		{"/templates/base.html", http.StatusNotFound},
		{"/static/css/briefing.css", http.StatusNotFound},
		{"//etc/passwd", http.StatusNotFound},
		{"/__briefing/../site.yaml", http.StatusBadRequest},
		{"/__briefing/assets/reload.js", http.StatusNotFound},
		{"/__briefing/serve.go", http.StatusNotFound},
	}
	for _, tt := range tests {
		w := do(s, http.MethodGet, tt.target)
		body := w.Body.String()
		if w.Code != tt.status {
			t.Errorf("GET %s: %d, want %d", tt.target, w.Code, tt.status)
		}
		if strings.Contains(body, "base_url") || strings.Contains(body, "name: Hama") || strings.Contains(body, "root:") || strings.Contains(body, "{{") {
			t.Errorf("GET %s: leaks a source file:\n%.300s", tt.target, body)
		}
	}
}

// The same over a real connection, with request lines no browser would
// send, so that nothing on the way cleans them first.
func TestServesOnlyTheSiteRaw(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, smallBriefing)
	f := startFixture(t, root, fixtureOptions{})
	for _, target := range []string{"/../site.yaml", "/%2e%2e/site.yaml", "/..%2fsite.yaml", "/..%5csite.yaml", "/content/cities/hama.md", "/../../../../etc/passwd"} {
		conn, err := net.Dial("tcp", strings.TrimPrefix(f.url, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", target)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("%s: %v", target, err)
		}
		body, _ := io.ReadAll(resp.Body)
		conn.Close()
		if resp.StatusCode != http.StatusBadRequest && resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %s", target, resp.Status)
		}
		if strings.Contains(string(body), "base_url") || strings.Contains(string(body), "root:") {
			t.Errorf("GET %s leaks a file", target)
		}
	}
}

func TestMethods(t *testing.T) {
	s, tree := builtServer(t, Options{})
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions, "PROPFIND"} {
		w := do(s, m, "/")
		if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "GET, HEAD" {
			t.Errorf("%s /: %d, Allow %q", m, w.Code, w.Header().Get("Allow"))
		}
	}
	get, head := do(s, http.MethodGet, "/css/briefing.css"), do(s, http.MethodHead, "/css/briefing.css")
	if head.Code != http.StatusOK || head.Body.Len() != 0 {
		t.Errorf("HEAD: %d with %d bytes of body", head.Code, head.Body.Len())
	}
	if want := fmt.Sprint(len(rendertest.File(tree, "css/briefing.css"))); head.Header().Get("Content-Length") != want || get.Header().Get("Content-Length") != want {
		t.Errorf("Content-Length: HEAD %q, GET %q, want %s", head.Header().Get("Content-Length"), get.Header().Get("Content-Length"), want)
	}
	if h := do(s, http.MethodHead, "/missing/"); h.Code != http.StatusNotFound || h.Body.Len() != 0 {
		t.Errorf("HEAD of a missing page: %d with %d bytes", h.Code, h.Body.Len())
	}
}

func TestRoutes(t *testing.T) {
	s, tree := builtServer(t, Options{})
	t.Run("index", func(t *testing.T) {
		for target, file := range map[string]string{
			"/":                       "index.html",
			"/index.html":             "index.html",
			"/cities/hama/":           "cities/hama/index.html",
			"/cities/hama/index.html": "cities/hama/index.html",
			"/search/?q=hama":         "search/index.html",
		} {
			w := do(s, http.MethodGet, target)
			if w.Code != http.StatusOK {
				t.Errorf("GET %s: %d", target, w.Code)
				continue
			}
			// The page, with the reload client added before </body>.
			want := strings.Replace(string(rendertest.File(tree, file)), "</body>", `<script src="/__briefing/reload.js" data-gen="`+s.state.Load().gen+`"></script>`+"\n</body>", 1)
			if w.Body.String() != want {
				t.Errorf("GET %s: not %s with the reload client:\n%.300s", target, file, w.Body.String())
			}
		}
	})
	t.Run("redirect", func(t *testing.T) {
		for target, loc := range map[string]string{
			"/cities/hama":      "/cities/hama/",
			"/cities":           "/cities/",
			"/search?q=a+b&x=1": "/search/?q=a+b&x=1",
		} {
			w := do(s, http.MethodGet, target)
			if w.Code != http.StatusFound || w.Header().Get("Location") != loc {
				t.Errorf("GET %s: %d to %q, want 302 to %q", target, w.Code, w.Header().Get("Location"), loc)
			}
		}
	})
	t.Run("404", func(t *testing.T) {
		// An encoded slash names no folder: a static host answers 404,
		// and the page would be served at the wrong depth for its links.
		for _, target := range []string{"/nope", "/nope/", "/cities/nope/", "/css/nope.css", "/cities/hama/index.htm", "/cities%2fhama/", "/cities/hama%2Findex.html"} {
			w := do(s, http.MethodGet, target)
			body := w.Body.String()
			if w.Code != http.StatusNotFound || !strings.Contains(body, "Page not found") || !strings.Contains(body, "/__briefing/reload.js") {
				t.Errorf("GET %s: %d\n%.300s", target, w.Code, body)
			}
			if ct := w.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("GET %s: Content-Type %q", target, ct)
			}
		}
	})
	t.Run("content types", func(t *testing.T) {
		for target, want := range map[string]string{
			"/":                        "text/html; charset=utf-8",
			"/css/briefing.css":        "text/css; charset=utf-8",
			"/js/vendor/minisearch.js": "text/javascript; charset=utf-8",
			"/feed.xml":                "application/xml; charset=utf-8",
			"/sitemap.xml":             "application/xml; charset=utf-8",
			"/briefing.json":           "application/json",
			"/map/syria-50m.geojson":   "application/geo+json",
			"/favicon.svg":             "image/svg+xml",
			"/fonts/serif.woff2":       "font/woff2",
			"/robots.txt":              "text/plain; charset=utf-8",
			"/__briefing/reload.js":    "text/javascript; charset=utf-8",
			"/__briefing/overlay.css":  "text/css; charset=utf-8",
		} {
			w := do(s, http.MethodGet, target)
			if w.Code != http.StatusOK || w.Header().Get("Content-Type") != want {
				t.Errorf("GET %s: %d, Content-Type %q, want %q", target, w.Code, w.Header().Get("Content-Type"), want)
			}
			if w.Header().Get("X-Content-Type-Options") != "nosniff" || w.Header().Get("Cache-Control") != "no-store" {
				t.Errorf("GET %s: headers %v", target, w.Header())
			}
		}
	})
	t.Run("only pages get the client", func(t *testing.T) {
		for _, target := range []string{"/css/briefing.css", "/briefing.json", "/feed.xml", "/favicon.svg"} {
			if body := do(s, http.MethodGet, target).Body.String(); strings.Contains(body, "__briefing") {
				t.Errorf("GET %s: reload client injected", target)
			}
		}
	})
	t.Run("build output never has it", func(t *testing.T) {
		files, err := rendertest.Files(tree)
		if err != nil {
			t.Fatal(err)
		}
		for p, data := range files {
			if strings.Contains(string(data), "__briefing") {
				t.Errorf("%s in the built tree mentions the preview's files", p)
			}
		}
	})
}

func TestLoopbackOnly(t *testing.T) {
	s, _ := builtServer(t, Options{LoopbackOnly: true})
	for host, want := range map[string]int{
		"127.0.0.1:8080":      http.StatusOK,
		"localhost:8080":      http.StatusOK,
		"LOCALHOST":           http.StatusOK,
		"preview.localhost:1": http.StatusOK,
		"[::1]:8080":          http.StatusOK,
		"127.1.2.3":           http.StatusOK,
		"evil.example:8080":   http.StatusForbidden,
		"evil.example":        http.StatusForbidden,
		"192.168.1.2:8080":    http.StatusForbidden,
		"localhost.evil.com":  http.StatusForbidden,
		"":                    http.StatusForbidden,
	} {
		if w := do(s, http.MethodGet, "/", "Host", host); w.Code != want {
			t.Errorf("Host %q: %d, want %d", host, w.Code, want)
		}
	}
	open, _ := builtServer(t, Options{})
	if w := do(open, http.MethodGet, "/", "Host", "192.168.1.2:8080"); w.Code != http.StatusOK {
		t.Errorf("without LoopbackOnly, a LAN name: %d", w.Code)
	}
}

func TestOverlay(t *testing.T) {
	errs := diag.List{
		{Path: "content/cities/hama.md", Line: 7, Col: 12, Msg: `unknown faction "<script>alert(1)</script>"`, Hint: `did you mean "hts"?`},
		{Path: "site.yaml", Msg: "file & more"},
		{Msg: "no content folder"},
	}
	got := string(overlayHTML(errs, true))
	for _, want := range []string{
		"Build failed: 3 errors",
		"This page is from the last good build.",
		`<code class="briefing-overlay-where">content/cities/hama.md:7:12</code> <span class="briefing-overlay-msg">unknown faction &#34;&lt;script&gt;alert(1)&lt;/script&gt;&#34;</span> <span class="briefing-overlay-hint">(did you mean &#34;hts&#34;?)</span>`,
		`<code class="briefing-overlay-where">site.yaml</code> <span class="briefing-overlay-msg">file &amp; more</span>`,
		`<li><span class="briefing-overlay-msg">no content folder</span></li>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("overlay lacks %s\n%s", want, got)
		}
	}
	if strings.Contains(got, "<script") || strings.Contains(got, "style=") || strings.Contains(got, " on") {
		t.Errorf("overlay has inline script or style:\n%s", got)
	}

	var many diag.List
	for i := range maxShown + 5 {
		many.Add(diag.Diagnostic{Path: "content/a.md", Line: i + 1, Col: 1, Msg: fmt.Sprintf("problem %d", i)})
	}
	got = string(overlayHTML(many, false))
	if strings.Count(got, "<li>") != maxShown || !strings.Contains(got, "and 5 more") || strings.Contains(got, "last good build") {
		t.Errorf("long overlay: %d items\n%.300s", strings.Count(got, "<li>"), got)
	}
}

func TestInject(t *testing.T) {
	gen, overlay := `g"1`, []byte("<aside>x</aside>")
	tests := []struct{ page, want string }{
		{"<html><body><p>a</p></body></html>", `<html><body><p>a</p><link rel="stylesheet" href="/__briefing/overlay.css"><aside>x</aside><script src="/__briefing/reload.js" data-gen="g&#34;1"></script>` + "\n</body></html>"},
		{"<HTML><BODY>a</BODY></HTML>", `<HTML><BODY>a<link rel="stylesheet" href="/__briefing/overlay.css"><aside>x</aside><script src="/__briefing/reload.js" data-gen="g&#34;1"></script>` + "\n</BODY></HTML>"},
		// </body> in a comment or text before the real one: the last wins.
		{"<body><!-- </body> --></body>", `<body><!-- </body> --><link rel="stylesheet" href="/__briefing/overlay.css"><aside>x</aside><script src="/__briefing/reload.js" data-gen="g&#34;1"></script>` + "\n</body>"},
		{"no body", `no body<link rel="stylesheet" href="/__briefing/overlay.css"><aside>x</aside><script src="/__briefing/reload.js" data-gen="g&#34;1"></script>` + "\n"},
	}
	for _, tt := range tests {
		if got := string(inject([]byte(tt.page), gen, overlay)); got != tt.want {
			t.Errorf("inject(%q) =\n%s\nwant\n%s", tt.page, got, tt.want)
		}
	}
	page := []byte("<body></body>")
	inject(page, "1", nil)
	if string(page) != "<body></body>" {
		t.Error("inject changed the built page")
	}
}

// Pages render when first asked for: a template that fails while
// executing on a page the build's check did not try (it runs each
// template on one page of each kind: Aleppo's) is shown in the page,
// located in the template as the build reports it, with the reload
// client. Static files are read at build time, so the site served stays
// the one built until the next rebuild.
func TestRenderFailsOnRequest(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, smallBriefing)
	writeFile(t, root, "content/cities/aleppo.md", "---\nname: Aleppo\n---\nIn the north.\n")
	writeFile(t, root, "templates/entity.html", "{{define \"main\"}}<h1>{{.Entity.Name}}</h1>\n{{if eq .Entity.Slug \"hama\"}}{{index .Entity.Aliases 5}}{{end}}{{end}}\n")
	writeFile(t, root, "static/gone.css", "a{}")
	tree, errs := realBuild(root, "http://127.0.0.1:8080/")
	if len(errs) > 0 {
		t.Fatalf("the build's check tried the page it should not have: %v", errs)
	}
	var log lockedBuffer
	s := siteServer(t, tree, nil, Options{Log: &log})
	w := do(s, http.MethodGet, "/cities/hama/")
	body := w.Body.String()
	const at = "templates/entity.html:2:"
	if w.Code != http.StatusInternalServerError || !strings.Contains(body, "briefing-overlay") ||
		!strings.Contains(body, at) || !strings.Contains(body, "(on cities/hama/index.html)") ||
		!strings.Contains(body, `src="/__briefing/reload.js"`) || w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("GET /cities/hama/: %d\n%s", w.Code, body)
	}
	if !strings.Contains(log.String(), "\n"+at) || !strings.Contains(log.String(), "(on cities/hama/index.html)") {
		t.Errorf("log: %q", log.String())
	}
	if w := do(s, http.MethodGet, "/cities/aleppo/"); w.Code != http.StatusOK {
		t.Errorf("the page the template works on: %d", w.Code)
	}
	if w := do(s, http.MethodGet, "/"); w.Code != http.StatusOK {
		t.Errorf("a page with a working template: %d", w.Code)
	}
	if err := os.Remove(filepath.Join(root, "static/gone.css")); err != nil {
		t.Fatal(err)
	}
	if w := do(s, http.MethodGet, "/gone.css"); w.Code != http.StatusOK || w.Body.String() != "a{}" {
		t.Errorf("static file deleted after the build: %d %q, want the file as built", w.Code, w.Body.String())
	}
}

func TestSafePath(t *testing.T) {
	for p, want := range map[string]bool{
		"/": true, "/a/b/": true, "/a/b.css": true, "/a..b/": true, "/..a": true, "/a./": true,
		"": false, "a": false, "/..": false, "/../a": false, "/a/../b": false, "/a/..": false, "/./a": false, "/a/.": false,
		"/a\\b": false, "/a\x00": false,
	} {
		if got := safePath(p); got != want {
			t.Errorf("safePath(%q) = %v", p, got)
		}
	}
}

func TestContentType(t *testing.T) {
	for name, want := range map[string]string{
		"a.HTML": "text/html; charset=utf-8", "CNAME": "text/plain; charset=utf-8", ".nojekyll": "text/plain; charset=utf-8",
		"x.geojson": "application/geo+json", "x.woff2": "font/woff2", "x.unknownext": "application/octet-stream",
	} {
		if got := contentType(name); got != want {
			t.Errorf("contentType(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestListen(t *testing.T) {
	held, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	port := held.Addr().(*net.TCPAddr).Port
	var busy []string
	ln, err := Listen(fmt.Sprintf("127.0.0.1:%d", port), 10, func(a string) { busy = append(busy, a) })
	if err != nil {
		// The next ports may be taken too on a busy machine; that is not
		// what this test is about.
		t.Skipf("no free port after %d: %v", port, err)
	}
	defer ln.Close()
	if got := ln.Addr().(*net.TCPAddr).Port; got <= port || len(busy) == 0 || busy[0] != fmt.Sprintf("127.0.0.1:%d", port) {
		t.Errorf("listening on %d after %v; held %d", got, busy, port)
	}
	if _, err := Listen(fmt.Sprintf("127.0.0.1:%d", port), 1, nil); !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), fmt.Sprint(port)) {
		t.Errorf("one try on a busy port: %v", err)
	}
	for _, bad := range []string{"8080", "127.0.0.1:http-alt", "127.0.0.1:70000"} {
		if ln, err := Listen(bad, 3, nil); err == nil {
			ln.Close()
			t.Errorf("Listen(%q) accepted", bad)
		}
	}
}

func TestURL(t *testing.T) {
	for addr, want := range map[string]string{
		"127.0.0.1:8080": "http://127.0.0.1:8080/",
		"0.0.0.0:8080":   "http://localhost:8080/",
		"[::]:8080":      "http://localhost:8080/",
		":8080":          "http://localhost:8080/",
		"[::1]:9":        "http://[::1]:9/",
		"10.1.2.3:80":    "http://10.1.2.3:80/",
	} {
		a, err := net.ResolveTCPAddr("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := URL(a); got != want {
			t.Errorf("URL(%s) = %s, want %s", addr, got, want)
		}
	}
}

func TestLogLines(t *testing.T) {
	var log lockedBuffer
	calls := 0
	s := New(Options{Log: &log, Build: func(fs.FS) (Site, diag.List) {
		calls++
		if calls == 2 {
			return nil, diag.List{{Path: "content/a.md", Line: 2, Col: 1, Msg: "broken"}}
		}
		return files(map[string][]byte{"index.html": nil, "a/index.html": nil, "x.css": nil}), nil
	}})
	s.Rebuild("")
	s.Rebuild("1 file changed: content/a.md")
	s.Rebuild("3 files changed")
	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	want := []string{
		"built in ",
		"content/a.md:2:1: broken",
		"1 error",
		"build failed in ",
		"rebuilt in ",
	}
	if len(lines) != len(want) {
		t.Fatalf("log:\n%s", log.String())
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("line %d: %q, want %q...", i, lines[i], w)
		}
	}
	if !strings.HasSuffix(lines[3], "(1 file changed: content/a.md): still serving the last good site, with the errors shown in every page") ||
		!strings.HasSuffix(lines[4], " ms (3 files changed)") {
		t.Errorf("log:\n%s", log.String())
	}
}

// files is a site of ready files, for tests that need no real build.
type files map[string][]byte

func (f files) Has(path string) bool { _, ok := f[path]; return ok }

func (f files) Get(path string) ([]byte, error) {
	if data, ok := f[path]; ok {
		return data, nil
	}
	return nil, fs.ErrNotExist
}

// TestFailedRebuildWaitsForMore: a rebuild that fails as more changes
// come (a git checkout written in two bursts, the first half of it
// failing) is not shown: the next batch is built and its result is. A
// failure with nothing after it is shown once it has waited holdFailed.
func TestFailedRebuildWaitsForMore(t *testing.T) {
	_, tree := builtServer(t, Options{})
	results := make(chan diag.List, 4)
	var log lockedBuffer
	s := New(Options{Log: &log, Build: func(fs.FS) (Site, diag.List) {
		if errs := <-results; len(errs) > 0 {
			return nil, errs
		}
		return tree, nil
	}})
	// Long enough that a loaded machine cannot make the test wrong.
	s.hold = 2 * time.Second
	results <- nil
	s.Rebuild("")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	batches := make(chan watch.Batch)
	done := make(chan struct{})
	go func() { s.Run(ctx, batches); close(done) }()
	half := diag.List{{Path: "content/cities/hama.md", Msg: "half written"}}
	results <- half
	results <- nil
	batches <- watch.Batch{Paths: []string{"content/cities/hama.md"}}
	batches <- watch.Batch{Paths: []string{"content/cities/homs.md"}}
	waitLog(t, &log, "rebuilt in ")
	if strings.Contains(log.String(), "half written") || len(s.state.Load().errs) > 0 {
		t.Errorf("the failure of the first half was shown:\n%s", log.String())
	}
	if !strings.Contains(log.String(), "(2 files changed)") {
		t.Errorf("the log line does not count the changes of both batches:\n%s", log.String())
	}
	// A failure alone is held, then shown.
	results <- half
	batches <- watch.Batch{Paths: []string{"content/cities/hama.md"}}
	time.Sleep(200 * time.Millisecond)
	if strings.Contains(log.String(), "half written") {
		t.Error("a failed rebuild was shown at once, not held for more changes")
	}
	waitLog(t, &log, "half written")
	// The log line is written just before the state is served (publish):
	// it is waited for, not read at once.
	for deadline := time.Now().Add(10 * time.Second); len(s.state.Load().errs) == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("a failed rebuild with nothing after it is not served with its errors")
		}
	}
	cancel()
	<-done
}

// waitLog waits for want in log.
func waitLog(t *testing.T, log *lockedBuffer, want string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(log.String(), want); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("log lacks %q:\n%s", want, log.String())
		}
	}
}
