package write

import (
	"os"
	"path/filepath"
)

// swapRenames moves the old site aside, then the new one in. A crash
// between the two leaves the old site beside dir under a temporary name
// (never deleted before the new one is in place).
func swapRenames(tmp, dir string) error {
	old := filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+tmpMarker+"old-"+random())
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		_ = os.Rename(old, dir)
		return err
	}
	return os.RemoveAll(old)
}
