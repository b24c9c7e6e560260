"""Patterns asked only where they can match, by the characters every match starts with.

`guarded`: a compiled pattern opened with a lookahead for those characters. `Openings`: an
alternation of many phrases at a text's opening, asking only the phrases its first characters
can start.

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

# (first characters, whether the item can match the empty string); None when not known. A first
# character is a character, or a class of them as a regex of more than one character (r"\d",
# "[^/]", "(?:.)"), which `guarded` cannot spell out and `Openings` can test.
_First = tuple[set[str], bool] | None
_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}


def guarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` opened with `(?=[...])` for the characters every match starts with (the same
    matches, found faster), or `pattern` itself when those characters cannot be told."""
    if not isinstance(pattern.pattern, str):
        return pattern
    try:
        first = _sequence(_parser.parse(pattern.pattern, pattern.flags).data)
        if first is None or first[1] or not first[0] or any(len(c) > 1 for c in first[0]):
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
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):  # ^, $, \b, lookarounds: no character taken
        return set(), True
    if op is _c.NOT_LITERAL:
        return {f"[^{re.escape(chr(av))}]"}, False
    if op is _c.ANY:
        return {"(?:.)"}, False
    return None


def _charset(members: Any) -> _First:
    chars: set[str] = set()
    spelt: list[str] = []  # the class as a regex, for what cannot be spelt out
    negated = False
    for op, av in members:
        if op is _c.NEGATE:
            negated = True
        elif op is _c.LITERAL:
            chars.add(chr(av))
            spelt.append(re.escape(chr(av)))
        elif op is _c.RANGE:
            spelt.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
            if av[1] - av[0] < MAX_RANGE:
                chars.update(chr(code) for code in range(av[0], av[1] + 1))
            else:
                chars.add(f"[{spelt[-1]}]")
        elif op is _c.CATEGORY and str(av) in _CATEGORIES:
            chars.add(_CATEGORIES[str(av)])
            spelt.append(_CATEGORIES[str(av)])
        else:
            return None
    if negated:
        return {f"[^{''.join(spelt)}]"}, False
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


# A backreference, a named group or a global inline flag ("(?x)") in an alternative.
_UNSUPPORTED = re.compile(r"\\[1-9]|\(\?P[<=]|\(\?[aiLmsux]+\)")


class Openings:
    """The alternation `^\\W{0,skip}(?:alternative|...)` (`skip` None: `\\W*`), matched at a
    text's opening by asking only the alternatives that can start at its first characters.

    A vocabulary of hundreds of phrases under IGNORECASE costs the regex engine one jump per
    phrase at each opening position, though the text's first letter rules out nearly all of
    them. `first` gives the index of the alternative the whole alternation would match with:
    the engine tries the same positions in the same order, and at each the alternatives left
    out are those that cannot start with the character there. An alternative whose first
    characters cannot be told (see `guarded`) is always asked.
    """

    # Distinct opening characters, and sets of them, whose answers are kept.
    CACHE = 4096

    def __init__(self, alternatives: list[str], flags: int = 0, skip: int | None = 3) -> None:
        """Raises ValueError for what would make `first` answer otherwise than `whole`:
        re.ASCII (the opening test reads word characters as str does), and an alternative
        with a backreference, a named group or a global inline flag (each alternative is
        wrapped in a group of its own, asked alone or with others)."""
        if flags & re.ASCII:
            raise ValueError("Openings reads word characters as Unicode: re.ASCII is not supported")
        for alternative in alternatives:
            if _UNSUPPORTED.search(alternative):
                raise ValueError(f"Openings cannot ask {alternative!r} apart from the others")
        self._alternatives = alternatives
        self._flags = flags
        self._skip = skip
        self._lead = re.compile(r"\W*", flags)
        self._starts = [_starts(alternative, flags) for alternative in alternatives]
        self._always = tuple(at for at, start in enumerate(self._starts) if start is None)
        self._by_char: dict[str, frozenset[int]] = {}
        self._by_set: dict[frozenset[int], re.Pattern[str] | None] = {}

    def whole(self) -> re.Pattern[str]:
        """The alternation compiled whole, a named group `p<index>` per alternative: what `first`
        answers for."""
        return self._pattern(frozenset(range(len(self._alternatives)))) or re.compile("(?!)")

    def first(self, text: str) -> int | None:
        """The index of the alternative the whole alternation matches `text` with, or None."""
        if text[:1].isalnum() or text[:1] == "_":  # a word character, as \w has it: no skip
            asked = self._for_char(text[0])
        else:
            lead = self._lead.match(text)
            reach = lead.end() if lead is not None else 0
            if self._skip is not None:
                reach = min(reach, self._skip)
            asked = self._for_chars(text[: reach + 1])
        pattern = self._pattern(asked)
        found = pattern.match(text) if pattern is not None else None
        return None if found is None or found.lastgroup is None else int(found.lastgroup[1:])

    def _for_chars(self, chars: str) -> frozenset[int]:
        asked: frozenset[int] = frozenset(self._always)
        for char in chars:
            asked |= self._for_char(char)
        return asked

    def _for_char(self, char: str) -> frozenset[int]:
        asked = self._by_char.get(char)
        if asked is None:
            if len(self._by_char) >= self.CACHE:
                self._by_char.clear()
            asked = frozenset(
                at
                for at, start in enumerate(self._starts)
                if start is None or start.fullmatch(char)
            )
            self._by_char[char] = asked
        return asked

    def _pattern(self, asked: frozenset[int]) -> re.Pattern[str] | None:
        if asked in self._by_set:
            return self._by_set[asked]
        if len(self._by_set) >= self.CACHE:
            self._by_set.clear()
        skip = "*" if self._skip is None else f"{{0,{self._skip}}}"
        branches = "|".join(f"(?P<p{at}>{self._alternatives[at]})" for at in sorted(asked))
        pattern = re.compile(rf"^\W{skip}(?:{branches})", self._flags) if asked else None
        self._by_set[asked] = pattern
        return pattern


def _starts(alternative: str, flags: int) -> re.Pattern[str] | None:
    """A character class of the characters every match of `alternative` starts with, or None
    where they cannot be told or the alternative may match the empty string."""
    try:
        first = _sequence(_parser.parse(alternative, flags).data)
    except Exception:  # noqa: BLE001 -- re's internals changed: ask the alternative always
        return None
    if first is None or first[1] or not first[0]:
        return None
    chars = "".join(re.escape(char) for char in sorted(first[0]) if len(char) == 1)
    classes = sorted(char for char in first[0] if len(char) > 1)
    return re.compile("|".join([f"[{chars}]"] * bool(chars) + classes), flags)
