package write

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// swap puts the complete new site at dir and says where the old one went
// ("" if there was none). Where the two folders can be exchanged in one
// step (exchange), there is no moment at which dir is missing or
// half-written: the old site ends up at tmp. Elsewhere, and on file
// systems that cannot, it takes two renames (swapRenames).
func swap(tmp, dir string) (old string, err error) {
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		return "", moveNoReplace(tmp, dir)
	}
	if exchange(tmp, dir) == nil {
		return tmp, nil
	}
	return swapRenames(tmp, dir)
}

// swapRenames moves the old site aside, then the new one in, and says
// where the old one went. A crash between the two leaves the old site
// beside dir under a temporary name (never deleted before the new one is
// in place), which the next build puts back.
func swapRenames(tmp, dir string) (string, error) {
	old := filepath.Join(filepath.Dir(dir), TempName(TempPrefix(dir)+"old-"))
	if err := os.Rename(dir, old); err != nil {
		return "", err
	}
	if err := moveNoReplace(tmp, dir); err != nil {
		_ = moveNoReplace(old, dir)
		return "", err
	}
	return old, nil
}

// moveNoReplace renames from to to, failing rather than replacing
// anything at to.
func moveNoReplace(from, to string) error {
	if err := renameNoReplace(from, to); !errors.Is(err, errors.ErrUnsupported) {
		return err
	}
	return renameIfAbsent(from, to)
}

// renameIfAbsent is moveNoReplace where the system cannot refuse to
// replace (renameNoReplace): macOS, Windows, and Linux file systems
// without RENAME_NOREPLACE. It renames only if nothing is at to, and
// something could still appear between the look and the rename.
func renameIfAbsent(from, to string) error {
	if _, err := os.Lstat(to); !errors.Is(err, fs.ErrNotExist) {
		if err == nil {
			err = fs.ErrExist
		}
		return &os.LinkError{Op: "rename", Old: from, New: to, Err: err}
	}
	return os.Rename(from, to)
}
