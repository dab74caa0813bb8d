// Package serve is the preview server. It takes the source folder, a
// function that builds the site from it and the watcher's batches of
// changed files, and gives an HTTP handler that serves the last good
// build from memory, reloads every open page after each rebuild
// (Server-Sent Events; the client script is added to pages as they are
// served, never to build output) and shows a failed build's errors inside
// every page until a build succeeds again. Until the first build ends, a
// browser gets a page of its own whatever the path, showing the build's
// progress live (Options.Progress, on the same event stream) and
// reloading when it is done; other clients get 503 with Retry-After
// (handler.go, progress.go). It owns what makes a rebuild
// quick: a snapshot of the source that the watcher's batches invalidate
// (the build, given the same bytes, redoes nothing it has done).
package serve

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"briefing/generator/diag"
	"briefing/generator/progress"
	"briefing/generator/watch"
)

// Site is a built site as the server reads it: a render.Tree, whose
// pages render when first asked for.
type Site interface {
	Has(path string) bool
	Get(path string) ([]byte, error)
}

// Options configure a Server.
type Options struct {
	// Source is the briefing's source folder.
	Source fs.FS
	// Build builds the whole site from src, a snapshot of Source: a
	// tree, or every problem found.
	Build func(src fs.FS) (Site, diag.List)
	// Progress, when set, is the meter Build reports to: pages opened
	// before the first build is done show it, live.
	Progress *progress.Meter
	// Log receives one line per build, a failed build's errors and pages
	// that fail to render; nil discards. Requests write to it too, so it
	// must be safe for concurrent use.
	Log io.Writer
	// LoopbackOnly refuses requests that name a host other than localhost
	// or a loopback address. A page on another site can point a name it
	// controls at 127.0.0.1 (DNS rebinding) and read the preview through
	// the browser; checking the Host header stops that.
	LoopbackOnly bool
	// Exposed is set for a preview listening beyond loopback (--addr
	// 0.0.0.0:8080, :8080, a LAN address): the Host header must then name
	// an IP address, localhost, or one of Names, this machine's own names
	// in lower case (MachineNames). See hosts.go.
	Exposed bool
	Names   []string
	// Now is the clock for build times; nil means time.Now.
	Now func() time.Time
}

// Server is the preview server's state: what is served, and who to tell
// when it changes. Its zero value is not usable; call New.
type Server struct {
	opts     Options
	instance string // tells this run's generations from an earlier run's

	state   atomic.Pointer[state]
	buildMu sync.Mutex    // one build at a time, so generations follow builds
	n       uint64        // builds so far; under buildMu
	src     *snapshot     // under buildMu
	started atomic.Int64  // when the build under way started (Unix ns)
	hold    time.Duration // holdFailed; longer in tests, to be sure of it

	streams streams
}

// state is one generation of the server: swapped whole, so a request sees
// one complete build, never a mix.
type state struct {
	gen     string
	n       uint64    // the build's number: a state never replaces a later one
	tree    Site      // the last good build; nil until one succeeds
	errs    diag.List // the last build's problems; nil when it succeeded
	overlay []byte    // errs as HTML, ready to insert into pages
}

// New returns a Server with nothing built yet: until the first Rebuild,
// pages say the site is being built.
func New(opts Options) *Server {
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{opts: opts, instance: strconv.FormatInt(opts.Now().UnixNano(), 36), src: newSnapshot(opts.Source), hold: holdFailed,
		streams: streams{clients: map[chan struct{}]struct{}{}, quit: make(chan struct{})}}
	s.state.Store(&state{gen: s.instance + "-0"})
	return s
}

// Rebuild builds the site and serves the result: the new site when the
// build succeeds, or the last good one with the errors shown on every
// page. Either way every open page is told to reload. why says what
// prompted it, for the log line ("3 files changed"); "" means the first
// build.
func (s *Server) Rebuild(why string) {
	s.publish(why, s.build(watch.Batch{}))
}

// built is a build's result, not yet served.
type built struct {
	next *state
	took time.Duration
}

// build builds after the changes of b; publish serves the result.
func (s *Server) build(b watch.Batch) built {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	start := s.opts.Now()
	s.started.Store(start.UnixNano())
	// Invalidated here, between builds: a file read by a build under way
	// could otherwise be kept after its change was reported.
	s.src.invalidate(b)
	tree, errs := s.opts.Build(s.src)
	took := s.opts.Now().Sub(start)
	s.n++
	prev := s.state.Load()
	next := &state{gen: s.instance + "-" + strconv.FormatUint(s.n, 10), n: s.n, tree: tree}
	if len(errs) > 0 || tree == nil {
		if len(errs) == 0 {
			errs = diag.List{{Msg: "the build produced no site"}}
		}
		next.tree, next.errs = prev.tree, errs
		next.overlay = overlayHTML(errs, prev.tree != nil)
	}
	return built{next, took}
}

// publish logs a build and serves what it left, telling every open page
// to reload.
func (s *Server) publish(why string, r built) {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	if r.next.n < s.state.Load().n {
		return // a later build was served meanwhile (Rebuild beside Run)
	}
	// Logged before the pages change, so whoever sees the new pages (a
	// test, say) finds the log line already written.
	s.log(why, r.took, r.next)
	s.state.Store(r.next)
	s.streams.notify()
}

// holdFailed is how long a failed rebuild waits for more changes before
// its errors are shown: a git checkout, or any tool writing many files,
// may pause longer than the watcher's quiet time between two of them,
// and a build of the half-written source fails where the whole would
// not. A build that succeeds is shown at once, and a failure at the
// latest after maxHold, however many changes keep coming.
const (
	holdFailed = 250 * time.Millisecond
	maxHold    = 2 * time.Second
)

// log writes the line of a build that took took and left st; why is as
// Rebuild was given it.
func (s *Server) log(why string, took time.Duration, st *state) {
	w := s.opts.Log
	verb := "rebuilt"
	if why == "" {
		verb = "built"
	} else {
		why = " (" + why + ")"
	}
	if len(st.errs) == 0 {
		// No page count: counting would make the tree render its search
		// index, which it otherwise does only when a page asks for it.
		fmt.Fprintf(w, "%s in %s%s\n", verb, progress.Took(took), why)
		return
	}
	st.errs.Print(w)
	if st.tree != nil {
		fmt.Fprintf(w, "build failed in %s%s: still serving the last good site, with the errors shown in every page\n", progress.Took(took), why)
	} else {
		fmt.Fprintf(w, "build failed in %s%s: pages show the errors until a build succeeds\n", progress.Took(took), why)
	}
}

// Run rebuilds once per batch of changes until ctx ends or batches is
// closed. A build under way when ctx ends runs to its end first.
func (s *Server) Run(ctx context.Context, batches <-chan watch.Batch) {
	for {
		select {
		case <-ctx.Done():
			return
		case b, ok := <-batches:
			if !ok {
				return
			}
			r := s.build(b)
			for deadline := s.opts.Now().Add(max(maxHold, s.hold)); len(r.next.errs) > 0 && s.opts.Now().Before(deadline); {
				more, ok := s.moreChanges(ctx, batches)
				if !ok {
					break
				}
				// The log line tells the changes of both.
				b = watch.Batch{Paths: slices.Compact(slices.Sorted(slices.Values(slices.Concat(b.Paths, more.Paths)))), Rescan: b.Rescan || more.Rescan}
				r = s.build(more)
			}
			s.publish(describe(b), r)
		}
	}
}

// moreChanges waits holdFailed for another batch of changes, after a
// build failed.
func (s *Server) moreChanges(ctx context.Context, batches <-chan watch.Batch) (watch.Batch, bool) {
	t := time.NewTimer(s.hold)
	defer t.Stop()
	select {
	case b, ok := <-batches:
		return b, ok
	case <-t.C:
	case <-ctx.Done():
	}
	return watch.Batch{}, false
}

// describe says what a batch changed, for the log line.
func describe(b watch.Batch) string {
	if b.Rescan {
		return "files may have changed unseen: full rebuild"
	}
	if len(b.Paths) == 1 {
		return "1 file changed: " + b.Paths[0]
	}
	return strconv.Itoa(len(b.Paths)) + " files changed"
}

// Close ends every open event stream and refuses new ones, so that an
// http.Server's Shutdown, which waits for requests to finish, can finish.
// Pages keep being served until the listener closes.
func (s *Server) Close() { s.streams.close() }
