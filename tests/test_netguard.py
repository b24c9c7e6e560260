"""Address checks, judged without sending a packet: literals, odd IPv4 spellings, and a
patched resolver for host names."""

from __future__ import annotations

import ipaddress
import socket

import pytest

import translator.fetch.guard as netguard
from translator.errors import InvalidURL, NetworkError
from translator.fetch.guard import check_url, is_public_address

NOT_PUBLIC = [
    "127.0.0.1",
    "127.255.255.254",
    "10.0.0.1",
    "10.255.255.255",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "100.127.255.255",
    "0.0.0.0",
    "0.1.2.3",
    "224.0.0.1",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    "192.0.0.8",
    "192.0.2.1",
    "198.18.0.1",
    "198.51.100.7",
    "203.0.113.9",
    "::",
    "::1",
    "fe80::1",
    "fe80::1%eth0",
    "fc00::1",
    "fd12:3456::1",
    "fec0::1",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
    "::127.0.0.1",
    "::8.8.8.8",
    "64:ff9b::7f00:1",
    "64:ff9b::a9fe:a9fe",
    "2002:7f00:1::",
    "2002:c0a8:101::1",
    "2001:db8::1",
    "100::1",
    "[::1]",
    "not an address",
    "",
    "2130706433",
]
PUBLIC = [
    "8.8.8.8",
    "1.1.1.1",
    "93.184.216.34",
    "77.88.55.242",
    "172.32.0.1",
    "100.128.0.1",
    "2a02:6b8::2:242",
    "2606:4700:4700::1111",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "2002:808:808::1",
    "[2a00:1450:4001:82b::200e]",
]


@pytest.mark.parametrize("address", NOT_PUBLIC)
def test_not_public(address: str) -> None:
    assert not is_public_address(address)


@pytest.mark.parametrize("address", PUBLIC)
def test_public(address: str) -> None:
    assert is_public_address(address)


def test_accepts_address_objects() -> None:
    assert not is_public_address(ipaddress.ip_address("10.1.2.3"))
    assert is_public_address(ipaddress.ip_address("2a02:6b8::1"))


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://2130706433/",
        "http://0x7f000001/",
        "http://0177.0.0.1/",
        "http://0x7f.1/",
        "http://127.1/",
        "http://[::1]:8080/",
        "http://[::ffff:127.0.0.1]/",
        "https://10.0.0.1/x",
        "http://169.254.169.254/latest/meta-data/",
        "http://0/",
    ],
)
def test_numeric_spellings_of_private_hosts_are_refused(url: str) -> None:
    with pytest.raises(InvalidURL, match="non-public address"):
        check_url(url, allow_private=False)
    check_url(url, allow_private=True)


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "data:text/html,x",
        "example.org/news",
        "//example.org/x",
        "gopher://127.0.0.1:70/",
    ],
)
def test_only_http_and_https(url: str) -> None:
    for allow in (True, False):
        with pytest.raises(InvalidURL):
            check_url(url, allow_private=allow)


def test_malformed_urls() -> None:
    with pytest.raises(InvalidURL, match="no host"):
        check_url("http:///path", allow_private=True)
    with pytest.raises(InvalidURL, match="not a valid URL"):
        check_url("http://example.org:99999999/", allow_private=True)


def fake_resolver(table: dict[str, list[str]]):
    def getaddrinfo(host, port, *args, **kwargs):
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in table[host]
        ]

    return getaddrinfo


def test_host_names_are_judged_by_every_address(monkeypatch) -> None:
    monkeypatch.setattr(
        netguard.socket,
        "getaddrinfo",
        fake_resolver(
            {
                "news.example": ["93.184.216.34", "2606:2800:220:1::1"],
                "rebind.example": ["93.184.216.34", "127.0.0.1"],
                "internal.example": ["10.1.2.3"],
                "mapped.example": ["::ffff:192.168.0.1"],
            }
        ),
    )
    check_url("https://news.example/a", allow_private=False)
    for host in ("rebind.example", "internal.example", "mapped.example"):
        with pytest.raises(InvalidURL, match=f"https://{host}/a: refusing"):
            check_url(f"https://{host}/a", allow_private=False)
    with pytest.raises(NetworkError, match="cannot resolve host nowhere.example"):
        check_url("https://nowhere.example/a", allow_private=False)
    check_url("https://nowhere.example/a", allow_private=True)


def test_through_a_proxy_only_what_is_known_locally_is_judged(monkeypatch) -> None:
    table = {"news.example": ["93.184.216.34"], "intranet.example": ["10.0.0.5"]}
    monkeypatch.setattr(netguard.socket, "getaddrinfo", fake_resolver(table))
    # local DNS knows nothing: the proxy resolves it, so it is not refused here
    check_url("https://nowhere.example/a", allow_private=False, via_proxy=True)
    check_url("https://news.example/a", allow_private=False, via_proxy=True)
    for url in ("https://intranet.example/a", "http://10.1.2.3/a", "http://[::1]:8080/a"):
        with pytest.raises(InvalidURL, match="non-public address"):
            check_url(url, allow_private=False, via_proxy=True)
    with pytest.raises(InvalidURL, match="only http and https"):
        check_url("ftp://news.example/a", allow_private=False, via_proxy=True)


def test_a_hanging_resolver_is_bounded(monkeypatch) -> None:
    import threading
    import time

    release = threading.Event()

    def hanging(host, *args, **kwargs):
        release.wait(10)
        raise netguard.socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(netguard.socket, "getaddrinfo", hanging)
    started = time.monotonic()
    try:
        with pytest.raises(NetworkError, match=r"cannot resolve host slow.example \(timed out\)"):
            check_url("https://slow.example/a", allow_private=False, wait=0.2)
        assert time.monotonic() - started < 1.0
    finally:
        release.set()
