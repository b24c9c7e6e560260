"""The labels stage: legal status labels found in the page and the body, moved out, templated.

A page-level foreign-agent label (the 2017 mass-media formula or the Dec-2022 formula, anywhere in
the page: banners, under the headline, split across elements, an image's alt text) becomes one
`Label(placement="page")` and every trace of it leaves the blocks, title and lead (page.py,
surgery.py). Inline marks after a name («(признан иноагентом)», «внесена в реестр нежелательных
организаций», ...) stay where they are as `Block.fixed` spans plus a `Label(placement="inline")`,
or, where the mark is the predicate of its sentence, go to the engine with it (surgery.py).
Asterisk footnotes («* Meta ... запрещена в России.»), whole blocks or the last lines of one,
become `Note`s, kept only while their referent is in the copy (footnotes.py). Every English string
comes from templates.py: labels are never machine-translated.
"""

from __future__ import annotations

from translator.article import Article, Block, Label
from translator.labels.footnotes import Footnote, keep_footnotes, parse_footnote, split_trailing
from translator.labels.names import Glossary, key, party_english
from translator.labels.page import Found, find_page_label, page_text
from translator.labels.surgery import inline_marks, remove_label, shift_links
from translator.labels.templates import TEMPLATES

__all__ = ["TEMPLATES", "apply_labels", "party_english"]


def _find(article: Article, glossary: Glossary | None) -> Found | None:
    """The page label: in the whole page if there is one, else in the extracted texts."""
    found = find_page_label(page_text(article.html), glossary) if article.html else None
    if found is not None:
        return found
    for text in [article.title or "", article.lead or ""] + [b.text for b in article.blocks]:
        found = find_page_label(text, glossary)
        if found:
            return found
    return None


def _record(article: Article, found: Found, glossary: Glossary | None) -> str:
    """Add the page label (once) and take it out of title and lead; returns its comparison key."""
    label_key = key(found.source.replace("18+", ""))
    if not any(l.placement == "page" and l.kind == found.kind for l in article.labels):
        article.labels.append(
            Label(
                kind=found.kind,
                source_text=found.source,
                text=found.text,
                party=found.party,
                party_en=party_english(found.party, glossary),
                placement="page",
            )
        )
    if article.title:
        article.title = remove_label(article.title, label_key) or article.title
    if article.lead:
        article.lead = remove_label(article.lead, label_key)
    return label_key


def _without_label(block: Block, label_key: str) -> Block | None:
    """The block with the page label cut out; None when the label was all it held."""
    text = remove_label(block.text, label_key)
    if text is None:
        return None
    if text != block.text:
        block.text = text
        block.fixed = []
        shift_links(block)
    return block


def _sort(article: Article, label_key: str | None) -> tuple[list[Block], list[Footnote]]:
    """The body blocks to keep, and the footnotes among them (whole blocks or trailing lines)."""
    blocks: list[Block] = []
    footnotes: list[Footnote] = []
    for original in article.blocks:
        block = _without_label(original, label_key) if label_key else original
        if block is None:
            continue
        for part in split_trailing(block):
            note = parse_footnote(part)
            if note:
                footnotes.append(note)
            else:
                blocks.append(part)
    return blocks, footnotes


def apply_labels(article: Article, glossary: Glossary | None = None) -> Article:
    """Move page labels out of the copy, mark inline statuses, and keep only referenced footnotes."""
    found = _find(article, glossary)
    label_key = _record(article, found, glossary) if found else None
    blocks, footnotes = _sort(article, label_key)
    for block in blocks:
        article.labels.extend(inline_marks(block, glossary))
    article.blocks = blocks
    keep_footnotes(article, footnotes, glossary)
    return article
