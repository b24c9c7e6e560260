"""A compiled pattern opened with a lookahead for the characters every match of it starts with.

Python's regex engine tries a pattern at every position of the text. For an alternation of
many words under IGNORECASE (the vocabulary's social networks, the label formulas) that is one
case-folded comparison per word at every character, and it was a large share of extraction's
time. A lookahead for the possible first characters fails at once where no word can start,
and since every match starts with one of them it changes no match, group or position.

The first characters are read off the parse tree of `re` (its internal `re._parser`); where
that tree holds anything this module does not reason about (a character class such as \\w, a
backreference, a flag set inside the pattern), or where the pattern could match the empty
string, the pattern is returned as it is.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

try:  # internal to `re` (Python 3.11 and later): without it, patterns stay as they are
    _parser: Any = importlib.import_module("re._parser")
    _c: Any = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover -- a Python without re's internal parser
    _parser = _c = None

# A character range wider than this is not spelt out in the lookahead: the pattern is kept.
MAX_RANGE = 256

# (first characters, whether the item can match the empty string); None when not known.
_First = tuple[set[str], bool] | None


def guarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` opened with `(?=[...])` for the characters every match starts with (the same
    matches, found faster), or `pattern` itself when those characters cannot be told."""
    if not isinstance(pattern.pattern, str):
        return pattern
    try:
        first = _sequence(_parser.parse(pattern.pattern, pattern.flags).data)
        if first is None or first[1] or not first[0]:
            return pattern
        chars = "".join(re.escape(char) for char in sorted(first[0]))
        return re.compile(f"(?=[{chars}])(?:{pattern.pattern})", pattern.flags)
    except Exception:  # noqa: BLE001 -- re's internals changed: keep the pattern as written
        return pattern


def _sequence(items: Any) -> _First:
    """The first characters of items matched one after another."""
    chars: set[str] = set()
    for op, av in items:
        first = _item(op, av)
        if first is None:
            return None
        chars |= first[0]
        if not first[1]:
            return chars, False
    return chars, True


def _item(op: Any, av: Any) -> _First:
    if op is _c.LITERAL:
        return {chr(av)}, False
    if op is _c.IN:
        return _charset(av)
    if op is _c.BRANCH:
        return _branch(av[1])
    if op is _c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        # A flag set inside (say a case-insensitive group) would not hold for the lookahead.
        return None if add_flags or del_flags else _sequence(sub.data)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        low, _high, sub = av
        first = _sequence(sub.data)
        return None if first is None else (first[0], first[1] or low == 0)
    if op is _c.AT:  # ^, $, \b: they match no character
        return set(), True
    return None


def _charset(members: Any) -> _First:
    chars: set[str] = set()
    for op, av in members:
        if op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] < MAX_RANGE:
            chars.update(chr(code) for code in range(av[0], av[1] + 1))
        else:
            return None
    return chars, False


def _branch(alternatives: Any) -> _First:
    chars: set[str] = set()
    empty = False
    for alternative in alternatives:
        first = _sequence(alternative.data)
        if first is None:
            return None
        chars |= first[0]
        empty = empty or first[1]
    return chars, empty
