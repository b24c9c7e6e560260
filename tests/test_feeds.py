"""Atom feeds and index.html: valid, escaped, labelled; checked by parsing them back."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import lxml.html
import pytest
from lxml import etree

from translator.errors import PublishError
from translator.output.feeds import (
    ATOM_NS,
    LABEL_SCHEME,
    FeedEntry,
    entry_id,
    write_atom,
    write_index,
)

LABEL = (
    "THIS MATERIAL WAS CREATED AND/OR DISTRIBUTED BY A FOREIGN MASS MEDIA OUTLET "
    "PERFORMING THE FUNCTIONS OF A FOREIGN AGENT"
)


def entries() -> list[FeedEntry]:
    return [
        FeedEntry(
            url="https://agent.example/news/2026/11/24/a/",
            copy_href="2026/11/a.html",
            title_en='Court <fines> & "jails"',
            title_ru="Суд",
            published="2026-11-24T10:00:00+03:00",
            updated="2026-11-24T09:00:00Z",
            outlet="Agent Media",
            labels=[LABEL],
            summary_en="A court in Moscow\x07 ruled.",
            content_html='<p>Body <script>alert(1)</script><a href="javascript:alert(2)">x</a></p>',
        ),
        FeedEntry(
            url="https://plain.example/n/1",
            copy_href="2026/11/b.html",
            title_en="Plain news",
            published="2026-11-23",
            outlet="Plain",
            summary_en="Nothing special.",
            is_update=True,
        ),
        FeedEntry(
            url="https://plain.example/n/2",
            copy_href="",
            title_en="",
            title_ru="Только русский",
            published="2026-11-20T12:00:00",
        ),
    ]


def parse(path: Path) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(
        path.read_bytes(),
        response_headers={
            "content-type": "application/atom+xml",
            "content-location": "https://site.example/feed.atom",
        },
    )
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_atom_feed_parses_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "feed.atom"
    write_atom(
        entries(),
        path,
        title="Translated news",
        feed_id="https://site.example/feed",
        self_url="https://site.example/feed.atom",
    )
    feed = parse(path)
    assert feed.feed.title == "Translated news"
    assert feed.feed.id == "https://site.example/feed"
    assert feed.feed.author == "Translated news"
    assert {
        "rel": "self",
        "type": "application/atom+xml",
        "href": "https://site.example/feed.atom",
    } in feed.feed.links
    assert feed.feed.updated == "2026-11-24T09:00:00Z"
    assert [e.title for e in feed.entries] == [
        'Court <fines> & "jails"',
        "Updated: Plain news",
        "Только русский",
    ]
    first = feed.entries[0]
    assert first.id == entry_id("https://agent.example/news/2026/11/24/a/")
    assert first.published == "2026-11-24T07:00:00Z"
    assert first.updated == "2026-11-24T09:00:00Z"
    assert first.author == "Agent Media"
    links = {link.rel: link.href for link in first.links}
    assert links == {
        "alternate": "https://site.example/2026/11/a.html",
        "via": "https://agent.example/news/2026/11/24/a/",
    }
    assert "\x07" not in first.summary
    assert feed.entries[2].published == "2026-11-20T12:00:00Z"  # naive times are UTC


RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$")


def test_atom_structure_follows_rfc_4287(tmp_path: Path) -> None:
    path = tmp_path / "feed.atom"
    write_atom(
        entries(),
        path,
        title="T",
        feed_id="urn:translator:feed",
        self_url="https://site.example/feed.atom",
    )
    feed = etree.fromstring(path.read_bytes())
    a = f"{{{ATOM_NS}}}"
    assert feed.tag == f"{a}feed"
    for element in [feed, *feed.findall(f"{a}entry")]:
        for name in ("id", "title", "updated"):
            assert len(element.findall(f"{a}{name}")) == 1, (element.tag, name)
        for stamp in element.findall(f"{a}updated") + element.findall(f"{a}published"):
            assert RFC3339.match(stamp.text), stamp.text
        assert len(element.findall(f"{a}link[@rel='alternate']")) <= 1
    assert feed.find(f"{a}author/{a}name").text == "T"
    for entry in feed.findall(f"{a}entry"):
        # an entry without an alternate link must have content (RFC 4287, 4.1.1.1)
        assert (
            entry.find(f"{a}link[@rel='alternate']") is not None
            or entry.find(f"{a}content") is not None
        )
        for category in entry.findall(f"{a}category"):
            assert category.get("term")


def test_every_labelled_entry_carries_its_label(tmp_path: Path) -> None:
    path = tmp_path / "feed.atom"
    write_atom(entries(), path, title="T", feed_id="urn:translator:feed", self_url=None)
    feed = parse(path)
    labelled, plain, _ = feed.entries
    assert labelled.summary.startswith(LABEL)
    assert labelled.content[0].type == "text/html"
    content = lxml.html.fragment_fromstring(labelled.content[0].value, create_parent="div")
    assert content.text_content().strip().startswith(LABEL)
    assert [(t.term, t.scheme) for t in labelled.tags] == [(LABEL, LABEL_SCHEME)]
    assert LABEL not in plain.summary and not any(
        t.scheme == LABEL_SCHEME for t in plain.get("tags", [])
    )


def test_updated_articles_are_marked(tmp_path: Path) -> None:
    path = tmp_path / "feed.atom"
    write_atom(entries(), path, title="T", feed_id="urn:x", self_url=None)
    updated = parse(path).entries[1]
    assert updated.title.startswith("Updated: ")
    assert "updated" in [t.term for t in updated.tags]
    assert "Updated" in updated.summary


def test_copy_html_is_cleaned_in_the_feed(tmp_path: Path) -> None:
    path = tmp_path / "feed.atom"
    write_atom(entries(), path, title="T", feed_id="urn:x", self_url=None)
    raw = path.read_text(encoding="utf-8")
    tree = etree.fromstring(path.read_bytes())
    content = tree.find(f"{{{ATOM_NS}}}entry/{{{ATOM_NS}}}content").text
    assert "<script" not in content and "javascript:" not in content
    assert "alert(1)" not in raw


def test_an_undated_entry_still_has_an_updated_date(tmp_path: Path) -> None:
    path = tmp_path / "feed.atom"
    write_atom(
        [FeedEntry(url="https://a.example/1", copy_href="a.html", title_en="A")],
        path,
        title="T",
        feed_id="urn:x",
        self_url=None,
    )
    entry = parse(path).entries[0]
    assert entry.updated_parsed is not None and "published" not in entry


def test_ids_are_stable_and_distinct() -> None:
    assert entry_id("https://a.example/1") == entry_id("https://a.example/1")
    assert entry_id("https://a.example/1") != entry_id("https://a.example/2")
    assert entry_id("https://a.example/1").startswith("urn:uuid:")


def test_base_url_resolves_relative_copy_links(tmp_path: Path) -> None:
    path = tmp_path / "feeds" / "src.atom"
    write_atom(
        entries()[:1],
        path,
        title="T",
        feed_id="urn:x",
        self_url=None,
        base_url="https://site.example/copies/",
    )
    first = parse(path).entries[0]
    assert {link.rel: link.href for link in first.links}[
        "alternate"
    ] == "https://site.example/copies/2026/11/a.html"


def test_an_empty_feed_is_still_valid(tmp_path: Path) -> None:
    path = tmp_path / "feed.atom"
    write_atom([], path, title="Nothing", feed_id="urn:x", self_url=None)
    feed = parse(path)
    assert feed.entries == [] and feed.feed.title == "Nothing" and feed.feed.updated


def test_feed_is_replaced_atomically(tmp_path: Path) -> None:
    path = tmp_path / "feed.atom"
    path.write_text("old")
    write_atom(entries(), path, title="T", feed_id="urn:x", self_url=None)
    assert [p.name for p in tmp_path.iterdir()] == ["feed.atom"]
    parse(path)


def test_unwritable_destination_is_a_publish_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(PublishError, match="not-a-folder"):
        write_atom(entries(), blocker / "feed.atom", title="T", feed_id="urn:x", self_url=None)


# index.html ------------------------------------------------------------------------------------


def test_index_lists_copies_escaped_with_labels(tmp_path: Path) -> None:
    path = tmp_path / "index.html"
    hostile = entries()
    hostile[1].title_en = "<script>alert('x')</script>Evil"
    hostile[1].copy_href = "javascript:alert(3)"
    write_index(hostile, path, title="News <&> index")
    page = path.read_text(encoding="utf-8")
    assert "<script" not in page and "javascript:" not in page
    doc = lxml.html.document_fromstring(page)
    assert doc.findtext(".//title") == "News <&> index"
    items = doc.findall(".//li")
    assert len(items) == 3
    first = items[0]
    assert first.xpath("string(.//p[1]/a/@href)") == "2026/11/a.html"
    assert first.xpath("string(.//p[1]/a)") == 'Court <fines> & "jails"'
    assert first.xpath("string(.//p[@class='label'])") == LABEL
    assert not items[1].xpath(".//p[@class='label']")
    assert "Updated" in items[1].text_content()
    assert "<script>alert('x')</script>Evil" in items[1].text_content()


def test_empty_index(tmp_path: Path) -> None:
    path = tmp_path / "index.html"
    write_index([], path, title="T")
    assert "Nothing published yet." in path.read_text(encoding="utf-8")
