// Package watch reports changes to a folder. It takes the folder, the
// names at its root to watch (a briefing's site.yaml, content/, templates/
// and static/) and what to leave out (editors' temporary and swap files),
// and gives batches of changed paths: one batch per burst of changes (an
// editor's save-by-rename, a git checkout, a script writing 500 files).
// It follows the operating system's file events and falls back to polling
// where those fail. The preview server consumes the batches.
package watch

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// watched reports whether a path relative to the source folder (slash- or
// OS-separated) is one the watcher reports: one of the Tops or below one,
// and not, nor inside, anything Ignore leaves out (editors' temporary,
// swap and backup files, hidden folders).
func (o *Options) watched(rel string) bool {
	rel = filepath.ToSlash(rel)
	if rel == "" || strings.HasPrefix(rel, "/") {
		return false
	}
	rel = path.Clean(rel)
	top, rest, _ := strings.Cut(rel, "/")
	if !slices.Contains(o.Tops, top) {
		return false
	}
	for _, elem := range strings.Split(rest, "/") {
		if elem == ".." || (elem != "" && o.Ignore != nil && o.Ignore(elem)) {
			return false
		}
	}
	return true
}

// Batch is the changes of one burst.
type Batch struct {
	Paths []string // changed paths, slash-separated, relative to the source folder; each once, in the order first seen
	// Rescan is set when changes may have gone unseen (the kernel's event
	// queue overflowed, or watching switched to polling): treat the whole
	// source as changed.
	Rescan bool
}

// Timing of batches and polls.
const (
	// Debounce is the quiet time after the last change before a batch is
	// delivered: long enough to cover an editor's rename-and-write dance,
	// short enough not to be felt. An editor's save (write, or
	// write-then-rename) and a git checkout emit their events well under
	// a millisecond apart, so 20 ms of quiet ends a burst without adding
	// much to the edit-to-reload time, which has 250 ms to spend on a
	// 10,000-article briefing.
	Debounce = 20 * time.Millisecond
	// maxWait bounds how long a never-ending stream of changes can hold a
	// batch back.
	maxWait = time.Second
	// defaultPollInterval is Options.PollInterval's default.
	defaultPollInterval = 500 * time.Millisecond
)

// Options say what a Watcher watches and how.
type Options struct {
	// Tops are the names at the source folder's root to watch, files or
	// folders (with everything below them); nothing else is reported.
	Tops []string
	// Ignore says which names of files and folders to leave out; nil
	// leaves out none.
	Ignore func(name string) bool

	// Poll skips native file events and polls from the start (network
	// drives, some containers and VMs, where events never arrive).
	Poll bool
	// PollInterval is the time between two scans when polling.
	PollInterval time.Duration
	// Warn is told, in one line, when polling takes over because native
	// watching failed, or that it polls as asked; nil discards.
	Warn func(msg string)

	// addWatch replaces the native watcher's Add in tests, to make it
	// fail as an exhausted inotify limit does.
	addWatch func(dir string) error
}

// Watcher watches one source folder. Its batches come on Batches; Close
// stops it and closes that channel.
type Watcher struct {
	out     chan Batch
	cancel  context.CancelFunc
	done    chan struct{}
	polling chan struct{} // closed once polling has taken over
	files   *files
	src     *source
}

// files is the set Files last named, for whichever of native watching
// and polling runs to take, with each file as it was when named.
type files struct {
	mu      sync.Mutex
	named   snapshot
	changed chan struct{} // holds one signal while a set waits to be taken
}

func (f *files) take() snapshot {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.named
}

// Files sets the files outside the tops to watch as well, by path
// relative to the source folder: what else a build read (a map outline
// site.yaml names, data/outline.geojson). A change to one, or to a
// folder on its way, is reported under its path, from the time of the
// call: call it as soon as the build that read them ends. Each call
// replaces the set of the last.
func (w *Watcher) Files(paths []string) {
	named := snapshot{}
	for _, p := range paths {
		w.src.scanExtra(named, p)
		if _, ok := named[p]; !ok {
			named[p] = stat{mod: -1} // not there: there later is a change
		}
	}
	w.files.mu.Lock()
	w.files.named = named
	w.files.mu.Unlock()
	select {
	case w.files.changed <- struct{}{}:
	default: // already signalled: the new set is taken with it
	}
}

// event is what a source (native or polling) tells the batcher: a
// changed path, or that anything may have changed.
type event struct {
	path   string
	rescan bool
}

// New starts watching the source folder root. It fails only when root
// cannot be read at all; native watching that fails is reported through
// Options.Warn and replaced by polling.
func New(root string, opts Options) (*Watcher, error) {
	if opts.PollInterval <= 0 {
		opts.PollInterval = defaultPollInterval
	}
	if opts.Warn == nil {
		opts.Warn = func(string) {}
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	// Where links lead is found resolved, and must be told inside the
	// source: so must the source itself (a home folder that is a link,
	// macOS's /tmp and /var).
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		abs = r
	}
	if fi, err := os.Stat(abs); err != nil {
		return nil, err
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("%s: not a folder", root)
	}
	ctx, cancel := context.WithCancel(context.Background())
	w := &Watcher{
		out:     make(chan Batch),
		cancel:  cancel,
		done:    make(chan struct{}),
		polling: make(chan struct{}),
		files:   &files{changed: make(chan struct{}, 1)},
	}
	events := make(chan event, 256)
	src := &source{root: abs, opts: opts, events: events, files: w.files}
	w.src = src
	// Native watches are set up before New returns, so that a change made
	// right after New is seen.
	var n *native
	if !opts.Poll {
		n, err = src.startNative()
		if err != nil {
			opts.Warn(nativeFailed(err, opts.PollInterval))
		}
	} else {
		opts.Warn("polling for changes every " + opts.PollInterval.String())
	}
	var base snapshot
	if n == nil {
		// The baseline is taken now, for the same reason.
		base, _ = src.scan()
		close(w.polling)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(events)
		if n != nil {
			if !src.runNative(ctx, n) {
				return
			}
			base, _ = src.scan()
			close(w.polling)
			src.send(ctx, event{rescan: true})
		}
		src.runPoll(ctx, base)
	})
	wg.Go(func() { batch(ctx, events, w.out, Debounce, maxWait) })
	go func() {
		wg.Wait()
		close(w.out)
		close(w.done)
	}()
	return w, nil
}

// Batches delivers one batch per burst of changes. It is closed by Close.
// A batch waits, growing, until it is received: a slow consumer (a long
// rebuild) gets everything that changed meanwhile in its next batch.
func (w *Watcher) Batches() <-chan Batch { return w.out }

// Close stops the watcher, releases its OS resources and closes Batches.
// It waits for its goroutines to end and is safe to call more than once.
func (w *Watcher) Close() error {
	w.cancel() // a context's cancel may be called again
	<-w.done
	return nil
}

// batch collects events from in and delivers them on out, one Batch per
// burst: a batch is ready once debounce has passed with no new event, or
// maxWait after its first event. A ready batch waits, growing, until it is
// received. It returns when ctx ends or in closes.
func batch(ctx context.Context, in <-chan event, out chan<- Batch, debounce, maxWait time.Duration) {
	var (
		cur  Batch
		seen = map[string]bool{} // the paths in cur
		// Timers start stopped; since Go 1.23 a stopped or reset timer
		// never delivers a stale tick.
		quiet    = time.NewTimer(time.Hour)
		deadline = time.NewTimer(time.Hour)
		waiting  bool // events pending, timers running
		ready    bool // cur is offered on out
		forced   bool // ready because maxWait passed
	)
	quiet.Stop()
	deadline.Stop()
	defer quiet.Stop()
	defer deadline.Stop()
	for {
		var sendC chan<- Batch
		if ready {
			sendC = out
		}
		select {
		case <-ctx.Done():
			return
		case e, ok := <-in:
			if !ok {
				return
			}
			if e.rescan {
				cur.Rescan = true
			} else if !seen[e.path] {
				seen[e.path] = true
				cur.Paths = append(cur.Paths, e.path)
			}
			if ready && forced {
				// A never-ending stream: what comes now joins the batch
				// already due rather than hold it back again.
				continue
			}
			// The burst goes on: a batch that was ready but not yet taken
			// waits for quiet again, so a consumer busy with a long rebuild
			// does not get half a git checkout.
			ready = false
			quiet.Reset(debounce)
			if !waiting {
				deadline.Reset(maxWait)
				waiting = true
			}
		case <-quiet.C:
			deadline.Stop()
			ready, forced, waiting = true, false, false
		case <-deadline.C:
			quiet.Stop()
			ready, forced, waiting = true, true, false
		case sendC <- cur:
			cur, seen = Batch{}, map[string]bool{}
			ready, forced = false, false
		}
	}
}

// source turns file-system activity into events, natively or by polling.
type source struct {
	root   string
	opts   Options
	events chan<- event
	files  *files
	extra  snapshot // the set last taken from files, as named
	// extraReal maps where a named file that is a link leads to its
	// name (native watching).
	extraReal map[string]string
}

// seenExtra lists the files of s.extra that abs is, or is a folder on
// the way to: a change to it changes what a build reads there.
func (s *source) seenExtra(abs string) []string {
	var out []string
	for x := range s.extra {
		xabs := filepath.Join(s.root, filepath.FromSlash(x))
		if xabs == abs || strings.HasPrefix(xabs, abs+string(filepath.Separator)) {
			out = append(out, x)
		}
	}
	for real, x := range s.extraReal {
		if (real == abs || strings.HasPrefix(real, abs+string(filepath.Separator))) && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// send passes an event on unless the watcher is stopping.
func (s *source) send(ctx context.Context, e event) bool {
	select {
	case s.events <- e:
		return true
	case <-ctx.Done():
		return false
	}
}

// inside reports whether abs is below the source folder.
func (s *source) inside(abs string) bool {
	_, ok := s.rel(abs)
	return ok
}

// rel turns an absolute path under root into a slash path relative to it.
func (s *source) rel(abs string) (string, bool) {
	r, err := filepath.Rel(s.root, abs)
	if err != nil || r == "." || strings.HasPrefix(r, "..") {
		return "", false
	}
	return filepath.ToSlash(r), true
}
