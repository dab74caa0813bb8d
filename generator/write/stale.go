package write

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// cleanStale deals with the temporary folders of builds that were killed
// (the caller holds the lock, so their owners are gone): a previous site
// moved aside by a swap cut short is put back, and the rest are removed
// as removeTemp says. It reports whether it changed what is in the
// output.
func (o *Out) cleanStale() (changed bool) {
	if o.mount {
		return o.cleanStaleInside()
	}
	entries, err := os.ReadDir(o.tmpDir)
	if err != nil {
		return false
	}
	var temps []string
	for _, e := range entries {
		if e.IsDir() && IsTemp(e.Name(), o.tmpPrefix) {
			temps = append(temps, e.Name())
		}
	}
	if _, err := os.Lstat(o.dir); errors.Is(err, os.ErrNotExist) {
		for i, name := range temps {
			// Only what a build swaps out, a site (it has a mark) or an
			// empty folder: a folder of someone else's that merely has
			// the name stays where it is.
			p := filepath.Join(o.tmpDir, name)
			if !strings.HasPrefix(name, o.tmpPrefix+"old-") {
				continue
			}
			_, markErr := os.Lstat(filepath.Join(p, MarkFile))
			if entries, _ := os.ReadDir(p); markErr != nil && len(entries) > 0 {
				continue
			}
			if moveNoReplace(p, o.dir) == nil {
				temps = append(temps[:i], temps[i+1:]...)
				changed = true
				break
			}
		}
	}
	for _, name := range temps {
		changed = o.removeTemp(filepath.Join(o.tmpDir, name)) || changed
	}
	return changed
}

// hasTemps reports whether there are temporary folders of this output
// about, left by a killed build or being written by a live one.
func (o *Out) hasTemps() bool {
	entries, _ := os.ReadDir(o.tmpDir)
	return slices.ContainsFunc(entries, func(e fs.DirEntry) bool { return IsTemp(e.Name(), o.tmpPrefix) })
}

// removeTemp removes a temporary folder a killed build left. One still
// being written (it holds writingFile) is a new site cut short, all of it
// the build's own; one that carries a mark is a whole site (a new one
// never swapped in, or an old one swapped out): it is removed file by
// file from its mark. One with neither is not known to be a build's:
// only its empty folders go, and what is left is reported. A .git in it goes back to the output folder if
// that has none (which is reported as a change to the output).
func (o *Out) removeTemp(p string) (changed bool) {
	files, err := readMark(p)
	_, werr := os.Lstat(filepath.Join(p, writingFile))
	whole := werr == nil
	if _, gerr := os.Lstat(filepath.Join(p, gitDir)); gerr == nil && (whole || err == nil) {
		changed = moveNoReplace(filepath.Join(p, gitDir), filepath.Join(o.dir, gitDir)) == nil
	}
	left, err := removeSite(p, files, nil, whole)
	if err != nil {
		o.warn(fmt.Sprintf("removing %s, left by an earlier build: %v", p, err))
	}
	if len(left) > 0 {
		o.warn(keptMessage(p, left))
	}
	return changed
}

// An output folder that is a mount point cannot be renamed: its contents
// are replaced instead, in two moves inside it. First every entry of the
// old site goes into a folder tmpMarker+"old-"+id, its mark last; then
// every entry of the new site (written in tmpMarker+id) comes out into
// the output, its mark last. The marks say how far a killed build got,
// and the next one finishes or undoes its work (recoverContents).

// replaceContents puts the new site at tmp in place of the old one, inside
// the output, and says where the old one went.
func (o *Out) replaceContents(tmp, id string) (string, error) {
	old := filepath.Join(o.dir, tmpMarker+"old-"+id)
	if err := os.Mkdir(old, 0o755); err != nil {
		removeSite(tmp, nil, nil, true)
		return "", err
	}
	err := moveEntries(o.dir, old, o.siteEntry)
	if err == nil {
		err = moveEntries(tmp, o.dir, nil)
	}
	if err != nil {
		o.recoverContents(id)
		return "", err
	}
	os.Remove(tmp)
	return old, nil
}

// siteEntry reports whether a top-level entry of an output that is a
// mount point belongs to the site (not to the build, the file system or
// git).
func (o *Out) siteEntry(name string) bool {
	return name != gitDir && !o.skip(name)
}

// moveEntries moves the entries of from for which keep is true (all if
// keep is nil) into to, the mark last, replacing nothing.
func moveEntries(from, to string, keep func(string) bool) error {
	entries, err := os.ReadDir(from)
	if err != nil {
		return err
	}
	mark := false
	for _, e := range entries {
		switch {
		case keep != nil && !keep(e.Name()):
		case e.Name() == MarkFile:
			mark = true
		default:
			if err := moveNoReplace(filepath.Join(from, e.Name()), filepath.Join(to, e.Name())); err != nil {
				return err
			}
		}
	}
	if mark {
		return moveNoReplace(filepath.Join(from, MarkFile), filepath.Join(to, MarkFile))
	}
	return nil
}

// cleanStaleInside is cleanStale for an output that is a mount point:
// replacements cut short are finished or undone, then the temporary
// folders left are removed.
func (o *Out) cleanStaleInside() (changed bool) {
	entries, err := os.ReadDir(o.dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if id, ok := strings.CutPrefix(e.Name(), tmpMarker+"old-"); ok && IsTemp(e.Name(), tmpMarker) {
			o.recoverContents(id)
			changed = true
		}
	}
	entries, _ = os.ReadDir(o.dir)
	for _, e := range entries {
		if e.IsDir() && IsTemp(e.Name(), tmpMarker) {
			o.removeTemp(filepath.Join(o.dir, e.Name()))
		}
	}
	return changed
}

// recoverContents finishes or undoes the replacement id, cut short. If the
// output carries a mark and the old site's folder does too, the new site
// is in and the old one was being removed: the removal is finished. If
// only the output carries one, the old site was being moved aside: it is
// moved back. Otherwise the new site was being moved in: it is moved out
// again and the old site back, so that the output holds the previous site
// as it was.
func (o *Out) recoverContents(id string) {
	old := filepath.Join(o.dir, tmpMarker+"old-"+id)
	tmp := filepath.Join(o.dir, tmpMarker+id)
	_, oldErr := readMark(old)
	_, dirErr := readMark(o.dir)
	oldMarked, dirMarked := oldErr == nil, dirErr == nil
	switch {
	case oldMarked && dirMarked:
		o.removeTemp(old)
		return
	case !dirMarked:
		// The new site was being moved in: its mark, which goes last, is
		// still in tmp. Without it, what the output holds is not the
		// build's to move (a site whose mark someone removed, files of
		// theirs), and everything is left as it is.
		if _, err := readMark(tmp); err != nil {
			o.warn(fmt.Sprintf("a replacement of %s was cut short, and what is in it now is not the new site: it and %s are left as they are", o.dir, old))
			return
		}
		if err := moveEntries(o.dir, tmp, o.siteEntry); err != nil {
			o.warn(fmt.Sprintf("undoing a replacement of %s cut short: %v", o.dir, err))
			return
		}
	}
	if err := moveEntries(old, o.dir, nil); err != nil {
		o.warn(fmt.Sprintf("putting back the previous site of %s from %s: %v", o.dir, old, err))
		return
	}
	os.Remove(old)
	o.removeTemp(tmp)
}
