package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"briefing/generator/build"
	"briefing/generator/config"
	"briefing/generator/diag"
	"briefing/generator/progress"
	"briefing/generator/serve"
	"briefing/generator/srcfile"
	"briefing/generator/watch"
)

// portTries is how many ports serve tries, from the one asked for, before
// giving up on a busy one.
const portTries = 10

// defaultAddr is where serve listens without --addr.
const defaultAddr = "127.0.0.1:8080"

// stopWait is how long Ctrl-C waits for a build under way: builds cannot
// be interrupted, and the process is about to end anyway.
const stopWait = 300 * time.Millisecond

func (c *CLI) serve(ctx context.Context, args []string) int {
	f := c.newFlags("serve", "serve [--source DIR] [--addr 127.0.0.1:8080] [--poll] [--as-of DATE]").withAsOf()
	addr := f.String("addr", defaultAddr, "`host:port` to listen on: the default answers this computer only, 0.0.0.0:8080 the whole network; the default gives way to the next free port when busy; an address given is used or refused")
	poll := f.Bool("poll", false, "watch for changes by polling every 500 ms instead of file-system events (network drives, some containers and VMs)")
	if code, ok := c.parse(f, args); !ok {
		return code
	}
	if _, _, err := net.SplitHostPort(*addr); err != nil {
		fmt.Fprintf(c.Stderr, "briefing serve: --addr %s: want host:port, such as 127.0.0.1:8080\n", *addr)
		return ExitUsage
	}
	src := *f.source
	if _, err := os.Stat(filepath.Join(src, config.File)); errors.Is(err, fs.ErrNotExist) {
		// Not a briefing (a wrong --source, most likely): there is nothing
		// to preview, and nothing will appear by waiting.
		_, diags := build.Build(os.DirFS(src), c.options("", false, f))
		diags.Print(c.Stderr)
		return ExitContent
	}

	// Everything below may write to stderr from several goroutines.
	stderr := &lockedWriter{w: c.Stderr}
	// An address given is the one the user bookmarked or scripted: a
	// server that moved to the next port would leave an older one (a
	// preview still running) answering it. Only the default moves on.
	tries := portTries
	given := false
	f.Visit(func(fl *flag.Flag) { given = given || fl.Name == "addr" })
	if given {
		tries = 1
	}
	ln, err := serve.Listen(*addr, tries, func(a string) {
		fmt.Fprintf(stderr, "briefing serve: %s is in use, trying the next port\n", a)
	})
	switch {
	case errors.Is(err, serve.ErrBusy) && given:
		// The error names the address; the way on keeps the user's host
		// (0.0.0.0 shares the preview on the network).
		host, port, _ := net.SplitHostPort(*addr)
		next := "8081"
		if p, err := strconv.Atoi(port); err == nil && p > 0 && p < 65535 {
			next = strconv.Itoa(p + 1)
		}
		fmt.Fprintf(stderr, "briefing serve: cannot listen: %v (another briefing serve, perhaps: stop it, or give another port, --addr %s)\n", err, net.JoinHostPort(host, next))
		return ExitUsage
	case errors.Is(err, serve.ErrBusy):
		fmt.Fprintf(stderr, "briefing serve: cannot listen: %v\n", err)
		return ExitContent
	case err != nil:
		fmt.Fprintf(stderr, "briefing serve: cannot listen on %s: %v\n", *addr, err)
		return ExitUsage
	}
	url := serve.URL(ln.Addr())
	base, _ := config.CheckBaseURL(url)
	var ip net.IP // listened on
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok {
		ip = tcp.IP
	}
	// The build counts its progress here; the terminal shows it, and so
	// do pages opened during the first build.
	meter := &progress.Meter{}
	status := c.status
	// The memo makes a rebuild after one edit re-parse and re-resolve
	// only what the edit touched; pages render when first requested.
	memo := &build.Memo{}
	notices := "" // the last build's, as printed
	edited := ""  // the edition served, with --as-of, as printed
	// The watcher is made before the first build starts; each build
	// names the files outside the watched folders it read.
	var w *watch.Watcher
	s := serve.New(serve.Options{
		Source: sourceFS(src, false),
		// Builds run one at a time, so memo needs no lock.
		Build: func(src fs.FS) (serve.Site, diag.List) {
			// The progress line goes before the server logs the result.
			stop := c.progress(status, meter)
			opts := c.options(base, false, f)
			opts.Progress = meter
			res, diags := memo.Build(src, opts)
			stop()
			if res.Site != nil {
				// The outline site.yaml names may be outside the
				// folders watched (data/outline.geojson).
				var outline []string
				if res.Site.MapOutline != "" {
					outline = append(outline, res.Site.MapOutline)
				}
				w.Files(outline)
			}
			if len(diags) > 0 || res.Tree == nil {
				// No nil *Tree in a non-nil Site: serve tells the
				// missing site by a nil one.
				return nil, diags
			}
			// With --as-of, the edition is said as build says it, when
			// first built and when what it leaves out changes.
			if e := edition(res, f); e != edited {
				edited = e
				fmt.Fprintf(stderr, "serving the edition%s\n", e)
			}
			// Notices never stop the site being served; they are
			// printed when they first appear and again when they change.
			if n := res.Notices.Error(); n != notices {
				notices = n
				if n != "" {
					res.Notices.Print(stderr)
				}
			}
			return res.Tree, nil
		},
		Progress:     meter,
		Log:          stderr,
		LoopbackOnly: ip.IsLoopback(),
		Exposed:      !ip.IsLoopback(),
		Names:        serve.MachineNames(),
		Now:          c.Now,
	})
	// Watching starts before the first build, so that an edit made while
	// it runs is not missed.
	w, err = watch.New(src, watch.Options{Tops: srcfile.Tops, Ignore: srcfile.Ignored, Poll: *poll, Warn: func(msg string) {
		fmt.Fprintf(stderr, "briefing serve: %s\n", msg)
	}})
	if err != nil {
		ln.Close()
		fmt.Fprintf(stderr, "briefing serve: watching %s: %v\n", src, err)
		return ExitContent
	}
	defer w.Close()

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- s.Serve(runCtx, ln, log.New(stderr, "briefing serve: ", 0)) }()
	where := src
	if abs, err := filepath.Abs(src); err == nil {
		where = abs
	}
	fmt.Fprintf(c.Stdout, "serving %s at %s (Ctrl-C to stop)\n", where, url)
	if ip.IsUnspecified() {
		msg := "briefing serve: listening on every network interface: other computers can read this preview"
		if urls := serve.NetworkURLs(ln.Addr()); len(urls) > 0 {
			msg += " at " + strings.Join(urls, ", ")
		}
		fmt.Fprintln(stderr, msg)
	}
	// Pages opened during the first build say so and reload when it ends.
	rebuilding := make(chan struct{})
	go func() {
		defer close(rebuilding)
		s.Rebuild("")
		s.Run(runCtx, w.Batches())
	}()

	code := ExitOK
	select {
	case <-ctx.Done():
	case err := <-served:
		fmt.Fprintf(stderr, "briefing serve: %v\n", err)
		code = ExitContent
	}
	cancel()
	if code == ExitOK {
		<-served
	}
	w.Close()
	select {
	case <-rebuilding:
	case <-time.After(stopWait):
	}
	if code == ExitOK {
		fmt.Fprintln(stderr, "stopped")
	}
	return code
}

// lockedWriter serialises writes from the server, the watcher and the
// rebuild loop, so that lines do not interleave.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
