// Package browsertest is the headless-Chromium setup that the browser
// tests share (the preview server's live reload, the offline zip, the
// screenshots). It is a normal package so that tests in several packages
// can use it; nothing outside tests imports it.
//
// Accessibility is checked with axe-core, from the npm package pinned in
// package-lock.json beside this file (npm ci --prefix generator/browsertest).
//
// CI installs Chromium, so a missing browser fails the test rather than
// letting it pass unseen. BRIEFING_SKIP_BROWSER=1 skips browser tests where
// no browser can be installed; BRIEFING_CHROMIUM names another binary.
package browsertest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Path finds the browser to test with, or "".
func Path() string {
	if p := os.Getenv("BRIEFING_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// New starts a fresh headless Chromium with its own profile for one test
// and returns the context to run chromedp actions in. The browser closes
// when the test ends. Without a browser the test fails, or is skipped when
// BRIEFING_SKIP_BROWSER=1.
func New(t testing.TB) context.Context {
	t.Helper()
	path := Path()
	if path == "" {
		if os.Getenv("BRIEFING_SKIP_BROWSER") == "1" {
			t.Skip("Chromium not installed; skipped because BRIEFING_SKIP_BROWSER=1")
		}
		t.Fatal("Chromium not found (looked for /usr/bin/chromium and chromium on PATH): install it (apt-get install -y chromium), point BRIEFING_CHROMIUM at it, or set BRIEFING_SKIP_BROWSER=1 to skip browser tests")
	}
	// Several test packages start browsers at once; on a loaded machine
	// one occasionally dies while starting (seen in CI: "chrome failed to
	// start", a crash report and nothing else). A fresh one, with a fresh
	// profile, is tried before the test fails.
	var err error
	for attempt := 1; attempt <= 3; attempt++ {
		var ctx context.Context
		ctx, err = start(t, path)
		if err == nil {
			return ctx
		}
		t.Logf("starting %s (attempt %d): %v", path, attempt, err)
	}
	t.Fatalf("starting %s: %v", path, err)
	return nil
}

func start(t testing.TB, path string) (context.Context, error) {
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	// Registered after TempDir's cleanup, so it runs first: the browser
	// has exited before its profile folder is removed.
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	// The first action starts the browser; it must not carry a timeout,
	// or the browser would close when the timeout ends.
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelAlloc()
		return nil, err
	}
	return ctx, nil
}

// Do runs actions with a deadline and fails the test on an error.
func Do(t testing.TB, ctx context.Context, timeout time.Duration, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := chromedp.Do(tctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// Eval evaluates a JavaScript expression in the page and returns its
// value, failing the test on an error.
func Eval[T any](t testing.TB, ctx context.Context, expr string) T {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(tctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// Until evaluates a JavaScript expression in the page until it is true.
// It keeps trying across navigations and reloads, which a chromedp Poll
// does not survive.
func Until(t testing.TB, ctx context.Context, timeout time.Duration, expr, what string) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var lastErr error
	for time.Now().Before(deadline) {
		tctx, cancel := context.WithTimeout(ctx, time.Second)
		ok, err := chromedp.Run(tctx, chromedp.Evaluate[bool](expr))
		cancel()
		if err == nil && ok {
			return
		}
		lastErr = err
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("the page never showed %s (last error: %v)", what, lastErr)
}

// Log records what a page does that a test may need to refuse: every
// request it makes, and every console error, uncaught exception, failed
// load and browser log error (a Content-Security-Policy violation is one).
type Log struct {
	mu       sync.Mutex
	requests []string
	errors   []string
}

// Watch starts recording the tab of ctx into a new Log.
func Watch(t testing.TB, ctx context.Context) *Log {
	t.Helper()
	l := &Log{}
	urls := map[network.RequestID]string{}
	err := chromedp.Listen(ctx, func(ev any) {
		// Runs in the tab's message loop: record and return.
		l.mu.Lock()
		defer l.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			urls[ev.RequestID] = ev.Request.URL
			l.requests = append(l.requests, ev.Request.URL)
		case *network.EventLoadingFailed:
			if !ev.Canceled {
				l.errors = append(l.errors, fmt.Sprintf("loading %s failed: %s %s", urls[ev.RequestID], ev.ErrorText, ev.BlockedReason))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				msg += " " + d.Exception.Description
			}
			l.errors = append(l.errors, fmt.Sprintf("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, msg))
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var parts []string
				for _, a := range ev.Args {
					if a.Value != nil {
						parts = append(parts, string(a.Value))
					} else {
						parts = append(parts, a.Description)
					}
				}
				l.errors = append(l.errors, fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(parts, " ")))
			}
		case *log.EventEntryAdded:
			if e := ev.Entry; e.Level == log.EntryLevelError {
				l.errors = append(l.errors, fmt.Sprintf("browser %s (%s): %s %s", e.Level, e.Source, e.Text, e.URL))
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// Requests returns the URL of every request made so far, in order.
func (l *Log) Requests() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.requests)
}

// Errors returns every error seen so far, in order.
func (l *Log) Errors() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.errors)
}

// Offline cuts the tab of ctx off the network: the network is emulated
// offline, and every request that is not for a file:, data: or blob: URL
// is failed before it leaves (through the Fetch domain), and recorded.
// It returns a func giving the URLs blocked so far.
func Offline(t testing.TB, ctx context.Context) (blocked func() []string) {
	t.Helper()
	var mu sync.Mutex
	var list []string
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	// Network.emulateNetworkConditions is deprecated and gone from
	// cdproto, but it is the one Chromium 148 accepts for going offline:
	// emulateNetworkConditionsByRule answers "Invalid parameters" to every
	// form tried.
	if _, err := chromedp.Call(ctx, emulateNetworkConditions, networkConditions{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
		t.Fatalf("emulating offline: %v", err)
	}
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
		Offline: true, DownloadThroughput: -1, UploadThroughput: -1,
	}); err != nil {
		t.Fatalf("emulating offline: %v", err)
	}
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}}); err != nil {
		t.Fatalf("enabling request interception: %v", err)
	}
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			if local(ev.Request.URL) {
				_, _ = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
				continue
			}
			mu.Lock()
			list = append(list, ev.Request.URL)
			mu.Unlock()
			_, _ = chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonInternetDisconnected})
		}
	}()
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(list)
	}
}

// networkConditions are the parameters of Network.emulateNetworkConditions.
type networkConditions struct {
	Offline            bool    `json:"offline"`
	Latency            float64 `json:"latency"`
	DownloadThroughput float64 `json:"downloadThroughput"`
	UploadThroughput   float64 `json:"uploadThroughput"`
}

var emulateNetworkConditions = cdp.Command[networkConditions, cdp.Empty]{Method: "Network.emulateNetworkConditions"}

// local reports whether a URL is read without the network.
func local(u string) bool {
	for _, p := range []string{"file:", "data:", "blob:", "about:"} {
		if strings.HasPrefix(u, p) {
			return true
		}
	}
	return false
}

// NonLocal returns the URLs of urls that would need the network.
func NonLocal(urls []string) []string {
	var out []string
	for _, u := range urls {
		if !local(u) {
			out = append(out, u)
		}
	}
	return out
}

// Media emulates a CSS media type ("screen", "print") and a
// prefers-color-scheme ("light", "dark"); "" leaves either as it is.
func Media(media, scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		var features []*emulation.MediaFeature
		if scheme != "" {
			features = append(features, &emulation.MediaFeature{Name: "prefers-color-scheme", Value: scheme})
		}
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media, Features: features})
		return err
	})
}

// ServeDir serves the folder dir over HTTP under the path prefix
// ("/repo/"), as GitHub Pages serves a project site: a folder URL serves
// its index.html, a missing file serves 404.html with status 404. It
// returns the server; the test closes it.
func ServeDir(t testing.TB, dir, prefix string) *httptest.Server {
	t.Helper()
	files := http.FileServer(http.Dir(dir))
	mux := http.NewServeMux()
	mux.Handle(prefix, http.StripPrefix(strings.TrimSuffix(prefix, "/"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := path.Clean("/" + r.URL.Path)
		if strings.HasSuffix(r.URL.Path, "/") {
			p = path.Join(p, "index.html")
		}
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p))); err != nil {
			data, err := os.ReadFile(filepath.Join(dir, "404.html"))
			if err != nil {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			w.Write(data)
			return
		}
		files.ServeHTTP(w, r)
	})))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}
