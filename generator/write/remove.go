package write

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// removeSite removes a site Briefing wrote, in the temporary folder dir:
// the regular files that files lists, or, when all is true, every file
// (a new site a killed build was writing: all of it its own). The mark
// goes last, and only if nothing else is left, so that a folder whose
// removal was cut short is still recognised. It never follows a symbolic
// link (every step is taken inside an os.Root of the folder), never
// enters another file system mounted inside dir, never removes a .git,
// and removes a folder only once empty. A listed file goes only as it
// was written: as the build last found it (checked), or, without checked,
// as its mark sums it; an edit made since is kept. It returns what it
// left as not the build's (left), and, as err, what it could not remove.
func removeSite(dir string, files map[string]sum, checked map[string]fs.FileInfo, all bool) (left []string, err error) {
	rootInfo, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	mounts := newMountCheck(dir, rootInfo)
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	keep := func(rel string, t fs.FileMode) {
		left = append(left, describe(rel, t, ""))
	}
	changed := func(r *os.Root, name, rel string) bool {
		switch {
		case all:
			return false // a new site cut short: every file the build's
		case checked != nil:
			// The old site is removed after the new one is in place, a
			// moment after its last check: what changed in that moment
			// (a page the user was editing) is theirs. Not by its change
			// time, as in the check: in an output that is a mount point,
			// the old site's files were moved aside since, which moves it.
			was := checked[rel]
			now, err := r.Lstat(name)
			return err == nil && (was == nil || !os.SameFile(was, now) || was.Size() != now.Size() || !was.ModTime().Equal(now.ModTime()))
		default:
			// A folder an earlier build left: nothing says its files are
			// as written (it may have kept one a user edited), so each is
			// read and compared with its sum.
			f, err := r.Open(name)
			if err != nil {
				return !errors.Is(err, fs.ErrNotExist) // unread, not known to be the build's
			}
			defer f.Close()
			_, differ, err := fileDiffers(f, files[rel])
			return err != nil || differ
		}
	}
	// What could not be removed is Briefing's own, not kept on purpose:
	// told apart, the first of it by name.
	var failed []string
	var first error
	fail := func(rel string, err error) {
		if first == nil {
			if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
				err = pe.Err // the path is rel
			}
			first = err
		}
		failed = append(failed, rel)
	}
	failure := func() error {
		if first == nil {
			return nil
		}
		more := ""
		if len(failed) > 1 {
			more = fmt.Sprintf(" and %d more", len(failed)-1)
		}
		return fmt.Errorf("could not remove %s%s: %w", failed[0], more, first)
	}
	// remove removes name from the folder r. A folder of the site made
	// read-only (chmod 555) is made writable again by its owner first:
	// its files would otherwise stay, reported by every later build.
	remove := func(r *os.Root, name string) error {
		err := r.Remove(name)
		if errors.Is(err, fs.ErrPermission) {
			if info, serr := r.Stat("."); serr == nil && info.Mode().Perm()&0o200 == 0 && r.Chmod(".", info.Mode().Perm()|0o200) == nil {
				err = r.Remove(name)
			}
		}
		return err
	}
	var walk func(r *os.Root, rel string) (empty bool)
	walk = func(r *os.Root, rel string) bool {
		f, err := r.Open(".")
		if err != nil {
			fail(rel, err)
			return false
		}
		entries, err := f.ReadDir(-1)
		f.Close()
		empty := err == nil
		if err != nil {
			fail(rel, err)
		}
		for _, e := range entries {
			name := e.Name()
			p := path.Join(rel, name)
			_, listed := files[p]
			if rel == "" && name == MarkFile {
				continue
			}
			if rel == "" && name == gitDir {
				keep(p, e.Type())
				empty = false
				continue
			}
			switch {
			case e.IsDir():
				info, err := r.Lstat(name)
				if err != nil || !info.IsDir() || !mounts.same(filepath.Join(dir, filepath.FromSlash(p)), info) {
					keep(p, e.Type())
					empty = false
					continue
				}
				sub, err := r.OpenRoot(name)
				if err != nil {
					fail(p, err)
					empty = false
					continue
				}
				subEmpty := walk(sub, p)
				sub.Close()
				if !subEmpty {
					empty = false
				} else if err := remove(r, name); err != nil {
					fail(p, err)
					empty = false
				}
			case e.Type().IsRegular() && (all || listed) && changed(r, name, p):
				left = append(left, describe(p, e.Type(), "changed since Briefing wrote it"))
				empty = false
			case e.Type().IsRegular() && (all || listed):
				if err := remove(r, name); err != nil && !errors.Is(err, fs.ErrNotExist) {
					fail(p, err)
					empty = false
				}
			default:
				keep(p, e.Type())
				empty = false
			}
		}
		return empty
	}
	if !walk(root, "") {
		return left, failure()
	}
	if err := root.Remove(MarkFile); err != nil && !errors.Is(err, fs.ErrNotExist) {
		fail(MarkFile, err)
		return nil, failure()
	}
	root.Close()
	if err := os.Remove(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		fail(".", err)
		return nil, failure()
	}
	return nil, nil
}
