"""What every format of the English copy shows, and how: clean text, the dateline, the
attribution, links placed on their anchors, and the body walked in reading order.

Source text is hostile input: everything here returns text with no control characters or lone
surrogates; each format escapes it for itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from urllib.parse import quote, urljoin, urlsplit

from translator.article import Article, Block, Link
from translator.language import language_name

SAFE_SCHEMES = {"http", "https", "mailto"}

# Control characters (but not tab/newline) and lone surrogates cannot be written as UTF-8 text.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"[\r\n\t\u2028\u2029\v\f\x85]+")


def clean(text: str | None) -> str:
    """Text safe to write: no control characters, no lone surrogates."""
    if not text:
        return ""
    return _UNWRITABLE.sub(lambda m: "\ufffd" if "\ud800" <= m.group() <= "\udfff" else "", text)


def flat(text: str | None) -> str:
    """Clean text on one line, spaces kept as they are (link offsets stay meaningful)."""
    return _LINE_BREAKS.sub(" ", clean(text))


def one_line(text: str | None) -> str:
    return re.sub(r" {2,}", " ", flat(text)).strip()


def headline(article: Article) -> str:
    return one_line(article.title_en or article.title) or "Untitled"


def lead(article: Article) -> str:
    return one_line(article.lead_en or article.lead)


def block_text(block: Block) -> tuple[str, list[Link]]:
    """The English text and its links, or the source text and its links if not translated."""
    if block.text_en is not None:
        return block.text_en, block.links_en
    return block.text, block.links


def language(code: str) -> str:
    return language_name(code)


def page_labels(article: Article) -> list[str]:
    return [one_line(label.text) for label in article.labels if label.placement == "page"]


def safe_href(href: str, base: str) -> str | None:
    """An absolute http(s)/mailto URL for `href` (resolved against `base`), or None if unsafe."""
    href = _LINE_BREAKS.sub("", clean(href)).strip()
    if not href:
        return None
    try:
        href = urljoin(base, href)
        scheme = urlsplit(href).scheme.lower()
    except ValueError:
        return None
    return encode_url(href) if scheme in SAFE_SCHEMES else None


def encode_url(href: str) -> str:
    """Percent-encode what may not appear raw in a URL (spaces, quotes, <>, parentheses...)."""
    return quote(href, safe="/:?#@!$&'*+,;=%~-._[]")


def when(value: str | None) -> str:
    """A readable time ("15 February 2026, 01:58 UTC+03:00"), or the value as given."""
    value = one_line(value)
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    shown = f"{moment.day} {moment:%B %Y, %H:%M}"
    offset = moment.utcoffset()
    if offset is not None:
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        hours, rest = divmod(abs(minutes), 60)
        shown += " UTC" if minutes == 0 else f" UTC{sign}{hours:02d}:{rest:02d}"
    return shown


def iso(value: str | None) -> str | None:
    """The value as a machine-readable ISO 8601 time, or None when it is not one."""
    try:
        return datetime.fromisoformat(one_line(value)).isoformat() if value else None
    except ValueError:
        return None


def lang_code(code: str) -> str:
    """A BCP 47-looking language code for a lang attribute ("und" when the value is not one)."""
    return code if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", code or "") else "und"


def outlet(article: Article) -> str:
    """The outlet's English name (glossary or transliteration), else its own."""
    return one_line(article.outlet_en or article.outlet)


def outlet_credit(article: Article) -> str:
    """The outlet for the attribution: English name with the original beside it when it differs."""
    english, own = outlet(article), one_line(article.outlet)
    return f"{english} ({own})" if own and english != own else english


def dateline(article: Article) -> str:
    parts = [when(article.published), outlet(article)]
    return " · ".join(p for p in parts if p)


def statement(article: Article) -> str:
    if article.language == "en":  # a page already in English is republished, not translated
        return (
            f"This text is the original English article by "
            f"{outlet(article) or 'the outlet named above'}, unchanged."
        )
    return (
        f"This text is a machine translation of the original {language(article.language)} "
        f"article by {outlet(article) or 'the outlet named above'}. "
        "The original is authoritative."
    )


def closing(article: Article) -> list[str]:
    """The machine-translation statement, then the source's own republication line if any."""
    return [statement(article)] + ([one_line(article.credit)] if one_line(article.credit) else [])


def attribution(article: Article) -> list[tuple[str, str]]:
    rows = [
        ("Outlet", outlet_credit(article)),
        ("Original title", one_line(article.title)),
        ("Original URL", one_line(article.source_url)),
        ("Published", when(article.published)),
        ("Translation engine", one_line(article.engine)),
        ("Translated", when(article.translated_at)),
        ("Revised after a source edit", when(article.revised_at)),
    ]
    return [(name, value) for name, value in rows if value]


class Placed:
    """A block's text cut into (piece, href-or-None) runs, plus links shown as references."""

    def __init__(self, text: str, links: list[Link], base: str):
        self.runs: list[tuple[str, str | None]] = []
        self.references: list[tuple[str, str]] = []
        cursor = 0
        placed = sorted(
            (link for link in links if link.start is not None), key=lambda link: link.start or 0
        )
        for link in placed:
            href = safe_href(link.href, base)
            if href is None:
                continue
            start = link.start or 0
            end = start + len(link.text)
            if start < cursor or end > len(text) or text[start:end] != link.text or not link.text:
                self.references.append((link.text, href))
                continue
            self.runs.append((text[cursor:start], None))
            self.runs.append((text[start:end], href))
            cursor = end
        self.runs.append((text[cursor:], None))
        for link in links:
            href = safe_href(link.href, base) if link.start is None else None
            if href is not None:
                self.references.append((link.text, href))


def body_groups(article: Article) -> Iterator[tuple[Block, Placed] | list[tuple[Block, Placed]]]:
    """The body in reading order as every format shows it: a run of list items as one list,
    every other block alone, blocks with nothing to show left out."""
    base = article.source_url
    items: list[tuple[Block, Placed]] = []
    for block in article.blocks:
        text, links = block_text(block)
        placed = Placed(text, links, base)
        if not flat(text).strip() and not placed.references:
            continue
        if block.type == "list_item":
            items.append((block, placed))
            continue
        if items:
            yield items
            items = []
        yield block, placed
    if items:
        yield items
