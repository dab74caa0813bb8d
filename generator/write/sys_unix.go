//go:build unix

package write

import (
	"io/fs"
	"os"
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

// keepGroup gives path old's group, if the user may.
func keepGroup(path string, old fs.FileInfo) {
	if st, ok := old.Sys().(*syscall.Stat_t); ok {
		_ = os.Lchown(path, -1, int(st.Gid))
	}
}
