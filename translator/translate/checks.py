"""Faithfulness checks on engine answers: the numbers must agree, the text must be English and
not the source (echoed, or mostly still Cyrillic), free of junk characters and service
messages, and shaped like its source segment."""

from __future__ import annotations

import re
from collections import Counter

from translator.language import (
    CONFIDENT,
    cyrillic_share,
    detect_language,
    is_other_language,
    language_name,
)

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


# What may stand in an English translation of Russian text besides English: the Cyrillic of
# a quoted original («Новая газета») or a masked name is not a failure to translate.
_QUOTED_RE = re.compile(r"«[^«»]*»|„[^„“”]*[“”]")
_PLACEHOLDER_RE = re.compile(r"\{\s*\d+\s*\}")
# More than this share of the letters still Cyrillic (outside quotes and placeholders): the
# engine answered with the source, or most of it.
MAX_SOURCE_SCRIPT_SHARE = 0.2
# Languages an answer that kept (some of) the source is taken for: refused at the language
# identifier's usual confidence. Any other language only when it is near certain on a
# sentence or more, so a line of names or figures is never refused for its "language".
SOURCE_LIKE = frozenset({"ru", "uk", "be", "bg", "sr", "kk", "tt", "ky"})
OTHER_LANGUAGE_CONFIDENCE = 0.9
MIN_JUDGED_LETTERS = 40
# Control characters other than tab and newline, Unicode noncharacters, lone surrogates and
# the replacement character of a lax decoder: never part of a translation.
_JUNK_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff\ufffd]")
# What services put in place of a translation (MyMemory's quota warning and length errors,
# a rate-limit text, an HTML error page), matched at the start of the answer.
SERVICE_MESSAGES = [
    r"MYMEMORY WARNING",
    r"YOU USED ALL AVAILABLE FREE TRANSLATIONS",
    r"QUERY LENGTH LIMIT EXCEEDED",
    r"INVALID LANGUAGE PAIR",
    r"PLEASE SELECT TWO DISTINCT LANGUAGES",
    r"error\s*:",
    r"(?:error\s*)?429\b",
    r"too many requests",
    r"rate limit",
    r"quota exceeded",
    r"service unavailable",
    r"internal server error",
    r"bad gateway",
    r"<\s*(?:!doctype|html|head|body|title)\b",
]
_SERVICE_RE = re.compile(r"\s*(?:" + "|".join(SERVICE_MESSAGES) + ")", re.IGNORECASE)
# A source that itself opens with "error" may well be translated so.
_ERROR_WORD_RE = re.compile(r"\s*(?:ошибк|error|<)", re.IGNORECASE)
_CYRILLIC_CHAR_RE = re.compile(r"[\u0400-\u04ff]")


def source_script_share(translation: str) -> float:
    """The share of the letters of `translation` that are Cyrillic, outside quoted originals
    and placeholders."""
    return cyrillic_share(_PLACEHOLDER_RE.sub(" ", _QUOTED_RE.sub(" ", translation)))[0]


def refusal(source: str, translation: str, target: str = "en") -> str | None:
    """Why `translation` cannot stand for `source` (None when it can): characters no
    translation holds, a service's message in its place, the source echoed, mostly the
    source's script, or another language than `target` (translator/language.py's
    identifier). Placeholders are not judged here."""
    junk = _JUNK_RE.search(translation)
    if junk and junk.group() not in source:
        return f"holds the character U+{ord(junk.group()):04X}"
    if _SERVICE_RE.match(translation) and not _ERROR_WORD_RE.match(source):
        return f"a service message, not a translation: {' '.join(translation.split())[:60]!r}"
    if not _CYRILLIC_CHAR_RE.search(_PLACEHOLDER_RE.sub(" ", source)):
        return None
    if " ".join(source.split()) == " ".join(translation.split()):
        return "the source text echoed"
    share = source_script_share(translation)
    if share > MAX_SOURCE_SCRIPT_SHARE:
        return f"{share:.0%} of its letters still Cyrillic"
    return _wrong_language(translation, target)


def _wrong_language(translation: str, target: str) -> str | None:
    """The language identifier's verdict: Russian (or another Cyrillic-script neighbour) left
    as it was, or another language named with near certainty on enough text."""
    bare = _PLACEHOLDER_RE.sub(" ", _QUOTED_RE.sub(" ", translation))
    lang, confidence = detect_language(bare)
    if not is_other_language((lang, confidence), target):
        return None
    letters = sum(ch.isalpha() for ch in bare)
    near_source = lang in SOURCE_LIKE and confidence >= CONFIDENT
    if near_source or (confidence >= OTHER_LANGUAGE_CONFIDENCE and letters >= MIN_JUDGED_LETTERS):
        return f"in {language_name(lang)}, not {language_name(target)}"
    return None


# The first letter or digit of a segment (placeholders aside), and a sentence end with the
# closing quotes or brackets after it.
_FIRST_ALNUM_RE = re.compile(r"[^\W_]")
_SENTENCE_END_RE = re.compile(r"[.!?…][\"'»”’)\]]*$")


def shape_fault(source: str, translation: str) -> str | None:
    """Why `translation` is not shaped like its source segment (None when it is): its first
    letter's case differs (a word pulled in from the segment before, or lost to it, starts in
    lower case; a segment starting with a digit has no case to compare), or one ends a
    sentence and the other does not."""
    src = _PLACEHOLDER_RE.sub(" ", source).strip()
    out = _PLACEHOLDER_RE.sub(" ", translation).strip()
    first_src, first_out = _FIRST_ALNUM_RE.search(src), _FIRST_ALNUM_RE.search(out)
    if (
        first_src
        and first_out
        and first_src.group().isalpha()
        and first_out.group().isalpha()
        and first_src.group().isupper() != first_out.group().isupper()
    ):
        return "starts differently from its source (text moved between segments?)"
    if bool(_SENTENCE_END_RE.search(src)) != bool(_SENTENCE_END_RE.search(out)):
        return "ends differently from its source (text moved between segments?)"
    return None
