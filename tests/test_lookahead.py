"""translator/lookahead.py: a guarded pattern finds exactly what the pattern finds, and patterns
whose first characters cannot be told are left as they are."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from translator.extract import vocabulary
from translator.labels import patterns
from translator.lookahead import Openings, guarded

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
        (r"(?<![—–-] )(?<!\w)(читайте|смотрите)\s*:", re.IGNORECASE),  # lookbehinds take none
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


# ---- Openings: an opening alternation asked by the text's first characters ----------------

OPENINGS = {
    "CHROME_TEXT": vocabulary._CHROME_TEXT_OPENINGS,
    "block phrases": vocabulary._BLOCK_OPENINGS,
    "related headings": vocabulary._RELATED_HEADINGS,
}


def whole_first(whole: re.Pattern[str], text: str) -> int | None:
    found = whole.match(text)
    return None if found is None or found.lastgroup is None else int(found.lastgroup[1:])


@pytest.mark.parametrize("name", sorted(OPENINGS))
def test_openings_answer_as_the_whole_alternation(name: str) -> None:
    openings = OPENINGS[name]
    whole = openings.whole()
    leads = st.sampled_from(["", "«", "— ", "(", "**", " .", "\u00a0", "1. "])

    @given(leads, texts_for(whole))
    def check(lead: str, text: str) -> None:
        assert openings.first(lead + text) == whole_first(whole, lead + text)

    check()


@pytest.mark.parametrize(
    ("alternatives", "text", "expected"),
    [
        (["ab", "a"], "abc", 0),  # the first alternative in order, as the regex engine takes it
        (["a", "ab"], "abc", 0),
        (["xyz", "(?<!-)b"], "b", 1),  # a lookbehind takes no character: b is the first
        (["(?<!-)b"], "-b", None),
        ([r"\d+ comments", "[^/]{2} // x", ".{0,3}watch"], "12 comments", 0),  # classes
        ([r"\d+ comments", "[^/]{2} // x", ".{0,3}watch"], "ab // x", 1),
        ([r"\d+ comments", "[^/]{2} // x", ".{0,3}watch"], "/watch", 2),
        (["read also"], "«» Read also", 0),  # after the non-word characters `skip` allows
        (["read also"], "«»«» Read also", None),  # ... and not after more
        (["q?", "z"], "zz", 0),  # may match the empty string: asked everywhere
        (["ſtop"], "STOP", 0),  # the long s folds to s, as IGNORECASE has it
    ],
)
def test_openings_examples(alternatives: list[str], text: str, expected: int | None) -> None:
    openings = Openings(alternatives, re.IGNORECASE, skip=3)
    assert openings.first(text) == expected == whole_first(openings.whole(), text)


def test_openings_with_no_skip_limit() -> None:
    openings = Openings(["related"], re.IGNORECASE, skip=None)
    assert openings.first("»»»» — Related stories") == 0
    assert openings.first("Unrelated") is None


@pytest.mark.parametrize("ask", [vocabulary.comment_moderation, vocabulary.comment_signature])
def test_the_comment_tests_find_what_their_patterns_find(ask: Callable[[str], bool]) -> None:
    """The plain tests asked before the signature and moderation patterns rule out only texts
    the patterns would not match."""

    def plain(text: str) -> bool:
        short = len(text) < vocabulary.SIGNATURE_MAX_CHARS
        reply = short and bool(vocabulary.REPLY_SIGNATURE_RE.search(text))
        if ask is vocabulary.comment_moderation:
            return bool(vocabulary.COMMENT_MODERATION_RE.search(text)) or reply
        return (short and bool(vocabulary.COMMENT_SIGNATURE_RE.search(text))) or reply

    sources = " ".join(
        p.pattern
        for p in (
            vocabulary.COMMENT_MODERATION_RE,
            vocabulary.COMMENT_SIGNATURE_RE,
            vocabulary.REPLY_SIGNATURE_RE,
        )
    )
    words = re.compile(sources + " posted by Иван 15:58, 6 января 2012 12 Jan 08 1:19pm | ")

    @given(texts_for(words))
    def check(text: str) -> None:
        assert ask(text) == plain(text)

    check()


@pytest.mark.parametrize(
    "line",
    [
        "Report this comment",
        "Posted by: Anna on 1:19pm Thu 17 Jan 08 Report this post",
        "Quote | Report abuse  ",
        "Ответить | Пожаловаться",
        "REPLY\n",
        "Марина 6 Января 2012 15:58:06 0 ᲂтветить",  # the old form of о folds to о
    ],
)
def test_each_moderation_line_passes_the_plain_test(line: str) -> None:
    assert vocabulary.comment_moderation(line)


@pytest.mark.parametrize(
    "line",
    [
        "Posted by: Anna on 1:19pm Thu 17 Jan 08",
        "POSTED BY Anna | 12 Jan 2008",
        "А. Иванов 15:58, 6 января 2012 ответить",
    ],
)
def test_each_signature_passes_the_plain_test(line: str) -> None:
    assert vocabulary.comment_signature(line)


@pytest.mark.parametrize(
    ("alternatives", "flags"),
    [
        pytest.param(["a"], re.IGNORECASE | re.ASCII, id="ASCII word characters"),
        pytest.param(["(x)", r"(a)\2"], 0, id="a backreference"),
        pytest.param(["(?P<p1>a)"], 0, id="a named group"),
        pytest.param(["(?x) a b"], 0, id="a global inline flag"),
    ],
)
def test_what_first_could_answer_otherwise_than_whole_is_refused(
    alternatives: list[str], flags: int
) -> None:
    with pytest.raises(ValueError):
        Openings(alternatives, flags)
