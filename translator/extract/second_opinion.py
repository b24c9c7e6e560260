"""A second opinion from readability-lxml when our passes found little or nothing.

The rule (measured with bench/extraction.py on the tuning part of every dataset, and on the shared
Russian corpora for how often readability is asked: 7 of 181, 11 of 96 and 3 of 23 pages, with
the same F1 as asking on every page under 1,500 characters, which asked 12 of 23 Russian pages):
readability is asked only when our containers hold under `ASK_BELOW_CHARS` of prose, so most pages pay nothing
for it; its candidate replaces ours when ours is empty or when it holds at least
`LONGER_BY` times our text and is not mostly links. Its output keeps the page's inline markup
(links, headings, lists), so the same block passes then run over it. It is also asked when our
containers hold under `ASK_BELOW_SHARE` of the prose left on the cleaned page: a sign that the
scoring settled on a fragment of the article.
"""

from __future__ import annotations

import logging

from lxml import etree
from lxml import html as lxml_html

from translator.extract.clean import drop_chrome_elements, drop_invisible, drop_related_boxes
from translator.extract.tree import link_density, normalize_space, outermost, parse
from translator.extract.vocabulary import chrome_words

# Below this much text in our containers, readability is asked ...
ASK_BELOW_CHARS = 600
# ... and when our containers hold under this share of the prose left on the cleaned page.
ASK_BELOW_SHARE = 0.25
# Readability's candidate wins when it is this many times longer than ours.
LONGER_BY = 1.3
# ... and when at most this share of its text is link text ...
MAX_LINK_SHARE = 0.5
# ... and it has one run of text at least this long (our scoring's shortest paragraph).
MIN_SENTENCE_CHARS = 25

logging.getLogger("readability.readability").setLevel(logging.CRITICAL)


def _chars(elements: list[etree._Element]) -> int:
    return sum(len(normalize_space(el.text_content())) for el in elements)


def _prose(el: etree._Element) -> int:
    text = len(normalize_space(el.text_content()))
    return text - sum(len(normalize_space(a.text_content())) for a in el.iter("a"))


def _worded_chars(el: etree._Element) -> int:
    """The text of `el` less its paragraphs that open with chrome words (a legal footer, an
    imprint) and its pictures' captions: the block filters would drop the first and the body
    does not count the second, so they win readability nothing (a candidate that is one long
    caption beat a short story)."""
    chrome = sum(
        len(text)
        for p in el.iter("p", "li", "td")
        if chrome_words(text := normalize_space(p.text_content()))
        and not any(a.tag in _PICTURE_TAGS for a in p.iterancestors())
    )
    pictures = sum(
        len(normalize_space(f.text_content())) for f in outermost(list(el.iter(*_PICTURE_TAGS)))
    )
    return len(normalize_space(el.text_content())) - chrome - pictures


_PICTURE_TAGS = ("figure", "figcaption")


def _has_sentence(el: etree._Element) -> bool:
    return any(len(normalize_space(text)) >= MIN_SENTENCE_CHARS for text in el.itertext())


def candidate(html: str, url: str | None) -> etree._Element | None:
    """Readability's article container for `html`, as a tree of its own, or None.

    Readability reads a tree parsed as ours is: the same repairs, and a faster walk (our
    elements' class is looked up in C); and, as ours, without what the markup hides."""
    from readability import Document

    page = parse(html)
    if page is None:
        return None
    drop_invisible(page)
    try:
        found = lxml_html.fromstring(Document(page, url=url).summary(html_partial=True))
    except Exception:  # noqa: BLE001 -- any failure of the library means "no second opinion"
        return None
    return found if normalize_space(found.text_content()) else None


def choose(
    html: str, url: str | None, ours: list[etree._Element], page: etree._Element
) -> list[etree._Element]:
    """Our containers, or readability's when the rule above says they are better.

    `page` is the cleaned tree our containers were found in.
    """
    mine = _chars(ours)
    if mine >= ASK_BELOW_CHARS and mine >= ASK_BELOW_SHARE * _prose(page):
        return ours
    theirs = candidate(html, url)
    if theirs is not None:
        # readability read the page as it came: the furniture our passes took out goes again
        drop_chrome_elements(theirs)
        drop_related_boxes(theirs)
    return [theirs] if theirs is not None and wins(theirs, mine) else ours


def wins(theirs: etree._Element, mine: int) -> bool:
    """Readability's cleaned candidate `theirs` beats our containers of `mine` characters: it
    is not mostly links, holds a sentence, and ours is empty or it holds LONGER_BY times our
    text (not counting what the block passes would not keep as body)."""
    if link_density(theirs) > MAX_LINK_SHARE or not _has_sentence(theirs):
        return False
    return not mine or _worded_chars(theirs) >= LONGER_BY * mine
