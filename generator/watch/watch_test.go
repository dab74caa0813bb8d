package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"briefing/generator/srcfile"
)

// briefing is what briefing serve watches.
var briefing = Options{Tops: srcfile.Tops, Ignore: srcfile.Ignored}

func TestWatched(t *testing.T) {
	tests := []struct {
		path string
		ok   bool
	}{
		{"site.yaml", true},
		{"./site.yaml", true},
		{"content", true},
		{"content/cities/hama.md", true},
		{"content/cities", true},
		{"content/people/new-kind/deep.md", true},
		{"templates", true},
		{"templates/base.html", true},
		{"templates/partials/x.html", true},
		{"static/css/briefing.css", true},
		{"static/map/syria-50m.geojson", true},

		// Outside the watched set.
		{"", false},
		{"/site.yaml", false},
		{"site.yml", false},
		{"README.md", false},
		{"public/index.html", false},
		{"public", false},
		{"contents/x.md", false},
		{"../content/x.md", false},
		{".git/HEAD", false},

		// Editors' temporary, swap and backup files.
		{"content/cities/.hama.md.swp", false},
		{"content/cities/.hama.md.swx", false},
		{"content/cities/hama.md~", false},
		{"content/cities/4913", false},
		{"content/cities/hama.md___jb_tmp___", false},
		{"content/cities/hama.md___jb_old___", false},
		{"content/cities/.#hama.md", false},
		{"content/cities/#hama.md#", false},
		{"content/cities/hama.md.tmp", false},
		{"static/.DS_Store", false},
		{"templates/Thumbs.db", false},
		// Anything inside a hidden folder.
		{"content/.git/config", false},
		{"static/.cache/x.css", false},
	}
	for _, tt := range tests {
		if ok := briefing.watched(tt.path); ok != tt.ok {
			t.Errorf("watched(%q) = %v, want %v", tt.path, ok, tt.ok)
		}
	}
}

// The batcher's timing is tested in a synctest bubble, where time is
// virtual: the assertions are exact and the test takes no real time.
func TestBatch(t *testing.T) {
	const debounce, maxWait = 75 * time.Millisecond, time.Second
	type harness struct {
		in  chan event
		out chan Batch
	}
	start := func(t *testing.T) harness {
		ctx, cancel := context.WithCancel(t.Context())
		h := harness{in: make(chan event), out: make(chan Batch)}
		done := make(chan struct{})
		go func() {
			batch(ctx, h.in, h.out, debounce, maxWait)
			close(done)
		}()
		t.Cleanup(func() { cancel(); <-done })
		return h
	}
	change := func(p string) event { return event{path: p} }
	// received drains what is ready now, without waiting.
	received := func(h harness) []Batch {
		var got []Batch
		for {
			synctest.Wait()
			select {
			case b := <-h.out:
				got = append(got, b)
			default:
				return got
			}
		}
	}

	t.Run("burst becomes one batch", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			h := start(t)
			for i := range 500 {
				h.in <- change(fmt.Sprintf("content/articles/a%03d.md", i%250))
				time.Sleep(time.Millisecond)
			}
			if got := received(h); len(got) != 0 {
				t.Fatalf("batch delivered during the burst: %d", len(got))
			}
			time.Sleep(debounce)
			got := received(h)
			if len(got) != 1 {
				t.Fatalf("got %d batches, want 1", len(got))
			}
			if n := len(got[0].Paths); n != 250 {
				t.Errorf("batch has %d changes, want 250 (each path once)", n)
			}
			if got[0].Paths[0] != "content/articles/a000.md" {
				t.Errorf("first change %q, want the first path seen", got[0].Paths[0])
			}
		})
	})

	t.Run("two bursts, two batches", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			h := start(t)
			h.in <- change("content/a.md")
			time.Sleep(2 * debounce)
			got := received(h)
			h.in <- change("content/b.md")
			time.Sleep(2 * debounce)
			got = append(got, received(h)...)
			if len(got) != 2 || got[0].Paths[0] != "content/a.md" || got[1].Paths[0] != "content/b.md" {
				t.Fatalf("got %+v, want a.md then b.md", got)
			}
		})
	})

	t.Run("never-ending stream still delivers", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			h := start(t)
			var got []Batch
			for i := range 500 { // 5 s of a change every 10 ms
				h.in <- change(fmt.Sprintf("content/a%d.md", i))
				time.Sleep(10 * time.Millisecond)
				got = append(got, received(h)...)
			}
			if len(got) < 4 || len(got) > 5 {
				t.Fatalf("got %d batches in 5 s with max wait %v, want 4 or 5", len(got), maxWait)
			}
		})
	})

	t.Run("busy consumer gets one grown batch after quiet", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			h := start(t)
			h.in <- change("content/a.md")
			time.Sleep(2 * debounce) // ready, but nobody receives
			// A new burst while the batch waits: it must not be handed over
			// half-way through.
			for i := range 20 {
				h.in <- change(fmt.Sprintf("content/b%d.md", i))
				time.Sleep(5 * time.Millisecond)
			}
			synctest.Wait()
			select {
			case b := <-h.out:
				t.Fatalf("batch of %d handed over mid-burst", len(b.Paths))
			default:
			}
			time.Sleep(debounce)
			got := received(h)
			if len(got) != 1 || len(got[0].Paths) != 21 {
				t.Fatalf("got %d batches (%+v), want 1 with 21 changes", len(got), got)
			}
		})
	})

	t.Run("rescan", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			h := start(t)
			h.in <- event{rescan: true}
			time.Sleep(debounce)
			got := received(h)
			if len(got) != 1 || !got[0].Rescan {
				t.Fatalf("got %+v, want one rescan batch", got)
			}
		})
	})

	t.Run("closed input ends it", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			in, out := make(chan event), make(chan Batch)
			done := make(chan struct{})
			go func() { batch(t.Context(), in, out, debounce, maxWait); close(done) }()
			in <- change("content/a.md")
			close(in)
			<-done
		})
	})
}

// modes runs a test with native events and with polling.
func modes(t *testing.T, f func(t *testing.T, opts Options)) {
	t.Run("native", func(t *testing.T) { f(t, Options{}) })
	t.Run("poll", func(t *testing.T) { f(t, Options{Poll: true, PollInterval: 50 * time.Millisecond}) })
}

// tree is a source folder in a temporary directory, with a watcher on it.
type tree struct {
	t    *testing.T
	root string
	w    *Watcher
	mu   sync.Mutex
	warn []string
}

func newTree(t *testing.T, opts Options, files map[string]string) *tree {
	tr := &tree{t: t, root: t.TempDir()}
	for p, s := range files {
		tr.write(p, s)
	}
	opts.Tops, opts.Ignore = briefing.Tops, briefing.Ignore
	opts.Warn = func(msg string) {
		tr.mu.Lock()
		tr.warn = append(tr.warn, msg)
		tr.mu.Unlock()
	}
	w, err := New(tr.root, opts)
	if err != nil {
		t.Fatal(err)
	}
	tr.w = w
	t.Cleanup(func() { w.Close() })
	return tr
}

func (tr *tree) abs(p string) string { return filepath.Join(tr.root, filepath.FromSlash(p)) }

func (tr *tree) write(p, s string) {
	tr.t.Helper()
	if err := os.MkdirAll(filepath.Dir(tr.abs(p)), 0o755); err != nil {
		tr.t.Fatal(err)
	}
	if err := os.WriteFile(tr.abs(p), []byte(s), 0o644); err != nil {
		tr.t.Fatal(err)
	}
}

func (tr *tree) rename(from, to string) {
	tr.t.Helper()
	if err := os.Rename(tr.abs(from), tr.abs(to)); err != nil {
		tr.t.Fatal(err)
	}
}

func (tr *tree) remove(p string) {
	tr.t.Helper()
	if err := os.RemoveAll(tr.abs(p)); err != nil {
		tr.t.Fatal(err)
	}
}

func (tr *tree) warnings() string {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return strings.Join(tr.warn, "\n")
}

// until receives batches until every path in want has been reported, and
// returns the batches and every path seen. It fails after 10 s.
func (tr *tree) until(want ...string) ([]Batch, map[string]bool) {
	tr.t.Helper()
	seen := map[string]bool{}
	var batches []Batch
	timeout := time.After(10 * time.Second)
	for {
		missing := slices.DeleteFunc(slices.Clone(want), func(p string) bool { _, ok := seen[p]; return ok })
		if len(missing) == 0 {
			return batches, seen
		}
		select {
		case b, ok := <-tr.w.Batches():
			if !ok {
				tr.t.Fatalf("batches closed while waiting for %v", missing)
			}
			batches = append(batches, b)
			for _, p := range b.Paths {
				seen[p] = true
			}
		case <-timeout:
			tr.t.Fatalf("no change reported for %v within 10 s; saw %v", missing, keys(seen))
		}
	}
}

// settle drops batches until none has come for half a second.
func (tr *tree) settle() {
	for {
		select {
		case _, ok := <-tr.w.Batches():
			if !ok {
				tr.t.Fatal("batches closed")
			}
		case <-time.After(500 * time.Millisecond):
			return
		}
	}
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var shipped = map[string]string{
	"site.yaml":               "title: t\n",
	"content/cities/hama.md":  "---\nname: Hama\n---\n",
	"content/cities/homs.md":  "---\nname: Homs\n---\n",
	"content/articles/a.md":   "---\ntitle: A\ndate: 2024-12-05\n---\n",
	"static/css/briefing.css": "body{}\n",
	"public/index.html":       "built\n",
}

func TestWatchChanges(t *testing.T) {
	modes(t, func(t *testing.T, opts Options) {
		tr := newTree(t, opts, shipped)

		t.Run("write", func(t *testing.T) {
			tr.write("content/cities/hama.md", "---\nname: Hama city\n---\n")
			tr.until("content/cities/hama.md")
		})
		t.Run("config", func(t *testing.T) {
			tr.write("site.yaml", "title: u\n")
			tr.until("site.yaml")
		})
		t.Run("vim save", func(t *testing.T) {
			// vim with backupcopy=no: probe file 4913, rename the original
			// to a backup, write anew, delete the backup.
			tr.write("content/cities/4913", "")
			tr.remove("content/cities/4913")
			tr.rename("content/cities/hama.md", "content/cities/hama.md~")
			tr.write("content/cities/hama.md", "---\nname: Hama (vim)\n---\n")
			tr.remove("content/cities/hama.md~")
			_, seen := tr.until("content/cities/hama.md")
			for p := range seen {
				if p != "content/cities/hama.md" {
					t.Errorf("reported %q; editor files must be ignored", p)
				}
			}
		})
		t.Run("jetbrains save", func(t *testing.T) {
			tr.write("content/cities/homs.md___jb_tmp___", "---\nname: Homs (idea)\n---\n")
			tr.rename("content/cities/homs.md", "content/cities/homs.md___jb_old___")
			tr.rename("content/cities/homs.md___jb_tmp___", "content/cities/homs.md")
			tr.remove("content/cities/homs.md___jb_old___")
			_, seen := tr.until("content/cities/homs.md")
			for p := range seen {
				if p != "content/cities/homs.md" {
					t.Errorf("reported %q; editor files must be ignored", p)
				}
			}
		})
		t.Run("rename over", func(t *testing.T) {
			// VS Code and most "atomic save" code: a temporary file renamed
			// onto the target.
			tr.write("content/cities/.hama.md.tmp", "---\nname: Hama (atomic)\n---\n")
			tr.rename("content/cities/.hama.md.tmp", "content/cities/hama.md")
			tr.until("content/cities/hama.md")
		})
		t.Run("new folder", func(t *testing.T) {
			tr.write("content/cities/new/deep/x.md", "a")
			tr.until("content/cities/new/deep/x.md")
			// The new folder is watched: a later edit in it is seen.
			tr.write("content/cities/new/deep/x.md", "b")
			tr.until("content/cities/new/deep/x.md")
		})
		t.Run("new top folder", func(t *testing.T) {
			tr.write("templates/partials/p.html", "{{define \"x\"}}{{end}}")
			tr.until("templates/partials/p.html")
			tr.write("templates/partials/p.html", "changed")
			tr.until("templates/partials/p.html")
		})
		t.Run("rename folder", func(t *testing.T) {
			tr.rename("content/cities/new", "content/cities/renamed")
			tr.until("content/cities/new", "content/cities/renamed")
			// Sub-folders are now reported under their new names.
			tr.write("content/cities/renamed/deep/x.md", "c")
			_, seen := tr.until("content/cities/renamed/deep/x.md")
			if _, ok := seen["content/cities/new/deep/x.md"]; ok {
				t.Error("change reported at the folder's old path")
			}
		})
		t.Run("permissions", func(t *testing.T) {
			// A file made unreadable, or readable again, builds
			// otherwise: each is a change, though no byte changed.
			for _, mode := range []os.FileMode{0o000, 0o644} {
				tr.settle()
				if err := os.Chmod(tr.abs("content/cities/hama.md"), mode); err != nil {
					t.Fatal(err)
				}
				tr.until("content/cities/hama.md")
			}
		})
		t.Run("delete file", func(t *testing.T) {
			tr.remove("content/articles/a.md")
			tr.until("content/articles/a.md")
		})
		t.Run("delete folder and recreate", func(t *testing.T) {
			tr.remove("content/cities/renamed")
			tr.until("content/cities/renamed")
			tr.write("content/cities/renamed/deep/y.md", "d")
			tr.until("content/cities/renamed/deep/y.md")
		})
		t.Run("ignored only", func(t *testing.T) {
			// Nothing to report for these; the marker that follows must be
			// the only change. A late second report of the last test's
			// file (its folder's scan, then its write, in two batches on
			// a busy machine) is not one of these: let it pass first.
			tr.settle()
			tr.write("content/cities/.hama.md.swp", "swap")
			tr.write("content/cities/hama.md~", "backup")
			tr.write("public/index.html", "rebuilt")
			tr.write("README.md", "x")
			tr.write("content/.git/index", "x")
			tr.write("static/marker.css", "x")
			_, seen := tr.until("static/marker.css")
			if len(seen) != 1 {
				t.Errorf("reported %v, want only static/marker.css", keys(seen))
			}
		})
		t.Run("burst", func(t *testing.T) {
			var want []string
			// A pause of the debounce time in the middle of the writes (a
			// slow disk, a loaded test machine) may split the burst once
			// more; when polling, so may each scan that falls while they
			// go on.
			allowed, last, start := 2, time.Now(), time.Now()
			for i := range 200 {
				p := fmt.Sprintf("content/articles/burst-%03d.md", i)
				want = append(want, p)
				tr.write(p, "x")
				if time.Since(last) > Debounce {
					allowed++
				}
				last = time.Now()
			}
			if opts.Poll {
				allowed += int(time.Since(start) / opts.PollInterval)
			}
			batches, _ := tr.until(want...)
			if len(batches) > allowed {
				t.Errorf("200 writes in %v gave %d batches, want 1 (at most %d)", time.Since(start), len(batches), allowed)
			}
		})
		if w := tr.warnings(); opts.Poll != strings.Contains(w, "polling") || strings.Contains(w, "failed") {
			t.Errorf("warnings: %q", w)
		}
	})
}

func TestFallbackToPolling(t *testing.T) {
	t.Run("at start", func(t *testing.T) {
		tr := newTree(t, Options{PollInterval: 50 * time.Millisecond, addWatch: func(string) error { return syscall.ENOSPC }}, shipped)
		if !tr.w.isPolling() {
			t.Fatal("not polling after native watching failed")
		}
		if w := tr.warnings(); !strings.Contains(w, "inotify watch limit") || !strings.Contains(w, "polling") {
			t.Errorf("warning %q does not say why and what instead", w)
		}
		tr.write("content/cities/hama.md", "changed")
		tr.until("content/cities/hama.md")
	})
	t.Run("when a new folder cannot be watched", func(t *testing.T) {
		var mu sync.Mutex
		full := false
		hook := func(string) error {
			mu.Lock()
			defer mu.Unlock()
			if full {
				return syscall.ENOSPC
			}
			return nil
		}
		tr := newTree(t, Options{PollInterval: 50 * time.Millisecond, addWatch: hook}, shipped)
		if tr.w.isPolling() {
			t.Fatal("polling from the start")
		}
		mu.Lock()
		full = true
		mu.Unlock()
		tr.write("content/cities/more/x.md", "x")
		batches, _ := tr.until("content/cities/more")
		// The switch may lose events: it asks for a full rebuild. Under
		// load the new folder's own event can be delivered in a batch of
		// its own before the failed watch switches to polling, so the
		// rescan may come in a later batch.
		rescan := func(b Batch) bool { return b.Rescan }
		for deadline := time.After(10 * time.Second); !slices.ContainsFunc(batches, rescan); {
			select {
			case b, ok := <-tr.w.Batches():
				if !ok {
					t.Fatal("batches closed")
				}
				batches = append(batches, b)
				continue
			case <-deadline:
			}
			t.Error("no rescan batch after the switch to polling")
			break
		}
		if !tr.w.isPolling() {
			t.Fatal("not polling after the watch limit was hit")
		}
		if w := tr.warnings(); !strings.Contains(w, "inotify watch limit") {
			t.Errorf("warning %q", w)
		}
		// Polling sees changes below the new folder.
		tr.write("content/cities/more/x.md", "changed")
		tr.until("content/cities/more/x.md")
	})
}

func TestNewFails(t *testing.T) {
	if _, err := New(filepath.Join(t.TempDir(), "missing"), Options{}); err == nil {
		t.Error("New on a missing folder: no error")
	}
}

func TestCloseStops(t *testing.T) {
	modes(t, func(t *testing.T, opts Options) {
		before := runtime.NumGoroutine()
		root := t.TempDir()
		os.WriteFile(filepath.Join(root, "site.yaml"), []byte("x"), 0o644)
		opts.Tops, opts.Ignore = briefing.Tops, briefing.Ignore
		w, err := New(root, opts)
		if err != nil {
			t.Fatal(err)
		}
		// Pending changes nobody receives must not keep it alive.
		os.WriteFile(filepath.Join(root, "site.yaml"), []byte("y"), 0o644)
		w.Close()
		w.Close()
		if _, ok := <-w.Batches(); ok {
			t.Error("Batches not closed")
		}
		deadline := time.Now().Add(5 * time.Second)
		for runtime.NumGoroutine() > before {
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<16)
				t.Fatalf("goroutines left after Close: %d > %d\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
}

// isPolling reports whether the watcher polls (by request, or because
// native watching failed).
func (w *Watcher) isPolling() bool {
	select {
	case <-w.polling:
		return true
	default:
		return false
	}
}

// A scan can fall between an editor's truncation of a file and its
// write: the file it finds empty is passed on only when the next scan
// finds it the same, so the preview never builds a briefing with a
// half-saved file in it.
func TestPollHoldsNewlyEmptyFiles(t *testing.T) {
	full := stat{mod: 1, size: 40}
	empty := stat{mod: 2}
	saved := stat{mod: 3, size: 42}
	type scan struct {
		cur  snapshot
		want []string
	}
	tests := []struct {
		name  string
		base  snapshot
		scans []scan
	}{
		{"truncated then written", snapshot{"a.md": full}, []scan{
			{snapshot{"a.md": empty}, nil},
			{snapshot{"a.md": saved}, []string{"a.md"}},
			{snapshot{"a.md": saved}, nil},
		}},
		{"truncated then written back as it was", snapshot{"a.md": full}, []scan{
			{snapshot{"a.md": empty}, nil},
			{snapshot{"a.md": full}, nil},
		}},
		{"emptied for good", snapshot{"a.md": full}, []scan{
			{snapshot{"a.md": empty}, nil},
			{snapshot{"a.md": empty}, []string{"a.md"}},
			{snapshot{"a.md": empty}, nil},
		}},
		{"emptied, then touched", snapshot{"a.md": full}, []scan{
			{snapshot{"a.md": empty}, nil},
			{snapshot{"a.md": {mod: 5}}, nil},
			{snapshot{"a.md": {mod: 5}}, []string{"a.md"}},
		}},
		{"created empty, then written", snapshot{}, []scan{
			{snapshot{"b.md": empty}, nil},
			{snapshot{"b.md": saved}, []string{"b.md"}},
		}},
		{"created empty for good", snapshot{}, []scan{
			{snapshot{"b.md": empty}, nil},
			{snapshot{"b.md": empty}, []string{"b.md"}},
		}},
		{"an empty file touched", snapshot{"b.md": empty}, []scan{
			{snapshot{"b.md": {mod: 9}}, []string{"b.md"}},
		}},
		{"other changes at once", snapshot{"a.md": full, "c.md": full, "d": {dir: true}}, []scan{
			{snapshot{"a.md": saved, "d": {mod: 4, dir: true}, "d/e.md": saved}, []string{"a.md", "c.md", "d/e.md"}},
		}},
		{"held beside a change", snapshot{"a.md": full, "c.md": full}, []scan{
			{snapshot{"a.md": empty, "c.md": saved}, []string{"c.md"}},
			{snapshot{"a.md": saved, "c.md": saved}, []string{"a.md"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, prev := tt.base, tt.base
			for i, s := range tt.scans {
				var got []string
				got, base = settled(base, prev, s.cur)
				prev = s.cur
				if !slices.Equal(got, s.want) {
					t.Fatalf("scan %d: passed on %q, want %q", i+1, got, s.want)
				}
			}
		})
	}
}

// A build follows links that stay inside the source: a kind's folder, the
// static folder or one content file may be a link to elsewhere in it. A
// change where a link leads is reported under the link's path, which is
// where the build reads it.
func TestWatchThroughLinks(t *testing.T) {
	modes(t, func(t *testing.T, opts Options) {
		tr := &tree{t: t, root: t.TempDir()}
		tr.write("site.yaml", "title: t\n")
		tr.write("content/cities/hama.md", "---\nname: Hama\n---\n")
		tr.write("people-real/mark.md", "---\nname: Mark\n---\n")
		tr.write("assets/css/site.css", "body{}\n")
		tr.write("drafts/homs.md", "---\nname: Homs\n---\n")
		tr.write("drafts/other.md", "not linked\n")
		link := func(target, at string) {
			t.Helper()
			if err := os.Symlink(target, tr.abs(at)); err != nil {
				t.Skip("no symbolic links here:", err)
			}
		}
		link("../people-real", "content/people")
		link("assets", "static")
		link("../../drafts/homs.md", "content/cities/homs.md")
		link("..", "content/cities/loop") // leads round: the build refuses it, the watcher must not hang
		opts.Tops, opts.Ignore = briefing.Tops, briefing.Ignore
		opts.Warn = func(string) {}
		w, err := New(tr.root, opts)
		if err != nil {
			t.Fatal(err)
		}
		tr.w = w
		t.Cleanup(func() { w.Close() })

		t.Run("linked folder", func(t *testing.T) {
			tr.write("people-real/mark.md", "---\nname: Mark L\n---\n")
			tr.until("content/people/mark.md")
		})
		t.Run("new file and folder in a linked folder", func(t *testing.T) {
			tr.write("people-real/new.md", "x")
			tr.write("people-real/sub/deep.md", "x")
			tr.until("content/people/new.md", "content/people/sub/deep.md")
			tr.write("people-real/sub/deep.md", "y")
			tr.until("content/people/sub/deep.md")
		})
		t.Run("linked top", func(t *testing.T) {
			tr.write("assets/css/site.css", "body{color:red}\n")
			tr.until("static/css/site.css")
		})
		t.Run("linked file", func(t *testing.T) {
			tr.settle()
			tr.write("drafts/other.md", "changed, but no link leads here\n")
			tr.write("drafts/homs.md", "---\nname: Homs city\n---\n")
			_, seen := tr.until("content/cities/homs.md")
			if seen["drafts/other.md"] || seen["content/cities/other.md"] {
				t.Errorf("reported %v, want only the linked file", keys(seen))
			}
		})
		t.Run("link made later", func(t *testing.T) {
			tr.write("drafts/later.md", "a")
			link("../../drafts/later.md", "content/cities/later.md")
			tr.until("content/cities/later.md")
			tr.settle()
			tr.write("drafts/later.md", "b")
			tr.until("content/cities/later.md")
		})
	})
}

// A file a build reads from outside the tops (a map outline site.yaml
// names, data/outline.geojson) is watched once Files names it: changed,
// removed, made again, its folder made later.
func TestWatchFiles(t *testing.T) {
	modes(t, func(t *testing.T, opts Options) {
		tr := newTree(t, opts, shipped)
		tr.write("data/outline.geojson", "{}")
		tr.write("data/other.txt", "x")
		tr.w.Files([]string{"data/outline.geojson", "later/dir/outline.geojson"})
		tr.settle()

		t.Run("changed", func(t *testing.T) {
			tr.write("data/other.txt", "not named")
			tr.write("data/outline.geojson", `{"type":"FeatureCollection"}`)
			_, seen := tr.until("data/outline.geojson")
			if seen["data/other.txt"] {
				t.Errorf("reported %v, want only the named file", keys(seen))
			}
		})
		t.Run("removed and made again", func(t *testing.T) {
			tr.remove("data")
			tr.until("data/outline.geojson")
			tr.write("data/outline.geojson", "{}")
			tr.until("data/outline.geojson")
			tr.settle()
			tr.write("data/outline.geojson", "{ }")
			tr.until("data/outline.geojson")
		})
		t.Run("folder made later", func(t *testing.T) {
			tr.write("later/dir/outline.geojson", "{}")
			tr.until("later/dir/outline.geojson")
			tr.settle()
			tr.write("later/dir/outline.geojson", "{ }")
			tr.until("later/dir/outline.geojson")
		})
		t.Run("no longer named", func(t *testing.T) {
			tr.w.Files(nil)
			tr.settle()
			tr.write("data/outline.geojson", "gone from the list")
			tr.write("static/marker.css", "x")
			_, seen := tr.until("static/marker.css")
			if len(seen) != 1 {
				t.Errorf("reported %v, want only static/marker.css", keys(seen))
			}
		})
	})
}

// TestUnreadableFolder: a folder that cannot be watched because it cannot
// be read (EACCES from inotify) is left to the build, which reports it;
// native watching goes on for the rest, and takes the folder up once a
// change of its permissions makes it readable. (Root reads any folder:
// the refusal is the test's hook.)
func TestUnreadableFolder(t *testing.T) {
	var mu sync.Mutex
	locked := true
	hook := func(dir string) error {
		mu.Lock()
		defer mu.Unlock()
		if locked && filepath.Base(dir) == "locked" {
			return syscall.EACCES
		}
		return nil
	}
	tr := newTree(t, Options{PollInterval: 50 * time.Millisecond, addWatch: hook}, shipped)
	tr.write("content/cities/locked/x.md", "x")
	tr.until("content/cities/locked")
	tr.write("content/cities/hama.md", "---\nname: Hama, still watched\n---\n")
	tr.until("content/cities/hama.md")
	if tr.w.isPolling() || strings.Contains(tr.warnings(), "failed") {
		t.Fatalf("an unreadable folder switched watching to polling: %q", tr.warnings())
	}
	// Readable again: the change of its permissions is seen, and it is
	// watched from then on.
	mu.Lock()
	locked = false
	mu.Unlock()
	tr.settle()
	if err := os.Chmod(tr.abs("content/cities/locked"), 0o700); err != nil {
		t.Fatal(err)
	}
	tr.until("content/cities/locked")
	tr.settle()
	tr.write("content/cities/locked/x.md", "changed")
	tr.until("content/cities/locked/x.md")
}
