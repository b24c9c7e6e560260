"""Re-attaching links: find each translated anchor in the translated paragraph."""

from __future__ import annotations

import re

from translator.article import Link

_ARTICLES_RE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_EDGE_PUNCT = " \t\n\"'«»“”„()[].,;:!?"


def locate(text_en: str, anchor_en: str, after: int = 0) -> int | None:
    """Where `anchor_en` occurs in `text_en` (case-insensitive), searching from `after` first."""
    if not anchor_en.strip():
        return None
    lowered = text_en.lower()
    for needle in _variants(anchor_en):
        pos = lowered.find(needle.lower(), after)
        if pos < 0:
            pos = lowered.find(needle.lower())
        if pos >= 0:
            return pos
    return None


def _variants(anchor: str) -> list[str]:
    """The anchor as translated, then without edge punctuation, then without a leading article."""
    first = anchor.strip()
    trimmed = first.strip(_EDGE_PUNCT)
    bare = _ARTICLES_RE.sub("", trimmed)
    return [
        v for i, v in enumerate((first, trimmed, bare)) if v and v not in (first, trimmed, bare)[:i]
    ]


def attach(text_en: str, anchors: list[tuple[Link, str]]) -> list[Link]:
    """Links on the English text; an anchor not found gets start=None (a numbered reference)."""
    out: list[Link] = []
    cursor = 0
    for link, anchor_en in anchors:
        start = locate(text_en, anchor_en, cursor)
        if start is None:
            out.append(Link(anchor_en.strip(), link.href, None))
            continue
        needle = _matched(text_en, start, anchor_en)
        out.append(Link(needle, link.href, start))
        cursor = start + len(needle)
    return out


def _matched(text_en: str, start: int, anchor_en: str) -> str:
    """The exact slice of `text_en` that matched, so `text_en[start:start+len(text)] == text`."""
    for needle in _variants(anchor_en):
        piece = text_en[start : start + len(needle)]
        if piece.lower() == needle.lower():
            return piece
    return anchor_en.strip()
