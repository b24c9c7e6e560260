"""A second opinion from readability-lxml when our passes found little or nothing.

The rule (measured with bench/extraction.py on the tuning part of every dataset): readability is
asked only when our containers hold under `ASK_BELOW_CHARS` of prose, so most pages pay nothing
for it; its candidate replaces ours when ours is empty or when it holds at least
`LONGER_BY` times our text and is not mostly links. Its output keeps the page's inline markup
(links, headings, lists), so the same block passes then run over it.
"""

from __future__ import annotations

import logging

from lxml import etree
from lxml import html as lxml_html

from translator.extract.tree import NOT_XML_TEXT, normalize_space

# Below this much text in our containers, readability is asked.
ASK_BELOW_CHARS = 1500
# Readability's candidate wins when it is this many times longer than ours.
LONGER_BY = 1.6
# ... and when at most this share of its text is link text.
MAX_LINK_SHARE = 0.5

logging.getLogger("readability.readability").setLevel(logging.CRITICAL)


def _chars(elements: list[etree._Element]) -> int:
    return sum(len(normalize_space(el.text_content())) for el in elements)


def _link_share(el: etree._Element) -> float:
    text = len(normalize_space(el.text_content())) or 1
    return sum(len(normalize_space(a.text_content())) for a in el.iter("a")) / text


def candidate(html: str, url: str | None) -> etree._Element | None:
    """Readability's article container for `html`, as a tree of its own, or None."""
    from readability import Document

    try:
        summary = Document(NOT_XML_TEXT.sub("", html), url=url).summary(html_partial=True)
        found = lxml_html.fromstring(summary)
    except Exception:  # noqa: BLE001 -- any failure of the library means "no second opinion"
        return None
    return found if normalize_space(found.text_content()) else None


def choose(html: str, url: str | None, ours: list[etree._Element]) -> list[etree._Element]:
    """Our containers, or readability's when the rule above says they are better."""
    mine = _chars(ours)
    if mine >= ASK_BELOW_CHARS:
        return ours
    theirs = candidate(html, url)
    if theirs is None or _link_share(theirs) > MAX_LINK_SHARE:
        return ours
    if not ours or len(normalize_space(theirs.text_content())) >= LONGER_BY * mine:
        return [theirs]
    return ours
