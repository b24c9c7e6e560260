"""Bytes to text for pages and feeds: BOM, declared charsets weighed against mojibake, detection.

`decode_html(body, header_charset)` for pages; `decode_xml(body, header_charset)` for feeds,
which also honours the XML declaration's encoding and UTF-16 labels. Both always return text
(a label Python does not know is skipped, never raised as LookupError).
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)
_ALIASES = {
    "win-1251": "cp1251",
    "windows1251": "cp1251",
    "cp-1251": "cp1251",
    "x-cp1251": "cp1251",
    "koi8r": "koi8_r",
    "koi-8-r": "koi8_r",
    "utf8": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
    # WHATWG: these labels mean windows-1252 in practice.
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
}
_WIDE = ("utf-16", "utf-32")
_XML_ENCODING = re.compile(rb"""\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_html(body: bytes, header_charset: str | None) -> tuple[str, str]:
    """Decode an HTML body: BOM, then the declared charsets (header, then <meta>), then detection.

    A declared charset is believed only if it decodes cleanly and does not yield mojibake
    (Russian sites still mislabel koi8-r as utf-8 and the reverse). The header may name UTF-16
    (a BOM-less body is then read as it says); a <meta> cannot truthfully, so there it means
    UTF-8. Returns (text, codec name).
    """
    declared = [codec_name(header_charset, wide=True), codec_name(_meta_charset(body))]
    return _decode(body, declared)


def decode_xml(body: bytes, header_charset: str | None) -> tuple[str, str]:
    """Decode a feed as a page is decoded, its XML declaration standing in for <meta>.

    BOM first, then the header's charset (RFC 7303: it wins), then the declaration's encoding,
    then the byte pattern of a BOM-less UTF-16 declaration, then detection. Labels Python does
    not know are skipped (see `xml_encoding` to refuse them). Returns (text, codec name).
    """
    declared = [
        codec_name(header_charset, wide=True),
        codec_name(xml_encoding(body), wide=True),
        _utf16_pattern(body),
    ]
    return _decode(body, declared)


def _decode(body: bytes, labels: list[str | None]) -> tuple[str, str]:
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body.decode(name, errors="replace"), name
    declared = list(dict.fromkeys(c for c in labels if c))
    utf8 = _try_decode(body, "utf-8")
    for name in declared:
        if name.startswith(_WIDE):
            # Believe a UTF-16/32 label when the bytes decode to markup (a lying header on an
            # ASCII body would decode to CJK noise, not to "<").
            text = _try_decode(body, name)
            if text is not None and text.lstrip("\ufeff \t\r\n").startswith("<"):
                return text, name
            continue
        if name != "utf-8" and utf8 is not None and not body.isascii():
            # Non-ASCII text that is valid UTF-8 is UTF-8 whatever the label says.
            return utf8, "utf-8"
        text = _try_decode(body, name)
        if text is not None and not looks_garbled(text):
            return text, name
    if utf8 is not None:
        return utf8, "utf-8"
    return _detect(body)


def header_charset(content_type: str) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    match = re.search(r"charset\s*=\s*[\"']?([^\"';\s]+)", content_type or "", re.IGNORECASE)
    return match.group(1) if match else None


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:16384])
    return match.group(1).decode("ascii") if match else None


def xml_encoding(body: bytes) -> str | None:
    """The encoding an XML declaration at the start of `body` names (ASCII or UTF-16 spelled)."""
    head = body[:1024]
    for bom, _name in _BOMS:
        head = head.removeprefix(bom)
    if head.startswith((b"<\x00?\x00", b"\x00<\x00?")):
        head = head.replace(b"\x00", b"")
    match = _XML_ENCODING.match(head)
    return match.group(1).decode("ascii") if match else None


def _utf16_pattern(body: bytes) -> str | None:
    """UTF-16 told by its first characters when there is no BOM (XML 1.0, appendix F)."""
    if body.startswith(b"<\x00"):
        return "utf-16-le"
    if body.startswith(b"\x00<"):
        return "utf-16-be"
    return None


def codec_name(label: str | None, *, wide: bool = False) -> str | None:
    """The Python codec for a charset label, or None when the label is unknown.

    UTF-16/32 labels are kept only with `wide` (a header or an XML declaration may mean them;
    an HTML <meta> cannot, as it would not be readable as ASCII); otherwise they mean UTF-8.
    """
    if not label:
        return None
    label = label.strip().lower()
    label = _ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
        # codecs also knows bytes-to-bytes (base64, zlib) and refusing ("undefined") codecs
        if "<".encode(name).decode(name) != "<":
            return None
    except (LookupError, UnicodeError):
        return None
    if name == "utf-8-sig" or (name.startswith(_WIDE) and not wide):
        return "utf-8"
    return name


def _try_decode(body: bytes, name: str) -> str | None:
    try:
        return body.decode(name)
    except (UnicodeError, LookupError):  # UnicodeError too: a page may name "punycode"
        return None


_LATIN_RUNS = re.compile("[\u00c0-\u00ff]{4,}")


def looks_garbled(text: str) -> bool:
    """True when decoded text looks like Russian read with the wrong single-byte charset."""
    sample = text[:200_000]
    cyrillic = [c for c in sample if "\u0400" <= c <= "\u04ff"]
    if len(cyrillic) >= 20:
        lower = sum(c.islower() for c in cyrillic)
        # Running Russian text is mostly lower case; koi8-r read as cp1251 (or the reverse)
        # swaps the cases.
        if lower < 0.5 * len(cyrillic):
            return True
    # Cyrillic bytes read as Latin-1/cp1252 make whole words of accented letters ("Ïðèâåò");
    # real French or German has at most a couple of them in a row.
    if len(_LATIN_RUNS.findall(sample)) >= 10:
        return True
    drawing = sum("\u2500" <= c <= "\u259f" for c in sample)
    return drawing >= 20


def _russian_score(text: str) -> int:
    sample = text[:50000]
    good = sum("\u0430" <= c <= "\u044f" or c == "\u0451" for c in sample)
    bad = sum(
        ("\u0410" <= c <= "\u042f") or ("\u2500" <= c <= "\u259f") or c == "\ufffd" for c in sample
    )
    return good - 2 * bad


def _detect(body: bytes) -> tuple[str, str]:
    """No trustworthy label: prefer the Cyrillic code page that reads best, else charset-normalizer."""
    candidates = ["cp1251", "koi8_r"]
    guess = charset_normalizer.from_bytes(body[:200_000]).best()
    guessed = codec_name(guess.encoding) if guess is not None else None
    if guessed:
        candidates.insert(0, guessed)
    decoded = [(name, body.decode(name, errors="replace")) for name in dict.fromkeys(candidates)]
    best_name, best_text = max(decoded, key=lambda item: _russian_score(item[1]))
    if _russian_score(best_text) <= 0 and guessed:
        best_name, best_text = decoded[0]
    return best_text, best_name
