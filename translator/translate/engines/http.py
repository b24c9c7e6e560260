"""Engines spoken over httpx: one wall-clock deadline a call, a capped body, strict decoding.

`HttpEngine.post_json` is the one way these engines talk to their services. The whole call
(connect, informational 1xx answers, headers, body) runs under `call_with_deadline`; the
body is read in chunks and refused past `max_answer_bytes`; it must be UTF-8 JSON (bytes that
are not UTF-8 are a failed answer, never U+FFFD). 429 and 5xx are worth retrying and carry
the service's `Retry-After` (or `retry-after-ms`) for the retry policy.
"""

from __future__ import annotations

import json
import threading
import time

import httpx

from translator.errors import BadTranslation, EngineError, EngineUnavailable
from translator.timestamps import retry_after_seconds
from translator.translate.engines.base import Engine, call_with_deadline

# An engine answer larger than this is refused while it is read (a translation is at most
# a few times its source; `[translate] max_answer_bytes` changes it).
DEFAULT_MAX_ANSWER_BYTES = 8_000_000
_CHUNK = 64 * 1024


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

    def __init__(self, max_answer_bytes: int = DEFAULT_MAX_ANSWER_BYTES, **kwargs: object):
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.max_answer_bytes = max_answer_bytes
        self._client_lock = threading.Lock()
        self._http = self._new_client()

    def _new_client(self) -> httpx.Client:
        return httpx.Client(timeout=self.timeout)  # HTTP(S)_PROXY apply, as for fetch

    def close(self) -> None:
        super().close()
        with self._client_lock:
            self._http.close()

    def _abandon_client(self, client: httpx.Client) -> None:
        """Close a client whose call passed its deadline (its sockets with it), and start a
        new one for the next call."""
        with self._client_lock:
            if self._http is client:
                self._http = self._new_client()
        client.close()

    def post_json(self, url: str, **kwargs: object) -> object:
        """POST and return the decoded JSON answer, or raise the EngineError that says why."""
        client = self._http
        started = time.monotonic()
        try:
            status, headers, body = call_with_deadline(
                lambda: self._exchange(client, url, started, kwargs), self.timeout, self.name
            )
        except EngineUnavailable:
            if time.monotonic() - started >= self.timeout:
                self._abandon_client(client)
            raise
        return self._judge(status, headers, body)

    def _exchange(
        self, client: httpx.Client, url: str, started: float, kwargs: dict
    ) -> tuple[int, httpx.Headers, bytes]:
        try:
            with client.stream("POST", url, **kwargs) as response:
                chunks, size = [], 0
                for chunk in response.iter_bytes(_CHUNK):
                    size += len(chunk)
                    if size > self.max_answer_bytes:
                        raise BadTranslation(
                            f"{self.name}: answer larger than {self.max_answer_bytes:,} bytes"
                        )
                    if time.monotonic() - started > self.timeout:
                        raise EngineUnavailable(f"{self.name}: no answer within {self.timeout:g} s")
                    chunks.append(chunk)
                return response.status_code, response.headers, b"".join(chunks)
        except httpx.TimeoutException as exc:
            raise EngineUnavailable(f"{self.name}: no answer within {self.timeout:g} s") from exc
        except (httpx.HTTPError, OSError) as exc:
            raise EngineUnavailable(f"{self.name}: {type(exc).__name__}: {exc}") from exc

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
            raise BadTranslation(f"{self.name}: request refused ({described})")
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
        except ValueError as exc:
            if not strict:
                return None
            raise BadTranslation(f"{self.name}: the answer is not JSON") from exc
