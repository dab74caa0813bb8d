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

// Resolve returns path as the kernel will see it when Briefing writes
// there: absolute, every symbolic link followed and every "." and ".."
// taken in order (so "alias/.." is the parent of where alias points, not
// the folder alias sits in), trailing separators dropped. The part that
// does not exist yet is appended as written. Every check of an output
// path compares resolved paths, and everything is then written to the
// resolved path, so what was checked is what is written.
func Resolve(path string) (string, error) {
	if path == "" {
		return "", errors.New("empty path")
	}
	if !filepath.IsAbs(path) {
		wd, err := os.Getwd()
		if err != nil {
			return "", err
		}
		// Not filepath.Join, which would clean ".." against the text.
		path = wd + string(filepath.Separator) + path
	}
	// Each round resolves the longest part that exists; a ".." in the
	// part that does not exist is then cleaned against the resolved
	// path, and the result resolved again (it may now exist further).
	for range 64 {
		vol := filepath.VolumeName(path)
		parts := splitPath(path[len(vol):])
		for i := len(parts); i >= 0; i-- {
			prefix := vol + string(filepath.Separator) + strings.Join(parts[:i], string(filepath.Separator))
			real, err := filepath.EvalSymlinks(prefix)
			if err != nil {
				continue
			}
			if real, err = filepath.Abs(real); err != nil {
				return "", err
			}
			rest := parts[i:]
			if len(rest) == 0 {
				return real, nil
			}
			// The first missing part may be a link to nothing: writing
			// through it would fail or replace the link itself.
			first := filepath.Join(real, rest[0])
			if info, err := os.Lstat(first); err == nil && info.Mode()&fs.ModeSymlink != 0 {
				target, _ := os.Readlink(first)
				return "", &Refused{Path: first, Reason: "it is a symbolic link to " + target + ", which does not exist",
					Hint: "Make the folder it points to, or choose another --out."}
			}
			next := filepath.Join(append([]string{real}, rest...)...)
			if !slices.Contains(rest, "..") {
				return next, nil
			}
			path = next
			break
		}
	}
	return "", fmt.Errorf("%s: too many levels of symbolic links", path)
}

func splitPath(p string) []string {
	parts := strings.FieldsFunc(p, func(r rune) bool { return os.IsPathSeparator(uint8(r)) && r < 0x80 })
	return slices.DeleteFunc(parts, func(s string) bool { return s == "." })
}

// Source is what an output must stay clear of: the briefing's folder and
// the inputs in it (site.yaml, content/, templates/, static/), named
// relative to it, folders with a trailing slash.
type Source struct {
	Dir    string
	Inputs []string
}

// Guard refuses an output (a folder for build, a file for zip), resolved
// by Resolve, that would put the source at risk: the file-system root,
// the home folder or a folder holding it, the source folder or a folder
// holding it, or anything that is, holds or lies inside one of its
// inputs. An output inside the source folder is allowed as a folder (or
// file) of its own, like the default public/. Paths are compared both as
// resolved text and by identity (device and inode), which also catches
// a bind mount of the source and a case-insensitive file system. Guard
// only reads.
func Guard(out string, src Source) error {
	refuse := func(format string, args ...any) error {
		return &Refused{Path: out, Reason: fmt.Sprintf(format, args...), Hint: hintGuard}
	}
	if filepath.Dir(out) == out {
		return refuse("it is the root of the file system")
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		if h, err := Resolve(home); err == nil {
			switch {
			case same(out, h):
				return refuse("it is your home folder")
			case within(h, out):
				return refuse("it holds your home folder (%s)", h)
			}
		}
	}
	if src.Dir == "" {
		return nil
	}
	dir, err := Resolve(src.Dir)
	if err != nil {
		return err
	}
	switch {
	case same(out, dir):
		return refuse("it is the source folder")
	case within(dir, out):
		return refuse("it holds the source folder (%s)", dir)
	}
	for _, in := range src.Inputs {
		p, err := Resolve(filepath.Join(dir, in))
		if err != nil {
			continue
		}
		switch {
		case same(out, p):
			return refuse("it is the source's %s", in)
		case within(out, p):
			return refuse("it lies inside the source's %s (%s)", in, p)
		case within(p, out):
			return refuse("it holds the source's %s (%s)", in, p)
		}
	}
	return nil
}

// hintGuard is the way out of a refusal by Guard.
const hintGuard = "Choose another --out, a place of its own (the default, " +
	"in the source folder beside site.yaml, is one)."

// same reports whether a and b (resolved) name one file: the same text,
// or both exist and are the same file.
func same(a, b string) bool {
	if a == b {
		return true
	}
	ai, err1 := os.Stat(a)
	bi, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(ai, bi)
}

// within reports whether p (resolved) lies strictly inside dir.
func within(p, dir string) bool {
	for q := filepath.Dir(p); ; q = filepath.Dir(q) {
		if same(q, dir) {
			return true
		}
		if filepath.Dir(q) == q {
			return false
		}
	}
}
