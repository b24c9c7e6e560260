"""Filtering blocks: chrome phrases, link lists, social plugs, trailing headings, repeats."""

from __future__ import annotations

import re

from translator.article import Block
from translator.extract.vocabulary import (
    ASTERISK_MARK_RE,
    CALL_TO_ACT,
    CHROME_TAIL_RE,
    CHROME_TEXT_RE,
    FOOTNOTE_RE,
    OUR_CHANNEL,
    RELATED_HEADING_RE,
    SOCIAL_HOSTS,
    SOCIAL_NAMES,
)


def drop_chrome_blocks(blocks: list[Block], patterns: list[re.Pattern]) -> list[Block]:
    """Blocks that open with a chrome phrase (generic list plus the site's), age marks, link lists."""
    kept = []
    dropped_marks = False  # the last dropped block had asterisked names: its footnote goes with it
    for block in blocks:
        text = block.text.strip()
        if dropped_marks and FOOTNOTE_RE.match(text):
            continue
        dropped_marks = False
        tail = len(text) < 400 and CHROME_TAIL_RE.search(text)
        if (
            (CHROME_TEXT_RE.match(text) or tail)
            and block.type != "heading"
            or any(p.search(text) for p in patterns)
        ):
            dropped_marks = bool(ASTERISK_MARK_RE.search(text))
            continue
        if block.type == "heading" and (
            CHROME_TEXT_RE.match(text) or RELATED_HEADING_RE.match(text)
        ):
            continue
        if _link_list(block) or _social_promo(block):
            dropped_marks = dropped_marks or bool(ASTERISK_MARK_RE.search(text))
            continue
        kept.append(block)
    return kept


def _link_list(block: Block) -> bool:
    """A block that is all link (a teaser), unless it reads like a sentence of body text."""
    if not block.links:
        return False
    linked = sum(len(link.text) for link in block.links)
    density = linked / max(1, len(block.text))
    if density < 0.8:
        return False
    return block.type in ("list_item", "heading") or len(block.text) < 150


def _social_promo(block: Block) -> bool:
    """ "Read us on Telegram, VK, YouTube...": three or more networks plus links to them or a call to act,
    or a short linked plug for "our channel"."""
    if len(block.text) < 200 and block.links and OUR_CHANNEL.search(block.text):
        return True
    networks = {m.lower() for m in SOCIAL_NAMES.findall(block.text)}
    if len(networks) < 3:
        return False
    social_links = sum(1 for link in block.links if SOCIAL_HOSTS.search(link.href))
    return social_links >= 2 or bool(CALL_TO_ACT.search(block.text))


def drop_trailing_headings(blocks: list[Block]) -> list[Block]:
    """A heading with no text after it belonged to a dropped box."""
    while blocks and blocks[-1].type == "heading":
        blocks = blocks[:-1]
    return blocks


def dedupe(blocks: list[Block]) -> list[Block]:
    """Drop repeats of the same caption/paragraph (hidden modal copies, lead repeated)."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for block in blocks:
        key = (block.type, block.text)
        if key in seen and len(block.text) > 20:
            continue
        seen.add(key)
        kept.append(block)
    return kept
