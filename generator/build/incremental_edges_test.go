package build

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// Cases a review found where a preview rebuild, told what changed by the
// watcher, kept a stale folder listing or a stale file: changes reported
// while site.yaml was broken, a kind's folder that is a link, and a link
// whose target changes. Each step compares the rebuild with a build from
// scratch.

// sameAsFull rebuilds with cache, told changed, and fails unless the
// problems and every file match a build from scratch.
func sameAsFull(t *testing.T, dir string, memo *Memo, step string, changed ...string) {
	t.Helper()
	src := os.DirFS(dir)
	inc, dInc := memo.Build(src, Options{Theme: repo})
	full, dFull := Build(src, Options{Theme: repo})
	if dInc.Error() != dFull.Error() {
		t.Fatalf("%s: problems differ:\nrebuild:\n%v\nfull build:\n%v", step, dInc, dFull)
	}
	if len(dFull) > 0 {
		return
	}
	a, b := all(t, inc), all(t, full)
	if len(a) != len(b) {
		t.Fatalf("%s: %d files, a full build has %d", step, len(a), len(b))
	}
	for p, data := range b {
		if !bytes.Equal(a[p], data) {
			t.Fatalf("%s: %s differs from a full build", step, p)
		}
	}
}

func writeFile(t *testing.T, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

const bob = "---\nname: Bob Example\nsummary: Another spokesperson.\n---\nSpeaks too.\n"

func TestRebuildAfterBrokenSiteYAML(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(dir string) string // returns the path changed
	}{
		{"file added", func(dir string) string {
			writeFile(t, dir, "content/people/bob.md", bob)
			return "content/people/bob.md"
		}},
		{"file removed", func(dir string) string {
			os.Remove(filepath.Join(dir, "content/people/ann.md"))
			return "content/people/ann.md"
		}},
		{"file edited", func(dir string) string {
			writeFile(t, dir, "content/people/ann.md", "---\nname: Ann Changed\n---\nEdited while site.yaml was broken.\n")
			return "content/people/ann.md"
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := miniOnDisk(t)
			memo := &Memo{}
			sameAsFull(t, dir, memo, "first build", nil...)
			good, _ := os.ReadFile(filepath.Join(dir, "site.yaml"))
			writeFile(t, dir, "site.yaml", "title: [broken\n")
			sameAsFull(t, dir, memo, "site.yaml broken", "site.yaml")
			sameAsFull(t, dir, memo, "change while broken", tc.change(dir))
			writeFile(t, dir, "site.yaml", string(good))
			sameAsFull(t, dir, memo, "site.yaml mended", "site.yaml")
		})
	}
}

func TestRebuildWithLinkedKindFolder(t *testing.T) {
	dir := miniOnDisk(t)
	// content/people is a link to people-src, inside the source folder.
	if err := os.Rename(filepath.Join(dir, "content/people"), filepath.Join(dir, "people-src")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../people-src", filepath.Join(dir, "content/people")); err != nil {
		t.Fatal(err)
	}
	memo := &Memo{}
	sameAsFull(t, dir, memo, "first build", nil...)
	writeFile(t, dir, "people-src/bob.md", bob)
	sameAsFull(t, dir, memo, "file added behind the link", "content/cities/hama.md")
	writeFile(t, dir, "people-src/ann.md", "---\nname: Ann Changed\n---\nEdited behind the link.\n")
	sameAsFull(t, dir, memo, "file edited behind the link", "people-src/ann.md")
	os.Remove(filepath.Join(dir, "people-src/bob.md"))
	sameAsFull(t, dir, memo, "file removed behind the link", "people-src/bob.md")
}

func TestRebuildWhenLinkTargetChanges(t *testing.T) {
	dir := miniOnDisk(t)
	link := filepath.Join(dir, "content/people/extra.md")
	if err := os.Symlink("../../static/extra.md", link); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(dir, "static/extra.md")
	// The target starts as a folder: a problem.
	if err := os.MkdirAll(target, 0o755); err != nil {
		t.Fatal(err)
	}
	memo := &Memo{}
	sameAsFull(t, dir, memo, "link to a folder", nil...)
	os.Remove(target)
	writeFile(t, dir, "static/extra.md", bob)
	sameAsFull(t, dir, memo, "the folder becomes a file", "static/extra.md")
	writeFile(t, dir, "static/extra.md", "---\nname: Extra Changed\n---\nEdited through the link.\n")
	sameAsFull(t, dir, memo, "the file is edited", "static/extra.md")
	os.Remove(target)
	if err := os.MkdirAll(target, 0o755); err != nil {
		t.Fatal(err)
	}
	sameAsFull(t, dir, memo, "the file becomes a folder", "static/extra.md")
}
