"""Cleaning passes over the whole tree: invisible markup, site drops, furniture, related boxes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from lxml import etree

from translator.extract.tree import (
    ASCII_SPACE,
    ZERO_WIDTH,
    Dropped,
    attr_text,
    camel_words,
    collapse_space,
    drop,
    has_block_child,
    link_density,
    normalize_space,
    note,
    outermost,
    paragraph_breaks,
    picture_source,
    select,
)
from translator.extract.vocabulary import (
    BLOCK_TAGS,
    CALL_TO_ACTION_WORDS,
    CAPTION_ATTR,
    CHROME_STRONG,
    CHROME_WEAK,
    CONTENT_ATTR,
    CREDIT_ATTR,
    HEADING_TAGS,
    HIDDEN_CLASSES,
    HIDDEN_STYLE,
    INLINE_TAGS,
    INVISIBLE_TAGS,
    PLAYER_TAGS,
    PLUGIN_BADGE,
    PRODUCT_CARD_ATTR,
    STRUCTURAL_CHROME_TAGS,
    VIDEO_ATTR,
    related_heading,
)

# What the passes below look at, picked out by the XPath engine rather than a walk in Python;
# each pass still checks every condition itself, so a wider pick changes nothing.
# One plain substring test that every hiding class holds (the whole-token test is
# drop_invisible's): padding each class attribute to compare tokens cost more than the pass.
HIDDEN_CLASS_MARK = "hid"
_MAY_BE_HIDDEN = etree.XPath(
    "descendant-or-self::*[@hidden or @aria-hidden or @style"
    f" or contains(@class, '{HIDDEN_CLASS_MARK}')]"
)
_NAMED = etree.XPath("descendant-or-self::*[@class or @id]")
# Prose is counted with zero-width spaces folded like whitespace.
_PROSE_SPACE = ASCII_SPACE + ZERO_WIDTH


def drop_invisible(root: etree._Element) -> None:
    """Scripts, styles, templates, forms, media, comments and elements hidden by markup.

    A player's clip keeps its caption: see `lift_player_captions`."""
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        if el.getparent() is not None:
            drop(el)
    lift_player_captions(root)
    for el in list(root.iter(*INVISIBLE_TAGS)):
        drop(el)
    for el in _MAY_BE_HIDDEN(root):
        # a picture hidden until it loads ("visibility:hidden" with an onload) holds no text
        # but places its caption
        if el.tag in ("html", "body", "img"):
            continue
        if (
            el.get("hidden") is not None
            or el.get("aria-hidden") == "true"
            or HIDDEN_STYLE.search(el.get("style", ""))
            or not HIDDEN_CLASSES.isdisjoint(el.get("class", "").split())
        ):
            drop(el)


# A story's text made one link (a video page's transcript linking to its printable text): an
# <a> holding this many paragraphs, broken by <br> alone, this long, is text, not a link.
LINKED_PROSE_PARAGRAPHS = 3
LINKED_PROSE_CHARS = 300
_INLINE_IN_PROSE = frozenset({"br", "b", "strong", "i", "em", "span", "font"})


def unwrap_linked_prose(root: etree._Element) -> None:
    """Take the link off paragraphs of prose that one <a> holds, so that they count as text.

    Only paragraphs written with <br>, in inline markup: a teaser's card (a heading, a picture,
    <p>s inside the link) stays a link."""
    for a in list(root.iter("a")):
        breaks = paragraph_breaks(a)
        if (
            breaks is not None
            and len(breaks) + 1 >= LINKED_PROSE_PARAGRAPHS
            and all(
                isinstance(el.tag, str) and el.tag in _INLINE_IN_PROSE for el in a.iterdescendants()
            )
            and len(normalize_space(a.text_content())) >= LINKED_PROSE_CHARS
        ):
            a.drop_tag()


# A hover card: an inline element right after a linked name, holding a picture and at least
# this many headlines (links this many words long), this much of its text link.
HOVER_CARD_HEADLINES = 2
HOVER_CARD_HEADLINE_WORDS = 4
HOVER_CARD_LINK_SHARE = 0.6
_MAY_BE_HOVER_CARD = etree.XPath(f"//span[.//img][count(.//a) >= {HOVER_CARD_HEADLINES}]")


def drop_hover_cards(root: etree._Element, dropped: Dropped | None = None) -> None:
    """A card shown on hover over a name in running text (the person's picture, their latest
    stories) is no part of the sentence: an inline element set right after a link, holding a
    picture and other stories' headlines, mostly links. The name before it stays; a picture
    and short links in a sentence (an emoji before linked names, teams' logos, a speaker's
    avatar and title) are the sentence's."""
    cards = [el for el in _MAY_BE_HOVER_CARD(root) if _hover_card(el)]
    for card in outermost(cards):
        note(dropped, "hover card", card)
        drop(card)


def _hover_card(el: etree._Element) -> bool:
    name = el.getprevious()
    if name is None or name.tag != "a" or normalize_space(name.tail or ""):
        return False
    headlines = [
        a for a in el.iter("a") if len(a.text_content().split()) >= HOVER_CARD_HEADLINE_WORDS
    ]
    return len(headlines) >= HOVER_CARD_HEADLINES and link_density(el) >= HOVER_CARD_LINK_SHARE


# A row of players with less text than this of its own besides theirs is a playlist.
PLAYLIST_MAX_OWN_CHARS = 80
# A player's caption this short is a control's label ("Субтитры вкл/выкл"), not what it shows ...
PLAYER_CAPTION_MIN_WORDS = 3
# ... and one this much of which is link is a teaser for another clip.
PLAYER_CAPTION_LINK_SHARE = 0.5


def lift_player_captions(root: etree._Element) -> None:
    """An embedded player's captions, set in its fallback markup with the clip's poster, become a
    <figure> just before the player: the player goes with the media, what it shows is the story's.

    Only marked captions are lifted (a figcaption, a caption class) and only with a poster to
    describe, so a plugin's "this video is unavailable" notice goes with the player; a player
    inside a <figure> is left to the figure's caption, its poster made the figure's picture.
    A player inside a link (a teaser for another clip) or beside another player (a playlist) is
    the site's, not the story's, and a plugin's badge ("Get Flash Player") is no poster.
    """
    lifted: set[etree._Element] = set()
    for player in list(root.iter(*PLAYER_TAGS)):
        if player.getparent() is None or any(a.tag in PLAYER_TAGS for a in player.iterancestors()):
            continue
        poster = _poster(player)
        figure = next((a for a in player.iterancestors() if a.tag == "figure"), None)
        if figure is not None:
            # the figure's own caption describes the clip; the poster is its picture
            if poster and not any(picture_source(img) for img in figure.iter("img")):
                player.addprevious(etree.Element("img", src=poster))
            continue
        if not poster or _teaser_or_playlist(player):
            continue
        captions = outermost([el for el in player.iterdescendants() if _player_caption(el)])
        if not captions:
            continue
        figure = etree.Element("figure")
        etree.SubElement(figure, "img", src=poster)
        for caption in captions:
            caption.tail = None
            etree.SubElement(figure, "figcaption").append(caption)
        _place(figure, player, lifted)


def _place(figure: etree._Element, player: etree._Element, lifted: set) -> None:
    """Set `figure` just before `player`; a player inside a paragraph would cut its sentence in
    two, so there the figure follows the paragraph (after those of its earlier players)."""
    paragraph = next((a for a in player.iterancestors() if a.tag == "p"), None)
    if paragraph is None:
        player.addprevious(figure)
        return
    anchor = paragraph
    while (following := anchor.getnext()) is not None and following in lifted:
        anchor = following
    anchor.addnext(figure)
    lifted.add(figure)


def _poster(player: etree._Element) -> str | None:
    """The picture a player shows before it plays: its poster, else its fallback's picture."""
    sources = ((picture_source(img), img) for img in player.iter("img"))
    return player.get("poster") or next(
        (src for src, img in sources if src and not _badge(img)), None
    )


def _badge(img: etree._Element) -> bool:
    """A plugin's badge ("Get Flash Player"), by its picture or the link around it."""
    links = (a.get("href", "") for a in img.iterancestors("a"))
    return any(PLUGIN_BADGE.search(text) for text in (img.get("src", ""), *links))


def _teaser_or_playlist(player: etree._Element) -> bool:
    """`player` links to another clip's page, or is one of a row of players with no text of
    the row's own between them (a playlist; a story's clips stand between its paragraphs)."""
    if any(a.get("href") for a in player.iterancestors("a")):
        return True
    row = player.getparent()
    players = outermost(list(row.iter(*PLAYER_TAGS)))  # a fallback's own <object> is the same
    if len(players) < 2:
        return False
    shown = sum(len(normalize_space(p.text_content())) for p in players)
    return len(normalize_space(row.text_content())) - shown < PLAYLIST_MAX_OWN_CHARS


def _player_caption(el: etree._Element) -> bool:
    """A marked caption (a figcaption, a caption class) long enough to say what the clip shows."""
    if not isinstance(el.tag, str):
        return False
    if el.tag != "figcaption" and not CAPTION_ATTR.search(attr_text(el)):
        return False
    text = normalize_space(el.text_content())
    if len(text.split()) < PLAYER_CAPTION_MIN_WORDS:
        return False
    return link_density(el) < PLAYER_CAPTION_LINK_SHARE


def drop_selectors(
    root: etree._Element, selectors: Iterable[str], dropped: Dropped | None = None
) -> None:
    """Remove every element matching one of the CSS `selectors`."""
    for selector in selectors:
        for el in select(root, selector):
            if _attached(el, root):  # not inside an element already dropped
                note(dropped, f"site rule drop {selector}", el)
                drop(el)


def drop_chrome_elements(
    root: etree._Element, keep: Iterable[etree._Element] = (), dropped: Dropped | None = None
) -> None:
    """Navigation, footers, asides and elements whose class/id names page furniture.

    `keep` (the body containers, when a selector found them) and their ancestors are never dropped.
    """
    protected = _with_ancestors(keep)
    total = _prose_chars(root) or 1
    gone: set[etree._Element] = set()
    for el in list(root.iter(*STRUCTURAL_CHROME_TAGS, "header")):
        if el in protected or el.getparent() is None or el in gone:
            continue
        if el.tag == "header" and _is_article_header(el):
            continue
        if el.tag == "form" and _prose_chars(el) > 0.3 * total:
            continue  # ASP.NET pages wrap the whole page in one <form>
        note(dropped, f"page furniture <{el.tag}>", el)
        _drop_all(el, gone)
    gone.clear()
    for el in _NAMED(root):  # an element with neither is never furniture by name
        written = attr_text(el)
        attrs = camel_words(written)
        if el in gone or not _may_be_furniture(el, attrs, protected):
            continue
        limit = furniture_limit(attrs, written)
        if limit is None and _player_or_shop_card(el, written, total):
            note(dropped, f"player or shop card {attrs.strip()[:40]!r}", el)
            _drop_all(el, gone)
            continue
        if limit is None or _in_a_sentence(el) or _prose_chars(el) > limit * total:
            continue
        note(dropped, f"furniture class/id {attrs.strip()[:40]!r}", el)
        _drop_all(el, gone)


# A sentence's end: a word, a figure or a closing quote, then a stop (a quote or bracket may
# close it), then a space or the end ("... «критической».", "... на 5%.").
_SENTENCE_END = re.compile(r"([^\W_]{2,}|\d|%|[»”\"'])[.!?…][\"'»”’)]*(\s|$)")
# A player's box holds its labels and clips' titles: a box holding this share of the page's prose
# or a paragraph or item of VIDEO_TEXT_WORDS words is the story's (a video story's text, its facts).
VIDEO_MAX_SHARE = 0.3
VIDEO_TEXT_WORDS = 12


def _player_or_shop_card(el: etree._Element, written: str, total: int) -> bool:
    """A box its class/id (`written`) names a video's or a product card's that is the player
    or the shop's card, not the story's text: no part of a sentence, under VIDEO_MAX_SHARE of
    the page's `total` prose, and `_no_story_text`."""
    return (
        (VIDEO_ATTR.search(written) is not None or PRODUCT_CARD_ATTR.search(written) is not None)
        and not _in_a_sentence(el)
        and _prose_chars(el) <= VIDEO_MAX_SHARE * total
        and _no_story_text(el)
    )


def _no_story_text(el: etree._Element) -> bool:
    """A player's box or a shop's card whose text is its labels (the controls', the clip's
    title and length, the next clips' titles; a product's name, price and shop): no sentence,
    no paragraph or item of VIDEO_TEXT_WORDS words, and no caption (a clip's caption, lifted
    with its poster as a figure, says what the story shows)."""
    text = normalize_space(el.text_content())
    if not text or _SENTENCE_END.search(text) is not None:
        return False
    if next(el.iter("figure", "figcaption"), None) is not None:
        return False
    if any(
        len(normalize_space(part.text_content()).split()) >= VIDEO_TEXT_WORDS
        for part in el.iter("p", "li", "blockquote")
    ):
        return False
    return not any(CAPTION_ATTR.search(attr_text(inner)) for inner in _NAMED(el))


def _drop_all(el: etree._Element, gone: set[etree._Element]) -> None:
    """Drop `el` and count it and everything inside it as `gone`.

    A pass walks a list of the elements in the tree when it began, in document order, so an
    element of that list has left the tree exactly when it is in `gone`: a set lookup, where
    walking up its ancestors to the root each time cost more than the pass's own checks.
    """
    gone.update(el.iter())
    drop(el)


def _may_be_furniture(el: etree._Element, attrs: str, protected: set[etree._Element]) -> bool:
    """An element (still in the tree) that its class/id (`attrs`) could name as furniture."""
    if not isinstance(el.tag, str) or el.tag in ("html", "body", "article", "main"):
        return False
    if el in protected or el.getparent() is None or not attrs.strip():
        return False
    return not _figure_credit(el, attrs)


_WORD = re.compile(r"[^\W\d_]{2,}")


# A link or term in running text is a few words; an inline element holding more is a box set
# inline (an advertisement's <span> inside a paragraph).
SENTENCE_PART_WORDS = 8


def _in_a_sentence(el: etree._Element) -> bool:
    """A link or a term with the sentence's words on both sides (a related link in running
    text, a term's tooltip): whatever its class says, its words are the sentence's. (One with
    words on one side only opens or closes a line of links: "Теги: <a>Москва</a>, <a>ДТП</a>".)"""
    if el.tag not in INLINE_TAGS or len(el.text_content().split()) > SENTENCE_PART_WORDS:
        return False
    before = el.getprevious()
    text_before = before.tail if before is not None else el.getparent().text
    return bool(_WORD.search(el.tail or "")) and bool(_WORD.search(text_before or ""))


# Distinct class/id texts whose answer is kept: a site repeats a few hundred across its pages.
ATTR_CACHE = 4096


@lru_cache(maxsize=ATTR_CACHE)
def furniture_limit(names: str, attrs: str) -> float | None:
    """The share of the page's prose an element may hold and still go, or None: by its class
    and id `names` (camel-cased ones read as words, `attr_names`), and its `attrs` as written,
    where a content name spares a weak one ("sidebar content"; a camel-cased "contentRight" is
    a layout's column and spares nothing)."""
    if CHROME_STRONG.search(names):
        return 0.5  # a comment thread may outweigh the article; only the main wrapper survives
    if CHROME_WEAK.search(names) and not CONTENT_ATTR.search(attrs):
        return 0.3  # "paywall"/"has-sidebar" page wrappers hold the article
    return None


def _figure_credit(el: etree._Element, attrs: str) -> bool:
    """A photo credit (`attrs`, its class/id) inside a <figure>: part of the picture's caption,
    not furniture."""
    return names_credit(attrs) and any(a.tag == "figure" for a in el.iterancestors())


@lru_cache(maxsize=ATTR_CACHE)
def names_credit(attrs: str) -> bool:
    return bool(CREDIT_ATTR.search(attrs))


def _attached(el: etree._Element, root: etree._Element) -> bool:
    """Still in `root`'s tree: not inside an element an earlier step removed."""
    return any(ancestor is root for ancestor in el.iterancestors())


def _with_ancestors(elements: Iterable[etree._Element]) -> set[etree._Element]:
    found: set[etree._Element] = set()
    for el in elements:
        found.add(el)
        found.update(el.iterancestors())
    return found


def _prose_chars(el: etree._Element) -> int:
    """Characters of text outside links: what a wrapper of the article holds most of."""
    text = len(collapse_space(el.text_content(), _PROSE_SPACE))
    links = sum(len(collapse_space(a.text_content(), _PROSE_SPACE)) for a in el.iter("a"))
    return max(0, text - links)


def _is_article_header(el: etree._Element) -> bool:
    """A <header> inside an article holds the headline and lead, not site chrome."""
    return any(a.tag in ("article", "main") for a in el.iterancestors())


def drop_related_boxes(
    root: etree._Element, keep: Iterable[etree._Element] = (), dropped: Dropped | None = None
) -> None:
    """Containers opened by a "read also"/"related" heading or caption: other stories' links.

    `keep` (the body containers) and their ancestors are never dropped, however short.
    """
    protected = _with_ancestors(keep)
    gone: set[etree._Element] = set()
    for el in list(root.iter("section", "div", "aside", "ul", "p", *HEADING_TAGS)):
        if el.getparent() is None or el in protected or el in gone:
            continue
        first = _first_text(el)
        if not first or not related_heading(first):
            continue
        text = normalize_space(el.text_content())
        if len(text) > 600:
            continue
        lone = _lone_heading(text, first)
        if not lone and _unlinked_sentence(el, text):
            continue  # a sentence of the story that opens alike ("По теме доклада выступил ...")
        note(dropped, "related-stories box", text)
        teasers = _teasers_after(el, protected, strict=el.tag in HEADING_TAGS) if lone else []
        _drop_all(el, gone)
        for teaser in teasers:
            note(dropped, "related-stories box", normalize_space(teaser.text_content()))
            _drop_all(teaser, gone)


# A related-stories heading is a short title, not a sentence that opens like one.
RELATED_HEADING_MAX_CHARS = 60
_ENDS_AS_SENTENCE = re.compile(r"[.!?…][»”\"')]?$")


def _unlinked_sentence(el: etree._Element, text: str) -> bool:
    """`el` is one paragraph of the story that opens like a related box's title: it holds no
    block of its own, links nowhere and ends as a sentence or runs to twice SENTENCE_WORDS
    words; or it ends as a sentence and reads on past its opening in SENTENCE_WORDS words of
    its own besides its links ("Также в разделе <a>«Документы»</a> на сайте мэрии размещены
    образцы заявлений.")."""
    if any(child is not el and child.tag in BLOCK_TAGS for child in el.iter()):
        return False  # a box of blocks: a title, then its teasers
    if any(a.tag == "a" for a in el.iterancestors()):
        return False
    links = [a for a in el.iter("a") if normalize_space(a.text_content())]
    ends = _ENDS_AS_SENTENCE.search(text) is not None
    if not links:
        return ends or len(text.split()) >= 2 * SENTENCE_WORDS
    if not ends:
        return False
    linked = sum(len(normalize_space(a.text_content()).split()) for a in links)
    return len(text.split()) - linked - len(_first_text(el).split()) >= SENTENCE_WORDS


# Words of its own a paragraph holds past its opening and its links, at least, to be a sentence.
SENTENCE_WORDS = 6


def _lone_heading(text: str, first: str) -> bool:
    """The element's whole text is its related-stories heading ("Ссылки по теме:")."""
    return text == first and len(text) <= RELATED_HEADING_MAX_CHARS and not text.endswith(".")


def _teasers_after(
    heading: etree._Element, protected: set[etree._Element], strict: bool = False
) -> list[etree._Element]:
    """The elements after a related-stories heading that stands alone ("<p><b>Ссылки по теме:</b>
    </p>", then a <p> per story): its box is the run of teasers that follows it.

    After a heading proper (<h2>-<h6>), which a story's own subheading may word alike
    ("Recommended reading"), a list is teasers only where each item's headline is a line of its
    own (`strict`): "<a>A book</a> by its author, borrowed 1,204 times." is the story's."""
    found = []
    for el in heading.itersiblings():
        if not isinstance(el.tag, str) or el.tag in ("br", "hr"):
            continue
        if el in protected or not _teaser(el, strict):
            break
        found.append(el)
    return found


# A teaser is a headline with its link, at most a line of summary after it; one that ends in
# a linked marker ("Headline >>>") is a headline's length; one that opens with it, a headline's words.
TEASER_MAX_CHARS = 400
TEASER_LINE_MAX_CHARS = 150
TEASER_HEADLINE_WORDS = 4
TEASER_LINK_SHARE = 0.5
TEASER_LIST_SHARE = 0.75  # a list of teasers may close with a link to the section


def _teaser(el: etree._Element, strict: bool = False) -> bool:
    """A story's headline linked to it: a line that is mostly link or ends in a linked marker
    ("Headline >>>"), not a sentence; or a list whose items open with a linked headline
    ("<a>Headline</a> - summary"), bar a link to the section. A paragraph that cites its
    source or opens with a linked name is article text; so is a footnote mark, an address or
    an anchor with no page."""
    if el.tag in ("ul", "ol"):
        items = list(el.iterchildren("li"))
        teasers = sum(_teaser_item(item, strict) for item in items)
        return bool(items) and teasers >= TEASER_LIST_SHARE * len(items)
    if el.tag not in ("p", "div"):
        return False
    if el.tag == "div" and _card_grid(el):
        return True
    text = normalize_space(el.text_content())
    if not text or len(text) > TEASER_MAX_CHARS or text.endswith("."):
        return False
    links = [a for a in el.iter("a") if _to_a_page(a)]
    linked = sum(len(normalize_space(a.text_content())) for a in links)
    if linked >= TEASER_LINK_SHARE * len(text):
        return True
    texts = [t for t in el.xpath(".//text()") if t.strip()]
    last = _in_link(texts[-1], el) if texts else None
    return (
        len(text) <= TEASER_LINE_MAX_CHARS
        and last is not None
        and not any(char.isalpha() for char in last.text_content())
    )


def _card_grid(box: etree._Element) -> bool:
    """`box` is a grid of other stories' cards: CARD_GRID_MIN boxes or more, each ending in
    its short link to the story ("Read more", "Continue reading", "Читать дальше")."""
    cards = [child for child in box if isinstance(child.tag, str)]
    return len(cards) >= CARD_GRID_MIN and all(map(_ends_in_its_link, cards))


def _ends_in_its_link(card: etree._Element) -> bool:
    last = next((t for t in reversed(card.xpath(".//text()")) if t.strip()), None)
    link = _in_link(last, card) if last is not None else None
    return (
        link is not None
        and _to_a_page(link)
        and len(normalize_space(link.text_content()).split()) <= CALL_TO_ACTION_WORDS
        and len(normalize_space(card.text_content())) > len(normalize_space(link.text_content()))
    )


# A grid of cards after a related box's title: this many cards at least, each ending in its
# call to action (CALL_TO_ACTION_WORDS).
CARD_GRID_MIN = 2


def _teaser_item(li: etree._Element, strict: bool = False) -> bool:
    text = normalize_space(li.text_content())
    if not text or len(text) > TEASER_MAX_CHARS:
        return False
    texts = [t for t in li.xpath(".//text()") if t.strip()]
    for end in (texts[0], texts[-1]):
        link = _in_link(end, li)
        if (
            link is not None
            and len(normalize_space(link.text_content()).split()) >= TEASER_HEADLINE_WORDS
            and (not strict or _own_line(link))
        ):
            return True
    return False


def _own_line(link: etree._Element) -> bool:
    """`link` is all the text of the block holding it (a headline in its own <h4>)."""
    line = normalize_space(link.getparent().text_content())
    return line == normalize_space(link.text_content())


def _to_a_page(a: etree._Element) -> bool:
    href = (a.get("href") or "").strip().lower()
    return bool(href) and not href.startswith(("#", "mailto:", "tel:", "javascript:"))


def _in_link(text: etree._ElementUnicodeResult, stop: etree._Element) -> etree._Element | None:
    """The link to a page that holds the text node `text`, inside `stop`, if any."""
    return next((a for a in _text_parents(text, stop) if a.tag == "a" and _to_a_page(a)), None)


def _text_parents(
    text: etree._ElementUnicodeResult, stop: etree._Element
) -> Iterator[etree._Element]:
    """The elements holding the text node `text`, up to `stop`."""
    el = text.getparent()
    if text.is_tail:
        el = el.getparent()
    while el is not None and el is not stop:
        yield el
        el = el.getparent()


_FIRST_TEXT = etree.XPath("(.//text()[normalize-space()])[1]")


def _first_text(el: etree._Element) -> str:
    """The first text of `el`; whole where inline markup breaks up the line that holds it
    ("<h2><em>Vanity Fair</em>'s Most Read Stories</h2>" is one title, not "Vanity Fair")."""
    if el.text and el.text.strip():  # what itertext() would give first, without starting it
        return el.text.strip()
    for text in _FIRST_TEXT(el):
        line = text.getparent().getparent() if text.is_tail else text.getparent()
        while line is not el and line.tag in INLINE_TAGS:
            line = line.getparent()
        if line is not el and not has_block_child(line):
            return normalize_space(line.text_content())
        return text.strip()
    return ""
