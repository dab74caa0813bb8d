package watch

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// native follows the operating system's file events. Watches are per
// folder (inotify is not recursive), so it keeps the set of folders it
// watches and updates it as folders come and go.
type native struct {
	fsw    *fsnotify.Watcher
	dirs   map[string]bool // absolute folders being watched
	add    func(dir string) error
	ignore func(name string) bool // Options.Ignore
	// links maps where a link leads (absolute, links resolved) to the
	// paths it is seen under: a change there is reported under those
	// paths, which is where a build reads it.
	links map[string][]alias
	// under maps each folder on the way to a target (above it, inside the
	// source) to those targets: events are matched to links by looking
	// up the path and its folders, not by going through every link.
	under map[string][]string
}

// alias is one path a link's target is read under, and where the link
// itself is (absolute): removing or replacing it there forgets it.
type alias struct{ name, at string }

// startNative watches the source root (for the tops appearing or being
// replaced) and every folder under the tops.
func (s *source) startNative() (*native, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	n := &native{fsw: fsw, dirs: map[string]bool{}, add: fsw.Add, ignore: s.opts.Ignore, links: map[string][]alias{}, under: map[string][]string{}}
	if hook := s.opts.addWatch; hook != nil {
		n.add = func(dir string) error {
			if err := hook(dir); err != nil {
				return err
			}
			return fsw.Add(dir)
		}
	}
	err = n.watch(s.root)
	for _, top := range s.opts.Tops {
		if err != nil {
			break
		}
		err = s.addTree(n, filepath.Join(s.root, top), nil)
	}
	if err != nil {
		fsw.Close()
		return nil, err
	}
	return n, nil
}

// watch adds one folder. A folder that vanished in the meantime is not an
// error: its removal is an event of its own. Nor is one that cannot be
// read: a build reports it, and once a change of its permissions makes it
// readable, handle watches it (an unreadable folder does not make the
// whole source fall back to polling).
func (n *native) watch(dir string) error {
	if err := n.add(dir); err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) || errors.Is(err, fs.ErrPermission) {
			return nil
		}
		return err
	}
	n.dirs[dir] = true
	return nil
}

// addTree watches dir and every folder below it that is not hidden,
// following the links it finds (follow), and calls found for each file in
// them: files created before their folder's watch existed raise no event
// of their own.
func (s *source) addTree(n *native, dir string, found func(path string)) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			// Gone or unreadable: nothing to watch there.
			if d != nil && d.IsDir() && p != dir {
				return fs.SkipDir
			}
			return nil
		}
		if p != dir && n.ignore != nil && n.ignore(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			if found != nil {
				found(p)
			}
			if d.Type()&fs.ModeSymlink != 0 {
				return s.follow(n, p)
			}
			return nil
		}
		return n.watch(p)
	})
}

// follow watches where the link at p leads, if that is inside the source
// (a build refuses a link out of it): the folder and everything below it,
// or the folder of the file (lead). A link that leads to a folder holding
// it is a circle, which a build refuses too.
func (s *source) follow(n *native, p string) error {
	names := s.seen(n, p)
	target, err := filepath.EvalSymlinks(p)
	if len(names) == 0 || err != nil {
		return nil // not watched, or leads nowhere (a build says so)
	}
	if _, ok := s.rel(target); !ok || p == target || strings.HasPrefix(p, target+string(filepath.Separator)) {
		return nil
	}
	names = slices.DeleteFunc(names, s.circles)
	if len(names) == 0 {
		return nil
	}
	known := len(n.links[target]) > 0
	if !known {
		for d := filepath.Dir(target); s.inside(d); d = filepath.Dir(d) {
			n.under[d] = append(n.under[d], target)
		}
	}
	for _, name := range names {
		if a := (alias{name, p}); !slices.Contains(n.links[target], a) {
			n.links[target] = append(n.links[target], a)
		}
	}
	if known {
		return nil
	}
	return s.lead(n, target)
}

// lead watches a link's target: a folder and everything below it, and for
// either a folder or a file the nearest folder on its way that exists, so
// that a target removed and made again (a git checkout) is an event.
func (s *source) lead(n *native, target string) error {
	s.watchWay(n, target)
	if fi, err := os.Stat(target); err == nil && fi.IsDir() {
		return s.addTree(n, target, nil)
	}
	return nil
}

// watchWay watches the nearest folder that exists on the way to abs (its
// own folder, if it is there). A folder made below it between the look
// and the watch raised no event there (mkdir -p): it looks again.
func (s *source) watchWay(n *native, abs string) {
	for {
		d := filepath.Dir(abs)
		for s.inside(d) {
			if fi, err := os.Stat(d); err == nil && fi.IsDir() {
				break
			}
			d = filepath.Dir(d)
		}
		if !s.inside(d) || n.dirs[d] {
			return // the source folder itself is always watched
		}
		if n.watch(d) != nil || d == filepath.Dir(abs) {
			return
		}
	}
}

// circles reports whether the path name, relative to the source, goes
// through the same folder twice (links leading into each other's
// folders): a build refuses it, and each remaking of such a link would
// otherwise add a longer name to report changes under.
func (s *source) circles(name string) bool {
	seen := map[string]bool{}
	p := s.root
	for elem := range strings.SplitSeq(name, "/") {
		p = filepath.Join(p, elem)
		real, err := filepath.EvalSymlinks(p)
		if err != nil {
			return false
		}
		if seen[real] {
			return true
		}
		seen[real] = true
	}
	return false
}

// unlink forgets the links at abs or below it, removed or replaced: where
// they led is no longer read under their names. A link made again is
// followed anew.
func (n *native) unlink(abs string) {
	for target, as := range n.links {
		n.links[target] = slices.DeleteFunc(as, func(a alias) bool {
			return a.at == abs || strings.HasPrefix(a.at, abs+string(filepath.Separator))
		})
		if len(n.links[target]) > 0 {
			continue
		}
		delete(n.links, target)
		for d, ts := range n.under {
			if ts = slices.DeleteFunc(ts, func(t string) bool { return t == target }); len(ts) > 0 {
				n.under[d] = ts
			} else {
				delete(n.under, d)
			}
		}
	}
}

// watchExtra watches the folder of each file Files named, or the nearest
// folder on its way that exists: its making is an event there. A named
// file reached through links is watched where it leads too; where it led
// is kept while it leads nowhere (a folder on the way removed), so that
// the folder's making again is known.
func (s *source) watchExtra(n *native) {
	if s.extraReal == nil {
		s.extraReal = map[string]string{}
	}
	for x := range s.extra {
		xabs := filepath.Join(s.root, filepath.FromSlash(x))
		s.watchWay(n, xabs)
		real, err := filepath.EvalSymlinks(xabs)
		if err != nil {
			// Not there (yet): where its folder leads.
			if d, err2 := filepath.EvalSymlinks(filepath.Dir(xabs)); err2 == nil {
				real, err = filepath.Join(d, filepath.Base(xabs)), nil
			}
		}
		if err == nil && real != xabs {
			if _, in := s.rel(real); in {
				s.watchWay(n, real)
				s.extraReal[real] = x
			}
		}
	}
}

// seen lists the watched paths, relative to the source, that the file or
// folder at abs is read under: its own, and those of the links leading to
// it or to a folder holding it.
func (s *source) seen(n *native, abs string) []string {
	var out []string
	if rel, ok := s.rel(abs); ok && s.opts.watched(rel) {
		out = append(out, rel)
	}
	add := func(as []alias, rest string) {
		for _, a := range as {
			if p := a.name + filepath.ToSlash(rest); s.opts.watched(p) && !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	// A target that is abs or holds it...
	for d := abs; s.inside(d); d = filepath.Dir(d) {
		add(n.links[d], abs[len(d):])
	}
	// ...and one abs is a folder on the way to: it changes with abs.
	for _, target := range n.under[abs] {
		add(n.links[target], "")
	}
	return out
}

// leading lists the targets of links that abs is, or is a folder on the
// way to.
func (n *native) leading(abs string) []string {
	out := slices.Clone(n.under[abs])
	if len(n.links[abs]) > 0 {
		out = append(out, abs)
	}
	return out
}

// forget drops the watches of a removed or renamed folder and of every
// folder below it. The kernel drops a removed folder's watch itself, but a
// renamed folder's sub-folders keep theirs under their old names, which
// would then report changes at paths that no longer exist.
func (n *native) forget(path string) {
	prefix := path + string(filepath.Separator)
	for d := range n.dirs {
		if d == path || strings.HasPrefix(d, prefix) {
			n.fsw.Remove(d) // already gone with the folder, most often
			delete(n.dirs, d)
		}
	}
}

// runNative passes native events on until ctx ends (false) or native
// watching fails and polling must take over (true).
func (s *source) runNative(ctx context.Context, n *native) bool {
	defer n.fsw.Close()
	for {
		select {
		case <-ctx.Done():
			return false
		case <-s.files.changed:
			// What changed between the naming and its watch is not
			// an event: it is found by looking.
			s.extra = s.files.take()
			s.watchExtra(n)
			now := snapshot{}
			for x, was := range s.extra {
				if s.scanExtra(now, x); now[x] != was && !(was.mod == -1 && !has(now, x)) {
					if !s.send(ctx, event{path: x}) {
						return false
					}
				}
			}
		case e, ok := <-n.fsw.Events:
			if !ok {
				return false
			}
			if err := s.handle(ctx, n, e); err != nil {
				s.opts.Warn(nativeFailed(err, s.opts.PollInterval))
				return true
			}
		case err, ok := <-n.fsw.Errors:
			if !ok {
				return false
			}
			// An overflowed queue lost events: which files changed is
			// unknown, so everything did.
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				if !s.send(ctx, event{rescan: true}) {
					return false
				}
				continue
			}
			s.opts.Warn("file watching: " + err.Error())
		}
	}
}

// handle turns one native event into changes, and keeps the set of
// watched folders in step with folders created, removed and renamed.
func (s *source) handle(ctx context.Context, n *native, e fsnotify.Event) error {
	// An attribute change alone is passed on too: a file made
	// unreadable, or readable again, builds otherwise (one that changed
	// nothing a build reads costs a rebuild that finds the same bytes).
	tree, extra := s.seen(n, e.Name), s.seenExtra(e.Name)
	if len(tree)+len(extra) == 0 {
		return nil
	}
	if e.Has(fsnotify.Remove) || e.Has(fsnotify.Rename) || e.Has(fsnotify.Create) {
		n.unlink(e.Name) // a link made again is followed anew below
	}
	if e.Has(fsnotify.Remove) || e.Has(fsnotify.Rename) {
		n.forget(e.Name)
	}
	for _, name := range append(tree, extra...) {
		if !s.send(ctx, event{path: name}) {
			return nil
		}
	}
	if e.Has(fsnotify.Chmod) && !e.Has(fsnotify.Create) && len(tree) > 0 && !n.dirs[e.Name] {
		// A folder that could not be read may be readable now.
		if fi, err := os.Lstat(e.Name); err == nil && fi.IsDir() {
			return s.addTree(n, e.Name, func(p string) {
				for _, name := range s.seen(n, p) {
					s.send(ctx, event{path: name})
				}
			})
		}
	}
	if !e.Has(fsnotify.Create) {
		return nil
	}
	if len(extra) > 0 {
		s.watchExtra(n) // a folder on the way to a named file may be new
	}
	for _, target := range n.leading(e.Name) {
		// A link's target, or a folder on its way, made again.
		if err := s.lead(n, target); err != nil {
			return err
		}
	}
	if len(tree) == 0 {
		return nil // only on the way to a named file: not watched below
	}
	fi, err := os.Lstat(e.Name)
	switch {
	case err != nil:
	case fi.IsDir():
		return s.addTree(n, e.Name, func(p string) {
			for _, name := range s.seen(n, p) {
				s.send(ctx, event{path: name})
			}
		})
	case fi.Mode()&fs.ModeSymlink != 0:
		return s.follow(n, e.Name)
	}
	return nil
}

// nativeFailed says why native watching failed and what happens instead,
// with the fix when there is a well-known one.
func nativeFailed(err error, interval time.Duration) string {
	why := err.Error()
	switch {
	case errors.Is(err, syscall.ENOSPC):
		why = "the inotify watch limit is reached (raise it with: sudo sysctl fs.inotify.max_user_watches=524288)"
	case errors.Is(err, syscall.EMFILE):
		why = "too many inotify instances or open files (raise fs.inotify.max_user_instances or ulimit -n)"
	}
	return "native file watching failed: " + why + "; polling for changes every " + interval.String() + " instead"
}
