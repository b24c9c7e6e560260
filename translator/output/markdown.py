"""The English copy as Markdown with YAML front matter that no source text can break out of."""

from __future__ import annotations

import re

import yaml

from translator.article import Article
from translator.output.text import (
    Placed,
    attribution,
    body_groups,
    closing,
    dateline,
    encode_url,
    flat,
    headline,
    lead,
    one_line,
    outlet,
    page_labels,
    safe_href,
)

# Every ASCII punctuation mark may be backslash-escaped in CommonMark; these are the ones that
# can start markup inline (emphasis, code, links, HTML, entities, tables, kramdown attributes).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~{}])")
_MD_LINE_START = re.compile(r"^(#|>|-|\+|=|(\d{1,9})([.)]))")


def md_escape(text: str | None) -> str:
    """Plain text as one line of Markdown that renders as exactly that text."""
    return _md_line(_md_inline(one_line(text)))


def _md_inline(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", flat(text))


def _md_line(line: str) -> str:
    """Escape what would make an (already inline-escaped) line a heading, list, quote or rule."""
    line = line.strip()
    match = _MD_LINE_START.match(line)
    if match is None:
        return line
    if match.group(2):
        return match.group(2) + "\\" + line[len(match.group(2)) :]
    return "\\" + line


def _md_runs(placed: Placed, numbering: list[int]) -> tuple[str, list[str]]:
    out = []
    for piece, href in placed.runs:
        out.append(f"[{_md_inline(piece)}](<{encode_url(href)}>)" if href else _md_inline(piece))
    text = _md_line("".join(out))
    notes = []
    for anchor, href in placed.references:
        numbering[0] += 1
        text += f" \\[{numbering[0]}\\]"
        label = md_escape(anchor) or "link"
        notes.append(f"\\[{numbering[0]}\\] {label}: <{encode_url(href)}>")
    return text, notes


def render_markdown(article: Article) -> str:
    """Markdown with YAML front matter (title, original_title, source_url, outlet,
    original_outlet, published, translated_at, engine, revised_at, labels, language,
    source_language), then headline, dateline, labels, lead, body, notes and attribution."""
    parts = [_front_matter(article), *_header(article), *_body(article), *_notes(article)]
    parts += ["---", _attribution_rows(article)]
    parts += [md_escape(line) for line in closing(article)]
    return "\n\n".join(parts) + "\n"


def _front_matter(article: Article) -> str:
    front = {
        "title": headline(article),
        "original_title": one_line(article.title),
        "source_url": one_line(article.source_url),
        "outlet": outlet(article) or None,
        "original_outlet": one_line(article.outlet) or None,
        "published": one_line(article.published) or None,
        "translated_at": one_line(article.translated_at) or None,
        "engine": one_line(article.engine) or None,
        "revised_at": one_line(article.revised_at) or None,
        "labels": page_labels(article),
        "language": "en",
        "source_language": one_line(article.language),
    }
    # Every value is one line, so no "---" can start a line of the dump; width keeps it so.
    dumped = yaml.safe_dump(
        front, allow_unicode=True, sort_keys=False, width=2**31 - 1, default_flow_style=False
    )
    return f"---\n{dumped}---"


def _header(article: Article) -> list[str]:
    parts = [f"# {md_escape(headline(article))}"]
    shown = dateline(article)
    if shown:
        parts.append(f"*{md_escape(shown)}*")
    parts += [f"> **{md_escape(text)}**" for text in page_labels(article)]
    if lead(article):
        parts.append(f"**{md_escape(lead(article))}**")
    return parts


_BLOCK_FORMS = {"quote": "> {}", "caption": "*{}*"}


def _body(article: Article) -> list[str]:
    parts: list[str] = []
    numbering = [0]
    for group in body_groups(article):
        if isinstance(group, list):
            items = []
            for _, placed in group:
                line, notes = _md_runs(placed, numbering)
                items.append(f"- {line}")
                items += [f"  {note}" for note in notes]
            parts.append("\n".join(items))
            continue
        block, placed = group
        line, notes = _md_runs(placed, numbering)
        if block.type == "heading":
            parts.append(f"{'#' * min(6, max(2, block.level or 2))} {line}")
        else:
            parts.append(_BLOCK_FORMS.get(block.type, "{}").format(line))
        if notes:
            parts.append("  \n".join(notes))
    return parts


def _notes(article: Article) -> list[str]:
    notes = [md_escape(note.text) for note in article.notes if one_line(note.text)]
    return ["---", "  \n".join(notes)] if notes else []


def _attribution_rows(article: Article) -> str:
    rows = []
    for name, value in attribution(article):
        is_link = name == "Original URL" and safe_href(value, "")
        shown = f"<{encode_url(value)}>" if is_link else md_escape(value)
        rows.append(f"- {name}: {shown}")
    return "\n".join(rows)
