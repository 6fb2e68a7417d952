"""The callback URL policy: schemes, the allowlist, private addresses, and pinned connections."""

from __future__ import annotations

import ipaddress
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Iterator

import pytest

from translator.errors import CallbackUrlRefused, ConfigurationError
from translator.jobs.callback_urls import CallbackPolicy, open_connection

OPEN = CallbackPolicy()


def resolver(table: dict[str, list[str]]):
    """A resolver that answers from ``table`` and records each lookup."""
    calls: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        calls.append(host)
        return table[host]

    resolve.calls = calls  # type: ignore[attr-defined]
    return resolve


def refusal(policy: CallbackPolicy, url: str, resolve=None) -> CallbackUrlRefused:
    with pytest.raises(CallbackUrlRefused) as caught:
        policy.check(url, resolve or resolver({}))
    assert caught.value.code == "callback_url_refused" and caught.value.status == 400
    return caught.value


@pytest.mark.parametrize("url", ["ftp://cms.example.com/hook", "file:///etc/passwd", "cms.example.com/hook",
                                 "http:///hook", "https://user:pw@cms.example.com/hook"])
def test_only_plain_http_and_https_urls(url: str) -> None:
    assert refusal(OPEN, url).extra["reason"] == "invalid_url"


@pytest.mark.parametrize("url, kind", [
    ("http://10.0.0.5/hook", "private"), ("http://192.168.1.20:8080/hook", "private"),
    ("http://172.16.3.4/hook", "private"), ("http://127.0.0.1:9000/hook", "loopback"),
    ("http://[::1]/hook", "loopback"), ("http://169.254.10.10/hook", "link-local"),
    ("http://169.254.169.254/latest/meta-data/", "cloud metadata"), ("http://[fd00:ec2::254]/", "cloud metadata"),
    ("http://[::ffff:10.0.0.1]/hook", "private"), ("http://0.0.0.0/hook", "private"),
    ("http://100.64.0.1/hook", "non-public"),
])
def test_private_loopback_link_local_and_metadata_addresses_are_refused(url: str, kind: str) -> None:
    error = refusal(OPEN, url)
    assert error.extra["reason"] == "private_address"
    assert f"is a {kind} address" in error.detail and "TARGUM_CALLBACK_ALLOWED_HOSTS" in error.detail


@pytest.mark.parametrize("address", ["10.1.2.3", "169.254.169.254", "127.0.0.1", "fe80::1%eth0"])
def test_a_name_that_resolves_to_a_private_address_is_refused(address: str) -> None:
    error = refusal(OPEN, "https://cms.example.com/hook", resolver({"cms.example.com": [address]}))
    assert error.extra["reason"] == "private_address"
    assert "'cms.example.com', which resolves to" in error.detail


def test_one_private_address_among_public_ones_is_enough_to_refuse() -> None:
    resolve = resolver({"cms.example.com": ["93.184.216.34", "10.0.0.7"]})
    assert refusal(OPEN, "https://cms.example.com/hook", resolve).extra["address"] == "10.0.0.7"


def test_a_public_name_passes_and_the_checked_address_is_kept() -> None:
    target = OPEN.check("https://cms.example.com/hooks/targum?v=2", resolver({"cms.example.com": ["93.184.216.34"]}))
    assert (target.scheme, target.host, target.port, target.path, target.address) == (
        "https", "cms.example.com", 443, "/hooks/targum?v=2", "93.184.216.34")


def test_the_allowlist_admits_listed_private_ranges_and_nothing_else() -> None:
    policy = CallbackPolicy.from_entries(["127.0.0.1", "10.20.0.0/16", "cms.example.com"])
    assert policy.check("http://127.0.0.1:8123/hook").address == "127.0.0.1"
    assert policy.check("http://10.20.3.4/hook").address == "10.20.3.4"
    assert policy.check("http://internal.cms/hook", resolver({"internal.cms": ["10.20.9.9"]})).address == "10.20.9.9"
    # Listed by name, but its address is private and not listed: still refused.
    assert refusal(policy, "http://cms.example.com/", resolver({"cms.example.com": ["10.9.9.9"]})
                   ).extra["reason"] == "private_address"
    assert refusal(policy, "http://other.example.com/", resolver({"other.example.com": ["93.184.216.34"]})
                   ).extra["reason"] == "host_not_allowed"
    assert refusal(policy, "http://127.0.0.2/hook").extra["reason"] == "host_not_allowed"


def test_a_malformed_allowlist_entry_fails_at_start_up() -> None:
    with pytest.raises(ConfigurationError, match="TARGUM_CALLBACK_ALLOWED_HOSTS"):
        CallbackPolicy.from_entries(["10.0.0.0/33"])


def test_an_unresolvable_name_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_answer(*args: object, **kwargs: object) -> list:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_answer)
    with pytest.raises(CallbackUrlRefused) as caught:
        OPEN.check("https://cms.example.com/hook")  # the system resolver
    assert caught.value.extra["reason"] == "unresolvable"
    assert refusal(OPEN, "https://empty.example/", resolver({"empty.example": []})).extra["reason"] == "unresolvable"


@pytest.fixture
def local_server() -> Iterator[tuple[int, list[dict]]]:
    """An HTTP server on loopback that records the Host header of each request."""
    seen: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            seen.append({"host": self.headers["Host"], "path": self.path})
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server.server_address[1], seen
    server.shutdown()
    server.server_close()


def test_the_connection_goes_to_the_checked_address_not_a_second_lookup(local_server) -> None:
    port, seen = local_server
    resolve = resolver({"cms.test": ["127.0.0.1"]})
    target = CallbackPolicy.from_entries(["127.0.0.1"]).check(f"http://cms.test:{port}/hook", resolve)
    connection = open_connection(target, timeout=5)
    connection.request("POST", target.path, body=b"{}")
    assert connection.getresponse().status == 204
    connection.close()
    # One lookup (the check's), the request reached the checked address, and the Host is the URL's name.
    assert resolve.calls == ["cms.test"]
    assert seen == [{"host": f"cms.test:{port}", "path": "/hook"}]


# IPv6 forms that carry an IPv4 address inside them reach that IPv4 host (through a
# 6to4 relay, a NAT64 gateway, a Teredo or ISATAP tunnel, or the host's own stack),
# so the embedded address is decoded and judged like the IPv4 literal would be.
@pytest.mark.parametrize("host, kind, form, embedded", [
    ("2002:7f00:1::", "loopback", "6to4", "127.0.0.1"),
    ("2002:a00:5:1::1", "private", "6to4", "10.0.0.5"),
    ("2002:a9fe:a9fe::", "cloud metadata", "6to4", "169.254.169.254"),
    ("64:ff9b::7f00:1", "loopback", "NAT64", "127.0.0.1"),
    ("64:ff9b::c0a8:114", "private", "NAT64", "192.168.1.20"),
    # Teredo: the client's IPv4 address is stored XOR-ed with all ones.
    ("2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback", "Teredo", "127.0.0.1"),
    ("2001:0:a00:1:8000:63bf:5db8:d8dd", "private", "Teredo", "10.0.0.1"),
    ("::ffff:127.0.0.1", "loopback", "IPv4-mapped", "127.0.0.1"),
    ("::ffff:0:10.0.0.1", "private", "IPv4-translated", "10.0.0.1"),
    ("::127.0.0.1", "loopback", "IPv4-compatible", "127.0.0.1"),
    ("2606:4700::5efe:7f00:1", "loopback", "ISATAP", "127.0.0.1"),
    ("2606:4700::200:5efe:a00:1", "private", "ISATAP", "10.0.0.1"),
])
def test_ipv6_forms_that_embed_a_private_ipv4_address_are_decoded_and_refused(
        host: str, kind: str, form: str, embedded: str) -> None:
    error = refusal(OPEN, f"http://[{host}]/hook")
    assert error.extra["reason"] == "private_address" and error.extra["embedded"] == embedded
    assert f"is a {kind} address (the {form} form of {embedded})" in error.detail


def test_a_name_that_resolves_to_a_6to4_loopback_is_refused_too() -> None:
    error = refusal(OPEN, "https://cms.example.com/hook", resolver({"cms.example.com": ["2002:7f00:1::"]}))
    assert error.extra["reason"] == "private_address" and error.extra["embedded"] == "127.0.0.1"


def test_local_use_nat64_is_refused_whatever_it_embeds() -> None:
    # 64:ff9b:1::/48 is for a site's own translators; where the IPv4 sits in it depends on the site.
    error = refusal(OPEN, "http://[64:ff9b:1::808:808]/hook")
    assert error.extra["reason"] == "private_address" and "local-use NAT64" in error.detail


@pytest.mark.parametrize("host", ["64:ff9b::808:808", "::ffff:8.8.8.8", "2606:4700:4700::1111"])
def test_forms_of_public_addresses_still_pass(host: str) -> None:
    assert OPEN.check(f"https://[{host}]/hook").address == str(ipaddress.ip_address(host))


def test_the_allowlist_still_admits_a_listed_ipv6_range_that_embeds_a_private_address() -> None:
    policy = CallbackPolicy.from_entries(["2002:7f00:1::/48"])
    assert policy.check("http://[2002:7f00:1::]/hook").address == "2002:7f00:1::"
