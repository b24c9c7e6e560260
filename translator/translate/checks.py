"""Faithfulness checks on a translated block: the numbers must agree, and the text must not
still be Russian (an engine that echoes its input back)."""

from __future__ import annotations

import re
from collections import Counter

# A number with optional thousands groups (Russian: space, no-break or thin space; English:
# comma) and an optional decimal part (Russian comma, English point).
_NUMBER_RE = re.compile(
    r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?(?!\d)"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)"
    r"|\d+(?:[.,]\d+)?"
)


def numbers(text: str) -> Counter:
    """The numbers in `text`, normalised so 1 000,5 (Russian) equals 1,000.5 (English)."""
    found: Counter = Counter()
    for match in _NUMBER_RE.finditer(text):
        raw = match.group()
        if re.search(r"[ \u00a0\u202f\u2009]", raw):
            raw = re.sub(r"[ \u00a0\u202f\u2009]", "", raw).replace(",", ".")
        elif re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", raw):
            raw = raw.replace(",", "")
        else:
            raw = raw.replace(",", ".")
        whole, _, frac = raw.partition(".")
        frac = frac.rstrip("0")
        found[(whole.lstrip("0") or "0") + ("." + frac if frac else "")] += 1
    return found


def numbers_match(source: str, translation: str) -> bool:
    """Whether both texts hold the same numbers, as many times each."""
    return numbers(source) == numbers(translation)


def still_russian(translation: str, threshold: float = 0.2) -> bool:
    """Whether more than `threshold` of the letters of a translation are Cyrillic."""
    letters = [ch for ch in translation if ch.isalpha()]
    if not letters:
        return False
    cyrillic = sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff")
    return cyrillic / len(letters) > threshold
