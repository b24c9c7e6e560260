"""Which proxy a request goes through: the source's, else `[fetch] proxy`, else the environment.

The environment means HTTP_PROXY / HTTPS_PROXY (by the URL's scheme), then ALL_PROXY, in either
case, with NO_PROXY exempting hosts, as curl and httpx read them. A proxy URL is http://,
https://, socks5:// or socks5h:// (SOCKS needs `httpx[socks]`, a declared dependency); with
SOCKS5 the host name is always sent to the proxy, which resolves it.
"""

from __future__ import annotations

import urllib.request
from urllib.parse import urlsplit

from translator.errors import ConfigError

PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")


def environment_proxy(url: str) -> str | None:
    """The proxy the environment names for `url`, or None (none set, or NO_PROXY exempts it)."""
    proxies = urllib.request.getproxies_environment()
    parts = urlsplit(url)
    proxy = proxies.get(parts.scheme.lower()) or proxies.get("all")
    if not proxy:
        return None
    # proxy_bypass_environment is public in urllib.request, though typeshed omits it
    bypass = urllib.request.proxy_bypass_environment  # type: ignore[attr-defined]
    if parts.hostname and bypass(parts.netloc, proxies):
        return None
    return _with_scheme(proxy)


def choose_proxy(url: str, *, source: str = "", configured: str = "") -> str | None:
    """The proxy for `url`: the source's own, else the configured one, else the environment's.

    NO_PROXY applies to the environment's proxy only; an explicit proxy is meant.
    """
    explicit = source.strip() or configured.strip()
    if explicit:
        return _with_scheme(explicit)
    return environment_proxy(url)


def check_proxy_url(proxy: str, key: str) -> None:
    """Raise ConfigError naming `key` unless `proxy` is empty or a usable proxy URL."""
    if proxy.strip() and not is_proxy_url(_with_scheme(proxy.strip())):
        raise ConfigError(
            f"{key}: not a proxy URL {proxy!r} (use http://, https://, socks5:// or socks5h://)"
        )


def is_proxy_url(proxy: str) -> bool:
    """Whether `proxy` is a URL httpcore can use as a proxy (scheme, host, valid port)."""
    try:
        parts = urlsplit(proxy)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return False
    return parts.scheme.lower() in PROXY_SCHEMES and bool(parts.hostname)


def _with_scheme(proxy: str) -> str:
    """curl's habit: a proxy without a scheme is an HTTP proxy."""
    return proxy if "://" in proxy else f"http://{proxy}"
