"""The command line: help that teaches, verbs that read like sentences, output easy to pipe."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import corpus_pages, need_corpus
from tests.engine_servers import LibreServer
from tests.servers import LoopbackServer, Reply
from translator.cli import cli

SYNTHETIC = corpus_pages("ru-synthetic")


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_help_names_every_verb_and_the_one_off_form() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for verb in ("run", "extract", "engines", "status", "memory", "models", "translate"):
        assert verb in result.stdout
    assert "translator https://" in result.stdout


@pytest.mark.parametrize(
    "verb", ["translate", "run", "extract", "status", "memory export", "models add"]
)
def test_every_verb_has_help(verb: str) -> None:
    result = invoke(*verb.split(), "--help")
    assert result.exit_code == 0 and "Usage:" in result.stdout


def test_engines_lists_each_engine_with_what_it_needs() -> None:
    result = invoke("engines")
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.stdout.splitlines() if line.strip()]
    for name in ("google", "deepl", "microsoft", "yandex", "libre", "mymemory", "offline"):
        assert name in names


def test_bad_format_and_bad_url_are_usage_errors(tmp_path: Path) -> None:
    result = invoke("https://example.org/a", "--format", "pdf", "--cache", str(tmp_path))
    assert result.exit_code == 2 and "md, html, json" in result.stderr
    result = invoke("not-a-url", "--cache", str(tmp_path))
    assert result.exit_code == 2 and "not an http(s) URL" in result.stderr


def test_extract_prints_the_article_of_a_saved_page() -> None:
    need_corpus(SYNTHETIC)
    entry = next(e for e in SYNTHETIC if e["id"] == "ku-420812")
    result = invoke("extract", str(entry["path"]))
    assert result.exit_code == 0, result.stderr
    assert entry["body_first_sentence_ru"][:40] in result.stdout
    assert "FOREIGN AGENT" in result.stdout.upper()
    assert "Скачайте приложение" not in result.stdout


def test_extract_of_a_missing_file_is_one_line(tmp_path: Path) -> None:
    result = invoke("extract", str(tmp_path / "nope.html"))
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1


def test_status_and_memory_export_after_a_translation(tmp_path: Path) -> None:
    need_corpus(SYNTHETIC)
    entry = SYNTHETIC[0]
    page = entry["path"].read_bytes()
    with LoopbackServer(lambda request: Reply(page)) as site, LibreServer() as engine:
        result = invoke(
            site.url + "/article",
            "--engine",
            "libre",
            "--engine-url",
            engine.url + "/",
            "--cache",
            str(tmp_path / "cache"),
            "--out",
            str(tmp_path / "out"),
        )
        assert result.exit_code == 0, result.stderr
    status = invoke("status", "--cache", str(tmp_path / "cache"))
    assert status.exit_code == 0 and "published" in status.stdout
    tmx = tmp_path / "memory.tmx"
    exported = invoke("memory", "export", str(tmx), "--cache", str(tmp_path / "cache"))
    assert exported.exit_code == 0 and exported.stdout.strip() == str(tmx)
    units = ET.parse(tmx).getroot().findall("./body/tu")
    assert units and "translation units" in exported.stderr


def test_the_installed_command_runs_without_a_traceback(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "translator", "http://127.0.0.1:9/x", "--cache", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("translator: error: ") and "Traceback" not in done.stderr


def test_debug_stays_a_group_option_before_a_url(tmp_path: Path) -> None:
    result = invoke("--debug", "http://127.0.0.1:9/x", "--cache", str(tmp_path))
    assert result.exit_code == 1 and "No such option" not in result.stderr


def test_odd_host_names_are_one_line_errors(tmp_path: Path) -> None:
    for url in ("http://xn--/", "http://.../"):
        result = invoke(url, "--cache", str(tmp_path))
        assert result.exit_code == 1, result.stderr
        assert "internal error" not in result.stderr and len(result.stderr.splitlines()) == 1


def test_extract_of_a_device_a_folder_or_a_huge_file_is_one_line(tmp_path: Path) -> None:
    """A saved page is read as a fetched one is, within [fetch] max_bytes: /dev/zero filled
    memory without end."""
    big = tmp_path / "big.html"
    big.write_bytes(b"<p>" + b"x" * 5000)
    config = tmp_path / "config.toml"
    config.write_text("[fetch]\nmax_bytes = 1000\n")
    for source, expected in (
        ("/dev/zero", "not a regular file"),
        (str(tmp_path), "not a regular file"),
        (str(big), "larger than [fetch] max_bytes (1000 bytes)"),
    ):
        result = invoke("extract", source, "--config", str(config))
        assert result.exit_code == 1, result.stderr
        assert len(result.stderr.splitlines()) == 1 and expected in result.stderr


def test_extract_of_an_unreadable_url_is_one_line(tmp_path: Path) -> None:
    result = invoke("extract", "http://[::1", "--cache", str(tmp_path))
    assert result.exit_code == 1, result.stderr
    assert "internal error" not in result.stderr and len(result.stderr.splitlines()) == 1


def test_run_with_a_cache_that_is_a_file_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    config = tmp_path / "config.toml"
    config.write_text('[[sources]]\nname = "a"\nurl = "http://127.0.0.1:9/feed"\n')
    result = invoke("run", "--config", str(config), "--cache", str(blocker / "cache"))
    assert result.exit_code == 1 and "internal error" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_memory_export_into_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    result = invoke(
        "memory",
        "export",
        str(tmp_path / "no" / "such" / "m.tmx"),
        "--cache",
        str(tmp_path / "cache"),
    )
    assert "internal error" not in result.stderr
    assert result.exit_code == 0 or len(result.stderr.strip().splitlines()) == 1


def test_models_add_of_an_installed_model_keeps_it(tmp_path: Path, monkeypatch) -> None:
    models = tmp_path / "models"
    (models / "m").mkdir(parents=True)
    (models / "m" / "model.bin").write_bytes(b"x")
    monkeypatch.setenv("TRANSLATOR_MODELS", str(models))
    result = invoke("models", "add", str(models / "m"))
    assert result.exit_code == 1 and "internal error" not in result.stderr
    assert (models / "m" / "model.bin").is_file()


# usage errors: one line, with a hint where one fits --------------------------------------------


@pytest.mark.parametrize(
    "args, expected",
    [
        (["example.org/news/1"], "did you mean https://example.org/news/1 ?"),
        (["https://example.org/a", "--format", "md,pdf"], "unknown format 'pdf'"),
        (["run", "--limit", "0"], "--limit"),
        (["run", "--bogus"], "No such option '--bogus'"),
        (["retry"], "name one URL, or --source NAME, or --all"),
        (["http://[::1"], "'http://[::1' is not a valid URL"),
        (["https://example.org/a", "--engine-url", "http://[::1"], "--engine-url"),
        (["run", "--engine-url", "http://[::1"], "--engine-url"),
        # bytes the terminal could not decode (surrogates) reach no store, whatever the verb
        (["http://example.org/\udcff"], "is not valid UTF-8 text"),
        (["retry", "\udcff"], "is not valid UTF-8 text"),
        (["retry", "--source", "\udcff"], "is not valid UTF-8 text"),
    ],
)
def test_usage_errors_are_one_line_with_a_hint(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    result = CliRunner().invoke(cli, [*args, "--cache", str(tmp_path / "c")])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("translator: error: "), result.stderr
    assert expected in lines[0] and "--help" in lines[0]
    assert "Usage:" not in result.stderr


def test_out_naming_a_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    result = CliRunner().invoke(cli, ["https://example.org/a", "--out", str(tmp_path / "file")])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--out" in lines[0] and "file" in lines[0], result.stderr


def test_status_and_export_in_the_wrong_folder_create_nothing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("status")
    assert result.exit_code == 1 and "no cache in cache" in result.stderr
    result = invoke("memory", "export", "-", "--cache", "typo")
    assert result.exit_code == 1 and "no cache in typo" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_status_shows_health_next_attempt_and_why_and_retry_makes_it_due(tmp_path: Path) -> None:
    from translator.store import Cache

    cache = Cache(tmp_path / "cache")
    cache.set_source("empty", "https://example.org/", last_status="ok", last_items=0)
    cache.set_source("fine", "https://example.org/rss", last_status="ok", last_items=7)
    cache.set_article(
        "https://example.org/1",
        state="failed",
        source="fine",
        attempts=8,
        last_error="https://example.org/1: HTTP 503 [/b] busy",
        next_attempt_at="2030-01-01T00:00:00+00:00",
        title="Суд [/b] и [video]",
    )
    cache.set_article("https://example.org/2", state="published", source="fine")
    cache.close()
    status = invoke("status", "--cache", str(tmp_path / "cache"))
    assert status.exit_code == 0, status.stderr
    out = " ".join(status.stdout.split())
    assert "warning: no article links" in out and "1 failed, 1 published" in out
    assert "2030-01-01T00:00:00+00:00" in out and "HTTP 503 [/b] busy" in out
    assert "Суд [/b] и [video]" in out
    retried = invoke("retry", "--all", "--cache", str(tmp_path / "cache"))
    assert retried.exit_code == 0 and "1 failed article due at the next run" in retried.stderr
    cache = Cache(tmp_path / "cache")
    row = cache.get_article("https://example.org/1")
    cache.close()
    assert row is not None and row["attempts"] == 0 and row["next_attempt_at"] is None
    missing = invoke("retry", "https://example.org/9", "--cache", str(tmp_path / "cache"))
    assert missing.exit_code == 1 and "no failed article by that URL" in missing.stderr


def test_progress_prints_page_strings_as_text_never_markup() -> None:
    import io

    from rich.console import Console

    from translator.run.progress import RunProgress

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=200, color_system=None)
    with RunProgress(live=True, out=console) as progress:
        progress.plan({"src [/b]": 2})
        progress.done("src [/b]", "done: Суд [/b] вынес [video] решение [bold]", 1234)
        progress.done("src [/b]", "failed: x", 0)
    text = buffer.getvalue()
    assert "done: Суд [/b] вынес [video] решение [bold]" in text
    assert "src [/b]" in text and "2/2" in text and "1,234 chars" in text


def test_progress_off_a_terminal_prints_nothing() -> None:
    import io

    from rich.console import Console

    from translator.run.progress import RunProgress

    buffer = io.StringIO()
    with RunProgress(live=False, out=Console(file=buffer)) as progress:
        progress.plan({"s": 1})
        progress.done("s", "done: x", 10)
    assert buffer.getvalue() == ""
