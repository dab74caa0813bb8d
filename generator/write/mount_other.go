//go:build !unix

package write

import "io/fs"

// mountCheck cannot tell mounts apart here. A volume mounted in a folder
// on Windows is a reparse point, which Lstat does not report as a plain
// folder: the walks that check and remove a site never enter one.
type mountCheck struct{}

func newMountCheck(root string, info fs.FileInfo) *mountCheck { return &mountCheck{} }

func (m *mountCheck) same(p string, info fs.FileInfo) bool { return true }

func changeTime(info fs.FileInfo) int64 { return 0 }
