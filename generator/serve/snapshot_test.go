package serve

import (
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"briefing/generator/srcfile"
	"briefing/generator/watch"
)

// countingFS counts what is read from the disk.
type countingFS struct {
	fs.FS // an os.DirFS, links and all
	mu    sync.Mutex
	opens map[string]int
	lists map[string]int
}

func (c *countingFS) Open(name string) (fs.File, error) {
	c.mu.Lock()
	c.opens[name]++
	c.mu.Unlock()
	return c.FS.Open(name)
}

func (c *countingFS) ReadDir(name string) ([]fs.DirEntry, error) {
	c.mu.Lock()
	c.lists[name]++
	c.mu.Unlock()
	return fs.ReadDir(c.FS, name)
}

func (c *countingFS) Lstat(name string) (fs.FileInfo, error) { return fs.Lstat(c.FS, name) }

func (c *countingFS) ReadLink(name string) (string, error) { return fs.ReadLink(c.FS, name) }

// readAll reads every file of a folder through the snapshot, as the
// content stage does.
func readAll(t *testing.T, s *snapshot, dir string) map[string][]byte {
	t.Helper()
	d, err := srcfile.OpenDir(s, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	es, err := d.ReadDir()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range es {
		data, err := d.ReadFile(e.Name(), 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = data
	}
	return out
}

// TestSnapshotKeepsWhatDidNotChange: after an edit, the snapshot reads the
// edited file again and hands back the very bytes of the others (the
// build's memo then knows them at once); the folder is listed again only
// when a file comes or goes.
func TestSnapshotKeepsWhatDidNotChange(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, "content/cities/a.md", "a")
	writeFile(t, root, "content/cities/b.md", "b")
	src := &countingFS{FS: os.DirFS(root), opens: map[string]int{}, lists: map[string]int{}}
	s := newSnapshot(src)
	first := readAll(t, s, "content/cities")

	writeFile(t, root, "content/cities/a.md", "a, edited")
	s.invalidate(changed("content/cities/a.md"))
	second := readAll(t, s, "content/cities")
	if string(second["a.md"]) != "a, edited" {
		t.Errorf("edited file: %q", second["a.md"])
	}
	if &second["b.md"][0] != &first["b.md"][0] {
		t.Error("the unchanged file was read again, or copied")
	}
	if src.opens["content/cities/a.md"] != 2 || src.opens["content/cities/b.md"] != 1 {
		t.Errorf("reads from the disk: %v", src.opens)
	}
	if src.lists["content/cities"] != 1 {
		t.Errorf("the folder was listed %d times for an edit", src.lists["content/cities"])
	}

	writeFile(t, root, "content/cities/c.md", "c")
	s.invalidate(changed("content/cities/c.md"))
	if third := readAll(t, s, "content/cities"); string(third["c.md"]) != "c" {
		t.Errorf("new file: %q", third["c.md"])
	}
	os.Remove(filepath.Join(root, "content/cities/a.md"))
	s.invalidate(changed("content/cities/a.md"))
	if fourth := readAll(t, s, "content/cities"); fourth["a.md"] != nil {
		t.Error("a removed file is still listed")
	}
	if src.lists["content/cities"] != 3 {
		t.Errorf("the folder was listed %d times for an edit, an addition and a removal, want 3", src.lists["content/cities"])
	}

	s.invalidate(watch.Batch{Rescan: true})
	readAll(t, s, "content/cities")
	if src.lists["content/cities"] != 4 || src.opens["content/cities/b.md"] != 2 {
		t.Errorf("a rescan kept what was read: %d listings, b.md read %d times", src.lists["content/cities"], src.opens["content/cities/b.md"])
	}
}

// TestSnapshotKeepsNothingBehindALink: a folder reached through a link is
// read afresh every time, since the watcher reports its changes (if at
// all) under another path.
func TestSnapshotKeepsNothingBehindALink(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, "elsewhere/a.md", "a")
	os.MkdirAll(filepath.Join(root, "content"), 0o755)
	if err := os.Symlink("../elsewhere", filepath.Join(root, "content/people")); err != nil {
		t.Fatal(err)
	}
	s := newSnapshot(os.DirFS(root))
	readAll(t, s, "content/people")
	writeFile(t, root, "elsewhere/a.md", "a, edited")
	writeFile(t, root, "elsewhere/b.md", "b")
	got := readAll(t, s, "content/people")
	if string(got["a.md"]) != "a, edited" || string(got["b.md"]) != "b" {
		t.Errorf("read through the link: %q", got)
	}
}
