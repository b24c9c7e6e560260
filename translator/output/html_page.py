"""The English copy as one standalone HTML page: inline CSS, no external assets, sanitised."""

from __future__ import annotations

from html import escape

import nh3

from translator.article import Article
from translator.output.text import (
    SAFE_SCHEMES,
    Placed,
    attribution,
    body_groups,
    closing,
    flat,
    headline,
    iso,
    lang_code,
    lead,
    one_line,
    outlet,
    page_labels,
    safe_href,
    when,
)

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


def _html_runs(placed: Placed, numbering: list[int]) -> tuple[str, str]:
    out = []
    for piece, href in placed.runs:
        piece = escape(flat(piece))
        out.append(f'<a href="{escape(href)}">{piece}</a>' if href else piece)
    refs = []
    for anchor, href in placed.references:
        numbering[0] += 1
        out.append(f"<sup>[{numbering[0]}]</sup>")
        refs.append(
            f'<li>[{numbering[0]}] <a href="{escape(href)}">{escape(one_line(anchor) or href)}</a></li>'
        )
    listing = f'<ul class="refs">{"".join(refs)}</ul>' if refs else ""
    return "".join(out), listing


def render_html(article: Article) -> str:
    """A standalone UTF-8 HTML page (inline CSS, no external assets), sanitised with nh3."""
    parts = ["<article>", *_header(article), *_body(article), *_notes(article)]
    parts += [_footer(article), "</article>"]
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
        f"<title>{escape(headline(article))}</title>\n<style>{HTML_STYLE}</style>\n"
        f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _header(article: Article) -> list[str]:
    parts = ["<header>", f"<h1>{escape(headline(article))}</h1>"]
    shown = []
    machine_time = iso(article.published)
    if machine_time:
        shown.append(f'<time datetime="{machine_time}">{escape(when(article.published))}</time>')
    elif when(article.published):
        shown.append(escape(when(article.published)))
    if outlet(article):
        shown.append(escape(outlet(article)))
    if shown:
        parts.append(f'<p class="dateline">{" · ".join(shown)}</p>')
    parts.append("</header>")
    parts += [
        f'<p class="label"><strong>{escape(text)}</strong></p>' for text in page_labels(article)
    ]
    if lead(article):
        parts.append(f'<p class="lead">{escape(lead(article))}</p>')
    return parts


_BLOCK_FORMS = {
    "quote": "<blockquote><p>{}</p></blockquote>",
    "caption": '<p class="caption">{}</p>',
}


def _body(article: Article) -> list[str]:
    parts: list[str] = []
    numbering = [0]
    for group in body_groups(article):
        if isinstance(group, list):
            items = []
            for _, placed in group:
                inner, refs = _html_runs(placed, numbering)
                items.append(f"<li>{inner}{refs}</li>")
            parts.append(f"<ul>{''.join(items)}</ul>")
            continue
        block, placed = group
        inner, refs = _html_runs(placed, numbering)
        if block.type == "heading":
            level = min(6, max(2, block.level or 2))
            parts.append(f"<h{level}>{inner}</h{level}>")
        else:
            parts.append(_BLOCK_FORMS.get(block.type, "<p>{}</p>").format(inner))
        if refs:
            parts.append(refs)
    return parts


def _notes(article: Article) -> list[str]:
    notes = [
        f'<p class="note">{escape(one_line(n.text))}</p>' for n in article.notes if one_line(n.text)
    ]
    return [f'<section class="notes">{"".join(notes)}</section>'] if notes else []


def _footer(article: Article) -> str:
    rows = []
    for name, value in attribution(article):
        if name == "Original URL" and safe_href(value, ""):
            shown = f'<a href="{escape(value)}">{escape(value)}</a>'
        elif name == "Original title":
            shown = f'<span lang="{lang_code(article.language)}">{escape(value)}</span>'
        else:
            shown = escape(value)
        rows.append(f"<dt>{escape(name)}</dt><dd>{shown}</dd>")
    statement = "".join(f"<p>{escape(line)}</p>" for line in closing(article))
    return f'<footer class="attribution"><dl>{"".join(rows)}</dl>{statement}</footer>'
