package serve

import (
	"io"
	"net/http"
	"sync"
	"time"
)

// Timing of event streams.
const (
	// streamWriteTimeout bounds one write to a client that stopped
	// reading, so it cannot hold its handler for ever.
	streamWriteTimeout = 10 * time.Second
	// pingEvery keeps idle streams visibly alive: a client that went away
	// without closing is found on the next write.
	pingEvery = 25 * time.Second
	// retryMillis is how soon a browser reconnects after losing the
	// stream, as when the server restarts.
	retryMillis = "1000"
)

// streams are the open event streams.
type streams struct {
	mu      sync.Mutex
	clients map[chan struct{}]struct{}
	quit    chan struct{}
	closed  bool
}

// subscribe registers a client; false once closed.
func (st *streams) subscribe() (chan struct{}, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.closed {
		return nil, false
	}
	// One slot: notifications coalesce, and the client then sends the
	// latest generation, which is all a page needs.
	ch := make(chan struct{}, 1)
	st.clients[ch] = struct{}{}
	return ch, true
}

func (st *streams) unsubscribe(ch chan struct{}) {
	st.mu.Lock()
	delete(st.clients, ch)
	st.mu.Unlock()
}

// notify wakes every client without waiting for any: a slow client must
// not delay a rebuild or the other clients.
func (st *streams) notify() {
	st.mu.Lock()
	defer st.mu.Unlock()
	for ch := range st.clients {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

func (st *streams) close() {
	st.mu.Lock()
	defer st.mu.Unlock()
	if !st.closed {
		st.closed = true
		close(st.quit)
	}
}

// events streams the served generation: once on connecting, then after
// every build. A page compares it with the generation it was served with
// and reloads when they differ, so a build that finished between serving
// the page and opening the stream is not missed.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	ch, ok := s.streams.subscribe()
	if !ok {
		http.Error(w, "the preview server is stopping", http.StatusServiceUnavailable)
		return
	}
	defer s.streams.unsubscribe(ch)
	// The server has no overall write timeout (streams last for hours);
	// each write gets a deadline of its own instead. Its read timeout does
	// not apply once the request is read.
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	// Proxies in front of the preview (nginx) must pass events at once.
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	send := func(msg string) bool {
		rc.SetWriteDeadline(time.Now().Add(streamWriteTimeout))
		if _, err := io.WriteString(w, msg); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	gen := func() string { return "event: build\ndata: " + s.state.Load().gen + "\n\n" }
	if !send("retry: " + retryMillis + "\n\n" + gen()) {
		return
	}
	ping := time.NewTicker(pingEvery)
	defer ping.Stop()
	// During the first build, a waiting page may be listening: it is told
	// how far the build has come, until it ends.
	firstBuild := func() bool { st := s.state.Load(); return st.tree == nil && st.errs == nil }
	var progress <-chan time.Time
	if s.opts.Progress != nil && firstBuild() {
		t := time.NewTicker(progressEvery)
		defer t.Stop()
		progress = t.C
		if !send(s.progressNow().event()) {
			return
		}
	}
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.streams.quit:
			return
		case <-ch:
			if !send(gen()) {
				return
			}
		case <-progress:
			if !firstBuild() {
				progress = nil
				continue
			}
			if !send(s.progressNow().event()) {
				return
			}
		case <-ping.C:
			if !send(": ping\n\n") {
				return
			}
		}
	}
}
