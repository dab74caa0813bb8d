//go:build !linux

package write

import (
	"errors"
	"io/fs"
	"os"
)

// swap puts the complete new site at dir and says where the old one went
// ("" if there was none).
func swap(tmp, dir string) (old string, err error) {
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		return "", moveNoReplace(tmp, dir)
	}
	return swapRenames(tmp, dir)
}

// moveNoReplace renames from to to unless something is there.
func moveNoReplace(from, to string) error {
	return moveIfAbsent(from, to)
}
