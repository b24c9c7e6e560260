"""The translate stage: fill every `*_en` field of an Article through one engine.

`translate_article` masks fixed spans (legal marks, glossary terms), looks every segment
(headline, lead, caption, each paragraph line, each anchor; an over-long paragraph cut at
razdel sentence ends) up in the translation memory, sends only what is missing, packed into
as few requests as the engine's limit allows (each request in article order), checks the
answers (one that does not split into exactly the segments sent is redone in halves, down to
single segments), re-attaches links and flags blocks whose numbers disagree. Nothing is
written to the article unless all of it translated; what did translate stays in memory for
the retry.
"""

from __future__ import annotations

import threading
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass

from translator.article import Article, Block, Fixed, Link
from translator.config import TranslateConfig
from translator.errors import BadTranslation, EngineError
from translator.store import Cache, now_iso
from translator.translate import checks, links, resilience
from translator.translate.engines.web import ENGINES, Engine, engine_table, get_engine
from translator.translate.segment import (
    Masked,
    mask,
    needs_translation,
    normalise,
    placeholders_kept,
    split_at_placeholders,
    split_to_fit,
    strip_placeholders,
    unmask,
)

__all__ = [
    "ENGINES",
    "Engine",
    "TranslationStats",
    "engine_table",
    "get_engine",
    "translate_article",
]


@dataclass
class TranslationStats:
    """What one article cost: requests sent (retries and halvings included), characters in
    them (boundary markers of packed requests included), distinct segments, segments found in
    memory, blocks flagged."""

    requests: int = 0
    characters_sent: int = 0
    segments: int = 0
    from_memory: int = 0
    flagged: int = 0


class _Session:
    """Translating the segments of one article: memory first, then the engine chain."""

    def __init__(
        self, engine: Engine, cache: Cache, source: str, target: str, stats: TranslationStats
    ):
        self.engine = engine
        self.cache = cache
        self.source = source
        self.target = target
        self.stats = stats
        self.used: list[str] = []
        self._lock = threading.Lock()

    def translate(self, pieces: list[str]) -> tuple[dict[str, str], set[str]]:
        """key -> translation for every piece, and the keys whose placeholders came back wrong."""
        wanted: dict[str, str] = {}
        for piece in pieces:
            wanted.setdefault(normalise(piece), piece.strip())
        self.stats.segments += len(wanted)
        done: dict[str, str] = {}
        names = [self.engine.name] + [name for name, _ in self.engine.fallbacks]
        for name in names:
            missing = [k for k in wanted if k not in done]
            if not missing:
                break
            found = self.cache.memory_get(name, self.source, self.target, missing)
            done.update({k: v for k, v in found.items() if placeholders_kept(k, v)})
        self.stats.from_memory += len(done)
        todo = [(k, wanted[k]) for k in wanted if k not in done]
        invalid: set[str] = set()
        if todo:
            self._run(todo, done, invalid)
        return done, invalid

    def _run(self, todo: list[tuple[str, str]], done: dict[str, str], invalid: set[str]) -> None:
        batches = _pack(todo, self.engine.fits)
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

    def _count(self, engine: Engine, items: list[str]) -> None:
        with self._lock:
            self.stats.requests += 1
            self.stats.characters_sent += engine.request_chars(items)

    def _batch(
        self,
        engine: Engine,
        batch: list[tuple[str, str]],
        done: dict[str, str],
        invalid: set[str],
        may_fall_back: bool,
    ) -> None:
        texts = [text for _, text in batch]
        try:
            out = resilience.call(
                engine.send,
                texts,
                engine.name,
                engine.controls,
                lambda items: self._count(engine, items),
            )
        except BadTranslation:
            if len(batch) > 1:
                # The answer did not split into the segments sent: halve and try again.
                half = len(batch) // 2
                self._batch(engine, batch[:half], done, invalid, may_fall_back)
                self._batch(engine, batch[half:], done, invalid, may_fall_back)
                return
            if not (may_fall_back and self._fall_back(batch, done, invalid)):
                raise
            return
        except EngineError as exc:
            if exc.retryable and may_fall_back and self._fall_back(batch, done, invalid):
                return
            raise
        good = [
            (key, text, translation)
            for (key, text), translation in zip(batch, out)
            if placeholders_kept(text, translation)
        ]
        with self._lock:
            invalid.update(
                key
                for (key, text), translation in zip(batch, out)
                if not placeholders_kept(text, translation)
            )
            done.update({key: translation for key, _, translation in good})
            if engine.name not in self.used:
                self.used.append(engine.name)
        if good:
            self.cache.memory_put(engine.name, self.source, self.target, good)

    def _fall_back(
        self, batch: list[tuple[str, str]], done: dict[str, str], invalid: set[str]
    ) -> bool:
        """Try the batch on each fallback engine in turn; True once one translated it."""
        for other in self.engine.fallback_engines():
            try:
                fitting = [item for item in batch if other.fits([item[1]])]
                for sub in _pack(fitting, other.fits):
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
        for sub in _pack([(normalise(p), p) for p in parts], engine.fits):
            self._batch(engine, sub, part_done, part_invalid, False)
        with self._lock:
            if part_invalid:
                invalid.add(key)
            else:
                done[key] = " ".join(part_done[normalise(p)] for p in parts)


# How many of the latest requests a segment may still join in the in-order packing; bounds
# the `fits` calls per segment on long inputs (an MT test set of thousands of lines).
_OPEN_REQUESTS = 8
# Up to this many segments (an article: usually tens) the longest-first packing is tried too.
_DECREASING_UP_TO = 200


def _pack(items: list[tuple[str, str]], fits) -> list[list[tuple[str, str]]]:
    """Items into as few requests as the engine's limit allows, each request in article
    order: first-fit in article order, or first-fit longest-first when that needs fewer
    (it fills requests tighter when a few long paragraphs leave gaps)."""
    packed = _first_fit(list(enumerate(items)), fits, _OPEN_REQUESTS)
    if 1 < len(packed) and len(items) <= _DECREASING_UP_TO:
        longest_first = sorted(enumerate(items), key=lambda pair: -len(pair[1][1]))
        tighter = _first_fit(longest_first, fits, None)
        if len(tighter) < len(packed):
            packed = tighter
    return [[item for _, item in sorted(batch, key=lambda pair: pair[0])] for batch in packed]


def _first_fit(
    numbered: list[tuple[int, tuple[str, str]]], fits, window: int | None
) -> list[list[tuple[int, tuple[str, str]]]]:
    """Each item into the first request (of the latest `window`, or all) it still fits in,
    checked with the request's items in article order, else into a new one."""
    batches: list[list[tuple[int, tuple[str, str]]]] = []
    for number, item in numbered:
        for batch in batches[-window:] if window else batches:
            candidate = sorted(batch + [(number, item)], key=lambda pair: pair[0])
            if fits([text for _, (_, text) in candidate]):
                batch.append((number, item))
                break
        else:
            batches.append([(number, item)])
    return batches


class _Unit:
    """One text to translate (block, title, lead, caption or anchor), masked and cut up."""

    def __init__(self, text: str, fixed: list[Fixed], fits_one):
        self.text = text
        self.masked: Masked = mask(text, fixed)
        self.lines: list[tuple[str, list[str], str]] = []
        for line in self.masked.text.split("\n"):
            core = line.strip()
            lead, trail = line[: len(line) - len(line.lstrip())], line[len(line.rstrip()) :]
            pieces = split_to_fit(core, fits_one) if needs_translation(core) else []
            self.lines.append((lead, pieces, trail if core else ""))
        self.masked_en: str | None = None

    def pieces(self) -> list[str]:
        return [p for _, pieces, _ in self.lines for p in pieces]

    @property
    def english(self) -> str:
        return unmask(self.masked_en or "", self.masked.values)


def _translate_units(units: list[_Unit], session: _Session) -> None:
    """Fill `masked_en` of every unit; lines whose placeholders got lost are redone in pieces."""
    results, invalid = session.translate([p for u in units for p in u.pieces()])
    redo: list[tuple[_Unit, int]] = []
    for unit in units:
        for i, (lead, pieces, trail) in enumerate(unit.lines):
            if any(normalise(p) in invalid for p in pieces):
                redo.append((unit, i))
    chunks = {}
    if redo:
        texts = [
            c.strip()
            for unit, i in redo
            for p in unit.lines[i][1]
            for c in split_at_placeholders(p)
            if needs_translation(c)
        ]
        chunks, bad = session.translate(texts)
        if bad:
            raise BadTranslation("the engine changed text that holds no placeholder")
    redo_set = {(id(u), i) for u, i in redo}
    for unit in units:
        lines_en = []
        for i, (lead, pieces, trail) in enumerate(unit.lines):
            if not pieces:
                lines_en.append(unit.masked.text.split("\n")[i])
                continue
            if (id(unit), i) in redo_set:
                parts = [_chunk_en(c, chunks) for p in pieces for c in split_at_placeholders(p)]
                lines_en.append(lead + "".join(parts) + trail)
            else:
                lines_en.append(lead + " ".join(results[normalise(p)] for p in pieces) + trail)
        unit.masked_en = "\n".join(lines_en)


def _chunk_en(chunk: str, chunks: dict[str, str]) -> str:
    if not needs_translation(chunk):
        return chunk
    lead = chunk[: len(chunk) - len(chunk.lstrip())]
    trail = chunk[len(chunk.rstrip()) :]
    return lead + chunks[normalise(chunk)] + trail


def _block_fixed(block: Block, glossary) -> list[Fixed]:
    fixed = list(block.fixed)
    if glossary is not None:
        for term in glossary.find(block.text):
            if not any(term.start < f.end and f.start < term.end for f in fixed):
                fixed.append(term)
    return fixed


def _anchor_span(block: Block, link: Link) -> tuple[int, int] | None:
    if link.start is None:
        return None
    end = link.start + len(link.text)
    return (link.start, end) if block.text[link.start : end] == link.text else None


def translate_article(
    article: Article,
    engine: Engine,
    cache: Cache,
    glossary=None,
    config: TranslateConfig | None = None,
) -> TranslationStats:
    """Fill title_en, lead_en, the caption, every block's text_en/links_en/flags, engine and
    translated_at. Raises EngineError (article untouched) if any segment could not be had."""
    source = config.source_lang if config else engine.source
    target = config.target_lang if config else engine.target
    stats = TranslationStats()
    session = _Session(engine, cache, source, target, stats)

    def fits_one(text: str) -> bool:
        return engine.fits([text])

    def plain(text: str) -> _Unit:
        return _Unit(text, glossary.find(text) if glossary is not None else [], fits_one)

    title = plain(article.title) if article.title else None
    lead = plain(article.lead) if article.lead else None
    caption = plain(article.image.caption) if article.image and article.image.caption else None
    blocks: list[tuple[Block, _Unit, list[tuple[Link, _Unit | None]]]] = []
    for block in article.blocks:
        fixed = _block_fixed(block, glossary)
        unit = _Unit(block.text, fixed, fits_one)
        anchors: list[tuple[Link, _Unit | None]] = []
        for link in block.links:
            span = _anchor_span(block, link)
            if span and block.text[: span[0]].strip() == "" and block.text[span[1] :].strip() == "":
                anchors.append((link, None))  # the whole block is the anchor
                continue
            inner = [
                Fixed(f.start - span[0], f.end - span[0], f.en)
                for f in fixed
                if span and span[0] <= f.start and f.end <= span[1]
            ]
            anchors.append((link, _Unit(link.text, inner, fits_one)))
        blocks.append((block, unit, anchors))
    units = [u for u in (title, lead, caption) if u]
    units += [u for _, unit, anchors in blocks for u in [unit] + [a for _, a in anchors if a]]
    _translate_units(units, session)

    if title:
        article.title_en = title.english
    if lead:
        article.lead_en = lead.english
    if caption and article.image:
        article.image.caption_en = caption.english
    for block, unit, anchors in blocks:
        block.text_en = unit.english
        block.links_en = links.attach(
            block.text_en, [(link, a.english if a else block.text_en) for link, a in anchors]
        )
        block.flags = [f for f in block.flags if f not in ("numbers-mismatch", "untranslated")]
        source_text = strip_placeholders(unit.masked.text)
        english = strip_placeholders(unit.masked_en or "")
        if not checks.numbers_match(source_text, english):
            block.flags.append("numbers-mismatch")
        if needs_translation(source_text) and checks.still_russian(english):
            block.flags.append("untranslated")
        if any(f in block.flags for f in ("numbers-mismatch", "untranslated")):
            stats.flagged += 1
    article.engine = "+".join(session.used) if session.used else engine.name
    article.translated_at = now_iso()
    return stats
