// Package srcfile reads files of a briefing's source folder safely: a
// symbolic link may not lead outside the folder (a link in static/ to
// ~/.ssh/id_ed25519 would publish the key), and only regular files are
// opened (opening a named pipe waits for a writer forever). Every reader
// of the source (content, site.yaml, templates, static files, the map
// outline) goes through Check.
package srcfile

import (
	"errors"
	"io/fs"
	"path"
	"strings"
)

// maxHops bounds the links followed, as the kernel's ELOOP does.
const maxHops = 40

// Check returns what is wrong with reading p from fsys as a file, or ""
// if nothing is. A file system that cannot read links (embed.FS,
// fstest.MapFS) has none to check.
func Check(fsys fs.FS, p string) string {
	if msg := CheckLink(fsys, p); msg != "" {
		return msg
	}
	st, err := fs.Stat(fsys, p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "" // the reader says "not found" in its own words
		}
		return "cannot read: " + CleanErr(err)
	}
	switch {
	case st.IsDir():
		return "is a folder, not a file"
	case !st.Mode().IsRegular():
		return "not a regular file (a named pipe, socket or device)"
	}
	return ""
}

// CheckLink refuses a symbolic link that points outside the source folder
// or in a loop; a link inside the folder is followed like a plain file.
// Only the last element of p is looked at: the folders above it were met
// as links by the walk that found p, and checked there.
func CheckLink(fsys fs.FS, p string) string {
	rl, ok := fsys.(fs.ReadLinkFS)
	if !ok {
		return ""
	}
	cur := p
	for range maxHops {
		st, err := rl.Lstat(cur)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && cur == p {
				return ""
			}
			return "cannot read: " + CleanErr(err)
		}
		if st.Mode()&fs.ModeSymlink == 0 {
			return ""
		}
		target, err := rl.ReadLink(cur)
		if err != nil {
			return "cannot read symbolic link: " + CleanErr(err)
		}
		if strings.HasPrefix(target, "/") || path.IsAbs(target) {
			return "symbolic link points outside the source folder (" + target + ")"
		}
		next := path.Join(path.Dir(cur), target)
		if next == ".." || strings.HasPrefix(next, "../") {
			return "symbolic link points outside the source folder (" + target + ")"
		}
		cur = next
	}
	return "symbolic link loop"
}

// ReadFile reads p after Check; problem is Check's answer, err the read's.
func ReadFile(fsys fs.FS, p string) (data []byte, problem string, err error) {
	if msg := Check(fsys, p); msg != "" {
		return nil, msg, nil
	}
	data, err = fs.ReadFile(fsys, p)
	return data, "", err
}

// CleanErr drops the operation and path a *fs.PathError repeats: the
// diagnostic names the file already.
func CleanErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
