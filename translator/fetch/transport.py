"""The httpx transport every request goes through: deadline-bounded, optionally address-guarded.

httpx's public seam is the transport (`httpx.BaseTransport`), httpcore's the network backend
(`httpcore.NetworkBackend`); `BoundedTransport` uses both and nothing private of either:

- every blocking socket step (connect, TLS, each read and write) waits at most what the current
  `Deadline` leaves (translator.fetch.deadline), so drips and endless `100 Continue` end on time;
- names are resolved by us, within the deadline; with `guarded=True` every address a name
  resolves to must be public, checked at connect time so DNS rebinding cannot slip past the
  pre-check (a proxy resolves names itself, so a proxied transport guards nothing at connect);
- proxies (http://, https://, socks5://, socks5h://) are handed to httpcore's own proxy support,
  chosen per request (translator.fetch.proxies).

`bounded_client()` gives engines an httpx.Client whose every request (body included) ends within
`timeout` seconds by the clock.
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Iterable, Iterator
from typing import Any

import httpcore
import httpx

from translator.errors import FetchError
from translator.fetch import deadline
from translator.fetch.failures import httpcore_as_httpx
from translator.fetch.guard import is_public_address, resolve
from translator.fetch.proxies import environment_proxy, is_proxy_url

REFUSED = "refusing to contact a non-public address"
# request extension naming the proxy to use ("" = connect directly); see BoundedTransport
PROXY_EXTENSION = "translator.proxy"


class AddressRefused(httpcore.ConnectError):
    """The name resolved to an address outside the public Internet (guarded transports only)."""

    def __init__(self, address: str):
        super().__init__(f"{REFUSED} ({address})")
        self.address = address


class _BoundedStream(httpcore.NetworkStream):
    """A socket stream whose every wait is cut to the current deadline."""

    def __init__(self, inner: httpcore.NetworkStream):
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, deadline.limit(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, deadline.limit(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        wait = deadline.limit(timeout, httpcore.ConnectTimeout)
        return _BoundedStream(self._inner.start_tls(ssl_context, server_hostname, wait))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _BoundedBackend(httpcore.NetworkBackend):
    """TCP connections within the deadline, to public addresses only when `guarded`."""

    def __init__(self, *, guarded: bool):
        self._inner = httpcore.SyncBackend()
        self.guarded = guarded

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        wait = deadline.limit(timeout, httpcore.ConnectTimeout)
        try:
            addresses = resolve(host, port, host, wait=wait)
        except FetchError as exc:
            raise httpcore.ConnectError(str(exc).removeprefix(f"{host}: ")) from None
        if self.guarded:
            for address in addresses:
                if not is_public_address(address):
                    raise AddressRefused(address)
        failure: Exception = httpcore.ConnectError(f"cannot connect to {host}")
        for address in dict.fromkeys(addresses):
            try:
                stream = self._inner.connect_tcp(
                    address,
                    port,
                    deadline.limit(timeout, httpcore.ConnectTimeout),
                    local_address,
                    socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            return _BoundedStream(stream)
        raise failure

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not used")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _BodyStream(httpx.SyncByteStream):
    """A response body read under the deadline its request started with."""

    def __init__(self, inner: Iterable[bytes], limit: deadline.Deadline):
        self._inner = inner
        self._limit = limit

    def __iter__(self) -> Iterator[bytes]:
        chunks = iter(self._inner)
        while True:
            with deadline.entered(self._limit), httpcore_as_httpx():
                chunk = next(chunks, None)
            if chunk is None:
                return
            yield chunk

    def close(self) -> None:
        close = getattr(self._inner, "close", None)
        if close is not None:
            with httpcore_as_httpx():
                close()


class BoundedTransport(httpx.BaseTransport):
    """httpx transport over httpcore pools (one per proxy) with the bounded backend.

    The proxy of a request is `request.extensions["translator.proxy"]` when the caller set it
    ("" for a direct connection), else the environment's (translator.fetch.proxies). `guarded`
    refuses non-public addresses at connect time on direct connections. `total` opens a deadline
    of that many seconds per request (body included) within any the caller is already under.
    """

    def __init__(self, *, guarded: bool = False, total: float | None = None):
        self.guarded = guarded
        self.total = total
        self._pools: dict[str | None, httpcore.ConnectionPool] = {}
        self._lock = threading.Lock()

    def _pool(self, proxy: str | None) -> httpcore.ConnectionPool:
        if proxy and not is_proxy_url(proxy):
            raise httpx.ProxyError(
                f"unusable proxy URL {proxy!r} (use http://, https://, socks5:// or socks5h://)"
            )
        with self._lock:
            pool = self._pools.get(proxy)
            if pool is None:
                pool = self._pools[proxy] = httpcore.ConnectionPool(
                    ssl_context=httpx.create_ssl_context(),
                    proxy=httpcore.Proxy(proxy) if proxy else None,
                    max_connections=100,
                    max_keepalive_connections=20,
                    keepalive_expiry=5.0,
                    network_backend=_BoundedBackend(guarded=self.guarded and not proxy),
                )
            return pool

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        limit = deadline.current().sooner(self.total)
        extensions = dict(request.extensions)
        chosen = extensions.pop(PROXY_EXTENSION, None)
        proxy = environment_proxy(str(request.url)) if chosen is None else (chosen or None)
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=extensions,
        )
        with deadline.entered(limit), httpcore_as_httpx():
            response = self._pool(proxy).handle_request(core_request)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_BodyStream(response.stream, limit),  # type: ignore[arg-type]
            extensions=response.extensions,
        )

    def close(self) -> None:
        with self._lock:
            pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            pool.close()


def bounded_client(timeout: float, **options: Any) -> httpx.Client:
    """An httpx.Client whose every request, body included, ends within `timeout` s by the clock.

    For engine calls: pass the usual httpx.Client options (headers, base_url...); proxies come
    from the environment as before. `timeout` also sets httpx's per-step timeouts; running out
    surfaces as httpx.TimeoutException.
    """
    transport = BoundedTransport(total=timeout)
    return httpx.Client(transport=transport, timeout=httpx.Timeout(timeout), **options)
