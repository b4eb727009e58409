"""Which IP addresses a URL fetch may connect to.

Only public unicast addresses are allowed. Refused: loopback (unless a policy allows it, for tests
against a local server), private, shared (carrier-grade NAT), link-local, multicast, reserved,
unspecified and documentation ranges, the cloud metadata endpoints, and the IPv6 forms that carry
one of those IPv4 addresses inside (IPv4-mapped ``::ffff:a.b.c.d``, 6to4 ``2002::/16``, NAT64
``64:ff9b::/96``, Teredo).
"""

from __future__ import annotations

import ipaddress

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean
        "169.254.170.2",  # AWS ECS task metadata
        "100.100.100.200",  # Alibaba Cloud
        "fd00:ec2::254",  # AWS IPv6
    )
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def parse_ip(text: str) -> IPAddress | None:
    """Parse an IP literal (an IPv6 zone such as ``%eth0`` is ignored); ``None`` for a host name."""
    try:
        return ipaddress.ip_address(text.split("%", 1)[0].strip("[]"))
    except ValueError:
        return None


def _embedded_ipv4(addr: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if addr.ipv4_mapped is not None:
        return addr.ipv4_mapped
    if addr.sixtofour is not None:
        return addr.sixtofour
    if addr.teredo is not None:
        return addr.teredo[1]
    if addr in _NAT64:
        return ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
    return None


def refusal_reason(addr: IPAddress, *, allow_loopback: bool = False) -> str | None:
    """Return why ``addr`` must not be contacted, or ``None`` when it is a public address."""
    if isinstance(addr, ipaddress.IPv6Address):
        inner = _embedded_ipv4(addr)
        if inner is not None:
            reason = refusal_reason(inner, allow_loopback=allow_loopback)
            if reason:
                return f"{reason} (inside the IPv6 address {addr})"
            if addr.ipv4_mapped is not None:
                return None
    if addr in METADATA_ADDRESSES:
        return "a cloud metadata address"
    if addr.is_loopback:
        return None if allow_loopback else "a loopback address (this machine)"
    checks = (
        (addr.is_unspecified, "an unspecified address"),
        (addr.is_link_local, "a link-local address"),
        (addr.is_multicast, "a multicast address"),
        (addr.is_private, "a private network address"),
        (addr.is_reserved, "a reserved address"),
        (not addr.is_global, "not a public internet address"),
    )
    for failed, reason in checks:
        if failed:
            return reason
    return None
