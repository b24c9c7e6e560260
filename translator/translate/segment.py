"""Segments: masking fixed spans with placeholders, memory keys, and cutting over-long text.

A paragraph is one segment. Only when it exceeds an engine's per-request limit is it cut, at
razdel sentence boundaries (then at spaces, then anywhere), into the fewest pieces that fit.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import razdel

from translator.article import Fixed

# Engines keep bare numbers in braces; the index says which fixed span goes back in.
PLACEHOLDER_RE = re.compile(r"\{\s*(\d+)\s*\}")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")


@dataclass
class Masked:
    """`text` with each fixed span replaced by `{i}`; `values[i]` is what comes back in."""

    text: str
    values: list[str] = field(default_factory=list)


def mask(text: str, fixed: list[Fixed]) -> Masked:
    """Replace the fixed spans (non-overlapping, any order) of `text` with placeholders.

    Text that already holds something shaped like a placeholder is escaped by masking that
    too, as itself, so what comes back is never confused with a span.
    """
    spans = [(f.start, f.end, f.en) for f in fixed]
    spans += [
        (m.start(), m.end(), m.group())
        for m in PLACEHOLDER_RE.finditer(text)
        if not any(f.start < m.end() and m.start() < f.end for f in fixed)
    ]
    spans.sort()
    out: list[str] = []
    values: list[str] = []
    pos = 0
    for start, end, en in spans:
        if start < pos or end > len(text) or start >= end:
            continue
        out.append(text[pos:start])
        out.append(f"{{{len(values)}}}")
        values.append(en)
        pos = end
    out.append(text[pos:])
    return Masked("".join(out), values)


def unmask(text: str, values: list[str]) -> str:
    """Put the fixed values back in place of their placeholders."""

    def put(m: re.Match) -> str:
        i = int(m.group(1))
        return values[i] if i < len(values) else m.group()

    return PLACEHOLDER_RE.sub(put, text)


def placeholders(text: str) -> Counter:
    return Counter(int(m.group(1)) for m in PLACEHOLDER_RE.finditer(text))


def placeholders_kept(source: str, translation: str) -> bool:
    """Every placeholder of `source` is in `translation` exactly as often, and no other."""
    return placeholders(source) == placeholders(translation)


def strip_placeholders(text: str) -> str:
    return PLACEHOLDER_RE.sub(" ", text)


def needs_translation(text: str) -> bool:
    """Whether `text` holds any Cyrillic outside placeholders (else it goes through as is)."""
    return bool(_CYRILLIC_RE.search(strip_placeholders(text)))


def normalise(text: str) -> str:
    """The translation-memory key of a segment: NFC, whitespace runs collapsed, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def split_to_fit(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Cut `text` into the fewest consecutive pieces that each fit, preferring sentence ends.

    Pieces are trimmed and never empty (blank text gives none); whitespace of any kind,
    no-break spaces included, is where a word may end, so no word is cut that need not be.
    """
    text = text.strip()
    if not text:
        return []
    if fits(text):
        return [text]
    units = [s.text for s in razdel.sentenize(text)]
    if len(units) <= 1:
        units = text.split()
        if len(units) <= 1:
            return _hard_cut(text, fits)
    pieces: list[str] = []
    current = ""
    for unit in units:
        candidate = f"{current} {unit}" if current else unit
        if fits(candidate):
            current = candidate
            continue
        if current:
            pieces.append(current)
        if fits(unit):
            current = unit
        else:
            pieces.extend(split_to_fit(unit, fits))
            current = ""
    if current:
        pieces.append(current)
    return pieces


def _hard_cut(text: str, fits: Callable[[str], bool]) -> list[str]:
    pieces: list[str] = []
    while text:
        size = len(text)
        while size > 1 and not fits(text[:size]):
            size = size * 3 // 4
        pieces.append(text[:size])
        text = text[size:]
    return pieces


def split_at_placeholders(text: str) -> list[str]:
    """The line cut into alternating text and placeholder pieces (fallback when one got lost)."""
    return [p for p in re.split(r"(\{\d+\})", text) if p]
