package serve

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"briefing/generator/build"
	"briefing/generator/diag"
	"briefing/generator/srcfile"
	"briefing/generator/watch"
)

// testTheme is the default theme from the repository root: the binary
// embeds the same folders.
var testTheme = os.DirFS("../..")

// wait is how long any condition in these tests may take to come true.
const wait = 10 * time.Second

// smallBriefing is a valid briefing with one file of each kind.
var smallBriefing = map[string]string{
	"site.yaml": `title: "Test briefing"
description: A small briefing for tests.
base_url: https://example.org/test/
language: en
as_of: 2024-12-06
`,
	"content/cities/hama.md": `---
name: Hama
coords: [35.13, 36.75]
control:
  - {date: 2024-12-05, faction: hts, source: sohr}
---
Hama is a city on the Orontes.
`,
	"content/factions/hts.md": `---
name: Hayat Tahrir al-Sham
---
An armed group.
`,
	"content/sources/sohr.md": `---
name: Syrian Observatory for Human Rights
kind: monitor
reliability: C
---
A monitor.
`,
	"content/articles/hama-falls.md": `---
title: Rebels take Hama
date: 2024-12-05
source: sohr
---
Rebels entered [[hama]] on Thursday [@sohr].
`,
}

func writeFiles(t testing.TB, root string, files map[string]string) {
	t.Helper()
	for p, s := range files {
		writeFile(t, root, p, s)
	}
}

func writeFile(t testing.TB, root, p, s string) {
	t.Helper()
	abs := filepath.Join(root, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(abs, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// copyBriefing copies site.yaml and content/ of the briefing at src.
func copyBriefing(t testing.TB, src, dst string) {
	t.Helper()
	for _, top := range []string{"site.yaml", "content"} {
		err := filepath.WalkDir(filepath.Join(src, top), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			writeFile(t, dst, filepath.ToSlash(rel), string(data))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// lockedBuffer is a log that tests read while the server writes it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// fixture is the preview server as `briefing serve` runs it: a real
// listener, a watcher on a source folder and the rebuild loop.
type fixture struct {
	root     string
	srv      *Server
	watcher  *watch.Watcher
	url      string // "http://127.0.0.1:port", no trailing slash
	client   *http.Client
	streamer *http.Client // no overall timeout: streams stay open
	log      lockedBuffer
	rebuilds atomic.Int64
	stop     func() // stops everything and waits; idempotent
}

type fixtureOptions struct {
	watch        watch.Options
	loopbackOnly bool
	build        func(src fs.FS, baseURL string) (Site, diag.List) // nil: the real build
}

func realBuild(root, baseURL string) (Site, diag.List) {
	return memoBuild(nil)(os.DirFS(root), baseURL)
}

// memoBuild builds as briefing serve does, with a memo kept between
// builds (nil: none).
func memoBuild(memo *build.Memo) func(src fs.FS, baseURL string) (Site, diag.List) {
	return func(src fs.FS, baseURL string) (Site, diag.List) {
		res, errs := memo.Build(src, build.Options{Theme: testTheme, BaseURL: baseURL, Version: "test"})
		if len(errs) > 0 {
			return nil, errs
		}
		return res.Tree, nil
	}
}

// sourceFS opens root as briefing serve does.
func sourceFS(t testing.TB, dir string) fs.FS {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	return srcfile.FromRoot(root, false)
}

// startFixture serves the briefing in root after a first build.
func startFixture(t testing.TB, root string, o fixtureOptions) *fixture {
	t.Helper()
	ln, err := Listen("127.0.0.1:0", 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	base := URL(ln.Addr())
	f := &fixture{root: root, url: strings.TrimSuffix(base, "/")}
	buildFn := o.build
	if buildFn == nil {
		// As briefing serve does: the memo makes a rebuild redo only what
		// an edit touched.
		buildFn = memoBuild(&build.Memo{})
	}
	f.srv = New(Options{
		Source: sourceFS(t, root),
		Build: func(src fs.FS) (Site, diag.List) {
			f.rebuilds.Add(1)
			return buildFn(src, base)
		},
		Log:          &f.log,
		LoopbackOnly: o.loopbackOnly,
	})
	f.srv.Rebuild("")
	// As briefing serve watches.
	o.watch.Tops, o.watch.Ignore = srcfile.Tops, srcfile.Ignored
	w, err := watch.New(root, o.watch)
	if err != nil {
		t.Fatal(err)
	}
	f.watcher = w
	tr := &http.Transport{}
	f.client = &http.Client{
		Transport:     tr,
		Timeout:       wait,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	f.streamer = &http.Client{Transport: tr}
	ctx, cancel := context.WithCancel(context.Background())
	served, ran := make(chan error, 1), make(chan struct{})
	go func() { served <- f.srv.Serve(ctx, ln, nil) }()
	go func() { f.srv.Run(ctx, w.Batches()); close(ran) }()
	var once sync.Once
	f.stop = func() {
		once.Do(func() {
			cancel()
			if err := <-served; err != nil {
				t.Errorf("Serve: %v", err)
			}
			<-ran
			w.Close()
			tr.CloseIdleConnections()
		})
	}
	t.Cleanup(f.stop)
	return f
}

// get fetches a path and returns its status and body.
func (f *fixture) get(t testing.TB, path string) (int, string) {
	t.Helper()
	return f.getAs(t, path, "")
}

// getAs fetches a path with an Accept header ("": none).
func (f *fixture) getAs(t testing.TB, path, accept string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, f.url+path, nil)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: reading: %v", path, err)
	}
	return resp.StatusCode, string(body)
}

// waitFor fetches path until ok accepts the response, failing after wait.
func (f *fixture) waitFor(t testing.TB, path string, ok func(status int, body string) bool) string {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		status, body := f.get(t, path)
		if ok(status, body) {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s: still %d after %v:\n%.600s\nserver log:\n%s", path, status, wait, body, f.log.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (f *fixture) write(t testing.TB, p, s string) { t.Helper(); writeFile(t, f.root, p, s) }

func (f *fixture) abs(p string) string { return filepath.Join(f.root, filepath.FromSlash(p)) }

// gen is the generation being served.
func (f *fixture) gen() string { return f.srv.state.Load().gen }

// stream is an open event stream, as a page holds one.
type stream struct {
	gens   chan string
	cancel context.CancelFunc
}

func (f *fixture) stream(t testing.TB) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, f.url+Prefix+"events", nil)
	resp, err := f.streamer.Do(req)
	if err != nil {
		cancel()
		t.Fatalf("opening the event stream: %v", err)
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		cancel()
		t.Fatalf("event stream: %s, %s", resp.Status, resp.Header.Get("Content-Type"))
	}
	s := &stream{gens: make(chan string, 1024), cancel: cancel}
	go func() {
		defer resp.Body.Close()
		defer close(s.gens)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if g, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				s.gens <- g
			}
		}
	}()
	t.Cleanup(cancel)
	return s
}

// next waits for an event announcing a generation other than old.
func (s *stream) next(t testing.TB, old string) string {
	t.Helper()
	return s.nextWithin(t, old, wait)
}

func (s *stream) nextWithin(t testing.TB, old string, d time.Duration) string {
	t.Helper()
	timeout := time.After(d)
	for {
		select {
		case g, ok := <-s.gens:
			if !ok {
				t.Fatal("event stream closed")
			}
			if g != old {
				return g
			}
		case <-timeout:
			t.Fatalf("no reload event within %v (still %s)", d, old)
		}
	}
}

// count is the number of open streams.
func (st *streams) count() int {
	st.mu.Lock()
	defer st.mu.Unlock()
	return len(st.clients)
}
