//go:build !linux

package srcfile

// openDir reads by path from the root elsewhere than Linux.
func (r *RootFS) openDir(name string) (Dir, error) {
	if _, err := r.Stat(name); err != nil {
		return nil, err
	}
	return &pathDir{fsys: r, dir: name}, nil
}
