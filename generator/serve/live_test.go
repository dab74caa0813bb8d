package serve

import (
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"briefing/generator/diag"
	"briefing/generator/watch"
)

func has(s string) func(int, string) bool {
	return func(status int, body string) bool { return status == http.StatusOK && strings.Contains(body, s) }
}

func hasStatus(want int) func(int, string) bool {
	return func(status int, _ string) bool { return status == want }
}

// Each kind of change an analyst or a tool makes, against a running
// server: what is served changes, and open pages are told to reload.
func TestLiveChanges(t *testing.T) {
	for _, mode := range []struct {
		name string
		opts watch.Options
	}{
		{"native", watch.Options{}},
		{"poll", watch.Options{Poll: true, PollInterval: 100 * time.Millisecond}},
	} {
		t.Run(mode.name, func(t *testing.T) {
			root := t.TempDir()
			writeFiles(t, root, smallBriefing)
			f := startFixture(t, root, fixtureOptions{watch: mode.opts})
			s := f.stream(t)
			if g := s.next(t, ""); g != f.gen() {
				t.Fatalf("first event announces %q, serving %q", g, f.gen())
			}
			if _, body := f.get(t, "/cities/hama/"); !strings.Contains(body, "Orontes") {
				t.Fatalf("first build not served:\n%.400s", body)
			}
			// change makes an edit and waits for the reload event and for
			// the page at path to satisfy ok.
			change := func(t *testing.T, edit func(), path string, ok func(int, string) bool) string {
				t.Helper()
				before := f.gen()
				edit()
				s.next(t, before)
				return f.waitFor(t, path, ok)
			}

			t.Run("write", func(t *testing.T) {
				change(t, func() {
					f.write(t, "content/cities/hama.md", strings.Replace(smallBriefing["content/cities/hama.md"], "Orontes", "Orontes river, edited", 1))
				}, "/cities/hama/", has("Orontes river, edited"))
			})
			t.Run("rename over", func(t *testing.T) {
				change(t, func() {
					f.write(t, "content/cities/.hama.md.tmp", strings.Replace(smallBriefing["content/cities/hama.md"], "Orontes", "Orontes, saved atomically", 1))
					if err := os.Rename(f.abs("content/cities/.hama.md.tmp"), f.abs("content/cities/hama.md")); err != nil {
						t.Fatal(err)
					}
				}, "/cities/hama/", has("Orontes, saved atomically"))
			})
			t.Run("new file", func(t *testing.T) {
				if status, _ := f.get(t, "/cities/homs/"); status != http.StatusNotFound {
					t.Fatalf("homs before it exists: %d", status)
				}
				change(t, func() {
					f.write(t, "content/cities/homs.md", "---\nname: Homs\n---\nThe third city.\n")
				}, "/cities/homs/", has("The third city."))
			})
			t.Run("new static folder", func(t *testing.T) {
				change(t, func() {
					f.write(t, "static/img/flags/hts.svg", `<svg xmlns="http://www.w3.org/2000/svg"><title>flag</title></svg>`)
				}, "/img/flags/hts.svg", has("<title>flag</title>"))
				resp, err := f.client.Get(f.url + "/img/flags/hts.svg")
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if ct := resp.Header.Get("Content-Type"); ct != "image/svg+xml" {
					t.Errorf("Content-Type %q", ct)
				}
				// The new folder is watched from now on.
				change(t, func() {
					f.write(t, "static/img/flags/hts.svg", `<svg xmlns="http://www.w3.org/2000/svg"><title>flag 2</title></svg>`)
				}, "/img/flags/hts.svg", has("<title>flag 2</title>"))
			})
			t.Run("new templates folder", func(t *testing.T) {
				// templates/ did not exist when watching began.
				change(t, func() {
					f.write(t, "templates/404.html", "{{define \"main\"}}<h1>Lost in the briefing</h1>{{end}}\n")
				}, "/no/such/page/", func(status int, body string) bool {
					return status == http.StatusNotFound && strings.Contains(body, "Lost in the briefing")
				})
			})
			t.Run("config", func(t *testing.T) {
				change(t, func() {
					f.write(t, "site.yaml", strings.Replace(smallBriefing["site.yaml"], "Test briefing", "Renamed briefing", 1))
				}, "/", has("Renamed briefing"))
			})
			t.Run("delete", func(t *testing.T) {
				change(t, func() {
					if err := os.Remove(f.abs("content/cities/homs.md")); err != nil {
						t.Fatal(err)
					}
				}, "/cities/homs/", hasStatus(http.StatusNotFound))
			})
			t.Run("burst", func(t *testing.T) {
				before := f.rebuilds.Load()
				var took time.Duration
				pauses := 0 // gaps between writes longer than the debounce
				change(t, func() {
					start := time.Now()
					last := start
					for i := range 200 {
						f.write(t, fmt.Sprintf("content/articles/burst-%03d.md", i), fmt.Sprintf("---\ntitle: Burst %d\ndate: 2024-12-01\n---\nBurst body %d.\n", i, i))
						now := time.Now()
						if now.Sub(last) > watch.Debounce {
							pauses++
						}
						last = now
					}
					took = time.Since(start)
				}, "/articles/burst-199/", has("Burst body 199."))
				f.waitFor(t, "/articles/burst-000/", has("Burst body 0."))
				// A poller sees the folder as it is at each scan: writes
				// that outlast a scan interval (a loaded machine) are
				// seen in as many batches.
				// A native watcher sends its batch once the debounce has
				// passed with no event: a writer descheduled for longer
				// (a loaded machine) splits the burst there.
				limit := 2
				if mode.opts.Poll {
					limit += int(took / mode.opts.PollInterval)
				} else {
					limit += pauses
				}
				if n := f.rebuilds.Load() - before; n > int64(limit) {
					t.Errorf("200 writes in %v (%d pauses over the debounce) caused %d rebuilds, want 1 (at most %d)\n%s", took, pauses, n, limit, f.log.String())
				}
			})
			t.Run("broken then fixed", func(t *testing.T) {
				good := f.waitFor(t, "/cities/hama/", has("Orontes"))
				if strings.Contains(good, "briefing-overlay") {
					t.Fatal("overlay shown before any error")
				}
				// Waited for by its own error, not by any overlay: a poller
				// can scan the file between its truncation and its write
				// and serve that build's "file is empty" until its next
				// scan.
				broken := change(t, func() {
					f.write(t, "content/cities/hama.md", "---\nname: Hama\n<b>bold</b>: 1\n---\nBroken edit.\n")
				}, "/cities/hama/", has("unknown key &#34;&lt;b&gt;bold&lt;/b&gt;&#34;"))
				// The last good page, with the located, escaped errors.
				for _, want := range []string{
					"Orontes",
					`<code class="briefing-overlay-where">content/cities/hama.md:3:1</code>`,
					"unknown key &#34;&lt;b&gt;bold&lt;/b&gt;&#34;",
					`href="/__briefing/overlay.css"`,
					`src="/__briefing/reload.js"`,
				} {
					if !strings.Contains(broken, want) {
						t.Errorf("broken-build page lacks %q", want)
					}
				}
				if strings.Contains(broken, "Broken edit.") || strings.Contains(broken, "<b>bold</b>") {
					t.Error("page shows the broken edit or unescaped error text")
				}
				// Every page carries the overlay.
				f.waitFor(t, "/", has("briefing-overlay"))
				f.waitFor(t, "/no/such/page/", func(status int, body string) bool {
					return status == http.StatusNotFound && strings.Contains(body, "briefing-overlay")
				})
				if !strings.Contains(f.log.String(), "content/cities/hama.md:3:1: unknown key") {
					t.Errorf("log lacks the located error:\n%s", f.log.String())
				}
				fixed := change(t, func() {
					f.write(t, "content/cities/hama.md", strings.Replace(smallBriefing["content/cities/hama.md"], "Orontes", "Orontes, fixed", 1))
				}, "/cities/hama/", has("Orontes, fixed"))
				if strings.Contains(fixed, "briefing-overlay") {
					t.Error("overlay still shown after the fix")
				}
			})
			if log := f.log.String(); !strings.Contains(log, "rebuilt in ") || !strings.Contains(log, "files changed") {
				t.Errorf("log lacks rebuild lines:\n%s", log)
			}
		})
	}
}

func TestFirstBuildFails(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, smallBriefing)
	writeFile(t, root, "site.yaml", "title: \"Test\"\nbase_urll: x\n")
	f := startFixture(t, root, fixtureOptions{})
	s := f.stream(t)
	gen := s.next(t, "")
	for _, path := range []string{"/", "/cities/hama/", "/index.html"} {
		// A browser gets the errors as a page, which reloads itself.
		status, body := f.getAs(t, path, browserAccept)
		if status != http.StatusOK || !strings.Contains(body, "No build has succeeded yet") ||
			!strings.Contains(body, `<code class="briefing-overlay-where">site.yaml:2:1</code>`) ||
			!strings.Contains(body, `src="/__briefing/reload.js"`) {
			t.Errorf("GET %s: %d\n%s", path, status, body)
		}
		// Another client gets 503, with the errors in plain text.
		if status, body := f.get(t, path); status != http.StatusServiceUnavailable || !strings.Contains(body, "site.yaml:2:1: unknown key") {
			t.Errorf("GET %s, not as a browser: %d\n%s", path, status, body)
		}
	}
	if status, _ := f.getAs(t, "/css/briefing.css", "text/css,*/*;q=0.1"); status != http.StatusServiceUnavailable {
		t.Errorf("asset without a site: %d, want 503", status)
	}
	writeFiles(t, root, map[string]string{"site.yaml": smallBriefing["site.yaml"]})
	s.next(t, gen)
	body := f.waitFor(t, "/", has("Test briefing"))
	if strings.Contains(body, "briefing-overlay") {
		t.Error("overlay after a successful build")
	}
}

// Requests made while builds run get a complete site from one build:
// never a mix, never an error status.
func TestRequestsDuringRebuilds(t *testing.T) {
	// Two alternating sites whose pages name their build; the odd builds
	// fail, so the last good site must go on being served.
	var mu sync.Mutex
	n := 0
	fake := func(fs.FS, string) (Site, diag.List) {
		mu.Lock()
		n++
		k := n
		mu.Unlock()
		if k%3 == 0 {
			return nil, diag.List{{Path: "content/x.md", Line: 1, Msg: "broken"}}
		}
		site := files{"404.html": []byte("<html><body>missing</body></html>\n")}
		for _, p := range []string{"index.html", "a/index.html", "b/index.html"} {
			site[p] = fmt.Appendf(nil, "<!doctype html><html><body><p>build %d</p></body></html>\n", k)
		}
		site["css/site.css"] = fmt.Appendf(nil, "/* build %d */\n", k)
		return site, nil
	}
	f := startFixture(t, t.TempDir(), fixtureOptions{build: fake})
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
				f.srv.Rebuild("test")
			}
		}
	}()
	var failures sync.Map
	var readers sync.WaitGroup
	for c := range 8 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for i := range 60 {
				path := []string{"/", "/a/", "/b/", "/css/site.css"}[(c+i)%4]
				resp, err := f.client.Get(f.url + path)
				if err != nil {
					failures.Store(path, err.Error())
					return
				}
				data, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				body := string(data)
				complete := strings.HasSuffix(body, "</html>\n") && strings.Contains(body, "<p>build ") && strings.Count(body, "reload.js") == 1
				if path == "/css/site.css" {
					complete = strings.HasPrefix(body, "/* build ")
				}
				if err != nil || resp.StatusCode != http.StatusOK || !complete {
					failures.Store(fmt.Sprint(path, " #", i), fmt.Sprintf("%d %v %q", resp.StatusCode, err, body))
				}
			}
		}()
	}
	readers.Wait()
	close(stop)
	wg.Wait()
	if n := f.rebuilds.Load(); n < 10 {
		t.Logf("only %d rebuilds overlapped the requests", n)
	}
	failures.Range(func(k, v any) bool {
		t.Errorf("%v: %v", k, v)
		return true
	})
}

// Many open pages each get every reload.
func TestManyStreams(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, smallBriefing)
	f := startFixture(t, root, fixtureOptions{})
	const clients = 50
	var streams []*stream
	for range clients {
		streams = append(streams, f.stream(t))
	}
	gen := f.gen()
	for _, s := range streams {
		if g := s.next(t, ""); g != gen {
			t.Fatalf("stream opened on %q, serving %q", g, gen)
		}
	}
	if n := f.srv.streams.count(); n != clients {
		t.Fatalf("%d streams registered, want %d", n, clients)
	}
	for round := range 3 {
		f.srv.Rebuild(fmt.Sprint("round ", round))
		next := f.srv.state.Load().gen
		for i, s := range streams {
			if g := s.next(t, gen); g != next {
				t.Fatalf("round %d, stream %d: got %q, want %q", round, i, g, next)
			}
		}
		gen = next
	}
	for _, s := range streams {
		s.cancel()
	}
	deadline := time.Now().Add(wait)
	for f.srv.streams.count() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d streams still registered after their clients left", f.srv.streams.count())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Stopping (Ctrl-C cancels the context) ends open streams, the server and
// the watcher, and leaves no goroutine behind.
func TestShutdown(t *testing.T) {
	before := runtime.NumGoroutine()
	root := t.TempDir()
	writeFiles(t, root, smallBriefing)
	f := startFixture(t, root, fixtureOptions{})
	var streams []*stream
	for range 5 {
		s := f.stream(t)
		s.next(t, "")
		streams = append(streams, s)
	}
	f.get(t, "/")
	f.stop()
	for i, s := range streams {
		select {
		case _, ok := <-s.gens:
			for ok {
				_, ok = <-s.gens
			}
		case <-time.After(wait):
			t.Fatalf("stream %d still open after shutdown", i)
		}
	}
	if _, err := f.client.Get(f.url + "/"); err == nil {
		t.Error("server still answers after shutdown")
	}
	if _, ok := <-f.watcher.Batches(); ok {
		t.Error("watcher still open")
	}
	deadline := time.Now().Add(wait)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d goroutines after shutdown, %d before:\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}
