"""Source discovery for `translator run`: the article URLs a configured feed or section page offers.

`discover()` polls one source (a conditional GET, so an unchanged feed costs one request and yields
nothing), `parse_feed()`/`parse_section()` turn a body into `Discovered` items, and `select()`
applies the source's include/exclude/since rules, the per-source cap and cross-source dedupe.
"""

from __future__ import annotations

import copy
import io
import re
import xml.sax
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

import defusedxml
import defusedxml.sax
import feedparser
import lxml.html
from lxml import etree

from translator.config import RunConfig, SourceConfig
from translator.errors import ConfigError, FeedError, FetchError
from translator.fetch.charset import codec_name, decode_xml, header_charset, xml_encoding
from translator.fetch.client import Fetcher
from translator.store import Cache, now_iso
from translator.timestamps import from_struct, parse_iso

TRACKING_PARAMS = frozenset({"fbclid", "yclid", "gclid", "_openstat"})

# Path segments that mark navigation rather than an article (rubric, tag, author, login pages).
NAV_SEGMENTS = frozenset(
    {
        "about",
        "account",
        "ads",
        "advert",
        "archive",
        "auth",
        "author",
        "authors",
        "away",
        "categories",
        "category",
        "comments",
        "contact",
        "contacts",
        "extlink",
        "feed",
        "feeds",
        "go",
        "help",
        "login",
        "logout",
        "my",
        "out",
        "page",
        "person",
        "persons",
        "profile",
        "projects",
        "redirect",
        "register",
        "rss",
        "rubric",
        "rubrics",
        "search",
        "section",
        "sections",
        "services",
        "share",
        "signin",
        "signup",
        "special",
        "specprojects",
        "stories",
        "story",
        "subscribe",
        "subscription",
        "tag",
        "tags",
        "theme",
        "themes",
        "topic",
        "topics",
        "user",
        "users",
    }
)
NOT_ARTICLE_EXT = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|pdf|zip|mp3|mp4|css|js|json|xml|rss|txt|ico)$", re.IGNORECASE
)
DATE_IN_PATH = re.compile(r"(?:19|20)\d\d([/-]?)(?:0[1-9]|1[0-2])\1(?:0[1-9]|[12]\d|3[01])")
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.IGNORECASE)
NUMERIC_ID = re.compile(r"\d{5,}")
# A headline slug: four or more words, e.g. "v-minske-protestuyushhikh-polivayut".
SLUG = re.compile(r"^[^\W_]+(?:[-_][^\W_]+){3,}(?:\.s?html?)?$")


@dataclass
class Discovered:
    """One article link offered by a source; `url` is absolute and normalised."""

    url: str
    title: str | None = None
    published: str | None = None
    source: str = ""
    summary: str | None = None


@dataclass
class SourceResult:
    """What one poll of a source gave: its items (from the cached copy when "not modified"),
    or the error line."""

    source: str
    items: list[Discovered] = field(default_factory=list)
    not_modified: bool = False
    error: str | None = None


def normalize_url(url: str, base_url: str = "") -> str | None:
    """`url` made absolute against `base_url`, fragment and tracking parameters dropped.

    Returns None for anything that is not an http(s) URL (mailto:, javascript:, empty).
    """
    url = (url or "").strip()
    if not url:
        return None
    try:
        parts = urlsplit(urljoin(base_url, url))
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname
    if ":" in host:
        host = f"[{host}]"
    if port and port != {"http": 80, "https": 443}[scheme]:
        host = f"{host}:{port}"
    # Filter the raw pairs rather than decode and re-encode, so the rest of the query is intact.
    query = "&".join(
        pair for pair in parts.query.split("&") if pair and not _is_tracking(pair.split("=", 1)[0])
    )
    return urlunsplit((scheme, host, parts.path or "/", query, ""))


def _is_tracking(name: str) -> bool:
    name = name.lower()
    return name.startswith("utm_") or name in TRACKING_PARAMS


# feeds -----------------------------------------------------------------------------------------


def parse_feed(
    body: bytes, base_url: str, source: SourceConfig, *, content_type: str = ""
) -> list[Discovered]:
    """The entries of an RSS or Atom feed, in feed order, with links resolved against `base_url`.

    The body is decoded to text first, as pages are (translator.fetch.charset.decode_xml: BOM,
    the header's charset, the XML declaration, UTF-16 patterns, then detection), and only UTF-8
    re-encoded text reaches an XML parser, so a declared encoding cannot hide anything from the
    checks. Raises FeedError when the body is not a feed, declares an encoding Python does not
    know, or declares XML entities (expansion bombs).
    """
    text = _feed_text(body, base_url, content_type)
    data = _as_utf8(text)
    _refuse_entities(data, text, base_url)
    try:
        # A BytesIO, never bare bytes or str: feedparser opens those as a file name if it can.
        parsed = feedparser.parse(
            io.BytesIO(data),
            response_headers={
                "content-location": base_url,
                "content-type": "application/xml; charset=utf-8",
            },
            sanitize_html=True,
        )
    except (ValueError, LookupError, RecursionError, xml.sax.SAXException) as exc:
        raise FeedError(f"{base_url}: not a readable feed ({type(exc).__name__})") from None
    if not parsed.get("version") or (
        parsed.get("bozo") and not parsed.entries and not parsed.feed.get("title")
    ):
        raise FeedError(f"{base_url}: not an RSS or Atom feed")
    items: list[Discovered] = []
    for entry in parsed.entries:
        link = _entry_link(entry)
        url = normalize_url(link, base_url) if link else None
        if url is None:
            continue
        published = from_struct(entry.get("published_parsed") or entry.get("updated_parsed"))
        items.append(
            Discovered(
                url=url,
                title=_clean_text(entry.get("title")),
                published=published.isoformat() if published else None,
                source=source.name,
                summary=_html_to_text(entry.get("summary")),
            )
        )
    return items


def _feed_text(body: bytes, base_url: str, content_type: str) -> str:
    """The feed as text; an encoding the feed declares but Python does not know is refused."""
    declared = xml_encoding(body)
    if declared and codec_name(declared, wide=True) is None:
        raise FeedError(f"{base_url}: the feed declares an unknown character encoding {declared!r}")
    text, _codec = decode_xml(body, header_charset(content_type))
    return text.removeprefix("\ufeff")


def _as_utf8(text: str) -> bytes:
    """`text` as UTF-8 bytes whose XML declaration (if any) says so."""
    text = XML_DECLARATION.sub('<?xml version="1.0" encoding="utf-8"?>', text, count=1)
    return text.encode("utf-8", errors="replace")


def _refuse_entities(data: bytes, text: str, base_url: str) -> None:
    """Refuse any document whose DTD declares entities, before a parser can expand them.

    Run on the decoded text re-encoded as UTF-8, so a multi-byte declared encoding (shift_jis,
    gb2312) and padding before the DOCTYPE cannot make the check give up or look elsewhere.
    """
    try:
        # An external DTD (old RSS 0.91 feeds name Netscape's) is harmless: it is never loaded.
        defusedxml.sax.parseString(data, xml.sax.ContentHandler(), forbid_external=False)
    except defusedxml.EntitiesForbidden as exc:
        raise FeedError(f"{base_url}: refused: the feed declares XML entities") from exc
    except (xml.sax.SAXException, ValueError, RecursionError):
        # Not well-formed XML: feedparser's lenient parser decides. It never expands entities,
        # but a broken document with entity declarations anywhere is refused all the same.
        if ENTITY_DECLARATION.search(text):
            raise FeedError(f"{base_url}: refused: the feed declares XML entities") from None


def _entry_link(entry: feedparser.FeedParserDict) -> str | None:
    for link in entry.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link["href"]
    if entry.get("link"):
        return entry["link"]
    guid = entry.get("id") or ""
    return guid if guid.startswith(("http://", "https://")) else None


def _clean_text(text: str | None) -> str | None:
    text = " ".join((text or "").split())
    return text or None


def _html_to_text(markup: str | None) -> str | None:
    if not markup or not markup.strip():
        return None
    try:
        fragment = lxml.html.fragment_fromstring(markup, create_parent="div")
        return _clean_text(fragment.text_content())
    except (etree.ParserError, ValueError):
        return _clean_text(markup)


# section pages ---------------------------------------------------------------------------------


def parse_section(html: str, base_url: str, source: SourceConfig) -> list[Discovered]:
    """Article links on a section page, in page order, deduped by normalised URL.

    With `source.link_pattern`, links whose absolute URL matches it (re.search); otherwise links
    on the page's own site whose path looks like an article (date, numeric id or long slug),
    outside <nav> and <footer>.
    """
    if not html or not html.strip():
        return []
    # lxml refuses a str that carries an XML encoding declaration (XHTML pages); it is moot here.
    html = XML_DECLARATION.sub("", html, count=1)
    try:
        doc = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    base_href = doc.xpath("string(//base/@href)").strip()
    try:
        base = urljoin(base_url, base_href) if base_href else base_url
    except ValueError:  # a <base href> urllib cannot read ("http://[::1"): links read as the page's
        base = base_url
    pattern = _compile(source.link_pattern, source, "link_pattern") if source.link_pattern else None
    page_url = normalize_url(base_url)
    found: dict[str, Discovered] = {}
    for anchor in doc.iter("a"):
        url = normalize_url(anchor.get("href") or "", base)
        if url is None or url == page_url:
            continue
        if pattern is not None:
            if not pattern.search(url):
                continue
        elif not looks_like_article(url, base_url) or _in_chrome(anchor):
            continue
        title = _anchor_text(anchor)
        if url in found:
            if not found[url].title and title:
                found[url].title = title
            continue
        found[url] = Discovered(url=url, title=title, source=source.name)
    return list(found.values())


def looks_like_article(url: str, page_url: str) -> bool:
    """Whether `url` is on `page_url`'s site and its path looks like an article, not navigation."""
    parts, page = urlsplit(url), urlsplit(page_url)
    if _bare_host(parts.hostname) != _bare_host(page.hostname):
        return False
    segments = [s for s in parts.path.split("/") if s]
    if not segments or NOT_ARTICLE_EXT.search(parts.path):
        return False
    if any(s.lower() in NAV_SEGMENTS for s in segments):
        return False
    date_match = DATE_IN_PATH.search(parts.path)
    if date_match and parts.path[date_match.end() :].strip("/"):
        return True
    if any(NUMERIC_ID.search(s) for s in segments):
        return True
    if any(k.lower() == "id" and NUMERIC_ID.fullmatch(v) for k, v in parse_qsl(parts.query)):
        return True
    # A slug alone is weak evidence: a top-level slug is usually a rubric ("armiya-i-opk").
    return len(segments) >= 2 and bool(SLUG.match(segments[-1]))


def _in_chrome(anchor: lxml.html.HtmlElement) -> bool:
    """Whether a link sits in the site's menus or footer, where article-like URLs are topics."""
    return bool(anchor.xpath("ancestor::nav | ancestor::footer"))


def _bare_host(host: str | None) -> str:
    host = (host or "").lower()
    return host.removeprefix("www.")


def _anchor_text(anchor: lxml.html.HtmlElement) -> str | None:
    """The visible headline of a link: its text without <time> stamps, else title/alt."""
    # lxml walks the copy in C: a link may hold thousands of nested elements.
    visible = copy.deepcopy(anchor)
    for hidden in list(visible.iter("time", "script", "style")):
        tail = hidden.tail
        hidden.clear()
        hidden.tail = tail
    text = _clean_text(" ".join(visible.itertext()))
    if text:
        return text
    images = anchor.xpath(".//img/@alt")
    return _clean_text(anchor.get("title") or (images[0] if images else None))


# selection -------------------------------------------------------------------------------------


def select(
    items: Iterable[Discovered], source: SourceConfig, run_config: RunConfig, seen: set[str]
) -> list[Discovered]:
    """The items to process, in the given order: include/exclude, `since`, dedupe.

    `seen` holds normalised URLs already taken (this run, any source); kept URLs are added to it.
    Every item is kept, so every article is known: how many new ones a run takes
    (`max_articles`) is the work order's business (run/order.py).
    """
    include = [_compile(p, source, "include") for p in source.include]
    exclude = [_compile(p, source, "exclude") for p in source.exclude]
    since = _parse_since(source)
    kept: list[Discovered] = []
    for item in items:
        url = normalize_url(item.url) or item.url
        if url in seen:
            continue
        if include and not any(p.search(url) for p in include):
            continue
        if any(p.search(url) for p in exclude):
            continue
        if since is not None and item.published:
            published = parse_iso(item.published)
            if published is not None and published < since:
                continue
        seen.add(url)
        item.url = url
        kept.append(item)
    return kept


def check_source(source: SourceConfig) -> None:
    """Raise ConfigError now for a pattern or `since` that polling would only trip on later."""
    for key in ("include", "exclude"):
        for pattern in getattr(source, key):
            _compile(pattern, source, key)
    if source.link_pattern:
        _compile(source.link_pattern, source, "link_pattern")
    _parse_since(source)


def _compile(pattern: str, source: SourceConfig, key: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ConfigError(
            f"sources.{source.name or source.url}.{key}: bad regular expression {pattern!r}: {exc}"
        ) from exc


def _parse_since(source: SourceConfig) -> datetime | None:
    if not source.since:
        return None
    since = parse_iso(source.since)
    if since is None:
        raise ConfigError(
            f"sources.{source.name or source.url}.since: not an ISO date: {source.since!r}"
        )
    return since


# polling ---------------------------------------------------------------------------------------


def discover(
    source: SourceConfig, fetcher: Fetcher, cache: Cache, run_config: RunConfig
) -> SourceResult:
    """Poll one source and return everything it offers (pass the items to `select()`).

    The request is conditional (the Fetcher sends the stored validators): an unchanged source
    costs one small request and gives `not_modified=True` with the items of the cached copy. Never raises for a bad source: a fetch or feed error
    comes back as `error` (its one-line message). The outcome is recorded in the `sources` table.
    `run_config` is accepted for symmetry with `select()`; polling itself needs nothing from it.
    """
    if source.type not in ("feed", "page"):
        message = f'sources.{source.name}.type: must be "feed" or "page", not {source.type!r}'
        cache.set_source(source.name, source.url, last_polled_at=now_iso(), last_status=message)
        return SourceResult(source.name, error=message)
    accept = "feed" if source.type == "feed" else "html"
    if source.proxy:
        fetcher.use_proxy(source.url, source.proxy)
    try:
        page = fetcher.fetch(source.url, trusted=True, accept=accept, conditional=True)
        base = page.final_url or source.url
        # Parsed even when not modified (from the cached body): a run killed after this poll
        # but before it recorded the items must not lose them to the next run's 304.
        if source.type == "feed":
            items = parse_feed(page.body, base, source, content_type=page.content_type)
        else:
            items = parse_section(page.text, base, source)
        if source.proxy:  # the source's articles (and their robots.txt) go the same way
            for item in items:
                fetcher.use_proxy(item.url, source.proxy)
        if page.not_modified:
            cache.set_source(
                source.name, source.url, last_polled_at=now_iso(), last_status="not modified"
            )
            return SourceResult(source.name, items=items, not_modified=True)
    except (FetchError, FeedError, ConfigError) as exc:
        cache.set_source(source.name, source.url, last_polled_at=now_iso(), last_status=str(exc))
        return SourceResult(source.name, error=str(exc))
    cache.set_source(
        source.name,
        source.url,
        etag=_header(page.headers, "etag"),
        last_modified=_header(page.headers, "last-modified"),
        last_polled_at=now_iso(),
        last_status="ok",
    )
    return SourceResult(source.name, items=items)


def _header(headers: Mapping[str, str], name: str) -> str | None:
    """A response header by lower-case name, whatever case the mapping's keys are in."""
    return next((value for key, value in headers.items() if key.lower() == name), None)
