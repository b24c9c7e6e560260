"""Address checks for URLs we did not choose ourselves (links found in feeds and section pages).

`check_url` refuses non-http(s) URLs always, and, unless private addresses are allowed, any
host that resolves to an address outside the public Internet (loopback, private, link-local,
multicast, reserved, unspecified, carrier-grade NAT...), so a hostile feed cannot make the
tool probe the newsroom's own network. `is_public_address` is the pure test behind it.
"""

from __future__ import annotations

import ipaddress
import socket
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


def check_url(url: str, *, allow_private: bool) -> None:
    """Raise InvalidURL unless `url` is http(s) and (or `allow_private`) every address of its host is public.

    The host is resolved with the same resolver the connection will use, so numeric
    spellings such as 2130706433, 0x7f.1 or 0177.0.0.1 are judged by where they really lead.
    Raises NetworkError when the host name does not resolve.
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
    for address in resolve(host, port, url):
        if not is_public_address(address):
            raise InvalidURL(f"{url}: refusing to contact a non-public address ({address})")


def resolve(host: str, port: int, url: str) -> list[str]:
    """Every address `host` resolves to (no packets for IP literals or /etc/hosts names)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise NetworkError(f"{url}: cannot resolve host {host} ({reason})") from None
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise NetworkError(f"{url}: cannot resolve host {host}")
    return addresses
