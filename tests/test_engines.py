"""Engine registry, keys, limits and the resilience helpers."""

from __future__ import annotations

import ipaddress
import json
import socket
import threading
import time
from urllib.parse import urlencode

import pytest

from tests.engine_servers import (
    DeeplServer,
    Fault,
    LibreServer,
    MicrosoftServer,
    MyMemoryServer,
    YandexServer,
    fake_translate,
)
from translator.config import Config, EngineSettings
from translator.errors import EngineError, EngineUnavailable, MissingAPIKey, UnknownEngine
from translator.retry import RetryPolicy
from translator.translate.engines import ENGINES, engine_table, get_engine
from translator.translate.engines.base import call_with_deadline
from translator.translate.engines.google import GOOGLE_MAX_URL_BYTES
from translator.translate.engines.microsoft import MicrosoftEngine
from translator.translate.resilience import Controls, RateLimiter, call


def test_engine_table_lists_every_engine() -> None:
    names = [row[0] for row in engine_table()]
    assert names == list(ENGINES)
    assert {
        "google",
        "deepl",
        "microsoft",
        "yandex",
        "libre",
        "mymemory",
        "google-cloud",
        "offline",
    } <= set(names)
    assert all(len(row) == 3 and row[1] and row[2] for row in engine_table())


def test_unknown_engine_lists_the_known_ones() -> None:
    with pytest.raises(UnknownEngine) as info:
        get_engine("babelfish", Config())
    assert "babelfish" in str(info.value) and "google" in str(info.value)
    config = Config()
    config.translate.fallback = ["nope"]
    with pytest.raises(UnknownEngine, match="fallback"):
        get_engine("google", config)


@pytest.fixture
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Refuse (and record) every name lookup or connection that would leave loopback."""
    refused: list[str] = []
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.socket.connect

    def is_loopback(host: object) -> bool:
        try:
            return ipaddress.ip_address(str(host)).is_loopback
        except ValueError:
            return host == "localhost"

    def getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not is_loopback(host):
            refused.append(str(host))
            raise socket.gaierror(f"test: no lookups beyond loopback ({host})")
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(self, address):  # type: ignore[no-untyped-def]
        if isinstance(address, tuple) and not is_loopback(address[0]):
            refused.append(str(address[0]))
            raise ConnectionRefusedError(f"test: no connections beyond loopback ({address})")
        return real_connect(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    return refused


@pytest.mark.parametrize(
    "name, env",
    [
        ("deepl", "DEEPL_API_KEY"),
        ("microsoft", "MICROSOFT_API_KEY"),
        ("yandex", "YANDEX_API_KEY"),
        ("google-cloud", "GOOGLE_API_KEY"),
    ],
)
def test_missing_key_names_config_key_and_env_var(
    name: str, env: str, monkeypatch: pytest.MonkeyPatch, loopback_only: list[str]
) -> None:
    with pytest.raises(MissingAPIKey) as info:
        get_engine(name, Config())
    assert f"[engines.{name}] api_key" in str(info.value) and env in str(info.value)
    monkeypatch.setenv(env, "secret")
    assert get_engine(name, Config()).name == name
    assert loopback_only == []  # no network at construction


@pytest.mark.parametrize("name", ["google", "mymemory", "yandex", "microsoft", "libre"])
def test_building_a_client_touches_no_network(
    name: str, monkeypatch: pytest.MonkeyPatch, loopback_only: list[str]
) -> None:
    monkeypatch.setenv("YANDEX_API_KEY", "k")
    monkeypatch.setenv("MICROSOFT_API_KEY", "k")
    engine = get_engine(name, Config(), engine_url="http://127.0.0.1:9/")
    if hasattr(engine, "client"):
        engine.client()  # the deep-translator client, as each request builds it
    assert loopback_only == []


def test_microsoft_sends_key_and_region_headers_and_batches(loopback_only: list[str]) -> None:
    with MicrosoftServer(api_key="mk", region="westeurope") as server:
        config = Config(engines={"microsoft": EngineSettings(api_key="mk", region="westeurope")})
        engine = get_engine("microsoft", config, engine_url=server.url)
        assert isinstance(engine, MicrosoftEngine)
        assert engine.send(["Один", "Два", "Три"]) == [
            fake_translate(w) for w in ("Один", "Два", "Три")
        ]
        request = server.requests[-1]
        assert request.method == "POST" and request.path == "/translate"
        assert request.query == {"api-version": ["3.0"], "from": ["ru"], "to": ["en"]}
        assert request.headers["ocp-apim-subscription-key"] == "mk"
        assert request.headers["ocp-apim-subscription-region"] == "westeurope"
        assert engine.fits(["Суд"] * 100) and not engine.fits(["Суд"] * 101)
        assert engine.fits(["ж" * 25_000] * 2) and not engine.fits(["ж" * 25_000] * 2 + ["ж"])
        wrong = get_engine(
            "microsoft",
            Config(engines={"microsoft": EngineSettings(api_key="nope", region="westeurope")}),
            engine_url=server.url,
        )
        with pytest.raises(EngineError, match="refused .HTTP 401: The request is not author"):
            wrong.send(["Суд"])
    assert loopback_only == []


def test_microsoft_honours_retry_after_through_translate_article(tmp_path) -> None:
    from translator.article import Article, Block
    from translator.store import Cache
    from translator.translate import translate_article

    blocks = [Block("paragraph", f"Абзац номер {i}.") for i in range(150)]
    article = Article(url="https://example.test/ms", title="Заголовок", blocks=blocks)
    with MicrosoftServer() as server:
        server.inject(Fault(status=429, retry_after=7))
        config = Config(engines={"microsoft": EngineSettings(api_key="k")})
        engine = get_engine("microsoft", config, engine_url=server.url + "/")
        slept: list[float] = []
        engine.controls.sleep = slept.append
        engine.controls.limiter.interval = 0.0
        stats = translate_article(article, engine, Cache(tmp_path / "c"))
    assert slept == [7]
    assert sorted(len(batch) for batch in server.texts[-2:]) == [51, 100]  # 151 in 2 requests
    assert stats.requests == 3 and server.requests_count == 3
    assert [b.text_en for b in blocks] == [fake_translate(b.text) for b in blocks]
    assert article.engine == "microsoft"


def test_yandex_v2_sends_the_api_key_and_batches(loopback_only: list[str]) -> None:
    with YandexServer(api_key="yk") as server:
        config = Config(engines={"yandex": EngineSettings(api_key="yk")})
        engine = get_engine("yandex", config, engine_url=server.url)
        assert engine.send(["Один", "Два"]) == [fake_translate(w) for w in ("Один", "Два")]
        request = server.requests[-1]
        assert request.method == "POST" and request.path == "/translate/v2/translate"
        assert request.headers["authorization"] == "Api-Key yk"
        body = json.loads(request.body)
        assert body["texts"] == ["Один", "Два"] and body["sourceLanguageCode"] == "ru"
        assert body["targetLanguageCode"] == "en" and "folderId" not in body
        assert engine.fits(["ж" * 5_000] * 2) and not engine.fits(["ж" * 5_000] * 2 + ["ж"])
        wrong = get_engine(
            "yandex",
            Config(engines={"yandex": EngineSettings(api_key="no")}),
            engine_url=server.url,
        )
        with pytest.raises(EngineError, match="refused .HTTP 401: Unknown api key"):
            wrong.send(["Суд"])
        server.inject(Fault(status=429, retry_after=4))
        slept: list[float] = []
        engine.controls.sleep = slept.append
        assert call(engine.send, ["Суд"], "yandex", engine.controls, lambda items: None) == [
            fake_translate("Суд")
        ]
        assert slept == [4]
    assert (
        get_engine("yandex", Config(engines={"yandex": EngineSettings(api_key="k")})).url
        == "https://translate.api.cloud.yandex.net/translate/v2/translate"
    )
    assert loopback_only == []


def test_mymemory_speaks_to_deep_translators_client(loopback_only: list[str]) -> None:
    with MyMemoryServer() as server:
        engine = get_engine("mymemory", Config(), engine_url=server.url)
        assert engine.send(["Суд", "Дело"]) == [fake_translate(w) for w in ("Суд", "Дело")]
        request = server.requests[-1]
        assert request.method == "GET" and request.path == "/get"
        assert request.query["langpair"] == ["ru-RU|en-GB"]
        assert request.query["q"] == ["Суд [[1]] Дело"]
        assert engine.fits(["ж" * 240, "ж" * 240]) and not engine.fits(["ж" * 250, "ж" * 250])
        # over its limit the service "translates" into an error message: the split refuses it
        server.max_chars = 5
        with pytest.raises(EngineError):
            engine.send(["Суд", "Дело"])
    assert loopback_only == []


def test_key_from_config_and_libre_needs_a_url() -> None:
    config = Config(engines={"deepl": EngineSettings(api_key="abc:fx")})
    engine = get_engine("deepl", config)
    assert engine.url == "https://api-free.deepl.com/v2/translate"
    with pytest.raises(EngineError, match="--engine-url"):
        get_engine("libre", Config())
    assert get_engine("google", Config()).base_url == "https://translate.google.com/m"


def test_controls_follow_config() -> None:
    config = Config()
    config.translate.retries, config.translate.concurrency = 7, 3
    config.translate.requests_per_second, config.translate.error_budget = 2.0, 9
    engine = get_engine("google", config)
    assert engine.controls.policy.retries == 7 and engine.controls.concurrency == 3
    assert engine.controls.limiter.interval == 0.5 and engine.controls.error_budget == 9


def test_google_limit_is_the_url_not_the_5000_characters() -> None:
    engine = get_engine("google", Config())
    cyrillic = "Ж" * 2700  # 6 URL bytes each: 16,200
    assert len(cyrillic) < 4999 and not engine.fits([cyrillic])
    fits = cyrillic
    while not engine.fits([fits]):
        fits = fits[:-10]
    url = engine.base_url + "?" + urlencode({"tl": "en", "sl": "ru", "q": fits})
    assert len(url) <= GOOGLE_MAX_URL_BYTES
    assert engine.fits(["a" * 4999]) and not engine.fits(["a" * 5000])


def test_google_packs_segments_and_counts_the_markers_against_the_limit() -> None:
    engine = get_engine("google", Config())
    half = "Ж" * 1330  # 7,980 URL bytes: one fits, two do not (16,000)
    assert engine.fits([half]) and not engine.fits([half, half])
    assert engine.fits(["Суд", "Дело"]) and engine.request_chars(["Суд", "Дело"]) == len(
        "Суд [[1]] Дело"
    )
    # 4,999 characters are the client's own cap, markers included
    assert engine.fits(["a" * 2496, "b" * 2496]) and not engine.fits(["a" * 2496, "b" * 2497])
    assert not engine.fits(["сноска [[1]]", "Суд"]) and engine.fits(["сноска [[1]]"])
    assert not engine.fits(["Суд"] * 101)


def test_libre_speaks_to_deep_translators_client_with_key() -> None:
    with LibreServer(api_key="k1") as server:
        config = Config(engines={"libre": EngineSettings(url=server.url, api_key="k1")})
        engine = get_engine("libre", config)
        assert engine.send(["Привет, мир"]) == [fake_translate("Привет, мир")]
        request = server.requests[-1]
        assert request.method == "POST" and request.path == "/translate"
        assert request.form["api_key"] == ["k1"] and request.form["source"] == ["ru"]
        bad = get_engine("libre", Config(engines={"libre": EngineSettings(url=server.url)}))
        with pytest.raises(EngineError, match="refused"):
            bad.send(["Привет"])


def test_deepl_sends_the_key_in_the_header_and_batches() -> None:
    with DeeplServer(api_key="abc") as server:
        config = Config(engines={"deepl": EngineSettings(api_key="abc", url=server.url)})
        engine = get_engine("deepl", config)
        assert engine.send(["Один", "Два"]) == [fake_translate(w) for w in ("Один", "Два")]
        request = server.requests[-1]
        assert request.headers["authorization"] == "DeepL-Auth-Key abc"
        assert "auth_key" not in request.form and request.form["target_lang"] == ["EN"]


def test_call_with_deadline_returns_raises_and_times_out() -> None:
    assert call_with_deadline(lambda: 5, 1, "x") == 5
    with pytest.raises(KeyError):
        call_with_deadline(lambda: {}["a"], 1, "x")
    started = time.monotonic()
    with pytest.raises(EngineUnavailable, match="within"):
        call_with_deadline(lambda: time.sleep(2), 0.1, "slow")
    assert time.monotonic() - started < 1


def test_backoff_grows_to_its_cap_and_honours_retry_after() -> None:
    slept: list[float] = []
    controls = Controls(policy=RetryPolicy(retries=5, base=1, cap=10), sleep=slept.append)
    failures = [EngineUnavailable("busy")] * 5

    def flaky(items: list[str]) -> list[str]:
        if failures:
            raise failures.pop()
        return items

    assert call(flaky, ["a"], "x", controls, lambda i: None) == ["a"]
    assert slept == [1, 2, 4, 8, 10]
    slept.clear()
    failures.append(EngineUnavailable("busy", retry_after=2.5))
    call(flaky, ["a"], "x", controls, lambda i: None)
    assert slept == [2.5]
    jittered = Controls(sleep=slept.append)  # the engines' policy: full jitter, capped
    failures.extend([EngineUnavailable("busy")] * 4)
    call(flaky, ["a"], "x", jittered, lambda i: None)
    assert len(slept) == 5 and all(0 <= s <= 30 for s in slept[1:])


def test_rate_limiter_spaces_request_starts() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(s: float) -> None:
        slept.append(s)

    limiter = RateLimiter(4, clock=lambda: now[0], sleep=sleep)
    for _ in range(3):
        limiter.wait()
    assert slept == [0.25, 0.5]


def test_call_gives_up_on_long_retry_after_and_non_retryable() -> None:
    controls = Controls(policy=RetryPolicy(retries=5, max_retry_after=60), sleep=lambda s: None)
    sent: list[list[str]] = []

    def busy(items: list[str]) -> list[str]:
        raise EngineUnavailable("busy", retry_after=3600)

    with pytest.raises(EngineUnavailable) as info:
        call(busy, ["a"], "x", controls, sent.append)
    assert len(sent) == 1 and info.value.retry_after == 3600  # left to the run's schedule

    def refused(items: list[str]) -> list[str]:
        raise EngineError("key refused")

    with pytest.raises(EngineError, match="refused"):
        call(refused, ["a"], "x", controls, sent.append)
    assert len(sent) == 2


def test_concurrency_slots_are_shared_across_calls() -> None:
    controls = Controls(concurrency=2, sleep=lambda s: None)
    active, peak = [0], [0]
    lock = threading.Lock()

    def slow(items: list[str]) -> list[str]:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.05)
        with lock:
            active[0] -= 1
        return items

    threads = [
        threading.Thread(target=call, args=(slow, ["a"], "x", controls, lambda i: None))
        for _ in range(6)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak[0] == 2


def test_the_docs_and_config_name_every_engine_of_the_registry() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    config = (root / "config.toml").read_text(encoding="utf-8")
    for name in ENGINES:
        assert f"`{name}`" in readme, name
        assert name in config.split("[translate]", 1)[1].split("[glossary]", 1)[0], name


def test_config_refuses_an_engine_the_registry_does_not_know(tmp_path) -> None:
    from translator.config import load_config
    from translator.errors import ConfigError

    path = tmp_path / "config.toml"
    path.write_text('[translate]\nengine = "babelfish"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"line 2: translate.engine: unknown engine 'babelfish'"):
        load_config(path)
    path.write_text('[engines.openai]\nmodel = "m"\nspelling = "canadian"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="spelling"):
        load_config(path)


def test_deadline_threads_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from translator.translate.engines import base

    monkeypatch.setattr(base, "_deadline_slots", threading.BoundedSemaphore(2))
    monkeypatch.setattr(base, "MAX_DEADLINE_THREADS", 2)
    stuck = threading.Event()
    for _ in range(2):
        with pytest.raises(EngineUnavailable, match="within"):
            call_with_deadline(lambda: stuck.wait(5), 0.05, "drip")
    started = time.monotonic()
    with pytest.raises(EngineUnavailable, match="2 earlier calls are still stuck"):
        call_with_deadline(lambda: 1, 0.1, "next")
    assert time.monotonic() - started < 0.5
    stuck.set()  # the stuck clients give up: their threads end and free the slots
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        try:
            assert call_with_deadline(lambda: 1, 0.1, "next") == 1
            break
        except EngineUnavailable:
            time.sleep(0.01)
    else:
        pytest.fail("the slots were never freed")


def test_close_closes_the_engine_and_its_fallbacks() -> None:
    config = Config()
    config.translate.fallback = ["deepl"]
    config.engines["yandex"] = EngineSettings(api_key="k")
    config.engines["deepl"] = EngineSettings(api_key="k:fx")
    engine = get_engine("yandex", config, engine_url="http://127.0.0.1:9")
    fallback = engine.fallback_engines()[0]
    engine.close()
    assert engine._http.is_closed and fallback._http.is_closed  # type: ignore[attr-defined]


def test_every_deep_translator_exception_is_mapped() -> None:
    import inspect

    from deep_translator import exceptions as dt

    from translator.translate.engines.deep import (
        DEEP_TRANSLATOR_ERRORS,
        _map_deep_translator_error,
    )

    classes = [
        cls
        for _, cls in inspect.getmembers(dt, inspect.isclass)
        if issubclass(cls, BaseException) and cls.__module__ == dt.__name__
    ]
    assert classes
    missing = [cls.__name__ for cls in classes if cls.__name__ not in DEEP_TRANSLATOR_ERRORS]
    assert missing == [], f"map these in translate/engines/deep.py: {missing}"
    for cls in classes:
        exc = cls.__new__(cls)  # some need arguments of their own; the mapping reads none
        exc.args = ("x",)
        mapped = _map_deep_translator_error("google", exc)
        assert isinstance(mapped, EngineError) and mapped.args[0].startswith("google: ")
    refused = _map_deep_translator_error("libre", dt.ServerException(403))
    assert isinstance(refused, EngineUnavailable)
    unsupported = _map_deep_translator_error("libre", dt.LanguageNotSupportedException("uk"))
    assert "not supported (uk --> There is no support" in str(unsupported)


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/", "notaurl", "http://[::1"])
def test_an_unusable_engine_url_is_one_error_not_retried(url: str) -> None:
    config = Config()
    config.engines["deepl"] = EngineSettings(api_key="k:fx")
    engine = get_engine("deepl", config, engine_url=url)
    sent: list[list[str]] = []
    with pytest.raises(EngineError) as info:
        call(engine.send, ["Суд"], "deepl", engine.controls, sent.append)
    assert len(sent) == 1 and not info.value.retryable
    assert "unusable engine URL" in str(info.value)
