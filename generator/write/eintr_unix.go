//go:build unix

package write

import "golang.org/x/sys/unix"

// ignoringEINTR retries a system call that a signal interrupted.
func ignoringEINTR(f func() error) error {
	for {
		if err := f(); err != unix.EINTR {
			return err
		}
	}
}
