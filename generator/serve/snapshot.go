package serve

import (
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"briefing/generator/srcfile"
	"briefing/generator/watch"
)

// snapshot is the source folder as builds have read it: each folder read
// by name (a kind's folder of content files) keeps its listing and the
// files read from it, until the watcher reports a change to them. A
// rebuild after a one-line edit then reads one file from the disk, not
// 11,000, and gets the very bytes it got last time for the others, which
// the build's memo compares at once.
//
// Nothing reached through a symbolic link is kept: the watcher reports a
// change where a link leads under the link's path, but a link changed to
// lead elsewhere changes every file below it at once. Everything else (site.yaml, templates, static files, the
// content/ folder itself) is read from the source every time: a few
// files.
type snapshot struct {
	src fs.FS

	mu   sync.Mutex
	dirs map[string]*keptDir // by folder path
}

// keptDir is what has been read of one folder.
type keptDir struct {
	mu      sync.Mutex
	listing []fs.DirEntry // nil until listed
	files   map[string][]byte
}

func newSnapshot(src fs.FS) *snapshot {
	return &snapshot{src: src, dirs: map[string]*keptDir{}}
}

// invalidate forgets what b changed: a changed path's file, the listing
// of the folder holding it, and everything below it.
func (s *snapshot) invalidate(b watch.Batch) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b.Rescan {
		s.dirs = map[string]*keptDir{}
		return
	}
	for _, p := range b.Paths {
		for dir, kd := range s.dirs {
			switch {
			case dir == p || strings.HasPrefix(dir, p+"/"):
				delete(s.dirs, dir)
			case dir == path.Dir(p):
				kd.mu.Lock()
				if !s.stillListed(kd.listing, p) {
					kd.listing = nil
				}
				delete(kd.files, path.Base(p))
				kd.mu.Unlock()
			}
		}
	}
}

// stillListed reports whether listing, of the folder holding p, is still
// true of p after a change to it: p is listed as a regular file and still
// is one. An edit changes a file, not its folder's listing, and listing a
// kind's 10,000 files is a good part of a rebuild.
func (s *snapshot) stillListed(listing []fs.DirEntry, p string) bool {
	name := path.Base(p)
	i, found := slices.BinarySearchFunc(listing, name, func(e fs.DirEntry, name string) int { return strings.Compare(e.Name(), name) })
	if !found || !listing[i].Type().IsRegular() {
		return false
	}
	st, err := fs.Lstat(s.src, p)
	return err == nil && st.Mode().IsRegular()
}

// OpenDir opens folder name, keeping what is read from it unless a link
// leads there.
func (s *snapshot) OpenDir(name string) (srcfile.Dir, error) {
	if s.throughLink(name) {
		return srcfile.OpenDir(s.src, name)
	}
	s.mu.Lock()
	kd := s.dirs[name]
	if kd == nil {
		kd = &keptDir{files: map[string][]byte{}}
		s.dirs[name] = kd
	}
	s.mu.Unlock()
	return &snapDir{src: s.src, name: name, kept: kd}, nil
}

// throughLink reports whether a symbolic link is met on the way to name.
func (s *snapshot) throughLink(name string) bool {
	rl, ok := s.src.(fs.ReadLinkFS)
	if !ok {
		return false
	}
	for p := name; p != "." && p != "/" && p != ""; p = path.Dir(p) {
		if st, err := rl.Lstat(p); err != nil || st.Mode()&fs.ModeSymlink != 0 {
			return true // a link, or gone: not to be kept
		}
	}
	return false
}

// snapDir is a folder of the snapshot: what was kept of it, and the
// source's folder, opened when something must be read.
type snapDir struct {
	src  fs.FS
	name string
	kept *keptDir

	once sync.Once
	dir  srcfile.Dir
	err  error
}

func (d *snapDir) open() (srcfile.Dir, error) {
	d.once.Do(func() { d.dir, d.err = srcfile.OpenDir(d.src, d.name) })
	return d.dir, d.err
}

func (d *snapDir) ReadDir() ([]fs.DirEntry, error) {
	d.kept.mu.Lock()
	l := d.kept.listing
	d.kept.mu.Unlock()
	if l != nil {
		return l, nil
	}
	dir, err := d.open()
	if err != nil {
		return nil, err
	}
	l, err = dir.ReadDir()
	if err == nil && l != nil {
		d.kept.mu.Lock()
		d.kept.listing = l
		d.kept.mu.Unlock()
	}
	return l, err
}

func (d *snapDir) ReadFile(name string, limit int64) ([]byte, error) {
	d.kept.mu.Lock()
	data, ok := d.kept.files[name]
	d.kept.mu.Unlock()
	if ok && int64(len(data)) <= limit {
		return data, nil
	}
	dir, err := d.open()
	if err != nil {
		return nil, err
	}
	data, err = dir.ReadFile(name, limit)
	if err == nil {
		d.kept.mu.Lock()
		d.kept.files[name] = data
		d.kept.mu.Unlock()
	}
	return data, err
}

func (d *snapDir) Close() error {
	d.once.Do(func() {}) // nothing opened from now on
	if d.dir != nil {
		return d.dir.Close()
	}
	return nil
}

// The snapshot is read as the source is, through every extension of
// fs.FS the source has (links are checked with Lstat and ReadLink).

func (s *snapshot) Open(name string) (fs.File, error) { return s.src.Open(name) }

func (s *snapshot) Stat(name string) (fs.FileInfo, error) { return fs.Stat(s.src, name) }

func (s *snapshot) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(s.src, name) }

func (s *snapshot) ReadFile(name string) ([]byte, error) { return fs.ReadFile(s.src, name) }

func (s *snapshot) Lstat(name string) (fs.FileInfo, error) { return fs.Lstat(s.src, name) }

func (s *snapshot) ReadLink(name string) (string, error) { return fs.ReadLink(s.src, name) }
