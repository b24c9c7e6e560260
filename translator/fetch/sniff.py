"""Is this body what we asked for? Content types, and the bytes behind a vague or lying type.

`check_type` judges the Content-Type header, `check_bytes` the first bytes (PDF, images, zip
are refused whatever the header claimed). Both raise NotHTML naming the URL.
"""

from __future__ import annotations

from translator.errors import NotHTML

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = HTML_TYPES | {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",
    "application/json",
}
# Types servers send when they do not know better: we look at the bytes instead.
VAGUE_TYPES = frozenset({"", "text/plain", "application/octet-stream", "binary/octet-stream"})
BINARY_MAGIC = {
    b"%PDF": "application/pdf",
    b"\x89PNG": "image/png",
    b"GIF8": "image/gif",
    b"\xff\xd8\xff": "image/jpeg",
    b"PK\x03\x04": "application/zip",
    b"RIFF": "image/webp",
}
SNIFF_BYTES = 1024  # how much of the body the byte checks read


def mime_of(content_type: str) -> str:
    """The bare media type of a Content-Type header, lower case ("" when absent)."""
    return content_type.split(";")[0].strip().lower()


def check_type(url: str, mime: str, accept: str) -> None:
    """Refuse a declared type that cannot be what `accept` ("html" or "feed") asked for."""
    if mime in VAGUE_TYPES or accept == "any":
        return
    if accept == "html" and mime not in HTML_TYPES:
        raise NotHTML(f"{url}: not an HTML page ({mime})")
    if accept == "feed" and mime not in FEED_TYPES:
        raise NotHTML(f"{url}: not a feed ({mime})")


def check_bytes(url: str, body: bytes, mime: str, accept: str) -> None:
    """Refuse bodies whose first bytes say PDF/image/JSON whatever the header claimed."""
    if accept == "any":
        return
    head = body[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    for magic, kind in BINARY_MAGIC.items():
        if head.startswith(magic):
            raise NotHTML(f"{url}: {_what(accept)} ({kind})")
    if mime not in VAGUE_TYPES or not head:
        return
    if accept == "html" and not _looks_like_markup(head):
        raise NotHTML(f"{url}: {_what(accept)} ({mime or 'no content type'})")
    if accept == "feed" and not _looks_like_feed(head):
        raise NotHTML(f"{url}: {_what(accept)} ({mime or 'no content type'})")


def _looks_like_markup(head: bytes) -> bool:
    lower = head.replace(b"\x00", b"").lower()
    return lower.startswith(b"<") or any(tag in lower for tag in (b"<html", b"<head", b"<body"))


def _looks_like_feed(head: bytes) -> bool:
    # UTF-16 feeds start "<\0" or "\0<", or with their BOM
    return head.startswith((b"<", b"{", b"\x00<", b"\xff\xfe", b"\xfe\xff"))


def _what(accept: str) -> str:
    return "not a feed" if accept == "feed" else "not an HTML page"
