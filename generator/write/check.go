package write

import (
	"errors"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"sync"

	"briefing/generator/parallel"
)

// oldSite is what an output folder held when it was checked (nothing, if
// it was missing).
type oldSite struct {
	files   map[string]sum         // what its mark lists (nil if unmarked: empty)
	checked map[string]fs.FileInfo // files found as the mark lists them, as they were then
	git     bool                   // a .git to carry over
}

// hintForeign is the way out of a refusal for a marked site that holds
// something Briefing did not write.
const hintForeign = "Briefing replaces a folder only while it holds nothing but the files it wrote " +
	"(listed in its " + MarkFile + "). Files of your own belong in the briefing's static/ folder, " +
	"which every build copies, and changes to pages in content/ or templates/. " +
	"Move these out of the folder, or delete them, and build again; or choose another --out."

// hintUnmarked is the way out for a folder Briefing did not write.
const hintUnmarked = "Choose another --out (a new or empty folder), or empty this one yourself. " +
	"A site built by a Briefing older than the " + MarkFile + " mark is refused too: " +
	"delete it yourself (keeping .git if you publish from it) and build again."

// inspect checks that dir may be replaced by a new site: it is missing,
// empty (but for a .git), or carries Briefing's mark and holds nothing
// but the files the mark lists, as it lists them (besides the mark and a
// .git). Anything else makes it a *Refused naming what is not
// Briefing's. Top-level names for which skip is true belong to the build
// itself and are passed over. Files unchanged since prev (by their
// status: inode, size, times) are not read again. inspect only reads.
func inspect(dir string, skip func(string) bool, prev *oldSite) (*oldSite, error) {
	rootInfo, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return &oldSite{}, nil
	}
	if err != nil {
		return nil, err
	}
	if !rootInfo.IsDir() {
		return nil, &Refused{Path: dir, Reason: "it is a file, not a folder", Hint: "Choose another --out."}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	site := &oldSite{}
	var others []fs.DirEntry
	for _, e := range entries {
		switch {
		case skip != nil && skip(e.Name()):
		case e.Name() == gitDir:
			site.git = true
		default:
			others = append(others, e)
		}
	}
	if len(others) == 0 {
		return site, nil
	}
	site.files, err = readMark(dir)
	if errors.Is(err, errNoMark) {
		r := &Refused{Path: dir, Reason: "it is not empty, and Briefing did not write it (it holds no " + MarkFile + " mark)", Hint: hintUnmarked}
		for _, e := range others {
			r.Entries = append(r.Entries, describe(e.Name(), e.Type(), ""))
		}
		return nil, r
	}
	if err != nil {
		return nil, &Refused{Path: dir, Reason: "its mark cannot be read (" + err.Error() + ")", Hint: hintUnmarked}
	}
	site.checked = make(map[string]fs.FileInfo, len(site.files))
	dirs := map[string]bool{}
	for p := range site.files {
		for d := path.Dir(p); d != "." && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}

	// The walk reads folders only; the files are looked at on all cores.
	mounts := newMountCheck(dir, rootInfo)
	var foreign, files []string
	var walk func(abs, rel string) error
	walk = func(abs, rel string) error {
		entries, err := os.ReadDir(abs)
		if err != nil {
			return err
		}
		for _, e := range entries {
			name := e.Name()
			if rel == "" && (name == MarkFile || name == gitDir || (skip != nil && skip(name))) {
				continue
			}
			p := path.Join(rel, name)
			switch {
			case e.IsDir():
				sub := filepath.Join(abs, name)
				t, sameMount, err := mounts.folder(sub)
				switch {
				case err != nil:
					return err
				case !t.IsDir():
					foreign = append(foreign, describe(p, t, ""))
				case !sameMount:
					foreign = append(foreign, describe(p, e.Type(), "another file system, mounted here"))
				case !dirs[p]:
					foreign = append(foreign, describe(p, e.Type(), ""))
				default:
					if err := walk(sub, p); err != nil {
						return err
					}
				}
			case e.Type().IsRegular():
				if _, ok := site.files[p]; ok {
					files = append(files, p)
				} else {
					foreign = append(foreign, describe(p, e.Type(), ""))
				}
			default:
				foreign = append(foreign, describe(p, e.Type(), ""))
			}
		}
		return nil
	}
	if err := walk(dir, ""); err != nil {
		return nil, err
	}

	// Each file is as the mark lists it if it has not changed since an
	// earlier look (by its status), or if its size and checksum match.
	infos := make([]fs.FileInfo, len(files))
	changed := make([]bool, len(files))
	errs := make([]error, len(files))
	parallel.For(len(files), func(i int) {
		abs := filepath.Join(dir, filepath.FromSlash(files[i]))
		want := site.files[files[i]]
		if prev != nil && prev.checked[files[i]] != nil {
			info, err := os.Lstat(abs)
			if err == nil && unchanged(prev.checked[files[i]], info) {
				infos[i] = info
				return
			}
		}
		infos[i], changed[i], errs[i] = differs(abs, want)
	})
	for i, p := range files {
		switch {
		case errors.Is(errs[i], fs.ErrNotExist):
			// Removed since the walk: nothing of anyone's to lose.
		case errs[i] != nil:
			return nil, errs[i]
		case changed[i]:
			foreign = append(foreign, describe(p, 0, "changed since Briefing wrote it"))
		default:
			site.checked[p] = infos[i]
		}
	}
	if len(foreign) > 0 {
		sort.Strings(foreign)
		return nil, &Refused{Path: dir, Reason: "it holds files Briefing did not write", Entries: foreign, Hint: hintForeign}
	}
	return site, nil
}

// differs reads the file at abs and reports whether it differs from
// want, with its status as it was read.
func differs(abs string, want sum) (fs.FileInfo, bool, error) {
	f, err := os.Open(abs)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	return fileDiffers(f, want)
}

// fileDiffers reads f and reports whether it differs from want, with its
// status as it was read.
func fileDiffers(f *os.File, want sum) (fs.FileInfo, bool, error) {
	info, err := f.Stat()
	if err != nil {
		return nil, false, err
	}
	if !info.Mode().IsRegular() || info.Size() != want.size {
		return info, true, nil
	}
	h := crc32.New(castagnoli)
	buf := copyBuffers.Get().(*[]byte)
	n, err := io.CopyBuffer(h, io.LimitReader(f, want.size+1), *buf)
	copyBuffers.Put(buf)
	if err != nil {
		return nil, false, err
	}
	return info, n != want.size || h.Sum32() != want.crc, nil
}

var copyBuffers = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// unchanged reports whether a file checked before (was) is as it was:
// the same file, size, modification and change times. Any write to a
// file moves its change time, which no user can set.
func unchanged(was, now fs.FileInfo) bool {
	return was != nil && os.SameFile(was, now) && was.Size() == now.Size() &&
		was.ModTime().Equal(now.ModTime()) && changeTime(was) == changeTime(now)
}

// describe names an entry of a folder for a refusal: folders end in a
// slash, and what is neither a folder nor a regular file says what it is
// (instead of note, which only folders and regular files carry).
func describe(rel string, t fs.FileMode, note string) string {
	switch {
	case t.IsDir():
		rel += "/"
	case t&fs.ModeSymlink != 0:
		note = "a symbolic link"
	case !t.IsRegular():
		note = "not a regular file"
	}
	if note != "" {
		return rel + " (" + note + ")"
	}
	return rel
}
