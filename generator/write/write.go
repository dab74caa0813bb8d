// Package write puts a rendered tree on disk safely (SPEC 7): the site is
// written into a fresh folder beside the target and swapped in only when
// complete, so a failed or killed build leaves the previous site as it
// was. It takes a render.Tree; nothing comes after it.
package write

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"briefing/generator/render"
)

// tmpMarker names the temporary folders a build leaves only if killed;
// the next build removes them.
const tmpMarker = ".briefing-tmp-"

// Stats says what was written.
type Stats struct {
	Files int
	Bytes int64
}

// Dir writes tree to dir, replacing what is there only once the new site
// is complete. It refuses to replace a folder that does not look like a
// site (so a mistaken --out cannot delete someone's documents). A .git
// folder in the old site is carried over, for sites deployed from a branch
// checked out there.
func Dir(tree *render.Tree, dir string) (Stats, error) {
	dir = filepath.Clean(dir)
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return Stats{}, err
	}
	if err := checkReplaceable(dir); err != nil {
		return Stats{}, err
	}
	cleanStale(parent, base)
	tmp := filepath.Join(parent, "."+base+tmpMarker+random())
	if err := os.Mkdir(tmp, 0o755); err != nil {
		return Stats{}, err
	}
	st, err := writeTree(tree, tmp)
	if err != nil {
		os.RemoveAll(tmp)
		return st, err
	}
	if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
		if err := os.Rename(filepath.Join(dir, ".git"), filepath.Join(tmp, ".git")); err != nil {
			os.RemoveAll(tmp)
			return st, fmt.Errorf("moving %s/.git into the new site: %w", dir, err)
		}
	}
	if err := swap(tmp, dir); err != nil {
		// Put .git back if it moved.
		if _, e := os.Stat(filepath.Join(tmp, ".git")); e == nil {
			_ = os.Rename(filepath.Join(tmp, ".git"), filepath.Join(dir, ".git"))
		}
		os.RemoveAll(tmp)
		return st, err
	}
	return st, nil
}

// checkReplaceable accepts a missing folder, an empty one, or one holding
// a previous site (an index.html at its root).
func checkReplaceable(dir string) error {
	info, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("%s exists and is not a folder", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, "index.html")); err == nil {
		return nil
	}
	return fmt.Errorf("refusing to replace %s: it is not empty and holds no site (no index.html); choose another --out", dir)
}

// cleanStale removes temporary folders left by killed builds. A previous
// site moved aside by a swap that was cut short is put back first.
func cleanStale(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	dir := filepath.Join(parent, base)
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), "."+base+tmpMarker+"old-") {
				if os.Rename(filepath.Join(parent, e.Name()), dir) == nil {
					break
				}
			}
		}
		entries, _ = os.ReadDir(parent)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "."+base+tmpMarker) {
			os.RemoveAll(filepath.Join(parent, e.Name()))
		}
	}
}

func random() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// writeTree renders and writes every file of tree under root, on all
// cores, holding no more of the site in memory than the pages in flight.
func writeTree(tree *render.Tree, root string) (Stats, error) {
	var files, bytes atomic.Int64
	var dirs sync.Map // folder relative to root -> *madeDir
	var mkdir func(d string) error
	mkdir = func(d string) error {
		if d == "." {
			return nil
		}
		v, _ := dirs.LoadOrStore(d, &madeDir{})
		m := v.(*madeDir)
		// Each folder is made once, by whichever worker needs it first;
		// workers making different folders do not wait for each other
		// (a folder on ext4 can take tens of microseconds).
		m.once.Do(func() {
			if m.err = mkdir(filepath.Dir(d)); m.err != nil {
				return
			}
			if err := os.Mkdir(filepath.Join(root, d), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				m.err = err
			}
		})
		return m.err
	}
	err := tree.Each(func(p string, data []byte) error {
		rel := filepath.FromSlash(p)
		if err := mkdir(filepath.Dir(rel)); err != nil {
			return err
		}
		if err := writeNew(filepath.Join(root, rel), data); err != nil {
			return err
		}
		files.Add(1)
		bytes.Add(int64(len(data)))
		return nil
	})
	return Stats{Files: int(files.Load()), Bytes: bytes.Load()}, err
}

type madeDir struct {
	once sync.Once
	err  error
}
