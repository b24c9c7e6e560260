"""Fetch one page or feed over HTTP(S), defensively: the first stage of the pipeline.

`Fetcher.fetch(url)` returns a `Page` (raw body plus decoded text) or raises a FetchError
subclass whose message is one line naming the URL. Redirects are followed by hand so that
every hop is checked (scheme always; address too for untrusted URLs, see netguard); bodies
are streamed and decompressed here in bounded steps so that neither a huge response nor a
compression bomb can exhaust memory; transient failures are retried with backoff.
"""

from __future__ import annotations

import codecs
import re
import time
import urllib.request
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Self

import charset_normalizer
import httpcore
import httpx

from translator.config import FetchConfig
from translator.errors import (
    FetchError,
    HTTPStatusError,
    InvalidURL,
    NetworkError,
    NotHTML,
    TooLarge,
)
from translator.fetch.guard import check_url, is_public_address, resolve
from translator.store import Cache, CachedPage, now_iso
from translator.timestamps import retry_after_seconds

try:
    import brotli
except ImportError:  # brotli is optional: without it we simply do not offer "br"
    brotli = None
if brotli is not None and not hasattr(brotli.Decompressor, "can_accept_more_data"):
    brotli = None  # before 1.2 its output cannot be bounded, so a brotli bomb could not be stopped

ACCEPT_HEADERS = {
    "html": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
    "feed": "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,"
    "text/html;q=0.5,*/*;q=0.3",
    "any": "*/*",
}
HTML_TYPES = {"text/html", "application/xhtml+xml"}
FEED_TYPES = HTML_TYPES | {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",
    "application/json",
}
# Types servers send when they do not know better: we look at the bytes instead.
VAGUE_TYPES = {"", "text/plain", "application/octet-stream", "binary/octet-stream"}
BINARY_MAGIC = {
    b"%PDF": "application/pdf",
    b"\x89PNG": "image/png",
    b"GIF8": "image/gif",
    b"\xff\xd8\xff": "image/jpeg",
    b"PK\x03\x04": "application/zip",
    b"RIFF": "image/webp",
}
REDIRECT_CODES = {301, 302, 303, 307, 308}
MAX_RETRY_AFTER = 30.0  # longer waits are left to the pipeline's own retry schedule
BACKOFF_BASE = 0.5
BACKOFF_CAP = 10.0
DECODE_STEP = 64 * 1024  # most bytes one decompression step may produce


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
    """An HTTP client configured once (agent, timeouts, proxies from the environment), reused per fetch.

    `sleep` is the pause between retries; tests pass a no-op to stay fast.
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
        self._sleep = sleep
        encodings = "gzip, deflate, br" if brotli is not None else "gzip, deflate"
        options = {
            "headers": {
                "User-Agent": config.user_agent,
                "Accept-Encoding": encodings,
                "Accept-Language": "ru,en;q=0.5",
            },
            "timeout": httpx.Timeout(config.timeout),
            "follow_redirects": False,
            "trust_env": True,
        }
        self._client = httpx.Client(**options)
        # Untrusted URLs go through a client that re-checks the address it actually connects
        # to, so a host that resolves to a public address for check_url and to a private one a
        # moment later (DNS rebinding) is still refused. With a proxy configured the proxy
        # resolves names, so only the check_url pre-check applies.
        self._guarded = (
            httpx.Client(transport=_PublicOnlyTransport(), **options)
            if not _proxies_configured()
            else self._client
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()
        self._guarded.close()

    def fetch(
        self, url: str, *, trusted: bool = True, accept: str = "html", conditional: bool = False
    ) -> Page:
        """Fetch `url`, retrying transient failures up to `config.retries` times.

        `trusted=False` (links found in feeds/pages) refuses non-public addresses on every hop;
        `accept` is "html", "feed" or "any"; `conditional` revalidates the cached copy.
        """
        if accept not in ACCEPT_HEADERS:
            raise ValueError(f"accept must be one of {sorted(ACCEPT_HEADERS)}, not {accept!r}")
        cached = self.cache.get_page(url) if conditional and self.cache is not None else None
        attempt = 0
        while True:
            try:
                return self._fetch_once(url, trusted=trusted, accept=accept, cached=cached)
            except UnicodeError as exc:  # IDNA refuses the host name ("xn--", empty labels)
                raise InvalidURL(f"{url}: not a valid host name ({exc})") from None
            except FetchError as exc:
                if not exc.retryable or attempt >= self.config.retries:
                    raise
                delay = _retry_delay(exc, attempt)
                if delay is None:
                    raise
            self._sleep(delay)
            attempt += 1

    # one attempt ---------------------------------------------------------------------------

    def _fetch_once(
        self, url: str, *, trusted: bool, accept: str, cached: CachedPage | None
    ) -> Page:
        deadline = time.monotonic() + self.config.timeout
        allow_private = trusted or self.config.allow_private_addresses
        client = self._client if allow_private else self._guarded
        headers = {"Accept": ACCEPT_HEADERS[accept]}
        if cached is not None and cached.body is not None:
            if cached.etag:
                headers["If-None-Match"] = cached.etag
            if cached.last_modified:
                headers["If-Modified-Since"] = cached.last_modified
        current = url
        visited = [url]
        for _hop in range(self.config.max_redirects + 1):
            check_url(current, allow_private=allow_private)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise NetworkError(f"{url}: timed out after {self.config.timeout:g} s")
            try:
                # Each connect and read waits at most what is left of the whole attempt.
                request = client.build_request(
                    "GET", current, headers=headers, timeout=httpx.Timeout(remaining)
                )
                response = client.send(request, stream=True)
            except httpx.InvalidURL as exc:
                raise InvalidURL(f"{current}: not a valid URL ({exc})") from None
            except httpx.HTTPError as exc:
                raise _network_error(url, exc) from None
            try:
                location = response.headers.get("location")
                if response.status_code in REDIRECT_CODES and location:
                    try:
                        current = str(response.url.join(location.strip()))
                    except httpx.InvalidURL:
                        raise InvalidURL(
                            f"{url}: redirect to an invalid URL ({location})"
                        ) from None
                    visited.append(current)
                    continue
                return self._finish(url, response, accept, cached, deadline)
            finally:
                response.close()
        looped = len(set(visited)) < len(visited)
        error = NetworkError(
            f"{url}: too many redirects "
            + ("(redirect loop)" if looped else f"(more than {self.config.max_redirects})")
        )
        error.retryable = False
        raise error

    def _finish(
        self,
        url: str,
        response: httpx.Response,
        accept: str,
        cached: CachedPage | None,
        deadline: float,
    ) -> Page:
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
        mime = content_type.split(";")[0].strip().lower()
        if accept != "any" and mime not in VAGUE_TYPES:
            _check_type(url, mime, accept)
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.config.max_bytes:
            raise TooLarge(f"{url}: response larger than {_size(self.config.max_bytes)}")
        body = self._read_body(url, response, deadline)
        if accept != "any":
            _check_bytes(url, body, mime, accept)
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

    def _read_body(self, url: str, response: httpx.Response, deadline: float) -> bytes:
        """The decoded body, refused as soon as it passes the cap or the deadline."""
        limit = self.config.max_bytes
        decoder = _decoder_for(url, response.headers.get("content-encoding", ""))
        body = bytearray()
        received = 0
        try:
            for chunk in response.iter_raw():
                received += len(chunk)
                for piece in decoder.feed(chunk):
                    body += piece
                    if len(body) > limit:
                        raise TooLarge(f"{url}: response larger than {_size(limit)}")
                if time.monotonic() > deadline:
                    raise NetworkError(f"{url}: timed out after {self.config.timeout:g} s")
            for piece in decoder.flush():
                body += piece
                if len(body) > limit:
                    raise TooLarge(f"{url}: response larger than {_size(limit)}")
        except httpx.HTTPError as exc:
            raise _network_error(url, exc) from None
        length = response.headers.get("content-length", "")
        if length.isdigit() and received < int(length):
            raise NetworkError(
                f"{url}: connection closed before the whole body arrived "
                f"({received} of {length} bytes)"
            )
        return bytes(body)


# connect-time address guard -------------------------------------------------------------------

_REFUSED = "refusing to contact a non-public address"


class _PublicOnlyBackend(httpcore.SyncBackend):
    """Opens TCP connections only to public addresses, resolving the name itself."""

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: object = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = resolve(host, port, host)
        except FetchError as exc:
            raise httpcore.ConnectError(str(exc).removeprefix(f"{host}: ")) from None
        for address in addresses:
            if not is_public_address(address):
                raise httpcore.ConnectError(f"{_REFUSED} ({address})")
        failure: Exception | None = None
        for address in dict.fromkeys(addresses):
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        assert failure is not None
        raise failure


class _PublicOnlyTransport(httpx.HTTPTransport):
    """The standard transport over a connection pool that uses `_PublicOnlyBackend`."""

    def __init__(self) -> None:
        super().__init__()
        # httpx offers no public hook for the network backend, hence the replaced pool;
        # test_fetch checks that a rebinding host is refused, so a change here cannot go unseen.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=_PublicOnlyBackend(),
        )


def _proxies_configured() -> bool:
    proxies = urllib.request.getproxies_environment()
    return any(proxies.get(scheme) for scheme in ("http", "https", "all"))


def _text_of(body: bytes, content_type: str, accept: str) -> tuple[str, str | None]:
    """The decoded text for HTML (and for textual answers to accept="any"); feeds stay bytes."""
    mime = content_type.split(";")[0].strip().lower()
    charset = _header_charset(content_type)
    if accept == "html" or (accept == "any" and (mime in VAGUE_TYPES or mime.startswith("text/"))):
        return decode_html(body, charset)
    return "", charset


# content types -------------------------------------------------------------------------------


def _check_type(url: str, mime: str, accept: str) -> None:
    if accept == "html" and mime not in HTML_TYPES:
        raise NotHTML(f"{url}: not an HTML page ({mime})")
    if accept == "feed" and mime not in FEED_TYPES:
        raise NotHTML(f"{url}: not a feed ({mime})")


def _check_bytes(url: str, body: bytes, mime: str, accept: str) -> None:
    """Refuse bodies whose first bytes say PDF/image/JSON whatever the header claimed."""
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    for magic, kind in BINARY_MAGIC.items():
        if head.startswith(magic):
            raise NotHTML(f"{url}: {_what(accept)} ({kind})")
    if accept == "html" and mime in VAGUE_TYPES and head and not _looks_like_markup(head):
        raise NotHTML(f"{url}: {_what(accept)} ({mime or 'no content type'})")
    if accept == "feed" and mime in VAGUE_TYPES and head and not head.startswith((b"<", b"{")):
        raise NotHTML(f"{url}: {_what(accept)} ({mime or 'no content type'})")


def _looks_like_markup(head: bytes) -> bool:
    lower = head.lower()
    return lower.startswith(b"<") or any(tag in lower for tag in (b"<html", b"<head", b"<body"))


def _what(accept: str) -> str:
    return "not a feed" if accept == "feed" else "not an HTML page"


def _size(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000} MB"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000} kB"
    return f"{n} bytes"


# retries -------------------------------------------------------------------------------------


def _retry_delay(exc: FetchError, attempt: int) -> float | None:
    """Seconds to wait before the next attempt, or None when the server asks for too long."""
    retry_after = getattr(exc, "retry_after", None)
    if retry_after is not None:
        return retry_after if retry_after <= MAX_RETRY_AFTER else None
    return min(BACKOFF_CAP, BACKOFF_BASE * 2**attempt)


def _network_error(url: str, exc: httpx.HTTPError) -> FetchError:
    """One readable line for a transport failure, naming the URL."""
    if isinstance(exc, httpx.ConnectTimeout):
        return NetworkError(f"{url}: cannot connect (timed out)")
    if isinstance(exc, httpx.TimeoutException):
        return NetworkError(f"{url}: timed out waiting for the server")
    if isinstance(exc, httpx.UnsupportedProtocol):
        return InvalidURL(f"{url}: only http and https URLs can be fetched")
    reason = _os_reason(exc)
    if isinstance(exc, httpx.ConnectError) and str(exc).startswith(_REFUSED):
        return InvalidURL(f"{url}: {exc}")
    if isinstance(exc, httpx.ConnectError):
        return NetworkError(f"{url}: cannot connect ({reason or 'connection failed'})")
    if isinstance(exc, httpx.RemoteProtocolError):
        text = str(exc)
        if "peer closed connection" in text or "incomplete" in text.lower():
            return NetworkError(f"{url}: connection closed before the whole body arrived")
        return NetworkError(f"{url}: the server broke the HTTP protocol ({text})")
    if isinstance(exc, httpx.DecodingError):
        return NetworkError(f"{url}: cannot decode the compressed body")
    if isinstance(exc, httpx.ProxyError):
        return NetworkError(f"{url}: the proxy refused the request ({exc})")
    return NetworkError(f"{url}: {reason or type(exc).__name__} while reading the response")


def _os_reason(exc: BaseException) -> str:
    """The operating system's wording (e.g. "connection refused") from the exception chain."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.strerror:
            return seen.strerror.lower()
        seen = seen.__cause__ or seen.__context__
    text = str(exc)
    match = re.search(r"\[Errno -?\d+\] (.+)", text)
    return (match.group(1) if match else text).lower()


# content decoding (gzip, deflate, brotli), bounded ------------------------------------------


class _Decoder:
    """Turns raw chunks into decoded pieces of at most DECODE_STEP bytes each."""

    def feed(self, data: bytes) -> Iterator[bytes]:
        yield data

    def flush(self) -> Iterator[bytes]:
        return iter(())


class _ZlibDecoder(_Decoder):
    def __init__(self, url: str, name: str):
        self.url = url
        self.name = name
        self._obj: zlib._Decompress | None = None
        self._head = b""

    def _start(self, data: bytes) -> None:
        if self.name == "gzip":
            wbits = 16 + zlib.MAX_WBITS
        else:
            # "deflate" is meant to be zlib-wrapped, but some servers send raw deflate.
            wbits = zlib.MAX_WBITS if _zlib_header(data) else -zlib.MAX_WBITS
        self._obj = zlib.decompressobj(wbits)

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._obj is None:
            self._head += data
            if len(self._head) < 2:
                return
            data, self._head = self._head, b""
            self._start(data)
        yield from self._drain(data)

    def _drain(self, data: bytes) -> Iterator[bytes]:
        assert self._obj is not None
        try:
            while True:
                out = self._obj.decompress(data, DECODE_STEP)
                if out:
                    yield out
                data = self._obj.unconsumed_tail
                if not data and len(out) < DECODE_STEP:
                    return
        except zlib.error:
            raise NetworkError(f"{self.url}: corrupt {self.name} body") from None

    def flush(self) -> Iterator[bytes]:
        if self._obj is None:
            if self._head:
                self._start(self._head)
                yield from self._drain(self._head)
            return
        yield from self._drain(b"")


def _zlib_header(data: bytes) -> bool:
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


class _BrotliDecoder(_Decoder):
    def __init__(self, url: str):
        self.url = url
        self._obj = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        try:
            out = self._obj.process(data, output_buffer_limit=DECODE_STEP)
            while True:
                if out:
                    yield out
                if self._obj.can_accept_more_data():
                    return
                out = self._obj.process(b"", output_buffer_limit=DECODE_STEP)
        except brotli.error:
            raise NetworkError(f"{self.url}: corrupt br body") from None


class _Chain(_Decoder):
    """Content codings applied in order (the header lists them in the order they were applied)."""

    def __init__(self, decoders: list[_Decoder]):
        self.decoders = decoders

    def feed(self, data: bytes) -> Iterator[bytes]:
        return self._through(0, [data], flush=False)

    def flush(self) -> Iterator[bytes]:
        return self._through(0, [], flush=True)

    def _through(
        self, index: int, pieces: list[bytes] | Iterator[bytes], flush: bool
    ) -> Iterator[bytes]:
        if index == len(self.decoders):
            yield from pieces
            return
        decoder = self.decoders[index]

        def outputs() -> Iterator[bytes]:
            for piece in pieces:
                yield from decoder.feed(piece)
            if flush:
                yield from decoder.flush()

        yield from self._through(index + 1, outputs(), flush)


def _decoder_for(url: str, header: str) -> _Decoder:
    names = [n.strip().lower() for n in header.split(",") if n.strip()]
    decoders: list[_Decoder] = []
    for name in reversed(names):
        if name in ("identity", ""):
            continue
        if name in ("gzip", "x-gzip"):
            decoders.append(_ZlibDecoder(url, "gzip"))
        elif name == "deflate":
            decoders.append(_ZlibDecoder(url, "deflate"))
        elif name == "br" and brotli is not None:
            decoders.append(_BrotliDecoder(url))
        else:
            error = NetworkError(f"{url}: unsupported content encoding {name!r}")
            error.retryable = False
            raise error
    return _Chain(decoders) if decoders else _Decoder()


# character sets --------------------------------------------------------------------------------

_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)
_ALIASES = {
    "win-1251": "cp1251",
    "windows1251": "cp1251",
    "cp-1251": "cp1251",
    "x-cp1251": "cp1251",
    "koi8r": "koi8_r",
    "koi-8-r": "koi8_r",
    "utf8": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
    # WHATWG: these labels mean windows-1252 in practice.
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_html(body: bytes, header_charset: str | None) -> tuple[str, str]:
    """Decode an HTML body: BOM, then the declared charsets (header, then <meta>), then detection.

    A declared charset is believed only if it decodes cleanly and does not yield mojibake
    (Russian sites still mislabel koi8-r as utf-8 and the reverse). Returns (text, codec name).
    """
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body.decode(name, errors="replace"), name
    declared = [c for c in (_codec(header_charset), _codec(_meta_charset(body))) if c]
    utf8 = _try_decode(body, "utf-8")
    for name in dict.fromkeys(declared):
        if name != "utf-8" and utf8 is not None and not body.isascii():
            # Non-ASCII text that is valid UTF-8 is UTF-8 whatever the label says.
            return utf8, "utf-8"
        text = _try_decode(body, name)
        if text is not None and not looks_garbled(text):
            return text, name
    if utf8 is not None:
        return utf8, "utf-8"
    return _detect(body)


def _header_charset(content_type: str) -> str | None:
    match = re.search(r"charset\s*=\s*[\"']?([^\"';\s]+)", content_type or "", re.IGNORECASE)
    return match.group(1) if match else None


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:16384])
    return match.group(1).decode("ascii") if match else None


def _codec(label: str | None) -> str | None:
    """The Python codec for a charset label, or None when the label is unknown."""
    if not label:
        return None
    label = label.strip().lower()
    label = _ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A <meta> cannot truthfully declare UTF-16 (it would not be readable as ASCII).
    return "utf-8" if name.startswith("utf-16") or name == "utf-8-sig" else name


def _try_decode(body: bytes, name: str) -> str | None:
    try:
        return body.decode(name)
    except (UnicodeError, LookupError):  # UnicodeError too: a page may name "punycode"
        return None


_LATIN_RUNS = re.compile("[\u00c0-\u00ff]{4,}")


def looks_garbled(text: str) -> bool:
    """True when decoded text looks like Russian read with the wrong single-byte charset."""
    sample = text[:200_000]
    cyrillic = [c for c in sample if "\u0400" <= c <= "\u04ff"]
    if len(cyrillic) >= 20:
        lower = sum(c.islower() for c in cyrillic)
        # Running Russian text is mostly lower case; koi8-r read as cp1251 (or the reverse)
        # swaps the cases.
        if lower < 0.5 * len(cyrillic):
            return True
    # Cyrillic bytes read as Latin-1/cp1252 make whole words of accented letters ("Ïðèâåò");
    # real French or German has at most a couple of them in a row.
    if len(_LATIN_RUNS.findall(sample)) >= 10:
        return True
    drawing = sum("\u2500" <= c <= "\u259f" for c in sample)
    return drawing >= 20


def _russian_score(text: str) -> int:
    sample = text[:50000]
    good = sum("\u0430" <= c <= "\u044f" or c == "\u0451" for c in sample)
    bad = sum(
        ("\u0410" <= c <= "\u042f") or ("\u2500" <= c <= "\u259f") or c == "\ufffd" for c in sample
    )
    return good - 2 * bad


def _detect(body: bytes) -> tuple[str, str]:
    """No trustworthy label: prefer the Cyrillic code page that reads best, else charset-normalizer."""
    candidates = ["cp1251", "koi8_r"]
    guess = charset_normalizer.from_bytes(body[:200_000]).best()
    guessed = _codec(guess.encoding) if guess is not None else None
    if guessed:
        candidates.insert(0, guessed)
    decoded = [(name, body.decode(name, errors="replace")) for name in dict.fromkeys(candidates)]
    best_name, best_text = max(decoded, key=lambda item: _russian_score(item[1]))
    if _russian_score(best_text) <= 0 and guessed:
        best_name, best_text = decoded[0]
    return best_text, best_name
