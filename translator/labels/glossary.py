"""The glossary: Russian names and terms with the one English form a newsroom wants for each.

Sources, later ones winning: the built-in translator/data/glossary.tsv, the TSV named by
`[glossary] file`, then the `[glossary] terms` table. `find` matches a term in any grammatical
case (pymorphy3 lemmas: Навального and Навальному both match Навальный); a capitalised term
word only matches a capitalised word. A term written in quotes («Дождь») matches the quoted name
and, capitalised, the name without quotes too («рассказал Дождю»), except a one-word name that
starts a sentence, where a capital says nothing (Дождь прошел: rain).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from translator.article import Fixed
from translator.config import Config
from translator.errors import ConfigError

log = logging.getLogger(__name__)

_TOKEN_RE = re.compile(r"\w+(?:[-‐]\w+)*|[«»“”„\"']|[^\w\s]")
_QUOTES = set("«»“”„\"'")


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=50_000)
def _lemmas(word: str) -> frozenset[str]:
    """Every dictionary form pymorphy3 proposes for `word`, plus the word itself, lowercased."""
    low = word.lower()
    if not re.search(r"[а-яё]", low):
        return frozenset({low})
    forms = {p.normal_form for p in _morph().parse(low)}
    return frozenset(forms | {low})


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int

    @property
    def is_quote(self) -> bool:
        return self.text in _QUOTES

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum() or self.text[0] == "_"


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def _key(term: str, quotes: bool = True) -> str:
    """A term's identity: its lowercased tokens, every kind of quote counted as one."""
    return " ".join(
        '"' if t.is_quote else t.text.lower() for t in _tokens(term) if quotes or not t.is_quote
    )


@dataclass
class _Term:
    """A glossary entry; `bare` is the quoted entry's variant without its quotes."""

    source: str
    en: str
    tokens: list[_Token] = field(default_factory=list)
    bare: bool = False

    def __post_init__(self) -> None:
        self.tokens = [t for t in _tokens(self.source) if not (self.bare and t.is_quote)]

    def unquoted(self) -> _Term | None:
        """The variant that matches the name written without quotes («Дождь»: рассказал Дождю)."""
        if self.bare or not any(t.is_quote for t in self.tokens):
            return None
        variant = _Term(self.source, self.en, bare=True)
        return variant if variant.tokens else None


# Before a word, what makes it the first word of a sentence (where capitals say nothing).
_SENTENCE_END = set(".!?…") | _QUOTES


def _bare_allowed(words: list[_Token], i: int, n: int) -> bool:
    """Whether an unquoted match of a quoted name at words[i:i+n] is the name, not a word.

    Its words are capitalised (checked by `_same`); a one-word name must also not be the first
    word of a sentence or of the text, nor just inside other quotes.
    """
    if not words[i].text[:1].isupper():
        return False
    if n > 1:
        return True
    return i > 0 and words[i - 1].text not in _SENTENCE_END


def _same(term: _Token, word: _Token) -> bool:
    if term.is_quote or word.is_quote:
        return term.is_quote and word.is_quote
    if not (term.is_word and word.is_word):
        return term.text == word.text
    if term.text[0].isupper() and not word.text[0].isupper():
        return False
    if term.text.isupper() and len(term.text) > 1 and not word.text.isupper():
        return False  # an acronym only matches in capitals
    return bool(_lemmas(term.text) & _lemmas(word.text))


class Glossary:
    """Terms in the order they were added; the longest match wins where terms overlap."""

    def __init__(self, terms: dict[str, str] | None = None):
        self._terms: dict[str, _Term] = {}
        self._cached_index: dict[str, list[_Term]] | None = None
        self._indexed = 0
        for source, en in (terms or {}).items():
            self.add(source, en)

    def __len__(self) -> int:
        return len(self._terms)

    def add(self, source: str, en: str) -> None:
        source, en = source.strip(), en.strip()
        if source and en and _tokens(source):
            self._terms[_key(source)] = _Term(source, en)
            self._cached_index = None

    @classmethod
    def load(cls, config: Config) -> Glossary:
        """The built-in glossary, then `[glossary] file`, then `[glossary] terms`."""
        glossary = cls()
        builtin = resources.files("translator").joinpath("data/glossary.tsv")
        try:
            glossary.update_tsv(builtin.read_text(encoding="utf-8"), "built-in glossary")
        except FileNotFoundError:
            # A packaging fault, not the user's: go on with their own terms only.
            log.warning("the built-in glossary (translator/data/glossary.tsv) is missing")
        if config.glossary.file:
            path = Path(config.glossary.file).expanduser()
            if not path.is_absolute() and config.path is not None:
                path = config.path.parent / path
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise ConfigError(f"glossary.file: cannot read {path}: {exc}") from exc
            glossary.update_tsv(text, str(path))
        for source, en in config.glossary.terms.items():
            glossary.add(source, en)
        return glossary

    def update_tsv(self, text: str, where: str) -> None:
        """Add `russian<TAB>english` lines; blank lines and lines starting with # are skipped."""
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) < 2 or not parts[0].strip() or not parts[1].strip():
                raise ConfigError(f"{where}, line {number}: expected 'russian<TAB>english'")
            self.add(parts[0], parts[1])

    def english(self, term: str) -> str | None:
        """The English form of `term` (any case, any quotes), or None if it is not listed."""
        found = self._terms.get(_key(term))
        if found:
            return found.en
        bare = _key(term, quotes=False)
        for known in self._terms.values():
            if _key(known.source, quotes=False) == bare:
                return known.en
        matches = self.find(term)
        if (
            len(matches) == 1
            and not term[: matches[0].start].strip(' «»"')
            and not term[matches[0].end :].strip(' «»"')
        ):
            return matches[0].en
        return None

    def find(self, text: str) -> list[Fixed]:
        """Non-overlapping spans of `text` that are glossary terms, in text order."""
        words = _tokens(text)
        index = self._index()
        found: list[Fixed] = []
        i = 0
        while i < len(words):
            first = words[i]
            keys = {"<quote>"} if first.is_quote else _lemmas(first.text)
            best: tuple[int, _Term] | None = None
            for key in keys:
                for term in index.get(key, ()):
                    n = len(term.tokens)
                    if n > len(words) - i or (best and n <= best[0]):
                        continue
                    if _matches(text, words, i, term):
                        best = (n, term)
            if best:
                n, term = best
                found.append(Fixed(words[i].start, words[i + n - 1].end, term.en))
                i += n
            else:
                i += 1
        return found

    def _index(self) -> dict[str, list[_Term]]:
        """Terms (and quoted terms without their quotes) by every lemma of their first word
        (quotes under one key)."""
        if self._cached_index is None or self._indexed != len(self._terms):
            index: dict[str, list[_Term]] = {}
            variants = [v for t in self._terms.values() if (v := t.unquoted()) is not None]
            for term in [*self._terms.values(), *variants]:
                first = term.tokens[0]
                for key in {"<quote>"} if first.is_quote else _lemmas(first.text):
                    index.setdefault(key, []).append(term)
            self._cached_index, self._indexed = index, len(self._terms)
        return self._cached_index


def _matches(text: str, words: list[_Token], i: int, term: _Term) -> bool:
    """Whether `term` matches the words of `text` from the i-th on."""
    n = len(term.tokens)
    span = words[i : i + n]
    if not all(_same(t, w) for t, w in zip(term.tokens, span)):
        return False
    if term.bare and not _bare_allowed(words, i, n):
        return False
    return _adjacent(text, span, term)


def _adjacent(text: str, words: list[_Token], term: _Term) -> bool:
    """The matched words are separated like the term's: only spaces, never a line break."""
    for a, b, ta, tb in zip(words, words[1:], term.tokens, term.tokens[1:]):
        gap = text[a.end : b.start]
        if "\n" in gap or (gap.strip()):
            return False
        if (ta.end == tb.start) != (a.end == b.start) and not (ta.is_quote or tb.is_quote):
            return False
    return True
