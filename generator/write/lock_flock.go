//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly || solaris

package write

import (
	"os"

	"golang.org/x/sys/unix"
)

const removeLockFile = true

// tryLock takes an flock(2) lock, which the kernel drops when the last
// descriptor of the file closes, including when the process is killed.
func tryLock(f *os.File) error {
	err := ignoringEINTR(func() error { return unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB) })
	if err == unix.EWOULDBLOCK {
		return errBusy
	}
	return err
}

func unlock(f *os.File) {
	_ = unix.Flock(int(f.Fd()), unix.LOCK_UN)
}
