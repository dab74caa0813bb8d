//go:build !linux

package srcfile

// openDir reads by path from the root elsewhere than Linux.
func (r *RootFS) openDir(name string) (Dir, error) { return r.openPathDir(name) }
