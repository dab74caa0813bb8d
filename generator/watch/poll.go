package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// stat is what polling compares between two scans. Modification time and
// size together catch every save that editors and git make; a same-size
// rewrite within one timestamp tick would be missed, which native events
// do not miss.
type stat struct {
	mod  int64 // UnixNano
	size int64
	dir  bool
}

// snapshot is a scan of the watched paths, by slash path relative to the
// source root.
type snapshot map[string]stat

// scan lists the tops and everything under them that the options keep.
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
		top := filepath.Join(root, name)
		filepath.WalkDir(top, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if d != nil && d.IsDir() && p != top {
					return fs.SkipDir
				}
				return nil
			}
			rel, ok := s.rel(p)
			if !ok || !s.opts.watched(rel) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return nil
			}
			snap[rel] = stat{mod: info.ModTime().UnixNano(), size: info.Size(), dir: d.IsDir()}
			return nil
		})
	}
	return snap, nil
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

// runPoll scans every PollInterval and passes on what changed since base,
// until ctx ends.
func (s *source) runPoll(ctx context.Context, base snapshot) {
	t := time.NewTicker(s.opts.PollInterval)
	defer t.Stop()
	warned := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
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
		for _, p := range diff(base, cur) {
			if !s.send(ctx, event{path: p}) {
				return
			}
		}
		base = cur
	}
}
