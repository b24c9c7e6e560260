"""The engine interface: `Engine.send(items, context) -> translations`, one request.

Each engine states its real per-request limit (`fits`) and how many items one request may
carry (`max_items`). `Context` is what a language-model engine may see around the items
(neighbouring paragraphs and their translations) and where it reports tokens; the others
ignore it. `call_with_deadline` runs a client that sets no timeout of its own under a wall
clock, in a bounded number of threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from translator.errors import BadTranslation, EngineError, EngineUnavailable
from translator.translate.resilience import Controls

T = TypeVar("T")

# Threads that may run deadline calls at once. A call that outlives its deadline keeps its
# slot until its client gives up, so a service that drips its answer can tie up at most
# this many threads; past that, calls fail at once instead of piling up.
MAX_DEADLINE_THREADS = 16
_deadline_slots = threading.BoundedSemaphore(MAX_DEADLINE_THREADS)


def call_with_deadline(fn: Callable[[], T], timeout: float, what: str) -> T:
    """Run `fn` in a daemon thread; raise EngineUnavailable if it has not returned in `timeout`
    seconds, or if MAX_DEADLINE_THREADS earlier calls are still stuck past their deadline."""
    if not _deadline_slots.acquire(timeout=timeout):
        raise EngineUnavailable(
            f"{what}: {MAX_DEADLINE_THREADS} earlier calls are still stuck past their deadline"
        )
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 -- handed to the caller's thread
            box["error"] = exc
        finally:
            _deadline_slots.release()

    worker = threading.Thread(target=run, daemon=True, name=f"engine-{what}")
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise EngineUnavailable(f"{what}: no answer within {timeout:g} s")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


class PartialAnswer(BadTranslation):
    """An answer in which only some items passed the engine's own checks: `translations`
    holds one entry per item sent, None for each refused one, and `reasons[i]` says why."""

    retryable = False  # the good part is kept; only the refused items are sent again

    def __init__(self, message: str, translations: list[str | None], reasons: dict[int, str]):
        super().__init__(message)
        self.translations = translations
        self.reasons = reasons


@dataclass
class Usage:
    """Tokens a language model reported for the requests of one article."""

    tokens_in: int = 0
    tokens_out: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, tokens_in: int, tokens_out: int) -> None:
        with self._lock:
            self.tokens_in += max(0, tokens_in)
            self.tokens_out += max(0, tokens_out)


@dataclass
class Context:
    """What surrounds the items of one request in their article: the segments just before
    them with their English (`before`, for consistency, never translated again) and just
    after (`after`), what the placeholders of each item stand for (`keep`), and where the
    tokens spent are counted."""

    before: list[tuple[str, str]] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    usage: Usage | None = None
    # per item: what each of its placeholders stands for ("{0}" -> "TV Rain")
    keep: list[dict[str, str]] = field(default_factory=list)


class Engine:
    """One translation service. Subclasses implement `_send` for one request."""

    name = "engine"
    max_items = 1
    max_chars = 5_000
    # Whether the engine sees a whole article (language models): its requests are cut in
    # article order, sent in turn, and each carries its neighbours as `Context`.
    whole_article = False

    def __init__(self, source: str = "ru", target: str = "en", timeout: float = 30.0):
        self.source = source
        self.target = target
        self.timeout = timeout
        self.controls = Controls()
        self.fallbacks: list[tuple[str, Callable[[], Engine]]] = []
        self._fallback_engines: list[Engine] | None = None
        self._fallback_lock = threading.Lock()

    def fallback_engines(self) -> list[Engine]:
        """The configured fallback engines, built on first use; ones that cannot start are skipped."""
        with self._fallback_lock:
            if self._fallback_engines is None:
                self._fallback_engines = []
                for _, factory in self.fallbacks:
                    try:
                        self._fallback_engines.append(factory())
                    except EngineError:
                        continue
            return self._fallback_engines

    def fits(self, items: list[str]) -> bool:
        """Whether one request may carry exactly these items."""
        return len(items) <= self.max_items and sum(len(t) for t in items) <= self.max_chars

    def request_chars(self, items: list[str]) -> int:
        """Characters one request for these items carries (what a per-character bill counts)."""
        return sum(len(t) for t in items)

    def send(self, items: list[str], context: Context | None = None) -> list[str]:
        """Translate `items` in one request; the answer has exactly one string per item."""
        out = self._send(items)
        if not isinstance(out, list) or len(out) != len(items):
            got = len(out) if isinstance(out, list) else type(out).__name__
            raise BadTranslation(f"{self.name}: sent {len(items)} segments, got {got} back")
        for src, tgt in zip(items, out):
            if not isinstance(tgt, str) or (src.strip() and not tgt.strip()):
                raise BadTranslation(f"{self.name}: empty translation for {src[:40]!r}")
        return out

    def _send(self, items: list[str]) -> list[str]:
        raise NotImplementedError

    def close(self) -> None:
        """Release connections (this engine's and its fallbacks'); the engine may not be used
        afterwards."""
        with self._fallback_lock:
            others, self._fallback_engines = self._fallback_engines or [], []
        for other in others:
            other.close()
