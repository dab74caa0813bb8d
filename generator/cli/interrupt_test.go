package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"briefing/generator/archive"
	"briefing/generator/build"
	"briefing/generator/write"
)

// cancelAfter is a tree that cancels its context after n files, as a
// Ctrl-C in the middle of the write would.
type cancelAfter struct {
	files
	n      int
	cancel func()
}

func (c *cancelAfter) count(f func(string, []byte) error) func(string, []byte) error {
	seen := 0
	return func(p string, data []byte) error {
		if seen++; seen == c.n {
			c.cancel()
		}
		return f(p, data)
	}
}

func (c *cancelAfter) Each(f func(string, []byte) error) error { return c.files.Each(c.count(f)) }

func (c *cancelAfter) EachInOrder(f func(string, []byte) error) error {
	return c.files.EachInOrder(c.count(f))
}

// TestCtrlCWhileWriting: Ctrl-C while the pages are rendered and written
// stops the write, and the site or archive already there is left as it
// was, with nothing of the new one beside it. The build (the part before)
// checks its context when done; this is the part after.
func TestCtrlCWhileWriting(t *testing.T) {
	src := baseBriefing(t)
	res, diags := build.Build(os.DirFS(src), build.Options{Theme: repoTheme})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if res.Tree.Pages() < 5 {
		t.Fatalf("only %d pages", res.Tree.Pages())
	}

	t.Run("build", func(t *testing.T) {
		parent := t.TempDir()
		out := filepath.Join(parent, "site")
		mustBuild(t, src, out)
		before, _ := os.Lstat(out)
		o, err := write.Open(context.Background(), out, write.Options{Source: source(src)})
		if err != nil {
			t.Fatal(err)
		}
		defer o.Close()
		ctx, cancel := context.WithCancel(context.Background())
		_, err = o.Write(untilDone{ctx, &cancelAfter{files: res.Tree, n: 3, cancel: cancel}})
		if err == nil || ctx.Err() == nil {
			t.Fatalf("the write went on after Ctrl-C: %v", err)
		}
		after, _ := os.Lstat(out)
		if !os.SameFile(before, after) {
			t.Error("the old site was replaced")
		}
		if got := names(t, parent); strings.Join(got, " ") != ".site.briefing-lock site" {
			t.Errorf("beside the site: %v", got)
		}
	})

	t.Run("zip", func(t *testing.T) {
		parent := t.TempDir()
		file := filepath.Join(parent, "site.zip")
		if _, _, err := archive.WriteFile(file, res.Tree, "site", time.Time{}); err != nil {
			t.Fatal(err)
		}
		old, _ := os.ReadFile(file)
		ctx, cancel := context.WithCancel(context.Background())
		_, _, err := archive.WriteFile(file, untilDone{ctx, &cancelAfter{files: res.Tree, n: 3, cancel: cancel}}, "site", time.Time{})
		if err == nil {
			t.Fatal("the zip went on after Ctrl-C")
		}
		if now, _ := os.ReadFile(file); !bytes.Equal(now, old) {
			t.Error("the archive was replaced")
		}
		if got := names(t, parent); strings.Join(got, " ") != "site.zip" {
			t.Errorf("beside the archive: %v", got)
		}
	})
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}
