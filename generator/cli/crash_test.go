package cli

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// TestCrashHelper is not a test: TestCrashSafety runs the test binary
// with BRIEFING_CRASH_HELPER=1 to get a briefing command it can kill.
func TestCrashHelper(t *testing.T) {
	if os.Getenv("BRIEFING_CRASH_HELPER") != "1" {
		t.Skip("run by TestCrashSafety")
	}
	args := flagArgs()
	c := &CLI{Stdout: os.Stdout, Stderr: os.Stderr, Theme: repoTheme, Version: "test"}
	os.Exit(c.Run(context.Background(), args))
}

// flagArgs returns the arguments after "--" on the command line.
func flagArgs() []string {
	for i, a := range os.Args {
		if a == "--" {
			return os.Args[i+1:]
		}
	}
	return nil
}

// largeBriefing writes a briefing of n articles, each linking a city and
// citing a source, with title as the site's title, into a new folder.
func largeBriefing(t *testing.T, n int, title string) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, dir, "site.yaml", []byte("title: "+title+"\nbase_url: https://example.org/big/\nas_of: 2024-12-06\n"))
	writeFile(t, dir, "content/sources/afp.md", []byte("---\nname: AFP\nkind: news\nreliability: B\n---\nA wire agency.\n"))
	writeFile(t, dir, "content/factions/hts.md", []byte("---\nname: HTS\n---\nAn armed group.\n"))
	cities := n/10 + 1
	for i := range cities {
		writeFile(t, dir, fmt.Sprintf("content/cities/city-%d.md", i), []byte(fmt.Sprintf(
			"---\nname: City %d\ncoords: [%.3f, %.3f]\ncontrol:\n  - {date: 2024-12-0%d, faction: hts, source: afp}\n---\nA city on the plain [@afp].\n",
			i, 33+float64(i%40)/10, 36+float64(i%30)/10, 1+i%5)))
	}
	for i := range n {
		writeFile(t, dir, fmt.Sprintf("content/articles/report-%d.md", i), []byte(fmt.Sprintf(
			"---\ntitle: Report %d\ndate: 2024-11-%02d\nsource: afp\n---\nFighters entered [[city-%d]] on the %dth, a witness said [@afp, p. %d].\n\nThe HTS statement was read out. %s\n",
			i, 1+i%28, i%cities, 1+i%28, i, strings.Repeat("More words about the day. ", 40))))
	}
	return dir
}

// contents reads every file under dir (paths and bytes, no times).
func contents(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameContents(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for p, s := range a {
		if t, ok := b[p]; !ok || s != t {
			return false
		}
	}
	return true
}

// TestCrashSafety runs "briefing build" as a separate process on a large
// briefing into a folder holding a previous site, and kills it (SIGKILL)
// at points spread over the build. After each kill the output folder must
// hold either the previous site, untouched, or the complete new one, never
// a mix or nothing; after one more build that completes, no temporary
// folder may be left beside it.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a large briefing many times")
	}
	sources := [2]string{largeBriefing(t, 500, "First"), largeBriefing(t, 500, "Second")}
	parent := t.TempDir()
	out := filepath.Join(parent, "site")

	build := func(src string, kill time.Duration) (finished bool) {
		t.Helper()
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$", "--", "build", "--source", src, "--out", out)
		cmd.Env = append(os.Environ(), "BRIEFING_CRASH_HELPER=1", "GOMAXPROCS=2")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		if kill <= 0 {
			if err := <-done; err != nil {
				t.Fatalf("build of %s: %v\n%s", src, err, stderr.String())
			}
			return true
		}
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("build of %s: %v\n%s", src, err, stderr.String())
			}
			return true
		case <-time.After(kill):
			_ = cmd.Process.Kill() // SIGKILL
			<-done
			return false
		}
	}

	// The complete sites, to recognise them.
	var want [2]map[string]string
	var took time.Duration
	for i, src := range sources {
		start := time.Now()
		build(src, 0)
		took = max(took, time.Since(start))
		want[i] = contents(t, out)
	}
	if sameContents(want[0], want[1]) || len(want[0]) < 300 {
		t.Fatalf("the two sites have %d and %d files and should differ", len(want[0]), len(want[1]))
	}
	t.Logf("a build of %d files takes %v", len(want[0]), took)

	// out holds the second site. Each round builds the other one and
	// kills it.
	cur := 1
	kills := 0
	var delays []time.Duration
	for _, d := range []time.Duration{10, 50, 100, 200} {
		delays = append(delays, d*time.Millisecond)
	}
	for _, f := range []float64{0.5, 0.8, 0.95, 1.1, 1.4} {
		delays = append(delays, time.Duration(f*float64(took)))
	}
	for _, d := range delays {
		before := snapshot(t, out)
		next := 1 - cur
		finished := build(sources[next], d)
		after := contents(t, out)
		switch {
		case finished:
			if !sameContents(after, want[next]) {
				t.Errorf("killed after %v: the build finished but the site is not the new one", d)
			}
			cur = next
		case sameContents(after, want[next]):
			// Killed after the swap, while removing the old site.
			kills++
			cur = next
		default:
			kills++
			if s := snapshot(t, out); !compareSnapshots(t, before, s) {
				t.Errorf("killed after %v: the previous site was not left untouched", d)
			}
		}
		var stray []string
		entries, _ := os.ReadDir(parent)
		for _, e := range entries {
			if e.Name() != "site" {
				stray = append(stray, e.Name())
			}
		}
		t.Logf("killed after %v: finished %v, left beside the site: %v", d, finished, stray)
	}
	if kills < 4 {
		t.Errorf("only %d of %d builds were killed before they finished", kills, len(delays))
	}

	// One more build, to the end: the leftovers are gone.
	build(sources[1-cur], 0)
	if !sameContents(contents(t, out), want[1-cur]) {
		t.Error("the last build did not write its site")
	}
	entries, _ := os.ReadDir(parent)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	if len(names) != 1 || names[0] != "site" {
		t.Errorf("beside the output folder after a good build: %v", names)
	}
}
