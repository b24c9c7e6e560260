"""The bilingual review page: an editor checks a copy, Russian beside English, before it goes out.

`render_review(article)` returns one standalone HTML document: the metadata, the legal labels and
notes, then every block as a table row (Russian | English), with flagged blocks highlighted and
their flag names shown. All page text is escaped, and the body passes through nh3 as well.
"""

from __future__ import annotations

from html import escape

import nh3

from translator.article import Article, Block, Label
from translator.language import language_name

REVIEW_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 1.5em; }
.held { border: 2px solid #b00; padding: .2em 1em; margin-bottom: 1em; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #ccc; padding: .5em .7em; vertical-align: top; text-align: left; }
td.n { width: 3em; color: #777; }
tr.flagged td { background: #fff3cd; }
.flags { color: #a00; font-weight: bold; font-size: 85%; }
.kind { color: #777; font-size: 80%; }
.missing { color: #a00; font-style: italic; }
.label { border-left: 4px solid #a00; padding-left: .6em; }
dt { font-weight: bold; }
"""

_TAGS = {
    "h1",
    "h2",
    "h3",
    "p",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "ul",
    "li",
    "strong",
    "em",
    "span",
    "div",
    "dl",
    "dt",
    "dd",
    "br",
    "small",
    "section",
    "code",
}
_ATTRS = {"*": {"class", "lang"}, "a": {"href"}}


def render_review(article: Article, held: list[str] | None = None) -> str:
    """A standalone HTML review page for `article` (source and translation side by side);
    `held` lists why the publish gate held the copy, shown first with what to do about it."""
    body = "\n".join([_held(held), _header(article), _labels(article), _table(article)])
    # Everything above was escaped piece by piece; nh3 guards against a slip.
    body = nh3.clean(body, tags=_TAGS, attributes=_ATTRS, url_schemes={"http", "https"})
    title = escape(article.title_en or article.title or article.source_url)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>Review: {title}</title>\n<style>{REVIEW_STYLE}</style>\n</head>\n<body>\n"
        f"{body}\n</body>\n</html>\n"
    )


def _held(reasons: list[str] | None) -> str:
    if not reasons:
        return ""
    items = "".join(f"<li>{escape(reason)}</li>" for reason in reasons)
    return (
        '<section class="held"><h2>Held for review</h2>\n'
        f"<ul>{items}</ul>\n<p>Publish it with <code>translator approve URL</code>, or drop it "
        "with <code>translator reject URL</code>.</p></section>"
    )


def _header(article: Article) -> str:
    url = escape(article.source_url)
    rows = [
        ("Original", f'<a href="{url}">{url}</a>'),
        ("Outlet", escape(article.outlet or "")),
        ("Author", escape(article.author or "")),
        ("Published", escape(article.published or "")),
        ("Updated", escape(article.updated or "")),
        ("Engine", escape(article.engine or "")),
        ("Translated at", escape(article.translated_at or "")),
    ]
    flagged = sum(1 for block in article.blocks if block.flags)
    rows.append(("Flagged blocks", f"{flagged} of {len(article.blocks)}"))
    meta = "\n".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows if value)
    return (
        f'<h1 lang="en">{_or_missing(article.title_en)}</h1>\n'
        f'<h2 lang="ru">{escape(article.title)}</h2>\n<dl>\n{meta}\n</dl>'
    )


def _labels(article: Article) -> str:
    parts = []
    if article.labels:
        items = "\n".join(
            f'<li class="label"><strong>{escape(label.text)}</strong>'
            f' <span class="kind">{escape(label.kind)}, {escape(label.placement)}'
            f"{_party(label)}</span><br>"
            f'<small lang="ru">{escape(label.source_text)}</small></li>'
            for label in article.labels
        )
        parts.append(f"<h3>Labels</h3>\n<ul>\n{items}\n</ul>")
    if article.notes:
        items = "\n".join(
            f'<li>{escape(note.text)} <span class="kind">{escape(note.kind)}</span><br>'
            f'<small lang="ru">{escape(note.source_text)}</small></li>'
            for note in article.notes
        )
        parts.append(f"<h3>Notes</h3>\n<ul>\n{items}\n</ul>")
    if article.lead or article.lead_en:
        parts.append(
            "<h3>Lead</h3>\n<table><tbody><tr>"
            f'<td lang="ru">{escape(article.lead or "")}</td>'
            f'<td lang="en">{_or_missing(article.lead_en)}</td></tr></tbody></table>'
        )
    return "\n".join(parts)


def _party(label: Label) -> str:
    if not (label.party or label.party_en):
        return ""
    return f", party: {escape(label.party_en or '')} ({escape(label.party or '')})"


def _table(article: Article) -> str:
    rows = "\n".join(_row(number, block) for number, block in enumerate(article.blocks, 1))
    return (
        '<h3>Text</h3>\n<table>\n<thead><tr><th class="n">#</th>'
        f"<th>{escape(language_name(article.language))}</th>"
        f"<th>English</th></tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>"
    )


def _row(number: int, block: Block) -> str:
    kind = block.type + (f" {block.level}" if block.level else "")
    flags = f'<div class="flags">{escape(", ".join(block.flags))}</div>' if block.flags else ""
    links = "".join(
        f'<br><small>→ <a href="{escape(link.href)}">{escape(link.text)}</a></small>'
        for link in block.links
    )
    css = ' class="flagged"' if block.flags else ""
    return (
        f'<tr{css}><td class="n">{number}<br><span class="kind">{escape(kind)}</span></td>'
        f'<td lang="ru">{escape(block.text)}{links}</td>'
        f'<td lang="en">{flags}{_or_missing(block.text_en)}</td></tr>'
    )


def _or_missing(text: str | None) -> str:
    return escape(text) if text else '<span class="missing">(not translated)</span>'
