//go:build !linux

package write

import "errors"

// Only Linux exchanges two folders, or refuses to replace a file, in one
// rename.

func exchange(a, b string) error { return errors.ErrUnsupported }

func renameNoReplace(from, to string) error { return errors.ErrUnsupported }
