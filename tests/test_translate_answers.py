"""Engine answers that must never become a translation (issue: nothing from outside can wedge
the job): bytes that are not UTF-8, junk characters, service messages, echoes, words moved
across a boundary marker, oversized and never-ending answers; and `memory purge`."""

from __future__ import annotations

import json
import re
import socket
import time

import pytest
from click.testing import CliRunner

from tests.engine_servers import (
    DeeplServer,
    Fault,
    GoogleMobileServer,
    MyMemoryServer,
    fake_translate,
)
from tests.servers import LoopbackServer, RawServer, Reply
from translator.article import Article, Block
from translator.cli import cli
from translator.config import Config, EngineSettings
from translator.errors import ArticleTooLarge, BadTranslation, EngineError, EngineUnavailable
from translator.store import Cache
from translator.translate import translate_article
from translator.translate.checks import refusal, shape_fault
from translator.translate.engines import get_engine
from translator.translate.packing import split_segments

TEXT = "Суд оштрафовал издание на 500 000 рублей."


@pytest.fixture
def cache(tmp_path) -> Cache:
    return Cache(tmp_path / "cache")


def article() -> Article:
    return Article(url="https://example.test/a", title="", blocks=[Block("paragraph", TEXT)])


def deepl(url: str, config: Config | None = None, **translate: object):
    config = config or Config()
    config.engines["deepl"] = EngineSettings(api_key="k:fx")
    for key, value in translate.items():
        setattr(config.translate, key, value)
    engine = get_engine("deepl", config, engine_url=url)
    engine.controls.sleep = lambda s: None
    engine.controls.limiter.interval = 0.0
    return engine


class RawDeepl(DeeplServer):
    """DeepL whose answer body is exactly `raw` (bytes), whatever was asked."""

    def __init__(self, raw: bytes):
        super().__init__()
        self.raw = raw

    def answer(self, translations: list[str], request) -> Reply:
        return Reply(self.raw, content_type="application/json")


def deepl_body(text: str) -> bytes:
    return json.dumps({"translations": [{"text": text}]}).encode()


@pytest.mark.parametrize(
    "raw, why",
    [
        (b'{"translations": [{"text": "The court \xff\xfe fined"}]}', "not UTF-8"),
        (deepl_body("The court fined\uffff the outlet 500,000 roubles."), "U+FFFF"),
        (b'{"translations": [{"text": "The court \\ud800 fined 500,000"}]}', "U+D800"),
        (deepl_body("The court fined\x07 the outlet 500,000 roubles."), "U+0007"),
        (deepl_body("Error: too many requests, try later"), "service message"),
        (deepl_body("<!DOCTYPE html><html><title>502 Bad Gateway</title></html>"), "service"),
        (deepl_body(TEXT), "echoed"),
        (deepl_body("Суд оштрафовал the outlet на 500 000 рублей."), "Cyrillic"),
        (
            deepl_body(
                "Das Gericht hat die Zeitung zu einer Geldstrafe von 500 000 Rubel verurteilt."
            ),
            "in German, not English",
        ),
    ],
)
def test_a_bad_answer_fails_the_article_and_is_never_stored(
    raw: bytes, why: str, cache: Cache
) -> None:
    item = article()
    with RawDeepl(raw) as server:
        with pytest.raises(EngineError, match=re.escape(why)):
            translate_article(item, deepl(server.url), cache)
        # an answer that cannot be read is retried by the retry policy (4 retries); one that
        # reads but is refused is sent again alone once, then goes to the fallback (none here)
        assert server.requests_count == (5 if why == "not UTF-8" else 2)
    assert item.blocks[0].text_en is None
    assert list(cache.memory_entries()) == []


def test_mymemory_quota_warning_is_a_failure_and_the_fallback_translates(cache: Cache) -> None:
    warning = (
        "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY. NEXT AVAILABLE "
        "IN 10 HOURS 20 MINUTES 05 SECONDS"
    )
    config = Config()
    with MyMemoryServer(translate=lambda t: warning) as quota, DeeplServer() as good:
        config.translate.fallback = ["deepl"]
        config.engines["deepl"] = EngineSettings(api_key="k:fx", url=good.url)
        engine = get_engine("mymemory", config, engine_url=quota.url)
        engine.controls.sleep = lambda s: None
        item = article()
        translate_article(item, engine, cache)
    assert item.blocks[0].text_en == fake_translate(TEXT)
    assert {entry.engine for entry in cache.memory_entries()} == {"deepl"}


def test_a_stored_service_message_is_never_served_again(cache: Cache) -> None:
    cache.memory_put("deepl", "ru", "en", [(TEXT, TEXT, "Error: too many requests, try later")])
    with DeeplServer() as server:
        item = article()
        stats = translate_article(item, deepl(server.url), cache)
    assert stats.from_memory == 0 and item.blocks[0].text_en == fake_translate(TEXT)


def test_words_moved_across_a_marker_are_refused_and_redone(cache: Cache) -> None:
    item = Article(
        url="https://example.test/b",
        title="Суд оштрафовал издание",
        blocks=[Block("paragraph", "Редакция не согласна с решением.")],
    )

    def move(answer: str) -> str:
        head, tail = answer.split(" [[1]] ")
        *rest, last = head.split()
        return " ".join(rest) + " [[1]] " + last.lower() + " " + tail

    with GoogleMobileServer() as server:
        server.inject(Fault(mangle=move))
        engine = get_engine("google", Config(), engine_url=server.url + "/m")
        engine.controls.limiter.interval = 0.0
        stats = translate_article(item, engine, cache)
    assert stats.requests == 3  # refused, then one segment a request
    assert item.title_en == fake_translate(item.title)
    assert item.blocks[0].text_en == fake_translate(item.blocks[0].text)


def test_the_boundary_check_compares_each_segments_shape() -> None:
    sources = ["Суд оштрафовал издание", "Редакция обжалует решение 5 мая."]
    good = ["The court fined the outlet", "The editors will appeal on 5 May."]
    assert split_segments(" [[1]] ".join(good), sources, "t") == good
    moved = ["The court fined", "the outlet The editors will appeal on 5 May."]
    with pytest.raises(BadTranslation, match="moved across the boundary of segment 2"):
        split_segments(" [[1]] ".join(moved), sources, "t")
    number = ["The court fined the outlet 5", "The editors will appeal in May."]
    with pytest.raises(BadTranslation, match="moved"):
        split_segments(" [[1]] ".join(number), sources, "t")


def test_shape_is_compared_only_where_there_is_a_case_to_compare() -> None:
    assert shape_fault("5 человек погибли.", "Five people died.") is None
    assert shape_fault("{0} заявил о проверке.", "{0} announced an inquiry.") is None
    assert shape_fault("«Мы обжалуем», — сказал он.", "“We will appeal,” he said.") is None
    assert "starts" in (shape_fault("Суд оштрафовал", "fined the outlet") or "")
    assert "ends" in (shape_fault("Суд оштрафовал издание.", "The court fined the") or "")


def test_refusal_keeps_quoted_originals_and_english() -> None:
    assert refusal(TEXT, "The court fined the outlet 500,000 roubles.") is None
    assert refusal("«Новая газета» закрыта.", "«Новая газета» (Novaya Gazeta) is shut.") is None
    assert refusal("Ошибка: сайт недоступен.", "Error: the site is unavailable.") is None
    assert "echoed" in (refusal(TEXT, TEXT) or "")
    assert refusal("Путин, Песков, Лавров", "Putin, Peskov, Lavrov") is None  # names only


class DeepDeepl(DeeplServer):
    """DeepL answering JSON nested past Python's recursion limit, with `status`."""

    def __init__(self, status: int):
        super().__init__()
        self.status = status

    def answer(self, translations: list[str], request) -> Reply:
        deep = b"[" * 200_000 + b"]" * 200_000
        return Reply(deep, status=self.status, content_type="application/json")


@pytest.mark.parametrize("status", [200, 400, 500])
def test_an_answer_nested_past_the_recursion_limit_is_a_failed_call(
    status: int, cache: Cache
) -> None:
    with DeepDeepl(status) as server, pytest.raises(EngineError):
        translate_article(article(), deepl(server.url), cache)
    assert list(cache.memory_entries()) == []


@pytest.mark.parametrize("value", ["ключ", "key\udcff", "key\nX-Other: 1", " key"])
@pytest.mark.parametrize("name, variable", [("deepl", "DEEPL_API_KEY"), ("libre", "LIBRE_API_KEY")])
def test_an_api_key_from_the_environment_that_is_no_header_is_refused(
    name: str, variable: str, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(EngineError, match=f"{variable} must be printable ASCII on one line"):
        get_engine(name, Config(), engine_url="http://127.0.0.1:9/")


def test_an_oversized_answer_is_refused_while_it_is_read(cache: Cache) -> None:
    huge = deepl_body("x" * 3_000_000)
    with (
        RawDeepl(huge) as server,
        pytest.raises(EngineError, match="larger than 1,000,000 bytes"),
    ):
        translate_article(article(), deepl(server.url, max_answer_bytes=1_000_000), cache)


def never_ending(kind: str):
    def handler(conn: socket.socket) -> None:
        started = time.monotonic()
        if kind == "1xx":
            while time.monotonic() - started < 10:
                conn.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
                time.sleep(0.1)
            return
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
        while time.monotonic() - started < 10:
            conn.sendall(b"X-Drip: 1\r\n")
            time.sleep(0.2)

    return handler


@pytest.mark.parametrize("kind", ["1xx", "drip"])
def test_a_call_has_one_deadline_whatever_the_server_sends(kind: str, cache: Cache) -> None:
    with RawServer(never_ending(kind)) as server:
        engine = deepl(server.url, timeout=1.0, retries=0)
        started = time.monotonic()
        with pytest.raises(EngineUnavailable, match="no answer within 1 s"):
            translate_article(article(), engine, cache)
        elapsed = time.monotonic() - started
        engine.close()
    assert elapsed < 2.5  # one second, and once more for the retry alone


def test_memory_purge_deletes_one_engines_entries(tmp_path) -> None:
    cache = Cache(tmp_path / "cache")
    cache.memory_put("mymemory", "ru", "en", [("а", "а", "MYMEMORY WARNING")])
    cache.memory_put("deepl", "ru", "en", [("б", "б", "b")])
    cache.close()
    runner = CliRunner()
    args = ["memory", "purge", "--cache", str(tmp_path / "cache")]
    result = runner.invoke(cli, [*args, "--engine", "mymemory", "--since", "2000-01-01"])
    assert result.exit_code == 0, result.output
    assert "1 segment of mymemory deleted" in result.output
    left = {entry.engine for entry in Cache(tmp_path / "cache").memory_entries()}
    assert left == {"deepl"}
    bad = runner.invoke(cli, [*args, "--engine", "mymemory", "--since", "yesterday"])
    assert bad.exit_code != 0 and "not a date" in bad.output
    unknown = runner.invoke(cli, [*args, "--engine", "babelfish"])
    assert unknown.exit_code != 0 and "unknown engine" in unknown.output


# ---- what one article may cost --------------------------------------------------------------


def test_an_article_past_the_segment_cap_is_refused_before_anything_is_sent(cache: Cache) -> None:
    # the class: a page that is mostly short texts (links, list items), thousands of segments
    page = Article(
        url="https://example.test/links",
        title="Заголовок статьи",
        blocks=[Block("list_item", f"Ссылка на материал номер {i}") for i in range(50)],
    )
    with DeeplServer() as server:
        config = Config()
        config.translate.max_segments = 40
        with pytest.raises(ArticleTooLarge, match="51 segments.*max_segments = 40"):
            translate_article(page, deepl(server.url), cache, None, config.translate)
        assert server.requests_count == 0
    assert all(block.text_en is None for block in page.blocks)


def test_an_article_past_the_character_cap_is_refused_in_one_line(tmp_path) -> None:
    body = "".join(f"<p>{TEXT} Абзац номер {i}.</p>" for i in range(40))
    page = f"<html><head><title>Статья</title></head><body><article><h1>Статья</h1>{body}"
    page += "</article></body></html>"
    (tmp_path / "config.toml").write_text(
        "[translate]\nmax_characters = 1000\n[fetch]\nallow_private_addresses = true\n"
        f'[cache]\ndir = "{tmp_path / "cache"}"\n[output]\ndir = "{tmp_path / "out"}"\n',
        encoding="utf-8",
    )
    served = Reply(page.encode(), content_type="text/html; charset=utf-8")
    with DeeplServer() as server, LoopbackServer(lambda r: served) as site:
        result = CliRunner().invoke(
            cli,
            [
                *(site.url + "/a", "--engine", "deepl", "--engine-url", server.url),
                *("--config", str(tmp_path / "config.toml")),
            ],
            env={"DEEPL_API_KEY": "k:fx"},
        )
        assert server.requests_count == 0
    assert result.exit_code == 1 and result.stderr.count("\n") == 1, result.stderr
    assert "max_characters = 1000" in result.stderr
