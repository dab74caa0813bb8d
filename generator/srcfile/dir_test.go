package srcfile_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"testing"
	"testing/fstest"

	"briefing/generator/srcfile"
)

// TestRootFSKeepsExtensions: the checks of links rely on type assertions
// (fs.ReadLinkFS); a wrapper that hid them would let links out unchecked.
func TestRootFSKeepsExtensions(t *testing.T) {
	root, err := os.OpenRoot(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	r := srcfile.FromRoot(root, false)
	var fsys fs.FS = r
	if _, ok := fsys.(fs.ReadLinkFS); !ok {
		t.Error("not an fs.ReadLinkFS")
	}
	if _, ok := fsys.(fs.StatFS); !ok {
		t.Error("not an fs.StatFS")
	}
	if _, ok := fsys.(fs.ReadDirFS); !ok {
		t.Error("not an fs.ReadDirFS")
	}
	if _, ok := fsys.(fs.ReadFileFS); !ok {
		t.Error("not an fs.ReadFileFS")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestReadLimitedGrowth: a file that grows past the limit while it is
// read is refused even when the read ends before the buffer fills.
func TestReadLimitedGrowth(t *testing.T) {
	fsys := fstest.MapFS{"f": {Data: []byte("0123456789")}}
	grown := growingFS{fsys, []byte("012345678901234567890")} // reports 10 bytes, holds 21
	var re *srcfile.ReadError
	if data, err := srcfile.ReadLimited(grown, "f", 20); !errors.As(err, &re) || !re.TooLarge {
		t.Errorf("read %d bytes, err %v; want refused as too large", len(data), err)
	}
}

// growingFS serves f with the size of the file it wraps and the contents
// of more: a file appended to between the stat and the read.
type growingFS struct {
	fs.FS
	more []byte
}

func (g growingFS) Open(name string) (fs.File, error) {
	f, err := g.FS.Open(name)
	if err != nil {
		return nil, err
	}
	return &growingFile{File: f, r: bytes.NewReader(g.more)}, nil
}

type growingFile struct {
	fs.File
	r *bytes.Reader
}

func (f *growingFile) Read(b []byte) (int, error) { return f.r.Read(b) }

// TestPathDirOnMapFS: file systems without descriptors (tests, embed)
// read by path.
func TestPathDirOnMapFS(t *testing.T) {
	fsys := fstest.MapFS{"content/cities/hama.md": {Data: []byte("x")}}
	d, err := srcfile.OpenDir(fsys, "content/cities")
	must(t, err)
	data, err := d.ReadFile("hama.md", 10)
	if err != nil || string(data) != "x" {
		t.Fatalf("%q, %v", data, err)
	}
}
