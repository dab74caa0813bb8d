package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// serveTheme is the default theme, from the repository root.
var serveTheme = os.DirFS("../..")

// serveWait bounds every condition these tests wait for.
const serveWait = 10 * time.Second

var serveBriefing = map[string]string{
	"site.yaml":               "title: \"Serve test\"\ndescription: A briefing for the serve command.\nbase_url: https://example.org/x/\nlanguage: en\nas_of: 2024-12-06\n",
	"content/cities/hama.md":  "---\nname: Hama\n---\nHama is on the Orontes.\n",
	"content/sources/sohr.md": "---\nname: SOHR\nkind: monitor\nreliability: C\n---\nA monitor.\n",
	"content/articles/a.md":   "---\ntitle: Rebels take Hama\ndate: 2024-12-05\n---\nRebels entered [[hama]] [@sohr].\n",
}

func serveSource(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for p, s := range files {
		abs := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(abs, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// serveBuffer is an output the command writes while the test reads it.
type serveBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *serveBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *serveBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// running is a `briefing serve` running in the test.
type running struct {
	stdout, stderr *serveBuffer
	cancel         context.CancelFunc
	code           chan int
}

func startServe(t *testing.T, args ...string) *running {
	t.Helper()
	r := &running{stdout: &serveBuffer{}, stderr: &serveBuffer{}, code: make(chan int, 1)}
	c := &CLI{Stdout: r.stdout, Stderr: r.stderr, Theme: serveTheme, Version: "test"}
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	go func() { r.code <- c.Run(ctx, append([]string{"serve"}, args...)) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-r.code:
		case <-time.After(serveWait):
			t.Error("serve did not stop")
		}
	})
	return r
}

var urlRE = regexp.MustCompile(`at (http://\S+/) \(Ctrl-C to stop\)`)

// url waits for the URL the command prints.
func (r *running) url(t *testing.T) string {
	t.Helper()
	deadline := time.Now().Add(serveWait)
	for {
		if m := urlRE.FindStringSubmatch(r.stdout.String()); m != nil {
			return m[1]
		}
		select {
		case code := <-r.code:
			t.Fatalf("serve exited with %d\nstdout: %s\nstderr: %s", code, r.stdout, r.stderr)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no URL printed\nstdout: %s\nstderr: %s", r.stdout, r.stderr)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// stop cancels the command, as Ctrl-C does, and returns its status.
func (r *running) stop(t *testing.T) int {
	t.Helper()
	r.cancel()
	select {
	case code := <-r.code:
		r.code <- code
		return code
	case <-time.After(serveWait):
		t.Fatal("serve did not stop after its context was cancelled")
		return -1
	}
}

// serveGet fetches url as a browser opening a page does (a client that
// does not accept HTML gets 503 until a build succeeds).
func serveGet(t *testing.T, url string) (int, string) {
	t.Helper()
	client := &http.Client{Timeout: serveWait}
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "text/html,*/*;q=0.8")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	client.CloseIdleConnections()
	return resp.StatusCode, string(body)
}

func serveWaitFor(t *testing.T, url, want string) string {
	t.Helper()
	deadline := time.Now().Add(serveWait)
	for {
		status, body := serveGet(t, url)
		if status == http.StatusOK && strings.Contains(body, want) {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s: %d without %q:\n%.500s", url, status, want, body)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestServe(t *testing.T) {
	before := runtime.NumGoroutine()
	src := serveSource(t, serveBriefing)
	r := startServe(t, "--source", src, "--addr", "127.0.0.1:0")
	url := r.url(t)
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("URL %s is not on loopback", url)
	}
	page := serveWaitFor(t, url+"cities/hama/", "Orontes")
	// Canonical links point at the preview, not at the published site.
	if !strings.Contains(page, `<link rel="canonical" href="`+url+`cities/hama/">`) {
		t.Errorf("canonical link does not point at %s", url)
	}
	if !strings.Contains(page, `<script src="/__briefing/reload.js"`) {
		t.Error("no reload client in the page")
	}
	if err := os.WriteFile(filepath.Join(src, "content/cities/hama.md"), []byte("---\nname: Hama\n---\nHama is on the Orontes, edited.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	serveWaitFor(t, url+"cities/hama/", "Orontes, edited.")
	// Nothing is written into the source folder.
	if _, err := os.Stat(filepath.Join(src, "public")); err == nil {
		t.Error("serve wrote a public/ folder")
	}
	if code := r.stop(t); code != ExitOK {
		t.Errorf("exit %d after Ctrl-C", code)
	}
	stderr := r.stderr.String()
	for _, want := range []string{"built in ", "rebuilt in ", "(1 file changed: content/cities/hama.md)", "stopped"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if _, err := http.Get(url); err == nil {
		t.Error("still serving after Ctrl-C")
	}
	entries, _ := os.ReadDir(src)
	if len(entries) != 2 {
		t.Errorf("source folder holds %d entries after serving, want site.yaml and content/", len(entries))
	}
	deadline := time.Now().Add(serveWait)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d goroutines left, %d before:\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestServeBusyPort: without --addr, a busy 127.0.0.1:8080 gives way to
// the next free port, said on stderr.
func TestServeBusyPort(t *testing.T) {
	// Held here, or by another program: busy either way.
	if held, err := net.Listen("tcp", defaultAddr); err == nil {
		defer held.Close()
	}
	r := startServe(t, "--source", serveSource(t, serveBriefing))
	url := r.url(t)
	if strings.Contains(url, defaultAddr) {
		t.Fatalf("serving at the busy address %s", url)
	}
	if want := "briefing serve: " + defaultAddr + " is in use, trying the next port"; !strings.Contains(r.stderr.String(), want) {
		t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
	}
	serveWaitFor(t, url, "Serve test")
}

// TestServeGivenPortBusy: an --addr given is used or refused, exit 2:
// moved to the next port, the new server left an older one (a preview
// still running) answering the address the user had bookmarked.
func TestServeGivenPortBusy(t *testing.T) {
	held, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	busy := held.Addr().String()
	code, stdout, stderr := run(t, "serve", "--source", serveSource(t, serveBriefing), "--addr", busy)
	if code != ExitUsage {
		t.Errorf("exit %d, want %d", code, ExitUsage)
	}
	if stdout != "" {
		t.Errorf("serving anyway: %s", stdout)
	}
	host, port, _ := net.SplitHostPort(busy)
	p, _ := strconv.Atoi(port)
	for _, want := range []string{"briefing serve: cannot listen: " + busy + ": address in use (another briefing serve, perhaps: stop it, or give another port, --addr " + net.JoinHostPort(host, strconv.Itoa(p+1)) + ")\n"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

func TestServeFirstBuildFails(t *testing.T) {
	files := map[string]string{}
	for p, s := range serveBriefing {
		files[p] = s
	}
	files["content/cities/hama.md"] = "---\nname: Hama\npopulation: many\n---\n"
	src := serveSource(t, files)
	r := startServe(t, "--source", src, "--addr", "127.0.0.1:0")
	url := r.url(t)
	body := serveWaitFor(t, url, "briefing-overlay")
	if !strings.Contains(body, "content/cities/hama.md:3:") {
		t.Errorf("overlay does not locate the error:\n%s", body)
	}
	if err := os.WriteFile(filepath.Join(src, "content/cities/hama.md"), []byte(serveBriefing["content/cities/hama.md"]), 0o644); err != nil {
		t.Fatal(err)
	}
	serveWaitFor(t, url+"cities/hama/", "Orontes")
	if code := r.stop(t); code != ExitOK {
		t.Errorf("exit %d", code)
	}
	if !strings.Contains(r.stderr.String(), "content/cities/hama.md:3:") {
		t.Errorf("stderr lacks the error:\n%s", r.stderr)
	}
}

func TestServePoll(t *testing.T) {
	src := serveSource(t, serveBriefing)
	r := startServe(t, "--source", src, "--addr", "127.0.0.1:0", "--poll")
	url := r.url(t)
	serveWaitFor(t, url, "Serve test")
	if !strings.Contains(r.stderr.String(), "polling for changes every 500ms") {
		t.Errorf("stderr does not say it polls:\n%s", r.stderr)
	}
	os.WriteFile(filepath.Join(src, "site.yaml"), []byte(strings.Replace(serveBriefing["site.yaml"], "Serve test", "Polled title", 1)), 0o644)
	serveWaitFor(t, url, "Polled title")
}

func TestServeUsage(t *testing.T) {
	src := serveSource(t, serveBriefing)
	tests := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"--help"}, ExitOK, "-addr host:port"},
		{[]string{"--source", src, "--addr", "8080"}, ExitUsage, "--addr 8080: want host:port"},
		{[]string{"--source", src, "--addr", "127.0.0.1:99999"}, ExitUsage, "cannot listen on 127.0.0.1:99999"},
		{[]string{"--source", src, "--port", "1"}, ExitUsage, "flag provided but not defined: --port"},
		{[]string{"--source", filepath.Join(src, "missing")}, ExitUsage, "no such folder"},
		{[]string{"--source", src, "extra"}, ExitUsage, "unexpected argument"},
		{[]string{"--source", t.TempDir(), "--addr", "127.0.0.1:0"}, ExitContent, "site.yaml: not found"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		c := &CLI{Stdout: &stdout, Stderr: &stderr, Theme: serveTheme}
		code := c.Run(context.Background(), append([]string{"serve"}, tt.args...))
		if code != tt.code || !strings.Contains(stderr.String(), tt.stderr) {
			t.Errorf("serve %v: %d, want %d with %q\n%s", tt.args, code, tt.code, tt.stderr, stderr.String())
		}
	}
	var stderr bytes.Buffer
	(&CLI{Stdout: io.Discard, Stderr: &stderr}).Run(context.Background(), []string{"serve", "--help"})
	for _, flag := range []string{"-addr", "-poll", "-source"} {
		if !strings.Contains(stderr.String(), flag) {
			t.Errorf("serve --help lacks %s:\n%s", flag, stderr.String())
		}
	}
}

// TestServeAsOf previews an earlier edition: the article of 5 December is
// left out as of the 4th; notices of later items are printed and the site
// is served all the same.
func TestServeAsOf(t *testing.T) {
	files := map[string]string{}
	for p, s := range serveBriefing {
		files[p] = s
	}
	files["content/articles/b.md"] = "---\ntitle: Rebels take Homs\ndate: 2024-12-08\n---\nRebels entered Homs.\n"
	src := serveSource(t, files)
	r := startServe(t, "--source", src, "--addr", "127.0.0.1:0", "--as-of", "2024-12-04")
	url := r.url(t)
	data := serveWaitFor(t, url+"briefing.json", `"as_of":"2024-12-04"`)
	if strings.Contains(data, "Rebels take") {
		t.Errorf("an article after 4 December is in the preview as of that date:\n%.400s", data)
	}
	if status, _ := serveGet(t, url+"articles/a/"); status != http.StatusNotFound {
		t.Errorf("articles/a/ as of 4 December: %d, want 404", status)
	}
	r.stop(t)
	// The terminal says which edition is served, as build says it.
	if !strings.Contains(r.stderr.String(), "serving the edition as of 4 December 2024 (2 later items left out)\n") {
		t.Errorf("the terminal does not say the edition served:\n%s", r.stderr)
	}
	// Without --as-of the later article is kept, marked, and listed as a
	// notice; the site is served.
	r = startServe(t, "--source", src, "--addr", "127.0.0.1:0")
	url = r.url(t)
	serveWaitFor(t, url+"articles/b/", "after the 6 December cutoff")
	r.stop(t)
	if !strings.Contains(r.stderr.String(), "content/articles/b.md:3:7: notice: article is dated 2024-12-08, after the 6 December 2024 cutoff\n1 notice\n") {
		t.Errorf("no notice on the terminal:\n%s", r.stderr)
	}
}

// The map outline site.yaml names may be outside the folders a briefing
// has (data/outline.geojson, as the README shows): the preview watches it
// too, so fixing it rebuilds.
func TestServeOutlineOutsideTops(t *testing.T) {
	outline := func(lat int) string {
		return fmt.Sprintf(`{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"name": "A"},
   "geometry": {"type": "Polygon", "coordinates": [[[36, 35], [37, 35], [37, %d], [36, 35]]]}}
]}`, lat)
	}
	files := map[string]string{}
	for p, s := range serveBriefing {
		files[p] = s
	}
	files["site.yaml"] += "map:\n  outline: data/outline.geojson\n"
	files["data/outline.geojson"] = outline(135)
	for _, mode := range []string{"native", "poll"} {
		t.Run(mode, func(t *testing.T) {
			src := serveSource(t, files)
			args := []string{"--source", src, "--addr", "127.0.0.1:0"}
			if mode == "poll" {
				args = append(args, "--poll")
			}
			r := startServe(t, args...)
			url := r.url(t)
			body := serveWaitFor(t, url, "briefing-overlay")
			if !strings.Contains(body, "data/outline.geojson:3:") {
				t.Fatalf("overlay does not locate the outline's error:\n%s", body)
			}
			if err := os.WriteFile(filepath.Join(src, "data/outline.geojson"), []byte(outline(36)), 0o644); err != nil {
				t.Fatal(err)
			}
			serveWaitFor(t, url+"cities/hama/", "Orontes")
			if code := r.stop(t); code != ExitOK {
				t.Errorf("exit %d", code)
			}
		})
	}
}
