//go:build unix

package srcfile_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"syscall"
	"testing"
	"time"

	"briefing/generator/srcfile"
)

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

// TestDir reads the same folder through a root (descriptors on Linux),
// through the root by path (as every other system does) and through a
// plain fs.FS by path: the same entries, the same contents and the same
// refusals, and a named pipe read through the root never blocks.
func TestDir(t *testing.T) {
	root := folder(t)
	or, err := os.OpenRoot(root)
	must(t, err)
	defer or.Close()
	r := srcfile.FromRoot(or, false)
	for name, open := range map[string]func(string) (srcfile.Dir, error){
		"root":         func(dir string) (srcfile.Dir, error) { return srcfile.OpenDir(r, dir) },
		"root by path": func(dir string) (srcfile.Dir, error) { return srcfile.OpenPathDir(r, dir) },
		"path":         func(dir string) (srcfile.Dir, error) { return srcfile.OpenDir(os.DirFS(root), dir) },
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := open("content/towns"); name != "path" && !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("a missing folder: %v", err)
			}
			d, err := open("content/cities")
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
			if name == "root" && runtime.GOOS == "linux" {
				// By descriptor, a link is refused outright (O_NOFOLLOW).
				// By path the root follows it, as far as the root goes.
				if _, err := d.ReadFile("link.md", 1000); !errors.As(err, &re) || !re.Special {
					t.Errorf("link.md read through the root: %v", err)
				}
			}
			if name != "path" {
				// A pipe is refused without waiting for a writer. (An
				// fs.FS that is not a root cannot open one so.)
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

// TestReadLimitedPipe: a named pipe read from a root, by its name or
// through a link to it, is refused without waiting for a writer.
func TestReadLimitedPipe(t *testing.T) {
	root := folder(t)
	must(t, os.Symlink("pipe.md", filepath.Join(root, "content", "cities", "to-pipe")))
	or, err := os.OpenRoot(root)
	must(t, err)
	defer or.Close()
	r := srcfile.FromRoot(or, false)
	for _, p := range []string{"content/cities/pipe.md", "content/cities/to-pipe"} {
		done := make(chan error, 1)
		go func() { _, err := srcfile.ReadLimited(r, p, 1000); done <- err }()
		select {
		case err := <-done:
			var re *srcfile.ReadError
			if !errors.As(err, &re) || !re.Special {
				t.Errorf("%s: %v", p, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("reading %s blocked", p)
		}
	}
}
