"""The bilingual review page: side by side, flagged blocks visible, nothing from the web executable."""

from __future__ import annotations

import lxml.html

from translator.article import Article, Block, Label, Link, Note
from translator.output.review import render_review


def article() -> Article:
    return Article(
        url="https://news.example/a?x=1&y=2",
        title="Суд <script>alert('t')</script> оштрафовал",
        title_en="Court fines",
        outlet="Новости",
        published="2026-11-24T10:00:00+03:00",
        engine="google",
        blocks=[
            Block("heading", "Подзаголовок", level=2, text_en="Subheading"),
            Block(
                "paragraph",
                "Текст <script>alert(1)</script> & <b>жирный</b>",
                links=[
                    Link("Текст", "javascript:alert(2)", 0),
                    Link("жирный", "https://news.example/b", 30),
                ],
                text_en="Text <img src=x onerror=alert(3)> & bold",
                flags=["length-mismatch", "untranslated-words"],
            ),
            Block("paragraph", "Непереведённый абзац"),
        ],
        labels=[
            Label(
                "foreign-agent-media",
                "ДАННОЕ СООБЩЕНИЕ (МАТЕРИАЛ) СОЗДАНО...",
                "THIS MESSAGE (MATERIAL) WAS CREATED...",
                party="«Агент»",
                party_en="Agent",
            )
        ],
        notes=[Note("banned", "* запрещена в России", "* banned in Russia", "Meta")],
    )


def test_no_script_survives() -> None:
    page = render_review(article())
    doc = lxml.html.document_fromstring(page)
    assert not doc.xpath("//script | //img | //@onerror")
    assert not any(href.startswith("javascript:") for href in doc.xpath("//a/@href"))
    assert "alert(1)" in doc.text_content()  # shown as text, for the editor to see


def test_blocks_side_by_side() -> None:
    doc = lxml.html.document_fromstring(render_review(article()))
    rows = doc.xpath("//table[.//th[.='Russian']]/tbody/tr")
    assert len(rows) == 3
    ru = [row.xpath("string(td[@lang='ru'])") for row in rows]
    en = [row.xpath("string(td[@lang='en'])") for row in rows]
    assert ru[0] == "Подзаголовок" and en[0] == "Subheading"
    assert ru[1].startswith("Текст <script>alert(1)</script> & <b>жирный</b>")
    assert "https://news.example/b" in rows[1].xpath("td[@lang='ru']//a/@href")
    assert en[1].endswith("Text <img src=x onerror=alert(3)> & bold")
    assert en[2] == "(not translated)"
    assert "heading 2" in rows[0].text_content()


def test_flagged_blocks_are_highlighted_with_their_flags() -> None:
    doc = lxml.html.document_fromstring(render_review(article()))
    flagged = doc.xpath("//tr[@class='flagged']")
    assert len(flagged) == 1
    assert (
        flagged[0].xpath("string(.//div[@class='flags'])") == "length-mismatch, untranslated-words"
    )
    assert "Flagged blocks" in doc.text_content() and "1 of 3" in doc.text_content()


def test_labels_notes_and_metadata_are_shown() -> None:
    page = render_review(article())
    doc = lxml.html.document_fromstring(page)
    text = doc.text_content()
    for expected in (
        "THIS MESSAGE (MATERIAL) WAS CREATED...",
        "ДАННОЕ СООБЩЕНИЕ (МАТЕРИАЛ) СОЗДАНО...",
        "foreign-agent-media",
        "Agent",
        "* banned in Russia",
        "* запрещена в России",
        "Court fines",
        "google",
    ):
        assert expected in text
    assert doc.xpath("string(//h2)") == "Суд <script>alert('t')</script> оштрафовал"
    assert doc.xpath("//a/@href")[0] == "https://news.example/a?x=1&y=2"
    assert doc.findtext(".//title").startswith("Review: Court fines")


def test_untranslated_article_renders() -> None:
    plain = Article(
        url="https://news.example/x", title="Заголовок", blocks=[Block("paragraph", "Абзац")]
    )
    doc = lxml.html.document_fromstring(render_review(plain))
    assert doc.xpath("string(//h1)") == "(not translated)"
    assert doc.xpath("string(//tbody/tr/td[@lang='ru'])") == "Абзац"
