package serve

import (
	"os"
	"path/filepath"
	"testing"

	"briefing/generator/watch"
)

// Cases a review found where a preview rebuild, told what changed by the
// watcher, kept a stale folder listing or a stale file: changes reported
// while site.yaml was broken, a kind's folder that is a link, and a link
// whose target changes. Each step compares the rebuild with a build from
// scratch.

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
			rb := newRebuilder(t, dir)
			rb.sameAsFull(t, "first build", watch.Batch{})
			good, _ := os.ReadFile(filepath.Join(dir, "site.yaml"))
			writeFile(t, dir, "site.yaml", "title: [broken\n")
			rb.sameAsFull(t, "site.yaml broken", changed("site.yaml"))
			rb.sameAsFull(t, "change while broken", changed(tc.change(dir)))
			writeFile(t, dir, "site.yaml", string(good))
			rb.sameAsFull(t, "site.yaml mended", changed("site.yaml"))
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
	rb := newRebuilder(t, dir)
	rb.sameAsFull(t, "first build", watch.Batch{})
	writeFile(t, dir, "people-src/bob.md", bob)
	rb.sameAsFull(t, "file added behind the link", changed("content/cities/hama.md"))
	writeFile(t, dir, "people-src/ann.md", "---\nname: Ann Changed\n---\nEdited behind the link.\n")
	rb.sameAsFull(t, "file edited behind the link", changed("people-src/ann.md"))
	os.Remove(filepath.Join(dir, "people-src/bob.md"))
	rb.sameAsFull(t, "file removed behind the link", changed("people-src/bob.md"))
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
	rb := newRebuilder(t, dir)
	rb.sameAsFull(t, "link to a folder", watch.Batch{})
	os.Remove(target)
	writeFile(t, dir, "static/extra.md", bob)
	rb.sameAsFull(t, "the folder becomes a file", changed("static/extra.md"))
	writeFile(t, dir, "static/extra.md", "---\nname: Extra Changed\n---\nEdited through the link.\n")
	rb.sameAsFull(t, "the file is edited", changed("static/extra.md"))
	os.Remove(target)
	if err := os.MkdirAll(target, 0o755); err != nil {
		t.Fatal(err)
	}
	rb.sameAsFull(t, "the file becomes a folder", changed("static/extra.md"))
}
