//go:build !unix

package cli

import "testing"

// mkfifo: Windows has no named pipes in the file system, so the cases
// that need one do not apply there.
func mkfifo(t *testing.T, p string) {
	t.Helper()
	t.Skip("no named pipes in this file system")
}
