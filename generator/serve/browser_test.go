package serve

import (
	"context"
	"os"
	"os/exec"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Browser tests run headless Chromium. CI installs it, so a missing
// browser fails the test rather than letting it pass unseen; set
// BRIEFING_SKIP_BROWSER=1 to skip them where no browser can be installed,
// and BRIEFING_CHROMIUM to use another binary.

// chromiumPath finds the browser to test with, or "".
func chromiumPath() string {
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

// newBrowser starts a fresh headless Chromium, with its own profile, for
// one test, and returns the context to run chromedp actions in. The
// browser closes when the test ends.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		if os.Getenv("BRIEFING_SKIP_BROWSER") == "1" {
			t.Skip("Chromium not installed; skipped because BRIEFING_SKIP_BROWSER=1")
		}
		t.Fatal("Chromium not found: install it (apt-get install -y chromium), point BRIEFING_CHROMIUM at it, or set BRIEFING_SKIP_BROWSER=1 to skip browser tests")
	}
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
		t.Fatalf("starting %s: %v", path, err)
	}
	return ctx
}

// browserDo runs actions with a deadline.
func browserDo(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	if err := chromedp.Do(tctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// pageUntil evaluates a JavaScript expression in the page until it is true.
// It keeps trying across reloads, which a chromedp Poll does not survive.
func pageUntil(t *testing.T, ctx context.Context, expr, what string) {
	t.Helper()
	deadline := time.Now().Add(2 * wait)
	var lastErr error
	for time.Now().Before(deadline) {
		tctx, cancel := context.WithTimeout(ctx, time.Second)
		ok, err := chromedp.Run(tctx, chromedp.Evaluate[bool](expr))
		cancel()
		if err == nil && ok {
			return
		}
		lastErr = err
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the page never showed %s (last error: %v)", what, lastErr)
}
