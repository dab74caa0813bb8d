package cli

import (
	"fmt"
	"io"
	"sync"
	"time"

	"briefing/generator/progress"
)

// Progress on a terminal: one line at the bottom, redrawn in place, that
// names the stage a build is in with its counts and the time elapsed
// ("rendering 6,214/11,605 pages · 4.2 s"). It appears once work has
// taken progressAfter, so that quick commands print only their summary,
// and it is redrawn every progressEvery from the build's meter: the build
// only counts (package progress), it never waits for the terminal.
const (
	progressAfter = time.Second
	progressEvery = 100 * time.Millisecond
)

// statusWriter is standard error on a terminal: lines written to it go
// above the progress line, which is erased first and drawn again after,
// so that a warning printed during a build (or a request logged by the
// preview) never ends up glued to it.
type statusWriter struct {
	mu      sync.Mutex
	w       io.Writer
	line    string // the progress line shown, or ""
	partial bool   // the last write did not end a line
}

const eraseLine = "\r\033[K"

func (s *statusWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.line != "" && !s.partial {
		io.WriteString(s.w, eraseLine)
	}
	n, err := s.w.Write(p)
	s.partial = len(p) > 0 && p[len(p)-1] != '\n'
	if s.line != "" && !s.partial {
		io.WriteString(s.w, s.line)
	}
	return n, err
}

// show replaces the progress line.
func (s *statusWriter) show(line string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if line == s.line || s.partial {
		return
	}
	io.WriteString(s.w, eraseLine+line)
	s.line = line
}

// clear erases the progress line.
func (s *statusWriter) clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.line != "" {
		io.WriteString(s.w, eraseLine)
		s.line = ""
	}
}

// progress shows m on the terminal, status, until stop is called, which
// erases it. Off a terminal (status nil) it shows nothing, so that logs
// and pipes stay clean. status is c.status, passed for builds that may
// still run as Run returns (the preview's) and so must not read it then.
func (c *CLI) progress(status *statusWriter, m *progress.Meter) (stop func()) {
	if status == nil {
		return func() {}
	}
	every := c.progressEvery
	if every == 0 {
		every = progressEvery
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	start := c.Now()
	go func() {
		defer close(finished)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if d := c.Now().Sub(start); d >= progressAfter {
					status.show(progressLine(m.Read(), d))
				}
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		status.clear()
	}
}

// progressLine is what the terminal shows: the stage with its counts, and
// the time elapsed.
func progressLine(r progress.Status, d time.Duration) string {
	what := r.String()
	if what == "" {
		what = "starting"
	}
	return fmt.Sprintf("%s · %.1f s", what, d.Seconds())
}
