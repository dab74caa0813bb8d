//go:build !linux

package write

import (
	"errors"
	"io/fs"
	"os"
)

func swap(tmp, dir string) error {
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(tmp, dir)
	}
	return swapRenames(tmp, dir)
}
