//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly || solaris || windows)

package write

import "os"

// These systems (AIX, Plan 9, WebAssembly) have no lock that the system
// drops when a process dies, and are no target of Briefing's: builds
// there are not kept apart.
const removeLockFile = true

func tryLock(f *os.File) error { return nil }

func unlock(f *os.File) {}
