"""Extract stage: turn a fetched page into an `Article` with metadata and typed body blocks.

`extract` runs the named passes of translator/extract/ (clean, body, blocks, filters, listing)
over one lxml tree, guided by the site rule for the page's host (translator/extract/sites.py) and
falling back to a generic path on any other layout. `extract_text` is the same body as plain
text; `describe` prints what came out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from translator.article import Article, Block
from translator.errors import ExtractError
from translator.extract import (
    body,
    clean,
    filters,
    listing,
    metadata,
    recipe,
    second_opinion,
    tree,
)
from translator.extract.blocks import emit_located
from translator.extract.sites import SiteRule, rule_for
from translator.extract.templates import Template, block_keys, learnable
from translator.extract.tree import Dropped, note
from translator.extract.vocabulary import (
    CHROME_ATTR,
    CUT_TEASER_MAX_CHARS,
    HEADING_TAGS,
    TEASER_CUT,
    chrome_phrase,
    related_heading,
)

__all__ = ["Options", "describe", "describe_dropped", "extract", "extract_text"]

# Markup that names the article body on many sites, tried when no site rule matched.
GENERIC_BODY = (
    "[itemprop=articleBody]",
    "article [class*=article-body]",
    "article [class*=article__body]",
)
MIN_BODY_CHARS = 80
# The level every heading after the headline gets when the site marked it <h1>.
SUBHEADING_LEVEL = 2
# Running text: a paragraph this long, or a sentence of this many words, with under this share
# of links (blocks before the headline that are none of it are furniture).
PROSE_MIN_CHARS = 80
PROSE_MIN_WORDS = 6
PROSE_MAX_LINK_SHARE = 0.5


@dataclass
class _Parsed:
    root: etree._Element
    rule: SiteRule
    containers: list
    blocks: list[Block]
    # the deck under the headline (body.find_standfirst): the copy's lead, not its body
    standfirst: str | None = None


@dataclass
class Options:
    """What one extraction may use beyond the page: a learned site template, a drop log."""

    template: Template | None = None
    dropped: Dropped | None = None
    second_opinion: bool = True
    # filled by extraction when a set: the fingerprints of the body's blocks, to learn the
    # site's template from without parsing the page again
    keys: set[int] | None = None


def _body(html: str, url: str | None, options: Options | None = None) -> _Parsed:
    root = tree.parse(html)
    if root is None:
        raise ExtractError("no article found on this page: the page is empty")
    return _body_of(
        root, html, url, rule_for(url), options or Options(), metadata.link_base(root, url)
    )


def _containers(
    root: etree._Element, rule: SiteRule, dropped: Dropped | None, a_recipe: str | None = None
) -> tuple[list, etree._Element | None]:
    """The body's containers, and the headline (or headline line) found while finding them;
    `a_recipe`: how the page declares itself a recipe (recipe.declaration), its card beside
    the story's text."""
    clean.drop_invisible(root)
    clean.unwrap_linked_prose(root)
    clean.drop_hover_cards(root, dropped)
    clean.drop_selectors(root, rule.drop, dropped)
    containers = body.find_by_selectors(root, rule.body) if rule.body else []
    headline = body.find_headline(root)
    if not containers:
        containers = _generic_body(root, headline)
    # The page's headline and what holds it are never furniture, whatever their class says
    # ("comments_page_wrapper" around a whole article).
    named = headline if headline is not None else body.find_headline_line(root)
    keep = containers if named is None else [*containers, named]
    clean.drop_chrome_elements(root, keep=keep, dropped=dropped)
    clean.drop_related_boxes(root, keep=containers, dropped=dropped)
    containers = [el for el in containers if tree.holds(root, el)]
    if not containers:
        attached = headline is not None and tree.holds(root, headline)
        containers = body.score_candidates(root, headline if attached else None)
    if containers and not rule.body:
        containers = body.opening_before(containers, headline)
    if a_recipe is not None:
        containers = recipe.with_recipe(root, containers, headline, a_recipe)
    return containers, named


def _generic_body(root: etree._Element, headline: etree._Element | None) -> list[etree._Element]:
    """What GENERIC_BODY names, where it holds text enough: counted over the matches that share
    a parent, as a page naming each paragraph "article-body__text" sets them side by side (its
    short lines, "Dear Friends,", are the story's too); not a match its name calls furniture
    ("article-body__newsletter", "article-body-ad") beside the body, but the body itself,
    whatever its class ("text-wrapper gigya-share-btns"); of stories stacked one after another,
    the page's own (body.one_story)."""
    found = body.one_story(body.find_by_selectors(root, GENERIC_BODY), headline)
    sizes = {el: len(tree.normalize_space(el.text_content())) for el in found}
    whole = sum(sizes.values())
    found = [
        el
        for el in found
        if not (CHROME_ATTR.search(tree.attr_names(el)) and sizes[el] < whole / 2)
    ]
    chars: dict[etree._Element | None, int] = {}
    for el in found:
        chars[el.getparent()] = chars.get(el.getparent(), 0) + sizes[el]
    return [el for el in found if chars[el.getparent()] >= 2 * MIN_BODY_CHARS]


def _body_of(
    root: etree._Element,
    html: str,
    url: str | None,
    rule: SiteRule,
    options: Options,
    links: str | None,
) -> _Parsed:
    """The body of the page `root` at `url`; `links` is what its relative links resolve against."""
    dropped = options.dropped
    # the memos serve one page's passes; across pages they would only hold stale texts
    # (and flatter a benchmark that extracts the same pages again)
    for memo in (
        chrome_phrase,
        related_heading,
        clean.furniture_limit,
        clean.names_credit,
        tree.camel_words,
    ):
        memo.cache_clear()
    # read before the cleaning passes take the scripts that declare it; a site rule that names
    # the body has its card in it or leaves it out
    a_recipe = recipe.declaration(root) if not rule.body and recipe.declared_in(html) else None
    containers, named = _containers(root, rule, dropped, a_recipe)
    if options.second_opinion and not rule.body:
        containers = second_opinion.choose(html, url, containers, root)
    if not containers:
        raise ExtractError("no article found on this page: no body text")
    # the headline found before the furniture went is still the page's first while it stands
    headline = named if named is not None and tree.holds(root, named) else None
    if headline is None:
        headline = body.find_headline(root)
    if headline is None:
        headline = body.find_headline_line(root)
    if headline is None:
        headline = next(root.iter("h1"), None)
    above, deck = _above_the_body(containers, headline)
    located = _headline_as_h1(emit_located(above + containers, links), headline, containers)
    template = options.template
    # the fingerprints serve the page's learning and its template's look-up: hashed once
    keys = (
        list(block_keys(located))
        if options.keys is not None or (template is not None and template.learned_anything())
        else []
    )
    if options.keys is not None:
        options.keys |= learnable(keys)
    located = filters.drop_template_blocks(located, keys, template, dropped)
    located = filters.cut_comment_thread(located, dropped)
    blocks = filters.drop_chrome_blocks([b for b, _ in located], rule.chrome_patterns, dropped)
    blocks = filters.drop_cards(located, blocks, containers, dropped)
    blocks = subheadings(blocks, dropped)
    blocks = filters.drop_author_notes(blocks, dropped)
    blocks = filters.dedupe(filters.drop_trailing_headings(blocks, dropped), dropped)
    listing.refuse_lists(located, blocks, root, url)
    if sum(len(b.text) for b in blocks if b.type != "heading") < MIN_BODY_CHARS:
        raise ExtractError("no article found on this page: only navigation or too little text")
    return _Parsed(root, rule, containers, blocks, deck)


def _above_the_body(
    containers: list[etree._Element], headline: etree._Element | None
) -> tuple[list[etree._Element], str | None]:
    """What the body opens with from above its containers (the lead picture, a lead the page
    names as one), and the deck under the headline, which is the copy's lead instead."""
    lead = body.find_lead(containers)
    standfirst = body.find_standfirst(headline, containers) if lead is None else None
    above = [body.find_lead_picture(containers, headline), lead]
    above = tree.in_document_order(tree.outermost([el for el in above if el is not None]))
    deck = tree.normalize_space(standfirst.text_content()) if standfirst is not None else None
    return above, deck


def _headline_as_h1(
    located: list[tuple[Block, etree._Element]],
    headline: etree._Element | None,
    containers: list[etree._Element],
) -> list[tuple[Block, etree._Element]]:
    """`located`, the block of a headline the site set as an <h2> or in a styled line made the
    <h1> it stands for: the story starts there, and the headline is metadata. Not where the
    story has an <h1> of its own beside its body (a section's name in the page's header is
    none): the title named a subheading ("Что известно к этому часу")."""
    if headline is None or headline.tag == "h1":
        return located
    around = containers[0].getparent() if containers else None
    if (
        around is not None
        and around.tag not in ("body", "html")
        and around.find(".//h1") is not None
    ):
        return located
    if any(block.type == "heading" and block.level == 1 for block, _ in located):
        return located
    # a heading read as prose (a paragraph set in an <h2>) stays the paragraph it is
    kind = "heading" if headline.tag in HEADING_TAGS else "paragraph"
    for block, origin in located:
        if origin is headline and block.type == kind:
            block.type, block.level = "heading", 1
            break
    return located


def subheadings(blocks: list[Block], dropped: Dropped | None = None) -> list[Block]:
    """The headline goes (it is metadata); every later heading is a subheading, whatever its level.

    The headline is an <h1> before any body text (a caption may come first); an <h1> after body
    text is a site marking its subheadings that way, and becomes level 2 like the rest.
    """
    blocks = _from_the_headline(blocks, dropped)
    kept: list[Block] = []
    for block in blocks:
        if block.type == "heading" and block.level == 1:
            if not any(b.type not in ("heading", "caption") for b in kept):
                note(dropped, "headline (metadata, not body)", block.text)
                continue
            block.level = SUBHEADING_LEVEL
        kept.append(block)
    return kept


def _from_the_headline(blocks: list[Block], dropped: Dropped | None) -> list[Block]:
    """The blocks from the headline on, when all before it are page furniture (a promo table,
    links, short lines): the article starts at its headline. A picture's caption stays."""
    first = next((at for at, b in enumerate(blocks) if b.type == "heading" and b.level == 1), None)
    if not first or any(_prose(b) for b in blocks[:first]):
        return blocks
    for block in blocks[:first]:
        if block.type != "caption":
            note(dropped, "before the headline", block.text)
    return [b for b in blocks[:first] if b.type == "caption"] + blocks[first:]


def _prose(block: Block) -> bool:
    """A paragraph of running text: long enough, and not mostly links."""
    if block.type not in ("paragraph", "quote"):
        return False
    linked = sum(len(link.text) for link in block.links)
    if linked >= PROSE_MAX_LINK_SHARE * len(block.text):
        return False
    if len(block.text) < CUT_TEASER_MAX_CHARS and TEASER_CUT.search(block.text):
        return False  # "Greater Victoria will be one of three urban areas to feature ...": a teaser
    sentence = len(block.text.split()) >= PROSE_MIN_WORDS and block.text.rstrip()[-1:] in '.!?…»"'
    return len(block.text) >= PROSE_MIN_CHARS or sentence


def extract(article: Article, options: Options | None = None) -> Article:
    """Fill `article`'s metadata and `blocks` from `article.html`; raise ExtractError if no article.

    `options` may carry the host's learned template and a list collecting what was dropped.
    """
    base = article.final_url or article.url
    root = tree.parse(article.html)
    if root is None:
        raise ExtractError("no article found on this page: the page is empty")
    marks = metadata.marks(root)
    links = metadata.link_base(root, base)
    canonical = metadata.canonical(root, marks, links)
    rule = rule_for(base, canonical, article.url)
    article.canonical_url = canonical
    article.title = metadata.title(root, marks, rule, base)
    article.published = metadata.published(root, marks, rule, article.html, _fetched(article), base)
    article.updated = metadata.updated(marks)
    article.author = metadata.author(root, marks)
    article.lead = metadata.lead(marks)
    article.outlet = metadata.outlet(root, marks, rule, canonical or base)
    image_meta = marks.meta("og:image", "twitter:image")
    options = options or Options()
    parsed = _body_of(root, article.html, base, rule, options, links)
    article.image = metadata.image(root, links, parsed.containers, image_meta)
    # the deck the page shows under its headline, before the description it gives search engines
    article.lead = parsed.standfirst or article.lead
    article.title, article.blocks = _headline_from_body(
        article.title,
        parsed.blocks,
        lambda: metadata.names_no_story(root, article.title, marks, base),
        lambda: metadata.headline_above(parsed.containers[0], marks, base),
        options.dropped,
    )
    if article.lead and metadata.repeats_body(article.lead, parsed.blocks):
        article.lead = None
    return article


def _headline_from_body(
    title: str,
    blocks: list[Block],
    names_no_story: Callable[[], bool],
    headline_above: Callable[[], str | None],
    dropped: Dropped | None,
) -> tuple[str, list[Block]]:
    """The title and the body once the story's headline is placed: a first line that is the
    title leaves the body; where the page's title names only the site (`names_no_story`),
    the body's first line that reads as a headline becomes the title and leaves the body,
    else the headline set above the body (`headline_above`) becomes the title."""
    first = blocks[0] if blocks else None
    if first is not None and (first.type not in ("heading", "paragraph") or first.links):
        first = None  # a picture, a list or a linked line opens the body: no headline there
    if first is not None and first.text == title:
        note(dropped, "headline (metadata, not body)", first.text)
        return title, blocks[1:]
    if not names_no_story():
        return title, blocks
    if (
        first is not None
        and metadata.headline_line(first.text)
        and any(_prose(b) for b in blocks[1:])
    ):
        note(dropped, "headline (the title names only the site)", first.text)
        return first.text, blocks[1:]
    return headline_above() or title, blocks


def _fetched(article: Article) -> datetime | None:
    try:
        return datetime.fromisoformat(article.fetched_at) if article.fetched_at else None
    except ValueError:
        return None


def extract_text(html: str, url: str | None = None, options: Options | None = None) -> str:
    """The article body of `html` as plain text, one blank line between blocks.

    Figure captions are left out: they describe an image the plain text does not carry.
    """
    return "\n\n".join(
        block.text for block in _body(html, url, options).blocks if block.type != "caption"
    )


def describe(article: Article) -> str:
    """A plain-text dump of an extracted article (metadata, labels, typed blocks, notes) for humans."""
    lines = [
        f"url:        {article.url}",
        f"canonical:  {article.canonical_url or '-'}",
        f"outlet:     {article.outlet or '-'}",
        f"title:      {article.title or '-'}",
        f"published:  {article.published or '-'}",
        f"updated:    {article.updated or '-'}",
        f"author:     {article.author or '-'}",
        f"lead:       {article.lead or '-'}",
    ]
    if article.image:
        lines.append(
            f"image:      {article.image.url}"
            + (f"  [{article.image.caption}]" if article.image.caption else "")
        )
    for label in article.labels:
        party = f" party={label.party!r}" if label.party else ""
        lines.append(f"label:      {label.placement}/{label.kind}{party}: {label.text}")
    lines.append(f"blocks:     {len(article.blocks)}")
    for i, block in enumerate(article.blocks, 1):
        kind = block.type + (str(block.level) if block.level else "")
        lines.append(f"[{i:>3} {kind:<10}] {block.text}")
        for link in block.links:
            lines.append(f"{'':17}-> {link.text!r} @{link.start} {link.href}")
        for fixed in block.fixed:
            lines.append(f"{'':17}== {block.text[fixed.start : fixed.end]!r} => {fixed.en!r}")
    for footnote in article.notes:
        lines.append(
            f"note:       {footnote.kind} (referent {footnote.referent!r}): {footnote.text}"
        )
    return "\n".join(lines)


def describe_dropped(dropped: Dropped) -> str:
    """What `--explain` prints: each dropped element or block with the pass that dropped it."""
    if not dropped:
        return "dropped:    nothing"
    width = max(len(reason) for reason, _ in dropped)
    lines = [f"dropped:    {len(dropped)}"]
    lines += [f"  - {reason:<{width}}  {text}" for reason, text in dropped]
    return "\n".join(lines)
