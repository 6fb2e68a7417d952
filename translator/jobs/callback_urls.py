"""Which callback URLs the service may call, and connections that go where the check said.

A callback URL comes from outside, so calling it blindly would let anyone make
the service reach its own network (server-side request forgery): the cloud's
metadata endpoint, an admin port on loopback, a database on the private LAN.
The policy: only http(s); only the configured hosts when an allowlist is set;
and every address the name resolves to must be public, unless an IP or CIDR
entry of the allowlist covers it. The check resolves the name itself and the
connection then goes to the address that passed, never to a second lookup,
so a DNS answer that changes in between (rebinding) cannot slip through.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from typing import Callable, Sequence
from urllib.parse import urlsplit

from translator.errors import CallbackUrlRefused, ConfigurationError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Sequence[str]]

# Cloud metadata services, named so the error says what was refused; they are
# link-local or private anyway, so the general rule refuses them too.
METADATA_ADDRESSES = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254", "fd00:ec2::254", "100.100.100.200", "169.254.170.2",
))


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6), as strings, in the system's order."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise CallbackUrlRefused(f"the callback host {host!r} does not resolve: {exc}",
                                 reason="unresolvable") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True)
class CallbackTarget:
    """A checked URL: where to connect (``address``) and what to ask for there."""

    url: str
    scheme: str
    host: str
    port: int
    path: str  # path and query, as sent in the request line
    address: str


@dataclass(frozen=True)
class CallbackPolicy:
    """The allowlist: host names, and IP networks that may be private."""

    names: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def from_entries(cls, entries: Sequence[str]) -> "CallbackPolicy":
        """Parse TARGUM_CALLBACK_ALLOWED_HOSTS entries: ``cms.example.com``, ``127.0.0.1``, ``10.1.0.0/16``."""
        names: set[str] = set()
        networks: list[IPNetwork] = []
        for entry in entries:
            entry = entry.strip().lower().strip("[]")
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                if not entry or "/" in entry or ":" in entry:
                    raise ConfigurationError(
                        f"TARGUM_CALLBACK_ALLOWED_HOSTS: {entry!r} is neither a host name nor an IP or CIDR range"
                    ) from None
                names.add(entry.rstrip("."))
        return cls(frozenset(names), tuple(networks))

    @property
    def restricted(self) -> bool:
        """True when an allowlist is configured: nothing outside it is called."""
        return bool(self.names or self.networks)

    def _allowed_address(self, address: IPAddress) -> bool:
        return any(address in network for network in self.networks)

    def check(self, url: str, resolve: Resolver = system_resolver) -> CallbackTarget:
        """The target to connect to for ``url``, or :class:`CallbackUrlRefused` saying why not."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise CallbackUrlRefused(f"the callback URL is malformed: {exc}", reason="invalid_url") from None
        if parts.scheme not in ("http", "https"):
            raise CallbackUrlRefused("the callback URL must be http:// or https://", reason="invalid_url")
        host = (parts.hostname or "").rstrip(".")
        if not host:
            raise CallbackUrlRefused("the callback URL has no host", reason="invalid_url")
        if parts.username or parts.password:
            # Credentials would be logged and echoed; the signature authenticates us instead.
            raise CallbackUrlRefused("the callback URL must not carry credentials", reason="invalid_url")
        port = port or (443 if parts.scheme == "https" else 80)
        literal = _ip_literal(host)
        addresses = [literal] if literal is not None else [_parse(a) for a in resolve(host, port)]
        if not addresses:
            raise CallbackUrlRefused(f"the callback host {host!r} does not resolve", reason="unresolvable")
        if self.restricted and host not in self.names and not all(self._allowed_address(a) for a in addresses):
            raise CallbackUrlRefused(f"the callback host {host!r} is not in TARGUM_CALLBACK_ALLOWED_HOSTS",
                                     reason="host_not_allowed", host=host)
        for address in addresses:
            refusal = _non_public(address)
            if refusal and not self._allowed_address(address):
                shown = host if literal is not None else f"{host!r}, which resolves to {address},"
                extra = {"embedded": refusal.embedded} if refusal.embedded else {}
                raise CallbackUrlRefused(f"the callback host {shown} is a {refusal}; callbacks go to "
                                         "public addresses unless TARGUM_CALLBACK_ALLOWED_HOSTS lists it",
                                         reason="private_address", host=host, address=str(address), **extra)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return CallbackTarget(url, parts.scheme, host, port, path, str(addresses[0]))


def _parse(address: str) -> IPAddress:
    # A scoped IPv6 address ("fe80::1%eth0") keeps its scope out of the check.
    return ipaddress.ip_address(address.split("%", 1)[0])


def _ip_literal(host: str) -> IPAddress | None:
    try:
        return _parse(host)
    except ValueError:
        return None


@dataclass(frozen=True)
class _Refusal:
    """Why an address is not a public one: its kind, and the IPv4 address inside it when that is the reason."""

    kind: str
    form: str | None = None
    embedded: str | None = None

    def __str__(self) -> str:
        inside = f" (the {self.form} form of {self.embedded})" if self.form else ""
        return f"{self.kind} address{inside}"


# 64:ff9b:1::/48 (RFC 8215) is for a site's own NAT64 translators: where the
# IPv4 address sits in it depends on the site's prefix length, so it cannot be
# decoded, and what it reaches is the site's own network.
_LOCAL_NAT64 = ipaddress.IPv6Network("64:ff9b:1::/48")


def _embedded_ipv4(address: ipaddress.IPv6Address) -> list[tuple[str, ipaddress.IPv4Address]]:
    """The IPv4 addresses an IPv6 address carries, by transition form: (form, address).

    Each of these forms reaches the IPv4 host it embeds (through a 6to4 relay,
    a NAT64 gateway, a Teredo or ISATAP tunnel, or the host's own dual stack),
    so that host is what the check must judge.
    """
    value = int(address)
    found: list[tuple[str, ipaddress.IPv4Address]] = []
    if address.ipv4_mapped is not None:  # ::ffff:a.b.c.d
        found.append(("IPv4-mapped", address.ipv4_mapped))
    elif value >> 32 == 0xFFFF_0000:  # ::ffff:0:a.b.c.d (SIIT, RFC 7915)
        found.append(("IPv4-translated", ipaddress.IPv4Address(value & 0xFFFF_FFFF)))
    elif value >> 32 == 0 and value > 1:  # ::a.b.c.d (deprecated; :: and ::1 are themselves)
        found.append(("IPv4-compatible", ipaddress.IPv4Address(value)))
    elif value >> 32 == 0x0064_FF9B << 64:  # 64:ff9b::a.b.c.d (RFC 6052)
        found.append(("NAT64", ipaddress.IPv4Address(value & 0xFFFF_FFFF)))
    if address.sixtofour is not None:  # 2002:a.b.c.d::/48
        found.append(("6to4", address.sixtofour))
    if address.teredo is not None:  # 2001:0:server::client, the client XOR-ed with all ones
        server, client = address.teredo
        found.extend([("Teredo", client), ("Teredo", server)])
    # ISATAP (RFC 5214): any /64 prefix, then an interface id of 0000:5efe or
    # 0200:5efe (the universal/local and group bits vary) and the IPv4 address.
    if (value >> 32) & 0xFCFF_FFFF == 0x0000_5EFE:
        found.append(("ISATAP", ipaddress.IPv4Address(value & 0xFFFF_FFFF)))
    return found


def _non_public(address: IPAddress) -> _Refusal | None:
    """Why an address is not a public one, or None when it is.

    An IPv6 address that embeds an IPv4 address is refused when the IPv4
    address would be. The mapped, translated and NAT64 forms are nothing but
    that IPv4 host, so they are judged by it alone (64:ff9b::8.8.8.8 passes);
    the tunnel forms must pass as IPv6 addresses too.
    """
    if isinstance(address, ipaddress.IPv6Address):
        if address in _LOCAL_NAT64:
            return _Refusal("local-use NAT64")
        embedded = _embedded_ipv4(address)
        for form, inner in embedded:
            kind = _kind(inner)
            if kind:
                return _Refusal(kind, form, str(inner))
        if embedded and embedded[0][0] in ("IPv4-mapped", "IPv4-translated", "NAT64"):
            return None
    kind = _kind(address)
    return _Refusal(kind) if kind else None


def _kind(address: IPAddress) -> str | None:
    """The kind of a non-public address ("loopback", "private" ...), or None for a public one."""
    if address in METADATA_ADDRESSES:
        return "cloud metadata"
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_private:
        return "private"
    if address.is_multicast or address.is_unspecified or address.is_reserved or not address.is_global:
        return "non-public"
    return None


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to a fixed address; the Host header keeps the URL's name."""

    def __init__(self, target: CallbackTarget, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a fixed address; SNI and certificate checks use the URL's name."""

    def __init__(self, target: CallbackTarget, timeout: float) -> None:
        self._tls = ssl.create_default_context()
        super().__init__(target.host, target.port, timeout=timeout, context=self._tls)
        self._address = target.address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)


def open_connection(target: CallbackTarget, timeout: float) -> http.client.HTTPConnection:
    """A connection to the checked address of ``target`` (not yet opened)."""
    if target.scheme == "https":
        return _PinnedHTTPSConnection(target, timeout)
    return _PinnedHTTPConnection(target, timeout)
