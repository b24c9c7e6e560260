"""Site templates learned from a site's own pages: what recurs across its articles is chrome there.

A page's fingerprints are one key per text block: the block's place in the page structure (its
ancestors' tags and class tokens, digits left out) and its normalised text with URLs, dates and
numbers masked, so "Постоянный адрес статьи: <URL>" or a post-date line is the same key on every
article of the site. `translator.store.Cache` keeps, per host, how many different pages showed
each key; a block whose key showed on other pages of the host (`MIN_OTHER_PAGES`, more for long
blocks) is dropped from the body as template. Text that carries a legal label is never template.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from lxml import etree

from translator.article import Block
from translator.extract.blocks import emit_located
from translator.extract.clean import drop_invisible
from translator.extract.tree import parse
from translator.extract.vocabulary import MONTHS_RU

if TYPE_CHECKING:
    from translator.store import Cache

# A block seen on this many other pages of the host is template.
MIN_OTHER_PAGES = 1
# Longer blocks need more pages: an article may quote a background paragraph of an earlier one.
LONG_BLOCK_CHARS = 200
LONG_MIN_OTHER_PAGES = 2
# Fingerprints taken from one page at most (a page of 100,000 links must not flood the store).
MAX_KEYS_PER_PAGE = 600
# Ancestors that name a block's place; deeper wrappers are left out.
PATH_DEPTH = 8

# Each pattern opens with a lookahead its every branch implies: it changes no match, and lets
# the regex engine pass over the positions no branch can start at without trying them all.
_URL = re.compile(r"(?=[hw])(https?://|www\.)\S+", re.IGNORECASE)
_DATE = re.compile(
    r"(?=\d)(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}:\d{2}|"
    rf"\d{{1,2}}\s+{MONTHS_RU}"
    r"(\s+\d{4})?)",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d+")
_DIGIT_TOKEN = re.compile(r"\d")


def host_of(url: str | None) -> str:
    """The host a template belongs to: lower case, without a leading "www."."""
    try:
        host = (urlsplit(url or "").hostname or "").lower()
    except ValueError:
        return ""
    return host.removeprefix("www.")


def masked(text: str) -> str:
    """`text` with URLs, dates and numbers masked and case and spacing normalised."""
    text = _URL.sub("<url>", text)
    if _DIGIT_TOKEN.search(text):  # dates and numbers hold a digit: most chrome lines have none
        text = _NUMBER.sub("<n>", _DATE.sub("<date>", text))
    # str.split() cuts at exactly the characters \s matches, far faster than a regex substitution
    return " ".join(text.split()).lower()


def element_path(
    el: etree._Element, named: dict[etree._Element, tuple[str, ...]] | None = None
) -> str:
    """Where `el` sits: its ancestors' tags and stable class tokens, innermost last.

    `named`, when given, keeps each element's parts between calls: the blocks of one page share
    most of their ancestors, and a block's parts are its own and its parent's.
    """
    return ">".join(reversed(_parts(el, {} if named is None else named)))


def _parts(el: etree._Element, named: dict[etree._Element, tuple[str, ...]]) -> tuple[str, ...]:
    """The parts of `el` and its ancestors, innermost first: at most PATH_DEPTH of them, up to
    the first that is not an element or is <html> or <body>."""
    walked: list[etree._Element] = []
    node: etree._Element | None = el
    above: tuple[str, ...] = ()
    while node is not None and len(walked) < PATH_DEPTH:
        known = named.get(node)
        if known is not None:
            above = known
            break
        if not isinstance(node.tag, str) or node.tag in ("html", "body"):
            break
        walked.append(node)
        node = node.getparent()
    else:
        if node is not None:  # PATH_DEPTH parts, all walked: only `el`'s are known whole
            parts = tuple(_path_part(n) for n in walked)
            named[el] = parts
            return parts
    for node in reversed(walked):  # each walked element's parts: its own, then its parent's
        above = (_path_part(node), *above[: PATH_DEPTH - 1])
        named[node] = above
    return above


def _path_part(node: etree._Element) -> str:
    classes = node.get("class")
    if not classes:
        return node.tag
    tokens = sorted(t for t in classes.split() if not _DIGIT_TOKEN.search(t))
    return ".".join([node.tag, *tokens[:3]])


def block_key(path: str, text: str) -> int:
    """The fingerprint of one block: a signed 64-bit hash of its place and masked text."""
    digest = hashlib.blake2b(f"{path}\x1f{masked(text)}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def page_keys(html: str, url: str | None = None) -> set[int]:
    """The fingerprints of every text block of a page (at most MAX_KEYS_PER_PAGE)."""
    root = parse(html)
    if root is None:
        return set()
    drop_invisible(root)
    body = root.find("body")
    return located_keys(emit_located([body if body is not None else root], url))


def located_keys(located: Iterable[tuple[Block, etree._Element]]) -> set[int]:
    """The fingerprints of emitted blocks with the elements they came from (at most
    MAX_KEYS_PER_PAGE)."""
    return learnable(block_keys(located))


def block_keys(located: Iterable[tuple[Block, etree._Element]]) -> Iterator[int]:
    """The fingerprint of each emitted block, in order, from the element it came from."""
    named: dict[etree._Element, tuple[str, ...]] = {}
    for block, origin in located:
        yield block_key(element_path(origin, named), block.text)


def learnable(keys: Iterable[int]) -> set[int]:
    """Of a page's fingerprints, those a template learns: the first MAX_KEYS_PER_PAGE."""
    found: set[int] = set()
    for key in keys:
        found.add(key)
        if len(found) >= MAX_KEYS_PER_PAGE:
            break
    return found


@dataclass
class Template:
    """What a host's pages have in common: pages seen per key, and whether this page is one.

    A template from the store (`template_for`) holds no counts until `look_up` reads those of
    one page's keys; one built in memory holds them all.
    """

    host: str
    counts: dict[int, int] = field(default_factory=dict)
    pages: int = 0
    includes_page: bool = False
    read: Callable[[Collection[int]], dict[int, int]] | None = None

    def learned_anything(self) -> bool:
        return bool(self.counts or self.pages)

    def look_up(self, keys: Collection[int]) -> None:
        """Have the counts of `keys` at hand: read from the store, when the template has one."""
        if self.read is not None:
            self.counts = self.read(keys)

    def others(self, key: int) -> int:
        """How many pages other than the one extracted showed `key`."""
        seen = self.counts.get(key, 0)
        return seen - 1 if self.includes_page and seen else seen

    def drops(self, block: Block, key: int) -> bool:
        """True when `block`, whose fingerprint is `key`, is this site's template, not the article."""
        needed = LONG_MIN_OTHER_PAGES if len(block.text) > LONG_BLOCK_CHARS else MIN_OTHER_PAGES
        if self.others(key) < needed:
            return False
        return not legally_required(block.text)


def legally_required(text: str) -> bool:
    """Text a label stage must see (foreign-agent, banned-in-Russia marks): never template."""
    from translator.labels import is_legally_required

    return is_legally_required(text)


# ---- learning and looking up, over the store ---------------------------------------------

# Paths that name a list, not an article: never a sibling to learn from.
NOT_ARTICLE_PATH = re.compile(
    r"/(tags?|rubrics?|category|categories|authors?|search|login|signin|page|feed|rss)(/|$)|"
    r"\.(jpe?g|png|gif|webp|svg|pdf|zip|mp[34]|css|js|xml)$",
    re.IGNORECASE,
)
ARTICLE_PATH = re.compile(r"\d{3,}|\.s?html?$|/[^/]+-[^/]+-[^/]+/?$")


def learn(cache: Cache, url: str, html: str) -> bool:
    """Count `html`'s fingerprints for its host; False when the page was counted already."""
    return learn_keys(cache, url, page_keys(html, url))


def learn_keys(cache: Cache, url: str, keys: set[int]) -> bool:
    """Count one page's fingerprints for its host; False when the page was counted already."""
    host = host_of(url)
    if not host:
        return False
    return cache.template_learn(host, url, keys)


def template_for(cache: Cache, url: str) -> Template:
    """The template learned for `url`'s host (possibly empty), for `Options.template`.

    Its counts are read from `cache` during extraction, for the page's own keys: the cache
    must stay open until the page is extracted.
    """
    host = host_of(url)
    learned = cache.template_pages(host, url)
    return Template(
        host=host,
        pages=learned.pages,
        includes_page=learned.includes_page,
        read=partial(cache.template_counts, host) if learned.pages else None,
    )


def sibling_links(html: str, url: str, limit: int) -> list[str]:
    """Up to `limit` article pages of `url`'s host linked from the page, likeliest first."""
    root = parse(html)
    if root is None or limit <= 0:
        return []
    host, own = host_of(url), urlsplit(url).path.rstrip("/")
    found: dict[str, int] = {}
    for anchor in root.iter("a"):
        href = _absolute(anchor.get("href") or "", url)
        if not href or host_of(href) != host:
            continue
        path = urlsplit(href).path
        if path.rstrip("/") == own:
            continue  # the page itself (a print or share variant)
        if NOT_ARTICLE_PATH.search(path) or not ARTICLE_PATH.search(path):
            continue
        found.setdefault(href, len(path))
    return sorted(found, key=lambda link: -found[link])[:limit]


def _absolute(href: str, base: str) -> str:
    try:
        link = urljoin(base, href.strip()).split("#", 1)[0]
    except ValueError:
        return ""
    return link if link.lower().startswith(("http://", "https://")) else ""
