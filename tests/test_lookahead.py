"""translator/lookahead.py: a guarded pattern finds exactly what the pattern finds, and patterns
whose first characters cannot be told are left as they are."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from translator.extract import vocabulary
from translator.labels import patterns
from translator.lookahead import guarded

# Characters that fold into others under IGNORECASE (Kelvin sign, long s, dotless and dotted
# i, the old Cyrillic forms of в, о, т), beside letters, digits and punctuation.
FOLDING = "KſıİᲀᲂᲄЁё"
OTHERS = " \u00a0\t\n.,:-_*«»()18+"


def unguarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern a guarded one was made from."""
    found = re.fullmatch(r"\(\?=\[[^]]*\]\)\(\?:(.*)\)", pattern.pattern, re.DOTALL)
    assert found, pattern.pattern
    return re.compile(found.group(1), pattern.flags)


def texts_for(pattern: re.Pattern[str]) -> st.SearchStrategy[str]:
    """Texts made of the pattern's own words and letters in both cases, and of others."""
    words = re.findall(r"[^\W_](?:[^\W_]| (?=[^\W_]))*", pattern.pattern)
    pieces = words + [w.upper() for w in words] + [w.title() for w in words] + list(FOLDING)
    pieces += list(OTHERS)
    return st.lists(st.sampled_from(pieces), max_size=12).map("".join)


def same_matches(guard: re.Pattern[str], plain: re.Pattern[str], text: str) -> None:
    assert [m.span() for m in guard.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert guard.findall(text) == plain.findall(text)
    assert bool(guard.match(text)) == bool(plain.match(text))


GUARDED = {
    "SOCIAL_NAMES": vocabulary.SOCIAL_NAMES,
    "CALL_TO_ACT": vocabulary.CALL_TO_ACT,
    "OUR_CHANNEL": vocabulary.OUR_CHANNEL,
    "STATUS_WORDS": patterns.STATUS_WORDS,
    "LABEL_2022": patterns.LABEL_2022,
    "LABEL_2022_SHORT": patterns.LABEL_2022_SHORT,
    "LABEL_2017": patterns.LABEL_2017,
}


@pytest.mark.parametrize("name", sorted(GUARDED))
def test_vocabulary_patterns_are_guarded(name: str) -> None:
    assert GUARDED[name].pattern.startswith("(?=[")


@pytest.mark.parametrize("name", sorted(GUARDED))
def test_a_guarded_pattern_finds_what_it_was_made_from(name: str) -> None:
    guard = GUARDED[name]
    plain = unguarded(guard)

    @given(texts_for(plain))
    def check(text: str) -> None:
        same_matches(guard, plain, text)

    check()


def test_a_label_is_found_the_same() -> None:
    label = (
        "ДАННОЕ СООБЩЕНИЕ (МАТЕРИАЛ) СОЗДАНО И (ИЛИ) РАСПРОСТРАНЕНО ИНОСТРАННЫМ СРЕДСТВОМ "
        "МАССОВОЙ ИНФОРМАЦИИ, ВЫПОЛНЯЮЩИМ ФУНКЦИИ ИНОСТРАННОГО АГЕНТА."
    )
    for guard in GUARDED.values():
        same_matches(guard, unguarded(guard), "Суд оштрафовал. " + label + " Читайте нас в vk.")


@pytest.mark.parametrize(
    ("source", "flags"),
    [
        (r"\b(telegram|vk|youtube)\b", re.IGNORECASE),
        (r"(^|[-_ ])(ads?|promo)($|[-_ ])", re.IGNORECASE),
        (r"x{2,3}[a-c]|y+z?", 0),
        (r"Foo|bar|[0-9]?Baz", 0),
        (r"(?:18\+ )?(?P<s>настоящий|данный) материал", re.IGNORECASE),
    ],
)
def test_guarding_keeps_every_match(source: str, flags: int) -> None:
    plain = re.compile(source, flags)
    guard = guarded(plain)
    assert guard is not plain

    @given(texts_for(plain))
    def check(text: str) -> None:
        same_matches(guard, plain, text)

    check()


@pytest.mark.parametrize(
    "source",
    [
        r"a*",  # matches the empty string: no character it must start with
        r"\w+ news",  # a class of all word characters
        r"(?i:a)b",  # a flag set inside the pattern
        r"(?i)abc",  # a global flag, which must open the pattern
        r"[^a]b",  # a negated class
    ],
)
def test_patterns_it_cannot_reason_about_stay_as_they_are(source: str) -> None:
    plain = re.compile(source)
    assert guarded(plain) is plain


def test_bytes_patterns_stay_as_they_are() -> None:
    plain = re.compile(rb"abc|abd")
    assert guarded(plain) is plain  # type: ignore[arg-type]
