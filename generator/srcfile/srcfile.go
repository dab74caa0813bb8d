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

// The parts of a source folder a build reads: the settings file at its
// root, and the folders of content, templates and static files. The
// stages that read them name them by these, and so does the watcher.
const (
	SiteFile     = "site.yaml"
	ContentDir   = "content"
	TemplatesDir = "templates"
	StaticDir    = "static"
)

// Tops lists the parts of a source folder a build reads.
var Tops = []string{SiteFile, ContentDir, TemplatesDir, StaticDir}

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

// CheckLink refuses a path that a symbolic link leads outside the source
// folder, or into a loop; links that stay inside are followed like plain
// files and folders. The path is resolved one element at a time, as the
// kernel does: a link met anywhere in it (a linked folder, a hidden one the
// walk skipped) has its target spliced in, and ".." steps back from where
// the link really is, not from where its name is written.
func CheckLink(fsys fs.FS, p string) string {
	_, problem := Resolve(fsys, p)
	return problem
}

// Resolve is CheckLink's walk: the path p leads to inside fsys, with no
// link left in it ("" for the folder itself), or what is wrong with it.
// A file system that cannot read links gives p as it is.
func Resolve(fsys fs.FS, p string) (real, problem string) {
	rl, ok := fsys.(fs.ReadLinkFS)
	if !ok {
		return p, ""
	}
	done := ""   // resolved so far: inside the folder, no links
	rest := p    // still to resolve
	target := "" // the last link's target, for the message
	hops := 0
	for rest != "" {
		var elem string
		elem, rest, _ = strings.Cut(rest, "/")
		switch elem {
		case "", ".":
			continue
		case "..":
			if done == "" {
				return "", outside(target)
			}
			done = path.Dir(done)
			if done == "." {
				done = ""
			}
			continue
		}
		cur := elem
		if done != "" {
			cur = done + "/" + elem
		}
		st, err := rl.Lstat(cur)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return p, "" // the reader says "not found" in its own words
			}
			return "", "cannot read: " + CleanErr(err)
		}
		if st.Mode()&fs.ModeSymlink == 0 {
			done = cur
			continue
		}
		if hops++; hops > maxHops {
			return "", "symbolic link loop"
		}
		if target, err = rl.ReadLink(cur); err != nil {
			return "", "cannot read symbolic link: " + CleanErr(err)
		}
		if strings.HasPrefix(target, "/") || path.IsAbs(target) {
			return "", outside(target)
		}
		if rest != "" {
			rest = target + "/" + rest
		} else {
			rest = target
		}
	}
	return done, ""
}

func outside(target string) string {
	return "symbolic link points outside the source folder (" + target + ")"
}

// Ignored reports files an editor or the system leaves behind, which no
// reader of the source takes for the briefing's own: hidden files, swap
// and backup files, JetBrains' and vim's temporary names.
func Ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") ||
		strings.HasSuffix(name, ".tmp") || strings.HasSuffix(name, "___jb_tmp___") ||
		strings.HasSuffix(name, "___jb_old___") || name == "4913" ||
		strings.HasPrefix(name, "#") || name == "Thumbs.db"
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
