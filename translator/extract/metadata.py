"""Article metadata from one parsed page: title, dates, author, lead, canonical URL, outlet, image.

Sources in order of trust: the site rule, JSON-LD, Open Graph / article meta, microdata, visible
elements; dates fall back to htmldate. Dates come out as timezone-aware ISO 8601 strings, with
Moscow time (UTC+3) assumed where the page names no zone.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lxml import etree

from translator.article import Image
from translator.extract.blocks import absolute
from translator.extract.sites import SiteRule
from translator.extract.templates import host_of
from translator.extract.tree import attr_text, normalize_space, picture_source, select
from translator.extract.vocabulary import BYLINE_RE, LABELLED_LINE_RE, toolbar_line

MOSCOW = timezone(timedelta(hours=3))
try:
    _MOSCOW_ZONE: tzinfo = ZoneInfo("Europe/Moscow")
except ZoneInfoNotFoundError:  # pragma: no cover -- a system without the time zone database
    _MOSCOW_ZONE = MOSCOW
# JSON-LD nested deeper than this is refused unread (a real article's is a few levels deep).
MAX_LD_DEPTH = 64
_LD_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def too_deep(text: str) -> bool:
    """True when the JSON in `text` nests arrays/objects deeper than MAX_LD_DEPTH."""
    depth = 0
    for char in _LD_STRING.sub('""', text):
        if char in "[{":
            depth += 1
            if depth > MAX_LD_DEPTH:
                return True
        elif char in "]}":
            depth -= 1
    return False


def json_ld(root: etree._Element) -> list[dict]:
    """Every JSON-LD object on the page (graphs flattened); unreadable scripts are skipped."""
    found: list[dict] = []
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        if too_deep(script.text):
            continue
        try:
            data = json.loads(script.text)
        except (ValueError, RecursionError):
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                found.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
            elif isinstance(item, list):
                stack.extend(item)
    return found


def _article_ld(items: list[dict]) -> dict:
    for item in items:
        kind = item.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(
            isinstance(k, str) and ("Article" in k or k in ("BlogPosting", "Report")) for k in kinds
        ):
            return item
    return {}


@dataclass(frozen=True)
class Marks:
    """What a page declares about itself for machines, each read once: every <meta> content by
    name and attribute (several passes ask for a few names each), and its JSON-LD items."""

    metas: dict[tuple[str, str], str]
    ld_items: list[dict]
    ld: dict  # the item that describes the article, or {}

    def meta(self, *names: str) -> str | None:
        """The first non-empty content of <meta property|name|itemprop=name>, in `names`' order."""
        for name in names:
            for attr in _META_ATTRIBUTES:
                if (name, attr) in self.metas:
                    return self.metas[(name, attr)]
        return None


_META_ATTRIBUTES = ("property", "name", "itemprop")


def marks(root: etree._Element) -> Marks:
    """The page's <meta> contents and JSON-LD, read in one pass each."""
    metas: dict[tuple[str, str], str] = {}
    for el in root.iter("meta"):
        for attr in _META_ATTRIBUTES:
            key = el.get(attr)
            if key and (key, attr) not in metas:
                content = normalize_space(el.get("content") or "")
                if content:
                    metas[(key, attr)] = content
    items = json_ld(root)
    return Marks(metas, items, _article_ld(items))


def _first_text(
    root: etree._Element, selectors: tuple[str, ...]
) -> tuple[str | None, etree._Element | None]:
    for selector in selectors:
        for el in select(root, selector):
            value = el.get("datetime") or el.get("content") or el.text_content()
            value = normalize_space(value or "")
            if value:
                return value, el
    return None, None


# What a reader sees of an element: a <script> left open inside an <h1> swallows the rest of the
# page as its text, and that is markup, not a headline.
_HIDDEN_TAGS = ("script", "style", "template", "noscript")
_VISIBLE_TEXT = etree.XPath(
    ".//text()[not(ancestor::script or ancestor::style or ancestor::template or ancestor::noscript)]"
)


# The markup the metadata passes look for, compiled once rather than on every page. Each
# attribute's value is compared only where the attribute is there ([@a][@a='v'], the same
# elements as [@a='v']): libxml2 is much slower at the comparison than at the test.
_DATE_PUBLISHED = etree.XPath("//*[@itemprop][@itemprop='datePublished']")
_AUTHOR = etree.XPath("//*[@itemprop or @rel][@itemprop='author' or @rel='author']")
_CANONICAL = etree.XPath("//link[@rel='canonical'][@href]")
_PUBLISHER_NAME = etree.XPath(
    "//*[@itemprop][@itemprop='publisher']//*[@itemprop][@itemprop='name']"
)


def title(root: etree._Element, marks: Marks, rule: SiteRule, url: str | None = None) -> str:
    """The visible headline: the rule's selector, else the heading that is the headline part of
    og:title or <title> (the site's name cut off), else og:title, else that headline part.

    A heading that is only a short part of the title is the site's name or a section's (an
    <h1> logo, "Football"), not the headline.
    """
    if rule.title:
        found, _ = _first_text(root, rule.title)
        if found:
            return found.strip("\u200b ")
    og = marks.meta("og:title", "twitter:title")
    head = page_title(root)
    site = _site_name(url)
    titles = [t.strip("\u200b ") for t in dict.fromkeys((og or "", head)) if t.strip("\u200b ")]
    h1s = _headings(root, "h1")
    named = _heading_the_title_names(root, h1s, titles, site)
    if named is not None:
        return named
    core = headline_part(titles[0], site) if titles else ""
    if h1s and (not titles or (len(h1s) == 1 and _may_be_headline(h1s[0], core, site))):
        return h1s[0]
    line = _line_the_title_names(root, titles, core, site)
    if line is not None:
        return line
    if og:
        return og.strip("\u200b ")
    return core or (h1s[0] if h1s else "")


# A line break written into a title as markup parts its lines ("ΑΝΤΙΣΤΑΘΕΙΤΕ <BR>συγκυβέρνησης").
_LINE_BREAK_IN_TITLE = re.compile(r"<br\s*/?>", re.IGNORECASE)
# A <title> left unclosed holds the page's script up to the next "</title>" it finds: a title
# longer than MAX_TITLE_CHARS ends where markup or code begins (a tag, a brace, a call on a
# quoted argument, a "document." or "function f("). A headline of that size holds none, and a
# short one may name code ("Chrome to block document.write()").
_CODE_IN_TITLE = re.compile(
    r"</?[a-zA-Z]|[{}]|\w+\(\s*['\"]|\b(?:document|window)\.\w|\bfunction\s+\w+\s*\(|\bvar\s+\w+\s*="
)
MAX_TITLE_CHARS = 300


def page_title(root: etree._Element) -> str:
    """The page's <title>, up to where the code an unclosed one swallowed begins."""
    title = normalize_space(_LINE_BREAK_IN_TITLE.sub(" ", root.findtext(".//title") or ""))
    code = _CODE_IN_TITLE.search(title) if len(title) > MAX_TITLE_CHARS else None
    return title if code is None else title[: code.start()].rstrip(" (;,")


def _heading_the_title_names(
    root: etree._Element, h1s: list[str], titles: list[str], site: str
) -> str | None:
    """The first <h1>, then <h2>/<h3>, that one of `titles` names as the headline."""
    cut = [(t, title_parts(t), headline_part(t, site)) for t in titles]
    for h in itertools.chain(h1s, _iter_headings(root, "h2", "h3")):
        if any(_names_headline(h, t, parts, core) for t, parts, core in cut):
            if any(t in h for t in titles) and _names_site(h, site):
                return _longest_end(title_parts(h), site)  # a heading holding the whole title
            return h
    return None


def _line_the_title_names(
    root: etree._Element, titles: list[str], core: str, site: str
) -> str | None:
    """The part of a title that a line of the page shows whole, set as no heading is
    (<div class="headline">, <font class="storyhead"><b>): the headline, where the rest of
    the title ("ΤО ВНМА - ...", "... | Site - its motto") is the site's. Only the title's
    headline part and its longest part are asked: a shorter one a line shows is a breadcrumb's
    section, and a title of one part is the headline or the site's name, which this cannot
    tell apart. A link's text is a teaser, not the page's own headline."""
    body = root.find("body")
    if body is None:
        return None
    asked = [core] if core else []
    for title in titles:
        parts = title_parts(title)
        if len(parts) > 1:
            asked.append(max(parts, key=len))
    for part in dict.fromkeys(asked):
        if len(_NAME_WORD.findall(part)) < MIN_HEADLINE_WORDS or _names_site(part, site):
            continue
        shown = _shown(body, part)
        if shown is not None:
            return shown
    return None


def names_no_story(root: etree._Element, title: str, marks: Marks, url: str | None) -> bool:
    """`title` is the site's name or a section's, not this story's headline: empty, the
    site's name (og:site_name, the host's), or text that no heading and no line of the page
    outside a link shows whole ("The Hindu News Update Service" over every story of the
    site). Case, ё and the style of quotes and dashes do not tell a headline apart."""
    if not title:
        return True
    if _the_sites_name(title, marks, url):
        return True
    folded = _fold(title)
    if any(_fold(heading) == folded for heading in _iter_headings(root, "h1", "h2", "h3")):
        return False
    body = root.find("body")
    return body is not None and _shown(body, title) is None


def headline_above(container: etree._Element, marks: Marks, url: str | None) -> str | None:
    """The story's headline set above its body container: of the headings and the elements
    a site names its title (<div class="headline">, <span class="storyhead">) within
    HEADLINE_ABOVE_ELEMENTS before it, the one of the highest rank (<h1> to <h4>, then a
    class naming a title), nearest within its rank, that reads as a headline.

    None of a picture's or player's, a byline's, a rubric's, a list's, a poll's or the site
    header's (their classes say so), of a teaser (a link to another page) or of the site's
    name; a heading that links to the page itself is the headline still."""
    found: list[tuple[int, int, str]] = []
    for read, el in enumerate(_before(container)):
        if read >= HEADLINE_ABOVE_ELEMENTS:
            break
        rank = _headline_rank(el)
        if rank is None or _furniture_around(el, container):
            continue
        text = normalize_space(el.text_content())
        if (
            headline_line(text)
            and not _links_elsewhere(el, url)
            and not _the_sites_name(text, marks, url)
            and not _SECTION_LINE.match(text)
        ):
            found.append((rank, read, text))
    return min(found)[2] if found else None


def _before(container: etree._Element) -> Iterator[etree._Element]:
    """The elements before `container` in the page, nearest first, short of <body>."""
    for node in (container, *container.iterancestors()):
        if node.tag in ("body", "html"):
            return
        for sibling in node.itersiblings(preceding=True):
            yield from (el for el in reversed(list(sibling.iter())) if isinstance(el.tag, str))


def _headline_rank(el: etree._Element) -> int | None:
    """1 to 4 for <h1> to <h4>, 5 for an element a class names a title (a wrapper may hold
    the heading and its tags beside it), None for any other."""
    if el.tag in ("h1", "h2", "h3", "h4"):
        return int(el.tag[1])
    return HEADLINE_CLASS_RANK if _HEADLINE_ATTR.search(attr_text(el)) else None


HEADLINE_CLASS_RANK = 5


def named_headline(el: etree._Element) -> bool:
    """`el`'s class names it a story's headline ("headline", "article_headline", "story-title",
    "entry-title"; a bare "title" may be any box's: "keypoints-title", "note-title"), and no
    picture's, byline's, rubric's or teaser's ("photo-title", "teaser-headline")."""
    names = attr_text(el)
    return (
        _STORY_HEADLINE_ATTR.search(names) is not None and _NOT_HEADLINE_ATTR.search(names) is None
    )


_STORY_HEADLINE_ATTR = re.compile(
    r"(^|[-_ ])(headline|storyhead|story-?title|article-?title|news-?title|post-?title|"
    r"entry-?title|zagolovok)($|[-_ ])",
    re.IGNORECASE,
)


def _furniture_around(el: etree._Element, container: etree._Element) -> bool:
    """`el` is, or sits in, a picture's caption, a player, a byline, a rubric, a list, a poll
    or the site's header."""
    for node in (el, *el.iterancestors()):
        if node.tag in ("body", "html") or node is container.getparent():
            return False
        if node.tag in ("figure", "figcaption", "li", "form") or _NOT_HEADLINE_ATTR.search(
            attr_text(node)
        ):
            return True
    return False


def _links_elsewhere(el: etree._Element, url: str | None) -> bool:
    """`el` is or holds a link to another page (a teaser); a link to the page itself (a
    headline a CMS links to its own address) is none."""
    own = (url or "").split("#")[0].rstrip("/")
    anchors = [a for a in el.iterancestors("a")] + list(el.iter("a"))
    return any(absolute(a.get("href", ""), url).split("#")[0].rstrip("/") != own for a in anchors)


HEADLINE_ABOVE_ELEMENTS = 60
_HEADLINE_ATTR = re.compile(
    r"(^|[-_ ])(headline|title|storyhead|story-?title|article-?title|news-?title|post-?title|"
    r"entry-?title|zagolovok)($|[-_ ])",
    re.IGNORECASE,
)
_NOT_HEADLINE_ATTR = re.compile(
    r"(^|[-_ ])(caption|photo|image|img|picture|gallery|video|audio|player|track|sub|subtitle|"
    r"dek|lead|author|byline|rubric|section|category|kicker|block|page|poll|vote|survey|quiz|"
    r"opros|list|item|lenta|feed|card|teaser|logo|slogan|site|weather|breaking|alert|"
    r"ticker|breadcrumbs?|crumbs?|meta|widget|sidebar|aside|banner|promo)($|[-_ ])",
    re.IGNORECASE,
)
# A section's heading, not a story's: "Последние новости региона", "Top Stories Right Now".
_SECTION_LINE = re.compile(
    r"^(последние|главные|все|другие|свежие|популярные|лучшие|новые)\s+(новости|статьи|материалы)|"
    r"^(top|latest|more|most|breaking)\s+(stories|news|headlines)\b|"
    r".*(»|›|>).*(»|›|>)",
    re.IGNORECASE,
)


def _the_sites_name(text: str, marks: Marks, url: str | None) -> bool:
    """`text` is og:site_name, or holds the host's distinctive name ("sjsuspartans"): another
    site's address in a headline ("... at Example.com offers ...") is no name of this one."""
    site = _site_name(url)
    squashed = re.sub(r"\W", "", text.lower())
    named = _fold(marks.meta("og:site_name") or "")
    # a one-word name ("News") may be any headline's word: it names the site only alone
    holds_name = named == _fold(text) or (len(named.split()) > 1 and named in _fold(text))
    return bool(named and holds_name) or bool(site and site.replace("-", "") in squashed)


# An element shows a text whole when it or one of this many of its ancestors holds just it.
SHOWN_MAX_CLIMB = 3
# A title's casing is the site's style ("Aidy Recalls Big Guns"), not the line's: a word is
# looked up as written and in lower case, the way a sentence writes it.
_HOLDING_WORD = etree.XPath("descendant::*[text()[contains(., $word) or contains(., $lower)]]")
_QUOTES = str.maketrans({q: '"' for q in "«»“”„‟″"} | {d: "-" for d in "–—‒−"} | {"ё": "е"})


def _fold(text: str) -> str:
    return normalize_space(text.casefold().translate(_QUOTES))


def _shown(body: etree._Element, text: str) -> str | None:
    """`text` as an element of `body`, not in a link, shows it whole, whatever inline markup
    parts it (<div>Путин провёл совещание с <b>правительством</b></div>) or its casing; None
    where none does. The elements holding the text's longest word are read: a word is rarely
    cut by markup."""
    words = _NAME_WORD.findall(text)
    if not words:
        return None
    folded = _fold(text)
    word = max(words, key=len)
    found = _HOLDING_WORD(body, word=word, lower=word.lower())
    for holder in found:
        el: etree._Element | None = holder
        for _ in range(SHOWN_MAX_CLIMB + 1):
            if el is None or el is body:
                break
            shown = _fold(el.text_content())
            if len(shown) > len(folded):
                break
            if shown == folded:
                return None if _in_a_link(el) else _as_written(el, text)
            el = el.getparent()
    return None


def _as_written(el: etree._Element, text: str) -> str:
    """The line `el` shows, as the page writes it; `text` (the title's) where the page shouts it
    in capitals, as a ticker does."""
    shown = normalize_space(el.text_content())
    return text if shown.isupper() and not text.isupper() else shown


# The story's own headline set as its body's first line: a line this long, no sentence.
HEADLINE_LINE_MAX_WORDS = 25
HEADLINE_LINE_MAX_CHARS = 200
_SENTENCE_END = re.compile(r"[.,:;。，：；]\s*$")
_LONG_WORD = re.compile(r"[^\W\d_]{2,}")
# Chinese and Japanese set no spaces: two characters count as a word.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# "МОСКВА, 10 мая — РИА Новости"
_DATELINE = re.compile(r"^[A-ZА-ЯЁ][\w .-]*,\s*\d{1,2}\s+[^\W\d_]+")


def headline_line(text: str) -> bool:
    """`text` reads as a headline: a short line of words that does not end as a sentence, a
    lead-in or a list does, and is no byline or date."""
    words = max(len(_LONG_WORD.findall(text)), len(_CJK.findall(text)) // 2)
    return (
        MIN_HEADLINE_WORDS <= words <= HEADLINE_LINE_MAX_WORDS
        and len(text) <= HEADLINE_LINE_MAX_CHARS
        and not _SENTENCE_END.search(text)
        and not BYLINE_RE.search(text)
        and not _DATELINE.match(text)
        and not LABELLED_LINE_RE.match(text)
        and not re.search(r"\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\s*$", text)
    )


def _in_a_link(el: etree._Element) -> bool:
    return el.tag in ("a", "option") or any(a.tag == "a" for a in el.iterancestors())


# A title part this short is a site's or section's name, not a headline.
MIN_HEADLINE_WORDS = 3
# A heading inside the title names the headline when it is at least this share of its part.
HEADLINE_SHARE = 0.6
# Names cut off the end of a title at most: the site's, a section's and a subsection's.
END_NAMES = 3
_TITLE_SEPARATOR = re.compile(r"(\s+(?:[|—–«»/>:-]|::|-{2})\s+|\s*\|\s*)")
# "Headline (from Harrow Times)": a syndicating group's titles name the paper so.
_FROM_SITE = re.compile(r"\s*\(from [^()]{2,60}\)\s*$", re.IGNORECASE)
# "Headline (The Korea Times)": a closing bracket that names the site.
_SITE_BRACKETS = re.compile(r"\s*\(([^()]{2,60})\)\s*$")
# "Site: Headline": a colon cuts a title when what precedes it names the site.
_PREFIX = re.compile(r"^([^:]{2,120}?)\s*:\s+(?=\S)")
_NAME_WORD = re.compile(r"[^\W\d_]+")
# A separator that leads from a site's or section's name into what follows ("Business : ...").
_BREADCRUMB = re.compile(r"\s*(:|::|>)\s*$")
_DOMAIN = re.compile(
    r"\b[\w-]+\.(?:com|net|org|ru|co|uk|tv|info|ua|by|kz|au|ca|in|de|eu)\b", re.IGNORECASE
)


def title_parts(title: str) -> list[str]:
    """A page title cut at its separators ("Headline - Section | Site")."""
    return [p.strip() for p in _TITLE_SEPARATOR.split(title)[::2] if p.strip()]


def headline_part(title: str, site: str = "") -> str:
    """`title` with the site's and section's names cut off: up to END_NAMES short or
    site-naming parts at its end; at its start, parts naming the site, short names before a
    " : " or " > ", and a "Site:"; a closing "(from Site)" or "(Site)". What is left is the
    headline, separators inside it kept."""
    title = _FROM_SITE.sub("", title.strip()) or title.strip()
    brackets = _SITE_BRACKETS.search(title)
    if brackets and brackets.start() and _is_site_name(brackets.group(1), site):
        title = title[: brackets.start()]
    pieces = _TITLE_SEPARATOR.split(title)
    texts, separators = pieces[::2], pieces[1::2]
    start, end = 0, len(texts)
    for _ in range(END_NAMES):
        if end - start > 1 and _a_name(texts[end - 1], site):
            end -= 1
    while end - start > 1 and (
        _names_site(texts[start], site)
        or (_a_name(texts[start], site) and _BREADCRUMB.match(separators[start]))
    ):
        start += 1
    kept = texts[start]
    for at in range(start + 1, end):
        kept += separators[at - 1] + texts[at]
    prefix = _PREFIX.match(kept)
    if prefix and _names_site(prefix.group(1), site):
        kept = kept[prefix.end() :]
    return kept.strip()


def _longest_end(parts: list[str], site: str) -> str:
    """Of a title's parts, those naming the site left out, the longer of the first and last."""
    kept = [p for p in parts if not _names_site(p, site)] or parts
    return max(kept[0], kept[-1], key=len) if kept else ""


def _a_name(part: str, site: str) -> bool:
    """A title part that is a name (the site's, a section's), not a headline."""
    return _names_site(part, site) or len(_NAME_WORD.findall(part)) < MIN_HEADLINE_WORDS


def _site_name(url: str | None) -> str:
    """The distinctive label of `url`'s host ("sjsuspartans" of www.sjsuspartans.com); "" for
    a URL with no host, or one that does not parse."""
    host = host_of(url)
    labels = [label for label in host.split(".") if len(label) >= 4]
    return labels[0] if labels else ""


def _is_site_name(text: str, site: str) -> bool:
    """`text` is the site's name, whole: its domain, or its host's label ("The Korea Times" of
    koreatimes.co.kr), not a phrase that holds it ("a timeline" on time.com)."""
    squashed = re.sub(r"\W", "", text.lower())
    label = site.replace("-", "")
    return bool(_DOMAIN.fullmatch(text.strip())) or (
        bool(label) and squashed in (label, "the" + label)
    )


def _names_site(text: str, site: str) -> bool:
    squashed = re.sub(r"\W", "", text.lower())
    return bool(_DOMAIN.search(text)) or (bool(site) and site.replace("-", "") in squashed)


def _may_be_headline(heading: str, core: str, site: str) -> bool:
    """A lone <h1> the title does not name is the headline, unless it is a name: the site's,
    or one too short for a headline (a section's) where the title has a headline to offer."""
    if len(core.split()) < MIN_HEADLINE_WORDS:
        return True
    return len(heading.split()) >= MIN_HEADLINE_WORDS and not _names_site(heading, site)


def _headings(root: etree._Element, *tags: str) -> list[str]:
    return list(_iter_headings(root, *tags))


def _iter_headings(root: etree._Element, *tags: str) -> Iterator[str]:
    """The visible text of each heading of `tags`, in page order (the h2s and h3s are only
    read when no <h1> answered)."""
    for el in root.iter(*tags):
        hidden = next(el.iter(*_HIDDEN_TAGS), None) is not None or any(
            a.tag in _HIDDEN_TAGS for a in el.iterancestors()
        )
        raw = "".join(_VISIBLE_TEXT(el)) if hidden else el.text_content()
        text = normalize_space(raw).strip("\u200b ")
        # a toolbar's label set as a heading ("Save & Share this Article") is no headline
        if len(text) > 3 and not toolbar_line(text):
            yield text


def _names_headline(heading: str, reference: str, parts: list[str], core: str) -> bool:
    """`heading` is the headline that the title `reference` (its `parts`, its headline part
    `core`) names: the same text, one that holds a headline-long `core`, or one headline-long
    part of the title."""
    if not core:
        return False
    if heading in (core, reference):
        return True
    if len(core.split()) >= MIN_HEADLINE_WORDS and core in heading:
        return True
    if heading in parts and len(heading.split()) >= MIN_HEADLINE_WORDS:
        return True
    return heading in core and len(heading) >= HEADLINE_SHARE * len(core)


def parse_date(value: object, *, base: datetime | None = None) -> str | None:
    """`value` (ISO, RFC, Russian "27 декабря 2017", "сегодня в 12:30"...) as aware ISO 8601.

    Anything but text (a page's JSON-LD may give a number, a list or an object) is no date."""
    if not isinstance(value, str) or not value:
        return None
    value = normalize_space(value.replace("\u00a0", " "))
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = _plain_date(value) or _dateparser(value, base)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=MOSCOW)
    return parsed.isoformat()


_MONTHS = (
    "январ",
    "феврал",
    "март",
    "апрел",
    "ма",
    "июн",
    "июл",
    "август",
    "сентябр",
    "октябр",
    "ноябр",
    "декабр",
)
_CLOCK = r"(?:(?:,\s*|\s+в\s+|\s+|T)(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
# The forms most pages write, read without dateparser (which takes about 2 ms a date):
# "10.05.2024 9:15" (day first, as Russian pages write it) and "27 декабря 2017 г., 12:30".
_DOTTED = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})(?:\s*г\.)?" + _CLOCK)
_WORDED = re.compile(
    r"(\d{1,2})\s+(январ[ья]|феврал[ья]|марта?|апрел[ья]|ма[йя]|июн[ья]|июл[ья]|августа?|"
    r"сентябр[ья]|октябр[ья]|ноябр[ья]|декабр[ья])\s+(\d{4})(?:\s*(?:г\.|года))?" + _CLOCK,
    re.IGNORECASE,
)


def _plain_date(value: str) -> datetime | None:
    """`value` in one of the plain day-first forms above, in Moscow time as dateparser reads it
    (with the zone's history: +4 in the summers before 2011); None for anything else."""
    found = _DOTTED.fullmatch(value)
    if found:
        day, month, year = int(found[1]), int(found[2]), int(found[3])
    else:
        found = _WORDED.fullmatch(value)
        if not found:
            return None
        word = found[2].lower()
        day, year = int(found[1]), int(found[3])
        month = next(i for i, stem in enumerate(_MONTHS, 1) if word.startswith(stem))
    hour, minute, second = (int(found[i]) if found[i] else 0 for i in (4, 5, 6))
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=_MOSCOW_ZONE)
    except ValueError:
        return None


def _dateparser(value: str, base: datetime | None) -> datetime | None:
    import dateparser

    settings = {
        "TIMEZONE": "Europe/Moscow",
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DATES_FROM": "past",
        "DATE_ORDER": "DMY",
    }
    if base is not None:
        settings["RELATIVE_BASE"] = (
            base.astimezone(MOSCOW).replace(tzinfo=None) if base.tzinfo else base
        )
    cleaned = re.sub(
        r"^(опубликовано|обновлено|published|updated)\s*:?\s*", "", value, flags=re.IGNORECASE
    )
    cleaned = re.sub(r"(\d{1,2}:\d{2}),\s*", r"\1 ", cleaned)
    try:
        return dateparser.parse(cleaned, languages=["ru", "en", "uk"], settings=settings)
    except (ValueError, OverflowError, TypeError):
        return None


def published(
    root: etree._Element,
    marks: Marks,
    rule: SiteRule,
    html: str,
    base: datetime | None = None,
    url: str | None = None,
) -> str | None:
    """The publication time; relative dates ("сегодня в 12:30") count from `base` (fetch time).

    What the page states comes first, then what htmldate finds in it (its canonical address
    included); a page with no date at all is dated by the path it was fetched from
    (".../2024/01/10/slug"), never by a query or a slug that may name another day.
    """
    for value in _publication_dates(root, marks, rule):
        parsed = parse_date(value, base=base)
        if parsed:
            return parsed
    return _htmldate(root, html, original=True) or _address_date(url)


# A date that is the path's own segments: /2024/01/10/ (or /2024/01/10 at its end).
_PATH_DATE = re.compile(r"/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})(?:/|$)")


def _address_date(url: str | None) -> str | None:
    if not url:
        return None
    try:
        found = _PATH_DATE.search(urlsplit(url).path)
    except ValueError:
        return None
    if found is None:
        return None
    year, month, day = (int(part) for part in found.groups())
    try:
        return parse_date(datetime(year, month, day).strftime("%Y-%m-%d"))
    except ValueError:
        return None


def _publication_dates(root: etree._Element, marks: Marks, rule: SiteRule) -> Iterator[str | None]:
    """What may state the publication time, most trusted first; each read only when the ones
    before it said nothing readable (a page's meta usually does)."""
    if rule.date:
        yield _first_text(root, rule.date)[0]
    # Meta before JSON-LD: some CMSs (RFE/RL) stamp local time with "Z" in JSON-LD.
    yield marks.meta(
        "article:published_time",
        "datePublished",
        "pubdate",
        "publishdate",
        "mediator_published_time",
        "date",
        "dc.date",
        "DC.date.issued",
        "sailthru.date",
        "parsely-pub-date",
    )
    yield marks.ld.get("datePublished")
    for el in _DATE_PUBLISHED(root):
        yield el.get("datetime") or el.get("content") or el.text_content()
    for el in root.iter("time"):
        yield el.get("datetime") or el.text_content()


def updated(marks: Marks) -> str | None:
    for value in (
        marks.ld.get("dateModified"),
        marks.meta("article:modified_time", "dateModified", "og:updated_time"),
    ):
        parsed = parse_date(value)
        if parsed:
            return parsed
    return None


# A date sits in the head or near the top, so htmldate reads a huge page's text cut here
# (a 10 MB page took htmldate 4.4 s whole); a smaller page it reads from our tree, which it
# copies before pruning it (find_date leaves a tree it was given as it was) and which saves
# it parsing the page a second time.
HTMLDATE_MAX_CHARS = 500_000


def _htmldate(root: etree._Element, html: str, original: bool) -> str | None:
    try:
        from htmldate import find_date
    except ImportError:
        return None
    try:
        found = find_date(
            root if len(html) <= HTMLDATE_MAX_CHARS else html[:HTMLDATE_MAX_CHARS],
            original_date=original,
            outputformat="%Y-%m-%dT%H:%M:%S",
            extensive_search=False,
        )
    except Exception:  # noqa: BLE001 -- htmldate raises assorted errors on odd markup; a missing date is not fatal
        return None
    return parse_date(found)


def author(root: etree._Element, marks: Marks) -> str | None:
    value = marks.ld.get("author")
    names: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            names.append(item["name"])
        elif isinstance(item, str):
            names.append(item)
    names = [normalize_space(n) for n in names if n and normalize_space(n)]
    if names:
        return ", ".join(dict.fromkeys(names))
    found = marks.meta("author", "article:author", "twitter:creator")
    if found and not found.startswith("http"):
        return found
    for el in _AUTHOR(root):
        text = normalize_space(el.get("content") or el.text_content())
        if 2 < len(text) < 80:
            return text
    return None


def lead(marks: Marks) -> str | None:
    value = marks.meta("description", "og:description") or marks.ld.get("description")
    return normalize_space(value) if isinstance(value, str) and value.strip() else None


LEAD_OVERLAP = 0.6


def repeats_body(lead: str, blocks: list) -> bool:
    """Whether a meta-description lead only repeats the opening of the body (often truncated),
    so that showing it would print the same sentences twice."""
    words = re.findall(r"\w+", lead.lower())
    opening = set(re.findall(r"\w+", " ".join(b.text for b in blocks[:3]).lower()))
    return bool(words) and sum(w in opening for w in words) / len(words) >= LEAD_OVERLAP


_BASE = etree.XPath("//base[@href]")


def link_base(root: etree._Element, url: str | None) -> str | None:
    """What the page's relative links resolve against: its <base href> (itself resolved against
    `url`), else `url`. Read before any pass drops the <head>'s markup."""
    for el in _BASE(root):
        href = el.get("href", "").strip()
        if href and not href.lower().startswith(("javascript:", "data:")):
            base = absolute(href, url)
            return base if _web_address(base) else url
        break
    return url


def _web_address(url: str | None) -> bool:
    """`url` is an http(s) address with a host: a base ("mailto:", "about:blank", "http://",
    "http://[::1") that is not cannot resolve a link."""
    if not url or " " in url:
        return False
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def canonical(root: etree._Element, marks: Marks, base_url: str | None) -> str | None:
    for el in _CANONICAL(root):
        return absolute(el.get("href"), base_url)
    found = marks.meta("og:url")
    return absolute(found, base_url) if found else None


def outlet(
    root: etree._Element, marks: Marks, rule: SiteRule, base_url: str | None = None
) -> str | None:
    """The site's name: the rule's, og:site_name, the JSON-LD or microdata publisher, else the host."""
    if rule.outlet:
        return rule.outlet
    found = marks.meta("og:site_name", "application-name")
    if found:
        return found
    for item in marks.ld_items:
        publisher = item.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            return normalize_space(publisher["name"])
    for el in _PUBLISHER_NAME(root):
        name = normalize_space(el.get("content") or el.text_content())
        if name:
            return name
    return host_of(base_url) or None


def image(
    root: etree._Element, base_url: str | None, containers: list[etree._Element], url: str | None
) -> Image | None:
    """The lead image `url` (og:image, read before cleaning), with the body's first figure's
    caption only when that figure shows the same picture (a caption never describes another)."""
    caption = None
    for container in containers:
        for figure in container.iter("figure"):
            cap = figure.find(".//figcaption")
            img = figure.find(".//img")
            if cap is None or img is None:
                continue
            src = picture_source(img)
            if url is None and src:
                url = src
            if src and _same_picture(absolute(src, base_url), absolute(url or src, base_url)):
                caption = normalize_space(cap.text_content()) or None
            break
        if caption:
            break
    if not url:
        return None
    return Image(url=absolute(url, base_url), caption=caption)


_SIZE_SUFFIX = re.compile(
    r"([-_]\d{2,4}x\d{2,4}|[-_](small|medium|large|thumb|big))$", re.IGNORECASE
)


def _same_picture(a: str, b: str | None) -> bool:
    """Two image URLs of one picture: the same file name, size variants and query aside."""
    if not b:
        return False

    def stem(link: str) -> str:
        name = urlsplit(link).path.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()
        return _SIZE_SUFFIX.sub("", name)

    return a == b or (bool(stem(a)) and stem(a) == stem(b))
