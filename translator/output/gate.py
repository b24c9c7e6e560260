"""The publish gate: can this English copy go out as it is?

`verify(article)` measures every block itself (an engine check upstream may have missed it):
how much of the English is still in the source's script, outside guillemet-quoted originals, and
whether the English is the source text unchanged; it adds `untranslated` and `echo` to the
block's flags. `judge(article, config)` adds the copy-wide findings (the language of the English,
a page label the copy lost, an empty body, legal marks the engine dropped, the share of blocks
whose numbers differ) and answers a `Verdict`: the flags found and, for those `[publish]
hold_on` names, one reason each. A held copy goes to `out/review/` and waits for an editor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from translator.article import Article, Block
from translator.config import PublishConfig
from translator.flags import holds
from translator.labels.page import has_label_trace
from translator.labels.templates import MARK_WORDS
from translator.language import cyrillic_share, detect_language, language_name

# More than this share of a block's English letters in the source script: not translated.
SOURCE_SCRIPT_SHARE = 0.2
# Fewer letters than this in a block and its script says nothing.
MIN_LETTERS = 4
# The English as a whole must be identified as the target language at least this sure: real
# English scores above 0.9, transliterated Russian below 0.2 (bench/language.py, tests).
TARGET_CONFIDENT = 0.3
_QUOTED = re.compile(r"«[^«»]*»")


@dataclass
class Verdict:
    """The gate's answer: every flag found (with how often) and the reasons the copy is held."""

    flags: dict[str, int] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)

    @property
    def held(self) -> bool:
        return bool(self.reasons)

    def line(self) -> str:
        """The reasons on one line, for `status`, the run summary and the one-off's message."""
        return "; ".join(self.reasons)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def block_faults(source: str, english: str | None) -> list[str]:
    """`untranslated` and/or `echo` for one translated text, measured on the text alone."""
    source_share, source_letters = cyrillic_share(source)
    if source_letters < MIN_LETTERS or source_share <= SOURCE_SCRIPT_SHARE:
        return []  # nothing in a Cyrillic script to translate (or a Latin-script source)
    if english is None:
        return ["untranslated"]
    faults = []
    if _squash(english) == _squash(source):
        faults.append("echo")
    outside_quotes = _QUOTED.sub(" ", english)
    share, letters = cyrillic_share(
        outside_quotes if cyrillic_share(outside_quotes)[1] else english
    )
    if letters == 0 or share > SOURCE_SCRIPT_SHARE:
        faults.append("untranslated")
    return faults


def verify(article: Article) -> None:
    """Flag every block whose English is still the source's script or the source itself."""
    for block in article.blocks:
        faults = block_faults(block.text, block.text_en)
        block.flags += [f for f in faults if f not in block.flags]


def _count(blocks: list[Block], flag: str) -> int:
    return sum(1 for b in blocks if flag in b.flags)


def _english_language(article: Article) -> tuple[str, float]:
    parts = [article.title_en or ""] + [b.text_en or "" for b in article.blocks]
    return detect_language(" ".join(p for p in parts if p))


def _marks_lost(article: Article) -> int:
    """Blocks holding a mark the engine translated in its sentence whose English lost it."""
    lost = 0
    for label in article.labels:
        if not label.in_sentence:
            continue
        block = next((b for b in article.blocks if label.source_text in b.text), None)
        if block is None:
            continue
        words = list(MARK_WORDS.get(label.kind, []))
        if label.kind in ("extremist", "terrorist") and re.search(
            "запрещ", label.source_text, re.IGNORECASE
        ):
            words += MARK_WORDS["banned"]
        english = block.text_en or ""
        if not all(re.search(w, english, re.IGNORECASE) for w in words):
            lost += 1
            if "mark-lost" not in block.flags:
                block.flags.append("mark-lost")
    return lost


def _findings(article: Article, target: str) -> dict[str, str]:
    """Flag -> reason for everything wrong with the copy, before hold_on is applied."""
    found: dict[str, str] = {}
    blocks = article.blocks
    total = len(blocks)
    for flag, what in (("untranslated", "still in the source script"), ("echo", "echoed")):
        n = _count(blocks, flag)
        title = flag in block_faults(article.title, article.title_en) if article.title else False
        if n or title:
            where = [f"{n} of {total} blocks"] if n else []
            found[flag] = f"{' and '.join(where + (['the headline'] if title else []))} {what}"
    if not any((b.text_en or "").strip() for b in blocks):
        found["empty-body"] = "the body is empty"
    code, confidence = _english_language(article)
    if code != "und" and (code != target or confidence < TARGET_CONFIDENT):
        found["wrong-language"] = (
            f"the English reads as {language_name(code)} ({confidence:.2f}), "
            f"not {language_name(target)}"
        )
    if has_label_trace(article.html) and not any(l.placement == "page" for l in article.labels):
        found["missing-label"] = "the page's foreign-agent label is missing from the copy"
    lost = _marks_lost(article)
    if lost:
        found["mark-lost"] = f"a legal mark is missing from the English of {lost} block(s)"
    return found


def judge(article: Article, config: PublishConfig, target: str = "en") -> Verdict:
    """Verify the blocks, then decide: the flags found and the reasons (per hold_on) to hold."""
    verify(article)
    found = _findings(article, target)
    verdict = Verdict(flags={flag: 1 for flag in found})
    for block in article.blocks:
        for flag in block.flags:
            verdict.flags[flag] = verdict.flags.get(flag, 0) + 1
    mismatched = _count(article.blocks, "numbers-mismatch")
    share = mismatched / len(article.blocks) if article.blocks else 0.0
    if mismatched and share > config.numbers_mismatch_share:
        found["numbers-mismatch"] = (
            f"numbers differ in {mismatched} of {len(article.blocks)} blocks "
            f"(over {config.numbers_mismatch_share:.0%})"
        )
    verdict.reasons = [reason for flag, reason in found.items() if holds(flag, config.hold_on)]
    return verdict
