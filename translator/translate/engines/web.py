"""Translation engines behind one interface: `Engine.send(items) -> translations`, one request.

Each engine states its real per-request limit (`fits`) and how many items one request may
carry (`max_items`). Engines that take a single string (Google's free page, LibreTranslate
and MyMemory through deep-translator) carry several segments joined by numbered boundary
markers and cut the answer back at them (`packing`), so an article goes out in as few
requests as the limit allows and a misaligned answer is refused, never guessed at.
deep-translator clients set no timeout, so every call runs under a deadline
(`call_with_deadline`); DeepL, Google Cloud, Microsoft and Yandex are spoken over httpx to
batch natively and to see Retry-After.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlencode, urlsplit

import httpx

from translator.config import Config, EngineSettings
from translator.errors import (
    BadTranslation,
    EngineError,
    EngineUnavailable,
    MissingAPIKey,
    UnknownEngine,
)
from translator.timestamps import retry_after_seconds
from translator.translate.packing import join_segments, packable, split_segments
from translator.translate.resilience import Controls

T = TypeVar("T")
log = logging.getLogger(__name__)

GOOGLE_MOBILE_URL = "https://translate.google.com/m"
# Google's front end answers 400 once the request URL passes ~16 KB: deep-translator issue #224
# reports 1,800 CJK characters (16,200 encoded bytes) working and 1,900 (17,100) failing.
GOOGLE_MAX_URL_BYTES = 16_000
# deep-translator's own check is `len(text) < 5000`.
GOOGLE_MAX_CHARS = 4_999


def call_with_deadline(fn: Callable[[], T], timeout: float, what: str) -> T:
    """Run `fn` in a daemon thread; raise EngineUnavailable if it has not returned in `timeout`."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 -- handed to the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=run, daemon=True, name=f"engine-{what}")
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise EngineUnavailable(f"{what}: no answer within {timeout:g} s")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


class Engine:
    """One translation service. Subclasses implement `_send` for one request."""

    name = "engine"
    max_items = 1
    max_chars = 5_000

    def __init__(self, source: str = "ru", target: str = "en", timeout: float = 30.0):
        self.source = source
        self.target = target
        self.timeout = timeout
        self.controls = Controls()
        self.fallbacks: list[tuple[str, Callable[[], Engine]]] = []
        self._fallback_engines: list[Engine] | None = None
        self._fallback_lock = threading.Lock()

    def fallback_engines(self) -> list[Engine]:
        """The configured fallback engines, built on first use; ones that cannot start are skipped."""
        with self._fallback_lock:
            if self._fallback_engines is None:
                self._fallback_engines = []
                for _, factory in self.fallbacks:
                    try:
                        self._fallback_engines.append(factory())
                    except EngineError:
                        continue
            return self._fallback_engines

    def fits(self, items: list[str]) -> bool:
        """Whether one request may carry exactly these items."""
        return len(items) <= self.max_items and sum(len(t) for t in items) <= self.max_chars

    def request_chars(self, items: list[str]) -> int:
        """Characters one request for these items carries (what a per-character bill counts)."""
        return sum(len(t) for t in items)

    def send(self, items: list[str]) -> list[str]:
        """Translate `items` in one request; the answer has exactly one string per item."""
        out = self._send(items)
        if not isinstance(out, list) or len(out) != len(items):
            got = len(out) if isinstance(out, list) else type(out).__name__
            raise BadTranslation(f"{self.name}: sent {len(items)} segments, got {got} back")
        for src, tgt in zip(items, out):
            if not isinstance(tgt, str) or (src.strip() and not tgt.strip()):
                raise BadTranslation(f"{self.name}: empty translation for {src[:40]!r}")
        return out

    def _send(self, items: list[str]) -> list[str]:
        raise NotImplementedError


# deep-translator ----------------------------------------------------------------------------


def _map_deep_translator_error(name: str, exc: BaseException) -> EngineError:
    """Turn a deep-translator/requests exception into our error tree."""
    import requests
    from deep_translator import exceptions as dt

    if isinstance(exc, EngineError):
        return exc
    if isinstance(exc, dt.TooManyRequests):
        return EngineUnavailable(f"{name}: too many requests (429)")
    if isinstance(exc, dt.ApiKeyException):
        return MissingAPIKey(f"{name}: the API key is missing")
    if isinstance(exc, dt.AuthorizationException):
        return EngineError(f"{name}: the API key was refused")
    if isinstance(exc, dt.ServerException):
        message = exc.args[0] if exc.args else "server error"
        if message in ("ERR_KEY_INVALID", "ERR_KEY_BLOCKED"):
            return EngineError(f"{name}: the API key was refused ({message})")
        return EngineUnavailable(f"{name}: {message}")
    if isinstance(exc, dt.TranslationNotFound):
        # Google's page sometimes comes back without the result element; it passes on retry.
        return EngineUnavailable(f"{name}: no translation in the answer")
    if isinstance(exc, dt.RequestError):
        return EngineUnavailable(f"{name}: the request failed (HTTP error)")
    if isinstance(exc, (dt.NotValidLength, dt.NotValidPayload)):
        return BadTranslation(f"{name}: segment refused by the client: {exc.message}")
    if isinstance(exc, requests.RequestException):
        return EngineUnavailable(f"{name}: {type(exc).__name__}: {exc}")
    if isinstance(exc, (ValueError, KeyError, TypeError, IndexError)):
        return BadTranslation(f"{name}: malformed answer ({type(exc).__name__})")
    return EngineUnavailable(f"{name}: {type(exc).__name__}: {exc}")


class DeepTranslatorEngine(Engine):
    """A deep-translator client taking one string: segments packed with boundary markers,
    each call under a deadline."""

    max_items = 100  # segments in one string; a bound on the marker numbers, rarely reached

    def __init__(self, factory: Callable[[], object], **kwargs: object):
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._factory = factory
        self._packed = {"split": 0, "misaligned": 0}
        self._packed_lock = threading.Lock()

    def client(self) -> object:
        # Clients keep per-call state in `_url_params`, so each call gets its own.
        return self._factory()

    def _note_packed(self, aligned: bool) -> None:
        """Count packed answers; once they misalign more often than not (3 at least), this
        engine sends one segment a request for the rest of the run: the halving would only
        double the requests."""
        with self._packed_lock:
            self._packed["split" if aligned else "misaligned"] += 1
            bad, good = self._packed["misaligned"], self._packed["split"]
            if bad >= 3 and bad > good and self.max_items > 1:
                self.max_items = 1
                log.warning(
                    "%s: %d of %d packed answers did not split back into their "
                    "segments; sending one segment a request from now on",
                    self.name,
                    bad,
                    bad + good,
                )

    def fits(self, items: list[str]) -> bool:
        if not items or len(items) > self.max_items:
            return False
        if len(items) > 1 and not all(packable(t) for t in items):
            return False
        return self.text_fits(join_segments(items))

    def text_fits(self, text: str) -> bool:
        """Whether the one string sent is within the engine's limit."""
        return len(text) <= self.max_chars

    def request_chars(self, items: list[str]) -> int:
        return len(join_segments(items))

    def _send(self, items: list[str]) -> list[str]:
        text = join_segments(items)

        def call() -> object:
            return self.client().translate(text)  # type: ignore[attr-defined]

        try:
            out = call_with_deadline(call, self.timeout, self.name)
        except BaseException as exc:
            raise _map_deep_translator_error(self.name, exc) from exc
        if not isinstance(out, str):
            raise BadTranslation(f"{self.name}: no text in the answer")
        if len(items) == 1:
            return split_segments(out, items, self.name)
        try:
            pieces = split_segments(out, items, self.name)
        except BadTranslation:
            self._note_packed(False)
            raise
        self._note_packed(True)
        return pieces


class GoogleEngine(DeepTranslatorEngine):
    """Google Translate's free mobile page through deep-translator's GoogleTranslator."""

    name = "google"
    max_chars = GOOGLE_MAX_CHARS

    def __init__(self, base_url: str | None = None, **kwargs: object):
        base = base_url or GOOGLE_MOBILE_URL
        if urlsplit(base).path in ("", "/"):
            base = base.rstrip("/") + "/m"  # a bare host means its mobile page
        self.base_url = base
        super().__init__(self._make, **kwargs)

    def _make(self) -> object:
        from deep_translator import GoogleTranslator

        client = GoogleTranslator(source=self.source, target=self.target)
        client._base_url = self.base_url
        return client

    def text_fits(self, text: str) -> bool:
        if len(text) > self.max_chars:
            return False
        # The URL as requests builds it: tl, sl then q, form-encoded.
        query = urlencode({"tl": self.target, "sl": self.source, "q": text.strip()})
        return len(self.base_url) + 1 + len(query) <= GOOGLE_MAX_URL_BYTES


class LibreEngine(DeepTranslatorEngine):
    """A LibreTranslate server through deep-translator's LibreTranslator (text in the URL)."""

    name = "libre"
    max_chars = 2_000  # the public instances' character limit; self-hosted ones allow more

    def __init__(self, url: str, api_key: str, **kwargs: object):
        self.url = url.rstrip("/") + "/"
        self.api_key = api_key
        super().__init__(self._make, **kwargs)

    def _make(self) -> object:
        from deep_translator import LibreTranslator

        return LibreTranslator(
            source=self.source, target=self.target, api_key=self.api_key, custom_url=self.url
        )

    def text_fits(self, text: str) -> bool:
        if len(text) > self.max_chars:
            return False
        query = urlencode(
            {
                "q": text,
                "source": self.source,
                "target": self.target,
                "format": "text",
                "api_key": self.api_key,
            }
        )
        return len(self.url) + 10 + len(query) <= GOOGLE_MAX_URL_BYTES


# httpx engines ------------------------------------------------------------------------------


def _service_message(response: httpx.Response) -> str:
    """': <the service's own words>' from a JSON error body (DeepL {"message"}, Google Cloud
    and Microsoft {"error": {"message"}}), else nothing; one line, at most 120 characters."""
    try:
        data = response.json()
    except ValueError:
        return ""
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        data = data["error"]
    message = data.get("message") if isinstance(data, dict) else None
    if not isinstance(message, str) or not message.strip():
        return ""
    return ": " + " ".join(message.split())[:120]


class HttpEngine(Engine):
    """An engine spoken over httpx: real timeouts, Retry-After, connection reuse."""

    def __init__(self, **kwargs: object):
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._http = httpx.Client(timeout=self.timeout)  # HTTP(S)_PROXY apply, as for fetch

    def _post(self, url: str, **kwargs: object) -> object:
        try:
            response = self._http.post(url, **kwargs)  # type: ignore[arg-type]
        except httpx.TimeoutException as exc:
            raise EngineUnavailable(f"{self.name}: no answer within {self.timeout:g} s") from exc
        except httpx.HTTPError as exc:
            raise EngineUnavailable(f"{self.name}: {type(exc).__name__}: {exc}") from exc
        if response.status_code == 429 or response.status_code >= 500:
            wait = retry_after_seconds(response.headers.get("retry-after"))
            raise EngineUnavailable(f"{self.name}: HTTP {response.status_code}", retry_after=wait)
        status = f"HTTP {response.status_code}{_service_message(response)}"
        if response.status_code in (401, 403):
            raise EngineError(f"{self.name}: the API key was refused ({status})")
        if response.status_code == 456:
            raise EngineError(f"{self.name}: the account's character quota is used up")
        if response.status_code >= 400:
            raise BadTranslation(f"{self.name}: request refused ({status})")
        try:
            return response.json()
        except ValueError as exc:
            raise BadTranslation(f"{self.name}: the answer is not JSON") from exc


class DeeplEngine(HttpEngine):
    """DeepL API v2 with the key in the Authorization header; up to 50 texts per request."""

    name = "deepl"
    max_items = 50
    max_chars = 100_000  # the body may not exceed 128 KiB; Cyrillic is 2 bytes a character

    def __init__(self, api_key: str, url: str | None = None, **kwargs: object):
        super().__init__(**kwargs)
        self.api_key = api_key
        free = api_key.endswith(":fx")
        self.url = url or ("https://api-free.deepl.com" if free else "https://api.deepl.com")
        self.url = self.url.rstrip("/") + "/v2/translate"

    def fits(self, items: list[str]) -> bool:
        return len(items) <= self.max_items and sum(len(t) for t in items) * 2 <= 120_000

    def _send(self, items: list[str]) -> list[str]:
        data = self._post(
            self.url,
            headers={"Authorization": f"DeepL-Auth-Key {self.api_key}"},
            data={
                "text": items,
                "source_lang": self.source.upper(),
                "target_lang": self.target.upper(),
            },
        )
        try:
            return [t["text"] for t in data["translations"]]  # type: ignore[index]
        except (KeyError, TypeError) as exc:
            raise BadTranslation(f"{self.name}: malformed answer") from exc


class GoogleCloudEngine(HttpEngine):
    """Google Cloud Translation v2 REST (keyed): up to 128 texts per request."""

    name = "google-cloud"
    max_items = 128
    max_chars = 30_000

    def __init__(self, api_key: str, url: str | None = None, **kwargs: object):
        super().__init__(**kwargs)
        self.api_key = api_key
        base = url or "https://translation.googleapis.com"
        self.url = base.rstrip("/") + "/language/translate/v2"

    def _send(self, items: list[str]) -> list[str]:
        data = self._post(
            self.url,
            params={"key": self.api_key},
            json={"q": items, "source": self.source, "target": self.target, "format": "text"},
        )
        try:
            return [t["translatedText"] for t in data["data"]["translations"]]  # type: ignore[index]
        except (KeyError, TypeError) as exc:
            raise BadTranslation(f"{self.name}: malformed answer") from exc


class MicrosoftEngine(HttpEngine):
    """Microsoft Translator v3 (`POST /translate?api-version=3.0`): up to 100 texts and
    50,000 characters a request, the key (and region) in headers. Spoken over httpx because
    deep-translator's client asks Microsoft's servers for the language list on construction,
    whatever endpoint it is then pointed at."""

    name = "microsoft"
    max_items = 100
    max_chars = 50_000

    def __init__(self, api_key: str, region: str = "", url: str | None = None, **kwargs: object):
        super().__init__(**kwargs)
        self.api_key = api_key
        self.region = region
        base = url or "https://api.cognitive.microsofttranslator.com"
        self.url = base.rstrip("/") + "/translate"

    def _send(self, items: list[str]) -> list[str]:
        headers = {"Ocp-Apim-Subscription-Key": self.api_key}
        if self.region:
            headers["Ocp-Apim-Subscription-Region"] = self.region
        data = self._post(
            self.url,
            headers=headers,
            params={"api-version": "3.0", "from": self.source, "to": self.target},
            json=[{"Text": text} for text in items],
        )
        try:
            return [entry["translations"][0]["text"] for entry in data]  # type: ignore[union-attr]
        except (KeyError, TypeError, IndexError) as exc:
            raise BadTranslation(f"{self.name}: malformed answer") from exc


class YandexEngine(HttpEngine):
    """Yandex Translate API v2 (Yandex Cloud), `POST /translate/v2/translate` with a service
    account's API key (`Authorization: Api-Key`; such a key implies its folder, so no
    folderId is sent): up to 10,000 characters a request. deep-translator's client speaks the
    retired v1.5 API of translate.yandex.net instead."""

    name = "yandex"
    max_items = 100
    max_chars = 10_000

    def __init__(self, api_key: str, url: str | None = None, **kwargs: object):
        super().__init__(**kwargs)
        self.api_key = api_key
        base = url or "https://translate.api.cloud.yandex.net"
        self.url = base.rstrip("/") + "/translate/v2/translate"

    def _send(self, items: list[str]) -> list[str]:
        data = self._post(
            self.url,
            headers={"Authorization": f"Api-Key {self.api_key}"},
            json={
                "sourceLanguageCode": self.source,
                "targetLanguageCode": self.target,
                "format": "PLAIN_TEXT",
                "texts": items,
            },
        )
        try:
            return [t["text"] for t in data["translations"]]  # type: ignore[index]
        except (KeyError, TypeError) as exc:
            raise BadTranslation(f"{self.name}: malformed answer") from exc


# the registry -------------------------------------------------------------------------------

# name -> (what it needs, description, environment variable of its key)
ENGINES: dict[str, tuple[str, str, str]] = {
    "google": ("nothing", "Google Translate's free web endpoint (deep-translator)", ""),
    "deepl": ("API key", "DeepL API, free or pro key", "DEEPL_API_KEY"),
    "microsoft": (
        "API key (+ region)",
        "Microsoft Translator v3 (Azure AI Translator)",
        "MICROSOFT_API_KEY",
    ),
    "yandex": (
        "API key",
        "Yandex Translate API v2 (Yandex Cloud service-account key)",
        "YANDEX_API_KEY",
    ),
    "libre": ("server URL (+ key)", "a LibreTranslate server, e.g. self-hosted", "LIBRE_API_KEY"),
    "mymemory": ("nothing", "MyMemory's free API, 500 characters a request", ""),
    "google-cloud": ("API key", "Google Cloud Translation v2 (official, paid)", "GOOGLE_API_KEY"),
    "offline": ("a model folder", "CTranslate2 model on this machine, no network", ""),
}


def engine_table() -> list[tuple[str, str, str]]:
    """(name, what it needs, description) for `translator engines`."""
    return [(name, needs, text) for name, (needs, text, _) in ENGINES.items()]


def _key(name: str, settings: EngineSettings, required: bool) -> str:
    env = ENGINES[name][2]
    key = settings.api_key or (os.environ.get(env, "") if env else "")
    if required and not key:
        raise MissingAPIKey(
            f"engine {name!r} needs an API key: set [engines.{name}] api_key in config.toml "
            f"or the {env} environment variable"
        )
    return key


def get_engine(name: str, config: Config, engine_url: str | None = None) -> Engine:
    """The engine called `name`, set up from config.toml and the environment, with this run's
    rate limit, concurrency, retries, error budget and `[translate] fallback` engines."""
    for other in config.translate.fallback:
        if other not in ENGINES:
            raise UnknownEngine(
                f"[translate] fallback: unknown engine {other!r} (known: {', '.join(ENGINES)})"
            )
    engine = _build_engine(name, config, engine_url)
    engine.controls = Controls.from_config(config.translate)
    engine.fallbacks = [
        (other, _fallback_factory(other, config))
        for other in config.translate.fallback
        if other != name
    ]
    return engine


def _fallback_factory(name: str, config: Config) -> Callable[[], Engine]:
    def build() -> Engine:
        engine = _build_engine(name, config, None)
        engine.controls = Controls.from_config(config.translate)
        return engine

    return build


def _build_engine(name: str, config: Config, engine_url: str | None) -> Engine:
    if name not in ENGINES:
        raise UnknownEngine(f"unknown engine {name!r} (known: {', '.join(ENGINES)})")
    settings = config.engine_settings(name)
    url = engine_url or settings.url or None
    common = {
        "source": config.translate.source_lang,
        "target": config.translate.target_lang,
        "timeout": config.translate.timeout,
    }
    if name == "google":
        return GoogleEngine(base_url=url, **common)
    if name == "libre":
        if not url:
            raise EngineError(
                "engine 'libre' needs a server URL: pass --engine-url or set "
                "[engines.libre] url in config.toml"
            )
        # Self-hosted servers often need no key, but the client refuses to start without one.
        return LibreEngine(url, _key(name, settings, False) or "none", **common)
    if name == "deepl":
        return DeeplEngine(_key(name, settings, True), url, **common)
    if name == "google-cloud":
        return GoogleCloudEngine(_key(name, settings, True), url, **common)
    if name == "microsoft":
        return MicrosoftEngine(_key(name, settings, True), settings.region, url, **common)
    if name == "yandex":
        return YandexEngine(_key(name, settings, True), url, **common)
    if name == "offline":
        from translator.translate.engines.offline import OfflineEngine

        return OfflineEngine.from_config(config, url, **common)
    return _mymemory_engine(url, common)


def _mymemory_engine(url: str | None, common: dict) -> Engine:
    source, target = common["source"], common["target"]

    def make() -> object:
        from deep_translator import MyMemoryTranslator

        client = MyMemoryTranslator(source=_mymemory_code(source), target=_mymemory_code(target))
        if url:
            # a bare host means its GET /get endpoint, as on api.mymemory.translated.net
            bare = urlsplit(url).path in ("", "/")
            client._base_url = url.rstrip("/") + "/get" if bare else url
        return client

    engine = DeepTranslatorEngine(make, **common)
    engine.name, engine.max_chars = "mymemory", 499
    return engine


def _mymemory_code(lang: str) -> str:
    return {"ru": "ru-RU", "en": "en-GB"}.get(lang, lang)
