"""The publish gate: a copy that is not a faithful English copy is held in out/review/, kept out
of every feed and index.html, and waits for `translator approve` or `translator reject`."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Self

import feedparser
import pytest
from click.testing import CliRunner

from tests.conftest import all_corpus_pages, need_corpus
from tests.engine_servers import LibreServer, fake_translate
from tests.servers import LoopbackServer, Reply, Request
from translator.article import Article, Block, Label
from translator.cli import cli
from translator.config import Config, PublishConfig, load_config
from translator.errors import ConfigError
from translator.extract import extract
from translator.fetch.client import decode_html
from translator.flags import DEFAULT_HOLD_ON, SEVERITY, holds, severity
from translator.labels.apply import apply_labels
from translator.labels.glossary import Glossary
from translator.labels.templates import TEMPLATES
from translator.output.gate import block_faults, judge
from translator.store import Cache
from translator.translate import translate_article
from translator.translate.engines import get_engine

PARAGRAPHS = [
    "Жители Эльбрусского района требуют остановить вырубку леса над поселком Терскол.",
    "По словам жителей, деревья начали валить в феврале, а документов им никто не показал.",
    "В администрации заявили, что работы согласованы с министерством природных ресурсов.",
    "Экологи предупредили, что вырубка на крутом склоне повышает риск схода лавин и селей весной.",
]
TITLE = "Жители Приэльбрусья потребовали остановить вырубку леса"


def page(title: str, paragraphs: list[str], lang: str = "ru", extra: str = "") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body><header><nav><a href='/'>Главная</a></nav></header>{extra}"
        f"<article><h1>{title}</h1><div class='article-body'>{body}</div></article>"
        "<footer>© 2026</footer></body></html>"
    ).encode()


class Site:
    """Articles at /a/<n> and an RSS feed of them at /feed.xml, on loopback."""

    def __init__(self, pages: dict[str, bytes]):
        self.pages = pages
        self.server = LoopbackServer(self.route)

    def route(self, request: Request) -> Reply:
        if request.path == "/feed.xml":
            items = "".join(
                f"<item><title>{name}</title><link>{self.url}/a/{name}</link>"
                f"<guid>{self.url}/a/{name}</guid></item>"
                for name in self.pages
            )
            rss = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}'
            return Reply(rss + "</channel></rss>", content_type="application/rss+xml")
        name = request.path.removeprefix("/a/")
        if name in self.pages:
            return Reply(self.pages[name], content_type="text/html; charset=utf-8")
        return Reply("not here", status=404)

    @property
    def url(self) -> str:
        return self.server.url

    def __enter__(self) -> Self:
        self.server.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.__exit__(*exc)


def echo(text: str) -> str:
    return text


def renumbered(text: str) -> str:
    """English-looking words whose numbers are all wrong: past the engine checks, held by the
    gate (numbers-mismatch in every block)."""
    return re.sub(r"\d+", lambda m: str(int(m.group()) + 1), fake_translate(text))


NUMBERED = [f"{p[:-1]}, сообщили в {2020 + i} году." for i, p in enumerate(PARAGRAPHS)]


def invoke(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args, catch_exceptions=False, env={"COLUMNS": "400"})
    return result.exit_code, result.stdout, result.stderr


def write_config(folder: Path, site: Site, engine: LibreServer, extra: str = "") -> Path:
    path = folder / "config.toml"
    path.write_text(
        f"""
[fetch]
allow_private_addresses = true
[translate]
engine = "libre"
engine_url = "{engine.url}/"
[output]
dir = "{folder / "out"}"
formats = ["md", "html", "json"]
[cache]
dir = "{folder / "cache"}"
[run]
per_host_delay = 0.0
respect_robots = false
{extra}
[[sources]]
name = "news"
url = "{site.url}/feed.xml"
""",
        encoding="utf-8",
    )
    return path


def feed_entries(out: Path) -> int:
    return len(feedparser.parse((out / "feed.atom").read_bytes()).entries)


def index_links(out: Path) -> list[str]:
    return re.findall(r'href="([^"]+\.html)"', (out / "index.html").read_text(encoding="utf-8"))


# ---- the whole path ---------------------------------------------------------------------------


def test_an_echoing_engine_gets_nothing_published_by_a_run(tmp_path: Path) -> None:
    pages = {f"n{i}": page(f"{TITLE} {i}", PARAGRAPHS[i:] + PARAGRAPHS[:i]) for i in range(3)}
    with Site(pages) as site, LibreServer(translate=echo) as engine:
        config = write_config(tmp_path, site, engine)
        code, stdout, stderr = invoke(["run", "--config", str(config)])
        out = tmp_path / "out"
        assert code == 1, stderr
        assert "0 published" in stderr and "3 held" in stderr
        # the engine checks refuse every echoed answer, so the copy is held with that reason:
        # an editor sees it, no reader does, and nothing of it is remembered
        why = [l for l in stderr.splitlines() if l.strip().startswith("held:")]
        assert len(why) == 3 and all("the source text echoed" in line for line in why)
        assert feed_entries(out) == 0 and index_links(out) == []
        assert not list(out.glob("*.md")) and len(list((out / "review").glob("*.md"))) == 3
        code, stdout, _ = invoke(["status", "--config", str(config)])
        assert code == 0 and "echo" in stdout
        cache = Cache(tmp_path / "cache")
        try:
            assert list(cache.memory_entries()) == []
        finally:
            cache.close()


def test_a_run_holds_what_the_gate_finds(tmp_path: Path) -> None:
    pages = {f"n{i}": page(f"{TITLE} {i}", NUMBERED[i:] + NUMBERED[:i]) for i in range(3)}
    with Site(pages) as site, LibreServer(translate=renumbered) as engine:
        config = write_config(tmp_path, site, engine)
        code, stdout, stderr = invoke(["run", "--config", str(config)])
        out = tmp_path / "out"
        assert code == 1, stderr
        assert "0 published" in stderr and "3 held" in stderr
        held_lines = [line for line in stderr.splitlines() if line.strip().startswith("held:")]
        assert len(held_lines) == 3
        assert all("numbers differ in 4 of 4 blocks" in line for line in held_lines)
        assert feed_entries(out) == 0 and index_links(out) == []
        assert not list(out.glob("*.md"))  # nothing in the published folder
        assert len(list((out / "review").glob("*.md"))) == 3
        assert len(list((out / "review").glob("*.review.html"))) == 3
        review = next((out / "review").glob("*.review.html")).read_text(encoding="utf-8")
        assert "Held for review" in review and "translator approve" in review

        code, stdout, _ = invoke(["status", "--config", str(config)])
        assert code == 0 and "3 held" in stdout and "numbers differ" in stdout


def test_an_english_answering_engine_publishes(tmp_path: Path) -> None:
    pages = {"n0": page(TITLE, PARAGRAPHS)}
    with Site(pages) as site, LibreServer() as engine:
        config = write_config(tmp_path, site, engine)
        code, _, stderr = invoke(["run", "--config", str(config)])
        out = tmp_path / "out"
        assert code == 0, stderr
        assert "1 published" in stderr and "0 held" in stderr
        assert feed_entries(out) == 1 and len(index_links(out)) == 1


def test_approve_publishes_a_held_copy_into_feeds_and_index(tmp_path: Path) -> None:
    pages = {"n0": page(TITLE, NUMBERED), "n1": page(TITLE + " снова", NUMBERED[::-1])}
    with Site(pages) as site, LibreServer(translate=renumbered) as engine:
        config = write_config(tmp_path, site, engine)
        assert invoke(["run", "--config", str(config)])[0] == 1
        out = tmp_path / "out"
        url = f"{site.url}/a/n0"
        code, stdout, stderr = invoke(["approve", url, "--config", str(config)])
        assert code == 0, stderr
        written = [Path(p) for p in stdout.splitlines()]
        assert {p.suffix for p in written} >= {".md", ".html", ".json", ".atom"}
        assert all(p.exists() for p in written)
        assert len(list(out.glob("*.md"))) == 1 and len(list((out / "review").glob("*.md"))) == 1
        assert feed_entries(out) == 1 and len(index_links(out)) == 1

        # by slug (the copy's file name without extension) the other one is rejected
        slug = next((out / "review").glob("*.md")).stem
        code, _, stderr = invoke(["reject", slug, "--config", str(config)])
        assert code == 0 and "4 files deleted" in stderr
        assert not list((out / "review").glob("*.*"))
        assert feed_entries(out) == 1

        code, _, stderr = invoke(["reject", slug, "--config", str(config)])
        assert code == 1 and stderr.count("\n") == 1 and "no copy held for review" in stderr
        code, stdout, _ = invoke(["status", "--config", str(config)])
        assert "1 published" in stdout and "1 rejected" in stdout

        # a rejected article is not translated again by the next run
        requests = engine.requests_count
        assert invoke(["run", "--config", str(config)])[0] == 0
        assert engine.requests_count == requests


@pytest.mark.parametrize("verb", ["approve", "reject"])
def test_a_held_row_naming_other_files_moves_and_deletes_nothing(tmp_path: Path, verb: str) -> None:
    """A cache row is outside input: its `outputs` naming a file that is not the held copy's
    (an editor's notes, a folder) is refused in one line, and the file stays."""
    from translator.store import Cache

    pages = {"n0": page(TITLE, NUMBERED)}
    with Site(pages) as site, LibreServer(translate=renumbered) as engine:
        config = write_config(tmp_path, site, engine)
        assert invoke(["run", "--config", str(config)])[0] == 1
    url = f"{site.url}/a/n0"
    notes = tmp_path / "notes" / "notes.txt"
    notes.parent.mkdir()
    notes.write_text("important")
    # another site's review folder, holding a file of the article's own name
    slug = next((tmp_path / "out" / "review").glob("*.md")).stem
    elsewhere = tmp_path / "other" / "review" / f"{slug}.md"
    elsewhere.parent.mkdir(parents=True)
    elsewhere.write_text("theirs")
    (tmp_path / "links").mkdir()
    (tmp_path / "links" / "review").symlink_to(elsewhere.parent)
    named_files = (
        notes,
        notes.parent,
        tmp_path / "out" / "review",
        elsewhere,
        tmp_path / "out" / "review" / ".." / ".." / "other" / "review" / elsewhere.name,
        tmp_path / "links" / "review" / elsewhere.name,
    )
    for named in named_files:
        cache = Cache(tmp_path / "cache")
        try:
            cache.set_article(url, outputs=[str(named)])
        finally:
            cache.close()
        code, _, stderr = invoke([verb, url, "--config", str(config)])
        assert code == 1, stderr
        assert len(stderr.splitlines()) == 1 and "not a held copy's file" in stderr
        assert notes.read_text() == "important" and elsewhere.read_text() == "theirs"
        assert named.exists() and not (tmp_path / "other" / "index.html").exists()
    assert len(list((tmp_path / "out" / "review").glob("*.md"))) == 1


def test_a_one_off_with_a_held_copy_exits_non_zero_in_one_line(tmp_path: Path) -> None:
    site_pages = {"n0": page(TITLE, NUMBERED)}
    with Site(site_pages) as site, LibreServer(translate=renumbered) as engine:
        config = write_config(tmp_path, site, engine)
        code, stdout, stderr = invoke([f"{site.url}/a/n0", "--config", str(config)])
    assert code == 1
    errors = [line for line in stderr.splitlines() if line.startswith("translator: error")]
    assert len(errors) == 1 and "held for review" in errors[0]
    assert "numbers differ" in errors[0] and "translator approve" in errors[0]
    paths = [Path(p) for p in stdout.splitlines()]
    assert paths and all(p.parent.name == "review" for p in paths)


def test_hold_on_empty_publishes_what_the_gate_finds(tmp_path: Path) -> None:
    site_pages = {"n0": page(TITLE, NUMBERED)}
    with Site(site_pages) as site, LibreServer(translate=renumbered) as engine:
        config = write_config(tmp_path, site, engine, "[publish]\nhold_on = []")
        code, _, stderr = invoke(["run", "--config", str(config)])
    assert code == 0 and "1 published" in stderr


# ---- the judgement --------------------------------------------------------------------------


def translated(paragraphs: list[str], english=fake_translate) -> Article:
    blocks = [Block("paragraph", p, text_en=english(p)) for p in paragraphs]
    return Article(
        url="https://example.test/1", title=TITLE, title_en=english(TITLE), blocks=blocks
    )


def test_a_faithful_copy_passes() -> None:
    verdict = judge(translated(PARAGRAPHS), PublishConfig())
    assert not verdict.held and verdict.flags == {}


def test_an_echo_is_flagged_on_every_block_and_the_headline() -> None:
    article = translated(PARAGRAPHS, echo)
    verdict = judge(article, PublishConfig())
    assert verdict.held
    assert all({"echo", "untranslated"} <= set(b.flags) for b in article.blocks)
    assert "4 of 4 blocks and the headline still in the source script" in verdict.line()


def test_transliterated_russian_is_not_english() -> None:
    from translator.translit import transliterate

    verdict = judge(translated(PARAGRAPHS, transliterate), PublishConfig())
    assert "wrong-language" in verdict.flags and "not English" in verdict.line()
    assert "untranslated" not in verdict.flags  # Latin letters: the script check passes


def test_half_translated_block_is_untranslated_but_quoted_originals_are_not() -> None:
    half = PARAGRAPHS[0][:60] + " " + fake_translate(PARAGRAPHS[0][60:])
    assert block_faults(PARAGRAPHS[0], half) == ["untranslated"]
    quoted = fake_translate(PARAGRAPHS[1]) + " «Спасите лес!» they wrote."
    assert block_faults(PARAGRAPHS[1], quoted) == []
    assert block_faults("Meta, Instagram, 2024", "Meta, Instagram, 2024") == []  # nothing Cyrillic


def test_empty_body_and_missing_label_are_held() -> None:
    article = translated([])
    verdict = judge(article, PublishConfig())
    assert "empty-body" in verdict.flags and verdict.held
    label = (
        "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ "
        "ООО «МЕМО», ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ООО «МЕМО»."
    )
    article = translated(PARAGRAPHS)
    article.html = page(TITLE, PARAGRAPHS, extra=f"<div>{label}</div>").decode()
    verdict = judge(article, PublishConfig())
    assert "missing-label" in verdict.flags and "label is missing" in verdict.line()
    article.labels.append(Label("foreign-agent", label, "THIS MATERIAL ...", placement="page"))
    assert "missing-label" not in judge(article, PublishConfig()).flags
    # news about a foreign agent is no label
    news = "Суд изучил материалы дела журналиста, которого признали иностранным агентом."
    article = translated([news])
    article.html = page(TITLE, [news]).decode()
    assert "missing-label" not in judge(article, PublishConfig()).flags


def test_numbers_mismatch_holds_only_above_the_share() -> None:
    article = translated(PARAGRAPHS)
    article.blocks[0].flags.append("numbers-mismatch")
    verdict = judge(article, PublishConfig(numbers_mismatch_share=0.25))
    assert verdict.flags.get("numbers-mismatch") == 1 and not verdict.held  # 1 of 4 = 25 %
    article.blocks[1].flags.append("numbers-mismatch")
    verdict = judge(article, PublishConfig(numbers_mismatch_share=0.25))
    assert verdict.held and "numbers differ in 2 of 4 blocks (over 25%)" in verdict.line()


def test_a_predicate_mark_the_engine_dropped_is_held() -> None:
    text = "Компания Meta с марта 2022 года признана экстремистской и запрещена в России."
    mark = "признана экстремистской и запрещена в России"
    label = Label(
        "extremist", mark, TEMPLATES["inline:extremist"], placement="inline", in_sentence=True
    )

    def lost(_: str) -> str:
        return "Meta has been a company since March 2022."

    def kept(_: str) -> str:
        return "Since March 2022, Meta has been designated extremist and banned in Russia."

    for english, held in ((lost, True), (kept, False)):
        article = translated([text], english)
        article.title_en = "Meta news today for the readers"
        article.labels.append(label)
        verdict = judge(article, PublishConfig())
        assert ("mark-lost" in verdict.flags) is held
        assert ("mark-lost" in article.blocks[0].flags) is held


def test_every_flag_has_a_severity_and_hold_on_takes_severities() -> None:
    assert set(DEFAULT_HOLD_ON) <= set(SEVERITY)
    assert severity("untranslated") == "critical" and severity("numbers-mismatch") == "major"
    assert holds("echo", ["critical"]) and not holds("numbers-mismatch", ["critical"])
    assert severity("something-new") == "minor" and not holds("something-new", DEFAULT_HOLD_ON)


def test_hold_on_names_are_checked_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[publish]\nhold_on = ["untranslated", "typo"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"line 2: publish.hold_on\[1\]: unknown flag 'typo'"):
        load_config(path)
    path.write_text('[publish]\nhold_on = ["critical"]\n', encoding="utf-8")
    assert load_config(path).publish.hold_on == ["critical"]


def test_the_json_copy_carries_the_block_flags(tmp_path: Path) -> None:
    site_pages = {"n0": page(TITLE, NUMBERED)}
    with Site(site_pages) as site, LibreServer(translate=renumbered) as engine:
        config = write_config(tmp_path, site, engine)
        invoke([f"{site.url}/a/n0", "--config", str(config)])
    copy = next((tmp_path / "out" / "review").glob("*.json"))
    body = json.loads(copy.read_text(encoding="utf-8"))["body"]
    assert body and all("numbers-mismatch" in block["flags"] for block in body)


# ---- the corpus through an English-answering stand-in --------------------------------------

CORPUS = all_corpus_pages()


@pytest.fixture(scope="module")
def english_engine():
    with LibreServer() as server:  # answers English-looking words (tests/engine_servers.py)
        yield server


@pytest.mark.corpus
@pytest.mark.parametrize("entry", CORPUS, ids=[e["id"] for e in CORPUS])
def test_corpus_page_through_an_english_stand_in(entry: dict, english_engine, tmp_path: Path):
    need_corpus(CORPUS)
    config = Config()
    glossary = Glossary.load(config)
    article = Article(url=entry["url"], html=decode_html(entry["path"].read_bytes(), None)[0])
    extract(article)
    apply_labels(article, glossary)
    cache = Cache(tmp_path / "cache")
    try:
        engine = get_engine("libre", config, english_engine.url + "/")
        translate_article(article, engine, cache, glossary, config.translate)
    finally:
        cache.close()
    verdict = judge(article, config.publish)
    flagged = [b.text[:60] for b in article.blocks if {"untranslated", "echo"} & set(b.flags)]
    assert flagged == []
    assert not {"untranslated", "echo", "wrong-language", "empty-body"} & set(verdict.flags)
    for block in article.blocks:
        for term in glossary.find(block.text):
            assert term.en in (block.text_en or ""), (block.text[term.start : term.end], term.en)


@pytest.mark.corpus
def test_a_label_trace_is_seen_on_exactly_the_labelled_corpus_pages() -> None:
    need_corpus(CORPUS)
    from translator.labels.page import has_label_trace

    for entry in CORPUS:
        html = decode_html(entry["path"].read_bytes(), None)[0]
        assert has_label_trace(html) is bool(entry.get("has_foreign_agent_label")), entry["id"]


def test_outlet_names_in_oblique_cases_reach_the_english_as_the_glossary_says(tmp_path: Path):
    text = "Об этом он рассказал Дождю, а позже сказал Настоящему Времени и «Медузе»."
    config = Config()
    glossary = Glossary.load(config)
    article = Article(url="https://example.test/2", title="", blocks=[Block("paragraph", text)])
    cache = Cache(tmp_path / "cache")
    try:
        with LibreServer() as server:
            engine = get_engine("libre", config, server.url + "/")
            translate_article(article, engine, cache, glossary, config.translate)
    finally:
        cache.close()
    english = article.blocks[0].text_en or ""
    assert "TV Rain" in english and "Current Time" in english and "Meduza" in english
    sent = " ".join(t for batch in server.texts for t in batch)
    assert not re.search("Дожд|Настоящ|Времен|Медуз", sent)  # masked, never sent
    assert judge(article, config.publish).flags == {}


def test_approving_a_held_copy_whose_files_are_gone_fails_in_one_line(tmp_path: Path) -> None:
    with Site({"n0": page(TITLE, NUMBERED)}) as site, LibreServer(translate=renumbered) as engine:
        config = write_config(tmp_path, site, engine)
        invoke([f"{site.url}/a/n0", "--config", str(config)])
    held = next((tmp_path / "out" / "review").glob("*.md"))
    held.unlink()
    code, stdout, stderr = invoke(["approve", held.stem, "--config", str(config)])
    assert code == 1 and stdout == "" and stderr.count("\n") == 1
    assert "the held copy is gone" in stderr
    assert list((tmp_path / "out" / "review").glob("*.html"))  # nothing moved half-way
