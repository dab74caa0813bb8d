package serve

import (
	"net"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// A page on any web site can make the reader's browser send requests to
// the preview, but cannot read the answers, unless it names a host it
// controls and points that name at the preview's address (DNS
// rebinding). Every request then carries the attacker's name in its Host
// header. So the preview answers only names a rebinding cannot give: on
// loopback, localhost and loopback addresses (LoopbackOnly); listening
// beyond it (--addr 0.0.0.0:8080, :8080 or a LAN address), any IP
// address, localhost, and this machine's own names (Exposed).

// hostAllowed reports whether the preview answers a request naming
// hostport in its Host header.
func (s *Server) hostAllowed(hostport string) bool {
	switch {
	case s.opts.LoopbackOnly:
		return loopbackHost(hostport)
	case s.opts.Exposed:
		return exposedHost(hostport, s.opts.Names)
	}
	return true
}

// hostOf returns the host of a Host header, lower-cased, without port,
// brackets or a final dot.
func hostOf(hostport string) string {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	return strings.ToLower(strings.TrimSuffix(host, "."))
}

// exposedHost reports whether a Host header names an IP address,
// localhost, or one of names (lower case).
func exposedHost(hostport string, names []string) bool {
	if loopbackHost(hostport) {
		return true
	}
	host := hostOf(hostport)
	return host != "" && (net.ParseIP(strings.SplitN(host, "%", 2)[0]) != nil || slices.Contains(names, host))
}

// MachineNames are the names other computers may know this machine by:
// its host name, that name's first label, and both with .local (the mDNS
// name macOS and most Linux desktops announce). Lower case, no
// duplicates, none if the host name is unknown.
func MachineNames() []string {
	h, err := os.Hostname()
	if err != nil {
		return nil
	}
	return machineNames(h)
}

func machineNames(hostname string) []string {
	h := strings.ToLower(strings.TrimSuffix(hostname, "."))
	if h == "" || h == "localhost" {
		return nil
	}
	first, _, _ := strings.Cut(h, ".")
	var out []string
	for _, n := range []string{h, first, strings.TrimSuffix(h, ".local") + ".local", first + ".local"} {
		if n != "" && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// NetworkURLs are the addresses other computers can open a preview
// listening on every interface at: one per address of this machine
// (IPv4 first; IPv6 too when the listener takes it; not loopback or
// link-local ones, which another computer cannot reach as written), then
// its mDNS name. Nil for a listener on one address.
func NetworkURLs(addr net.Addr) []string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return nil
	}
	ifaddrs, _ := net.InterfaceAddrs()
	return networkURLs(tcp, ifaddrs, MachineNames())
}

func networkURLs(tcp *net.TCPAddr, ifaddrs []net.Addr, names []string) []string {
	v6 := tcp.IP.To4() == nil // [::] takes IPv4 and IPv6; 0.0.0.0 only IPv4
	var ips []net.IP
	for _, a := range ifaddrs {
		n, ok := a.(*net.IPNet)
		if !ok {
			continue
		}
		ip := n.IP
		if ip.IsLoopback() || ip.IsLinkLocalUnicast() || ip.IsUnspecified() || ip.IsMulticast() || (ip.To4() == nil && !v6) {
			continue
		}
		ips = append(ips, ip)
	}
	sort.SliceStable(ips, func(i, j int) bool { return ips[i].To4() != nil && ips[j].To4() == nil })
	port := strconv.Itoa(tcp.Port)
	var out []string
	for _, ip := range ips {
		out = append(out, "http://"+net.JoinHostPort(ip.String(), port)+"/")
	}
	for _, n := range names {
		if strings.HasSuffix(n, ".local") {
			out = append(out, "http://"+net.JoinHostPort(n, port)+"/")
			break
		}
	}
	return out
}
