"""Emitting blocks: the body containers walked into typed `Block`s with their links."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html

from translator.article import Block, Link
from translator.extract.tree import (
    attr_text,
    collapse_space,
    has_block_child,
    link_density,
    normalize_space,
    paragraph_breaks,
    picture_source,
)
from translator.extract.vocabulary import (
    BLOCK_TAGS,
    CAPTION_ATTR,
    CREDIT_ATTR,
    HEADING_TAGS,
    QUOTE_MARKS,
    SLIDE_ATTR,
    chrome_words,
)

# What stands between a table row's cells in its block's text ("Name | 12 | 3").
TABLE_CELL_SEPARATOR = " | "
# A heading this long, holding sentences that follow one another, is a paragraph set in a
# heading's type (an about box's text in an <h2>, a closing credit in an <h4>), not a title.
PROSE_HEADING_CHARS = 200
_NEXT_SENTENCE = re.compile(r"\w[.!?]\s+\w")

Located = tuple[Block, etree._Element]


def inline_text(el: etree._Element, base_url: str | None) -> tuple[str, list[Link]]:
    """The normalised text of `el` and its links, each with the offset of its anchor text."""
    pieces: list[tuple[str, etree._Element | None]] = []
    _collect(el, pieces, None, top=True)
    text = ""
    links: list[Link] = []
    last_anchor = None
    for piece, anchor in pieces:
        piece = collapse_space(piece)
        if text.endswith(" ") and piece.startswith(" "):
            piece = piece[1:]
        if not text:
            piece = piece.lstrip(" ")
        if anchor is not None and piece.strip():
            if anchor is last_anchor and links:
                links[-1].text = text[links[-1].start :] + piece.rstrip(" \u00a0")
            else:
                lead = len(piece) - len(piece.lstrip(" \u00a0"))
                href = absolute(anchor.get("href"), base_url)
                links.append(Link(text=piece.strip(" \u00a0"), href=href, start=len(text) + lead))
            last_anchor = anchor
        elif piece.strip():
            last_anchor = None
        text += piece
    lead = len(text) - len(text.lstrip(" \u00a0"))
    stripped = text.strip(" \u00a0")
    for link in links:
        link.start = (link.start or 0) - lead
    return stripped, [
        link for link in links if 0 <= (link.start or 0) < len(stripped) and link.text
    ]


def _collect(el, pieces, anchor, top=False):
    """Text pieces of `el` in order, each with the <a> it sits in (or None)."""
    if not isinstance(el.tag, str):
        return
    tag = el.tag
    if tag == "br":
        pieces.append((" ", None))
        return
    if tag == "img":
        return
    href = el.get("href") if tag == "a" else None
    if href and not href.strip().startswith(("javascript:", "#")):
        anchor = el
    if tag in ("td", "th") and not top:
        pieces.append((TABLE_CELL_SEPARATOR, None))
    elif tag in BLOCK_TAGS and not top:
        pieces.append((" ", None))  # a block begins a line: "<b>0</b><div>ответить" is two words
    if el.text:
        pieces.append((el.text, anchor))
    for child in el:
        _collect(child, pieces, anchor)
        if child.tail:
            pieces.append((child.tail, anchor))
    if tag in BLOCK_TAGS and not top:
        pieces.append((" ", None))


def absolute(href: str, base_url: str | None) -> str:
    """`href` made absolute against `base_url`; as it is when either does not parse."""
    href = href.strip()
    try:
        return urljoin(base_url, href) if base_url else href
    except ValueError:
        return href


def emit_blocks(containers: list[etree._Element], base_url: str | None) -> list[Block]:
    """Blocks in source order: paragraphs, headings, quotes, list items, captions, table rows."""
    return [block for block, _ in emit_located(containers, base_url)]


def emit_located(
    containers: list[etree._Element], base_url: str | None
) -> list[tuple[Block, etree._Element]]:
    """`emit_blocks` with the element each block came from (for templates and --explain)."""
    located: list[tuple[Block, etree._Element]] = []
    for container in containers:
        located.extend(_walk(container, base_url, quote=False))
    return located


def _walk(el: etree._Element, base_url: str | None, quote: bool) -> Iterator[Located]:
    tag = el.tag
    if not isinstance(tag, str):
        return
    if tag in HEADING_TAGS:
        yield from _heading(el, base_url, quote)
        return
    if tag == "p" or tag == "pre":
        if has_block_child(el) or (tag == "p" and _parted_by_breaks(el)):
            yield from _walk_mixed(el, base_url, quote)
        else:
            yield from _block("quote" if quote else "paragraph", el, base_url)
        return
    if tag in ("li", "dd", "dt"):
        if has_block_child(el):
            yield from _walk_mixed(el, base_url, quote)
        else:
            yield from _block("quote" if quote else "list_item", el, base_url)
        return
    if tag == "figure" or _is_slide(el) or is_caption(el):
        yield from _pictured(el, base_url)
        return
    if tag == "blockquote":
        yield from _walk_mixed(el, base_url, quote=True)
        return
    if tag == "table":
        yield from _layout(el, base_url, quote) if _lays_out(el) else _table(el, base_url)
        return
    yield from _walk_mixed(el, base_url, quote)


def _heading(el: etree._Element, base_url: str | None, quote: bool) -> Iterator[Located]:
    """A title as a heading; prose set in a heading's type as the paragraph (or quote) it is."""
    if prose_heading(el):
        yield from _block("quote" if quote else "paragraph", el, base_url)
    else:
        yield from _block("heading", el, base_url, level=int(el.tag[1]))


def _parted_by_breaks(p: etree._Element) -> bool:
    """`p` holds paragraphs parted by <br><br>, itself or in an inline element round them
    (<p><span>...<br><br>...</span></p>, as a word processor pastes them)."""
    return paragraph_breaks(p) is not None or any(
        isinstance(child.tag, str) and child.tag != "a" and paragraph_breaks(child) is not None
        for child in p
    )


def _walk_mixed(el: etree._Element, base_url: str | None, quote: bool) -> Iterator[Located]:
    """Children in order; loose inline content between block children becomes its own block."""
    run: list = []
    kind = "quote" if quote else "paragraph"

    def flush():
        if not run:
            return
        wrapper = lxml_html.Element("span")
        for item in run:
            if isinstance(item, str):
                if len(wrapper):
                    wrapper[-1].tail = (wrapper[-1].tail or "") + item
                else:
                    wrapper.text = (wrapper.text or "") + item
            else:
                clone = copy.deepcopy(item)
                clone.tail = None
                wrapper.append(clone)
        run.clear()
        yield from _block(kind, wrapper, base_url, origin=el)

    def feed(parent: etree._Element) -> Iterator[Located]:
        breaks = paragraph_breaks(parent)
        for child in parent:
            if breaks is not None and child in breaks:
                yield from flush()  # <br><br>: the end of one paragraph, written without a </p>
            elif isinstance(child.tag, str) and child.tag in BLOCK_TAGS:
                yield from flush()
                yield from _walk(child, base_url, quote)
            elif isinstance(child.tag, str) and has_block_child(child):
                # an inline element wrapping blocks (<span> around a share bar and a related
                # box) is a container: gluing its blocks into one line would join unrelated texts
                yield from flush()
                yield from _walk_mixed(child, base_url, quote)
            elif isinstance(child.tag, str) and child.tag != "a" and paragraph_breaks(child):
                # an inline element around paragraphs parted by <br><br> (<span id="story">):
                # its breaks end paragraphs too, and its first one goes on from the text before
                if child.text:
                    run.append(child.text)
                yield from feed(child)
            elif isinstance(child.tag, str):
                run.append(child)
            if child.tail and child.tail.strip() or child.tail and run:
                run.append(child.tail)

    if el.text and el.text.strip():
        run.append(el.text)
    yield from feed(el)
    yield from flush()


def is_caption(el: etree._Element) -> bool:
    """A <figcaption>, a table's <caption> or a box named a caption that holds no paragraphs."""
    if el.tag in ("figcaption", "caption"):
        return True
    return bool(CAPTION_ATTR.search(attr_text(el))) and not _has_paragraphs(el)


def _loose_caption(el: etree._Element, base_url: str | None) -> Iterator[Located]:
    """A caption outside a <figure>: kept with the picture beside it, dropped without one."""
    src = image_before(el)
    if src:
        for block, origin in _block("caption", el, base_url):
            block.image = absolute(src, base_url)
            yield block, origin


def _figure(figure: etree._Element, base_url: str | None) -> Iterator[Located]:
    """A picture's caption and credit as one caption block that names its image.

    A figure without an image gives no caption (it would float with nothing to describe); its
    other text (a figure used as a box) is walked as usual.
    """
    img = next(figure.iter("img"), None)
    src = picture_source(img) if img is not None else ""
    parts = [el for el in figure.iterdescendants() if el.tag == "figcaption" or _is_credit(el)]
    parts = [el for el in parts if not any(a in parts for a in el.iterancestors())]
    if not src:
        for child in figure:
            if child not in parts:
                yield from _walk(child, base_url, quote=False)
        return
    text, links = _joined([inline_text(el, base_url) for el in parts])
    if text:
        yield Block(type="caption", text=text, links=links, image=absolute(src, base_url)), figure


# A gallery's slide labels its picture in a few words ("Simone Rocha", a credit): more than
# this, or a sentence, a heading, a quote or a list, and the slide tells the story (a buying
# guide's pick, a listicle's item, a timeline's date); mostly a link, and it is a teaser.
SLIDE_LABEL_WORDS = 12
SLIDE_LABEL_LINK_SHARE = 0.5
_SENTENCE_STOP = re.compile(r"[^\W_]{2,}[.!?…][\"'»”’)]*(\s|$)")
_STRUCTURED = ("h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "table")
# ... nor a listicle's numbered item ("1. Nissan Pathfinder"), a quote, or a fact's field
# ("Население: 12 млн") beside an icon
_NOT_A_LABEL = re.compile(rf"\d+[.)]\s|[{QUOTE_MARKS}]")
# A picture this small, or drawn in SVG, is an icon, not the slide's picture.
ICON_MAX_PIXELS = 100


def _pictured(el: etree._Element, base_url: str | None) -> Iterator[Located]:
    """A figure, a gallery's slide or a loose caption: what each says of its picture."""
    if el.tag == "figure":
        yield from _figure(el, base_url)
    elif _is_slide(el):
        yield from _slide(el, base_url)
    else:
        yield from _loose_caption(el, base_url)


def _is_slide(el: etree._Element) -> bool:
    """`el` is a gallery's slide (one of its class names ends so: "gallery-item",
    "MixedMediaCarouselItem", not "gallery-item__title" or "gallery-items") that shows a
    picture (a <picture>, or an <img> with a source) and only labels it."""
    if not any(SLIDE_ATTR.search(name) for name in el.get("class", "").split()):
        return False
    if next(el.iter("picture"), None) is None and _slide_image(el) is None:
        return False
    if next(el.iter(*_STRUCTURED), None) is not None or _holds_slides(el):
        return False
    text = normalize_space(el.text_content())
    return (
        len(text.split()) <= SLIDE_LABEL_WORDS
        and _SENTENCE_STOP.search(text) is None
        and _NOT_A_LABEL.match(text) is None
        and not chrome_words(text)
        and link_density(el) <= SLIDE_LABEL_LINK_SHARE
    )


def _holds_slides(el: etree._Element) -> bool:
    return any(
        SLIDE_ATTR.search(name)
        for inner in el.iterdescendants()
        if isinstance(inner.tag, str)
        for name in inner.get("class", "").split()
    )


def _slide_image(slide: etree._Element) -> etree._Element | None:
    """The slide's picture: its first <img> with a source that is no icon."""
    for img in slide.iter("img"):
        if picture_source(img) and not _icon(img):
            return img
    return None


def _icon(img: etree._Element) -> bool:
    """A tracking pixel, an icon: under ICON_MAX_PIXELS either way, or an SVG."""
    sizes = (img.get("width", ""), img.get("height", ""))
    small = any(size.isdigit() and int(size) < ICON_MAX_PIXELS for size in sizes)
    return small or picture_source(img).lower().split("?")[0].endswith(".svg")


def _slide(slide: etree._Element, base_url: str | None) -> Iterator[Located]:
    """A gallery's slide as its picture's caption, label and credit in one block; nothing
    where the picture is lost (a lazy one set in <noscript>): a label names no text."""
    img = _slide_image(slide)
    text = normalize_space(" ".join(slide.itertext()))
    if text and img is not None:
        image = absolute(picture_source(img), base_url)
        yield Block(type="caption", text=text, image=image), slide


def _joined(pieces: list[tuple[str, list[Link]]]) -> tuple[str, list[Link]]:
    """Texts with their links joined by spaces, each link's offset moved to the joined text."""
    links: list[Link] = []
    offset = 0
    for piece, piece_links in pieces:
        if not piece:
            continue
        for link in piece_links:
            links.append(Link(text=link.text, href=link.href, start=(link.start or 0) + offset))
        offset += len(piece) + 1
    return " ".join(t for t, _ in pieces if t), links


def image_before(el: etree._Element) -> str:
    """The picture a loose caption describes: an <img> in it, just before it, or in its box."""
    near = [el, el.getprevious(), el.getparent()]
    for node in near:
        if node is None or not isinstance(node.tag, str):
            continue
        img = node if node.tag == "img" else next(node.iter("img"), None)
        if img is not None:
            src = picture_source(img)
            if src:
                return src
    return ""


def _is_credit(el: etree._Element) -> bool:
    return isinstance(el.tag, str) and bool(CREDIT_ATTR.search(attr_text(el)))


def _has_paragraphs(el: etree._Element) -> bool:
    return (
        any(True for _ in el.iter("p", "li", "h2", "h3", "blockquote"))
        and len(normalize_space(el.text_content())) > 400
    )


def prose_heading(el: etree._Element) -> bool:
    """`el` is a heading that holds a paragraph of prose (PROSE_HEADING_CHARS), not a title."""
    if el.tag not in HEADING_TAGS:
        return False
    text = normalize_space(el.text_content())
    return len(text) >= PROSE_HEADING_CHARS and _NEXT_SENTENCE.search(text) is not None


def _block(
    kind: str,
    el: etree._Element,
    base_url: str | None,
    level: int | None = None,
    origin: etree._Element | None = None,
) -> Iterator[Located]:
    text, links = inline_text(el, base_url)
    if text.strip(" \u00a0\u200b"):
        yield (
            Block(type=kind, text=text, links=links, level=level),
            (el if origin is None else origin),
        )


def _table(table: etree._Element, base_url: str | None) -> Iterator[Located]:
    """A table's rows, one block each, after its caption: a picture's caption where the table
    only frames a picture (old layouts set a story's photo so), else the table's title."""
    caption = table.find("caption")  # its own: a table nested in a cell keeps its caption
    if caption is not None:
        if not _has_cell_text(table) and image_before(caption):
            yield from _loose_caption(caption, base_url)
            return
        yield from _block("paragraph", caption, base_url)
    for row in _own(table, "tr"):
        cells = [
            inline_text(cell, base_url)
            for cell in row
            if isinstance(cell.tag, str) and cell.tag in ("td", "th")
        ]
        cells = [(t, links) for t, links in cells if t]
        if not cells:
            continue
        text, links = "", []
        for cell_text, cell_links in cells:
            if text:
                text += TABLE_CELL_SEPARATOR
            for link in cell_links:
                start = (link.start or 0) + len(text)
                links.append(Link(text=link.text, href=link.href, start=start))
            text += cell_text
        yield Block(type="table", text=text, links=links), row


# A table lays out the page where its nested tables hold this share of its text, or where a
# cell holds this much text beside its nested table (`_lays_out`).
LAYOUT_NESTED_SHARE = 0.5
BESIDE_NESTED_CHARS = 80


def _lays_out(table: etree._Element) -> bool:
    """`table` lays out the page (old sites set header, story and sidebars in nested tables):
    its cells are boxes to read, not a row of data, which would set the nested tables' text
    twice, in the row around them and in their own rows. So it is where its nested tables hold
    LAYOUT_NESTED_SHARE of its text, a cell holds a nested table and text beside it, or a cell
    holds paragraphs; a results table whose cells each frame a team's logo and name in a small
    table is data."""
    nested = [t for t in table.iter("table") if next(t.iterancestors("table"), None) is table]
    if not nested:
        return False
    if any(_beside_blocks(t) for t in nested) or any(
        _paragraphs(c) for c in _own(table, "td", "th")
    ):
        return True
    inner = sum(len(t.text_content()) for t in nested)
    return inner >= LAYOUT_NESTED_SHARE * len(table.text_content())


def _paragraphs(cell: etree._Element) -> bool:
    """`cell` holds a heading or paragraphs, two at least: a page's box, never a datum."""
    texts = [
        child
        for child in cell
        if isinstance(child.tag, str)
        and child.tag in ("p", "div", *HEADING_TAGS)
        and normalize_space(child.text_content())
    ]
    return len(texts) >= 2 or any(child.tag in HEADING_TAGS for child in texts)


def _beside_blocks(nested: etree._Element) -> bool:
    """`nested` shares its cell with text of its own, a sentence at least (a story's paragraphs
    under a fields box, a comment under its signature's table)."""
    cell = next(nested.iterancestors("td", "th"), None)
    if cell is None:
        return False
    beside = len(normalize_space(cell.text_content())) - len(normalize_space(nested.text_content()))
    return beside >= BESIDE_NESTED_CHARS


def _layout(el: etree._Element, base_url: str | None, quote: bool) -> Iterator[Located]:
    """A layout table's boxes in order: each cell read as a box of its own, and what the markup
    set between its rows (a table straight inside a table) read as it stands."""
    for child in el:
        if not isinstance(child.tag, str):
            continue
        if child.tag in ("td", "th"):
            yield from _walk_mixed(child, base_url, quote)
        elif child.tag in ("thead", "tbody", "tfoot", "tr"):
            yield from _layout(child, base_url, quote)
        else:
            yield from _walk(child, base_url, quote)


def _own(table: etree._Element, *tags: str) -> list[etree._Element]:
    """`table`'s rows or cells with `tags`, not those of a table nested in it."""
    return [el for el in table.iter(*tags) if next(el.iterancestors("table"), None) is table]


def _has_cell_text(table: etree._Element) -> bool:
    return any(normalize_space(cell.text_content()) for cell in table.iter("td", "th"))
