"""Fetch one page or feed over HTTP(S), defensively: the first stage of the pipeline.

`Fetcher.fetch(url)` returns a `Page` (raw body plus decoded text) or raises a FetchError
subclass whose message is one line naming the URL. Each attempt runs under one deadline of
`[fetch] timeout` seconds (translator.fetch.deadline) covering resolution, connect, 1xx answers,
headers, every redirect hop, the body and its decompression. Redirects are followed by hand so
that every hop is checked (scheme always; address too for untrusted URLs, see guard); bodies
are decompressed in bounded steps (decoding); transient failures are retried under the one
policy of translator.retry.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Self
from urllib.parse import urlsplit

import httpx

from translator.config import FetchConfig
from translator.errors import HTTPStatusError, InvalidURL, NetworkError, TooLarge
from translator.fetch import deadline
from translator.fetch.charset import decode_html, header_charset
from translator.fetch.decoding import ACCEPT_ENCODING, decoder_for
from translator.fetch.failures import fetch_error
from translator.fetch.guard import check_url
from translator.fetch.proxies import choose_proxy
from translator.fetch.sniff import VAGUE_TYPES, check_bytes, check_type, mime_of
from translator.fetch.transport import PROXY_EXTENSION, AddressRefused, BoundedTransport
from translator.retry import RetryPolicy, call
from translator.store import Cache, CachedPage, now_iso
from translator.timestamps import parse_length, retry_after_seconds

ACCEPT_HEADERS = {
    "html": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
    "feed": "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,"
    "text/html;q=0.5,*/*;q=0.3",
    "any": "*/*",
}
REDIRECT_CODES = {301, 302, 303, 307, 308}
MAX_RETRY_AFTER = 30.0  # longer waits are left to the pipeline's own retry schedule
BACKOFF_BASE = 0.5
BACKOFF_CAP = 10.0


@dataclass
class Page:
    """One fetched resource. `text` is the decoded HTML ("" for feeds, which parse bytes)."""

    url: str
    final_url: str
    status: int
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    text: str = ""
    encoding: str | None = None
    not_modified: bool = False
    from_cache: bool = False


class Fetcher:
    """An HTTP client configured once (agent, deadline, proxies), reused for every fetch.

    Proxies: a host routed with `use_proxy` (a source's `proxy`), else `[fetch] proxy`, else
    HTTP(S)_PROXY/ALL_PROXY/NO_PROXY from the environment. `sleep` is the pause between
    retries; tests pass a no-op to stay fast.
    """

    def __init__(
        self,
        config: FetchConfig,
        cache: Cache | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.config = config
        self.cache = cache
        self.policy = RetryPolicy(
            retries=config.retries,
            base=BACKOFF_BASE,
            cap=BACKOFF_CAP,
            max_retry_after=MAX_RETRY_AFTER,
        )
        self._sleep = sleep
        self._routes: dict[str, str] = {}
        self._lock = threading.Lock()
        options: dict[str, Any] = {
            "headers": {
                "User-Agent": config.user_agent,
                "Accept-Encoding": ACCEPT_ENCODING,
                "Accept-Language": "ru,en;q=0.5",
            },
            "timeout": httpx.Timeout(deadline.clamp_budget(config.timeout)),
            "follow_redirects": False,
        }
        self._client = httpx.Client(transport=BoundedTransport(), **options)
        # Untrusted URLs go through a transport that re-checks the address it actually connects
        # to, so a host that resolves to a public address for check_url and to a private one a
        # moment later (DNS rebinding) is still refused. Through a proxy the proxy resolves
        # names, so only check_url's local pre-check applies there.
        self._guarded = httpx.Client(transport=BoundedTransport(guarded=True), **options)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()
        self._guarded.close()

    def use_proxy(self, url: str, proxy: str) -> None:
        """Send every later request to `url`'s host through `proxy` ("" forgets the route)."""
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            if proxy.strip():
                self._routes[host] = proxy.strip()
            else:
                self._routes.pop(host, None)

    def proxy_for(self, url: str) -> str | None:
        """The proxy a request for `url` goes through, or None for a direct connection."""
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            routed = self._routes.get(host, "")
        return choose_proxy(url, source=routed, configured=self.config.proxy)

    def fetch(
        self,
        url: str,
        *,
        trusted: bool = True,
        accept: str = "html",
        conditional: bool = False,
        read_at_most: int | None = None,
    ) -> Page:
        """Fetch `url`, retrying transient failures up to `config.retries` times.

        `trusted=False` (links found in feeds/pages) refuses non-public addresses on every hop;
        `accept` is "html", "feed" or "any"; `conditional` revalidates the cached copy;
        `read_at_most` stops reading there and keeps what came (robots.txt) instead of refusing
        a body over `config.max_bytes`.
        """
        if accept not in ACCEPT_HEADERS:
            raise ValueError(f"accept must be one of {sorted(ACCEPT_HEADERS)}, not {accept!r}")
        try:
            urlsplit(url).hostname  # noqa: B018 -- parsing it is the check ("http://[::1")
        except ValueError as exc:
            raise InvalidURL(f"{url}: not a valid URL ({exc})") from None
        cached = self.cache.get_page(url) if conditional and self.cache is not None else None

        def attempt() -> Page:
            with deadline.within(self.config.timeout) as limit:
                return self._fetch_once(url, _Ask(trusted, accept, cached, read_at_most), limit)

        try:
            return call(attempt, self.policy, sleep=self._sleep)
        except UnicodeError as exc:  # IDNA refuses the host name ("xn--", empty labels)
            raise InvalidURL(f"{url}: not a valid host name ({exc})") from None

    # one attempt ---------------------------------------------------------------------------

    def _fetch_once(self, url: str, ask: _Ask, limit: deadline.Deadline) -> Page:
        allow_private = ask.trusted or self.config.allow_private_addresses
        accept, cached = ask.accept, ask.cached
        client = self._client if allow_private else self._guarded
        proxy = self.proxy_for(url)  # one route for every hop: the proxy follows the request
        headers = {"Accept": ACCEPT_HEADERS[accept]}
        if cached is not None and cached.body is not None:
            if cached.etag:
                headers["If-None-Match"] = cached.etag
            if cached.last_modified:
                headers["If-Modified-Since"] = cached.last_modified
        current = url
        visited = [url]
        for _hop in range(self.config.max_redirects + 1):
            check_url(
                current,
                allow_private=allow_private,
                via_proxy=proxy is not None,
                wait=limit.remaining(),
            )
            response = self._send(client, url, current, headers, proxy, limit)
            try:
                location = response.headers.get("location")
                if response.status_code in REDIRECT_CODES and location:
                    current = _join(url, response, location)
                    visited.append(current)
                    continue
                return self._finish(url, response, ask, limit)
            finally:
                response.close()
        looped = len(set(visited)) < len(visited)
        error = NetworkError(
            f"{url}: too many redirects "
            + ("(redirect loop)" if looped else f"(more than {self.config.max_redirects})")
        )
        error.retryable = False
        raise error

    def _send(
        self,
        client: httpx.Client,
        url: str,
        current: str,
        headers: dict[str, str],
        proxy: str | None,
        limit: deadline.Deadline,
    ) -> httpx.Response:
        if limit.expired:
            raise self._timed_out(url)
        try:
            request = client.build_request(
                "GET", current, headers=headers, extensions={PROXY_EXTENSION: proxy or ""}
            )
            return client.send(request, stream=True)
        except httpx.ConnectTimeout as exc:
            raise fetch_error(url, exc) from None
        except httpx.TimeoutException as exc:
            raise self._timed_out(url) if limit.expired else fetch_error(url, exc) from None
        except httpx.ConnectError as exc:
            if isinstance(exc.__cause__, AddressRefused):
                raise InvalidURL(f"{url}: {exc}") from None
            raise fetch_error(url, exc) from None
        except httpx.InvalidURL as exc:
            raise InvalidURL(f"{current}: not a valid URL ({exc})") from None
        except httpx.HTTPError as exc:
            raise fetch_error(url, exc) from None

    def _timed_out(self, url: str) -> NetworkError:
        return NetworkError(f"{url}: timed out after {self.config.timeout:g} s")

    def _finish(
        self, url: str, response: httpx.Response, ask: _Ask, limit: deadline.Deadline
    ) -> Page:
        accept, cached = ask.accept, ask.cached
        status = response.status_code
        headers = dict(response.headers)
        if status == 304 and cached is not None and cached.body is not None:
            return self._not_modified(url, cached, headers, accept)
        if not 200 <= status < 300:
            reason = response.reason_phrase or ""
            raise HTTPStatusError(
                f"{url}: HTTP {status} {reason}".rstrip(),
                status=status,
                retry_after=retry_after_seconds(headers.get("retry-after")),
            )
        content_type = headers.get("content-type", "")
        mime = mime_of(content_type)
        check_type(url, mime, accept)
        length = parse_length(headers.get("content-length"))
        if ask.read_at_most is None and length is not None and length > self.config.max_bytes:
            raise TooLarge(f"{url}: response larger than {_size(self.config.max_bytes)}")
        body = self._read_body(url, response, limit, ask.read_at_most)
        check_bytes(url, body, mime, accept)
        text, encoding = _text_of(body, content_type, accept)
        final_url = str(response.url)
        if self.cache is not None and status == 200:
            self.cache.put_page(
                CachedPage(
                    url=url,
                    final_url=final_url,
                    etag=headers.get("etag"),
                    last_modified=headers.get("last-modified"),
                    content_type=content_type,
                    body=body,
                    fetched_at=now_iso(),
                )
            )
        return Page(
            url=url,
            final_url=final_url,
            status=status,
            content_type=content_type,
            headers=headers,
            body=body,
            text=text,
            encoding=encoding,
        )

    def _not_modified(
        self, url: str, cached: CachedPage, headers: dict[str, str], accept: str
    ) -> Page:
        body = cached.body or b""
        content_type = cached.content_type or ""
        if self.cache is not None:
            self.cache.put_page(
                CachedPage(
                    url=url,
                    final_url=cached.final_url,
                    etag=headers.get("etag") or cached.etag,
                    last_modified=headers.get("last-modified") or cached.last_modified,
                    content_type=content_type,
                    body=body,
                    fetched_at=now_iso(),
                )
            )
        text, encoding = _text_of(body, content_type, accept)
        return Page(
            url=url,
            final_url=cached.final_url or url,
            status=304,
            content_type=content_type,
            headers=headers,
            body=body,
            text=text,
            encoding=encoding,
            not_modified=True,
            from_cache=True,
        )

    def _read_body(
        self,
        url: str,
        response: httpx.Response,
        limit: deadline.Deadline,
        read_at_most: int | None,
    ) -> bytes:
        """The decoded body, refused as soon as it passes the cap or the deadline (or, with
        `read_at_most`, cut there)."""
        cap = self.config.max_bytes if read_at_most is None else read_at_most
        decoder = decoder_for(url, response.headers.get("content-encoding", ""))
        body = bytearray()
        received = 0

        def take(pieces: Iterable[bytes]) -> bool:
            """False once the body is full (cut at `read_at_most`)."""
            for piece in pieces:
                body.extend(piece)
                if len(body) >= cap and read_at_most is not None:
                    del body[cap:]
                    return False
                if len(body) > cap:
                    raise TooLarge(f"{url}: response larger than {_size(cap)}")
                if limit.expired:  # decompression is bounded by the same clock
                    raise self._timed_out(url)
            return True

        try:
            for chunk in response.iter_raw():
                received += len(chunk)
                if not take(decoder.feed(chunk)):
                    return bytes(body)
            take(decoder.flush())
        except httpx.TimeoutException as exc:
            raise self._timed_out(url) if limit.expired else fetch_error(url, exc) from None
        except httpx.RemoteProtocolError:
            # Headers were fine, so a protocol error now is the body cut short.
            raise NetworkError(f"{url}: connection closed before the whole body arrived") from None
        except httpx.HTTPError as exc:
            raise fetch_error(url, exc) from None
        length = parse_length(response.headers.get("content-length"))
        if length is not None and received < length:
            raise NetworkError(
                f"{url}: connection closed before the whole body arrived "
                f"({received} of {length} bytes)"
            )
        return bytes(body)


@dataclass(frozen=True)
class _Ask:
    """What one fetch asked for, carried through its attempts."""

    trusted: bool
    accept: str
    cached: CachedPage | None
    read_at_most: int | None


def _join(url: str, response: httpx.Response, location: str) -> str:
    try:
        return str(response.url.join(location.strip()))
    except httpx.InvalidURL:
        raise InvalidURL(f"{url}: redirect to an invalid URL ({location})") from None


def _text_of(body: bytes, content_type: str, accept: str) -> tuple[str, str | None]:
    """The decoded text for HTML (and for textual answers to accept="any"); feeds stay bytes."""
    mime = mime_of(content_type)
    charset = header_charset(content_type)
    if accept == "html" or (accept == "any" and (mime in VAGUE_TYPES or mime.startswith("text/"))):
        return decode_html(body, charset)
    return "", charset


def _size(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000} MB"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000} kB"
    return f"{n} bytes"


__all__ = ["Fetcher", "Page", "decode_html"]
