package srcfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Dir is one folder of the source whose files are read by name (a single
// path element). The content loader reads a kind's thousands of files
// this way: from the folder's own descriptor where the system allows it,
// one open, one stat, one or two reads and one close per file, where a
// path resolved from the source's root costs an open and a close per
// element, and listing the folder from a root a stat per entry.
type Dir interface {
	// ReadDir lists the folder, sorted by name, without following links.
	ReadDir() ([]fs.DirEntry, error)
	// ReadFile reads a regular file of the folder, refusing (with a
	// *ReadError) one that is larger than limit, a folder, or anything
	// but a regular file, whatever it was when the folder was listed.
	// The bytes are the caller's to keep but not to change: a DirFS may
	// hand the same bytes to every reader.
	ReadFile(name string, limit int64) ([]byte, error)
	Close() error
}

// ReadError is why ReadFile refused a file.
type ReadError struct {
	Size     int64 // the file's size, for TooLarge (-1: it grew while read)
	TooLarge bool
	IsDir    bool
	Special  bool // a named pipe, socket or device
}

func (e *ReadError) Error() string {
	switch {
	case e.TooLarge:
		return fmt.Sprintf("larger than the limit (%d bytes)", e.Size)
	case e.IsDir:
		return "is a folder"
	}
	return "not a regular file"
}

// DirFS is a file system that opens its folders itself (the preview
// server's snapshot of a source, which keeps what it has read).
type DirFS interface {
	fs.FS
	OpenDir(name string) (Dir, error)
}

// OpenDir opens folder name of fsys for reading its files by name. A
// source opened with Root reads them from the folder's descriptor, a
// DirFS its own way, any other file system by path.
func OpenDir(fsys fs.FS, name string) (Dir, error) {
	switch f := fsys.(type) {
	case *RootFS:
		return f.openDir(name)
	case DirFS:
		return f.OpenDir(name)
	}
	return &pathDir{fsys: fsys, dir: name}, nil
}

// pathDir reads through fsys by path.
type pathDir struct {
	fsys fs.FS
	dir  string
}

func (d *pathDir) ReadDir() ([]fs.DirEntry, error) { return fs.ReadDir(d.fsys, d.dir) }

func (d *pathDir) ReadFile(name string, limit int64) ([]byte, error) {
	return ReadLimited(d.fsys, path.Join(d.dir, name), limit)
}

func (d *pathDir) Close() error { return nil }

// ReadLimited reads file p of fsys, refusing (with a *ReadError) a file
// larger than limit, also one that grows past it while being read, a
// folder, and anything else but a regular file. It does not check p's
// links or kind before opening (see Check), so what it opens is checked
// after: from a RootFS without waiting, should it be a named pipe put
// there since (openNoWait); from another file system, opening a pipe
// waits for a writer.
func ReadLimited(fsys fs.FS, p string, limit int64) ([]byte, error) {
	var f fs.File
	var err error
	var buf *slab
	if r, ok := fsys.(*RootFS); ok {
		f, err = r.openNoWait(p)
		buf = r.slab
	} else {
		f, err = fsys.Open(p)
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	switch {
	case st.IsDir():
		return nil, &ReadError{IsDir: true}
	case !st.Mode().IsRegular():
		return nil, &ReadError{Special: true}
	}
	return readAll(st.Size(), limit, buf, f.Read)
}

// readAll reads a file of the given size to its end with read, into a
// buffer from buf.
func readAll(size, limit int64, buf *slab, read func([]byte) (int, error)) ([]byte, error) {
	if size > limit {
		return nil, &ReadError{TooLarge: true, Size: size}
	}
	// One byte more than the size, so that the read that finds the end
	// needs no second buffer.
	src := buf.make(size + 1)
	for {
		n, err := read(src[len(src):cap(src)])
		src = src[:len(src)+n]
		if err == io.EOF || (err == nil && n == 0) {
			if int64(len(src)) > limit { // grew past it while being read
				return nil, &ReadError{TooLarge: true, Size: -1}
			}
			return src, nil
		}
		if err != nil {
			return nil, err
		}
		if len(src) == cap(src) {
			if int64(len(src)) > limit {
				return nil, &ReadError{TooLarge: true, Size: -1}
			}
			src = append(src, 0)[:len(src)] // grew while being read
		}
	}
}

// RootFS is a source folder opened with os.OpenRoot: nothing read through
// it can lead outside the folder, whatever links or renames happen while
// a build runs. It is an fs.FS with every extension os.Root's has (links
// are read, not followed, by Lstat and ReadLink), and reads whole folders
// fast (OpenDir).
type RootFS struct {
	root *os.Root
	fsys fs.FS // root.FS()
	slab *slab // nil: files are read into the heap
}

// FromRoot reads a source folder through r, which stays the caller's to
// close. With once, the caller reads the source once and keeps what it
// read until it exits (a check): the files read with OpenDir or
// ReadLimited are then, on Linux, read into memory outside the collected
// heap, which is never freed (see slab).
func FromRoot(r *os.Root, once bool) *RootFS {
	fsys := &RootFS{root: r, fsys: r.FS()}
	if once {
		fsys.slab = &lasting
	}
	return fsys
}

// The methods of os.Root's fs.FS, forwarded one by one: an embedded
// fs.FS would hide them from the type assertions that look for them.
func (r *RootFS) Open(name string) (fs.File, error) { return r.fsys.Open(name) }
func (r *RootFS) ReadDir(name string) ([]fs.DirEntry, error) {
	return r.fsys.(fs.ReadDirFS).ReadDir(name)
}
func (r *RootFS) ReadFile(name string) ([]byte, error) {
	return r.fsys.(fs.ReadFileFS).ReadFile(name)
}
func (r *RootFS) Stat(name string) (fs.FileInfo, error) { return r.fsys.(fs.StatFS).Stat(name) }
func (r *RootFS) Lstat(name string) (fs.FileInfo, error) {
	return r.fsys.(fs.ReadLinkFS).Lstat(name)
}
func (r *RootFS) ReadLink(name string) (string, error) {
	return r.fsys.(fs.ReadLinkFS).ReadLink(name)
}

// openNoWait is Open, but a named pipe opens at once (oNonblock) instead
// of waiting for a writer, for the caller to refuse.
func (r *RootFS) openNoWait(name string) (fs.File, error) {
	// As os.Root's fs.FS: a \ would be a separator on Windows.
	if !fs.ValidPath(name) || (filepath.Separator == '\\' && strings.Contains(name, `\`)) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	f, err := r.root.OpenFile(name, os.O_RDONLY|oNonblock, 0)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// openPathDir is openDir where folders are not read from their
// descriptors (all but Linux): by path, from the root. It builds on every
// system so that Linux's tests run it too.
func (r *RootFS) openPathDir(name string) (Dir, error) {
	if _, err := r.Stat(name); err != nil {
		return nil, err
	}
	return &pathDir{fsys: r, dir: name}, nil
}

var errNotDir = errors.New("not a folder")
