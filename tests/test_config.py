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
    root = Path(__file__).resolve().parent.parent
    shipped = load_config(root / "config.toml")
    shipped.path = None
    assert shipped.output.dir == str(root / "out") and shipped.cache.dir == str(root / "cache")
    shipped.output.dir, shipped.cache.dir = "out", "cache"
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
        ("[run]\nconcurrency = -2\n", 2, "run.concurrency", "must be from 1 to 64 (got -2)"),
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


@pytest.mark.parametrize(
    "text, key, problem",
    [
        ("[fetch]\ntimeout = nan\n", "fetch.timeout", "must be a finite number, not nan"),
        ("[fetch]\ntimeout = inf\n", "fetch.timeout", "must be a finite number, not inf"),
        ("[fetch]\ntimeout = 1e300\n", "fetch.timeout", "must be from 0.1 to 600"),
        ("[fetch]\ntimeout = -5\n", "fetch.timeout", "must be from 0.1 to 600 (got -5)"),
        ("[translate]\ntimeout = 0\n", "translate.timeout", "must be from 0.1 to 600"),
        ("[run]\nretry_backoff = 1e308\n", "run.retry_backoff", "must be from 0 to 86400"),
        ("[run]\nretry_backoff = nan\n", "run.retry_backoff", "finite"),
        ("[translate]\nerror_budget = 0\n", "translate.error_budget", "from 1 to"),
        ("[run]\nmax_attempts = 0\n", "run.max_attempts", "from 1 to 1000"),
        ("[run]\nrecheck_interval = -1\n", "run.recheck_interval", "from 0 to"),
        (
            '[[sources]]\nname = "a"\nurl = "http://x/1"\nmax_articles = -1\n',
            "sources[0].max_articles",
            "from 0 to 100000",
        ),
        (
            '[[sources]]\nname = "a"\nurl = "http://x/1"\ntype = "rss"\n',
            "sources[0].type",
            "must be 'feed' or 'page', not 'rss'",
        ),
        (
            '[[sources]]\nname = "a"\nurl = "example.org/rss"\n',
            "sources[0].url",
            "did you mean 'https://example.org/rss'?",
        ),
        ('[output]\nsite_url = "ftp://x"\n', "output.site_url", "not an http(s) URL"),
        # a bracketed host urllib cannot read passed the scheme check, then stopped every run
        ('[output]\nsite_url = "http://[::1"\n', "output.site_url", "not an http(s) URL"),
        (
            '[[sources]]\nname = "a"\nurl = "http://[::1"\n',
            "sources[0].url",
            "not an http(s) URL",
        ),
        ('[translate]\nengine_url = "http://[::1"\n', "translate.engine_url", "not an http"),
        ('[engines.deepl]\nurl = "http://[::1/v2"\n', "engines.deepl.url", "not an http"),
        ('[fetch]\nuser_agent = "Ж"\n', "fetch.user_agent", "printable ASCII on one line"),
        ('[fetch]\nuser_agent = "a\\nb"\n', "fetch.user_agent", "printable ASCII"),
        ('[fetch]\nuser_agent = "a\\u0000"\n', "fetch.user_agent", "printable ASCII"),
        ('[fetch]\nuser_agent = " "\n', "fetch.user_agent", "printable ASCII"),
        ('[engines.deepl]\napi_key = "ключ"\n', "engines.deepl.api_key", "printable ASCII"),
        ('[engines.microsoft]\nregion = "ё"\n', "engines.microsoft.region", "printable ASCII"),
        (
            (
                '[[sources]]\nname = "a b"\nurl = "http://x/1"\n'
                '[[sources]]\nname = "a-b"\nurl = "http://x/2"\n'
            ),
            "sources[1].name",
            "'a-b' and 'a b' would both write feed-a-b.atom",
        ),
        ('[glossary]\nfile = "/dev/zero"\n', "glossary.file", "/dev/zero is not a regular file"),
        ('[glossary]\nfile = "."\n', "glossary.file", "is not a regular file"),
        ('[glossary]\nfile = "absent.tsv"\n', "glossary.file", "cannot read"),
    ],
)
def test_every_number_and_name_is_checked_when_the_file_is_read(
    tmp_path: Path, text: str, key: str, problem: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'config.toml'}, line ")
    assert key in message and problem in message and "\n" not in message


def test_a_config_path_that_is_no_config_file_is_refused_in_one_line(tmp_path: Path) -> None:
    """--config /dev/zero filled memory; a pipe would have waited for ever."""
    import os

    big = tmp_path / "big.toml"
    big.write_bytes(b"# " + b"x" * 1_100_000)
    os.mkfifo(tmp_path / "pipe")
    for path, problem in (
        ("/dev/zero", "not a regular file"),
        (str(tmp_path / "pipe"), "not a regular file"),
        (str(big), "larger than 1,000,000 bytes"),
    ):
        result = CliRunner().invoke(cli, ["status", "--config", path, "--cache", str(tmp_path)])
        assert result.exit_code == 1, result.stderr
        assert len(result.stderr.splitlines()) == 1 and problem in result.stderr


def test_a_huge_glossary_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "big.tsv").write_bytes(b"a\tb\n" * 2_600_000)
    with pytest.raises(ConfigError, match="larger than 10,000,000 bytes"):
        load_config(write(tmp_path, '[glossary]\nfile = "big.tsv"\n'))


def test_relative_paths_are_taken_from_the_config_files_folder(tmp_path: Path) -> None:
    (tmp_path / "terms.tsv").write_text("Мир\tPeace\n", encoding="utf-8")
    config = load_config(
        write(
            tmp_path,
            '[output]\ndir = "site"\n[cache]\ndir = "/var/tmp/c"\n[glossary]\nfile = "terms.tsv"\n',
        )
    )
    assert config.output.dir == str(tmp_path / "site")
    assert config.cache.dir == "/var/tmp/c"
    assert config.glossary.file == str(tmp_path / "terms.tsv")
