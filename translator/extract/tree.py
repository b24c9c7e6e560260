"""Tree helpers the passes share: parsing, whitespace, attribute text, removing an element."""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree
from lxml import html as lxml_html
from lxml.cssselect import CSSSelector

from translator.extract.vocabulary import BLOCK_TAGS

# What the whitespace rules fold into a space, beside the space itself.
ASCII_SPACE = "\t\n\r\f\v"
ZERO_WIDTH = "\u200b\ufeff"
_SPACE_RUN = re.compile("  +")


def collapse_space(text: str, also: str = ASCII_SPACE) -> str:
    """Every run of spaces and characters of `also` as one space (NBSP stays, like any other).

    Replaces, then a regex over runs of spaces only: a regex over the whole class matched at
    every space between two words, and this was the costliest line of extraction.
    """
    for char in also:
        if char in text:
            text = text.replace(char, " ")
    return _SPACE_RUN.sub(" ", text) if "  " in text else text


def normalize_space(text: str) -> str:
    """Collapse runs of ASCII whitespace into one space and strip; NBSP and zero-width spaces stay."""
    return collapse_space(text).strip()


def attr_text(el: etree._Element) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}"


def attr_names(el: etree._Element) -> str:
    """`el`'s class and id, each camel-cased name followed by its words ("relatedArticles
    related Articles"): what the furniture vocabulary is matched against, so that it names
    "relatedArticles" as it names "related-articles". (Not the content vocabulary: a layout's
    "contentRight" is no article.)"""
    return camel_words(attr_text(el))


@lru_cache(maxsize=4096)  # a site repeats a few hundred class texts across its pages
def camel_words(text: str) -> str:
    """`text` (class and id names) with each camel-cased name's words after it (`attr_names`)."""
    if _CAMEL_TURN.search(text) is None:
        return text
    words = [_CAMEL_TURN.sub(" ", name) for name in text.split() if _CAMEL_NAME.match(name)]
    return " ".join([text, *words])


# A name made of words, each a capital and small letters after the first ("relatedArticles",
# "StoryNav"): not a generated hash ("AdDsWC", "sc-1a2Bc3"), whose capitals fall anywhere.
_CAMEL_NAME = re.compile(r"[A-Za-z][a-z]+(?:[A-Z][a-z]+)+$")
_CAMEL_TURN = re.compile(r"(?<=[a-z])(?=[A-Z])")


NOT_XML_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# ... the same characters less the surrogates, which no search finds faster than an encoding
_NOT_XML_CHARS = tuple(
    chr(c) for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF)
)


def without_non_xml(html: str) -> str:
    """`html` without NOT_XML_TEXT. Most pages hold none of it, and two scans in C (a search per
    character, an encoding that fails on a lone surrogate) tell so in half the regex's time."""
    if not any(char in html for char in _NOT_XML_CHARS):
        try:
            html.encode("utf-8")
        except UnicodeEncodeError:
            pass
        else:
            return html
    return NOT_XML_TEXT.sub("", html)


class _Element(lxml_html.HtmlElement):
    """lxml.html's element, with a cheaper text_content()."""

    def text_content(self) -> str:
        """The text of every text node inside, as lxml.html's text_content() gives it.

        lxml.html evaluates the XPath string() for it, which libxml2 answers with the node's
        content; serialising as text reads the same content (the same libxml2 routine) without
        setting up an XPath evaluation, four times faster on a paragraph.
        """
        return etree.tostring(self, method="text", encoding="unicode", with_tail=False)


# lxml.html's own parser picks each element's class in Python, every time a pass reaches an
# element; a C-level lookup gives every element the same class (form controls lose only lxml's
# form helpers, which no pass uses), so walking the tree costs far less.
_PARSER = etree.HTMLParser()
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=_Element,
        comment=lxml_html.HtmlComment,
        pi=lxml_html.HtmlProcessingInstruction,
        entity=lxml_html.HtmlEntity,
    )
)
# Distinct selectors compiled and kept: the site rules' and the generic ones, with room to spare.
SELECTOR_CACHE = 512


def parse(html: str) -> lxml_html.HtmlElement | None:
    """The document tree of `html`, or None when there is nothing to parse."""
    if not html or not html.strip():
        return None
    # lxml refuses a str that declares its own encoding; the text is already decoded.
    html = _XML_DECLARATION.sub("", html, count=1)
    # Control characters and lone surrogates survive parsing but make lxml refuse the text
    # again later (ValueError on any edit), so they go before the tree is built.
    html = as_browsers_read(close_open_title(without_non_xml(html)))
    try:
        return lxml_html.document_fromstring(html, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None


# Anchored at the start, so the regex engine tries the first position only, whatever the size.
_XML_DECLARATION = re.compile(r"^[\ufeff\s]*<\?xml[^>]*>")
# A <title> never closed (a page cut and glued in transit) would hold the rest of the page as
# its text, markup and all, and leave the body empty: the title is what precedes its first tag.
_OPEN_TITLE = re.compile(r"<title\b[^>]*>[^<]*", re.IGNORECASE)
_CLOSE_TITLE = re.compile(r"</title\s*>", re.IGNORECASE)


def close_open_title(html: str) -> str:
    """`html` with a <title> that is never closed closed before the first tag after it."""
    opened = _OPEN_TITLE.search(html)
    if opened is None or _CLOSE_TITLE.search(html, opened.end()):
        return html
    return f"{html[: opened.end()]}</title>{html[opened.end() :]}"


# Where libxml2 reads <html> and <body> tags as no browser does, they are rewritten, in one scan:
# - libxml2 honours "/>" on them, which browsers ignore on any element that is not void: a page
#   whose <html .../> came self-closed (a tag cut and glued in transit) parses to an empty
#   document, and a <body/> leaves the body empty, so that slash goes, on every such tag in any
#   case (an old IE's conditional comment may hold an <html> before the real one);
# - browsers read on past </body> and </html>: what follows goes back into the body. libxml2
#   ends the document at </html> and parks what follows </body> beside the body, so a page
#   glued from several documents by server-side includes (a header's own <html>...</html>, then
#   the story's page) kept only the first. The end tags go, and the tree closes at the end.
_DOCUMENT_TAG = re.compile(
    r"<(?:(?P<end>/(?:body|html)\s*>)|(?:html|body)(?=[\s/>])[^<>]*/>)", re.IGNORECASE
)


def as_browsers_read(html: str) -> str:
    """`html` without its </body> and </html> end tags (everything after them is body too),
    its self-closed <html .../> and <body .../> tags opened ("/>" made ">")."""
    return _DOCUMENT_TAG.sub(lambda tag: "" if tag["end"] else tag.group(0)[:-2] + ">", html)


@lru_cache(maxsize=SELECTOR_CACHE)
def _compiled(selector: str) -> CSSSelector:
    return CSSSelector(selector, translator="html")


def select(el: etree._Element, selector: str) -> list[etree._Element]:
    """`el.cssselect(selector)`, with the selector compiled once per process, not once per call."""
    return _compiled(selector)(el)


def drop(el: etree._Element) -> None:
    """Remove `el` but keep its tail text in place."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def holds(box: etree._Element, el: etree._Element) -> bool:
    """`el` is `box` or inside it."""
    return el is box or any(a is box for a in el.iterancestors())


def outermost(elements: list[etree._Element]) -> list[etree._Element]:
    """`elements` less those inside another of them, in their order."""
    chosen = set(elements)
    return [el for el in elements if not any(a in chosen for a in el.iterancestors())]


def in_document_order(elements: list[etree._Element]) -> list[etree._Element]:
    """`elements` of one tree in the order they open in its markup."""
    if len(elements) < 2:
        return elements
    wanted = set(elements)
    return [el for el in elements[0].getroottree().iter() if el in wanted]


def has_block_child(el: etree._Element) -> bool:
    if not len(el):  # most paragraphs hold only text: nothing to walk
        return False
    return any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in el.iterdescendants())


# What a pass dropped and why, for `translator extract --explain`: (reason, text) pairs.
Dropped = list[tuple[str, str]]
EXPLAIN_CHARS = 160


def note(dropped: Dropped | None, reason: str, what: etree._Element | str) -> None:
    """Record one dropped element or block in `dropped` (when collecting); text shortened."""
    if dropped is None:
        return
    text = what if isinstance(what, str) else normalize_space(what.text_content())
    if text:
        short = text if len(text) <= EXPLAIN_CHARS else text[: EXPLAIN_CHARS - 1] + "…"
        dropped.append((reason, short))


def paragraph_breaks(el: etree._Element) -> set[etree._Element] | None:
    """The <br>s of `el` that end a paragraph (the second and later of a run: a paragraph
    written without </p>), or None if there are none."""
    found: set[etree._Element] = set()
    previous_br = False
    for child in el:
        is_br = child.tag == "br"
        if is_br and previous_br:
            found.add(child)
        previous_br = is_br and not (child.tail or "").strip()
    return found or None


def link_density(el: etree._Element) -> float:
    """The share of `el`'s text that is link text, 0 to 1."""
    text_len = len(normalize_space(el.text_content())) or 1
    link_len = sum(len(normalize_space(a.text_content())) for a in el.iter("a"))
    return min(1.0, link_len / text_len)


def text_before(box: etree._Element, el: etree._Element) -> str:
    """The text of `box` that comes before its descendant `el`, spaces normalised."""
    ancestors = set(el.iterancestors())
    parts = []
    for node in box.iter():
        if node is el:
            break
        if isinstance(node.tag, str):
            parts.append(node.text or "")
        if node is not box and node not in ancestors:
            parts.append(node.tail or "")  # a node passed whole: its tail precedes `el`
    return normalize_space("".join(parts))


# Where a lazily loaded picture keeps its address until it scrolls into view (its src a
# placeholder: an inline GIF, "blank.gif"), or the set of its sizes.
LAZY_SOURCES = ("data-src", "data-lazy-src", "data-original", "data-lazy")
LAZY_SOURCE_SETS = ("data-srcset", "data-lazy-srcset")


def picture_source(img: etree._Element) -> str:
    """The address of the picture `img` shows: a lazy-load attribute's where one is set (its
    src is then a placeholder), else the first of a lazy source set's, else its src."""
    for name in LAZY_SOURCES:
        if value := (img.get(name) or "").strip():
            return value
    for name in LAZY_SOURCE_SETS:
        candidates = (img.get(name) or "").split(",")
        if first := next((c.split()[0] for c in candidates if c.split()), ""):
            return first
    return (img.get("src") or "").strip()
