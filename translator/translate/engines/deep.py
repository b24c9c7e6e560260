"""deep-translator clients taking one string: segments packed with boundary markers.

Google's free page, LibreTranslate and MyMemory take one string a request, so several
segments are joined with numbered boundary markers and the answer is cut back at them
(`packing`); a misaligned answer is refused, never guessed at. deep-translator's clients set
no timeout, so every call runs under `call_with_deadline`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from translator.errors import (
    BadTranslation,
    EngineError,
    EngineUnavailable,
    MissingAPIKey,
    UnsupportedLanguage,
)
from translator.translate.engines.base import Engine, call_with_deadline
from translator.translate.packing import join_segments, packable, split_segments

log = logging.getLogger(__name__)


# deep-translator's exceptions, each class named exactly (tests/test_engines.py walks the
# library's module and fails on a class missing here): (our error, what it means). The
# ServerException of a refused key is told apart by its message, the service's own code.
DEEP_TRANSLATOR_ERRORS: dict[str, tuple[type[EngineError], str]] = {
    "TooManyRequests": (EngineUnavailable, "too many requests (429)"),
    "ApiKeyException": (MissingAPIKey, "the API key is missing"),
    "AuthorizationException": (EngineError, "the API key was refused"),
    "ServerException": (EngineUnavailable, "server error"),
    # Google's page sometimes comes back without the result element; it passes on retry.
    "TranslationNotFound": (EngineUnavailable, "no translation in the answer"),
    "ElementNotFoundInGetRequest": (EngineUnavailable, "no translation in the answer"),
    "RequestError": (EngineUnavailable, "the request failed (HTTP error)"),
    "NotValidLength": (BadTranslation, "segment refused by the client"),
    "NotValidPayload": (BadTranslation, "segment refused by the client"),
    "InvalidSourceOrTargetLanguage": (UnsupportedLanguage, "the language pair is not supported"),
    "LanguageNotSupportedException": (UnsupportedLanguage, "the language pair is not supported"),
    # raised only by clients this program does not use, mapped so nothing slips past
    "BaiduAPIerror": (EngineUnavailable, "service error"),
    "MicrosoftAPIerror": (EngineUnavailable, "service error"),
    "BaseError": (EngineUnavailable, "client error"),
}
_REFUSED_KEYS = ("ERR_KEY_INVALID", "ERR_KEY_BLOCKED")


def _map_deep_translator_error(name: str, exc: BaseException) -> EngineError:
    """Turn a deep-translator/requests exception into our error tree."""
    import requests

    if isinstance(exc, EngineError):
        return exc
    for cls in type(exc).__mro__:
        entry = DEEP_TRANSLATOR_ERRORS.get(cls.__name__)
        if entry and cls.__module__ == "deep_translator.exceptions":
            error, meaning = entry
            # deep-translator's BaseError keeps its words in str(), not in args
            message = " ".join(str(exc.args[0] if exc.args else exc).split())[:80]
            if cls.__name__ == "ServerException" and message in _REFUSED_KEYS:
                return EngineError(f"{name}: the API key was refused ({message})")
            return error(f"{name}: {meaning}" + (f" ({message})" if message else ""))
    if isinstance(exc, requests.RequestException):
        return EngineUnavailable(f"{name}: {type(exc).__name__}: {exc}")
    if isinstance(exc, (ValueError, KeyError, TypeError, IndexError)):
        return BadTranslation(f"{name}: malformed answer ({type(exc).__name__})")
    return EngineUnavailable(f"{name}: {type(exc).__name__}: {exc}")


class DeepTranslatorEngine(Engine):
    """A deep-translator client taking one string: segments packed with boundary markers,
    each call under a deadline."""

    max_items = 100  # segments in one string; a bound on the marker numbers, rarely reached

    def __init__(self, factory: Callable[[], object], **kwargs: Any):
        super().__init__(**kwargs)
        self._factory = factory
        self._packed = {"split": 0, "misaligned": 0}
        self._packed_lock = threading.Lock()

    def client(self) -> object:
        # Clients keep per-call state in `_url_params`, so each call gets its own.
        return self._factory()

    def _note_packed(self, aligned: bool) -> None:
        """Count packed answers; once they misalign more often than not (3 at least), this
        engine sends one segment a request for the rest of the run: the halving would only
        double the requests."""
        with self._packed_lock:
            self._packed["split" if aligned else "misaligned"] += 1
            bad, good = self._packed["misaligned"], self._packed["split"]
            if bad >= 3 and bad > good and self.max_items > 1:
                self.max_items = 1
                log.warning(
                    "%s: %d of %d packed answers did not split back into their "
                    "segments; sending one segment a request from now on",
                    self.name,
                    bad,
                    bad + good,
                )

    def fits(self, items: list[str]) -> bool:
        if not items or len(items) > self.max_items:
            return False
        if len(items) > 1 and not all(packable(t) for t in items):
            return False
        return self.text_fits(join_segments(items))

    def text_fits(self, text: str) -> bool:
        """Whether the one string sent is within the engine's limit."""
        return len(text) <= self.max_chars

    def request_chars(self, items: list[str]) -> int:
        return len(join_segments(items))

    def _send(self, items: list[str]) -> list[str]:
        text = join_segments(items)

        def call() -> object:
            return self.client().translate(text)  # type: ignore[attr-defined]

        try:
            out = call_with_deadline(call, self.timeout, self.name)
        except BaseException as exc:
            raise _map_deep_translator_error(self.name, exc) from exc
        if not isinstance(out, str):
            raise BadTranslation(f"{self.name}: no text in the answer")
        if len(items) == 1:
            return split_segments(out, items, self.name)
        try:
            pieces = split_segments(out, items, self.name)
        except BadTranslation:
            self._note_packed(False)
            raise
        self._note_packed(True)
        return pieces
