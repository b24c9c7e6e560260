"""Foreign exceptions in one place: one table per library, each class named exactly.

`HTTPCORE_TO_HTTPX` turns httpcore's errors into httpx's (our transport talks to httpcore
directly, so it does what httpx's own transport does); `HTTPX_ERRORS` turns every httpx error
into one of ours with a one-line message naming the URL. tests/test_fetch.py walks both
libraries' exception classes and fails on any class missing here, so an upgrade that adds one
cannot slip past as an internal error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TypeVar

import httpcore
import httpx

from translator.errors import FetchError, InvalidURL, NetworkError

HTTPCORE_TO_HTTPX: dict[type[Exception], type[httpx.TransportError]] = {
    httpcore.TimeoutException: httpx.TimeoutException,
    httpcore.ConnectTimeout: httpx.ConnectTimeout,
    httpcore.ReadTimeout: httpx.ReadTimeout,
    httpcore.WriteTimeout: httpx.WriteTimeout,
    httpcore.PoolTimeout: httpx.PoolTimeout,
    httpcore.NetworkError: httpx.NetworkError,
    httpcore.ConnectError: httpx.ConnectError,
    httpcore.ReadError: httpx.ReadError,
    httpcore.WriteError: httpx.WriteError,
    httpcore.ProxyError: httpx.ProxyError,
    httpcore.UnsupportedProtocol: httpx.UnsupportedProtocol,
    httpcore.ProtocolError: httpx.ProtocolError,
    httpcore.LocalProtocolError: httpx.LocalProtocolError,
    httpcore.RemoteProtocolError: httpx.RemoteProtocolError,
    # raised inside the pool when a pooled connection went away; the pool retries it itself
    httpcore.ConnectionNotAvailable: httpx.ConnectError,
}

# class -> (our class, message after "URL: "); {reason} is the OS's wording, {text} httpx's.
HTTPX_ERRORS: dict[type[Exception], tuple[type[FetchError], str]] = {
    httpx.HTTPError: (NetworkError, "{name} while fetching"),
    httpx.RequestError: (NetworkError, "{name} while fetching"),
    httpx.TransportError: (NetworkError, "{reason} while reading the response"),
    httpx.TimeoutException: (NetworkError, "timed out waiting for the server"),
    httpx.ConnectTimeout: (NetworkError, "cannot connect (timed out)"),
    httpx.ReadTimeout: (NetworkError, "timed out waiting for the server"),
    httpx.WriteTimeout: (NetworkError, "timed out sending the request"),
    httpx.PoolTimeout: (NetworkError, "timed out waiting for a free connection"),
    httpx.NetworkError: (NetworkError, "{reason} while reading the response"),
    httpx.ConnectError: (NetworkError, "cannot connect ({reason})"),
    httpx.ReadError: (NetworkError, "{reason} while reading the response"),
    httpx.WriteError: (NetworkError, "{reason} while sending the request"),
    httpx.CloseError: (NetworkError, "{reason} while closing the connection"),
    httpx.ProxyError: (NetworkError, "cannot use the proxy ({text})"),
    httpx.UnsupportedProtocol: (InvalidURL, "only http and https URLs can be fetched"),
    httpx.ProtocolError: (NetworkError, "the server broke the HTTP protocol ({text})"),
    httpx.LocalProtocolError: (NetworkError, "the request could not be sent ({text})"),
    httpx.RemoteProtocolError: (NetworkError, "the server broke the HTTP protocol ({text})"),
    httpx.DecodingError: (NetworkError, "cannot decode the compressed body"),
    httpx.TooManyRedirects: (NetworkError, "too many redirects"),
    httpx.HTTPStatusError: (NetworkError, "{text}"),
    httpx.InvalidURL: (InvalidURL, "not a valid URL ({text})"),
    httpx.CookieConflict: (NetworkError, "conflicting cookies ({text})"),
    httpx.StreamError: (NetworkError, "the response stream was misused ({name})"),
    httpx.StreamConsumed: (NetworkError, "the response stream was misused ({name})"),
    httpx.StreamClosed: (NetworkError, "the response stream was misused ({name})"),
    httpx.ResponseNotRead: (NetworkError, "the response stream was misused ({name})"),
    httpx.RequestNotRead: (NetworkError, "the request stream was misused ({name})"),
}

# Our errors whose cause says the request can never succeed as asked.
_FINAL = (httpx.TooManyRedirects, httpx.UnsupportedProtocol, httpx.InvalidURL)


V = TypeVar("V")


def _entry(table: Mapping[type[Exception], V], exc: BaseException) -> V | None:
    """The most specific table entry for `exc`: its own class first, then its bases in order."""
    for cls in type(exc).__mro__:
        if cls in table:
            return table[cls]
    return None


@contextmanager
def httpcore_as_httpx() -> Iterator[None]:
    """Re-raise any httpcore error inside the block as the matching httpx error."""
    try:
        yield
    except Exception as exc:
        mapped = _entry(HTTPCORE_TO_HTTPX, exc)
        if mapped is None:
            raise
        raise mapped(str(exc)) from exc


def fetch_error(url: str, exc: Exception) -> FetchError:
    """Our error, one line naming `url`, for any httpx error `exc`."""
    kind, template = _entry(HTTPX_ERRORS, exc) or HTTPX_ERRORS[httpx.HTTPError]
    text = " ".join(str(exc).split()) or type(exc).__name__
    reason = " ".join(os_reason(exc).split()) or "connection failed"
    message = template.format(reason=reason, text=text, name=type(exc).__name__)
    error = kind(f"{url}: {message}")
    if isinstance(exc, _FINAL):
        error.retryable = False
    return error


def os_reason(exc: BaseException) -> str:
    """The operating system's wording (e.g. "connection refused") from the exception chain."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.strerror:
            return seen.strerror.lower()
        seen = seen.__cause__ or seen.__context__
    match = re.search(r"\[Errno -?\d+\] (.+)", str(exc))
    return (match.group(1) if match else str(exc)).lower()
