//go:build unix

package cli

import (
	"syscall"
	"testing"
)

// mkfifo makes a named pipe: opening one to read waits for a writer, so a
// build that opened it would never end.
func mkfifo(t *testing.T, p string) {
	t.Helper()
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Fatal(err)
	}
}
