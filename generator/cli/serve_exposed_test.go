package cli

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestServeExposed: `serve --addr 0.0.0.0:PORT`, shared on the network on
// purpose, prints a URL a browser can open and still refuses a request
// naming another host, so that a web page cannot read the preview through
// DNS rebinding. Before, only a loopback preview checked the Host header.
func TestServeExposed(t *testing.T) {
	src := serveSource(t, serveBriefing)
	r := startServe(t, "--source", src, "--addr", "0.0.0.0:0")
	url := r.url(t)
	if !strings.HasPrefix(url, "http://localhost:") {
		t.Fatalf("URL %s is not one a browser opens", url)
	}
	serveWaitFor(t, url+"cities/hama/", "Orontes")
	port := strings.TrimSuffix(strings.TrimPrefix(url, "http://localhost:"), "/")
	for host, want := range map[string]int{
		"127.0.0.1:" + port:        http.StatusOK,
		"localhost:" + port:        http.StatusOK,
		"192.0.2.7:" + port:        http.StatusOK,
		"evil.example:" + port:     http.StatusForbidden,
		"preview.evil.example":     http.StatusForbidden,
		"127.0.0.1.nip.io:" + port: http.StatusForbidden,
	} {
		req, err := http.NewRequest(http.MethodGet, url+"cities/hama/", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %s: %d, want %d: %.200s", host, resp.StatusCode, want, body)
		}
	}
	if code := r.stop(t); code != ExitOK {
		t.Errorf("exit %d", code)
	}
	stderr := r.stderr.String()
	if !strings.Contains(stderr, "listening on every network interface: other computers can read this preview") {
		t.Errorf("no warning that the preview is shared:\n%s", stderr)
	}
	for _, bad := range []string{"0.0.0.0", "[::]"} {
		if strings.Contains(r.stdout.String()+stderr, "http://"+bad) {
			t.Errorf("printed an address no browser opens (%s):\n%s%s", bad, r.stdout, stderr)
		}
	}
}
