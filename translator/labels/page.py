"""The page-level foreign-agent label: found anywhere in the page, rendered by template.

`find_page_label(text)` returns the first label of `text` (the 2022 formula with its party, its
short form, or the 2017 mass-media formula) with its fixed English; `page_text(html)` is what it
is looked for in (visible text plus image alt texts); `has_label_trace(html)` says whether a page
shows any trace of a label at all, for the publish gate's `missing-label` check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from translator.labels.names import Glossary, nominative, party_english, verb_english
from translator.labels.patterns import LABEL_2017, LABEL_2022, LABEL_2022_SHORT, LABEL_TRACE
from translator.labels.templates import TEMPLATES


@dataclass
class Found:
    kind: str
    source: str
    party: str | None
    text: str


def page_text(html: str) -> str:
    """All visible text of the page plus image alt texts, elements separated by spaces."""
    try:
        root = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    for el in list(root.iter("script", "style", "noscript", "template", etree.Comment)):
        if el.getparent() is not None:
            el.getparent().remove(el)
    for img in root.iter("img"):
        alt = img.get("alt")
        if alt:
            try:
                img.tail = f" {alt} {img.tail or ''}"
            except ValueError:
                continue  # control characters: an attribute may hold them, text may not
    return re.sub(r"[ \t\r\n]+", " ", " ".join(root.itertext()))


def label_matches(text: str) -> list[tuple[int, int, re.Match]]:
    """(start, end, match) of every page label in `text`, the 2022 party trimmed to its own words."""
    spans = []
    for m in LABEL_2022.finditer(text):
        end = m.end()
        p1, p2 = m.group("p1"), m.group("p2")
        if p2 != p1:
            # A declined name ("агентом Иваном Петровым ... агента Ивана Петрова"): as many words as p1.
            words = re.match(rf"\S+(?:\s+\S+){{{max(0, len(p1.split()) - 1)}}}", p2)
            cut = m.start("p2") + (words.end() if words else len(p2))
            tail = re.match(r"\.?(?:\s?18\+)?", text[cut:])
            end = cut + (tail.end() if tail else 0)
        spans.append((m.start(), end, m))
    if not spans:
        spans = [(m.start(), m.end(), m) for m in LABEL_2022_SHORT.finditer(text)]
    spans += [(m.start(), m.end(), m) for m in LABEL_2017.finditer(text)]
    return sorted(spans, key=lambda span: span[0])


def find_page_label(text: str, glossary: Glossary | None = None) -> Found | None:
    """The first page-level label in `text`, rendered by template."""
    spans = label_matches(text)
    if not spans:
        return None
    start, end, m = spans[0]
    source = text[start:end].strip()
    if "verb" in m.re.groupindex:
        party = nominative(m.group("p1").strip(" ,"))
        party_en = (party_english(party, glossary) or party).upper()
        key = "foreign-agent" if "p2" in m.re.groupindex else "foreign-agent-short"
        english = TEMPLATES[key].format(verb=verb_english(m.group("verb")), party=party_en)
        if "(" not in m.group("subject"):
            english = english.replace("THIS MATERIAL (INFORMATION)", "THIS MATERIAL")
        return Found("foreign-agent", source, party, with_age(source, english))
    key = "foreign-agent-media" if m.group("entity") else "foreign-agent-media-short"
    return Found("foreign-agent-media", source, None, with_age(source, TEMPLATES[key]))


def with_age(source: str, english: str) -> str:
    if source.startswith("18+"):
        return "18+ " + english
    if source.endswith("18+"):
        return english + " 18+"
    return english


def has_label_trace(html: str) -> bool:
    """Whether the page's text (alt texts included) holds any wording of a foreign-agent label."""
    return bool(html) and LABEL_TRACE.search(page_text(html)) is not None
