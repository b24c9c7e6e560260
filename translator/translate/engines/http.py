"""Engines spoken over httpx: one wall-clock deadline a call, a capped body, strict decoding.

`HttpEngine.post_json` is the one way these engines talk to their services. The whole call
(connect, informational 1xx answers, headers, body) ends within `timeout` by the clock (the
fetch stage's `bounded_client`, translator/fetch/transport.py); the body is read in chunks and
refused past `max_answer_bytes`; it must be UTF-8 JSON (bytes that are not UTF-8 are a failed
answer, never U+FFFD). 429 and 5xx are worth retrying and carry the service's `Retry-After`
(or `retry-after-ms`) for the retry policy.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from translator.errors import BadTranslation, EngineError, EngineUnavailable
from translator.fetch.transport import bounded_client
from translator.timestamps import retry_after_seconds
from translator.translate.engines.base import Engine

# An engine answer larger than this is refused while it is read (a translation is at most
# a few times its source; `[translate] max_answer_bytes` changes it).
DEFAULT_MAX_ANSWER_BYTES = 8_000_000
_CHUNK = 64 * 1024


class RequestRefused(BadTranslation):
    """The service refused the request itself (4xx other than key and quota errors)."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


def service_message(body: object) -> str:
    """': <the service's own words>' from a JSON error body (DeepL {"message"}, Google Cloud,
    Microsoft, OpenAI and Anthropic {"error": {"message"}}), else nothing; one line, at most
    120 characters."""
    data = body
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        data = data["error"]
    message = data.get("message") if isinstance(data, dict) else None
    if not isinstance(message, str) or not message.strip():
        return ""
    return ": " + " ".join(message.split())[:120]


def retry_wait(headers: httpx.Headers) -> float | None:
    """Seconds the service asked to wait: `retry-after-ms` (OpenAI) or `Retry-After`."""
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            value = float(millis) / 1000
        except ValueError:
            value = -1.0
        if 0 <= value < 86_400:
            return value
    return retry_after_seconds(headers.get("retry-after"))


class HttpEngine(Engine):
    """An engine spoken over httpx: real deadlines, Retry-After, connection reuse."""

    def __init__(self, max_answer_bytes: int = DEFAULT_MAX_ANSWER_BYTES, **kwargs: Any):
        super().__init__(**kwargs)
        self.max_answer_bytes = max_answer_bytes
        # HTTP(S)_PROXY apply, as for fetch; local servers (Ollama) are allowed
        self._http = bounded_client(self.timeout)

    def close(self) -> None:
        super().close()
        self._http.close()

    def post_json(self, url: str, **kwargs: Any) -> Any:
        """POST and return the decoded JSON answer, or raise the EngineError that says why."""
        try:
            with self._http.stream("POST", url, **kwargs) as response:
                body = self._read(response)
                status, headers = response.status_code, response.headers
        except httpx.TimeoutException as exc:
            raise EngineUnavailable(f"{self.name}: no answer within {self.timeout:g} s") from exc
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            # the configured URL, not the service: no retry will help
            raise EngineError(f"{self.name}: unusable engine URL {url!r}: {exc}") from exc
        except (httpx.HTTPError, httpx.StreamError, OSError) as exc:
            raise EngineUnavailable(f"{self.name}: {type(exc).__name__}: {exc}") from exc
        return self._judge(status, headers, body)

    def _read(self, response: httpx.Response) -> bytes:
        """The body, in chunks, refused as soon as it passes `max_answer_bytes`."""
        chunks, size = [], 0
        for chunk in response.iter_bytes(_CHUNK):
            size += len(chunk)
            if size > self.max_answer_bytes:
                raise BadTranslation(
                    f"{self.name}: answer larger than {self.max_answer_bytes:,} bytes"
                )
            chunks.append(chunk)
        return b"".join(chunks)

    def _judge(self, status: int, headers: httpx.Headers, body: bytes) -> object:
        data = self._decode(body, strict=status < 400)
        if status == 429 or status >= 500:
            raise EngineUnavailable(
                f"{self.name}: HTTP {status}{service_message(data)}",
                retry_after=retry_wait(headers),
            )
        described = f"HTTP {status}{service_message(data)}"
        if status in (401, 403):
            raise EngineError(f"{self.name}: the API key was refused ({described})")
        if status == 456:
            raise EngineError(f"{self.name}: the account's character quota is used up")
        if status >= 400:
            raise RequestRefused(f"{self.name}: request refused ({described})", status)
        return data

    def _decode(self, body: bytes, strict: bool) -> object:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            if not strict:
                return None
            raise BadTranslation(f"{self.name}: the answer is not UTF-8 ({exc.reason})") from exc
        try:
            return json.loads(text)
        except (ValueError, RecursionError) as exc:  # nested past Python's recursion limit
            if not strict:
                return None
            raise BadTranslation(f"{self.name}: the answer is not JSON") from exc
