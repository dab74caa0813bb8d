// Package e2e holds the end-to-end tests that drive a real browser over
// the shipped briefing: the offline zip opened from disk with the network
// cut off, the search served under a GitHub Pages sub-path, and the
// screenshots of the home page and the map (issues 4 and 5). They run the
// command line as a user would, then headless Chromium through
// generator/browsertest.
package e2e

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"briefing/generator/cli"
	"briefing/generator/linkcheck"
)

// repoRoot holds the shipped briefing and the theme main embeds.
const repoRoot = "../.."

// step is the deadline of one browser step; a whole browser test stays
// well under 20 s.
const step = 10 * time.Second

func runCLI(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	c := &cli.CLI{Stdout: &out, Stderr: &errb, Theme: os.DirFS(repoRoot), Version: "test"}
	if code := c.Run(context.Background(), args); code != cli.ExitOK {
		t.Fatalf("briefing %s: exit %d\n%s%s", strings.Join(args, " "), code, out.String(), errb.String())
	}
	return out.String()
}

// unzippedShipped runs "briefing zip" on the shipped briefing, unzips the
// archive into a temporary folder and returns the path of its top folder.
func unzippedShipped(t *testing.T) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "briefing.zip")
	runCLI(t, "zip", "--source", repoRoot, "--out", file)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := linkcheck.Unzip(data, dir); err != nil {
		t.Fatal(err)
	}
	tops, _ := os.ReadDir(dir)
	if len(tops) != 1 {
		t.Fatalf("the zip unzips to %d entries, want one folder", len(tops))
	}
	return filepath.Join(dir, tops[0].Name())
}

// builtShipped runs "briefing build --base-url base" on the shipped
// briefing and returns the folder written.
func builtShipped(t *testing.T, base string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "public")
	runCLI(t, "build", "--source", repoRoot, "--out", dir, "--base-url", base)
	return dir
}

// fileURL is the file:// URL of a path on disk.
func fileURL(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		panic(err)
	}
	return "file://" + filepath.ToSlash(abs)
}

// screenshotDir is where a test saves its screenshots: $BRIEFING_SCREENSHOTS,
// or a temporary folder; logged so that a reader can look at them.
func screenshotDir(t *testing.T) string {
	out := os.Getenv("BRIEFING_SCREENSHOTS")
	if out == "" {
		out = t.TempDir()
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", out)
	return out
}
