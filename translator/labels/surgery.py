"""Block surgery: page labels cut out of the text, inline marks fixed in place, links re-anchored.

`remove_label` takes every page label out of a block's text; `inline_marks` finds the status marks
after names and either fixes them (`Block.fixed`, rendered by template, never sent to an engine)
where they are an aside (in parentheses, after a comma or dash, a full participle), or leaves them
to the engine where the mark is the predicate of its sentence («Meta ... признана экстремистской»):
masking a predicate would cost the English its verb. Such a label says `in_sentence`, and the
publish gate checks the engine's English still says it (templates.MARK_WORDS).
"""

from __future__ import annotations

import re

from translator.article import Block, Fixed, Label
from translator.labels.names import Glossary, key, name_before, party_english
from translator.labels.page import label_matches
from translator.labels.patterns import ASIDE_BEFORE, FULL_PARTICIPLE, INLINE
from translator.labels.templates import TEMPLATES


def remove_label(text: str, label_key: str) -> str | None:
    """`text` without any page label; None when nothing but the label (or a piece of it) was there."""
    spans = label_matches(text)
    if spans:
        stripped, last = "", 0
        for start, end, _ in spans:
            stripped += text[last:start] + " "
            last = max(last, end)
        stripped += text[last:]
        stripped = re.sub(r"[ \t\r\n]+", " ", stripped).strip()
        return stripped if re.search(r"\w{2,}", stripped.replace("18+", "")) else None
    short = key(text.replace("18+", ""))
    if label_key and len(short) >= 12 and short in label_key:
        return None
    return text


def shift_links(block: Block) -> None:
    """Re-anchor links after the block text changed; links whose anchor vanished are dropped."""
    kept = []
    for link in block.links:
        at = block.text.find(link.text)
        if at >= 0:
            link.start = at
            kept.append(link)
    block.links = kept


def _tight(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding spaces and with its parentheses balanced."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    source = text[start:end]
    if source.endswith(")") and "(" not in source:
        end -= 1
    if source.startswith("(") and ")" not in source:
        start += 1
    return start, end


def is_aside(text: str, start: int, end: int) -> bool:
    """Whether the mark at [start, end) of `text` qualifies a name rather than being the verb."""
    source = text[start:end]
    if source.startswith("(") and source.endswith(")"):
        return True
    if FULL_PARTICIPLE.match(source):
        return True
    return bool(ASIDE_BEFORE.search(text[:start]))


def inline_marks(block: Block, glossary: Glossary | None) -> list[Label]:
    """The inline status marks of a block as labels; asides become `Block.fixed` spans."""
    labels = []
    taken: list[tuple[int, int]] = [(f.start, f.end) for f in block.fixed]
    for kind, template, pattern in INLINE:
        for m in pattern.finditer(block.text):
            start, end = _tight(block.text, m.start(), m.end())
            if any(s < end and start < e for s, e in taken):
                continue
            source = block.text[start:end]
            en = inline_english(template, source)
            taken.append((start, end))
            aside = is_aside(block.text, start, end)
            if aside:
                block.fixed.append(Fixed(start=start, end=end, en=en))
            party = name_before(block.text[:start])
            labels.append(
                Label(
                    kind=kind,
                    source_text=source,
                    text=en,
                    party=party,
                    party_en=party_english(party, glossary),
                    placement="inline",
                    in_sentence=not aside,
                )
            )
    block.fixed.sort(key=lambda f: f.start)
    return labels


def inline_english(template: str, source: str) -> str:
    key = template
    banned = re.search("запрещ", source, re.IGNORECASE)
    if template in ("inline:extremist", "inline:terrorist") and not banned:
        key = template + "-only"
    if template == "inline:foreign-agent-registry" and not re.search(
        "минюст", source, re.IGNORECASE
    ):
        key = template + "-plain"
    en = TEMPLATES[key]
    if source.startswith("(") and source.endswith(")"):
        en = f"({en})"
    return en
