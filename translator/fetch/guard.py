"""Address checks for URLs we did not choose ourselves (links found in feeds and section pages).

`check_url` refuses non-http(s) URLs always, and, unless private addresses are allowed, any
host that resolves to an address outside the public Internet (loopback, private, link-local,
multicast, reserved, unspecified, carrier-grade NAT...), so a hostile feed cannot make the
tool probe the newsroom's own network. `is_public_address` is the pure test behind it.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from urllib.parse import urlsplit

from translator.errors import InvalidURL, NetworkError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# IPv6 prefixes that carry an IPv4 address in their low 32 bits (NAT64, RFC 6052 / 8215).
_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))
# Not globally reachable per the IANA registries, but judged global by some Python releases.
_ALSO_REFUSED = tuple(
    ipaddress.ip_network(n)
    for n in (
        "192.0.0.0/24",
        "100.64.0.0/10",
        "198.18.0.0/15",
        "2001:db8::/32",
        "5f00::/16",
    )
)


def is_public_address(ip: str | IPAddress) -> bool:
    """True only for a globally routable unicast address; IPv4 embedded in IPv6 is judged as IPv4.

    Accepts an address object or its text (brackets and an IPv6 zone id are tolerated); text
    that is not an IP address is not public.
    """
    if isinstance(ip, str):
        text = ip.strip().removeprefix("[").removesuffix("]")
        try:
            ip = ipaddress.ip_address(text)
        except ValueError:
            return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id:
            return False
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            return is_public_address(embedded)
    return bool(
        ip.is_global
        and not (
            ip.is_private
            or ip.is_loopback
            or ip.is_link_local
            or ip.is_multicast
            or ip.is_reserved
            or ip.is_unspecified
            or (isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local)
            or any(ip in net for net in _ALSO_REFUSED if net.version == ip.version)
        )
    )


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, 6to4, Teredo, NAT64), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if any(ip in net for net in _NAT64):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def check_url(
    url: str, *, allow_private: bool, via_proxy: bool = False, wait: float | None = None
) -> None:
    """Raise InvalidURL unless `url` is http(s) and (or `allow_private`) its host is public.

    Direct connections: every address the host resolves to must be public; the host is resolved
    with the resolver the connection will use, so numeric spellings such as 2130706433, 0x7f.1
    or 0177.0.0.1 are judged by where they really lead, and a name that does not resolve raises
    NetworkError. Through a proxy (`via_proxy`) the proxy resolves names, so only what can be
    known here is judged: a literal address, or a name that local DNS resolves to a non-public
    address; a name local DNS cannot resolve is left to the proxy. `wait` bounds the lookup.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InvalidURL(f"{url}: not a valid URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        shown = parts.scheme or "no scheme"
        raise InvalidURL(f"{url}: only http and https URLs can be fetched ({shown})")
    host = parts.hostname
    if not host:
        raise InvalidURL(f"{url}: the URL has no host")
    if allow_private:
        return
    port = port or (443 if parts.scheme.lower() == "https" else 80)
    try:
        addresses = [str(ipaddress.ip_address(host))]  # a literal is judged as it is written
    except ValueError:
        addresses = []
    try:
        addresses = addresses or resolve(host, port, url, wait=wait)
    except NetworkError:
        if via_proxy:
            return
        raise
    for address in addresses:
        if not is_public_address(address):
            raise InvalidURL(f"{url}: refusing to contact a non-public address ({address})")


def resolve(host: str, port: int, url: str, *, wait: float | None = None) -> list[str]:
    """Every address `host` resolves to (no packets for IP literals or /etc/hosts names).

    The lookup runs in a daemon thread so that `wait` seconds bound it even when the system
    resolver hangs; the thread ends when the resolver gives up on its own. Raises NetworkError.
    """
    outcome: list[list[str] | BaseException] = []

    def lookup() -> None:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            outcome.append([str(info[4][0]) for info in infos])
        except (OSError, UnicodeError) as exc:
            outcome.append(exc)

    if wait is None:
        lookup()
    else:
        worker = threading.Thread(target=lookup, daemon=True, name=f"resolve {host}")
        worker.start()
        worker.join(wait)
    if not outcome:
        raise NetworkError(f"{url}: cannot resolve host {host} (timed out)")
    result = outcome[0]
    if isinstance(result, BaseException):
        reason = getattr(result, "strerror", None) or str(result)
        raise NetworkError(f"{url}: cannot resolve host {host} ({reason})") from None
    if not result:
        raise NetworkError(f"{url}: cannot resolve host {host}")
    return result
