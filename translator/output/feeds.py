"""The run's reader-facing outputs: Atom feeds (RFC 4287) of the published copies and index.html.

Every document is built with lxml's XML/HTML builders, never by pasting strings, so titles and
summaries from the web cannot break the markup; HTML is passed through nh3 as well. Legal labels
travel with each entry: at the top of its summary and content, and as categories (scheme
LABEL_SCHEME) for machines; re-translated articles carry an "Updated" marker.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import nh3
from lxml import etree
from lxml.html import builder as E

from translator.config import source_slug
from translator.output.publish import write_if_changed
from translator.timestamps import parse_iso

ATOM_NS = "http://www.w3.org/2005/Atom"
# An empty feed's <updated>: fixed, so that an idle run writes the same bytes and keeps the mtime
EMPTY_FEED_UPDATED = "1970-01-01T00:00:00Z"
LABEL_SCHEME = "urn:translator:legal-label"
STATUS_SCHEME = "urn:translator:status"
UPDATED_PREFIX = "Updated: "
GENERATOR = "translator"


@dataclass
class FeedEntry:
    """One published copy as the feeds show it; `labels` are the English label texts."""

    url: str
    copy_href: str
    title_en: str
    title_ru: str = ""
    published: str | None = None
    updated: str | None = None
    outlet: str | None = None
    labels: list[str] = field(default_factory=list)
    summary_en: str = ""
    content_html: str | None = None
    is_update: bool = False


def entry_id(url: str) -> str:
    """A stable Atom id for the article at `url`: the same URL always gives the same id."""
    return uuid.uuid5(uuid.NAMESPACE_URL, url).urn


def write_atom(
    entries: list[FeedEntry],
    path: Path,
    *,
    title: str,
    feed_id: str,
    self_url: str | None,
    base_url: str | None = None,
    root: Path | None = None,
) -> bool:
    """Write an Atom feed of `entries` (newest first) to `path`, atomically; False (and the
    file untouched) when it already holds exactly that feed.

    Relative `copy_href`s resolve against `base_url` (set as xml:base) when given, else against
    the feed's own location, as RFC 4287 says. `root`: see `write_atomic`.
    """
    ordered = _newest_first(entries)
    feed = etree.Element(f"{{{ATOM_NS}}}feed", nsmap={None: ATOM_NS})
    if base_url:
        feed.set("{http://www.w3.org/XML/1998/namespace}base", base_url)
    _sub(feed, "id", feed_id)
    _sub(feed, "title", title)
    stamps = [_entry_updated(e) for e in ordered]
    _sub(feed, "updated", max(stamps) if stamps else EMPTY_FEED_UPDATED)
    author = _sub(feed, "author")
    _sub(author, "name", title)
    if self_url:
        _sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _sub(feed, "generator", GENERATOR)
    for item in ordered:
        feed.append(_entry(item))
    data = etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True)
    return write_if_changed(path, data, root=root)


def _entry(item: FeedEntry) -> etree._Element:
    entry = etree.Element(f"{{{ATOM_NS}}}entry")
    _sub(entry, "id", entry_id(item.url))
    title = item.title_en or item.title_ru or item.url
    _sub(entry, "title", f"{UPDATED_PREFIX}{title}" if item.is_update else title)
    _sub(entry, "updated", _entry_updated(item))
    if item.published and (published := _rfc3339(item.published)):
        _sub(entry, "published", published)
    if item.outlet:
        author = _sub(entry, "author")
        _sub(author, "name", item.outlet)
    if item.copy_href:
        _sub(entry, "link", rel="alternate", type="text/html", href=item.copy_href)
    _sub(entry, "link", rel="via", type="text/html", href=item.url)
    for label in item.labels:
        _sub(entry, "category", scheme=LABEL_SCHEME, term=label, label=label)
    if item.is_update:
        _sub(entry, "category", scheme=STATUS_SCHEME, term="updated", label="Updated")
    summary = "\n\n".join([*item.labels, *_update_note(item), item.summary_en]).strip()
    if summary:
        _sub(entry, "summary", summary, type="text")
    _sub(entry, "content", _content_html(item), type="html")
    return entry


def _update_note(item: FeedEntry) -> list[str]:
    return (
        ["Updated: the original was edited and this translation revised."] if item.is_update else []
    )


def _content_html(item: FeedEntry) -> str:
    """Labels first, then the copy's body (cleaned) or the summary, then the credit."""
    head = [E.P(E.CLASS("label"), E.STRONG(_xml_safe(label))) for label in item.labels]
    head += [E.P(E.CLASS("update"), E.EM(note)) for note in _update_note(item)]
    parts = [_html(element) for element in head]
    if item.content_html:
        parts.append(nh3.clean(_xml_safe(item.content_html)))
    elif item.summary_en:
        parts.append(_html(E.P(_xml_safe(item.summary_en))))
    credit = E.P(
        E.CLASS("via"),
        "Translated from ",
        E.A(_xml_safe(item.outlet or item.url), href=item.url),
        ".",
    )
    parts.append(_html(credit))
    return "\n".join(parts)


def _html(element: lxml.html.HtmlElement) -> str:
    return lxml.html.tostring(element, encoding="unicode", pretty_print=True).strip()


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    child = etree.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
    if text is not None:
        child.text = _xml_safe(text)
    return child


def _xml_safe(text: str) -> str:
    """Drop what XML 1.0 cannot carry (lxml refuses it outright): control characters, lone
    surrogates, U+FFFE and U+FFFF."""
    return "".join(c for c in text if c in "\t\n\r" or _xml_char(ord(c)))


def _xml_char(code: int) -> bool:
    return 0x20 <= code < 0xD800 or 0xE000 <= code < 0xFFFE or code > 0xFFFF


# dates -------------------------------------------------------------------------------------------


def _rfc3339(text: str | None) -> str | None:
    """An ISO date or date-time as RFC 3339 in UTC (naive taken as UTC), or None if unreadable."""
    value = parse_iso(text)
    if value is None:
        return None
    return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _entry_updated(item: FeedEntry) -> str:
    return _rfc3339(item.updated) or _rfc3339(item.published) or _now()


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _newest_first(entries: list[FeedEntry]) -> list[FeedEntry]:
    return sorted(
        entries, key=lambda e: _rfc3339(e.updated) or _rfc3339(e.published) or "", reverse=True
    )


# index.html --------------------------------------------------------------------------------------

INDEX_STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; max-width: 46em; margin: 2em auto; padding: 0 1em; }
li { margin: 0 0 1.2em; list-style: none; }
.label { font-weight: bold; }
.meta, .via { color: #555; font-size: 90%; }
"""

_INDEX_TAGS = {"ul", "li", "a", "p", "span", "strong", "em", "time"}
_INDEX_ATTRS = {"a": {"href", "hreflang"}, "time": {"datetime"}, "*": {"class"}}


def write_index(
    entries: list[FeedEntry],
    path: Path,
    *,
    title: str,
    feed_href: str = "feed.atom",
    root: Path | None = None,
) -> bool:
    """Write index.html listing `entries` newest first, with their labels, atomically; False
    (and the file untouched) when it already holds exactly that page."""
    items = [_index_item(e) for e in _newest_first(entries)]
    listing = E.UL(*items) if items else E.P("Nothing published yet.")
    # The builder escapes everything; nh3 is the second line of defence (and drops javascript:).
    body = nh3.clean(
        _html(listing), tags=_INDEX_TAGS, attributes=_INDEX_ATTRS, url_schemes={"http", "https"}
    )
    title = _xml_safe(title)
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"{_html(E.TITLE(title))}\n"
        f"{_html(E.LINK(rel='alternate', type='application/atom+xml', href=feed_href))}\n"
        f"<style>{INDEX_STYLE}</style>\n</head>\n<body>\n{_html(E.H1(title))}\n"
        f"{body}\n</body>\n</html>\n"
    )
    return write_if_changed(path, page, root=root)


def _index_item(item: FeedEntry) -> lxml.html.HtmlElement:
    title = _xml_safe(item.title_en or item.title_ru or item.url)
    head = E.A(title, href=item.copy_href) if item.copy_href else E.STRONG(title)
    meta: list = []
    if item.is_update:
        meta += [E.STRONG(E.CLASS("update"), "Updated"), " · "]
    stamp = _rfc3339(item.published) or _rfc3339(item.updated)
    if stamp:
        meta += [E.TIME(stamp[:10], datetime=stamp), " · "]
    meta.append(E.A(_xml_safe(item.outlet or item.url), href=item.url))
    children = [
        E.P(head),
        *(E.P(E.CLASS("label"), _xml_safe(label)) for label in item.labels),
        E.P(E.CLASS("meta"), *meta),
    ]
    if item.summary_en:
        children.append(E.P(_xml_safe(item.summary_en)))
    return E.LI(*children)


# the run's feeds ---------------------------------------------------------------------------------


@dataclass
class FeedSet:
    """What the run publishes besides the copies: where, under which title, from which site.

    `site_url` (where `out_dir` is served from) makes every link absolute: the feeds' self
    links and ids, each entry's copy link, the index's links.
    """

    out_dir: Path
    title: str
    site_url: str = ""
    size: int = 100

    def href(self, relative: str) -> str:
        """A link to `relative` (a path under `out_dir`): absolute when `site_url` is set."""
        if not self.site_url or not relative:
            return relative
        return urljoin(self.site_url.rstrip("/") + "/", relative)

    def feed_id(self, name: str) -> str:
        return self.href(name) if self.site_url else f"urn:translator:{name}"


def write_feeds(
    feeds: FeedSet, entries: list[tuple[str, FeedEntry]], names: list[str]
) -> list[Path]:
    """The combined feed.atom, one feed-<slug>.atom per source name and index.html, from
    (source name, entry) pairs newest first; returns the files that changed (an idle run
    rewrites nothing)."""
    written: list[Path] = []
    absolute = [
        (name, replace(entry, copy_href=feeds.href(entry.copy_href))) for name, entry in entries
    ]
    combined = [entry for _, entry in absolute][: feeds.size]
    documents = [("feed.atom", feeds.title, combined)]
    for name in names:
        mine = [entry for source, entry in absolute if source == name][: feeds.size]
        documents.append((f"feed-{source_slug(name)}.atom", f"{feeds.title}: {name}", mine))
    for file_name, title, items in documents:
        path = feeds.out_dir / file_name
        self_url = feeds.href(file_name) if feeds.site_url else None
        feed_id = feeds.feed_id(file_name.removesuffix(".atom"))
        if write_atom(
            items, path, title=title, feed_id=feed_id, self_url=self_url, root=feeds.out_dir
        ):
            written.append(path)
    index = feeds.out_dir / "index.html"
    if write_index(
        combined, index, title=feeds.title, feed_href=feeds.href("feed.atom"), root=feeds.out_dir
    ):
        written.append(index)
    return written
