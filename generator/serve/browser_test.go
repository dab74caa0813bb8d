package serve

import (
	"context"
	"testing"

	"briefing/generator/browsertest"

	"github.com/chromedp/chromedp"
)

// Browser tests run headless Chromium through generator/browsertest: a
// missing browser fails them unless BRIEFING_SKIP_BROWSER=1, and
// BRIEFING_CHROMIUM names another binary.

// newBrowser starts a fresh headless Chromium for one test.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	return browsertest.New(t)
}

// browserDo runs actions with a deadline.
func browserDo(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	browsertest.Do(t, ctx, wait, steps...)
}

// pageUntil evaluates a JavaScript expression in the page until it is true.
// It keeps trying across reloads, which a chromedp Poll does not survive.
func pageUntil(t *testing.T, ctx context.Context, expr, what string) {
	t.Helper()
	browsertest.Until(t, ctx, 2*wait, expr, what)
}
