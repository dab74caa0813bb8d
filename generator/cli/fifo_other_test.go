//go:build !unix

package cli

import "testing"

// mkfifo skips the case: this system has no named pipes in folders.
func mkfifo(t *testing.T, p string) {
	t.Skip("no named pipes on this system")
}
