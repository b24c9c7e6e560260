"""Render a translated Article as Markdown, standalone HTML or JSON; nothing here touches disk.

Every format shows the same content in the same order: English headline, dateline, the
page-level legal label(s), lead, body, footnotes, then the attribution (outlet, original
title and URL, publication time, engine, time of translation, and a plain statement that the
text is a machine translation). Source text is hostile input: Markdown escapes it, the YAML
front matter cannot be broken out of, HTML escapes it and passes through nh3, and links keep
only http(s)/mailto targets. A field not yet translated falls back to the source text.
"""

from __future__ import annotations

from collections.abc import Callable

from translator.article import Article
from translator.output.html_page import render_html
from translator.output.json_doc import render_json
from translator.output.markdown import md_escape, render_markdown

__all__ = ["RENDERERS", "md_escape", "render_html", "render_json", "render_markdown"]

RENDERERS: dict[str, Callable[[Article], str]] = {
    "md": render_markdown,
    "html": render_html,
    "json": render_json,
}
