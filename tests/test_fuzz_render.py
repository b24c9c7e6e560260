"""Property tests: whatever the source says, rendering does not crash, HTML stays inert, and the
Markdown front matter stays one YAML mapping with the right title."""

from __future__ import annotations

import json
import re

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_render import Elements

from translator.article import Article, Block, Label, Link, Note
from translator.output.render import render_html, render_json, render_markdown

PIECES = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">x</a>',
    "<svg/onload=alert(1)>",
    "---",
    "...",
    "\n---\n",
    "\r\n",
    "\u2028",
    "\x85",
    '"',
    "'",
    ": ",
    "- ",
    "# ",
    "!!python/object:os.system",
    "&amp;",
    "&#x3C;script&#x3E;",
    "[x](javascript:alert(1))",
    "![i](http://e/i.png)",
    "<!--",
    "-->",
    "]]>",
    "<![CDATA[",
    "{: onclick=x}",
    "`",
    "*",
    "_",
    "\\",
    "|",
    "<",
    ">",
    "\x00",
    "\ud800",
    "\u202e",
    "ｊａｖａｓｃｒｉｐｔ：",
    "data:text/html,<script>",
    "<style>",
    "</p>",
    "<iframe",
    "Привет, мир",
    "%",
    "{{ page.title }}",
    "\t",
    "    ",
    "1. ",
    "> ",
]

fragments = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=8).map(
    "".join
)
hrefs = st.one_of(
    st.sampled_from(
        [
            "https://example.org/a",
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,x",
            "vbscript:x",
            "//evil.example/x",
            "/relative",
            "mailto:a@b.c",
            'https://e.org/"><script>',
            "http://e.org/a b)c",
        ]
    ),
    fragments,
)


@st.composite
def links(draw, text: str) -> list[Link]:
    out = []
    for _ in range(draw(st.integers(0, 3))):
        if text and draw(st.booleans()):
            start = draw(st.integers(0, len(text) - 1))
            end = draw(st.integers(start, len(text)))
            out.append(Link(text[start:end], draw(hrefs), start))
        else:
            out.append(
                Link(draw(fragments), draw(hrefs), draw(st.one_of(st.none(), st.integers(-5, 50))))
            )
    return out


@st.composite
def blocks(draw) -> Block:
    text_en = draw(st.one_of(st.none(), fragments))
    return Block(
        type=draw(
            st.sampled_from(["paragraph", "heading", "quote", "list_item", "caption", "table"])
        ),
        text=draw(fragments),
        text_en=text_en,
        links_en=draw(links(text_en or "")),
        level=draw(st.one_of(st.none(), st.integers(-3, 9))),
        flags=draw(st.lists(fragments, max_size=2)),
    )


@st.composite
def articles(draw) -> Article:
    optional = st.one_of(st.none(), fragments)
    return Article(
        url=draw(st.one_of(st.just("https://news.example/a"), fragments)),
        canonical_url=draw(optional),
        outlet=draw(optional),
        language=draw(st.sampled_from(["ru", "uk", "<x>"])),
        title=draw(fragments),
        title_en=draw(optional),
        published=draw(st.one_of(st.none(), st.just("2026-02-15T01:58:00+03:00"), fragments)),
        lead_en=draw(optional),
        author=draw(optional),
        blocks=draw(st.lists(blocks(), max_size=6)),
        labels=draw(
            st.lists(
                st.builds(
                    Label,
                    kind=fragments,
                    source_text=fragments,
                    text=fragments,
                    placement=st.sampled_from(["page", "inline"]),
                ),
                max_size=2,
            )
        ),
        notes=draw(
            st.lists(
                st.builds(Note, kind=fragments, source_text=fragments, text=fragments), max_size=2
            )
        ),
        engine=draw(optional),
        translated_at=draw(optional),
    )


def expected_title(article: Article) -> str:
    """The headline as it should appear: unwritable characters out, whitespace runs as one space."""
    raw = re.sub("[\ud800-\udfff]", "\ufffd", article.title_en or article.title)
    raw = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", "", raw)
    return " ".join(raw.split()) or "Untitled"


FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(articles())
def test_html_output_is_inert(article: Article) -> None:
    out = render_html(article)
    out.encode("utf-8")
    parser = Elements()
    parser.feed(out)
    assert "script" not in parser.tags and "iframe" not in parser.tags and "img" not in parser.tags
    assert parser.tags.count("style") == 1 and parser.tags.count("title") == 1
    for name, value in parser.attrs:
        assert not name.startswith("on"), (name, value)
        if name == "href":
            assert re.match(r"(https?|mailto):", value or ""), value
    assert not re.search(r"""<[^<>]*=\s*["']?\s*(javascript|data|vbscript):""", out, re.IGNORECASE)
    assert not re.search(r"<[^<>]*\son\w+\s*=", out, re.IGNORECASE)


@FUZZ
@given(articles())
def test_markdown_front_matter_always_parses(article: Article) -> None:
    out = render_markdown(article)
    out.encode("utf-8")
    assert out.startswith("---\n")
    end = out.index("\n---\n")
    front = yaml.safe_load(out[4:end])
    assert isinstance(front, dict)
    assert " ".join(front["title"].split()) == expected_title(article)
    # No raw HTML tag or link syntax in the body: every "<" is escaped or starts an autolink.
    body = out[end + 5 :]
    assert not re.search(r"(?<!\\)<(?!(https?|mailto):)", body)
    assert not re.search(r"\]\(<(?!(https?|mailto):)", body)


@FUZZ
@given(articles())
def test_json_is_valid_and_complete(article: Article) -> None:
    data = json.loads(render_json(article))
    assert len(data["body"]) == len(article.blocks)
    for block in data["body"]:
        for link in block.get("links", []):
            assert re.match(r"(https?|mailto):", link["href"]), link
