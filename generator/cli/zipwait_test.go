package cli

import (
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
	lock, err := write.LockFile(write.LockPath(out), "build", nil)
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
