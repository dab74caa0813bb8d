//go:build !unix

package write

import "io/fs"

// Mounts cannot be told apart here. A volume mounted in a folder on
// Windows is a reparse point, which Lstat does not report as a plain
// folder: the walks that check and remove a site never enter one.
func sameDevice(a, b fs.FileInfo) bool { return true }

func changeTime(info fs.FileInfo) int64 { return 0 }

// keepGroup: files here have no group to keep.
func keepGroup(path string, old fs.FileInfo) {}
