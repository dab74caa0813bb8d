package write

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// swapRenames moves the old site aside, then the new one in, and says
// where the old one went. A crash between the two leaves the old site
// beside dir under a temporary name (never deleted before the new one is
// in place), which the next build puts back.
func swapRenames(tmp, dir string) (string, error) {
	old := filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+tmpMarker+"old-"+random())
	if err := os.Rename(dir, old); err != nil {
		return "", err
	}
	if err := moveNoReplace(tmp, dir); err != nil {
		_ = moveNoReplace(old, dir)
		return "", err
	}
	return old, nil
}

// moveIfAbsent renames from to to if nothing is at to. (Between the look
// and the rename something could still appear: only where the system
// cannot refuse to replace.)
func moveIfAbsent(from, to string) error {
	if _, err := os.Lstat(to); !errors.Is(err, fs.ErrNotExist) {
		if err == nil {
			err = fs.ErrExist
		}
		return &os.LinkError{Op: "rename", Old: from, New: to, Err: err}
	}
	return os.Rename(from, to)
}
