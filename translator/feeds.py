"""The run's reader-facing outputs: Atom feeds (RFC 4287) of the published copies and index.html.

Every document is built with an XML/HTML builder, never by pasting strings, so titles and
summaries from the web cannot break the markup. Legal labels travel with each entry: at the top
of its summary and content, and as categories (scheme LABEL_SCHEME) for machines.
"""

from __future__ import annotations

import contextlib
import html
import os
import threading
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import nh3
from lxml import etree

from .errors import PublishError

ATOM_NS = "http://www.w3.org/2005/Atom"
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
    entries: list[FeedEntry], path: Path, *, title: str, feed_id: str, self_url: str | None,
    base_url: str | None = None,
) -> None:
    """Write an Atom feed of `entries` (newest first) to `path`, atomically.

    Relative `copy_href`s resolve against `base_url` (set as xml:base) when given, else against
    the feed's own location, as RFC 4287 says.
    """
    ordered = _newest_first(entries)
    feed = etree.Element(f"{{{ATOM_NS}}}feed", nsmap={None: ATOM_NS})
    if base_url:
        feed.set("{http://www.w3.org/XML/1998/namespace}base", base_url)
    _sub(feed, "id", feed_id)
    _sub(feed, "title", title)
    stamps = [_entry_updated(e) for e in ordered]
    _sub(feed, "updated", max(stamps) if stamps else _now())
    author = _sub(feed, "author")
    _sub(author, "name", title)
    if self_url:
        _sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _sub(feed, "generator", GENERATOR)
    for item in ordered:
        feed.append(_entry(item))
    data = etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True)
    _write(path, data)


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
    return ["Updated: the original was edited and this translation revised."] if item.is_update \
        else []


def _content_html(item: FeedEntry) -> str:
    """Labels first, then the copy's body (cleaned) or the summary."""
    parts = [f'<p class="label"><strong>{html.escape(label)}</strong></p>' for label in item.labels]
    parts += [f'<p class="update"><em>{html.escape(note)}</em></p>' for note in _update_note(item)]
    if item.content_html:
        parts.append(nh3.clean(item.content_html))
    elif item.summary_en:
        parts.append(f"<p>{html.escape(item.summary_en)}</p>")
    parts.append(f'<p class="via">Translated from <a href="{html.escape(item.url)}">'
                 f"{html.escape(item.outlet or item.url)}</a>.</p>")
    return "\n".join(parts)


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    child = etree.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
    if text is not None:
        child.text = _xml_safe(text)
    return child


def _xml_safe(text: str) -> str:
    """Drop the control characters XML 1.0 cannot carry (lxml refuses them outright)."""
    return "".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20)


# dates -------------------------------------------------------------------------------------------


def _rfc3339(text: str | None) -> str | None:
    """An ISO date or date-time as RFC 3339 in UTC (naive taken as UTC), or None if unreadable."""
    if not text:
        return None
    text = text.strip()
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return None
        value = datetime(day.year, day.month, day.day)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _entry_updated(item: FeedEntry) -> str:
    return _rfc3339(item.updated) or _rfc3339(item.published) or _now()


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _newest_first(entries: list[FeedEntry]) -> list[FeedEntry]:
    return sorted(entries, key=lambda e: _rfc3339(e.updated) or _rfc3339(e.published) or "",
                  reverse=True)


# index.html --------------------------------------------------------------------------------------

INDEX_STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; max-width: 46em; margin: 2em auto; padding: 0 1em; }
li { margin: 0 0 1.2em; list-style: none; }
.label { font-weight: bold; }
.meta, .via { color: #555; font-size: 90%; }
"""

_INDEX_TAGS = {"ul", "li", "a", "p", "span", "strong", "em", "time"}
_INDEX_ATTRS = {"a": {"href", "hreflang"}, "time": {"datetime"}, "*": {"class"}}


def write_index(entries: list[FeedEntry], path: Path, *, title: str) -> None:
    """Write index.html listing `entries` newest first, with their labels, atomically."""
    items = [_index_item(e) for e in _newest_first(entries)]
    listing = "<ul>\n" + "\n".join(items) + "\n</ul>" if items else "<p>Nothing published yet.</p>"
    # Everything was escaped while building; nh3 is the second line of defence.
    body = nh3.clean(listing, tags=_INDEX_TAGS, attributes=_INDEX_ATTRS,
                     url_schemes={"http", "https"})
    page = (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(title)}</title>\n"
        '<link rel="alternate" type="application/atom+xml" href="feed.atom">\n'
        f"<style>{INDEX_STYLE}</style>\n</head>\n<body>\n<h1>{html.escape(title)}</h1>\n"
        f"{body}\n</body>\n</html>\n"
    )
    _write(path, page.encode("utf-8"))


def _index_item(item: FeedEntry) -> str:
    esc = html.escape
    title = item.title_en or item.title_ru or item.url
    head = (f'<a href="{esc(item.copy_href)}">{esc(title)}</a>' if item.copy_href
            else f"<strong>{esc(title)}</strong>")
    parts = [f"<li>\n<p>{head}</p>"]
    parts += [f'<p class="label">{esc(label)}</p>' for label in item.labels]
    meta = []
    if item.is_update:
        meta.append('<strong class="update">Updated</strong>')
    stamp = _rfc3339(item.published) or _rfc3339(item.updated)
    if stamp:
        meta.append(f'<time datetime="{esc(stamp)}">{esc(stamp[:10])}</time>')
    meta.append(f'<a href="{esc(item.url)}">{esc(item.outlet or item.url)}</a>')
    parts.append(f'<p class="meta">{" · ".join(meta)}</p>')
    if item.summary_en:
        parts.append(f"<p>{esc(item.summary_en)}</p>")
    parts.append("</li>")
    return "\n".join(parts)


# writing -----------------------------------------------------------------------------------------


def _write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step, so readers never see half a feed."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise PublishError(f"{path}: cannot write: {exc.strerror or exc}") from exc
