"""The one list of engines: what `translator engines` prints, what config.toml may name, what
the README documents, and how each is built from config.toml and the environment.

`get_engine(name, config, url)` is the only way the rest of the program gets an engine; each
engine family lives in its own module, imported only when that engine is built.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from translator.config import is_header_text
from translator.errors import EngineError, MissingAPIKey, UnknownEngine

if TYPE_CHECKING:
    from translator.config import Config, EngineSettings
    from translator.translate.engines.base import Engine


@dataclass(frozen=True)
class EngineSpec:
    """One engine: its name, what it needs, one line on what it is, its key's variable."""

    name: str
    needs: str
    description: str
    key_env: str = ""
    key_required: bool = False


SPECS = [
    EngineSpec("google", "nothing", "Google Translate's free web endpoint (deep-translator)"),
    EngineSpec("deepl", "API key", "DeepL API, free or pro key", "DEEPL_API_KEY", True),
    EngineSpec(
        "microsoft",
        "API key (+ region)",
        "Microsoft Translator v3 (Azure AI Translator)",
        "MICROSOFT_API_KEY",
        True,
    ),
    EngineSpec(
        "yandex",
        "API key",
        "Yandex Translate API v2 (Yandex Cloud service-account key)",
        "YANDEX_API_KEY",
        True,
    ),
    EngineSpec(
        "libre", "server URL (+ key)", "a LibreTranslate server, e.g. self-hosted", "LIBRE_API_KEY"
    ),
    EngineSpec("mymemory", "nothing", "MyMemory's free API, 500 characters a request"),
    EngineSpec(
        "google-cloud",
        "API key",
        "Google Cloud Translation v2 (official, paid)",
        "GOOGLE_API_KEY",
        True,
    ),
    EngineSpec("offline", "a model folder", "CTranslate2 model on this machine, no network"),
    EngineSpec(
        "openai",
        "model (+ key, URL)",
        "any OpenAI-compatible Chat Completions server: OpenAI, Azure, OpenRouter, Ollama, "
        "vLLM, llama.cpp, LM Studio",
        "OPENAI_API_KEY",
    ),
    EngineSpec(
        "anthropic", "model + API key", "Anthropic's Messages API", "ANTHROPIC_API_KEY", True
    ),
]
ENGINES: dict[str, EngineSpec] = {spec.name: spec for spec in SPECS}


def engine_table() -> list[tuple[str, str, str]]:
    """(name, what it needs, description) for `translator engines`."""
    return [(spec.name, spec.needs, spec.description) for spec in SPECS]


def check_engine_name(name: str, where: str = "") -> None:
    """Raise UnknownEngine, naming the known ones, unless `name` is an engine."""
    if name not in ENGINES:
        prefix = f"{where}: " if where else ""
        raise UnknownEngine(f"{prefix}unknown engine {name!r} (known: {', '.join(ENGINES)})")


def api_key(name: str, settings: EngineSettings) -> str:
    """The engine's key from config.toml, else its environment variable; MissingAPIKey when
    the engine cannot work without one."""
    spec = ENGINES[name]
    key = settings.api_key or (os.environ.get(spec.key_env, "") if spec.key_env else "")
    if key and not is_header_text(key):
        # an environment variable holding another alphabet, a line break or bytes that are
        # not UTF-8 (config.toml's key is checked when the file is read)
        raise MissingAPIKey(
            f"engine {name!r}: the API key in {spec.key_env or 'config.toml'} must be "
            "printable ASCII on one line"
        )
    if spec.key_required and not key:
        raise MissingAPIKey(
            f"engine {name!r} needs an API key: set [engines.{name}] api_key in config.toml "
            f"or the {spec.key_env} environment variable"
        )
    return key


def get_engine(name: str, config: Config, engine_url: str | None = None) -> Engine:
    """The engine called `name`, set up from config.toml and the environment, with this run's
    rate limit, concurrency, retries, error budget and `[translate] fallback` engines."""
    for other in config.translate.fallback:
        check_engine_name(other, "[translate] fallback")
    engine = _build_engine(name, config, engine_url)
    engine.fallbacks = [
        (other, _fallback_factory(other, config))
        for other in config.translate.fallback
        if other != name
    ]
    return engine


def _fallback_factory(name: str, config: Config) -> Callable[[], Engine]:
    def build() -> Engine:
        return _build_engine(name, config, None)

    return build


def _build_engine(name: str, config: Config, engine_url: str | None) -> Engine:
    check_engine_name(name)
    settings = config.engine_settings(name)
    url = engine_url or settings.url or None
    common: dict[str, Any] = {
        "source": config.translate.source_lang,
        "target": config.translate.target_lang,
        "timeout": config.translate.timeout,
    }
    from translator.translate.resilience import Controls

    engine = _BUILDERS[name](config, settings, url, common)
    engine.controls = Controls.from_config(config.translate)
    return engine


def _http(config: Config, common: dict[str, Any]) -> dict[str, Any]:
    return {**common, "max_answer_bytes": config.translate.max_answer_bytes}


def _google(config: Config, settings: EngineSettings, url: str | None, common: dict) -> Engine:
    from translator.translate.engines.google import GoogleEngine

    return GoogleEngine(base_url=url, **common)


def _libre(config: Config, settings: EngineSettings, url: str | None, common: dict) -> Engine:
    from translator.translate.engines.libre import LibreEngine

    if not url:
        raise EngineError(
            "engine 'libre' needs a server URL: pass --engine-url or set "
            "[engines.libre] url in config.toml"
        )
    # Self-hosted servers often need no key, but the client refuses to start without one.
    return LibreEngine(url, api_key("libre", settings) or "none", **common)


def _mymemory(config: Config, settings: EngineSettings, url: str | None, common: dict) -> Engine:
    from translator.translate.engines.mymemory import MyMemoryEngine

    return MyMemoryEngine(url, **common)


def _deepl(config: Config, settings: EngineSettings, url: str | None, common: dict) -> Engine:
    from translator.translate.engines.deepl import DeeplEngine

    return DeeplEngine(api_key("deepl", settings), url, **_http(config, common))


def _google_cloud(
    config: Config, settings: EngineSettings, url: str | None, common: dict
) -> Engine:
    from translator.translate.engines.google_cloud import GoogleCloudEngine

    return GoogleCloudEngine(api_key("google-cloud", settings), url, **_http(config, common))


def _microsoft(config: Config, settings: EngineSettings, url: str | None, common: dict) -> Engine:
    from translator.translate.engines.microsoft import MicrosoftEngine

    key = api_key("microsoft", settings)
    return MicrosoftEngine(key, settings.region, url, **_http(config, common))


def _yandex(config: Config, settings: EngineSettings, url: str | None, common: dict) -> Engine:
    from translator.translate.engines.yandex import YandexEngine

    return YandexEngine(api_key("yandex", settings), url, **_http(config, common))


def _offline(config: Config, settings: EngineSettings, url: str | None, common: dict) -> Engine:
    from translator.translate.engines.offline import OfflineEngine

    return OfflineEngine.from_config(config, url, **common)


def _openai(config: Config, settings: EngineSettings, url: str | None, common: dict) -> Engine:
    from translator.translate.engines.openai import OpenAIEngine

    return OpenAIEngine.from_settings(
        settings, url, api_key("openai", settings), config, **_http(config, common)
    )


def _anthropic(config: Config, settings: EngineSettings, url: str | None, common: dict) -> Engine:
    from translator.translate.engines.anthropic import AnthropicEngine

    return AnthropicEngine.from_settings(
        settings, url, api_key("anthropic", settings), config, **_http(config, common)
    )


_BUILDERS: dict[str, Callable[[Config, EngineSettings, str | None, dict], Engine]] = {
    "google": _google,
    "deepl": _deepl,
    "microsoft": _microsoft,
    "yandex": _yandex,
    "libre": _libre,
    "mymemory": _mymemory,
    "google-cloud": _google_cloud,
    "offline": _offline,
    "openai": _openai,
    "anthropic": _anthropic,
}
