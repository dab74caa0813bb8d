//go:build unix

package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// helperBuild starts "briefing ARGS" as a separate process (the test
// binary, as TestCrashHelper), with its output collected.
func helperBuild(t *testing.T, args ...string) (*exec.Cmd, *strings.Builder) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestCrashHelper$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), "BRIEFING_CRASH_HELPER=1", "GOMAXPROCS=2")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &out
}

// TestConcurrentBuilds runs two builds of one briefing into one folder,
// twenty times, the second started a little later each time (from at
// once to a whole build later). When the first exits the second is
// stopped (SIGSTOP) and the site on disk must be one whole build, the
// same as a reference build; then the second is killed (SIGKILL) or let
// finish, and the site must again be whole, with no temporary folder or
// lock left once a build has finished. Before each build held a lock, a
// second build removed the first one's temporary folder as "stale" while
// it was being written, and the first swapped in what was left and
// exited 0: issue 14's reproduction (start a build, a second 0.8 s later,
// SIGKILL the second) left 1,985 of 2,568 files.
func TestConcurrentBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a briefing forty times")
	}
	src := largeBriefing(t, 300, "Concurrent")
	ref := filepath.Join(t.TempDir(), "ref")
	start := time.Now()
	cmd, out := helperBuild(t, "build", "--source", src, "--out", ref)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("reference build: %v\n%s", err, out)
	}
	took := time.Since(start)
	want := contents(t, ref)
	t.Logf("a build of %d files takes %v", len(want), took)

	parent := t.TempDir()
	site := filepath.Join(parent, "site")
	whole := func(when string) {
		t.Helper()
		if got := contents(t, site); !sameContents(got, want) {
			t.Fatalf("%s: the site holds %d files, not the %d of one whole build", when, len(got), len(want))
		}
	}
	const rounds = 20
	for i := range rounds {
		delay := took * time.Duration(i) / rounds
		first, firstOut := helperBuild(t, "build", "--source", src, "--out", site)
		time.Sleep(delay)
		second, secondOut := helperBuild(t, "build", "--source", src, "--out", site)
		err := first.Wait()
		_ = second.Process.Signal(syscall.SIGSTOP)
		if err != nil || !strings.Contains(firstOut.String(), "built ") {
			t.Fatalf("round %d: the first build: %v\n%s", i, err, firstOut)
		}
		whole(fmt.Sprintf("round %d, second started after %v, when the first exited", i, delay))
		if i%2 == 0 {
			_ = second.Process.Kill()
			_ = second.Wait()
		} else {
			_ = second.Process.Signal(syscall.SIGCONT)
			if err := second.Wait(); err != nil || !strings.Contains(secondOut.String(), "built ") {
				t.Fatalf("round %d: the second build: %v\n%s", i, err, secondOut)
			}
			if !strings.Contains(secondOut.String(), "waiting for another briefing (build, pid ") && delay < took/2 {
				t.Logf("round %d: the second build did not wait:\n%s", i, secondOut)
			}
		}
		whole(fmt.Sprintf("round %d, second started after %v, at the end", i, delay))
	}
	// One more build: what killed builds left is cleaned up.
	cmd, out = helperBuild(t, "build", "--source", src, "--out", site)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("last build: %v\n%s", err, out)
	}
	whole("after a last build")
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("beside the site after a last build: %v", names)
	}
}
