"""Engine registry, keys, limits and the resilience helpers."""

from __future__ import annotations

import threading
import time
from urllib.parse import urlencode

import pytest

from tests.engine_servers import DeeplServer, LibreServer, fake_translate
from translator.config import Config, EngineSettings
from translator.errors import EngineError, EngineUnavailable, MissingAPIKey, UnknownEngine
from translator.translate import ENGINES, engine_table, get_engine
from translator.translate.engines import GOOGLE_MAX_URL_BYTES, call_with_deadline
from translator.translate.resilience import Controls, RateLimiter, RetryPolicy, call


def test_engine_table_lists_every_engine() -> None:
    names = [row[0] for row in engine_table()]
    assert names == list(ENGINES)
    assert {"google", "deepl", "microsoft", "yandex", "libre", "mymemory", "google-cloud",
            "offline"} <= set(names)
    assert all(len(row) == 3 and row[1] and row[2] for row in engine_table())


def test_unknown_engine_lists_the_known_ones() -> None:
    with pytest.raises(UnknownEngine) as info:
        get_engine("babelfish", Config())
    assert "babelfish" in str(info.value) and "google" in str(info.value)
    config = Config()
    config.translate.fallback = ["nope"]
    with pytest.raises(UnknownEngine, match="fallback"):
        get_engine("google", config)


@pytest.mark.parametrize("name, env", [("deepl", "DEEPL_API_KEY"),
                                       ("microsoft", "MICROSOFT_API_KEY"),
                                       ("yandex", "YANDEX_API_KEY"),
                                       ("google-cloud", "GOOGLE_API_KEY")])
def test_missing_key_names_config_key_and_env_var(name: str, env: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(MissingAPIKey) as info:
        get_engine(name, Config())
    assert f"[engines.{name}] api_key" in str(info.value) and env in str(info.value)
    monkeypatch.setenv(env, "secret")
    assert get_engine(name, Config()).name == name  # no network at construction


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
    assert not engine.fits(["a", "b"])  # one string per request
    assert engine.fits(["a" * 4999]) and not engine.fits(["a" * 5000])


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
        assert engine.send(["Один", "Два"]) == ["Odin", "Dva"]
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


def test_backoff_grows_with_jitter_and_honours_retry_after() -> None:
    policy = RetryPolicy(base=1, cap=10, jitter=lambda: 1.0)
    assert [policy.delay(n, None) for n in range(6)] == [1, 2, 4, 8, 10, 10]
    policy.jitter = lambda: 0.0
    assert policy.delay(3, None) == 4 and policy.delay(3, 2.5) == 2.5


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
    controls = Controls(policy=RetryPolicy(retries=5, sleep=lambda s: None, max_retry_after=60))
    sent: list[list[str]] = []

    def busy(items: list[str]) -> list[str]:
        raise EngineUnavailable("busy", retry_after=3600)

    with pytest.raises(EngineUnavailable, match="3600"):
        call(busy, ["a"], "x", controls, sent.append)
    assert len(sent) == 1

    def refused(items: list[str]) -> list[str]:
        raise EngineError("key refused")

    with pytest.raises(EngineError, match="refused"):
        call(refused, ["a"], "x", controls, sent.append)
    assert len(sent) == 2


def test_concurrency_slots_are_shared_across_calls() -> None:
    controls = Controls(concurrency=2, policy=RetryPolicy(sleep=lambda s: None))
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

    threads = [threading.Thread(target=call, args=(slow, ["a"], "x", controls, lambda i: None))
               for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak[0] == 2
