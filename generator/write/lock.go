package write

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// Lock is a lock on an output, held by this process: while it is held no
// other briefing process writes that output or cleans up its temporary
// files. The operating system releases it when the process ends, however
// it ends, so a build killed with SIGKILL leaves no stale lock (the file
// it leaves behind is taken over by the next build).
type Lock struct {
	f    *os.File
	path string
	made []string // folders on the way to the file it made, deepest first
}

// lockPoll is how often a process waiting for a lock tries again.
const lockPoll = 50 * time.Millisecond

// errBusy is what tryLock returns when another process holds the lock.
var errBusy = errors.New("locked by another process")

// LockFile takes the lock whose file is path (created if missing, with
// the folders on its way, which Unlock removes again if they are still
// empty: an output that could not be written leaves no trace), for what
// ("build", "zip"). If another process holds it, waiting is called once
// with a line saying so, and LockFile waits until it is released or ctx
// is done (Ctrl-C), which it returns as ctx's error.
func LockFile(ctx context.Context, path, what string, waiting func(msg string)) (*Lock, error) {
	var made []string
	gone := 0 // times the folders went between making and opening
	for {
		// Made again on each try: the holder waited for may have
		// removed the folders it made.
		m, err := makeFolders(filepath.Dir(path))
		made = append(m, made...)
		if err != nil {
			removeEmpty(made)
			return nil, err
		}
		// Opening follows a link: to a file elsewhere it would make or
		// lock that file, and the file locked is never the one at path.
		if info, err := os.Lstat(path); err == nil && !info.Mode().IsRegular() {
			what := "not a regular file"
			switch {
			case info.Mode()&fs.ModeSymlink != 0:
				what = "a symbolic link"
			case info.IsDir():
				what = "a folder"
			}
			removeEmpty(made)
			return nil, fmt.Errorf("%s: Briefing's lock file is %s: remove it", path, what)
		}
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o666)
		if errors.Is(err, fs.ErrNotExist) && gone < 100 {
			// The holder removed its folders between the two (a window
			// too narrow for a test to hit: 900 tries did not).
			gone++
			continue
		}
		if err != nil {
			removeEmpty(made)
			// A file the user never named: say whose and where it is.
			return nil, fmt.Errorf("making Briefing's lock file beside the output: %w", err)
		}
		if notALock(f) {
			f.Close()
			removeEmpty(made)
			return nil, fmt.Errorf("%s: a file that is not Briefing's has the name of its lock file: move it", path)
		}
		err = tryLock(f)
		if errors.Is(err, errBusy) {
			if waiting != nil {
				waiting(fmt.Sprintf("waiting for another briefing (%s) to finish", holder(f)))
				waiting = nil // told once
			}
			f.Close()
			select {
			case <-ctx.Done():
				removeEmpty(made)
				return nil, ctx.Err()
			case <-time.After(lockPoll):
			}
			continue
		}
		if err != nil {
			f.Close()
			removeEmpty(made)
			return nil, fmt.Errorf("locking %s: %w", path, err)
		}
		// The process waited for may have removed the file on leaving and
		// another made a new one since: only a lock on the file now at
		// path counts.
		held, err1 := f.Stat()
		now, err2 := os.Lstat(path)
		if err1 != nil || err2 != nil || !os.SameFile(held, now) {
			f.Close()
			if ctx.Err() != nil {
				removeEmpty(made)
				return nil, ctx.Err()
			}
			continue
		}
		if err := f.Truncate(0); err == nil {
			_, _ = f.WriteAt([]byte(fmt.Sprintf("%s, pid %d\n", what, os.Getpid())), 0)
		}
		return &Lock{f: f, path: path, made: made}, nil
	}
}

// lockBusy reports whether another process holds the lock whose file is
// path. It writes nothing: a missing file is a free lock.
func lockBusy(path string) bool {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	if err := tryLock(f); err != nil {
		return errors.Is(err, errBusy)
	}
	unlock(f)
	return false
}

// lockText is what a lock's holder writes in its file.
var lockText = regexp.MustCompile(`^[a-z]+, pid [0-9]+\n$`)

// notALock reports whether f holds something a lock's holder does not
// write: a file of someone else's that has the lock's name is then never
// truncated nor removed. Empty is a lock's (made, nothing written yet).
func notALock(f *os.File) bool {
	b, ok := lockContent(f)
	return ok && len(b) > 0 && !lockText.Match(b)
}

// lockContent is the start of what the lock file f holds, and whether it
// could be read.
func lockContent(f *os.File) ([]byte, bool) {
	b := make([]byte, 64)
	n, err := f.ReadAt(b, 0)
	return b[:n], err == nil || err == io.EOF
}

// holder says who holds the lock, from what it wrote in the file.
func holder(f *os.File) string {
	b, ok := lockContent(f)
	if !ok || len(b) == 0 {
		return "another process"
	}
	return strings.TrimSpace(string(b))
}

// Unlock releases the lock and removes its file where the system allows
// removing a file that others may have open (everywhere but Windows).
func (l *Lock) Unlock() {
	if l == nil || l.f == nil {
		return
	}
	if removeLockFile {
		os.Remove(l.path)
	}
	unlock(l.f)
	l.f.Close()
	l.f = nil
	removeEmpty(l.made)
}

// makeFolders makes dir and the folders on its way that are missing, and
// lists those it made, deepest first.
func makeFolders(dir string) ([]string, error) {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); !errors.Is(err, fs.ErrNotExist) || filepath.Dir(d) == d {
			break
		}
		missing = append(missing, d)
	}
	return missing, os.MkdirAll(dir, 0o755)
}

// removeEmpty removes the folders made, deepest first, as long as they
// are empty: one that holds anything (the output written) stays, and so
// does every folder above it.
func removeEmpty(made []string) {
	for _, d := range made {
		if os.Remove(d) != nil {
			return
		}
	}
}
