"""config.toml: empty is fine, every mistake is one line naming the file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from translator.cli import cli
from translator.config import Config, load_config
from translator.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_empty_and_missing_files_give_the_defaults(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, "")).translate.engine == "google"
    assert load_config(tmp_path / "absent.toml") == Config()


def test_shipped_config_is_all_defaults() -> None:
    shipped = load_config(Path(__file__).resolve().parent.parent / "config.toml")
    shipped.path = None
    assert shipped == Config()


def test_every_section_is_read(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path,
            """
[fetch]
timeout = 5
[translate]
engine = "libre"
fallback = ["google"]
[engines.deepl]
api_key = "k"
[glossary.terms]
"Кавказский узел" = "Caucasian Knot"
[[sources]]
name = "a"
url = "https://example.org/rss"
include = ["/articles/"]
""",
        )
    )
    assert config.fetch.timeout == 5.0
    assert config.translate.fallback == ["google"]
    assert config.engine_settings("deepl").api_key == "k"
    assert config.glossary.terms["Кавказский узел"] == "Caucasian Knot"
    assert config.sources[0].include == ["/articles/"]


@pytest.mark.parametrize(
    "text, line, key, problem",
    [
        (
            "[fetch]\ntimeout = 5\n\n[translate]\nengine = 3\n",
            5,
            "translate.engine",
            "expected str",
        ),
        ("[fetch]\nbogus = 1\n", 2, "fetch.bogus", "unknown key"),
        ("[run]\nconcurrency = -2\n", 2, "run.concurrency", "must not be negative"),
        ('[output]\nformats = "md"\n', 2, "output.formats", "expected a list"),
        ('[[sources]]\nname = "a"\nurl = 5\n', 3, "sources[0].url", "expected str"),
        ("fetch = 3\n", 1, "fetch", "expected a table"),
    ],
)
def test_mistakes_name_the_line_and_key(
    tmp_path: Path, text: str, line: int, key: str, problem: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    message = str(caught.value)
    assert f"line {line}" in message and key in message and problem in message
    assert "\n" not in message


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="line 2"):
        load_config(write(tmp_path, "[fetch]\ntimeout = = 3\n"))


def test_cli_reports_config_errors_in_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, "[translate]\nengine = 3\n")
    result = CliRunner().invoke(cli, ["https://example.org/a", "--config", str(path)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"translator: error: {path}, line 2: translate.engine: expected str, got an integer"
    ]


def test_an_explicit_config_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["run", "--config", str(tmp_path / "nope.toml")])
    assert result.exit_code == 1 and "no such config file" in result.stderr


@pytest.mark.parametrize(
    "text, key, problem",
    [
        ('[output]\nformats = ["md", "pdf"]\n', "output.formats[1]", "unknown format 'pdf'"),
        ('[[sources]]\nname = "a"\n', "sources[0]", "needs a url"),
        (
            '[[sources]]\nname = "a"\nurl = "http://x/1"\n[[sources]]\nname = "a"\nurl = "http://x/2"\n',
            "sources[1].name",
            "used twice",
        ),
    ],
)
def test_values_are_checked_when_the_file_is_read(
    tmp_path: Path, text: str, key: str, problem: str
) -> None:
    with pytest.raises(ConfigError, match="line") as caught:
        load_config(write(tmp_path, text))
    assert key in str(caught.value) and problem in str(caught.value)
