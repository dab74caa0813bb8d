//go:build !unix

package build

import "errors"

const oNonblock = 0

// mkfifo: Windows has no named pipes in the file system; the test that
// needs one skips.
func mkfifo(p string) error { return errors.New("no named pipes in this file system") }
