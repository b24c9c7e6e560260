"""Renderers: content order, label first, complete attribution, hostile text kept inert."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
import yaml

from translator.article import Article, Block, Image, Label, Link, Note
from translator.output.render import RENDERERS, md_escape, render_html, render_json, render_markdown

LABEL = (
    "THIS MESSAGE (MATERIAL) WAS CREATED AND (OR) DISTRIBUTED BY A FOREIGN MASS MEDIA OUTLET "
    "PERFORMING THE FUNCTIONS OF A FOREIGN AGENT."
)


def sample() -> Article:
    return Article(
        url="https://meduza.io/news/2026/02/15/v-moskve",
        final_url="https://meduza.io/news/2026/02/15/v-moskve",
        outlet="Meduza",
        title="В Москве прошли обыски",
        title_en="Searches carried out in Moscow",
        published="2026-02-15T01:58:00+03:00",
        author="Иван Петров",
        lead="Обыски прошли утром.",
        lead_en="The searches took place in the morning.",
        image=Image("https://meduza.io/image/1.jpg", "Фото", "Photo"),
        blocks=[
            Block(
                "paragraph",
                "Первый абзац со ссылкой.",
                text_en="First paragraph with a link.",
                links=[Link("ссылкой", "https://example.org/a", 17)],
                links_en=[Link("a link", "https://example.org/a", 21)],
            ),
            Block("heading", "Подзаголовок", text_en="Subheading", level=2),
            Block("list_item", "один", text_en="one"),
            Block("list_item", "два", text_en="two"),
            Block("quote", "Цитата", text_en="A quote"),
            Block(
                "paragraph",
                "Абзац с потерянной ссылкой",
                text_en="Paragraph whose anchor got lost",
                links_en=[Link("lost anchor", "https://example.org/lost", None)],
                flags=["numbers-mismatch"],
            ),
            Block("caption", "Подпись", text_en="Caption text"),
        ],
        labels=[
            Label("foreign-agent-media", "ДАННОЕ СООБЩЕНИЕ (МАТЕРИАЛ) СОЗДАНО...", LABEL),
            Label(
                "foreign-agent",
                "(признан иноагентом)",
                "designated a foreign agent",
                party="Иван Петров",
                placement="inline",
            ),
        ],
        notes=[Note("banned", "* Meta запрещена в России.", "* Meta is banned in Russia.", "Meta")],
        engine="google",
        translated_at="2026-02-15T02:10:00+00:00",
    )


def positions(text: str, needles: list[str]) -> list[int]:
    found = [text.find(n) for n in needles]
    assert all(i >= 0 for i in found), list(zip(needles, found))
    return found


ORDER = [
    "Searches carried out in Moscow",
    "15 February 2026",
    LABEL.split(" (")[0],
    "The searches took place",
    "First paragraph",
    "Subheading",
    "one",
    "two",
    "A quote",
    "Paragraph whose anchor",
    "Caption text",
    "Meta is banned",
    "Original title",
    "machine translation",
]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_sections_come_in_order_with_the_label_first(fmt: str) -> None:
    out = RENDERERS[fmt](sample())
    body = out.split("---\n", 2)[2] if fmt == "md" else out.split("<body>", 1)[1]
    found = positions(body, ORDER)
    assert found == sorted(found)
    # The inline label is not shown as a page label.
    assert "designated a foreign agent" not in body


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_attribution_is_complete(fmt: str) -> None:
    out = RENDERERS[fmt](sample())
    tail = out[out.rfind("Outlet") :]
    for needle in (
        "Meduza",
        "В Москве прошли обыски",
        "https://meduza.io/news/2026/02/15/v-moskve",
        "15 February 2026, 01:58 UTC+03:00",
        "google",
        "15 February 2026, 02:10 UTC",
        "machine translation of the original Russian article",
    ):
        assert needle in tail, needle


def test_markdown_front_matter_and_links() -> None:
    out = render_markdown(sample())
    assert out.startswith("---\n")
    front = yaml.safe_load(out.split("---\n")[1])
    assert front["title"] == "Searches carried out in Moscow"
    assert front["source_url"] == "https://meduza.io/news/2026/02/15/v-moskve"
    assert front["labels"] == [LABEL] and front["language"] == "en"
    assert front["published"] == "2026-02-15T01:58:00+03:00" and front["engine"] == "google"
    assert "First paragraph with [a link](<https://example.org/a>)." in out
    assert "Paragraph whose anchor got lost \\[1\\]" in out
    assert "\\[1\\] lost anchor: <https://example.org/lost>" in out
    assert "- one\n- two" in out and "## Subheading" in out and "> A quote" in out
    assert f"> **{md_escape(LABEL)}**" in out


def test_html_is_standalone_and_links_placed() -> None:
    out = render_html(sample())
    assert out.startswith("<!DOCTYPE html>") and '<html lang="en">' in out
    assert '<meta charset="utf-8">' in out and "<style>" in out
    assert not re.search(r"<(link|script|img|iframe)\b", out) and "src=" not in out
    assert '<a href="https://example.org/a" rel="noopener noreferrer">a link</a>' in out
    assert '<p class="label"><strong>' in out
    assert "<ul><li>one</li><li>two</li></ul>" in out
    assert "<sup>[1]</sup>" in out and 'href="https://example.org/lost"' in out


def test_json_fields() -> None:
    data = json.loads(render_json(sample()))
    assert data["source"] == {
        "url": "https://meduza.io/news/2026/02/15/v-moskve",
        "title": "В Москве прошли обыски",
        "outlet": "Meduza",
        "outlet_en": None,
        "published": "2026-02-15T01:58:00+03:00",
        "language": "ru",
        "lead": "Обыски прошли утром.",
    }
    assert data["title"] == "Searches carried out in Moscow"
    assert data["lead"] == "The searches took place in the morning."
    assert data["author"] == "Иван Петров" and data["updated"] is None
    assert data["labels"][0] == {
        "kind": "foreign-agent-media",
        "source_text": "ДАННОЕ СООБЩЕНИЕ (МАТЕРИАЛ) СОЗДАНО...",
        "text": LABEL,
        "party": None,
        "placement": "page",
    }
    assert data["labels"][1]["placement"] == "inline"
    first = data["body"][0]
    assert first == {
        "type": "paragraph",
        "text": "First paragraph with a link.",
        "source_text": "Первый абзац со ссылкой.",
        "links": [{"text": "a link", "href": "https://example.org/a", "start": 21}],
        "flags": [],
    }
    assert "links" not in data["body"][1] and data["body"][1]["level"] == 2
    assert data["body"][5]["flags"] == ["numbers-mismatch"]
    assert data["body"][5]["links"][0]["start"] is None
    assert data["notes"] == [
        {
            "kind": "banned",
            "source_text": "* Meta запрещена в России.",
            "text": "* Meta is banned in Russia.",
        }
    ]
    assert data["engine"] == "google" and data["translated_at"] == "2026-02-15T02:10:00+00:00"
    assert data["image"]["url"] == "https://meduza.io/image/1.jpg"
    assert "В Москве" in render_json(sample())  # ensure_ascii=False


def test_untranslated_fields_fall_back_to_the_source() -> None:
    article = Article(url="https://a.ru/x", title="Заголовок", blocks=[Block("paragraph", "Текст")])
    for fmt, render in RENDERERS.items():
        out = render(article)
        assert "Заголовок" in out and "Текст" in out, fmt


# hostile input ------------------------------------------------------------------------------------

HOSTILE_TITLE = (
    'Evil ---\n---\ntitle: "pwned"\n!!python/object:os.system ["id"]\n<script>alert(1)</script>'
)


def hostile() -> Article:
    return Article(
        url="https://evil.example/x",
        outlet="<b onmouseover=alert(1)>Outlet</b>",
        title=HOSTILE_TITLE,
        title_en=HOSTILE_TITLE,
        lead_en="[click](javascript:alert(1)) <img src=x onerror=alert(1)>",
        blocks=[
            Block(
                "paragraph",
                "x",
                text_en="<script>alert('x')</script> and <a href=\"javascript:alert(1)\">me</a>",
                links_en=[
                    Link("and", "javascript:alert(1)", 29),
                    Link("me", "data:text/html,<script>", None),
                    Link("bad", "vbscript:msgbox", None),
                ],
            ),
            Block(
                "paragraph",
                "y",
                text_en='# Not a heading\n\n- not a list\n---\n<!-- comment --> {: onclick="x"} &copy;',
            ),
            Block("heading", "z", text_en="<iframe src=//evil>", level=1),
            Block("list_item", "w", text_en="1. [x](http://evil) ![img](http://evil/i.png)"),
        ],
        labels=[Label("foreign-agent", "s", "<svg onload=alert(1)>")],
        notes=[Note("banned", "s", "<style>body{display:none}</style>")],
        engine="google\n---",
        translated_at="2026\n...\n",
    )


class Elements(HTMLParser):
    """Records every element and attribute of an HTML document."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        self.attrs += attrs


def assert_inert_html(out: str) -> None:
    parser = Elements()
    parser.feed(out)
    assert set(parser.tags) <= {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
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
    }, parser.tags
    assert parser.tags.count("style") == 1
    for name, value in parser.attrs:
        assert not name.startswith("on"), name
        if name in ("href", "src"):
            assert re.match(r"(https?:|mailto:|#)", value or ""), value


def test_hostile_html_stays_inert() -> None:
    out = render_html(hostile())
    assert_inert_html(out)
    assert not re.search(r"<[a-z]+[^<>]*javascript:", out)
    assert "&lt;script&gt;alert" in out  # shown as text, not dropped


def test_hostile_markdown_stays_text() -> None:
    out = render_markdown(hostile())
    lines = out.split("\n")
    assert lines[0] == "---" and lines.index("---", 1) > 0
    front = yaml.safe_load(out.split("\n---\n")[0].removeprefix("---\n"))
    assert isinstance(front, dict) and set(front) >= {"title", "source_url", "engine"}
    assert front["title"] == " ".join(HOSTILE_TITLE.split("\n"))
    assert "pwned" not in front and front["engine"] == "google ---"
    body = out.split("\n---\n", 1)[1]
    # No raw HTML, link or image syntax survives unescaped.
    assert not re.search(r"(?<!\\)<(?!https?://)", body)
    assert not re.search(r"(?<!\\)\]\(", body)
    assert "](<javascript" not in body and "<javascript" not in body
    assert "\n# Not a heading" not in body and "\\# Not a heading" in body
    assert "\n- not a list" not in body and "\\{: onclick" in body and "\\&copy;" in body
    assert "\n1. " not in body


def test_markdown_escape_units() -> None:
    assert md_escape("# title") == "\\# title"
    assert md_escape("1. one") == "1\\. one"
    assert md_escape("---") == "\\---"
    assert (
        md_escape("a *b* _c_ `d` [e](f) <g> & h")
        == "a \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) \\<g\\> \\& h"
    )
    assert md_escape("line\nbreak\u2028x") == "line break x"
    assert md_escape("    code") == "code"


def test_json_keeps_hostile_text_as_data_but_drops_unsafe_links() -> None:
    data = json.loads(render_json(hostile()))
    assert data["title"] == HOSTILE_TITLE
    assert "links" not in data["body"][0]


def test_control_characters_and_surrogates_cannot_break_output() -> None:
    article = Article(
        url="https://a.ru/x",
        title_en="Bad\x00\x1b[31m\ud800 title",
        blocks=[Block("paragraph", "x", text_en="nul\x00 and \udfff")],
    )
    for render in RENDERERS.values():
        out = render(article)
        out.encode("utf-8")
        assert "\x00" not in out and "\x1b" not in out


def test_revision_is_shown_when_set() -> None:
    article = sample()
    assert (
        "Revised" not in render_markdown(article)
        and json.loads(render_json(article))["revised_at"] is None
    )
    article.revised_at = "2026-02-16T09:00:00+00:00"
    for fmt in ("md", "html"):
        out = RENDERERS[fmt](article)
        assert "Revised after a source edit" in out and "16 February 2026, 09:00 UTC" in out
    assert json.loads(render_json(article))["revised_at"] == "2026-02-16T09:00:00+00:00"
    front = yaml.safe_load(render_markdown(article).split("---\n")[1])
    assert front["revised_at"] == "2026-02-16T09:00:00+00:00"


def test_the_outlet_is_credited_by_its_english_name_with_the_original() -> None:
    article = sample()
    article.outlet, article.outlet_en = "Кавказский узел", "Caucasian Knot"
    markdown = render_markdown(article)
    assert "Outlet: Caucasian Knot (Кавказский узел)" in markdown
    assert "article by Caucasian Knot." in markdown
    assert "Caucasian Knot" in render_html(article).split("</header>")[0]
    assert json.loads(render_json(article))["source"]["outlet_en"] == "Caucasian Knot"
