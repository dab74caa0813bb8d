//go:build unix

package srcfile_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

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
	r := srcfile.FromRoot(root)
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

// folder makes a kind folder holding each sort of entry Dir must handle.
func folder(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "content", "cities")
	must(t, os.MkdirAll(filepath.Join(dir, "sub.md"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "hama.md"), []byte("---\nname: Hama\n---\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "big.md"), make([]byte, 2000), 0o644))
	must(t, os.WriteFile(filepath.Join(root, "secret"), []byte("key"), 0o600))
	must(t, os.Symlink("../../secret", filepath.Join(dir, "link.md")))
	must(t, syscall.Mkfifo(filepath.Join(dir, "pipe.md"), 0o644))
	for _, i := range []int{7, 2, 9, 0, 5, 3, 8, 1, 6, 4} { // created out of order
		must(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%d.md", i)), nil, 0o644))
	}
	return root
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestDir reads the same folder through a root (descriptors on Linux) and
// through a plain fs.FS by path: the same entries, the same contents and
// the same refusals, and a named pipe never blocks.
func TestDir(t *testing.T) {
	root := folder(t)
	or, err := os.OpenRoot(root)
	must(t, err)
	defer or.Close()
	r := srcfile.FromRoot(or)
	for name, fsys := range map[string]fs.FS{"root": r, "path": os.DirFS(root)} {
		t.Run(name, func(t *testing.T) {
			d, err := srcfile.OpenDir(fsys, "content/cities")
			must(t, err)
			defer d.Close()
			entries, err := d.ReadDir()
			must(t, err)
			types := map[string]fs.FileMode{}
			var names []string
			for _, e := range entries {
				types[e.Name()] = e.Type()
				names = append(names, e.Name())
			}
			// In name order, whatever order the folder keeps them in.
			if want := []string{"a0.md", "a1.md", "a2.md", "a3.md", "a4.md", "a5.md", "a6.md", "a7.md", "a8.md", "a9.md", "big.md", "hama.md", "link.md", "pipe.md", "sub.md"}; !slices.Equal(names, want) {
				t.Fatalf("entries %v, want %v", names, want)
			}
			if types["link.md"]&fs.ModeSymlink == 0 || types["pipe.md"]&fs.ModeNamedPipe == 0 || !types["sub.md"].IsDir() || !types["hama.md"].IsRegular() {
				t.Errorf("entry types %v", types)
			}

			data, err := d.ReadFile("hama.md", 1000)
			if err != nil || string(data) != "---\nname: Hama\n---\n" {
				t.Errorf("hama.md: %q, %v", data, err)
			}
			var re *srcfile.ReadError
			if _, err := d.ReadFile("big.md", 1000); !errors.As(err, &re) || !re.TooLarge || re.Size != 2000 {
				t.Errorf("big.md over the limit: %v", err)
			}
			if _, err := d.ReadFile("sub.md", 1000); !errors.As(err, &re) || !re.IsDir {
				t.Errorf("sub.md, a folder: %v", err)
			}
			if _, err := d.ReadFile("missing.md", 1000); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("missing.md: %v", err)
			}
			if name == "root" {
				// By descriptor, a link is refused outright (O_NOFOLLOW) and
				// so is a pipe, without waiting for a writer.
				if _, err := d.ReadFile("link.md", 1000); !errors.As(err, &re) || !re.Special {
					t.Errorf("link.md read through the root: %v", err)
				}
				done := make(chan error, 1)
				go func() { _, err := d.ReadFile("pipe.md", 1000); done <- err }()
				select {
				case err := <-done:
					if !errors.As(err, &re) || !re.Special {
						t.Errorf("pipe.md: %v", err)
					}
				case <-time.After(5 * time.Second):
					t.Fatal("reading a named pipe blocked")
				}
			}
		})
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
