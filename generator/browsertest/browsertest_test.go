package browsertest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestOfflineCatches proves the recorders can fail: a page on disk that
// loads a style sheet and a script from other hosts and throws is seen
// doing all three, and the requests never leave.
func TestOfflineCatches(t *testing.T) {
	dir := t.TempDir()
	page := `<!doctype html><title>t</title>
<link rel="stylesheet" href="https://cdn.example.invalid/x.css">
<script src="http://127.0.0.1:9/x.js"></script>
<script src="local.js"></script>
<p>hi</p>`
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "local.js"), []byte(`console.error("boom"); null.x;`), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := New(t)
	log := Watch(t, ctx)
	blocked := Offline(t, ctx)
	Do(t, ctx, 10*time.Second, chromedp.Navigate("file://"+filepath.ToSlash(dir)+"/index.html"))
	Until(t, ctx, 5*time.Second, `document.readyState === "complete"`, "the page loaded")
	time.Sleep(100 * time.Millisecond)

	if got := NonLocal(log.Requests()); len(got) != 2 {
		t.Errorf("non-local requests recorded: %v, want the two off-host ones", got)
	}
	if got := blocked(); len(got) != 2 {
		t.Errorf("blocked: %v, want the two off-host requests", got)
	}
	errs := strings.Join(log.Errors(), "\n")
	for _, want := range []string{"boom", "uncaught exception", "cdn.example.invalid"} {
		if !strings.Contains(errs, want) {
			t.Errorf("errors lack %q:\n%s", want, errs)
		}
	}
}
