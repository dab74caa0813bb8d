package serve

import (
	"net"
	"net/http"
	"strings"
	"testing"
)

// TestExposedHosts: a preview listening beyond loopback still checks the
// Host header. Before, --addr 0.0.0.0:8080 answered any name, so a page
// on evil.example could point evil.example at this machine and read the
// preview through the reader's browser (DNS rebinding).
func TestExposedHosts(t *testing.T) {
	s, _ := builtServer(t, Options{Exposed: true, Names: machineNames("DevBox.corp.example")})
	for host, want := range map[string]int{
		"127.0.0.1:8080":            http.StatusOK,
		"localhost:8080":            http.StatusOK,
		"[::1]:8080":                http.StatusOK,
		"192.168.1.20:8080":         http.StatusOK,
		"10.0.0.5":                  http.StatusOK,
		"[2001:db8::5]:8080":        http.StatusOK,
		"[fe80::1%25eth0]:8080":     http.StatusOK,
		"devbox:8080":               http.StatusOK,
		"DEVBOX.local.":             http.StatusOK,
		"devbox.corp.example:8080":  http.StatusOK,
		"devbox.corp.example.local": http.StatusOK,
		"evil.example:8080":         http.StatusForbidden,
		"evil.example":              http.StatusForbidden,
		"devbox.evil.example":       http.StatusForbidden,
		"192.168.1.20.nip.io:8080":  http.StatusForbidden,
		"localhost.evil.example":    http.StatusForbidden,
		"corp.example":              http.StatusForbidden,
		"":                          http.StatusForbidden,
	} {
		w := do(s, http.MethodGet, "/", "Host", host)
		if w.Code != want {
			t.Errorf("Host %q: %d, want %d", host, w.Code, want)
		}
		if want == http.StatusForbidden && !strings.Contains(w.Body.String(), "IP address of this machine, localhost or its own name") {
			t.Errorf("Host %q: refused with %q", host, w.Body.String())
		}
	}
	// Without a name of its own, a machine is reached by address.
	anon, _ := builtServer(t, Options{Exposed: true})
	for host, want := range map[string]int{"192.168.1.20:8080": http.StatusOK, "localhost": http.StatusOK, "devbox": http.StatusForbidden} {
		if w := do(anon, http.MethodGet, "/", "Host", host); w.Code != want {
			t.Errorf("no names, Host %q: %d, want %d", host, w.Code, want)
		}
	}
}

func TestMachineNames(t *testing.T) {
	for host, want := range map[string]string{
		"devbox":              "devbox devbox.local",
		"DevBox.corp.example": "devbox.corp.example devbox devbox.corp.example.local devbox.local",
		"mac.local":           "mac.local mac",
		"localhost":           "",
		"":                    "",
	} {
		if got := strings.Join(machineNames(host), " "); got != want {
			t.Errorf("machineNames(%q) = %q, want %q", host, got, want)
		}
	}
}

// TestNetworkURLs: the addresses printed for a preview on every interface
// are ones another computer can open: this machine's own addresses, not
// 0.0.0.0 or [::], nor loopback or link-local ones.
func TestNetworkURLs(t *testing.T) {
	ifaddrs := []net.Addr{
		&net.IPNet{IP: net.ParseIP("127.0.0.1"), Mask: net.CIDRMask(8, 32)},
		&net.IPNet{IP: net.ParseIP("::1"), Mask: net.CIDRMask(128, 128)},
		&net.IPNet{IP: net.ParseIP("2001:db8::5"), Mask: net.CIDRMask(64, 128)},
		&net.IPNet{IP: net.ParseIP("fe80::1"), Mask: net.CIDRMask(64, 128)},
		&net.IPNet{IP: net.ParseIP("192.168.1.20"), Mask: net.CIDRMask(24, 32)},
		&net.IPNet{IP: net.ParseIP("169.254.3.4"), Mask: net.CIDRMask(16, 32)},
	}
	names := machineNames("devbox")
	for addr, want := range map[string]string{
		"0.0.0.0:8080": "http://192.168.1.20:8080/ http://devbox.local:8080/",
		"[::]:8081":    "http://192.168.1.20:8081/ http://[2001:db8::5]:8081/ http://devbox.local:8081/",
	} {
		a, err := net.ResolveTCPAddr("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(networkURLs(a, ifaddrs, names), " "); got != want {
			t.Errorf("%s: %s, want %s", addr, got, want)
		}
	}
	one, _ := net.ResolveTCPAddr("tcp", "192.168.1.20:8080")
	if got := NetworkURLs(one); got != nil {
		t.Errorf("a listener on one address: %v", got)
	}
}
