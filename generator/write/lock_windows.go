//go:build windows

package write

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// Windows cannot remove a file another process has open without leaving
// it pending deletion, which would keep others from opening it: the lock
// file stays.
const removeLockFile = false

// lockOffset is where the locked byte lies: past anything in the file, so
// that a waiting process can still read who holds it (Windows locks are
// mandatory).
const lockOffset = 1 << 62

// tryLock takes a LockFileEx lock, which Windows releases when the
// process ends.
func tryLock(f *os.File) error {
	ol := &windows.Overlapped{Offset: lockOffset & 0xffffffff, OffsetHigh: lockOffset >> 32}
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		return errBusy
	}
	return err
}

func unlock(f *os.File) {
	ol := &windows.Overlapped{Offset: lockOffset & 0xffffffff, OffsetHigh: lockOffset >> 32}
	_ = windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, ol)
}
