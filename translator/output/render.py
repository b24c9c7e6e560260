"""Render a translated Article as Markdown, standalone HTML or JSON; nothing here touches disk.

Every format shows the same content in the same order: English headline, dateline, the
page-level legal label(s), lead, body, footnotes, then the attribution (outlet, original
title and URL, publication time, engine, time of translation, and a plain statement that the
text is a machine translation). Source text is hostile input: Markdown escapes it, the YAML
front matter cannot be broken out of, HTML escapes it and passes through nh3, and links keep
only http(s)/mailto targets. A field not yet translated falls back to the source text.

JSON output (`render_json`), one object; strings are UTF-8, absent values are null:

    source        {url, title, outlet, outlet_en, published, language, lead}  the original:
                  address to credit (canonical if known), Russian title, outlet name (and its
                  English name), publication time, language code, Russian lead
    title         string          English headline
    lead          string | null   English lead (standfirst)
    published     string | null   publication time as the source gave it (ISO 8601 when parsed)
    updated       string | null   last update time at the source
    author        string | null
    labels        [{kind, source_text, text, party, placement}]  legal status labels; `text` is
                  the fixed English wording, `placement` "page" (leads the copy) or "inline"
    body          [{type, text, source_text, links?, level?, flags}]  in reading order; `type` is
                  paragraph | heading | quote | list_item | caption | table; `text` English,
                  `source_text` Russian; `links` (only where any) [{text, href, start}] where
                  `start` is the anchor's offset in `text` or null (shown as a numbered
                  reference); `level` for headings; `flags` e.g. ["numbers-mismatch"]
    notes         [{kind, source_text, text}]  footnotes such as "* Meta is banned in Russia."
    engine        string | null   translation engine name
    translated_at string | null   time of translation, ISO 8601 UTC
    tokens        {in, out} | null  tokens a language-model engine reported (prompt, completion)
    revised_at    string | null   when a scheduled run re-translated it after a source edit
    image         {url, caption, caption_en} | null
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime
from html import escape
from urllib.parse import quote, urljoin, urlsplit

import nh3
import yaml

from translator.article import Article, Block, Link

LANGUAGES = {"ru": "Russian", "uk": "Ukrainian", "be": "Belarusian", "en": "English"}
SAFE_SCHEMES = {"http", "https", "mailto"}

# Control characters (but not tab/newline) and lone surrogates cannot be written as UTF-8 text.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"[\r\n\t\u2028\u2029\v\f\x85]+")


# ---- shared: what to show --------------------------------------------------------------------


def _clean(text: str | None) -> str:
    """Text safe to write: no control characters, no lone surrogates."""
    if not text:
        return ""
    return _UNWRITABLE.sub(lambda m: "\ufffd" if "\ud800" <= m.group() <= "\udfff" else "", text)


def _flat(text: str | None) -> str:
    """Clean text on one line, spaces kept as they are (link offsets stay meaningful)."""
    return _LINE_BREAKS.sub(" ", _clean(text))


def _one_line(text: str | None) -> str:
    return re.sub(r" {2,}", " ", _flat(text)).strip()


def _headline(article: Article) -> str:
    return _one_line(article.title_en or article.title) or "Untitled"


def _lead(article: Article) -> str:
    return _one_line(article.lead_en or article.lead)


def _block_text(block: Block) -> tuple[str, list[Link]]:
    """The English text and its links, or the source text and its links if not translated."""
    if block.text_en is not None:
        return block.text_en, block.links_en
    return block.text, block.links


def _language(code: str) -> str:
    return LANGUAGES.get(code, code)


def _page_labels(article: Article) -> list[str]:
    return [_one_line(label.text) for label in article.labels if label.placement == "page"]


def safe_href(href: str, base: str) -> str | None:
    """An absolute http(s)/mailto URL for `href` (resolved against `base`), or None if unsafe."""
    href = _LINE_BREAKS.sub("", _clean(href)).strip()
    if not href:
        return None
    try:
        href = urljoin(base, href)
        scheme = urlsplit(href).scheme.lower()
    except ValueError:
        return None
    return _encode_url(href) if scheme in SAFE_SCHEMES else None


def _encode_url(href: str) -> str:
    """Percent-encode what may not appear raw in a URL (spaces, quotes, <>, parentheses...)."""
    return quote(href, safe="/:?#@!$&'*+,;=%~-._[]")


def _when(value: str | None) -> str:
    """A readable time ("15 February 2026, 01:58 UTC+03:00"), or the value as given."""
    value = _one_line(value)
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    shown = f"{moment.day} {moment:%B %Y, %H:%M}"
    offset = moment.utcoffset()
    if offset is not None:
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        hours, rest = divmod(abs(minutes), 60)
        shown += " UTC" if minutes == 0 else f" UTC{sign}{hours:02d}:{rest:02d}"
    return shown


def _iso(value: str | None) -> str | None:
    """The value as a machine-readable ISO 8601 time, or None when it is not one."""
    try:
        return datetime.fromisoformat(_one_line(value)).isoformat() if value else None
    except ValueError:
        return None


def _lang_code(code: str) -> str:
    """A BCP 47-looking language code for a lang attribute ("und" when the value is not one)."""
    return code if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", code or "") else "und"


def _outlet(article: Article) -> str:
    """The outlet's English name (glossary or transliteration), else its own."""
    return _one_line(article.outlet_en or article.outlet)


def _outlet_credit(article: Article) -> str:
    """The outlet for the attribution: English name with the original beside it when it differs."""
    english, own = _outlet(article), _one_line(article.outlet)
    return f"{english} ({own})" if own and english != own else english


def _dateline(article: Article) -> str:
    parts = [_when(article.published), _outlet(article)]
    return " · ".join(p for p in parts if p)


def _statement(article: Article) -> str:
    return (
        f"This text is a machine translation of the original {_language(article.language)} "
        f"article by {_outlet(article) or 'the outlet named above'}. "
        "The original is authoritative."
    )


def _closing(article: Article) -> list[str]:
    """The machine-translation statement, then the source's own republication line if any."""
    return [_statement(article)] + (
        [_one_line(article.credit)] if _one_line(article.credit) else []
    )


def _attribution(article: Article) -> list[tuple[str, str]]:
    rows = [
        ("Outlet", _outlet_credit(article)),
        ("Original title", _one_line(article.title)),
        ("Original URL", _one_line(article.source_url)),
        ("Published", _when(article.published)),
        ("Translation engine", _one_line(article.engine)),
        ("Translated", _when(article.translated_at)),
        ("Revised after a source edit", _when(article.revised_at)),
    ]
    return [(name, value) for name, value in rows if value]


class _Placed:
    """A block's text cut into (piece, href-or-None) runs, plus links shown as references."""

    def __init__(self, text: str, links: list[Link], base: str):
        self.runs: list[tuple[str, str | None]] = []
        self.references: list[tuple[str, str]] = []
        cursor = 0
        placed = sorted(
            (link for link in links if link.start is not None), key=lambda link: link.start or 0
        )
        for link in placed:
            href = safe_href(link.href, base)
            if href is None:
                continue
            start = link.start or 0
            end = start + len(link.text)
            if start < cursor or end > len(text) or text[start:end] != link.text or not link.text:
                self.references.append((link.text, href))
                continue
            self.runs.append((text[cursor:start], None))
            self.runs.append((text[start:end], href))
            cursor = end
        self.runs.append((text[cursor:], None))
        for link in links:
            href = safe_href(link.href, base) if link.start is None else None
            if href is not None:
                self.references.append((link.text, href))


# ---- Markdown ----------------------------------------------------------------------------------

# Every ASCII punctuation mark may be backslash-escaped in CommonMark; these are the ones that
# can start markup inline (emphasis, code, links, HTML, entities, tables, kramdown attributes).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~{}])")
_MD_LINE_START = re.compile(r"^(#|>|-|\+|=|(\d{1,9})([.)]))")


def md_escape(text: str | None) -> str:
    """Plain text as one line of Markdown that renders as exactly that text."""
    return _md_line(_md_inline(_one_line(text)))


def _md_inline(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", _flat(text))


def _md_line(line: str) -> str:
    """Escape what would make an (already inline-escaped) line a heading, list, quote or rule."""
    line = line.strip()
    match = _MD_LINE_START.match(line)
    if match is None:
        return line
    if match.group(2):
        return match.group(2) + "\\" + line[len(match.group(2)) :]
    return "\\" + line


def _md_runs(placed: _Placed, numbering: list[int]) -> tuple[str, list[str]]:
    out = []
    for piece, href in placed.runs:
        out.append(f"[{_md_inline(piece)}](<{_encode_url(href)}>)" if href else _md_inline(piece))
    text = _md_line("".join(out))
    notes = []
    for anchor, href in placed.references:
        numbering[0] += 1
        text += f" \\[{numbering[0]}\\]"
        label = md_escape(anchor) or "link"
        notes.append(f"\\[{numbering[0]}\\] {label}: <{_encode_url(href)}>")
    return text, notes


def render_markdown(article: Article) -> str:
    """Markdown with YAML front matter (title, original_title, source_url, outlet,
    original_outlet, published,
    translated_at, engine, revised_at, labels, language, source_language)."""
    base = article.source_url
    front = {
        "title": _headline(article),
        "original_title": _one_line(article.title),
        "source_url": _one_line(article.source_url),
        "outlet": _outlet(article) or None,
        "original_outlet": _one_line(article.outlet) or None,
        "published": _one_line(article.published) or None,
        "translated_at": _one_line(article.translated_at) or None,
        "engine": _one_line(article.engine) or None,
        "revised_at": _one_line(article.revised_at) or None,
        "labels": _page_labels(article),
        "language": "en",
        "source_language": _one_line(article.language),
    }
    # Every value is one line, so no "---" can start a line of the dump; width keeps it so.
    dumped = yaml.safe_dump(
        front, allow_unicode=True, sort_keys=False, width=2**31 - 1, default_flow_style=False
    )
    parts = [f"---\n{dumped}---", f"# {md_escape(_headline(article))}"]
    dateline = _dateline(article)
    if dateline:
        parts.append(f"*{md_escape(dateline)}*")
    parts += [f"> **{md_escape(text)}**" for text in _page_labels(article)]
    if _lead(article):
        parts.append(f"**{md_escape(_lead(article))}**")
    numbering = [0]
    items: list[str] = []
    for block in article.blocks:
        text, links = _block_text(block)
        line, notes = _md_runs(_Placed(text, links, base), numbering)
        if not line.strip():
            continue
        if block.type == "list_item":
            items.append(f"- {line}")
            items += [f"  {note}" for note in notes]
            continue
        if items:
            parts.append("\n".join(items))
            items = []
        if block.type == "heading":
            level = min(6, max(2, block.level or 2))
            parts.append(f"{'#' * level} {line}")
        elif block.type == "quote":
            parts.append(f"> {line}")
        elif block.type == "caption":
            parts.append(f"*{line}*")
        else:
            parts.append(line)
        if notes:
            parts.append("  \n".join(notes))
    if items:
        parts.append("\n".join(items))
    notes = [md_escape(note.text) for note in article.notes if _one_line(note.text)]
    if notes:
        parts.append("---")
        parts.append("  \n".join(notes))
    parts.append("---")
    rows = []
    for name, value in _attribution(article):
        shown = (
            f"<{_encode_url(value)}>"
            if name == "Original URL" and safe_href(value, "")
            else md_escape(value)
        )
        rows.append(f"- {name}: {shown}")
    parts.append("\n".join(rows))
    parts += [md_escape(line) for line in _closing(article)]
    return "\n\n".join(parts) + "\n"


# ---- HTML --------------------------------------------------------------------------------------

HTML_STYLE = """
body { font: 17px/1.55 Georgia, serif; max-width: 40em; margin: 2em auto; padding: 0 1em; color: #222; }
h1 { font-size: 1.8em; line-height: 1.2; }
.dateline { color: #666; font-size: .9em; }
.label { border: 2px solid #222; padding: .6em .8em; font-weight: bold; font-size: .9em; }
.lead { font-weight: bold; }
blockquote { border-left: 3px solid #aaa; margin-left: 0; padding-left: 1em; color: #444; }
.caption { font-style: italic; color: #555; font-size: .9em; }
.refs, .notes, .attribution { font-size: .85em; color: #555; }
.attribution { border-top: 1px solid #ccc; margin-top: 2em; }
"""

_HTML_TAGS = {
    "article",
    "header",
    "footer",
    "section",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "a",
    "blockquote",
    "ul",
    "li",
    "strong",
    "em",
    "sup",
    "time",
    "dl",
    "dt",
    "dd",
    "span",
}
_HTML_ATTRS = {"*": {"class", "lang"}, "a": {"href"}, "time": {"datetime"}}


def _html_runs(placed: _Placed, numbering: list[int]) -> tuple[str, str]:
    out = []
    for piece, href in placed.runs:
        piece = escape(_flat(piece))
        out.append(f'<a href="{escape(href)}">{piece}</a>' if href else piece)
    refs = []
    for anchor, href in placed.references:
        numbering[0] += 1
        out.append(f"<sup>[{numbering[0]}]</sup>")
        refs.append(
            f'<li>[{numbering[0]}] <a href="{escape(href)}">{escape(_one_line(anchor) or href)}</a></li>'
        )
    listing = f'<ul class="refs">{"".join(refs)}</ul>' if refs else ""
    return "".join(out), listing


def render_html(article: Article) -> str:
    """A standalone UTF-8 HTML page (inline CSS, no external assets), sanitised with nh3."""
    base = article.source_url
    parts = ["<article>", "<header>", f"<h1>{escape(_headline(article))}</h1>"]
    dateline = []
    machine_time = _iso(article.published)
    if machine_time:
        dateline.append(
            f'<time datetime="{machine_time}">{escape(_when(article.published))}</time>'
        )
    elif _when(article.published):
        dateline.append(escape(_when(article.published)))
    if _outlet(article):
        dateline.append(escape(_outlet(article)))
    if dateline:
        parts.append(f'<p class="dateline">{" · ".join(dateline)}</p>')
    parts.append("</header>")
    parts += [
        f'<p class="label"><strong>{escape(text)}</strong></p>' for text in _page_labels(article)
    ]
    if _lead(article):
        parts.append(f'<p class="lead">{escape(_lead(article))}</p>')
    numbering = [0]
    items: list[str] = []
    for block in article.blocks:
        text, links = _block_text(block)
        inner, refs = _html_runs(_Placed(text, links, base), numbering)
        if not inner.strip():
            continue
        if block.type == "list_item":
            items.append(f"<li>{inner}{refs}</li>")
            continue
        if items:
            parts.append(f"<ul>{''.join(items)}</ul>")
            items = []
        if block.type == "heading":
            level = min(6, max(2, block.level or 2))
            parts.append(f"<h{level}>{inner}</h{level}>")
        elif block.type == "quote":
            parts.append(f"<blockquote><p>{inner}</p></blockquote>")
        elif block.type == "caption":
            parts.append(f'<p class="caption">{inner}</p>')
        else:
            parts.append(f"<p>{inner}</p>")
        if refs:
            parts.append(refs)
    if items:
        parts.append(f"<ul>{''.join(items)}</ul>")
    notes = [
        f'<p class="note">{escape(_one_line(n.text))}</p>'
        for n in article.notes
        if _one_line(n.text)
    ]
    if notes:
        parts.append(f'<section class="notes">{"".join(notes)}</section>')
    rows = []
    for name, value in _attribution(article):
        if name == "Original URL" and safe_href(value, ""):
            shown = f'<a href="{escape(value)}">{escape(value)}</a>'
        elif name == "Original title":
            shown = f'<span lang="{_lang_code(article.language)}">{escape(value)}</span>'
        else:
            shown = escape(value)
        rows.append(f"<dt>{escape(name)}</dt><dd>{shown}</dd>")
    closing = "".join(f"<p>{escape(line)}</p>" for line in _closing(article))
    parts.append(f'<footer class="attribution"><dl>{"".join(rows)}</dl>{closing}</footer>')
    parts.append("</article>")
    # Each piece above was escaped as it was built; nh3 is the second lock on the door.
    body = nh3.clean(
        "\n".join(parts),
        tags=_HTML_TAGS,
        attributes=_HTML_ATTRS,
        url_schemes=SAFE_SCHEMES,
        strip_comments=True,
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(_headline(article))}</title>\n<style>{HTML_STYLE}</style>\n"
        f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


# ---- JSON --------------------------------------------------------------------------------------


def _json_links(links: list[Link], base: str) -> list[dict]:
    out = []
    for link in links:
        href = safe_href(link.href, base)
        if href is not None:
            out.append({"text": _clean(link.text), "href": href, "start": link.start})
    return out


def _json_block(block: Block, base: str) -> dict:
    text, links = _block_text(block)
    item: dict = {"type": block.type, "text": _clean(text), "source_text": _clean(block.text)}
    shown = _json_links(links, base)
    if shown:
        item["links"] = shown
    if block.level is not None:
        item["level"] = block.level
    item["flags"] = list(block.flags)
    return item


def render_json(article: Article) -> str:
    """The article as a JSON document (fields described in this module's docstring)."""
    base = article.source_url
    image = None
    if article.image is not None and safe_href(article.image.url, base):
        image = {
            "url": safe_href(article.image.url, base),
            "caption": _clean(article.image.caption) or None,
            "caption_en": _clean(article.image.caption_en) or None,
        }
    data = {
        "source": {
            "url": _clean(article.source_url),
            "title": _clean(article.title),
            "outlet": _clean(article.outlet) or None,
            "outlet_en": _clean(article.outlet_en) or None,
            "published": _clean(article.published) or None,
            "language": _clean(article.language),
            "lead": _clean(article.lead) or None,
        },
        "title": _clean(article.title_en or article.title),
        "lead": _clean(article.lead_en or article.lead) or None,
        "published": _clean(article.published) or None,
        "updated": _clean(article.updated) or None,
        "author": _clean(article.author) or None,
        "labels": [
            {
                "kind": _clean(label.kind),
                "source_text": _clean(label.source_text),
                "text": _clean(label.text),
                "party": _clean(label.party) or None,
                "placement": _clean(label.placement),
            }
            for label in article.labels
        ],
        "body": [_json_block(block, base) for block in article.blocks],
        "notes": [
            {"kind": _clean(n.kind), "source_text": _clean(n.source_text), "text": _clean(n.text)}
            for n in article.notes
        ],
        "engine": _clean(article.engine) or None,
        "translated_at": _clean(article.translated_at) or None,
        "tokens": _tokens(article),
        "revised_at": _clean(article.revised_at) or None,
        "image": image,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _tokens(article: Article) -> dict[str, int] | None:
    if not (article.tokens_in or article.tokens_out):
        return None
    return {"in": article.tokens_in, "out": article.tokens_out}


RENDERERS: dict[str, Callable[[Article], str]] = {
    "md": render_markdown,
    "html": render_html,
    "json": render_json,
}
