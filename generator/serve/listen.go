package serve

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"syscall"
	"time"
)

// ErrBusy is returned by Listen when every port it tried is in use.
var ErrBusy = errors.New("address in use")

// Listen listens on addr ("127.0.0.1:8080"). When the port is taken it
// tries the next ones, up to tries in all, telling busy about each address
// in use; port 0 picks any free port.
func Listen(addr string, tries int, busy func(addr string)) (net.Listener, error) {
	host, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	port, err := strconv.Atoi(portStr)
	if err != nil || port < 0 || port > 65535 {
		return nil, fmt.Errorf("bad port %q", portStr)
	}
	for i := 0; ; i++ {
		a := net.JoinHostPort(host, strconv.Itoa(port+i))
		ln, err := net.Listen("tcp", a)
		if err == nil {
			return ln, nil
		}
		if !addrInUse(err) || port == 0 {
			return nil, err
		}
		if i+1 >= tries || port+i+1 > 65535 {
			if i == 0 {
				return nil, fmt.Errorf("%s: %w", a, ErrBusy)
			}
			return nil, fmt.Errorf("%s and the next %d ports: %w", addr, i, ErrBusy)
		}
		if busy != nil {
			busy(a)
		}
	}
}

// addrInUse reports a port taken by another program. Windows reports it
// with its own error number.
func addrInUse(err error) bool {
	const wsaeaddrinuse = syscall.Errno(10048)
	return errors.Is(err, syscall.EADDRINUSE) || (runtime.GOOS == "windows" && errors.Is(err, wsaeaddrinuse))
}

// URL is the address to open in a browser for a listener: a host that
// listens everywhere (0.0.0.0, which Go listens on as [::], or [::]) is
// reached here as localhost, which every browser opens whether the system
// gives it 127.0.0.1 or ::1; other computers use NetworkURLs.
func URL(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return "http://" + addr.String() + "/"
	}
	host := tcp.IP.String()
	if tcp.IP == nil || tcp.IP.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, strconv.Itoa(tcp.Port)) + "/"
}

// Timeouts of the HTTP server. There is no overall write timeout: event
// streams stay open for hours. Each response sets its own deadline
// instead (responseTimeout, streamWriteTimeout).
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 30 * time.Second
	idleTimeout       = 2 * time.Minute
	maxHeaderBytes    = 64 << 10
	// shutdownTimeout is how long open requests get to finish once ctx
	// ends, within the second that Ctrl-C allows.
	shutdownTimeout = 500 * time.Millisecond
)

// Serve serves s on ln until ctx ends, then shuts down: event streams end,
// requests under way get a moment to finish, connections close. It returns
// nil after a shutdown, or the error that stopped serving.
func (s *Server) Serve(ctx context.Context, ln net.Listener, errorLog *log.Logger) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          errorLog,
	}
	// Shutdown waits for requests to end; event streams end only when told.
	hs.RegisterOnShutdown(s.Close)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		s.Close()
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		hs.Close()
	}
	<-errc
	return nil
}
