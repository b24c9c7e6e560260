"""Extraction on every shared corpus page (manifest checks), plus the no-article edge cases."""

from __future__ import annotations

import re

import pytest
from bs4 import UnicodeDammit

from tests.conftest import all_corpus_pages, need_corpus
from translator.article import Article
from translator.errors import ExtractError
from translator.extract import describe, extract, extract_text
from translator.labels.apply import apply_labels

PAGES = all_corpus_pages()
IDS = [p["id"] for p in PAGES]
COUNTED = ("paragraph", "heading", "list_item", "quote", "caption")


def load(entry: dict) -> Article:
    html = UnicodeDammit(entry["path"].read_bytes(), is_html=True).unicode_markup
    return apply_labels(extract(Article(url=entry["url"], html=html)))


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    need_corpus(PAGES)
    return {entry["id"]: load(entry) for entry in PAGES}


def _entry(page_id: str) -> dict:
    return next(p for p in PAGES if p["id"] == page_id)


@pytest.mark.parametrize("page_id", IDS)
def test_first_and_last_sentence_kept(articles, page_id):
    entry, article = _entry(page_id), articles[page_id]
    texts = [b.text for b in article.blocks]
    assert any(entry["body_first_sentence_ru"] in t for t in texts)
    assert any(entry["body_last_sentence_ru"] in t for t in texts)


@pytest.mark.parametrize("page_id", IDS)
def test_no_chrome_in_blocks_title_or_lead(articles, page_id):
    entry, article = _entry(page_id), articles[page_id]
    texts = [b.text for b in article.blocks] + [article.title, article.lead or ""]
    leaked = [s for s in entry["chrome_samples_ru"] if any(s in t for t in texts)]
    assert leaked == []


@pytest.mark.parametrize("page_id", IDS)
def test_metadata_filled(articles, page_id):
    entry, article = _entry(page_id), articles[page_id]
    fold = lambda s: re.sub(r"\s+", " ", s.replace("\u200b", "")).strip()
    assert fold(article.title) == fold(entry["title"])
    assert article.outlet
    assert article.published and re.match(
        r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$", article.published
    )
    if re.match(r"\d{4}-\d{2}-\d{2}$", entry["published"] or ""):
        assert article.published.startswith(entry["published"])


@pytest.mark.parametrize("page_id", [p["id"] for p in PAGES if "paragraph_count" in p])
def test_paragraph_and_link_counts_match_manifest(articles, page_id):
    entry, article = _entry(page_id), articles[page_id]
    assert sum(b.type in COUNTED for b in article.blocks) == entry["paragraph_count"]
    assert sum(len(b.links) for b in article.blocks) == entry["links_in_body"]


@pytest.mark.parametrize("page_id", IDS)
def test_links_point_at_their_anchor_text(articles, page_id):
    for block in articles[page_id].blocks:
        for link in block.links:
            assert block.text[link.start : link.start + len(link.text)] == link.text
            assert link.href.startswith(("http://", "https://", "mailto:", "tel:"))


@pytest.mark.parametrize("page_id", IDS)
def test_blocks_are_normalised(articles, page_id):
    for block in articles[page_id].blocks:
        assert block.text == block.text.strip()
        assert not re.search(r"[ \t\r\n]{2,}|[\t\r\n]", block.text)


def test_kavkaz_seed_page_is_exact(articles):
    article = articles["ku-420812"]
    assert [b.type for b in article.blocks] == ["paragraph"] * 12
    assert article.blocks[0].text.startswith("Ильхам Алиев заявил")
    assert article.blocks[-1].text.endswith("Срок ареста россиян продлен.")
    glued = [
        l for b in article.blocks for l in b.links if l.text.startswith("Халилов, арестованный")
    ]
    assert glued and glued[0].href == "https://www.kavkaz-uzel.eu/articles/417103/"
    assert not any("VPN" in b.text or "Facebook" in b.text for b in article.blocks)
    assert article.notes == []


def test_extract_text_separates_blocks_with_blank_lines():
    html = (
        "<html><body><article><h1>T</h1><p>"
        + "Первый абзац текста статьи. " * 5
        + "</p><p>"
        + "Второй абзац. " * 8
        + "</p></article></body></html>"
    )
    text = extract_text(html, "https://example.org/a")
    assert text.split("\n\n")[0].startswith("Первый абзац")
    assert text.split("\n\n")[1].startswith("Второй абзац")


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "<html></html>",
        "<html><body></body></html>",
        "<html><body><nav><a href='/'>Главная</a> <a href='/news'>Новости</a></nav><footer>© 2024</footer></body></html>",
        "<html><body><ul>"
        + "".join(
            f"<li><a href='/a{i}'>Заголовок другой новости номер {i}</a></li>" for i in range(30)
        )
        + "</ul></body></html>",
    ],
    ids=["empty", "blank", "bare-html", "empty-body", "nav-only", "link-list"],
)
def test_page_without_article_raises_extract_error(html):
    with pytest.raises(ExtractError) as info:
        extract(Article(url="https://example.org/", html=html))
    assert str(info.value).startswith("no article found on this page")
    assert "\n" not in str(info.value)


def test_relative_links_are_made_absolute_against_final_url():
    body = "<p>" + "Текст статьи с подробностями. " * 4 + "<a href='/x/1'>ссылка</a>.</p>"
    article = extract(
        Article(
            url="https://a.example/old",
            final_url="https://b.example/new/",
            html=f"<html><body><article>{body}</article></body></html>",
        )
    )
    assert article.blocks[0].links[0].href == "https://b.example/x/1"


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("https://cdn.example/mirror/", "https://cdn.example/mirror/x/1"),
        ("/archive/2024/", "https://b.example/archive/2024/x/1"),
        ("javascript:void(0)", "https://b.example/new/x/1"),
        ("", "https://b.example/new/x/1"),
        # a base that is no web address resolves nothing: the page's address does
        ("mailto:news@b.example", "https://b.example/new/x/1"),
        ("about:blank", "https://b.example/new/x/1"),
        ("http://", "https://b.example/new/x/1"),
        ("http://[::1", "https://b.example/new/x/1"),
        ("https://ex ample.ru/", "https://b.example/new/x/1"),
        ("file:///etc/", "https://b.example/new/x/1"),
    ],
)
def test_relative_links_resolve_against_the_pages_base_href(base: str, expected: str) -> None:
    body = "<p>" + "Текст статьи с подробностями. " * 4 + "<a href='x/1'>ссылка</a>.</p>"
    html = (
        f"<html><head><base href='{base}'><link rel='canonical' href='c'></head>"
        f"<body><article>{body}<figure><img src='i.jpg'><figcaption>Фото</figcaption></figure>"
        "</article></body></html>"
    )
    article = extract(Article(url="https://b.example/new/", html=html))
    assert article.blocks[0].links[0].href == expected
    assert article.canonical_url == expected.replace("x/1", "c")
    assert article.image is not None and article.image.url == expected.replace("x/1", "i.jpg")


def test_in_body_read_also_and_share_blocks_are_dropped():
    para = "<p>" + "Суд рассмотрел дело и вынес решение по существу. " * 3 + "</p>"
    html = f"""<html><body><article><h1>Заголовок</h1>{para}
      <div class="inject"><p>Читайте также: <a href="/b">Другая новость дня</a></p></div>
      <p>Смотрите также: <a href="/c">Видео</a></p>
      {para.replace("Суд", "Прокурор")}
      <div class="share"><a href="https://t.me/share">Telegram</a></div>
      <p>Подписывайтесь на наш телеграм-канал</p></article></body></html>"""
    blocks = extract(Article(url="https://example.ru/n", html=html)).blocks
    assert [b.text[:8] for b in blocks] == ["Суд расс", "Прокурор"]


def test_describe_lists_metadata_blocks_and_notes(articles):
    text = describe(articles["ku-421102"])
    assert "outlet:     Кавказский узел" in text
    assert "label:      page/foreign-agent" in text
    assert "list_item" in text and "note:" in text


def test_social_promo_with_unseen_wording_is_dropped_but_news_about_networks_kept():
    para = "<p>" + "Суд рассмотрел дело и вынес решение по существу. " * 3 + "</p>"
    news = "<p>Роскомнадзор ограничил доступ к Instagram, Facebook и Twitter, сообщило ведомство в четверг.</p>"
    promo = (
        "<p>Без установки VPN нас можно читать в <a href='https://t.me/x'>Telegram</a>, "
        "<a href='https://vk.com/x'>ВКонтакте</a> и <a href='https://youtube.com/x'>YouTube</a>.</p>"
    )
    html = f"<html><body><main>{para}{news}{promo}</main></body></html>"
    texts = [b.text for b in extract(Article(url="https://unknown.example/n", html=html)).blocks]
    assert texts[1].startswith("Роскомнадзор ограничил") and len(texts) == 2


def test_xml_declaration_with_encoding_and_bom_is_accepted_as_text():
    html = (
        '\ufeff<?xml version="1.0" encoding="windows-1251"?><html><body><article><p>'
        + "Текст статьи, достаточно длинный. " * 4
        + "</p></article></body></html>"
    )
    assert extract_text(html).startswith("Текст статьи")


CHROME_SENTENCES = [
    "Подписывайтесь на наш телеграм-канал, чтобы первыми узнавать новости.",
    "Читайте также: Суд арестовал бывшего главу района",
    "Смотрите также",
    "Поддержите независимую журналистику — сделайте пожертвование.",
    "Скачайте наше приложение для iOS и Android",
    "Знаете больше? Не молчите! Пишите нам в Telegram.",
    "Мы используем файлы cookie, чтобы сайт работал лучше.",
    "Если вы нашли ошибку, выделите ее и нажмите Ctrl+Enter.",
    "18+",
    "Фото: пресс-служба МВД",
    "© 2024 Пример Медиа. Все права защищены.",
    "Ваш браузер устарел. Пожалуйста, обновите браузер.",
    "Включите JavaScript, чтобы смотреть видео.",
    "This page is best viewed in an up-to-date web browser with style sheets (CSS) enabled.",
    "Please enable JavaScript to view the comments.",
    "Your browser is out of date. Update your browser for more security.",
    "Filed Under: Democrats, Military, National Security",
    "Continue reading the main story",
    "5 April 2013 Last updated at 10:08 GMT",
    "With reporting from Kelly O'Donnell.",
    "Last updated Monday, Jan. 16, 2012 9:12PM EST",
    "Decrease text size Increase text size",
    "Return to Booster Shots blog.",
    "Reviewed by Laura J. Martin, MD",
    "Food Allergies in Kids Watch Video",
    "Posted on January 5, 2012 by admin",
]
KEPT_SENTENCES = [
    "Суд арестовал бывшего главу района по делу о взятке, сообщили в прокуратуре.",
    "Пожертвования на восстановление храма собирали два года, рассказал настоятель.",
    "Реклама алкоголя в соцсетях запрещена с 2012 года, напомнили в ФАС.",
    "The site is best viewed from the north bank, where the excavation began in May.",
    "Best viewed in the evening, the comet will stay visible until June.",
    "Filed in court on Monday, the suit names three officials.",
    "Continue reading to the end, the judge told the clerk, and the hearing went on.",
    "Last updated at the start of the year, the register lists 400 firms.",
    "Reviewed by the board in 2011, the plan was approved by the city council.",
    "Return to the office was ordered for all staff by the end of the month.",
    "Copyright holders have long complained about pirated streams, the report says.",
]


@pytest.mark.parametrize("sentence", CHROME_SENTENCES)
def test_chrome_sentence_inside_the_body_is_dropped_on_any_site(sentence):
    body = "<p>" + "Суд рассмотрел дело и вынес решение по существу. " * 3 + "</p>"
    html = f"<html><body><div class='x'>{body}<p><a href='https://t.me/x'>{sentence}</a></p><p>{sentence}</p>{body}</div></body></html>"
    texts = [b.text for b in extract(Article(url="https://unknown.example/n", html=html)).blocks]
    assert not any(sentence in t for t in texts)


@pytest.mark.parametrize("sentence", KEPT_SENTENCES)
def test_news_sentences_that_look_like_chrome_are_kept(sentence):
    body = "<p>" + "Суд рассмотрел дело и вынес решение по существу. " * 3 + "</p>"
    html = f"<html><body><div class='x'>{body}<p>{sentence}</p></div></body></html>"
    assert sentence in [
        b.text for b in extract(Article(url="https://unknown.example/n", html=html)).blocks
    ]


def test_short_body_opening_with_a_read_also_box_keeps_its_text():
    html = (
        "<html><body><div itemprop='articleBody'><div class='x'><p>Читайте также: <a href='/a'>Другая новость</a></p></div>"
        "<p>"
        + "Короткая новость о решении суда, вынесенном в среду. " * 4
        + "</p></div></body></html>"
    )
    texts = [b.text for b in extract(Article(url="https://unknown.example/n", html=html)).blocks]
    assert len(texts) == 1 and texts[0].startswith("Короткая новость")


def test_a_repeated_paragraph_is_dropped_once_and_the_drop_is_explained() -> None:
    from translator.extract import Options

    lead = "Жители Северного поселка третий день остаются без воды из-за аварии на водопроводе."
    rest = "Аварийные бригады обещают закончить ремонт к вечеру пятницы, сообщили в мэрии города."
    html = (
        f"<html><body><article><h1>Поселок без воды</h1><p>{lead}</p><p>{lead}</p>"
        f"<p>{rest}</p></article></body></html>"
    )
    dropped: list[tuple[str, str]] = []
    article = extract(Article(url="https://news.example/a/1", html=html), Options(dropped=dropped))
    assert [b.text for b in article.blocks] == [lead, rest]
    assert ("repeat of an earlier block", lead) in dropped
