package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// AxeViolation is one rule that a page breaks, as axe-core reports it.
type AxeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"` // minor, moderate, serious, critical
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

func (v AxeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s", v.ID, v.Impact, v.Help)
	for i, n := range v.Nodes {
		if i == 3 {
			fmt.Fprintf(&b, "\n    … and %d more", len(v.Nodes)-3)
			break
		}
		fmt.Fprintf(&b, "\n    %v %s", n.Target, n.HTML)
	}
	return b.String()
}

var (
	axeOnce sync.Once
	axeSrc  string
	axeErr  error
)

// axeSource reads axe-core from the pinned npm package beside this file
// (npm ci --prefix generator/browsertest installs it; .ci/run does).
func axeSource() (string, error) {
	axeOnce.Do(func() {
		_, file, _, _ := runtime.Caller(0)
		p := filepath.Join(filepath.Dir(file), "node_modules", "axe-core", "axe.min.js")
		data, err := os.ReadFile(p)
		if err != nil {
			axeErr = fmt.Errorf("axe-core not installed (%v): run npm ci --prefix generator/browsertest", err)
			return
		}
		axeSrc = string(data)
	})
	return axeSrc, axeErr
}

// BypassCSP lets the tab of ctx run scripts a test injects (axe-core)
// despite the pages' Content-Security-Policy. Call it before navigating.
func BypassCSP(t testing.TB, ctx context.Context) {
	t.Helper()
	if _, err := chromedp.Call(ctx, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true}); err != nil {
		t.Fatalf("bypassing CSP: %v", err)
	}
}

// Axe runs axe-core's WCAG 2.x A and AA rules (and its best practices) on
// the page loaded in ctx and returns the violations of at least the
// given impact ("serious" gives serious and critical ones).
func Axe(t testing.TB, ctx context.Context, minImpact string) []AxeViolation {
	t.Helper()
	return axe(t, ctx, minImpact, `{type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}`)
}

// AxeColours runs only axe-core's rules about colour (text contrast,
// links told apart from text): what a second colour scheme can break
// when the page's structure has been checked in the first (by Axe).
func AxeColours(t testing.TB, ctx context.Context, minImpact string) []AxeViolation {
	t.Helper()
	return axe(t, ctx, minImpact, `{type: "rule", values: ["color-contrast", "link-in-text-block"]}`)
}

func axe(t testing.TB, ctx context.Context, minImpact, runOnly string) []AxeViolation {
	t.Helper()
	src, err := axeSource()
	if err != nil {
		t.Fatal(err)
	}
	tctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if _, err := chromedp.Run(tctx, chromedp.Evaluate[any](src+";0")); err != nil {
		t.Fatalf("loading axe-core into the page: %v", err)
	}
	run := `axe.run(document, {resultTypes: ["violations"], runOnly: ` + runOnly + `}).then(r => JSON.stringify(r.violations))`
	out, err := chromedp.Run(tctx, chromedp.Evaluate[string](run, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("running axe-core: %v", err)
	}
	var all []AxeViolation
	if err := json.Unmarshal([]byte(out), &all); err != nil {
		t.Fatalf("reading axe-core's result: %v", err)
	}
	rank := map[string]int{"minor": 1, "moderate": 2, "serious": 3, "critical": 4}
	var keep []AxeViolation
	for _, v := range all {
		if rank[v.Impact] >= rank[minImpact] {
			keep = append(keep, v)
		}
	}
	return keep
}
