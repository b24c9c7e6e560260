"""Property tests: extraction and labels on generated, hostile, broken HTML never crash (only a
clean ExtractError), and what they keep renders to inert HTML."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translator.article import Article
from translator.errors import ExtractError
from translator.extract import extract, extract_text
from translator.labels.apply import apply_labels
from translator.output.render import render_html, render_markdown

SENTENCES = [
    "Суд в Махачкале арестовал жителя города по делу о публикации в соцсетях, сообщил адвокат.",
    "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ ООО «МЕМО».",
    "Мария Ожегова* (признана иноагентом) рассказала об этом «Кавказскому узлу».",
    "* Meta (владелец Facebook, Instagram и WhatsApp) запрещена в России.",
    "Скачайте приложение — работает без VPN!",
    "Знаете больше? Не молчите!",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "&lt;script&gt;",
    "]]>",
    "<!--",
    "\x00",
    "\ud800",
    "\u202e",
    "&#0;",
    "&nbsp;",
]
TAGS = [
    "p",
    "div",
    "article",
    "section",
    "span",
    "a",
    "h1",
    "h2",
    "blockquote",
    "ul",
    "li",
    "figure",
    "figcaption",
    "table",
    "tr",
    "td",
    "nav",
    "footer",
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "svg",
    "b",
    "br",
    "img",
    "form",
    "button",
]
ATTRS = [
    "",
    ' class="article__body"',
    ' onclick="alert(1)"',
    ' href="javascript:alert(1)"',
    ' href="/relative"',
    ' href="https://example.org/x"',
    ' style="display:none"',
    " hidden",
    ' alt="18+ Настоящий материал произведен иностранным агентом"',
    ' class="share social"',
    ' id="comments"',
    ' src="javascript:alert(1)"',
]


@st.composite
def trees(draw, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 5 if depth < 3 else 1))):
        if depth < 4 and draw(st.booleans()):
            tag = draw(st.sampled_from(TAGS))
            attrs = draw(st.sampled_from(ATTRS))
            closing = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", ""]))  # broken markup too
            parts.append(f"<{tag}{attrs}>{draw(trees(depth + 1))}{closing}")
        else:
            parts.append(draw(st.one_of(st.sampled_from(SENTENCES), st.text(max_size=30))))
    return "".join(parts)


pages = trees().map(
    lambda body: f"<html><head><title>Заголовок</title></head><body>{body}</body></html>"
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages)
def test_extraction_never_crashes_and_keeps_nothing_executable(page: str) -> None:
    article = Article(url="https://www.kavkaz-uzel.eu/articles/1/", html=page)
    try:
        extract(article)
    except ExtractError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    apply_labels(article)
    for block in article.blocks:
        block.text_en, block.links_en = block.text, block.links
    out = render_html(article)
    assert not re.search(
        r"<script|\son\w+\s*=|(href|src)\s*=\s*[\"']?\s*javascript:", out, re.IGNORECASE
    )
    assert render_markdown(article).startswith("---\n")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages)
def test_extract_text_is_text_or_a_clean_error(page: str) -> None:
    try:
        text = extract_text(page)
    except ExtractError:
        return
    assert "<script" not in text.lower() or "&lt;" not in text
    assert isinstance(text, str)
