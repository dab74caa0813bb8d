//go:build unix

package write

import (
	"io/fs"
	"syscall"

	"golang.org/x/sys/unix"
)

// ignoringEINTR retries a system call that a signal interrupted.
func ignoringEINTR(f func() error) error {
	for {
		if err := f(); err != unix.EINTR {
			return err
		}
	}
}

// sameDevice reports whether two files are on the same file system, by
// their device numbers (true when they are not known).
func sameDevice(a, b fs.FileInfo) bool {
	sa, okA := a.Sys().(*syscall.Stat_t)
	sb, okB := b.Sys().(*syscall.Stat_t)
	return !okA || !okB || sa.Dev == sb.Dev
}
