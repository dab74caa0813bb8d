package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
)

// stat is what polling compares between two scans. Modification time and
// size together catch every save that editors and git make; a same-size
// rewrite within one timestamp tick would be missed, which native events
// do not miss. The permissions are compared too: a file made unreadable,
// or readable again, builds otherwise.
type stat struct {
	mod  int64 // UnixNano
	size int64
	dir  bool
	perm fs.FileMode
}

// snapshot is a scan of the watched paths, by slash path relative to the
// source root.
type snapshot map[string]stat

// scan lists the tops and everything under them that the options keep,
// following links that stay inside the source as a build does: what a
// link leads to is listed under the link's path.
// It fails only when the root is not a readable folder.
func (s *source) scan() (snapshot, error) {
	root := s.root
	fi, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("%s: not a folder", root)
	}
	snap := snapshot{}
	for _, name := range s.opts.Tops {
		s.scanTree(snap, filepath.Join(root, name), name, nil)
	}
	for x := range s.extra {
		s.scanExtra(snap, x)
	}
	return snap, nil
}

// has reports whether snap lists p.
func has(snap snapshot, p string) bool { _, ok := snap[p]; return ok }

// scanExtra lists one file Files named, if it is there.
func (s *source) scanExtra(snap snapshot, x string) {
	if info, err := os.Stat(filepath.Join(s.root, filepath.FromSlash(x))); err == nil {
		snap[x] = stat{mod: info.ModTime().UnixNano(), size: info.Size(), dir: info.IsDir(), perm: info.Mode().Perm()}
	}
}

// scanTree lists dir, seen under the path rel, into snap. within holds
// the folders (links resolved) that the links followed so far lead to: a
// link back into one of them is a circle, not followed.
func (s *source) scanTree(snap snapshot, dir, rel string, within []string) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if d != nil && d.IsDir() && p != dir {
				return fs.SkipDir
			}
			return nil
		}
		r := rel
		if p != dir {
			r = path.Join(rel, filepath.ToSlash(p[len(dir)+1:]))
		}
		if !s.opts.watched(r) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			s.scanLink(snap, p, r, within)
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		snap[r] = stat{mod: info.ModTime().UnixNano(), size: info.Size(), dir: d.IsDir(), perm: info.Mode().Perm()}
		return nil
	})
}

// scanLink lists what the link at p leads to under its path rel, if that
// is inside the source (a build refuses a link out of it) and no circle.
func (s *source) scanLink(snap snapshot, p, rel string, within []string) {
	target, err := filepath.EvalSymlinks(p)
	if err != nil {
		return
	}
	info, err := os.Stat(target)
	if _, in := s.rel(target); err != nil || !in {
		return
	}
	if !info.IsDir() {
		snap[rel] = stat{mod: info.ModTime().UnixNano(), size: info.Size(), perm: info.Mode().Perm()}
		return
	}
	holder, err := filepath.EvalSymlinks(filepath.Dir(p))
	for _, w := range append(within, holder) {
		if err != nil || w == target || strings.HasPrefix(w, target+string(filepath.Separator)) {
			return
		}
	}
	s.scanTree(snap, target, rel, append(slices.Clip(within), target))
}

// diff lists the paths added, removed or modified from old to cur, sorted.
// A folder's own time changes with every file added to it; that is not a
// change of its own.
func diff(old, cur snapshot) []string {
	var out []string
	for p, s := range cur {
		o, ok := old[p]
		if !ok || o.dir != s.dir || (!s.dir && o != s) {
			out = append(out, p)
		}
	}
	for p := range old {
		if _, ok := cur[p]; !ok {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// settled compares a scan (cur) with the state last passed on (base) and
// returns what to pass on now and the new base. A file that has become
// empty, or has appeared empty, is held back until a second scan finds it
// the same as the one before (prev): an editor that saves by truncating
// a file and then writing it can be caught in between, and the preview
// would show "file is empty" until the next scan. A file really emptied
// is passed on one interval later; every other change at once.
func settled(base, prev, cur snapshot) ([]string, snapshot) {
	var out []string
	next, cloned := cur, false
	for _, p := range diff(base, cur) {
		c, ok := cur[p]
		if ok && !c.dir && c.size == 0 {
			b, was := base[p]
			if (!was || b.size > 0) && prev[p] != c {
				if !cloned {
					next, cloned = maps.Clone(cur), true // cur is the next call's prev
				}
				if was {
					next[p] = b
				} else {
					delete(next, p)
				}
				continue
			}
		}
		out = append(out, p)
	}
	return out, next
}

// runPoll scans every PollInterval and passes on what changed since base,
// until ctx ends.
func (s *source) runPoll(ctx context.Context, base snapshot) {
	t := time.NewTicker(s.opts.PollInterval)
	defer t.Stop()
	warned := false
	prev := base
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		select {
		case <-s.files.changed:
			// The files named are compared with what they were when
			// named.
			old := s.extra
			s.extra = s.files.take()
			for x := range old {
				if !s.opts.watched(x) { // else the scan of the tops has it
					delete(base, x)
					delete(prev, x)
				}
			}
			for x, st := range s.extra {
				if !s.opts.watched(x) && st.mod != -1 {
					base[x], prev[x] = st, st
				}
			}
		default:
		}
		cur, err := s.scan()
		if err != nil {
			// The folder itself is gone (or being replaced): keep the last
			// scan and look again next time.
			if !warned && !errors.Is(err, fs.ErrNotExist) {
				s.opts.Warn("polling: " + err.Error())
				warned = true
			}
			continue
		}
		warned = false
		var changed []string
		changed, base = settled(base, prev, cur)
		prev = cur
		for _, p := range changed {
			if !s.send(ctx, event{path: p}) {
				return
			}
		}
	}
}
