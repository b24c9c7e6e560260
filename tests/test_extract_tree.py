"""The tree helpers' fast paths give what their plain definitions give: whitespace folded as by
the regexes they replaced, compiled selectors as lxml's own cssselect."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from lxml import html as lxml_html

from translator.extract.templates import masked
from translator.extract.tree import (
    ASCII_SPACE,
    ZERO_WIDTH,
    collapse_space,
    normalize_space,
    parse,
    select,
)

# Whitespace of every kind the helpers treat differently, among letters.
TEXT = st.text(alphabet=" \t\r\n\f\v\u00a0\u200b\ufeff\u2028\u3000\x1c\x85аZ", max_size=40)


@given(TEXT)
def test_normalize_space_folds_ascii_whitespace_only(text: str) -> None:
    assert normalize_space(text) == re.sub(r"[ \t\r\n\f\v]+", " ", text).strip()


@given(TEXT)
def test_collapse_space_folds_the_characters_it_is_given(text: str) -> None:
    assert collapse_space(text) == re.sub(r"[ \t\r\n\f\v]+", " ", text)
    folded = re.sub(r"[ \t\r\n\f\v\u200b\ufeff]+", " ", text)
    assert collapse_space(text, ASCII_SPACE + ZERO_WIDTH) == folded


@given(TEXT)
def test_masked_spacing_is_regex_whitespace(text: str) -> None:
    assert masked(text) == re.sub(r"\s+", " ", text).strip().lower()


def test_select_finds_what_cssselect_finds() -> None:
    html = (
        "<html><body><div class='Body x'><p>a</p></div><article><div class='article-body'>"
        "<p>b</p></div></article><span itemprop=articleBody>c</span></body></html>"
    )
    root = parse(html)
    reference = lxml_html.document_fromstring(html)
    assert root is not None
    for selector in ("div.Body", "article [class*=article-body]", "[itemprop=articleBody]", "p"):
        assert [el.text_content() for el in select(root, selector)] == [
            el.text_content() for el in reference.cssselect(selector)
        ]
