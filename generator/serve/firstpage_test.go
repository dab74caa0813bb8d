package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"briefing/generator/build"
	"briefing/generator/diag"
	"briefing/generator/progress"
	"briefing/generator/srcfile"
)

// largeBriefing is the small briefing with n more cities and n articles
// naming them: a briefing whose first build has every stage to go through.
func largeBriefing(n int) map[string]string {
	files := map[string]string{}
	for p, s := range smallBriefing {
		files[p] = s
	}
	for i := range n {
		files[fmt.Sprintf("content/cities/town-%03d.md", i)] = fmt.Sprintf("---\nname: Town %d\ncoords: [35.%03d, 36.5]\n---\nTown %d lies near [[hama]].\n", i, i, i)
		files[fmt.Sprintf("content/articles/report-%03d.md", i)] = fmt.Sprintf("---\ntitle: Report %d\ndate: 2024-12-05\nsource: sohr\n---\nFighting reached [[town-%03d]] [@sohr].\n", i, i)
	}
	return files
}

// gatedFS is a source whose reads of chosen paths wait until the test
// lets them through: it holds a real build at a stage of the test's
// choosing, so that what a page shows during the first build does not
// depend on how fast the machine is.
type gatedFS struct {
	fsys  fs.FS
	gates map[string]*gate // by path prefix
}

type gate struct {
	reached chan struct{} // closed when the build first gets there
	open    chan struct{} // closed by the test to let it through
	once    sync.Once
}

func newGatedFS(fsys fs.FS, prefixes ...string) *gatedFS {
	g := &gatedFS{fsys: fsys, gates: map[string]*gate{}}
	for _, p := range prefixes {
		g.gates[p] = &gate{reached: make(chan struct{}), open: make(chan struct{})}
	}
	return g
}

func (g *gatedFS) wait(name string) {
	for p, gt := range g.gates {
		if strings.HasPrefix(name, p) {
			gt.once.Do(func() { close(gt.reached) })
			<-gt.open
		}
	}
}

// reached waits for the build to arrive at gate p.
func (g *gatedFS) reached(t *testing.T, p string) {
	t.Helper()
	select {
	case <-g.gates[p].reached:
	case <-time.After(wait):
		t.Fatalf("the build never read %s", p)
	}
}

func (g *gatedFS) release(p string) {
	select {
	case <-g.gates[p].open:
	default:
		close(g.gates[p].open)
	}
}

func (g *gatedFS) releaseAll() {
	for p := range g.gates {
		g.release(p)
	}
}

func (g *gatedFS) Open(name string) (fs.File, error) { g.wait(name); return g.fsys.Open(name) }
func (g *gatedFS) Stat(name string) (fs.FileInfo, error) {
	g.wait(name)
	return fs.Stat(g.fsys, name)
}
func (g *gatedFS) Lstat(name string) (fs.FileInfo, error) {
	g.wait(name)
	return fs.Lstat(g.fsys, name)
}
func (g *gatedFS) ReadLink(name string) (string, error) { return fs.ReadLink(g.fsys, name) }

// firstBuild is a preview server whose first build is under way, held at
// the gates of its source.
type firstBuild struct {
	srv    *Server
	src    *gatedFS
	url    string
	client *http.Client
	built  chan struct{}
}

// startFirstBuild serves files, starting the first build at once, as
// briefing serve does, with the build held at the gates.
func startFirstBuild(t *testing.T, files map[string]string, gates ...string) *firstBuild {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, files)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	r := srcfile.FromRoot(root, false)
	ln, err := Listen("127.0.0.1:0", 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	base := URL(ln.Addr())
	fb := &firstBuild{src: newGatedFS(r, gates...), url: strings.TrimSuffix(base, "/"), built: make(chan struct{})}
	meter := &progress.Meter{}
	fb.srv = New(Options{
		Source: fb.src,
		Build: func(src fs.FS) (Site, diag.List) {
			res, errs := build.Build(src, build.Options{Theme: testTheme, BaseURL: base, Version: "test", Progress: meter})
			if len(errs) > 0 {
				return nil, errs
			}
			return res.Tree, nil
		},
		Progress:     meter,
		LoopbackOnly: true,
	})
	tr := &http.Transport{}
	fb.client = &http.Client{Transport: tr}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- fb.srv.Serve(ctx, ln, nil) }()
	go func() { fb.srv.Rebuild(""); close(fb.built) }()
	t.Cleanup(func() {
		fb.src.releaseAll()
		<-fb.built
		cancel()
		<-served
		tr.CloseIdleConnections()
	})
	return fb
}

// get requests path, as a browser when accept names text/html.
func (fb *firstBuild) get(t *testing.T, method, path, accept string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, fb.url+path, nil)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := fb.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

// browserAccept is what Chromium sends when it opens a page.
const browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"

// event is one event of the stream.
type event struct{ name, data string }

// events opens the event stream and returns its events as they come.
func (fb *firstBuild) events(t *testing.T) <-chan event {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, fb.url+Prefix+"events", nil)
	resp, err := fb.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan event, 4096)
	go func() {
		defer resp.Body.Close()
		defer close(ch)
		sc := bufio.NewScanner(resp.Body)
		name := "message"
		for sc.Scan() {
			line := sc.Text()
			if n, ok := strings.CutPrefix(line, "event: "); ok {
				name = n
			} else if d, ok := strings.CutPrefix(line, "data: "); ok {
				ch <- event{name, d}
				name = "message"
			}
		}
	}()
	return ch
}

// nextProgress waits for a progress event whose stage is stage.
func nextProgress(t *testing.T, ch <-chan event, stage string) progressNow {
	t.Helper()
	timeout := time.After(wait)
	for {
		select {
		case e, ok := <-ch:
			if !ok {
				t.Fatal("event stream closed")
			}
			if e.name != "progress" {
				continue
			}
			var p progressNow
			if err := json.Unmarshal([]byte(e.data), &p); err != nil {
				t.Fatalf("progress event %q: %v", e.data, err)
			}
			if p.Stage == stage {
				return p
			}
		case <-timeout:
			t.Fatalf("no progress event for %s", stage)
		}
	}
}

var genRE = regexp.MustCompile(`<script src="/__briefing/reload\.js" data-gen="([^"]+)"></script>`)

// A page requested during the first build of a large briefing is an HTML
// page, for every path a browser opens, that shows the stage the build is
// in, carries the reload client and, its generation being the one the
// stream announces first, is reloaded by it the moment the build ends;
// then the path gives the briefing's page.
func TestFirstPageDuringBuild(t *testing.T) {
	fb := startFirstBuild(t, largeBriefing(150), "site.yaml", "templates")
	fb.src.reached(t, "site.yaml")

	var gen string
	for _, path := range []string{"/", "/cities/hama/", "/no/such/page/", "/css/briefing.css", "/search/index.json"} {
		resp, body := fb.get(t, http.MethodGet, path, browserAccept)
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" ||
			resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
			t.Errorf("GET %s: %s, Content-Type %q, Retry-After %q", path, resp.Status, resp.Header.Get("Content-Type"), resp.Header.Get("Retry-After"))
		}
		if !strings.HasPrefix(body, "<!doctype html>") || !strings.Contains(body, "being built") ||
			!strings.Contains(body, `<li data-stage="reading" data-state="current" aria-current="step">`) ||
			!strings.Contains(body, `<span id="briefing-progress-text">reading</span>`) {
			t.Errorf("GET %s: not the waiting page at the reading stage:\n%s", path, body)
		}
		m := genRE.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("GET %s: no reload client:\n%s", path, body)
		}
		gen = m[1]
	}
	if resp, body := fb.get(t, http.MethodHead, "/", browserAccept); resp.StatusCode != http.StatusServiceUnavailable || body != "" {
		t.Errorf("HEAD /: %s, %q", resp.Status, body)
	}

	// The reload client is served, as a script, and does what the page
	// needs: follows progress and reloads on a new generation.
	resp, js := fb.get(t, http.MethodGet, Prefix+"reload.js", "*/*")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") {
		t.Fatalf("reload.js: %s %s", resp.Status, resp.Header.Get("Content-Type"))
	}
	for _, want := range []string{`addEventListener("progress"`, `addEventListener("build"`, "location.reload()", "briefing-progress-text"} {
		if !strings.Contains(js, want) {
			t.Errorf("reload.js lacks %s", want)
		}
	}
	// The style the page links to is there too.
	if resp, css := fb.get(t, http.MethodGet, Prefix+"overlay.css", "text/css"); resp.StatusCode != http.StatusOK || !strings.Contains(css, ".briefing-stages") {
		t.Errorf("overlay.css: %s", resp.Status)
	}

	ev := fb.events(t)
	if e := <-ev; e.name != "build" || e.data != gen {
		t.Fatalf("first event %+v, want the page's generation %s", e, gen)
	}
	nextProgress(t, ev, "reading")

	// On to the theme: reading and resolving are done and counted.
	fb.src.release("site.yaml")
	fb.src.reached(t, "templates")
	p := nextProgress(t, ev, "rendering")
	if p.Text != "rendering" || !strings.HasSuffix(p.Elapsed, " s") {
		t.Errorf("progress while rendering: %+v", p)
	}
	_, body := fb.get(t, http.MethodGet, "/cities/hama/", browserAccept)
	for _, want := range []string{`<li data-stage="reading" data-state="done">`, `<li data-stage="parsing" data-state="done">`, `<li data-stage="resolving" data-state="done">`, `<li data-stage="rendering" data-state="current" aria-current="step">`} {
		if !strings.Contains(body, want) {
			t.Errorf("waiting page while rendering lacks %s:\n%s", want, body)
		}
	}
	if got := fb.srv.opts.Progress.Read(); got.Stage != progress.Rendering {
		t.Errorf("meter: %+v", got)
	}

	fb.src.release("templates")
	// The stream announces the new generation: the page reloads.
	timeout := time.After(wait)
	for done := false; !done; {
		select {
		case e := <-ev:
			done = e.name == "build" && e.data != gen
		case <-timeout:
			t.Fatal("no new generation announced after the build")
		}
	}
	resp, body = fb.get(t, http.MethodGet, "/cities/hama/", browserAccept)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Orontes") || strings.Contains(body, "briefing-progress") {
		t.Errorf("after the build: %s\n%.400s", resp.Status, body)
	}
	if resp, body := fb.get(t, http.MethodGet, "/cities/town-149/", ""); resp.StatusCode != http.StatusOK || !strings.Contains(body, "Town 149") {
		t.Errorf("a page of the large briefing after the build: %s", resp.Status)
	}
}

// A client that is not a browser (no text/html in Accept) gets 503 with
// Retry-After during the first build, in plain text, whatever the path;
// after a failed first build it gets 503 with the errors.
func TestFirstBuildForOtherClients(t *testing.T) {
	fb := startFirstBuild(t, largeBriefing(20), "site.yaml")
	fb.src.reached(t, "site.yaml")
	for _, accept := range []string{"", "*/*", "application/json", "text/css,*/*;q=0.1"} {
		for _, path := range []string{"/", "/cities/hama/", "/css/briefing.css"} {
			resp, body := fb.get(t, http.MethodGet, path, accept)
			if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != retryAfter ||
				resp.Header.Get("Content-Type") != "text/plain; charset=utf-8" || !strings.Contains(body, "being built") {
				t.Errorf("GET %s (Accept %q): %s, Retry-After %q, %s: %q", path, accept, resp.Status, resp.Header.Get("Retry-After"), resp.Header.Get("Content-Type"), body)
			}
		}
	}
	fb.src.release("site.yaml")
	<-fb.built
	if resp, body := fb.get(t, http.MethodGet, "/", ""); resp.StatusCode != http.StatusOK || !strings.Contains(body, "Test briefing") {
		t.Errorf("after the build: %s", resp.Status)
	}

	// A first build that fails.
	files := largeBriefing(5)
	files["content/cities/hama.md"] = "---\nname: Hama\npopulation: many\n---\n"
	broken := startFirstBuild(t, files)
	<-broken.built
	resp, body := broken.get(t, http.MethodGet, "/cities/hama/", "")
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "" ||
		!strings.Contains(body, "content/cities/hama.md:3:13: ") {
		t.Errorf("after a failed first build: %s, Retry-After %q:\n%s", resp.Status, resp.Header.Get("Retry-After"), body)
	}
	resp, body = broken.get(t, http.MethodGet, "/cities/hama/", browserAccept)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" ||
		!strings.Contains(body, `<code class="briefing-overlay-where">content/cities/hama.md:3:13</code>`) {
		t.Errorf("a browser after a failed first build: %s %s:\n%s", resp.Status, resp.Header.Get("Content-Type"), body)
	}
}
