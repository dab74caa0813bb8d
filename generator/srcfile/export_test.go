package srcfile

// OpenPathDir is the folder reader of systems other than Linux, for
// Linux's tests to run it.
func OpenPathDir(r *RootFS, name string) (Dir, error) { return r.openPathDir(name) }
