"""The English copy as one JSON object; strings are UTF-8, absent values are null: strings are UTF-8, absent values are null:

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

from translator.article import Article, Block, Label, Link
from translator.output.text import block_text, clean, safe_href


def _json_links(links: list[Link], base: str) -> list[dict]:
    out = []
    for link in links:
        href = safe_href(link.href, base)
        if href is not None:
            out.append({"text": clean(link.text), "href": href, "start": link.start})
    return out


def _json_block(block: Block, base: str) -> dict:
    text, links = block_text(block)
    item: dict = {"type": block.type, "text": clean(text), "source_text": clean(block.text)}
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
    data = {
        "source": {
            "url": clean(article.source_url),
            "title": clean(article.title),
            "outlet": _maybe(article.outlet),
            "outlet_en": _maybe(article.outlet_en),
            "published": _maybe(article.published),
            "language": clean(article.language),
            "lead": _maybe(article.lead),
        },
        "title": clean(article.title_en or article.title),
        "lead": _maybe(article.lead_en or article.lead),
        "published": _maybe(article.published),
        "updated": _maybe(article.updated),
        "author": _maybe(article.author),
        "labels": [_json_label(label) for label in article.labels],
        "body": [_json_block(block, base) for block in article.blocks],
        "notes": [
            {"kind": clean(n.kind), "source_text": clean(n.source_text), "text": clean(n.text)}
            for n in article.notes
        ],
        "engine": _maybe(article.engine),
        "translated_at": _maybe(article.translated_at),
        "tokens": (
            {"in": article.tokens_in, "out": article.tokens_out}
            if article.tokens_in or article.tokens_out
            else None
        ),
        "revised_at": _maybe(article.revised_at),
        "image": _json_image(article, base),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _maybe(text: str | None) -> str | None:
    """Clean text, or None (JSON null) where there is none."""
    return clean(text) or None


def _json_label(label: Label) -> dict:
    return {
        "kind": clean(label.kind),
        "source_text": clean(label.source_text),
        "text": clean(label.text),
        "party": _maybe(label.party),
        "placement": clean(label.placement),
    }


def _json_image(article: Article, base: str) -> dict | None:
    if article.image is None or not safe_href(article.image.url, base):
        return None
    return {
        "url": safe_href(article.image.url, base),
        "caption": _maybe(article.image.caption),
        "caption_en": _maybe(article.image.caption_en),
    }
