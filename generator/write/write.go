// Package write puts a rendered tree on disk safely (SPEC 7). It never
// destroys what Briefing did not write: an output folder is replaced only
// when it is missing, empty, or carries Briefing's mark (MarkFile, which
// lists every file a build wrote) and holds nothing else; the output path
// is resolved as the kernel sees it and kept clear of the source (Guard);
// one process at a time writes a given output (LockFile); the new site is
// written into a fresh folder and swapped in only when complete, so a
// failed or killed build leaves the previous site as it was; and the old
// site is removed file by file from its mark, never across a mount. It
// takes a render.Tree (as Files); nothing comes after it.
package write

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// tmpMarker names the temporary folders of a build: ".public" + tmpMarker
// + 12 hex digits beside the output folder (or tmpMarker + digits inside
// it, for an output that is a mount point), and the temporary file of a
// zip beside it (TempPrefix). Only the holder of the output's lock makes
// them, so the holder may take any it finds as left by a build or zip
// that was killed.
const tmpMarker = ".briefing-tmp-"

// TempPrefix is how the temporary files and folders made beside the
// output path begin; TempName adds the digits, IsTemp recognises them.
func TempPrefix(path string) string {
	return "." + filepath.Base(path) + tmpMarker
}

// TempName is prefix followed by 12 random hex digits.
func TempName(prefix string) string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return prefix + hex.EncodeToString(b[:])
}

// lockName is the lock file: ".public" + lockName beside the output
// folder, or lockName inside one that is a mount point.
const lockName = ".briefing-lock"

// Stats says what was written.
type Stats struct {
	Files int
	Bytes int64
}

// Options says how an output is opened.
type Options struct {
	// Source is what the output must stay clear of (see Guard). Without
	// it only the file-system root and the home folder are refused.
	Source Source
	// Generator names the program in the mark ("briefing v1.2.0").
	Generator string
	// Waiting is told, once, when another process is writing the output
	// and this one waits for it to finish.
	Waiting func(msg string)
	// Warn is told of anything a build leaves in place that it found in
	// the way (files it did not write that appeared in an old site while
	// it was being replaced).
	Warn func(msg string)
}

// Out is an output folder opened for writing a site: resolved, checked
// and locked.
type Out struct {
	dir   string // resolved
	mount bool   // dir is a mount point: its contents are replaced, not dir
	// The temporary folders of builds lie in tmpDir (beside dir, or in
	// it if it is a mount point), their names begin with tmpPrefix.
	tmpDir, tmpPrefix string
	opts              Options
	lock              *Lock
	old               *oldSite
}

// Open resolves dir (Resolve), refuses it if it is not one Briefing may
// replace (Guard, then what is in it), and takes its lock, waiting for
// another build writing it to finish (or for ctx to be done). Every refusal is a *Refused, and
// comes before anything is written: a lock file is made only for a
// folder that passes, or that another build is writing, or that a killed
// build left temporary folders for (which may be why it does not pass).
// Close releases the lock.
func Open(ctx context.Context, dir string, o Options) (*Out, error) {
	real, err := Resolve(dir)
	if err != nil {
		return nil, err
	}
	if err := Guard(real, o.Source); err != nil {
		return nil, err
	}
	out := &Out{dir: real, mount: isMountPoint(real), tmpDir: filepath.Dir(real), tmpPrefix: TempPrefix(real), opts: o}
	if out.mount {
		out.tmpDir, out.tmpPrefix = real, tmpMarker
	}
	old, err := inspect(real, out.skip, nil)
	var refused *Refused
	if err != nil && !errors.As(err, &refused) {
		return nil, err
	}
	// A refusal while another build holds the lock may be that build's
	// doing, and one with a killed build's temporary folders about may be
	// undone by cleaning them up: either is decided again under the lock.
	if refused != nil && !lockBusy(out.lockPath()) && !out.hasTemps() {
		return nil, err
	}
	waited := false
	out.lock, err = LockFile(ctx, out.lockPath(), "build", func(msg string) {
		waited = true
		if o.Waiting != nil {
			o.Waiting(msg + " writing " + real)
		}
	})
	if err != nil {
		return nil, err
	}
	moved := out.cleanStale()
	out.old = old
	if refused != nil || waited || moved {
		// What was checked may have changed: check again (only files
		// whose status changed are read again).
		if out.old, err = inspect(real, out.skip, old); err != nil {
			out.Close()
			return nil, err
		}
	}
	return out, nil
}

// Close releases the output's lock.
func (o *Out) Close() error {
	o.lock.Unlock()
	return nil
}

func (o *Out) lockPath() string {
	if o.mount {
		return filepath.Join(o.dir, lockName)
	}
	return LockPath(o.dir)
}

// LockPath is the lock file of the output out (resolved): beside it, so
// that build and zip aimed at one path take the same lock.
func LockPath(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+lockName)
}

// skip names the entries of an output that is a mount point which belong
// to the build or the file system, not to the site.
func (o *Out) skip(name string) bool {
	return o.mount && (name == lockName || name == "lost+found" || IsTemp(name, tmpMarker))
}

// IsTemp reports whether name is prefix followed by 12 hex digits, or by
// "old-" and 12 hex digits.
func IsTemp(name, prefix string) bool {
	rest, ok := strings.CutPrefix(name, prefix)
	rest = strings.TrimPrefix(rest, "old-")
	if !ok || len(rest) != 12 {
		return false // most names: no decoding, no allocation
	}
	_, err := hex.DecodeString(rest)
	return err == nil
}

// Files are a rendered site as Write takes it: a render.Tree, which
// renders its files on all cores and hands each over as it is made.
type Files interface {
	Each(f func(path string, data []byte) error) error
}

// writingFile is in a new site's temporary folder while it is written:
// a killed build's folder without a mark is removed whole only if it
// holds it, so a folder of someone else's that happens to have the name
// of a temporary one is never taken for a build's.
const writingFile = ".briefing-writing"

// Write writes tree as the site at the output, replacing what is there
// only once the new site is complete. A .git folder in the old site is
// carried over, for sites published from a branch checked out there.
// Before the swap the old site is checked once more (cheaply: only files
// that changed since Open are read), and a refusal then leaves it as it
// is. Once Write returns without error the whole new site is in place.
func (o *Out) Write(tree Files) (Stats, error) {
	id := TempName("")
	tmp := filepath.Join(o.tmpDir, o.tmpPrefix+id)
	if err := os.Mkdir(tmp, 0o755); err != nil {
		return Stats{}, err
	}
	tmpInfo, err := os.Lstat(tmp)
	if err == nil {
		err = os.WriteFile(filepath.Join(tmp, writingFile), nil, 0o644)
	}
	if err != nil {
		os.Remove(tmp)
		return Stats{}, err
	}
	st, err := writeTree(tree, tmp, o.opts.Generator)
	var markInfo fs.FileInfo
	if err == nil {
		markInfo, err = os.Lstat(filepath.Join(tmp, MarkFile))
	}
	if err == nil {
		// Complete and marked: from here the mark says what is the
		// build's, and the site goes in without this file.
		err = os.Remove(filepath.Join(tmp, writingFile))
	}
	if err == nil {
		o.old, err = inspect(o.dir, o.skip, o.old)
	}
	if err != nil {
		removeSite(tmp, nil, nil, true)
		return st, err
	}
	var old string
	if o.mount {
		old, err = o.replaceContents(tmp, id)
	} else {
		old, err = o.swapIn(tmp)
	}
	if err != nil {
		return st, err
	}
	// What is at dir is the site just written, whole: its folder (or,
	// in a mount point, its mark, which goes in last) is the one made.
	if o.mount {
		now, err := os.Lstat(filepath.Join(o.dir, MarkFile))
		if err != nil || !os.SameFile(now, markInfo) {
			return st, fmt.Errorf("%s does not hold the site just written: something else wrote there", o.dir)
		}
	} else if now, err := os.Lstat(o.dir); err != nil || !os.SameFile(now, tmpInfo) {
		return st, fmt.Errorf("%s is not the site just written: something else replaced it", o.dir)
	}
	if old != "" {
		left, err := removeSite(old, o.old.files, o.old.checked, false)
		if err != nil {
			o.warn(fmt.Sprintf("removing the previous site (%s): %v", old, err))
		}
		if len(left) > 0 {
			o.warn(keptMessage("the previous site, moved aside to "+old, left))
		}
	}
	return st, nil
}

func (o *Out) warn(msg string) {
	if o.opts.Warn != nil {
		o.opts.Warn(msg)
	}
}

// keptMessage says what of a folder (named by what) was kept.
func keptMessage(what string, left []string) string {
	sort.Strings(left)
	return "kept " + what + ": it holds what Briefing did not write:" + listing(left)
}

// KeepAccess gives path who may read and enter what it replaces, old:
// its permission bits (setgid and sticky too) and, where files have
// groups, its group, so that a site or zip kept private (chmod 750, a
// group of its own) is not replaced by one anyone may read. The group is
// kept where the system lets it (a group the user is in).
func KeepAccess(path string, old fs.FileInfo) error {
	// The group first: a chown by a user who is not root clears setgid.
	keepGroup(path, old)
	mode := old.Mode() & (fs.ModePerm | fs.ModeSetgid | fs.ModeSticky)
	if old.IsDir() {
		// The owner keeps the folder's every right: the next build
		// replaces it, and a folder made read-only (555) would keep
		// what a failed build left in it.
		mode |= 0o700
	}
	return os.Chmod(path, mode)
}

// swapIn moves .git into the new site at tmp, then swaps it in, and says
// where the old site went.
func (o *Out) swapIn(tmp string) (string, error) {
	git := filepath.Join(o.dir, gitDir)
	moved := false
	if o.old.git {
		if err := moveNoReplace(git, filepath.Join(tmp, gitDir)); err != nil {
			removeSite(tmp, nil, nil, true)
			return "", fmt.Errorf("moving %s into the new site: %w", git, err)
		}
		moved = true
	}
	// Last, once nothing more goes into it.
	var err error
	if info, statErr := os.Lstat(o.dir); statErr == nil && info.IsDir() {
		err = KeepAccess(tmp, info)
	}
	var old string
	if err == nil {
		old, err = swap(tmp, o.dir)
	}
	if err != nil {
		if moved {
			_ = moveNoReplace(filepath.Join(tmp, gitDir), git)
		}
		removeSite(tmp, nil, nil, true)
		return "", err
	}
	return old, nil
}

// isMountPoint reports whether dir is a folder on another mount than its
// parent's (a container volume, say), which cannot be renamed.
func isMountPoint(dir string) bool {
	parent := filepath.Dir(dir)
	di, err1 := os.Lstat(dir)
	pi, err2 := os.Lstat(parent)
	if err1 != nil || err2 != nil || !di.IsDir() || parent == dir {
		return false
	}
	return !newMountCheck(parent, pi).same(dir, di)
}

// writeTree renders and writes every file of tree under root, on all
// cores, holding no more of the site in memory than the pages in flight,
// and then the mark listing them.
func writeTree(tree Files, root, generator string) (Stats, error) {
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
	var mu sync.Mutex
	sums := map[string]sum{}
	err := tree.Each(func(p string, data []byte) error {
		if p == MarkFile || p == gitDir || strings.HasPrefix(p, gitDir+"/") {
			return fmt.Errorf("%s is a name the build keeps for itself", p)
		}
		rel := filepath.FromSlash(p)
		if err := mkdir(filepath.Dir(rel)); err != nil {
			return err
		}
		s := sumOf(data)
		if err := writeNew(filepath.Join(root, rel), data); err != nil {
			return err
		}
		mu.Lock()
		sums[p] = s
		mu.Unlock()
		files.Add(1)
		bytes.Add(int64(len(data)))
		return nil
	})
	st := Stats{Files: int(files.Load()), Bytes: bytes.Load()}
	if err != nil {
		return st, err
	}
	// The mark goes last: a folder holding it is complete.
	return st, writeNew(filepath.Join(root, MarkFile), formatMark(generator, sums))
}

type madeDir struct {
	once sync.Once
	err  error
}
