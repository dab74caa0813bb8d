package write

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The tests run on Linux, where renameat2 does the folder swap and the
// no-replace move; these call the fallbacks macOS and Windows rely on
// (swapRenames, renameIfAbsent) directly.

// dirHolding makes folder p holding index.html with text.
func dirHolding(t *testing.T, p, text string) os.FileInfo {
	t.Helper()
	if err := os.MkdirAll(p, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(p, "index.html"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	info, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// isThe fails unless p is the very file or folder want (not a copy), and,
// if text is given, its index.html holds text.
func isThe(t *testing.T, what, p string, want os.FileInfo, text string) {
	t.Helper()
	got, err := os.Lstat(p)
	if err != nil || !os.SameFile(got, want) {
		t.Errorf("%s: %s is not what it was (%v)", what, p, err)
		return
	}
	if text != "" {
		if b, err := os.ReadFile(filepath.Join(p, "index.html")); err != nil || string(b) != text {
			t.Errorf("%s: %s holds %q (%v), want %q", what, p, b, err, text)
		}
	}
}

func entryNames(t *testing.T, dir string) []string {
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

// TestSwapRenames: the new site is at dir, and the old one beside it
// under a temporary name of this output's, which the caller removes and a
// later build would recognise.
func TestSwapRenames(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "site")
	tmp := filepath.Join(parent, TempName(TempPrefix(dir)))
	oldInfo := dirHolding(t, dir, "old")
	newInfo := dirHolding(t, tmp, "new")

	old, err := swapRenames(tmp, dir)
	if err != nil {
		t.Fatal(err)
	}
	isThe(t, "the new site", dir, newInfo, "new")
	isThe(t, "the old site", old, oldInfo, "old")
	if filepath.Dir(old) != parent || !strings.HasPrefix(filepath.Base(old), TempPrefix(dir)+"old-") || !IsTemp(filepath.Base(old), TempPrefix(dir)) {
		t.Errorf("the old site went to %s: not a temporary name of %s beside it", old, dir)
	}
	if got, want := entryNames(t, parent), []string{filepath.Base(old), "site"}; !slices.Equal(got, want) {
		t.Errorf("after the swap %v, want %v", got, want)
	}
}

// TestSwapRenamesFails: when the new site cannot be moved in (here it is
// gone), the old site is put back at dir, the error is the move's, and
// nothing is left beside it.
func TestSwapRenamesFails(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "site")
	oldInfo := dirHolding(t, dir, "old")

	old, err := swapRenames(filepath.Join(parent, TempName(TempPrefix(dir))), dir)
	if !errors.Is(err, fs.ErrNotExist) || old != "" {
		t.Errorf("swap of a missing new site: %q, %v", old, err)
	}
	isThe(t, "the old site", dir, oldInfo, "old")
	if got := entryNames(t, parent); !slices.Equal(got, []string{"site"}) {
		t.Errorf("after the failed swap %v beside nothing but the site", got)
	}
}

// TestSwapRenamesKilled: a build killed between swapRenames' two renames
// leaves the old site aside and dir missing; the next one (cleanStale)
// puts the old site back (a site: it has its mark) and removes the new
// one, which never went in.
func TestSwapRenamesKilled(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "site")
	tmp := filepath.Join(parent, TempName(TempPrefix(dir)))
	oldInfo := dirHolding(t, dir, "old")
	if err := os.WriteFile(filepath.Join(dir, MarkFile), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := writeTree(fileSet{"index.html": []byte("new")}, tmp, "test"); err != nil {
		t.Fatal(err)
	}
	old, err := swapRenames(tmp, dir)
	if err != nil {
		t.Fatal(err)
	}
	// Back to where the kill would have left things: the new site not
	// yet moved in.
	if err := os.Rename(dir, tmp); err != nil {
		t.Fatal(err)
	}

	o := &Out{dir: dir, tmpDir: parent, tmpPrefix: TempPrefix(dir)}
	if !o.cleanStale() {
		t.Error("cleanStale says it changed nothing")
	}
	isThe(t, "the old site", dir, oldInfo, "old")
	if got := entryNames(t, parent); !slices.Equal(got, []string{"site"}) {
		t.Errorf("after cleaning up %v beside nothing but the site (old site was at %s)", got, old)
	}
}

// TestRenameIfAbsent: the no-replace move of systems without
// RENAME_NOREPLACE refuses whatever is at the destination, with an error
// that is fs.ErrExist, and leaves both sides as they were. Linux's own
// moveNoReplace is held to the same contract.
func TestRenameIfAbsent(t *testing.T) {
	for _, move := range []struct {
		name string
		f    func(from, to string) error
	}{{"renameIfAbsent", renameIfAbsent}, {"moveNoReplace", moveNoReplace}} {
		t.Run(move.name, func(t *testing.T) {
			for _, from := range []string{"file", "folder"} {
				for _, to := range []string{"file", "folder", "empty folder", "dangling link", "link to a folder"} {
					t.Run(from+" onto "+to, func(t *testing.T) {
						parent := t.TempDir()
						src, dst := filepath.Join(parent, "from"), filepath.Join(parent, "to")
						mk := func(p, kind string) os.FileInfo {
							switch kind {
							case "file":
								must(t, os.WriteFile(p, []byte(p), 0o644))
							case "folder":
								dirHolding(t, p, p)
							case "empty folder":
								must(t, os.Mkdir(p, 0o755))
							case "dangling link", "link to a folder":
								must(t, os.Mkdir(p+"-target", 0o755))
								if err := os.Symlink(p+"-target", p); err != nil {
									t.Skipf("no links here: %v", err)
								}
								if kind == "dangling link" {
									must(t, os.Remove(p+"-target"))
								}
							}
							info, err := os.Lstat(p)
							must(t, err)
							return info
						}
						srcInfo, dstInfo := mk(src, from), mk(dst, to)

						err := move.f(src, dst)
						var le *os.LinkError
						if !errors.Is(err, fs.ErrExist) || !errors.As(err, &le) || le.Op != "rename" {
							t.Errorf("got %v, want a rename error that is fs.ErrExist", err)
						}
						isThe(t, "the source", src, srcInfo, "")
						isThe(t, "the destination", dst, dstInfo, "")
					})
				}
			}
			t.Run("nothing at the destination", func(t *testing.T) {
				parent := t.TempDir()
				src, dst := filepath.Join(parent, "from"), filepath.Join(parent, "to")
				srcInfo := dirHolding(t, src, "moved")
				if err := move.f(src, dst); err != nil {
					t.Fatal(err)
				}
				isThe(t, "the moved folder", dst, srcInfo, "moved")
				if _, err := os.Lstat(src); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("the source is still there (%v)", err)
				}
			})
			t.Run("destination cannot be looked at", func(t *testing.T) {
				parent := t.TempDir()
				src := filepath.Join(parent, "from")
				srcInfo := dirHolding(t, src, "kept")
				must(t, os.WriteFile(filepath.Join(parent, "file"), nil, 0o644))
				if err := move.f(src, filepath.Join(parent, "file", "to")); err == nil {
					t.Error("moved under a file")
				}
				isThe(t, "the source", src, srcInfo, "kept")
			})
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
