package serve

import (
	"bufio"
	"fmt"
	"io"
	"math/rand"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestLoad puts the preview server under a bounded load on loopback: 200
// concurrent clients reading pages of the shipped briefing, 50 open reload
// streams, and a rebuild every 100 ms from real edits, for a few seconds.
// No request may fail with a 5xx or an error, every page must be complete,
// and afterwards the goroutines and the heap must be back near where they
// started. It prints what it did: go test -run TestLoad -v ./generator/serve
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	root := t.TempDir()
	copyBriefing(t, "../..", root)
	f := startFixture(t, root, fixtureOptions{})
	defer f.stop()
	paths := []string{"/", "/articles/hama-falls/", "/cities/hama/", "/cities/", "/claims/", "/timeline/", "/map/",
		"/search/", "/search/index.js", "/css/briefing.css", "/briefing.json", "/feed.xml", "/sources/sohr/", "/nope/"}
	// Warm up, then measure the baseline.
	for _, p := range paths {
		f.get(t, p)
	}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	goroutinesBefore := runtime.NumGoroutine()

	const clients, streams, duration = 200, 50, 3 * time.Second
	var served, failures, fiveXX atomic.Int64
	var failMu sync.Mutex
	var firstFailures []string
	fail := func(s string) {
		failures.Add(1)
		failMu.Lock()
		if len(firstFailures) < 5 {
			firstFailures = append(firstFailures, s)
		}
		failMu.Unlock()
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	// Reload streams: open for the whole run, each must see events.
	var events atomic.Int64
	for range streams {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodGet, f.url+"/__briefing/events", nil)
			resp, err := f.streamer.Do(req)
			if err != nil {
				fail("stream: " + err.Error())
				return
			}
			defer resp.Body.Close()
			go func() { <-stop; resp.Body.Close() }()
			sc := bufio.NewScanner(resp.Body)
			for sc.Scan() {
				if strings.HasPrefix(sc.Text(), "data:") {
					events.Add(1)
				}
			}
		}()
	}
	// Edits: a real file change every 100 ms, rebuilt through the watcher.
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
			f.write(t, "content/people/load-test.md", fmt.Sprintf("---\nname: Load Test %d\n---\nEdit %d of [[hama]].\n", i, i))
		}
	}()
	// Readers.
	tr := &http.Transport{MaxIdleConnsPerHost: clients}
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	defer tr.CloseIdleConnections()
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewSource(int64(c)))
			for {
				select {
				case <-stop:
					return
				default:
				}
				p := paths[r.Intn(len(paths))]
				resp, err := client.Get(f.url + p)
				if err != nil {
					fail(p + ": " + err.Error())
					continue
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				served.Add(1)
				switch {
				case err != nil:
					fail(p + ": " + err.Error())
				case resp.StatusCode >= 500:
					fiveXX.Add(1)
					fail(fmt.Sprintf("%s: %d", p, resp.StatusCode))
				case p == "/nope/" && resp.StatusCode != http.StatusNotFound:
					fail(fmt.Sprintf("%s: %d, want 404", p, resp.StatusCode))
				case p != "/nope/" && resp.StatusCode != http.StatusOK:
					fail(fmt.Sprintf("%s: %d", p, resp.StatusCode))
				case strings.HasSuffix(p, "/") && !strings.Contains(string(body), "</html>"):
					fail(p + ": incomplete page")
				}
			}
		}()
	}
	// At least the duration, and on until five rebuilds have happened
	// under the load: a machine busy with other work slows the rebuilds,
	// and the test is about what they do to the readers, not their speed.
	time.Sleep(duration)
	for deadline := time.Now().Add(2 * time.Minute); f.rebuilds.Load() < 5 && time.Now().Before(deadline); {
		time.Sleep(100 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	tr.CloseIdleConnections()
	f.streamer.CloseIdleConnections()

	// Let connections and handlers wind down, then compare.
	var after runtime.MemStats
	var goroutinesAfter int
	for deadline := time.Now().Add(5 * time.Second); ; {
		runtime.GC()
		goroutinesAfter = runtime.NumGoroutine()
		if goroutinesAfter <= goroutinesBefore+5 || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	runtime.ReadMemStats(&after)
	t.Logf("load: %d clients and %d reload streams for %v, %d rebuilds: %d requests served (%.0f/s), %d failures (%d 5xx), %d reload events",
		clients, streams, duration, f.rebuilds.Load(), served.Load(), float64(served.Load())/duration.Seconds(), failures.Load(), fiveXX.Load(), events.Load())
	t.Logf("memory: heap %.1f MB before, %.1f MB after; goroutines %d before, %d after",
		float64(before.HeapAlloc)/(1<<20), float64(after.HeapAlloc)/(1<<20), goroutinesBefore, goroutinesAfter)
	for _, s := range firstFailures {
		t.Error(s)
	}
	if fiveXX.Load() > 0 || failures.Load() > 0 {
		t.Errorf("%d failures, %d of them 5xx", failures.Load(), fiveXX.Load())
	}
	if f.rebuilds.Load() < 5 {
		t.Errorf("only %d rebuilds during the load", f.rebuilds.Load())
	}
	if events.Load() < int64(streams) {
		t.Errorf("%d reload events for %d streams", events.Load(), streams)
	}
	if goroutinesAfter > goroutinesBefore+5 {
		t.Errorf("goroutines grew from %d to %d", goroutinesBefore, goroutinesAfter)
	}
	// The site itself is a few MB; the heap may hold one more build.
	if growth := int64(after.HeapAlloc) - int64(before.HeapAlloc); growth > 64<<20 {
		t.Errorf("heap grew by %d MB", growth>>20)
	}
}

// TestHugeAndSlowRequests: an oversized header is refused, and a client
// that sends a request line and then nothing does not hold a handler.
func TestHugeAndSlowRequests(t *testing.T) {
	root := t.TempDir()
	copyBriefing(t, "../..", root)
	f := startFixture(t, root, fixtureOptions{})
	defer f.stop()
	req, _ := http.NewRequest(http.MethodGet, f.url+"/", nil)
	req.Header.Set("X-Huge", strings.Repeat("a", 200<<10))
	resp, err := f.client.Do(req)
	if err == nil {
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("200 kB header: %d, want 431", resp.StatusCode)
		}
	}
	// A long URL is refused as a bad path or not found, never a crash.
	resp, err = f.client.Get(f.url + "/" + strings.Repeat("x/", 20000))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 500 {
		t.Errorf("long URL: %d", resp.StatusCode)
	}
	// Slow clients: open connections that never finish their headers. The
	// server keeps answering others while they hang.
	var conns []net.Conn
	for range 50 {
		c, err := net.Dial("tcp", strings.TrimPrefix(f.url, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
		conns = append(conns, c)
	}
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	if status, body := f.get(t, "/cities/hama/"); status != http.StatusOK || !strings.Contains(body, "Hama") {
		t.Errorf("with 50 stalled clients: %d", status)
	}
	if readHeaderTimeout <= 0 || readHeaderTimeout > time.Minute || readTimeout <= 0 || idleTimeout <= 0 || maxHeaderBytes > 1<<20 {
		t.Errorf("server timeouts not set sanely: header %v, read %v, idle %v, max header %d", readHeaderTimeout, readTimeout, idleTimeout, maxHeaderBytes)
	}
}
