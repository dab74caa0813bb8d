//go:build linux

package write

import (
	"errors"
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// swap puts the complete new site at dir. On Linux renameat2's
// RENAME_EXCHANGE swaps the two folders in one step, so there is no moment
// at which dir is missing or half-written; the old site, now at tmp, is
// then removed.
func swap(tmp, dir string) error {
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(tmp, dir)
	}
	err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, dir, unix.RENAME_EXCHANGE)
	if err != nil {
		// Some file systems lack RENAME_EXCHANGE: fall back to two renames.
		return swapRenames(tmp, dir)
	}
	return os.RemoveAll(tmp)
}
