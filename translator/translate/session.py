"""Translating the segments of one article: memory first, then the engine, then its fallbacks.

Every answer is verified before it is kept (`checks.refusal`: no junk characters, no service
message, not the source echoed, English): a refused segment is sent again alone (with the
other refused ones of its request), then each on its own, then to the fallback engines; if
none gives a translation that passes, the article fails. A packed answer that does not split
back into its segments is redone in halves. Nothing refused reaches the memory.
"""

from __future__ import annotations

import threading
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass

from translator.errors import AnswerRefused, BadTranslation, EngineError
from translator.store import Cache
from translator.translate import checks, memory, resilience
from translator.translate.batching import Item, consecutive, pack
from translator.translate.engines.base import Context, Engine, PartialAnswer, Usage
from translator.translate.segment import normalise, placeholders_kept, split_to_fit

# Segments before (with their English) and after a language model's part sent as context.
CONTEXT_BEFORE = 3
CONTEXT_AFTER = 1


@dataclass
class TranslationStats:
    """What one article cost: requests sent (retries and halvings included), characters in
    them (boundary markers of packed requests included), distinct segments, segments found in
    memory, blocks flagged, segments refused by verification (each refused segment of each
    answer counts once, a lost placeholder included), whole answers refused (misaligned, cut at the token limit, not the
    structure asked for), and the tokens a language model reported (prompt, completion)."""

    requests: int = 0
    characters_sent: int = 0
    segments: int = 0
    from_memory: int = 0
    flagged: int = 0
    refused: int = 0
    answers_refused: int = 0
    tokens_in: int = 0
    tokens_out: int = 0


class Session:
    """The memory and the engine chain for one article's segments."""

    def __init__(
        self, engine: Engine, cache: Cache, source: str, target: str, stats: TranslationStats
    ):
        self.engine = engine
        self.cache = cache
        self.source = source
        self.target = target
        self.stats = stats
        self.used: list[str] = []
        self.usage = Usage()
        self.reasons: list[str] = []
        self._order: dict[str, int] = {}
        self._texts: dict[str, str] = {}
        self._keep: dict[str, dict[str, str]] = {}
        self._lock = threading.Lock()

    def translate(
        self, pieces: list[str], keep: dict[str, dict[str, str]] | None = None
    ) -> tuple[dict[str, str], set[str]]:
        """key -> translation for every piece, and the keys whose placeholders came back wrong;
        `keep` (key -> placeholder -> English) tells a language model what placeholders stand
        for. Raises EngineError when some piece could not be had from any engine."""
        self._keep = keep or {}
        wanted: dict[str, str] = {}
        for piece in pieces:
            wanted.setdefault(normalise(piece), piece.strip())
        self._order = {key: i for i, key in enumerate(wanted)}
        self._texts = wanted
        self.stats.segments += len(wanted)
        names = [self.engine.name] + [name for name, _ in self.engine.fallbacks]
        done = memory.recall(self.cache, names, self.source, self.target, wanted)
        self.stats.from_memory += len(done)
        todo = [(k, wanted[k]) for k in wanted if k not in done]
        invalid: set[str] = set()
        try:
            if todo:
                self._run(todo, done, invalid)
        finally:
            self.stats.tokens_in, self.stats.tokens_out = (
                self.usage.tokens_in,
                self.usage.tokens_out,
            )
        return done, invalid

    def _run(self, todo: list[Item], done: dict[str, str], invalid: set[str]) -> None:
        if self.engine.whole_article:
            # In turn, so each part sees the English of the part before it.
            for part in consecutive(todo, self.engine.fits):
                self._batch(self.engine, part, done, invalid, True)
            return
        batches = pack(todo, self.engine.fits)
        workers = max(1, min(self.engine.controls.concurrency, len(batches)))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="translate") as pool:
            futures = [
                pool.submit(self._batch, self.engine, batch, done, invalid, True)
                for batch in batches
            ]
            _finished, pending = wait(futures, return_when=FIRST_EXCEPTION)
            for future in pending:
                future.cancel()
            wait(pending)
        for future in futures:
            if not future.cancelled() and future.exception():
                raise future.exception()  # type: ignore[misc]

    def _context(self, engine: Engine, batch: list[Item], done: dict[str, str]) -> Context:
        """The part's neighbours in the article: translated ones before, sources after."""
        if not engine.whole_article:
            return Context(usage=self.usage)
        keep = [self._keep.get(key, {}) for key, _ in batch]
        keys = list(self._order)
        sent = {key for key, _ in batch}
        first = min(self._order.get(key, 0) for key, _ in batch)
        last = max(self._order.get(key, 0) for key, _ in batch)
        before = [
            (self._texts[k], done[k])
            for k in keys[max(0, first - CONTEXT_BEFORE) : first]
            if k in done and k not in sent
        ]
        after = [self._texts[k] for k in keys[last + 1 : last + 1 + CONTEXT_AFTER] if k not in sent]
        return Context(before=before, after=after, usage=self.usage, keep=keep)

    def _count(self, engine: Engine, items: list[str]) -> None:
        with self._lock:
            self.stats.requests += 1
            self.stats.characters_sent += engine.request_chars(items)

    def _ask(
        self, engine: Engine, batch: list[Item], done: dict[str, str]
    ) -> tuple[list[str | None], dict[int, str]]:
        """One logical request (with the engine's retries): one answer per item (None where
        the engine itself refused it) and why for those."""
        context = self._context(engine, batch, done)
        try:
            out: list[str | None] = list(
                resilience.call(
                    lambda items: engine.send(items, context),
                    [text for _, text in batch],
                    engine.name,
                    engine.controls,
                    lambda items: self._count(engine, items),
                )
            )
            return out, {}
        except PartialAnswer as exc:
            return list(exc.translations), exc.reasons

    def _batch(
        self,
        engine: Engine,
        batch: list[Item],
        done: dict[str, str],
        invalid: set[str],
        may_fall_back: bool,
        tries: int = 0,
    ) -> None:
        try:
            out, reasons = self._ask(engine, batch, done)
        except BadTranslation as exc:
            with self._lock:
                self.stats.answers_refused += 1
                self.reasons.append(str(exc))
            if len(batch) > 1:
                # The answer did not split into the segments sent: halve and try again.
                half = len(batch) // 2
                self._batch(engine, batch[:half], done, invalid, may_fall_back, tries)
                self._batch(engine, batch[half:], done, invalid, may_fall_back, tries)
                return
            if not (may_fall_back and self._fall_back(batch, done, invalid)):
                raise
            return
        except EngineError as exc:
            if exc.retryable and may_fall_back and self._fall_back(batch, done, invalid):
                return
            raise
        refused = self._verify(engine, batch, out, reasons, done, invalid)
        if refused:
            self._redo(engine, refused, done, invalid, may_fall_back, tries)

    def _verify(
        self,
        engine: Engine,
        batch: list[Item],
        out: list[str | None],
        reasons: dict[int, str],
        done: dict[str, str],
        invalid: set[str],
    ) -> list[tuple[str, str, str]]:
        """Verify each answer: keep (and remember) the good ones, note lost placeholders,
        and return the refused ones as (key, text, why)."""
        good: list[tuple[str, str, str]] = []
        refused: list[tuple[str, str, str]] = []
        lost: set[str] = set()
        for i, ((key, text), english) in enumerate(zip(batch, out)):
            if english is None:
                refused.append((key, text, reasons.get(i, "no answer for it")))
            elif not placeholders_kept(text, english):
                lost.add(key)
            elif why := checks.refusal(text, english, self.target):
                refused.append((key, text, why))
            else:
                good.append((key, text, english))
        with self._lock:
            invalid.update(lost)
            done.update({key: english for key, _, english in good})
            self.stats.refused += len(refused) + len(lost)
            self.reasons.extend(f"{engine.name}: {why}" for _, _, why in refused)
            if good and engine.name not in self.used:
                self.used.append(engine.name)
        memory.remember(self.cache, engine.name, self.source, self.target, good)
        return refused

    def _redo(
        self,
        engine: Engine,
        refused: list[tuple[str, str, str]],
        done: dict[str, str],
        invalid: set[str],
        may_fall_back: bool,
        tries: int,
    ) -> None:
        """Refused segments: sent again together, then each alone, then to the fallbacks."""
        items = [(key, text) for key, text, _ in refused]
        if tries == 0:
            self._batch(engine, items, done, invalid, may_fall_back, 1)
        elif tries == 1 and len(items) > 1:
            for item in items:
                self._batch(engine, [item], done, invalid, may_fall_back, 2)
        elif not (may_fall_back and self._fall_back(items, done, invalid)):
            raise AnswerRefused(f"{engine.name}: answer refused: {refused[0][2]}")

    def _fall_back(self, batch: list[Item], done: dict[str, str], invalid: set[str]) -> bool:
        """Try the batch on each fallback engine in turn; True once one translated it."""
        for other in self.engine.fallback_engines():
            try:
                fitting = [item for item in batch if other.fits([item[1]])]
                for sub in pack(fitting, other.fits):
                    self._batch(other, sub, done, invalid, False)
                for key, text in batch:
                    if (key, text) not in fitting:
                        self._cut(other, key, text, done, invalid)
            except EngineError:
                continue
            return True
        return False

    def _cut(
        self, engine: Engine, key: str, text: str, done: dict[str, str], invalid: set[str]
    ) -> None:
        """A segment over this engine's limit, cut at sentence ends, sent, and joined again."""
        parts = split_to_fit(text, lambda t: engine.fits([t]))
        part_done: dict[str, str] = {}
        part_invalid: set[str] = set()
        for sub in pack([(normalise(p), p) for p in parts], engine.fits):
            self._batch(engine, sub, part_done, part_invalid, False)
        with self._lock:
            if part_invalid:
                invalid.add(key)
            else:
                done[key] = " ".join(part_done[normalise(p)] for p in parts)
