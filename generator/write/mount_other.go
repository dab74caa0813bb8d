//go:build !unix

package write

import (
	"io/fs"
	"os"
)

// mountCheck cannot tell mounts apart here. A volume mounted in a folder
// on Windows is a reparse point, which Lstat does not report as a plain
// folder: the walks that check and remove a site never enter one.
type mountCheck struct{}

func newMountCheck(root string, info fs.FileInfo) *mountCheck { return &mountCheck{} }

func (m *mountCheck) same(p string, info fs.FileInfo) bool { return true }

func changeTime(info fs.FileInfo) int64 { return 0 }

// folder says what p is (without following a link) and whether it is on
// the root's file system.
func (m *mountCheck) folder(p string) (fs.FileMode, bool, error) {
	info, err := os.Lstat(p)
	if err != nil {
		return 0, false, err
	}
	return info.Mode().Type(), m.same(p, info), nil
}
