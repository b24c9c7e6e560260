"""End to end: `translator URL` on every corpus page, served from loopback, through the real
httpx fetcher, extraction, labels, deep-translator's own clients against loopback engines,
render and publish."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import all_corpus_pages, need_corpus
from tests.engine_servers import GoogleMobileServer, LibreServer, fake_translate
from tests.servers import LoopbackServer, Reply, Request
from translator.cli import cli

PAGES = all_corpus_pages()


def site_path(entry: dict) -> str:
    """Serve each page under its own host and path, so rules must find the site themselves."""
    parts = urlsplit(entry["url"])
    query = f"?{parts.query}" if parts.query else ""
    return f"/{parts.netloc}{parts.path or '/'}{query}"


def serve_corpus(request: Request) -> Reply:
    asked = request.path + (f"?{urlencode(request.query, doseq=True)}" if request.query else "")
    for entry in PAGES:
        if asked == site_path(entry):
            # no charset on purpose: the fetcher must honour <meta> or detect it
            return Reply(entry["path"].read_bytes(), content_type="text/html")
    return Reply("<h1>Not found</h1>", status=404)


@pytest.fixture(scope="module")
def site():
    with LoopbackServer(serve_corpus) as server:
        yield server


@pytest.fixture(scope="module")
def libre():
    with LibreServer() as server:
        yield server


def translate(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def ids(entry: dict) -> str:
    return entry["id"]


def english_of(sentence: str) -> str:
    return fake_translate(sentence)


@pytest.mark.parametrize("entry", PAGES, ids=ids)
def test_corpus_page_end_to_end(entry: dict, site, libre, tmp_path: Path) -> None:
    need_corpus(PAGES)
    url = site.url + site_path(entry)
    out = tmp_path / "out"
    code, stdout, stderr = translate(
        [
            url,
            "--out",
            str(out),
            "--format",
            "md,html,json",
            "--engine",
            "libre",
            "--engine-url",
            libre.url + "/",
            "--cache",
            str(tmp_path / "cache"),
        ]
    )
    assert code == 0, stderr
    paths = [Path(line) for line in stdout.splitlines()]
    assert sorted(p.suffix for p in paths) == [".html", ".json", ".md"]
    assert all(p.is_file() and p.resolve().is_relative_to(out.resolve()) for p in paths)
    copy = json.loads(next(p for p in paths if p.suffix == ".json").read_text("utf-8"))
    markdown = next(p for p in paths if p.suffix == ".md").read_text("utf-8")
    page = next(p for p in paths if p.suffix == ".html").read_text("utf-8")

    sources = " ".join(
        [copy["source"].get("lead") or ""] + [block["source_text"] for block in copy["body"]]
    )
    squash = lambda s: re.sub(r"\s+", " ", s.replace("\xa0", " ").replace("\u200b", ""))
    assert squash(entry["body_first_sentence_ru"]) in squash(sources)
    assert squash(entry["body_last_sentence_ru"]) in squash(sources)
    english = " ".join(block["text"] for block in copy["body"])
    assert english.strip() and not re.search("[а-яА-ЯёЁ]{4,}", english), "body left untranslated"
    for chrome in entry["chrome_samples_ru"]:
        assert squash(chrome) not in squash(sources + " " + copy["title"])
        if len(chrome) > 12:
            assert squash(english_of(chrome)) not in squash(markdown)

    assert copy["source"]["url"] and copy["source"]["url"] in markdown
    assert copy["source"]["url"] in page
    assert copy["engine"] and copy["translated_at"]
    front = yaml.safe_load(markdown.split("---", 2)[1])
    assert front["source_url"] == copy["source"]["url"]

    if entry["has_foreign_agent_label"]:
        labels = [label for label in copy["labels"] if label["placement"] == "page"]
        assert labels, "the page's foreign-agent label was not found"
        assert all(re.search("[а-яА-ЯёЁ]", label["text"]) is None for label in labels)
        assert "FOREIGN AGENT" in labels[0]["text"].upper()
        body_start = markdown.split("---", 2)[2]
        first_body = copy["body"][0]["text"]
        assert body_start.find(labels[0]["text"][:40]) < body_start.find(first_body[:30]), (
            "the label must lead the copy"
        )
        assert labels[0]["text"][:40] in page
        assert squash(entry["label_text_ru"])[:60] not in squash(sources)


def test_second_run_sends_nothing_to_the_engine(site, tmp_path: Path) -> None:
    need_corpus(PAGES)
    entry = next((e for e in PAGES if e["id"] == "ku-420812"), PAGES[0])
    url = site.url + site_path(entry)
    with LibreServer() as engine:
        args = [
            url,
            "--out",
            str(tmp_path / "out"),
            "--engine",
            "libre",
            "--engine-url",
            engine.url + "/",
            "--cache",
            str(tmp_path / "cache"),
        ]
        assert translate(args)[0] == 0
        first = engine.characters
        assert first > 0
        code, _stdout, stderr = translate(args)
        assert code == 0, stderr
        assert engine.characters == first, "the second run re-sent text to the engine"


def test_google_default_engine_through_its_mobile_page(site, tmp_path: Path) -> None:
    need_corpus(PAGES)
    entry = PAGES[-1]
    with GoogleMobileServer() as google:
        code, stdout, stderr = translate(
            [
                site.url + site_path(entry),
                "--out",
                str(tmp_path),
                "--engine-url",
                google.url + "/m",
                "--cache",
                str(tmp_path / "cache"),
                "--format",
                "json",
            ]
        )
        assert code == 0, stderr
        assert google.requests_count > 0
        copy = json.loads(Path(stdout.strip()).read_text("utf-8"))
        assert copy["engine"].startswith("google")


BAD_PAGES = {
    "/missing": Reply("<h1>Not found</h1>", status=404),
    "/pdf": Reply(b"%PDF-1.4 binary", content_type="application/pdf"),
    "/empty": Reply(b"", content_type="text/html"),
    "/nav-only": Reply(
        "<html><body><nav><a href='/a'>Главная</a> <a href='/b'>Новости</a>"
        "</nav><footer>© 2024</footer></body></html>"
    ),
}
ARTICLE = (
    "<html><head><title>Заголовок статьи</title></head><body><article><h1>Заголовок "
    "статьи</h1>"
    + "".join(
        f"<p>Это предложение номер {i} в тексте статьи о событиях "
        "в городе, и оно достаточно длинное для извлечения.</p>"
        for i in range(8)
    )
    + "</article></body></html>"
)


def serve_bad(request: Request) -> Reply:
    if request.path == "/article":
        return Reply(ARTICLE)
    return BAD_PAGES.get(request.path, Reply("nope", status=404))


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/missing", "404"),
        ("/pdf", "not an HTML page"),
        ("/empty", ""),
        ("/nav-only", ""),
    ],
)
def test_bad_pages_give_one_line_and_nonzero_exit(path: str, expected: str, tmp_path: Path) -> None:
    with LoopbackServer(serve_bad) as server, LibreServer() as engine:
        code, stdout, stderr = translate(
            [
                server.url + path,
                "--out",
                str(tmp_path / "out"),
                "--engine",
                "libre",
                "--engine-url",
                engine.url + "/",
                "--cache",
                str(tmp_path / "cache"),
            ]
        )
        assert code != 0
        assert stdout == ""
        assert len(stderr.strip().splitlines()) == 1 and "Traceback" not in stderr
        assert expected in stderr
        assert engine.requests_count == 0


def test_engine_5xx_unknown_engine_and_unwritable_out(tmp_path: Path) -> None:
    with LoopbackServer(serve_bad) as server, LibreServer(die_after=0) as engine:
        base = [server.url + "/article", "--cache", str(tmp_path / "cache")]
        code, _stdout, stderr = translate(
            base
            + ["--out", str(tmp_path / "o"), "--engine", "libre", "--engine-url", engine.url + "/"]
        )
        assert code != 0 and len(stderr.strip().splitlines()) == 1, stderr
        assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())

        code, _stdout, stderr = translate(base + ["--engine", "nosuch"])
        assert code != 0 and "nosuch" in stderr and len(stderr.strip().splitlines()) == 1

        blocked = tmp_path / "file"
        blocked.write_text("not a folder")
        with LibreServer() as good:
            code, _stdout, stderr = translate(
                base
                + [
                    "--out",
                    str(blocked / "sub"),
                    "--engine",
                    "libre",
                    "--engine-url",
                    good.url + "/",
                ]
            )
        assert code != 0 and len(stderr.strip().splitlines()) == 1, stderr


def test_bad_url_and_unreachable_host(tmp_path: Path) -> None:
    code, _stdout, stderr = translate(["ftp://example.org/x", "--cache", str(tmp_path)])
    assert code != 0 and "Traceback" not in stderr
    # a loopback port nobody listens on
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, _stdout, stderr = translate([f"http://127.0.0.1:{port}/a", "--cache", str(tmp_path)])
    assert code != 0 and len(stderr.strip().splitlines()) == 1 and "Traceback" not in stderr


def test_config_engine_url_is_not_used_for_another_engine(tmp_path: Path) -> None:
    with LoopbackServer(serve_bad) as server, LibreServer() as libre, GoogleMobileServer() as g:
        config = tmp_path / "config.toml"
        config.write_text(f'[translate]\nengine = "libre"\nengine_url = "{libre.url}/"\n')
        code, _stdout, stderr = translate(
            [
                server.url + "/article",
                "--config",
                str(config),
                "--engine",
                "google",
                "--engine-url",
                g.url + "/m",
                "--cache",
                str(tmp_path / "c"),
                "--out",
                str(tmp_path / "o"),
            ]
        )
        assert code == 0, stderr
        code, _stdout, stderr = translate(
            [
                server.url + "/article",
                "--config",
                str(config),
                "--engine",
                "deepl",
                "--cache",
                str(tmp_path / "c"),
                "--out",
                str(tmp_path / "o"),
            ]
        )
        assert code != 0 and "DEEPL_API_KEY" in stderr
        assert libre.requests_count == 0, "another engine's request went to libre's URL"
