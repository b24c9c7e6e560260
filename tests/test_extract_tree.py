"""The tree helpers' fast paths give what their plain definitions give: whitespace folded as by
the regexes they replaced, compiled selectors as lxml's own cssselect."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from translator.extract.templates import PATH_DEPTH, element_path, masked
from translator.extract.tree import (
    ASCII_SPACE,
    ZERO_WIDTH,
    as_browsers_read,
    attr_names,
    attr_text,
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


# masked() by its plain definition: the patterns without the lookaheads that make them fast.
PLAIN_URL = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)
PLAIN_DATE = re.compile(
    r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}:\d{2}|"
    r"\d{1,2}\s+(январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*"
    r"(\s+\d{4})?",
    re.IGNORECASE,
)
MASKABLE = st.lists(
    st.sampled_from(
        [" ", "\t", "\u00a0", "0", "12", "2024", ".", "/", "-", ":", "марта", "Мая", "июнь"]
        + ["http://", "HTTPS://", "httpſ://", "www.", "WwW.", "x.ru", "Суд", "h", "w"]
    ),
    max_size=16,
).map("".join)


@given(MASKABLE)
def test_masked_is_its_plain_definition(text: str) -> None:
    plain = re.sub(r"\d+", "<n>", PLAIN_DATE.sub("<date>", PLAIN_URL.sub("<url>", text)))
    assert masked(text) == re.sub(r"\s+", " ", plain).strip().lower()


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


def test_text_content_is_lxml_html_s() -> None:
    html = (
        "<html><head><title>t</title><script>var a = '<p>x</p>';</script></head><body>"
        "<div id=d>a<!-- not text -->b<?pi not text?><p>x &amp; y&nbsp;z<br>w</p>"
        "<style>p {}</style><span>\u200b</span>tail</div>after</body></html>"
    )
    root = parse(html)
    reference = lxml_html.document_fromstring(html)
    assert root is not None
    ours, theirs = list(root.iter()), list(reference.iter())
    assert len(ours) == len(theirs)
    for el, ref in zip(ours, theirs, strict=True):
        if isinstance(ref.tag, str):
            assert el.text_content() == ref.text_content()


def plain_element_path(el: etree._Element) -> str:
    """element_path by its definition: the first PATH_DEPTH of the element and its ancestors,
    up to <html>/<body>, each its tag and first three sorted class tokens without digits."""
    parts = []
    for node in [el, *el.iterancestors()][:PATH_DEPTH]:
        if not isinstance(node.tag, str) or node.tag in ("html", "body"):
            break
        tokens = sorted(t for t in (node.get("class") or "").split() if not re.search(r"\d", t))
        parts.append(".".join([node.tag, *tokens[:3]]))
    return ">".join(reversed(parts))


def test_element_path_is_its_definition_whatever_the_order_of_calls() -> None:
    nested = "".join(f"<div class='box{i % 3} b{i} z a'>" for i in range(3 * PATH_DEPTH))
    html = (
        f"<html><body><main class='m'>{nested}<p>deep</p>{'</div>' * 3 * PATH_DEPTH}"
        "<p class='lead 2x'>a</p><!-- note --><ul><li>b</li></ul></main></body></html>"
    )
    root = parse(html)
    assert root is not None
    elements = list(root.iter())
    for order in (elements, elements[::-1], elements[1::2] + elements[::2]):
        named: dict[etree._Element, tuple[str, ...]] = {}
        for el in order:
            assert element_path(el, named) == plain_element_path(el)


def test_a_title_never_closed_gives_the_page_back() -> None:
    """A page cut and glued in transit may leave <title> open: its text is then the whole page,
    markup included, which must not become the article (nor its headline)."""
    from translator.article import Article
    from translator.extract import extract

    body = "".join(
        f"<p>Абзац {i}: суд рассмотрел жалобу адвоката и отложил решение до весны.</p>"
        for i in range(6)
    )
    html = (
        "<html><head><title>Суд отложил решение</titavaScript' src='/a.js'></script>"
        "<script src='/b.js'></script><link href='/c.css'></head>"
        f"<body><nav><a href='/'>Главная</a></nav><article>{body}</article></body></html>"
    )
    root = parse(html)
    assert root is not None and root.find("head/title").text.startswith("Суд отложил решение")
    article = extract(Article(url="https://x.example/news/1", html=html))
    text = "\n".join(block.text for block in article.blocks)
    assert "Абзац 0" in text and "Абзац 5" in text
    assert "<" not in text and "script" not in text and "<" not in article.title


def test_a_long_title_with_no_markup_is_left_alone() -> None:
    title = "Очень длинный заголовок " * 60
    root = parse(f"<html><head><title>{title}</title></head><body><p>Текст.</p></body></html>")
    assert root is not None and root.find("head/title").text == title


@pytest.mark.parametrize(
    "start",
    [
        '<html xmogo.jpg" alt="Logo" width="145" border="0" />',  # a tag cut and glued in transit
        '<HTML lang="ru"/>',
        "<html/><head><title>Суд</title></head>",
        "<html><head></head><body/>",
        "<Html><BODY class='news' />",
        "<HtMl/>",
        # an old IE's conditional comment holds an <html> before the real, self-closed one
        "<!--[if IE 8]><html class=ie8><![endif]--><!--[if gt IE 8]><!--><html lang=ru/>",
    ],
)
def test_a_self_closed_html_or_body_tag_keeps_the_page(start: str) -> None:
    """libxml2 reads <html/> as an empty document and <body/> as an empty body; browsers ignore
    the slash, and so does the parse."""
    from translator.article import Article
    from translator.extract import extract

    paragraphs = "".join(
        f"<p>Абзац {i}: суд рассмотрел жалобу адвоката и отложил решение до весны.</p>"
        for i in range(4)
    )
    html = f"<!DOCTYPE html>{start}<div class='text'>{paragraphs}</div></body></html>"
    root = parse(html)
    assert root is not None and root.find("body") is not None
    assert "Абзац 3" in root.find("body").text_content()
    text = "\n".join(b.text for b in extract(Article(url="https://x.example/1", html=html)).blocks)
    assert "Абзац 0" in text and "Абзац 3" in text


_STORY = "".join(
    f"<p>Абзац {i}: суд рассмотрел жалобу адвоката и отложил решение до весны.</p>"
    for i in range(4)
)


@pytest.mark.parametrize(
    "html",
    [
        # a server-side include: the site's header as a whole document, then the story's page
        (
            "<html><head><script>function go(){}</script></head><body><div class='top'>"
            "<a href='/'>Главная</a> <a href='/news'>Новости</a></div></body></html>\n"
            "<!DOCTYPE html><html><head><title>Суд отложил решение</title></head>"
            f"<body><div class='story'>{_STORY}</div></body></html>"
        ),
        # the story after the body's end tag, before the document's
        f"<html><body><div class='top'>Главная</div></BODY>\n<div class='story'>{_STORY}</div></html>",
        # ... and after the document's, with the end tags written again
        f"<html><body><p>Меню</p></body></html>\n<div class='story'>{_STORY}</div></body></html>",
    ],
)
def test_what_follows_an_early_end_of_the_document_is_read_as_a_browser_reads_it(html: str) -> None:
    """Browsers read on past </body> and </html>; libxml2 stopped there and lost the story."""
    from translator.article import Article
    from translator.extract import extract

    root = parse(html)
    assert root is not None and "Абзац 3" in root.find("body").text_content()
    text = "\n".join(b.text for b in extract(Article(url="https://x.example/1", html=html)).blocks)
    assert "Абзац 0" in text and "Абзац 3" in text


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><br/><p>Текст.</p><div class='a/'>x</div></body></html>",
        "<html><bodyguard/><p>Текст.</p></html>",
        "<p>Текст.</p><html",
        '<html data-x="a>b"/><body>',
    ],
)
def test_tags_that_only_look_self_closed_are_left_alone(html: str) -> None:
    assert as_browsers_read(html) == html.replace("</body>", "").replace("</html>", "")


@pytest.mark.parametrize(
    ("names", "words"),
    [
        ("relatedArticles", "related Articles"),
        ("StoryNav main", "Story Nav"),
        ("newsletterSignupBox", "newsletter Signup Box"),
    ],
)
def test_a_camel_cased_name_is_read_as_its_words_too(names: str, words: str) -> None:
    el = lxml_html.fromstring(f"<div class='{names}'></div>")
    assert attr_names(el).split() == [*names.split(), *words.split()]


@pytest.mark.parametrize("names", ["AdDsWC", "sc-1a2Bc3 kQzXy", "ABCNav", "related-articles"])
def test_a_generated_or_plain_name_is_left_as_it_is(names: str) -> None:
    el = lxml_html.fromstring(f"<div class='{names}'></div>")
    assert attr_names(el) == attr_text(el)


@pytest.mark.parametrize(
    "char", ["\x00", "\x01", "\x0b", "\x1f", chr(0xD800), chr(0xDFFF), "\ufffe", "\uffff"]
)
def test_characters_xml_refuses_go_before_the_tree_is_built(char: str) -> None:
    root = parse(f"<html><body><p>Суд{char} оштрафовал</p></body></html>")
    assert root is not None
    paragraph = root.find(".//p")
    assert paragraph.text == "Суд оштрафовал"
    paragraph.text = paragraph.text + "."  # lxml refuses an edit of text that holds one


def test_a_page_without_such_characters_is_read_as_it_came() -> None:
    root = parse("<html><body><p>Суд\tоштрафовал\nадминистрацию</p></body></html>")
    assert root is not None and root.find(".//p").text == "Суд\tоштрафовал\nадминистрацию"
