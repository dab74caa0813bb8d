package write_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"briefing/generator/build"
	"briefing/generator/render"
	"briefing/generator/write"
)

func tree(t *testing.T, title string) *render.Tree {
	t.Helper()
	fsys := fstest.MapFS{
		"site.yaml":              {Data: []byte("title: " + title + "\nbase_url: https://example.org/\n")},
		"content/cities/hama.md": {Data: []byte("---\nname: Hama\n---\nOn the Orontes.\n")},
	}
	res, diags := build.Build(fsys, build.Options{Theme: os.DirFS("../..")})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	return res.Tree
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
	sort.Strings(out)
	return out
}

// TestLeftoversOfKilledBuilds sets up what builds killed at each step of
// a write leave beside the output folder, and checks the next cleans up:
// a half-written new site (killed while writing), an old site removed
// half-way (killed after the swap), and an old site moved aside with the
// output folder missing (killed between the two renames of the fallback
// swap), which must be put back rather than lost if the build fails.
func TestLeftoversOfKilledBuilds(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "site")
	if err := writeSite(tree(t, "One"), out); err != nil {
		t.Fatal(err)
	}
	for _, stray := range []string{".site.briefing-tmp-0123456789ab", ".site.briefing-tmp-ba9876543210"} {
		if err := os.MkdirAll(filepath.Join(parent, stray, "cities", "hama"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(parent, stray, "cities", "hama", "index.html"), []byte("half"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(parent, stray, ".briefing-writing"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := writeSite(tree(t, "Two"), out); err != nil {
		t.Fatal(err)
	}
	if got := names(t, parent); len(got) != 1 || got[0] != "site" {
		t.Errorf("after a build: %v beside the site", got)
	}

	// Killed between the fallback's two renames: the site is aside.
	aside := filepath.Join(parent, ".site.briefing-tmp-old-0123456789ab")
	if err := os.Rename(out, aside); err != nil {
		t.Fatal(err)
	}
	if err := writeSite(tree(t, "Three"), out); err != nil {
		t.Fatal(err)
	}
	if got := names(t, parent); len(got) != 1 || got[0] != "site" {
		t.Errorf("after a build: %v beside the site", got)
	}
	data, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil || !strings.Contains(string(data), "Three") {
		t.Errorf("the new site is not in place (%v)", err)
	}
}

// writeSite writes tree to dir as briefing build does: Open, Write, Close.
func writeSite(tree *render.Tree, dir string) error {
	_, err := writeSiteWarned(tree, dir)
	return err
}

// writeSiteWarned is writeSite, giving the warnings the build printed.
func writeSiteWarned(tree *render.Tree, dir string) (warned []string, err error) {
	o, err := write.Open(context.Background(), dir, write.Options{Warn: func(msg string) { warned = append(warned, msg) }})
	if err != nil {
		return nil, err
	}
	defer o.Close()
	_, err = o.Write(tree)
	return warned, err
}

// TestTempNameOfSomeoneElse: a folder that has the name of a build's
// temporary folder but is not one (no mark, not being written) keeps
// every file in it: only its empty folders go, and the build says what
// it kept.
func TestTempNameOfSomeoneElse(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "site")
	mine := filepath.Join(parent, ".site.briefing-tmp-0123456789ab")
	for _, d := range []string{"notes", "empty", ".git"} {
		if err := os.MkdirAll(filepath.Join(mine, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(mine, "notes", "mine.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	warned, err := writeSiteWarned(tree(t, "One"), out)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(mine, "notes", "mine.txt")); err != nil || string(b) != "mine" {
		t.Errorf("the user's file: %q, %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(mine, ".git")); err != nil {
		t.Errorf("its .git was taken: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, ".git")); err == nil {
		t.Error("its .git was moved into the site")
	}
	if len(warned) != 1 || !strings.Contains(warned[0], "kept "+mine) {
		t.Errorf("warnings: %q", warned)
	}
}

// TestOldTempNameOfSomeoneElse: with the output missing, a site moved
// aside by a swap cut short is put back; a folder that only has the name
// of one (no mark) is not taken for it: it stays where it is, its files
// kept, and the new site is written in the output.
func TestOldTempNameOfSomeoneElse(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "site")
	mine := filepath.Join(parent, ".site.briefing-tmp-old-0123456789ab")
	if err := os.MkdirAll(mine, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mine, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	warned, err := writeSiteWarned(tree(t, "One"), out)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(mine, "notes.txt")); err != nil || string(b) != "mine" {
		t.Errorf("the user's file: %q, %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(out, "notes.txt")); err == nil {
		t.Error("the user's folder was taken for the output")
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Errorf("no new site: %v", err)
	}
	if len(warned) != 1 || !strings.Contains(warned[0], "kept "+mine) {
		t.Errorf("warnings: %q", warned)
	}
}
