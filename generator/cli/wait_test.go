package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"briefing/generator/write"
)

// TestZipWaitsForBuild: a zip aimed at a path a build is writing waits
// for it (they take one lock), says so, and then refuses the folder the
// build made, which is not a zip.
func TestZipWaitsForBuild(t *testing.T) {
	src := baseBriefing(t)
	out := filepath.Join(t.TempDir(), "site.zip")
	lock, err := write.LockFile(context.Background(), write.LockPath(out), "build", nil)
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		code   int
		stderr string
	}
	done := make(chan result, 1)
	go func() {
		code, _, stderr := run(t, "zip", "--source", src, "--out", out)
		done <- result{code, stderr}
	}()
	select {
	case r := <-done:
		t.Fatalf("zip did not wait for the lock: exit %d\n%s", r.code, r.stderr)
	case <-time.After(500 * time.Millisecond):
	}
	mustBuild(t, src, out+".tmp") // what the build would write...
	if err := os.Rename(out+".tmp", out); err != nil {
		t.Fatal(err)
	}
	lock.Unlock()
	r := <-done
	if r.code != ExitUsage || !strings.Contains(r.stderr, "briefing zip: waiting for another briefing (build, pid ") ||
		!strings.Contains(r.stderr, "it is a folder") {
		t.Errorf("zip after the build: exit %d\n%s", r.code, r.stderr)
	}
}

// TestWaitInterrupted: a build waiting for another to finish stops at
// Ctrl-C (its context done), writing nothing.
func TestWaitInterrupted(t *testing.T) {
	src := baseBriefing(t)
	out := filepath.Join(t.TempDir(), "site")
	lock, err := write.LockFile(context.Background(), write.LockPath(out), "build", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	var stdout, stderr strings.Builder
	c := &CLI{Stdout: &stdout, Stderr: &stderr, Theme: repoTheme, Version: "test"}
	code := c.Run(ctx, []string{"build", "--source", src, "--out", out})
	if code != ExitInterrupted || !strings.Contains(stderr.String(), "build interrupted: "+out+" left untouched") {
		t.Errorf("exit %d\n%s", code, stderr.String())
	}
	if _, err := os.Lstat(out); err == nil {
		t.Error("the interrupted build wrote its site")
	}
}
