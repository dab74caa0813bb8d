//go:build unix && !darwin && !freebsd && !netbsd

package write

import (
	"io/fs"
	"syscall"
)

// changeTime is when the file's data or attributes last changed: set by
// the kernel on every write, and not settable by a user.
func changeTime(info fs.FileInfo) int64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return st.Ctim.Nano()
	}
	return 0
}
