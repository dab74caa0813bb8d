//go:build unix

package build

import "syscall"

const oNonblock = syscall.O_NONBLOCK

func mkfifo(p string) error { return syscall.Mkfifo(p, 0o644) }
