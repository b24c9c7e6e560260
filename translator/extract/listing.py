"""Telling a list of other articles (a section or front page, a page of links) from an article.

A section page's body scores like an article's: a run of short paragraphs under headings. What
gives it away is its teasers: a headline linking to another page of the site (a heading, a line
of link, or a bold or own-line link opening a paragraph) and a short summary after it, repeated,
holding nearly all of the body with no longer paragraph outside them; or that the body is
nothing but the summaries of the page's teasers, their headlines left behind (the scoring chose
one teaser's box, or the second opinion kept only the summaries); or that the body, read with
the link lines the filters took out, is nearly all link text. Either way the page must not
hold prose elsewhere (two paragraphs in a row): that is an article the scoring missed, and a
wrong body is still better than refusing an article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree

from translator.article import Block
from translator.errors import ExtractError
from translator.extract.tree import link_density, normalize_space
from translator.extract.vocabulary import BOLD_TAGS, HEADING_TAGS

# A headline is this long (shorter: "more", "all news"; longer: a sentence of text) and does
# not end as a sentence does (a digest's items open with a linked sentence, not a headline) ...
HEADLINE_MIN_CHARS = 15
HEADLINE_MAX_CHARS = 200
SENTENCE_END = re.compile(r"(?<![.])[.。]$")
# ... and this much of it links to other pages of the site: a heading ...
HEADING_LINK_SHARE = 0.6
# ... or a line of its own (a bold or plain headline link).
LINE_LINK_SHARE = 0.9
# A teaser's summary, the text from its headline to the next one, is this long.
SUMMARY_MIN_CHARS = 30
SUMMARY_MAX_CHARS = 400
# A list of teasers: this many, holding this share of the body's text ...
MIN_TEASERS = 3
TEASER_SHARE = 0.7
# ... and no paragraph this long outside them. An article with another story's linked headline
# between each two paragraphs reads as teasers, but its lede stands before the first one (on
# the benchmarks such pages held up to 0.66 of their text in "teasers"); an article among
# teasers has paragraphs too long to be a summary.
STRAY_PROSE_CHARS = 100
# A page of links: this share of the body's text is link, and under this much is not.
LINK_SHARE = 0.7
MAX_PROSE_CHARS = 400
# A block the filters dropped is a link line of the body when this share of it is link.
LINK_LINE_SHARE = 0.5
# Prose elsewhere on the page: two adjacent <p> this long with under this share of link.
PROSE_PARAGRAPH_CHARS = 150
PROSE_LINK_SHARE = 0.25

SECTION_PAGE = "this looks like a list of articles (a section or front page), not an article"
LINKS_PAGE = "this looks like a page of links, not an article"


@dataclass(frozen=True)
class Measure:
    """What the pass reads off a body: its text, its link text, its teasers and their text."""

    chars: int
    link_chars: int
    teasers: int
    teaser_chars: int
    stray: int  # the longest paragraph of prose outside every teaser


def refuse_lists(
    located: list[tuple[Block, etree._Element]],
    kept: list[Block],
    page: etree._Element,
    url: str | None,
) -> None:
    """Raise ExtractError when the body is a list of other articles rather than an article.

    `located` is what the containers emitted, `kept` what the filters left of it, `page` the
    cleaned tree, `url` the page's address (to tell links to other pages from anchors).
    """
    reason = _reason(measure(located, kept, url)) or _summaries_reason(kept, page, url)
    if reason is not None and not prose_elsewhere(page):
        raise ExtractError(f"no article found on this page: {reason}")


def _reason(found: Measure) -> str | None:
    chars = max(1, found.chars)
    if (
        found.teasers >= MIN_TEASERS
        and found.teaser_chars >= TEASER_SHARE * chars
        and found.stray < STRAY_PROSE_CHARS
    ):
        return SECTION_PAGE
    prose = found.chars - found.link_chars
    if found.chars and found.link_chars >= LINK_SHARE * chars and prose < MAX_PROSE_CHARS:
        return LINKS_PAGE
    return None


def _summaries_reason(kept: list[Block], page: etree._Element, url: str | None) -> str | None:
    """SECTION_PAGE when the body is nothing but summaries of the page's teasers.

    The body may hold them without their headlines: the scoring settled on one teaser's box,
    or the second opinion's candidate kept the summaries and dropped the linked headings.
    """
    summaries = teaser_summaries(page, url)
    if len(summaries) < MIN_TEASERS:
        return None
    inside: list[int] = []
    outside: list[int] = []
    for block in kept:
        if _paragraph(block):
            (inside if normalize_space(block.text) in summaries else outside).append(
                len(block.text)
            )
    chars = max(1, sum(len(b.text) for b in kept))
    if (
        inside
        and sum(inside) >= TEASER_SHARE * chars
        and max(outside, default=0) < STRAY_PROSE_CHARS
    ):
        return SECTION_PAGE
    return None


def teaser_summaries(page: etree._Element, url: str | None) -> set[str]:
    """The summaries of `page`'s teasers: a paragraph right after a heading linking elsewhere."""
    address = _address(url) if url else None
    found = set()
    for heading in page.iter(*HEADING_TAGS):
        text = normalize_space(heading.text_content())
        summary = heading.getnext()
        if summary is None or summary.tag != "p" or not _headline_text(text):
            continue
        linked = sum(
            len(normalize_space(a.text_content()))
            for a in heading.iter("a")
            if _other_page(a.get("href", ""), address)
        )
        summary_text = normalize_space(summary.text_content())
        if linked >= HEADING_LINK_SHARE * len(text) and (
            SUMMARY_MIN_CHARS <= len(summary_text) <= SUMMARY_MAX_CHARS
        ):
            found.add(summary_text)
    return found


def measure(
    located: list[tuple[Block, etree._Element]], kept: list[Block], url: str | None
) -> Measure:
    """The measure of the body that emitted `located` and kept `kept` after filtering.

    The body is the kept blocks plus the dropped ones that are mostly link: the headlines and
    link lines the filters took out are the evidence. Blocks dropped for their words (chrome
    phrases, notices) are not part of it.
    """
    kept_ids = {id(b) for b in kept}
    body = [
        (b, origin)
        for b, origin in located
        if id(b) in kept_ids or _link_share(b) >= LINK_LINE_SHARE
    ]
    apart: dict[etree._Element, set[str]] = {}
    page = _address(url) if url else None
    heads = [_headline_chars(b, origin, page, apart) for b, origin in body]
    blocks = [b for b, _ in body]
    teasers = _teasers(blocks, heads)
    inside = {i for teaser in teasers for i in teaser}
    outside = [b for i, b in enumerate(blocks) if i not in inside]
    return Measure(
        chars=sum(len(b.text) for b in blocks),
        link_chars=sum(_linked(b) for b in blocks),
        teasers=len(teasers),
        teaser_chars=sum(len(blocks[i].text) for i in inside),
        stray=max((len(b.text) for b in outside if _paragraph(b)), default=0),
    )


def _teasers(blocks: list[Block], heads: list[int]) -> list[range]:
    """The teasers of `blocks`, each as the range of its blocks.

    `heads[i]` is how much of block i is a headline; a teaser's summary is the rest of its
    headline's block and the blocks up to the next headline.
    """
    found = []
    starts = [i for i, head in enumerate(heads) if head]
    for start, end in zip(starts, starts[1:] + [len(blocks)]):
        summary = sum(len(b.text) for b in blocks[start:end]) - heads[start]
        if SUMMARY_MIN_CHARS <= summary <= SUMMARY_MAX_CHARS:
            found.append(range(start, end))
    return found


def _paragraph(block: Block) -> bool:
    return block.type not in ("heading", "caption") and _link_share(block) < LINK_LINE_SHARE


def _headline_chars(
    block: Block,
    origin: etree._Element,
    page: Address | None,
    apart: dict[etree._Element, set[str]],
) -> int:
    """How much of `block` is a teaser's headline, 0 for none.

    All of it for a heading or a line that is mostly link to another page of the site; the
    opening link for a paragraph that starts with a bold or own-line headline link (a teaser
    in one block: headline, line break, summary). `page` is the page's address, `apart` a
    cache of `_set_apart` by element.
    """
    linked = sum(len(link.text) for link in block.links if _other_page(link.href, page))
    needed = HEADING_LINK_SHARE if block.type == "heading" else LINE_LINK_SHARE
    if linked >= needed * len(block.text):
        return len(block.text) if _headline_text(block.text) else 0
    opening = block.links[0] if block.links else None
    if (
        opening is None
        or opening.start != 0
        # with the character after it: "<b><a>Headline sentence</a>.</b> More text."
        or not _headline_text(block.text[: len(opening.text) + 1].rstrip())
        or not _other_page(opening.href, page)
        or opening.text not in _set_apart(origin, apart)
    ):
        return 0
    return len(opening.text)


def _headline_text(text: str) -> bool:
    return HEADLINE_MIN_CHARS <= len(text) <= HEADLINE_MAX_CHARS and not SENTENCE_END.search(text)


def _set_apart(origin: etree._Element, cache: dict[etree._Element, set[str]]) -> set[str]:
    """The texts of the links in `origin` set apart as headlines, read once per element."""
    if origin not in cache:
        cache[origin] = {normalize_space(a.text_content()) for a in origin.iter("a") if _apart(a)}
    return cache[origin]


def _apart(anchor: etree._Element) -> bool:
    """`anchor` is bold, or a line of its own (a <br> right after it)."""
    parent = anchor.getparent()
    bold_inside = next(anchor.iter(*BOLD_TAGS), None) is not None
    if bold_inside or (parent is not None and parent.tag in BOLD_TAGS):
        return True
    after = anchor.getnext()
    return after is not None and after.tag == "br" and not (anchor.tail or "").strip()


def _other_page(href: str, page: Address | None) -> bool:
    """`href` is another page of the site at `page` (any link, when `page` is unknown).

    A link to the page itself (an anchor, a live blog's permalink to one entry) is not.
    """
    if page is None:
        return True
    target = _address(href)
    if target is None:
        return False
    (host, path), (page_host, page_path) = target, page
    if host and page_host and not _same_site(host, page_host):
        return False
    return path != page_path


# An address as the pass compares them: host (None for a relative link) and path.
Address = tuple[str | None, str]


def _address(url: str) -> Address | None:
    """The host and path of `url`; None for an address urllib cannot read ("http://[x")."""
    try:
        split = urlsplit(url)
        return split.hostname, split.path.rstrip("/")
    except ValueError:
        return None


def _same_site(a: str, b: str) -> bool:
    a, b = a.removeprefix("www."), b.removeprefix("www.")
    return a == b or a.endswith("." + b) or b.endswith("." + a)


def _linked(block: Block) -> int:
    return sum(len(link.text) for link in block.links)


def _link_share(block: Block) -> float:
    return _linked(block) / max(1, len(block.text))


def prose_elsewhere(page: etree._Element) -> bool:
    """`page` has two adjacent <p> of prose (long, little link): a piece of an article.

    Teasers seldom give that: each summary paragraph has its headline before it.
    """
    return any(_prose(p) and _prose(p.getnext()) for p in page.iter("p"))


def _prose(el: etree._Element | None) -> bool:
    return (
        el is not None
        and el.tag == "p"
        and len(normalize_space(el.text_content())) >= PROSE_PARAGRAPH_CHARS
        and link_density(el) < PROSE_LINK_SHARE
    )
