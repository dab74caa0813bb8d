//go:build !linux

package write

import (
	"io/fs"
	"os"
)

// mountCheck tells whether folders are on the same file system as a root
// folder, by their device numbers.
type mountCheck struct {
	rootInfo fs.FileInfo
}

func newMountCheck(root string, info fs.FileInfo) *mountCheck {
	return &mountCheck{rootInfo: info}
}

// same reports whether the folder p, of which Lstat said info, is on the
// root's file system.
func (m *mountCheck) same(p string, info fs.FileInfo) bool {
	return sameDevice(m.rootInfo, info)
}

// folder says what p is (without following a link) and whether it is on
// the root's file system.
func (m *mountCheck) folder(p string) (fs.FileMode, bool, error) {
	info, err := os.Lstat(p)
	if err != nil {
		return 0, false, err
	}
	return info.Mode().Type(), m.same(p, info), nil
}
