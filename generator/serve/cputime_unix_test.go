//go:build unix

package serve

import (
	"syscall"
	"time"
)

// cpuTime is the process's CPU time so far (user and system, every
// thread): the work a rebuild costs, whatever else the machine runs.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
