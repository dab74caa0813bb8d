package srcfile

import (
	"io/fs"
	"os"
	"slices"
	"strings"

	"golang.org/x/sys/unix"
)

// openDir opens the folder inside the root (so a link on the way cannot
// lead out) and then works from its descriptor with names of one element
// opened with O_NOFOLLOW: nothing read can be outside the folder.
func (r *RootFS) openDir(name string) (Dir, error) {
	f, err := r.root.Open(name)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.IsDir() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: errNotDir}
	}
	return &fdDir{f: f, fd: int(f.Fd()), name: name, slab: r.slab}, nil
}

type fdDir struct {
	f    *os.File
	fd   int
	name string
	slab *slab
}

func (d *fdDir) ReadDir() ([]fs.DirEntry, error) {
	// A fresh descriptor of the folder, not opened in a root: os.File
	// then takes each entry's type from the listing itself instead of a
	// stat per entry.
	fd, err := unix.Openat(d.fd, ".", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: d.name, Err: err}
	}
	f := os.NewFile(uintptr(fd), d.name)
	defer f.Close()
	es, err := f.ReadDir(-1) // in the folder's own order
	// Sorted by name, as fs.ReadDir: the order files are loaded in
	// decides ties (two claims quoting the same words), so it must not
	// depend on the file system.
	slices.SortFunc(es, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return es, err
}

func (d *fdDir) ReadFile(name string, limit int64) ([]byte, error) {
	// O_NONBLOCK: a named pipe put in the file's place since the folder
	// was listed opens at once (and is refused below) instead of waiting
	// for a writer. O_NOFOLLOW: so is a link.
	var fd int
	var err error = unix.EINTR
	for err == unix.EINTR { // a signal came first: open again
		fd, err = unix.Openat(d.fd, name, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_NOCTTY, 0)
	}
	if err != nil {
		if err == unix.ELOOP {
			return nil, &ReadError{Special: true}
		}
		return nil, &fs.PathError{Op: "open", Path: d.name + "/" + name, Err: err}
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: d.name + "/" + name, Err: err}
	}
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFREG:
	case unix.S_IFDIR:
		return nil, &ReadError{IsDir: true}
	default:
		return nil, &ReadError{Special: true}
	}
	return readAll(st.Size, limit, d.slab, func(b []byte) (int, error) {
		for {
			n, err := unix.Read(fd, b)
			if err == unix.EINTR {
				continue
			}
			if err != nil {
				return 0, &fs.PathError{Op: "read", Path: d.name + "/" + name, Err: err}
			}
			return n, nil
		}
	})
}

func (d *fdDir) Close() error { return d.f.Close() }
