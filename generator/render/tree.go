package render

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"briefing/generator/parallel"
	"briefing/generator/progress"
)

// Tree is a rendered site: every file by path (slash-separated, relative
// to the site root). Files are rendered when first asked for, so a build
// can stream 11,000 pages to disk without holding them all, and the
// preview server renders only the pages a reader opens after an edit.
// A Tree never changes once made; it is safe for concurrent use.
type Tree struct {
	entries   map[string]*entry
	pathsOnce sync.Once
	paths     []string // sorted

	// lazy computes files whose names are not known in advance (the search
	// index), handing each to emit as it is made; the data is emit's only
	// until it returns (lazy writes the next file into the same memory).
	// Get and Paths run it once and keep copies of its files; Each writes
	// them as they come and keeps nothing.
	lazyOnce  sync.Once
	lazy      func(emit func(path string, data []byte))
	lazyFiles map[string][]byte
	lazyDir   string // the folder lazy files are in ("search/")

	// meter, when set, counts the pages Each and EachInOrder hand over
	// (Options.Progress).
	meter *progress.Meter
}

// entry is one file: a pure render function, and its result once kept.
type entry struct {
	// render appends the file to dst and returns the result. The result
	// must be dst (grown) or memory nobody else holds: Each reuses it for
	// the next file once its callback returns.
	render func(dst []byte) ([]byte, error)

	mu   sync.Mutex
	kept bool
	data []byte
	err  error
}

// get renders the file once and keeps it.
func (e *entry) get() ([]byte, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.kept {
		e.data, e.err = e.render(nil)
		e.kept = true
	}
	return e.data, e.err
}

// peek returns the kept file, or renders it into dst without keeping it;
// owned says the result is the caller's to reuse.
func (e *entry) peek(dst []byte) (data []byte, owned bool, err error) {
	e.mu.Lock()
	if e.kept {
		defer e.mu.Unlock()
		return e.data, false, e.err
	}
	e.mu.Unlock()
	data, err = e.render(dst)
	return data, true, err
}

func newTree() *Tree { return &Tree{entries: map[string]*entry{}} }

func (t *Tree) add(path string, render func(dst []byte) ([]byte, error)) {
	t.entries[path] = &entry{render: render}
}

func (t *Tree) addData(path string, data []byte) {
	t.entries[path] = &entry{kept: true, data: data}
}

// buffers are the page buffers of Each and EachInOrder: a page is
// rendered into one, handed to the callback, and the buffer goes back for
// the next page, so a build allocates a few dozen page buffers instead of
// 11,000 (and the garbage collector has that much less to do). A channel,
// not a sync.Pool: a pool is emptied by every other collection, which a
// build makes dozens of.
var buffers = make(chan *[]byte, 32)

// maxPooled keeps an occasional huge file's buffer (briefing.json) out of
// the free list.
const maxPooled = 1 << 20

func getBuffer() *[]byte {
	select {
	case b := <-buffers:
		return b
	default:
		return new([]byte)
	}
}

// putBuffer returns b to the free list holding data's memory (data is
// b's contents grown, or a fresh slice the renderer made).
func putBuffer(b *[]byte, data []byte) {
	if cap(data) > maxPooled {
		data = nil
	}
	*b = data[:0]
	select {
	case buffers <- b:
	default:
	}
}

func (t *Tree) lazyFilesOnce() map[string][]byte {
	if t.lazy == nil {
		return nil
	}
	t.lazyOnce.Do(func() {
		t.lazyFiles = map[string][]byte{}
		t.lazy(func(p string, data []byte) { t.lazyFiles[p] = bytes.Clone(data) })
	})
	return t.lazyFiles
}

// Paths returns every file path, sorted.
func (t *Tree) Paths() []string {
	t.pathsOnce.Do(func() {
		ps := make([]string, 0, len(t.entries))
		for p := range t.entries {
			ps = append(ps, p)
		}
		for p := range t.lazyFilesOnce() {
			ps = append(ps, p)
		}
		sort.Strings(ps)
		t.paths = ps
	})
	return t.paths
}

// Has reports whether path is a file of the site, without rendering it.
func (t *Tree) Has(path string) bool {
	if _, ok := t.entries[path]; ok {
		return true
	}
	if t.lazyDir != "" && strings.HasPrefix(path, t.lazyDir) {
		_, ok := t.lazyFilesOnce()[path]
		return ok
	}
	return false
}

// errNotFound is returned for a path the site does not have.
var errNotFound = errors.New("no such file in the site")

// Get returns a file, rendering it the first time and keeping it.
func (t *Tree) Get(path string) ([]byte, error) {
	if e, ok := t.entries[path]; ok {
		return e.get()
	}
	if t.lazyDir != "" && strings.HasPrefix(path, t.lazyDir) {
		if data, ok := t.lazyFilesOnce()[path]; ok {
			return data, nil
		}
	}
	return nil, errNotFound
}

// Pages counts the HTML pages. The lazy files are scripts, not pages:
// counting leaves them unmade.
func (t *Tree) Pages() int {
	n := 0
	for p := range t.entries {
		if isPage(p) {
			n++
		}
	}
	return n
}

// countPages tells the meter how many of paths are pages.
func (t *Tree) countPages(paths []string) {
	if t.meter == nil {
		return
	}
	n := 0
	for _, p := range paths {
		if isPage(p) {
			n++
		}
	}
	t.meter.Count(n)
}

// pageDone counts one page handed over.
func (t *Tree) pageDone(p string) {
	if t.meter != nil && isPage(p) {
		t.meter.Add(1)
	}
}

func isPage(p string) bool { return strings.HasSuffix(p, ".html") }

// Each renders every file on all cores and calls f with it, concurrently
// and in no particular order. Files rendered by Each are not kept, so
// memory stays bounded by what f holds; data is f's only until f returns
// (its buffer then holds the next file). It stops at the first error.
func (t *Tree) Each(f func(path string, data []byte) error) error {
	var mu sync.Mutex
	var first error
	fail := func(p string, err error) {
		mu.Lock()
		if first == nil {
			first = fmt.Errorf("%s: %w", p, err)
		}
		mu.Unlock()
	}
	failed := func() bool { mu.Lock(); defer mu.Unlock(); return first != nil }
	// The pages are counted before any file is handed over, the search
	// index's included: a meter never shows a file done of none.
	known := make([]string, 0, len(t.entries))
	for p := range t.entries {
		known = append(known, p)
	}
	sort.Strings(known)
	t.countPages(known)
	// The lazy files (the search index) are made alongside the pages
	// rather than before them (its merge runs on one core), and each is
	// handed over as it is made.
	lazyDone := make(chan struct{})
	go func() {
		defer close(lazyDone)
		if t.lazy == nil {
			return
		}
		t.lazy(func(p string, data []byte) {
			if failed() {
				return
			}
			if err := f(p, data); err != nil {
				fail(p, err)
			}
		})
	}()
	parallel.For(len(known), func(i int) {
		if failed() {
			return
		}
		buf := getBuffer()
		data, owned, err := t.entries[known[i]].peek(*buf)
		if err == nil {
			err = f(known[i], data)
			t.pageDone(known[i])
		}
		if owned {
			putBuffer(buf, data)
		} else {
			putBuffer(buf, *buf)
		}
		if err != nil {
			fail(known[i], err)
		}
	})
	<-lazyDone
	return first
}

// EachInOrder calls f for every file in path order, rendering ahead on all
// cores a window at a time (for the zip, whose entries are written one
// after another).
func (t *Tree) EachInOrder(f func(path string, data []byte) error) error {
	paths := t.Paths()
	t.countPages(paths)
	const window = 256
	bufs := make([]*[]byte, window)
	datas := make([][]byte, window)
	owned := make([]bool, window)
	errs := make([]error, window)
	for start := 0; start < len(paths); start += window {
		end := min(start+window, len(paths))
		parallel.For(end-start, func(i int) {
			p := paths[start+i]
			if e, ok := t.entries[p]; ok {
				bufs[i] = getBuffer()
				datas[i], owned[i], errs[i] = e.peek(*bufs[i])
				return
			}
			bufs[i], owned[i] = nil, false
			datas[i], errs[i] = t.Get(p)
		})
		var err error
		for i := range end - start {
			if err == nil {
				if errs[i] != nil {
					err = fmt.Errorf("%s: %w", paths[start+i], errs[i])
				} else {
					err = f(paths[start+i], datas[i])
					t.pageDone(paths[start+i])
				}
			}
			if bufs[i] != nil {
				if owned[i] {
					putBuffer(bufs[i], datas[i])
				} else {
					putBuffer(bufs[i], *bufs[i])
				}
			}
			datas[i] = nil
		}
		if err != nil {
			return err
		}
	}
	return nil
}
