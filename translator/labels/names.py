"""Names in labels and notes: comparison keys, morphology and each party's English name.

`party_english` gives a party's English: the glossary, then the built-in table (templates.PARTIES),
then a word-level rendering with transliteration. `nominative` puts an instrumental-case person
("Иваном Петровым") back in the nominative; `name_before` finds the name a mark follows. pymorphy3
does the morphology.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Protocol

from translator.labels.patterns import NAME_BEFORE, Q
from translator.labels.templates import LEGAL_FORMS, PARTIES, PHRASES, VERBS
from translator.translit import transliterate


class Glossary(Protocol):
    def english(self, term: str) -> str | None: ...


def key(text: str) -> str:
    """Comparison form: lower case, ё→е, quotes dropped, all whitespace one space."""
    text = text.lower().replace("ё", "е")
    text = re.sub(Q, "", text)
    return re.sub(r"\s+", " ", text).strip()


def transliterate_name(text: str) -> str:
    """Latin letters for a name; one written in capitals comes out in title case."""
    result = transliterate(text)
    if text.isupper():
        result = " ".join(w.capitalize() for w in result.split())
    return result


def party_english(party: str | None, glossary: Glossary | None = None) -> str | None:
    """The English name of a party: glossary, then the built-in table, then transliteration."""
    if not party:
        return None
    if glossary is not None:
        found = glossary.english(party)
        if found:
            return found
    words = party.split()
    form = (
        LEGAL_FORMS.get(words[0].lower()) if len(words) > 1 and words[0].lower() != "фонд" else None
    )
    name = " ".join(words[1:]) if form else party
    lookup = key(name)
    english = None
    if glossary is not None:
        english = glossary.english(re.sub(Q, "", name).strip())
    if not english:
        english = PARTIES.get(lookup)
    if not english:
        english = phrase_english(re.sub(Q, "", name).strip(), glossary)
    return f"{english} {form}" if form else english


def phrase_english(name: str, glossary: Glossary | None) -> str:
    """Word-level rendering of a name with a parenthetical, e.g. «Meta (владелец Facebook ...)»."""

    def word(w: str) -> str:
        bare = w.strip("(),.")
        found = (
            (glossary.english(bare) if glossary is not None else None)
            or PHRASES.get(bare.lower())
            or PARTIES.get(key(bare))
        )
        return w.replace(bare, found) if found else w.replace(bare, transliterate_name(bare))

    return " ".join(word(w) for w in name.split())


def verb_english(verb: str) -> str:
    words = re.findall(r"\(или\)|[А-ЯЁа-яё]+|,", verb.lower().replace("ё", "е"))
    out: list[str] = []
    for w in words:
        if w == ",":
            if out:
                out[-1] += ","
            continue
        out.append(VERBS.get(w, transliterate_name(w).upper()))
    return " ".join(out)


def nominative(party: str) -> str:
    """A person named in the instrumental case ("Иваном Петровым") put back in the nominative."""
    words = party.split()
    if (
        not words
        or len(words) > 4
        or re.search(Q, party)
        or not all(w[:1].isupper() for w in words)
    ):
        return party
    analyzer = morph()
    if analyzer is None:
        return party
    out = []
    for word in words:
        parses = [
            p
            for p in analyzer.parse(word)
            if "ablt" in p.tag and ({"Name", "Surn", "Patr"} & set(p.tag.grammemes))
        ]
        if not parses:
            return party
        inflected = parses[0].inflect({"nomn"})
        if inflected is None:
            return party
        out.append(inflected.word.capitalize())
    return " ".join(out)


@lru_cache(maxsize=1)
def morph():
    try:
        import pymorphy3
    except ImportError:
        return None
    return pymorphy3.MorphAnalyzer()


def name_before(text: str) -> str | None:
    m = NAME_BEFORE.search(text.rstrip(" ,(—–-"))
    if not m:
        return None
    words = m.group(1).strip().split()
    # "Эколог Аслан Тлупов": a sentence-initial common noun is not part of the name.
    while len(words) > 1 and common_word(words[0]):
        words = words[1:]
    name = " ".join(words)
    return name if len(name) > 1 else None


def common_word(word: str) -> bool:
    analyzer = morph()
    if analyzer is None or not re.fullmatch(r"[А-ЯЁа-яё-]+", word):
        return False
    proper = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"}
    parses = analyzer.parse(word)
    return parses[0].is_known and not any(proper & set(p.tag.grammemes) for p in parses[:3])
