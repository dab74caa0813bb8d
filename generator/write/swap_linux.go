//go:build linux

package write

import (
	"errors"
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// swap puts the complete new site at dir and says where the old one went
// ("" if there was none). On Linux renameat2's RENAME_EXCHANGE swaps the
// two folders in one step, so there is no moment at which dir is missing
// or half-written: the old site ends up at tmp.
func swap(tmp, dir string) (old string, err error) {
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		return "", moveNoReplace(tmp, dir)
	}
	err = ignoringEINTR(func() error {
		return unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, dir, unix.RENAME_EXCHANGE)
	})
	if err != nil {
		// Some file systems lack RENAME_EXCHANGE: fall back to two renames.
		return swapRenames(tmp, dir)
	}
	return tmp, nil
}

// moveNoReplace renames from to to, failing rather than replacing
// anything at to.
func moveNoReplace(from, to string) error {
	err := ignoringEINTR(func() error {
		return unix.Renameat2(unix.AT_FDCWD, from, unix.AT_FDCWD, to, unix.RENAME_NOREPLACE)
	})
	if err == unix.EINVAL || err == unix.ENOSYS {
		// A file system without RENAME_NOREPLACE.
		return moveIfAbsent(from, to)
	}
	if err != nil {
		return &os.LinkError{Op: "rename", Old: from, New: to, Err: err}
	}
	return nil
}
