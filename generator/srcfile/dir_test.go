//go:build unix

package srcfile_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"briefing/generator/srcfile"
)

// TestRootFSKeepsExtensions: the checks of links rely on type assertions
// (fs.ReadLinkFS); a wrapper that hid them would let links out unchecked.
func TestRootFSKeepsExtensions(t *testing.T) {
	r, err := srcfile.Root(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
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
	r, err := srcfile.Root(root)
	must(t, err)
	defer r.Close()
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
			if want := []string{"big.md", "hama.md", "link.md", "pipe.md", "sub.md"}; len(names) != len(want) {
				t.Fatalf("entries %v, want %v", names, want)
			}
			if types["link.md"]&fs.ModeSymlink == 0 || types["pipe.md"]&fs.ModeNamedPipe == 0 || !types["sub.md"].IsDir() || !types["hama.md"].IsRegular() {
				t.Errorf("entry types %v", types)
			}

			data, info, err := d.ReadFile("hama.md", 1000)
			if err != nil || string(data) != "---\nname: Hama\n---\n" || info.Size() != int64(len(data)) {
				t.Errorf("hama.md: %q, %v", data, err)
			}
			if st, err := d.Stat("hama.md"); err != nil || st.Size() != int64(len(data)) || !st.Mode().IsRegular() || !st.ModTime().Equal(info.ModTime()) {
				t.Errorf("Stat(hama.md) = %v, %v", st, err)
			}
			if st, err := d.Stat("link.md"); err != nil || st.Mode()&fs.ModeSymlink == 0 {
				t.Errorf("Stat follows the link: %v, %v", st, err)
			}
			var re *srcfile.ReadError
			if _, _, err := d.ReadFile("big.md", 1000); !errors.As(err, &re) || !re.TooLarge || re.Size != 2000 {
				t.Errorf("big.md over the limit: %v", err)
			}
			if _, _, err := d.ReadFile("sub.md", 1000); !errors.As(err, &re) || !re.IsDir {
				t.Errorf("sub.md, a folder: %v", err)
			}
			if _, _, err := d.ReadFile("missing.md", 1000); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("missing.md: %v", err)
			}
			if name == "root" {
				// By descriptor, a link is refused outright (O_NOFOLLOW) and
				// so is a pipe, without waiting for a writer.
				if _, _, err := d.ReadFile("link.md", 1000); !errors.As(err, &re) || !re.Special {
					t.Errorf("link.md read through the root: %v", err)
				}
				done := make(chan error, 1)
				go func() { _, _, err := d.ReadFile("pipe.md", 1000); done <- err }()
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

// TestPathDirOnMapFS: file systems without descriptors (tests, embed)
// read by path.
func TestPathDirOnMapFS(t *testing.T) {
	fsys := fstest.MapFS{"content/cities/hama.md": {Data: []byte("x")}}
	d, err := srcfile.OpenDir(fsys, "content/cities")
	must(t, err)
	data, _, err := d.ReadFile("hama.md", 10)
	if err != nil || string(data) != "x" {
		t.Fatalf("%q, %v", data, err)
	}
}
