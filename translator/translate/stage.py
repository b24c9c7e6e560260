"""The translate stage: fill every `*_en` field of an Article through one engine.

`translate_article` masks fixed spans (legal marks, glossary terms), cuts the article into
units (`units`), has a `Session` find every segment in the translation memory or send what is
missing (packed, verified, retried, fallen back: `session`), re-attaches links and flags
blocks whose numbers disagree. Nothing is written to the article unless all of it translated;
what did translate stays in memory for the retry.
"""

from __future__ import annotations

from translator.article import Article, Block, Fixed, Link
from translator.config import TranslateConfig
from translator.errors import ArticleTooLarge
from translator.fetch.deadline import within
from translator.store import Cache, now_iso
from translator.translate import checks, links
from translator.translate.engines.base import Engine
from translator.translate.segment import needs_translation, strip_placeholders
from translator.translate.session import Session, TranslationStats
from translator.translate.units import Unit, translate_units

__all__ = ["TranslationStats", "translate_article"]

BlockUnits = tuple[Block, Unit, list[tuple[Link, Unit | None]]]


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


def _block_units(block: Block, glossary, fits_one) -> BlockUnits:
    """The block's unit and one per anchor (None for an anchor that is the whole block)."""
    fixed = _block_fixed(block, glossary)
    unit = Unit(block.text, fixed, fits_one)
    anchors: list[tuple[Link, Unit | None]] = []
    for link in block.links:
        span = _anchor_span(block, link)
        if span and block.text[: span[0]].strip() == "" and block.text[span[1] :].strip() == "":
            anchors.append((link, None))
            continue
        inner = [
            Fixed(f.start - span[0], f.end - span[0], f.en)
            for f in fixed
            if span and span[0] <= f.start and f.end <= span[1]
        ]
        anchors.append((link, Unit(link.text, inner, fits_one)))
    return block, unit, anchors


def _write_block(block: Block, unit: Unit, anchors: list[tuple[Link, Unit | None]]) -> bool:
    """Put the block's English in place; True when it is flagged."""
    block.text_en = unit.english
    block.links_en = links.attach(
        block.text_en, [(link, a.english if a else block.text_en) for link, a in anchors]
    )
    block.flags = [f for f in block.flags if f not in ("numbers-mismatch", "untranslated")]
    source_text = strip_placeholders(unit.masked.text)
    english = strip_placeholders(unit.masked_en or "")
    if not checks.numbers_match(source_text, english):
        block.flags.append("numbers-mismatch")
    if needs_translation(source_text) and (
        checks.source_script_share(english) > checks.MAX_SOURCE_SCRIPT_SHARE
    ):
        block.flags.append("untranslated")
    return any(f in block.flags for f in ("numbers-mismatch", "untranslated"))


def _check_size(article: Article, units: list[Unit], config: TranslateConfig) -> None:
    """Refuse, before any engine spending, an article past the per-article caps (a page of
    100,000 links would otherwise cost thousands of requests)."""
    segments = sum(1 for unit in units if any(pieces for _, pieces, _ in unit.lines))
    characters = sum(len(unit.text) for unit in units)
    if segments > config.max_segments:
        raise ArticleTooLarge(
            f"{article.url}: {segments} segments to translate, more than "
            f"[translate] max_segments = {config.max_segments}"
        )
    if characters > config.max_characters:
        raise ArticleTooLarge(
            f"{article.url}: {characters} characters to translate, more than "
            f"[translate] max_characters = {config.max_characters}"
        )


def translate_article(
    article: Article,
    engine: Engine,
    cache: Cache,
    glossary=None,
    config: TranslateConfig | None = None,
) -> TranslationStats:
    """Fill title_en, lead_en, the caption, every block's text_en/links_en/flags, engine,
    translated_at and the tokens spent. Raises EngineError (article untouched) if any segment
    could not be had."""
    source = config.source_lang if config else engine.source
    target = config.target_lang if config else engine.target
    stats = TranslationStats()
    session = Session(engine, cache, source, target, stats)

    def fits_one(text: str) -> bool:
        return engine.fits([text])

    def plain(text: str | None) -> Unit | None:
        if not text:
            return None
        return Unit(text, glossary.find(text) if glossary is not None else [], fits_one)

    title, lead = plain(article.title), plain(article.lead)
    caption = plain(article.image.caption) if article.image else None
    blocks = [_block_units(block, glossary, fits_one) for block in article.blocks]
    units = [u for u in (title, lead, caption) if u]
    units += [u for _, unit, anchors in blocks for u in [unit] + [a for _, a in anchors if a]]
    if config is not None:
        _check_size(article, units, config)
    with within(config.article_seconds if config else None):
        translate_units(units, session)

    if title:
        article.title_en = title.english
    if lead:
        article.lead_en = lead.english
    if caption and article.image:
        article.image.caption_en = caption.english
    stats.flagged = sum(_write_block(block, unit, anchors) for block, unit, anchors in blocks)
    article.engine = "+".join(session.used) if session.used else engine.name
    article.translated_at = now_iso()
    article.tokens_in, article.tokens_out = stats.tokens_in, stats.tokens_out
    return stats
