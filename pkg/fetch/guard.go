package fetch

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"syscall"
)

// internal lists address ranges that are never fetched unless a request allows them:
// everything that is not a public unicast address on the internet.
var internal = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),      // "this network"
	netip.MustParsePrefix("10.0.0.0/8"),     // private
	netip.MustParsePrefix("100.64.0.0/10"),  // carrier-grade NAT
	netip.MustParsePrefix("127.0.0.0/8"),    // loopback
	netip.MustParsePrefix("169.254.0.0/16"), // link-local, cloud metadata (169.254.169.254)
	netip.MustParsePrefix("172.16.0.0/12"),  // private
	netip.MustParsePrefix("192.0.0.0/24"),   // IETF protocol assignments
	netip.MustParsePrefix("192.168.0.0/16"), // private
	netip.MustParsePrefix("198.18.0.0/15"),  // benchmarking
	netip.MustParsePrefix("224.0.0.0/4"),    // multicast
	netip.MustParsePrefix("240.0.0.0/4"),    // reserved, broadcast
	netip.MustParsePrefix("::/128"),         // unspecified
	netip.MustParsePrefix("::1/128"),        // loopback
	netip.MustParsePrefix("fc00::/7"),       // unique local (incl. fd00:ec2::254 metadata)
	netip.MustParsePrefix("fe80::/10"),      // link-local
	netip.MustParsePrefix("ff00::/8"),       // multicast
	netip.MustParsePrefix("64:ff9b::/96"),   // NAT64 can reach IPv4 internals
	netip.MustParsePrefix("2001:db8::/32"),  // documentation
}

// Internal reports whether addr is in a private, loopback, link-local, multicast or reserved
// range. IPv4-mapped IPv6 addresses are judged as IPv4.
func Internal(addr netip.Addr) bool {
	addr = addr.Unmap()
	for _, p := range internal {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

type allowKey struct{}

// withAllow returns a context carrying the internal ranges a request may reach.
func withAllow(ctx context.Context, allow []netip.Prefix) context.Context {
	if len(allow) == 0 {
		return ctx
	}
	return context.WithValue(ctx, allowKey{}, allow)
}

// checkAddr is the dial-time guard: address is the resolved "ip:port" the dialer is about to
// connect to, so neither a redirect nor a DNS answer can slip an internal address past it.
func checkAddr(ctx context.Context, address string) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrBlockedAddress, address)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("%w: %s is not an ip", ErrBlockedAddress, address)
	}
	ip = ip.Unmap().WithZone("")
	if !Internal(ip) {
		return nil
	}
	allow, _ := ctx.Value(allowKey{}).([]netip.Prefix)
	for _, p := range allow {
		if p.Contains(ip) {
			return nil
		}
	}
	return fmt.Errorf("%w: %s is internal", ErrBlockedAddress, ip)
}

// guardedDialer returns a dialer whose ControlContext refuses internal addresses.
func guardedDialer(d *net.Dialer) *net.Dialer {
	d.ControlContext = func(ctx context.Context, network, address string, _ syscall.RawConn) error {
		return checkAddr(ctx, address)
	}
	return d
}
