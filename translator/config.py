"""config.toml: every key optional, every default here, every mistake named with its key and line.

`load_config(path)` returns a `Config`; a missing file at the default path is an empty config.
The shipped config.toml documents each key; this module is the single source of the defaults
and of the range each number may take (RANGES). Relative paths in the file (output.dir,
cache.dir, glossary.file) are taken from the config file's folder, so `--config DIR/config.toml`
run from anywhere uses DIR's cache and output.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
import stat
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from translator.errors import ConfigError
from translator.flags import DEFAULT_HOLD_ON, SEVERITIES, SEVERITY

DEFAULT_USER_AGENT = (
    "translator/0.1 (Russian-to-English news translation for newsrooms; "
    "+https://pypi.org/project/translator/)"
)


@dataclass
class FetchConfig:
    timeout: float = 20.0
    max_bytes: int = 10_000_000
    max_redirects: int = 10
    user_agent: str = DEFAULT_USER_AGENT
    allow_private_addresses: bool = False
    retries: int = 2
    proxy: str = ""
    robots_max_bytes: int = 500_000


@dataclass
class EngineSettings:
    api_key: str = ""
    url: str = ""
    region: str = ""
    model: str = ""
    # language-model engines (openai, anthropic); see config.toml
    prompt: str = ""
    spelling: str = "british"
    context_tokens: int = 8_000
    max_output_tokens: int = 4_000
    requests_per_minute: float = 0.0
    tokens_per_minute: float = 0.0
    json_schema: bool = True
    api_version: str = ""


@dataclass
class TranslateConfig:
    engine: str = "google"
    engine_url: str = ""
    fallback: list[str] = field(default_factory=list)
    source_lang: str = "ru"
    target_lang: str = "en"
    timeout: float = 30.0
    retries: int = 4
    concurrency: int = 4
    requests_per_second: float = 5.0
    error_budget: int = 20
    max_answer_bytes: int = 8_000_000
    # per article, checked before anything is sent: a page past them is refused with its reason
    max_segments: int = 3000
    max_characters: int = 300_000
    article_seconds: float = 900.0  # wall time for all of one article's engine requests


@dataclass
class GlossaryConfig:
    file: str = ""
    terms: dict[str, str] = field(default_factory=dict)


@dataclass
class OutputConfig:
    dir: str = "out"
    formats: list[str] = field(default_factory=lambda: ["md"])
    feed_title: str = "Translated news"
    site_url: str = ""


@dataclass
class PublishConfig:
    hold_on: list[str] = field(default_factory=lambda: list(DEFAULT_HOLD_ON))
    numbers_mismatch_share: float = 0.2


@dataclass
class ExtractConfig:
    siblings: int = 2
    templates: bool = True


@dataclass
class CacheConfig:
    dir: str = "cache"


@dataclass
class RunConfig:
    concurrency: int = 4
    per_host_concurrency: int = 2
    per_host_delay: float = 1.0
    max_articles: int = 50
    retry_backoff: float = 300.0
    max_attempts: int = 8
    respect_robots: bool = True
    recheck_interval: float = 21600.0


@dataclass
class SourceConfig:
    name: str = ""
    url: str = ""
    type: str = "feed"
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    link_pattern: str = ""
    max_articles: int = 0
    since: str = ""
    publish: bool = True
    attribution: str = ""
    proxy: str = ""


@dataclass
class Config:
    fetch: FetchConfig = field(default_factory=FetchConfig)
    translate: TranslateConfig = field(default_factory=TranslateConfig)
    engines: dict[str, EngineSettings] = field(default_factory=dict)
    glossary: GlossaryConfig = field(default_factory=GlossaryConfig)
    output: OutputConfig = field(default_factory=OutputConfig)
    publish: PublishConfig = field(default_factory=PublishConfig)
    extract: ExtractConfig = field(default_factory=ExtractConfig)
    cache: CacheConfig = field(default_factory=CacheConfig)
    run: RunConfig = field(default_factory=RunConfig)
    sources: list[SourceConfig] = field(default_factory=list)
    path: Path | None = None

    def engine_settings(self, name: str) -> EngineSettings:
        return self.engines.get(name, EngineSettings())


# A config.toml is a few kilobytes; a path to /dev/zero or a disk image is no config file.
MAX_CONFIG_BYTES = 1_000_000


def read_at_most(path: Path, max_bytes: int) -> bytes:
    """The bytes of the regular file at `path`, up to one past `max_bytes` (the caller refuses
    a longer file). ValueError when `path` is no regular file: a device, a pipe or a folder is
    refused before it is opened (/dev/zero would fill memory, a pipe wait for ever); OSError
    when it cannot be read."""
    if path.exists() and not path.is_file():
        raise ValueError("not a regular file")
    with path.open("rb") as handle:
        return handle.read(max_bytes + 1)


def load_config(path: str | Path | None, *, required: bool = False) -> Config:
    """Read config.toml at `path`; a missing file gives the defaults unless `required`."""
    if path is None:
        return Config()
    path = Path(path)
    try:
        raw = read_at_most(path, MAX_CONFIG_BYTES)
        if len(raw) > MAX_CONFIG_BYTES:
            raise ConfigError(f"{path}: larger than {MAX_CONFIG_BYTES:,} bytes; not a config file")
        text = raw.decode("utf-8")
    except FileNotFoundError:
        if required:
            raise ConfigError(f"{path}: no such config file") from None
        return Config()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    except ValueError as exc:  # read_at_most: no regular file
        raise ConfigError(f"{path}: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    config = _build(Config, data, path, text, prefix="")
    _check(config, path, text)
    _resolve_paths(config, path.parent)
    _check_glossary_file(config, path, text)
    config.path = path
    return config


def _resolve_paths(config: Config, folder: Path) -> None:
    """Relative paths of the file, taken from the file's folder (absolute ones as they are)."""
    for section, key in (("output", "dir"), ("cache", "dir"), ("glossary", "file")):
        table = getattr(config, section)
        value = getattr(table, key)
        if value and not Path(value).expanduser().is_absolute():
            setattr(table, key, str(folder / value))


def _check_glossary_file(config: Config, path: Path, text: str) -> None:
    """A glossary file must be a regular file of a sane size (not /dev/zero, not a folder)."""
    name = config.glossary.file
    if not name:
        return
    try:
        info = os.stat(Path(name).expanduser())
    except OSError as exc:
        raise _fail(path, text, "glossary.file", f"cannot read {name}: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise _fail(path, text, "glossary.file", f"{name} is not a regular file")
    if info.st_size > GLOSSARY_MAX_BYTES:
        raise _fail(
            path, text, "glossary.file", f"{name} is larger than {GLOSSARY_MAX_BYTES:,} bytes"
        )


FORMATS = ("md", "html", "json")
SOURCE_TYPES = ("feed", "page")
# A glossary is a short list of names; anything bigger is a mistake (or /dev/zero).
GLOSSARY_MAX_BYTES = 10_000_000
DAY = 86400.0

# The range each number may take, inclusive, by key ("sources" for every source). A number
# not listed must be finite and not negative.
RANGES: dict[str, tuple[float, float]] = {
    "fetch.timeout": (0.1, 600.0),
    "fetch.max_bytes": (1000, 2_000_000_000),
    "fetch.max_redirects": (0, 30),
    "fetch.retries": (0, 10),
    "fetch.robots_max_bytes": (1000, 50_000_000),
    "translate.timeout": (0.1, 600.0),
    "translate.retries": (0, 10),
    "translate.concurrency": (1, 64),
    "translate.requests_per_second": (0.01, 1000.0),
    "translate.error_budget": (1, 1_000_000),
    "translate.max_answer_bytes": (10_000, 500_000_000),
    "translate.max_segments": (1, 1_000_000),
    "translate.max_characters": (100, 100_000_000),
    "translate.article_seconds": (1.0, DAY),
    "run.concurrency": (1, 64),
    "run.per_host_concurrency": (1, 64),
    "run.per_host_delay": (0.0, 600.0),
    "run.max_articles": (0, 100_000),
    "run.retry_backoff": (0.0, DAY),
    "run.max_attempts": (1, 1000),
    "run.recheck_interval": (0.0, 30 * DAY),
    "sources.max_articles": (0, 100_000),
    "extract.siblings": (0, 10),
}


def source_slug(name: str) -> str:
    """A file-name-safe form of a source's name, as its feed-<slug>.atom uses it."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "source"


def _check(config: Config, path: Path, text: str) -> None:
    """What types alone cannot say: known formats, sources with a unique name and a URL."""
    for i, fmt in enumerate(config.output.formats):
        if fmt not in FORMATS:
            raise _fail(
                path,
                text,
                f"output.formats[{i}]",
                f"unknown format {fmt!r} (use any of {', '.join(FORMATS)})",
            )
    from translator.fetch.proxies import check_proxy_url

    try:
        check_proxy_url(config.fetch.proxy, "fetch.proxy")
        for i, source in enumerate(config.sources):
            check_proxy_url(source.proxy, f"sources[{i}].proxy")
    except ConfigError as exc:
        dotted, problem = str(exc).split(": ", 1)
        raise _fail(path, text, dotted, problem) from None
    _check_engines(config, path, text)
    _check_publish(config, path, text)
    if config.output.site_url and not _is_http_url(config.output.site_url):
        raise _fail(path, text, "output.site_url", _url_problem(config.output.site_url))
    engine_urls = [("translate.engine_url", config.translate.engine_url)]
    engine_urls += [(f"engines.{name}.url", e.url) for name, e in config.engines.items()]
    for dotted, url in engine_urls:
        if url and not _is_http_url(url):
            raise _fail(path, text, dotted, _url_problem(url))
    headers = [("fetch.user_agent", config.fetch.user_agent)]
    for name, e in config.engines.items():
        headers += [(f"engines.{name}.api_key", e.api_key), (f"engines.{name}.region", e.region)]
    for dotted, value in headers:
        if value and not is_header_text(value):
            raise _fail(path, text, dotted, "must be printable ASCII on one line (an HTTP header)")
    slugs: dict[str, str] = {}
    for i, source in enumerate(config.sources):
        _check_source(source, f"sources[{i}]", path, text)
        slug = source_slug(source.name)
        if source.name in slugs.values():
            raise _fail(path, text, f"sources[{i}].name", f"{source.name!r} is used twice")
        if slug in slugs:
            raise _fail(
                path,
                text,
                f"sources[{i}].name",
                f"{source.name!r} and {slugs[slug]!r} would both write feed-{slug}.atom; "
                "rename one",
            )
        slugs[slug] = source.name


def _check_source(source: SourceConfig, dotted: str, path: Path, text: str) -> None:
    for key in ("name", "url"):
        if not getattr(source, key).strip():
            raise _fail(path, text, dotted, f"every source needs a {key}")
    if not _is_http_url(source.url):
        raise _fail(path, text, f"{dotted}.url", _url_problem(source.url))
    if source.type not in SOURCE_TYPES:
        raise _fail(
            path,
            text,
            f"{dotted}.type",
            f"must be {' or '.join(repr(t) for t in SOURCE_TYPES)}, not {source.type!r}",
        )


def _is_http_url(url: str) -> bool:
    """`url` is http(s) with a host urllib can read ("http://[::1" has none)."""
    scheme, _, rest = url.partition("://")
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return False
    return scheme.lower() in ("http", "https") and bool(rest.strip("/")) and bool(host)


# What an HTTP header's value may hold: printable ASCII, spaces and tabs, no line breaks.
_HEADER_TEXT = re.compile(r"[\x20-\x7e\t]+")


def is_header_text(value: str) -> bool:
    """`value` can be sent as an HTTP header's value (a user agent, an API key, a region):
    printable ASCII on one line, not opening or closing with a space."""
    return bool(_HEADER_TEXT.fullmatch(value)) and value == value.strip()


def _url_problem(url: str) -> str:
    """Why `url` is not an http(s) URL, with the likely fix."""
    if "://" not in url and "." in url.split("/")[0]:
        return f"{url!r} has no scheme; did you mean 'https://{url}'?"
    return f"{url!r} is not an http(s) URL"


def _check_engines(config: Config, path: Path, text: str) -> None:
    """Engine names from the one registry; a language model's spelling is one it knows."""
    from translator.translate.engines.registry import ENGINES

    known = ", ".join(ENGINES)
    named = [("translate.engine", config.translate.engine)]
    named += [(f"translate.fallback[{i}]", n) for i, n in enumerate(config.translate.fallback)]
    named += [(f"engines.{n}", n) for n in config.engines]
    for dotted, name in named:
        if name not in ENGINES:
            raise _fail(path, text, dotted, f"unknown engine {name!r} (known: {known})")
    for name, settings in config.engines.items():
        if settings.spelling not in ("british", "american"):
            raise _fail(path, text, f"engines.{name}.spelling", 'use "british" or "american"')


def _check_publish(config: Config, path: Path, text: str) -> None:
    """hold_on names known flags or severities; the share is a share; source_lang a code."""
    for i, flag in enumerate(config.publish.hold_on):
        if flag not in SEVERITY and flag not in SEVERITIES:
            known = ", ".join([*SEVERITY, *SEVERITIES])
            raise _fail(path, text, f"publish.hold_on[{i}]", f"unknown flag {flag!r} (use {known})")
    if config.publish.numbers_mismatch_share > 1:
        raise _fail(path, text, "publish.numbers_mismatch_share", "must be a share, 0 to 1")
    if not re.fullmatch(r"auto|[a-z]{2,3}", config.translate.source_lang):
        raise _fail(
            path, text, "translate.source_lang", 'use "auto" or a language code such as "ru"'
        )


def _line_of(text: str, dotted: str) -> int | None:
    """The line that sets `dotted` (e.g. "sources[0].url"), for error messages."""
    parts = re.findall(r"\[\d+\]|[^.\[\]]+", dotted)
    while parts:
        line = _find_key(text, parts)
        if line is not None:
            return line
        parts = parts[:-1]  # not set by that name: point at the table that holds it
    return None


def _find_key(text: str, parts: list[str]) -> int | None:
    *table, key = parts
    current: list[str] = []
    arrays: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        header = re.match(r"^(\[\[?)\s*([^\]]+?)\s*\]", line)
        if header:
            names = [n.strip().strip('"') for n in header.group(2).split(".")]
            if header.group(1) == "[[":
                arrays[header.group(2)] = arrays.get(header.group(2), -1) + 1
                names.append(f"[{arrays[header.group(2)]}]")
            current = names
            if current == parts:
                return number
            continue
        assignment = re.match(r'^(?:"([^"]+)"|([^\s=]+))\s*=', line)
        if assignment and current == table and key in assignment.groups():
            return number
    return None


def _fail(path: Path, text: str, dotted: str, problem: str) -> ConfigError:
    line = _line_of(text, dotted)
    where = f"{path}, line {line}" if line else str(path)
    return ConfigError(f"{where}: {dotted}: {problem}")


def _build(cls: type, data: Any, path: Path, text: str, prefix: str) -> Any:
    if not isinstance(data, dict):
        raise _fail(path, text, prefix.rstrip("."), "expected a table")
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls) if f.name != "path"}
    values: dict[str, Any] = {}
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if key not in known:
            raise _fail(path, text, dotted, f"unknown key (known: {', '.join(sorted(known))})")
        values[key] = _convert(hints[key], value, path, text, dotted)
    return cls(**values)


def _convert(hint: Any, value: Any, path: Path, text: str, dotted: str) -> Any:
    origin = typing.get_origin(hint)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _build(hint, value, path, text, dotted + ".")
    if origin is list:
        (item,) = typing.get_args(hint)
        if not isinstance(value, list):
            raise _fail(path, text, dotted, f"expected a list, got {_kind(value)}")
        return [_convert(item, v, path, text, f"{dotted}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        _, item = typing.get_args(hint)
        if not isinstance(value, dict):
            raise _fail(path, text, dotted, f"expected a table, got {_kind(value)}")
        return {k: _convert(item, v, path, text, f"{dotted}.{k}") for k, v in value.items()}
    if origin in (typing.Union, types.UnionType):
        hint = next(a for a in typing.get_args(hint) if a is not type(None))
    return _scalar(hint, value, path, text, dotted)


def _scalar(hint: Any, value: Any, path: Path, text: str, dotted: str) -> Any:
    """A str, int, float or bool of the right type; numbers checked against their range."""
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if hint in (str, int, float, bool) and (
        not isinstance(value, hint) or (hint is int and isinstance(value, bool))
    ):
        raise _fail(path, text, dotted, f"expected {hint.__name__}, got {_kind(value)}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        _check_number(value, path, text, dotted)
    return value


def _check_number(value: float, path: Path, text: str, dotted: str) -> None:
    """Finite, and inside the key's range (RANGES), else not negative."""
    if not math.isfinite(value):
        raise _fail(path, text, dotted, f"must be a finite number, not {value}")
    low, high = RANGES.get(re.sub(r"\[\d+\]", "", dotted), (0, math.inf))
    if low <= value <= high:
        return
    if high == math.inf:
        raise _fail(path, text, dotted, f"must not be negative (got {value})")
    raise _fail(path, text, dotted, f"must be from {low:g} to {high:g} (got {value:g})")


def _kind(value: Any) -> str:
    return {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a table",
    }.get(type(value), type(value).__name__)
