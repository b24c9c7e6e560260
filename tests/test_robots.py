"""robots.txt policy against loopback servers: rules, crawl delays, failure modes, one fetch per host."""

from __future__ import annotations

import socket
import threading

import pytest

from tests.servers import LoopbackServer, Reply, Request
from translator.config import DEFAULT_USER_AGENT, FetchConfig
from translator.fetch.client import Fetcher
from translator.run.robots import MAX_CRAWL_DELAY, RobotsPolicy

ROBOTS = """# test rules
User-agent: *
Disallow: /private/
Crawl-delay: 2

User-agent: translator
Allow: /news/open/
Disallow: /news/
Crawl-delay: 0.5

User-agent: slowbot
Request-rate: 1/10
"""


def robots_route(text: str | None = ROBOTS, status: int = 200):
    def route(request: Request) -> Reply:
        if request.path == "/robots.txt":
            return Reply(text or "", status=status, content_type="text/plain; charset=utf-8")
        return Reply("<html><body>page</body></html>")

    return route


@pytest.fixture()
def fetcher():
    # Article hosts are untrusted; loopback is only reachable because the test allows it.
    config = FetchConfig(retries=0, timeout=5, allow_private_addresses=True)
    with Fetcher(config, None, sleep=lambda s: None) as fetcher:
        yield fetcher


def test_rules_for_our_agent_and_for_everyone(fetcher) -> None:
    with LoopbackServer(robots_route()) as server:
        ours = RobotsPolicy(fetcher, DEFAULT_USER_AGENT)
        other = RobotsPolicy(fetcher, "otherbot/1.0")
        assert ours.allowed(f"{server.url}/news/open/1")
        assert not ours.allowed(f"{server.url}/news/2026/1")
        assert ours.allowed(f"{server.url}/private/x")  # our group replaces the * group
        assert not other.allowed(f"{server.url}/private/x")
        assert other.allowed(f"{server.url}/news/2026/1")


def test_crawl_delay(fetcher) -> None:
    with LoopbackServer(robots_route()) as server:
        url = f"{server.url}/news/1"
        assert RobotsPolicy(fetcher, DEFAULT_USER_AGENT).crawl_delay(url) == 1.0  # 0.5 rounded up
        assert RobotsPolicy(fetcher, "otherbot/1.0").crawl_delay(url) == 2.0
        assert RobotsPolicy(fetcher, "slowbot/2").crawl_delay(url) == 10.0


def test_no_delay_when_none_is_asked(fetcher) -> None:
    with LoopbackServer(robots_route("User-agent: *\nDisallow: /x/\n")) as server:
        assert RobotsPolicy(fetcher, DEFAULT_USER_AGENT).crawl_delay(f"{server.url}/a") is None


def test_robots_txt_is_fetched_once_per_host(fetcher) -> None:
    with LoopbackServer(robots_route()) as server:
        policy = RobotsPolicy(fetcher, DEFAULT_USER_AGENT)
        threads = [
            threading.Thread(target=policy.allowed, args=(f"{server.url}/news/{n}",))
            for n in range(8)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
        policy.crawl_delay(f"{server.url}/other")
        assert [r.path for r in server.requests] == ["/robots.txt"]


@pytest.mark.parametrize(
    ("status", "allowed"),
    [(404, True), (410, True), (403, True), (500, False), (503, False), (429, False)],
)
def test_error_statuses(fetcher, status: int, allowed: bool) -> None:
    with LoopbackServer(robots_route("User-agent: *\nDisallow: /\n", status=status)) as server:
        policy = RobotsPolicy(fetcher, DEFAULT_USER_AGENT)
        assert policy.allowed(f"{server.url}/news/1") is allowed
        assert policy.allowed(f"{server.url}/") is allowed
        assert policy.crawl_delay(f"{server.url}/news/1") is None


def test_unreachable_host_is_allowed(fetcher) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on that port now: connection refused.
    assert RobotsPolicy(fetcher, DEFAULT_USER_AGENT).allowed(f"http://127.0.0.1:{port}/news/1")


def test_refused_address_asks_nobody_and_is_left_to_the_fetch() -> None:
    with LoopbackServer(robots_route("User-agent: *\nDisallow: /\n")) as server:
        with Fetcher(FetchConfig(retries=0, timeout=5), None, sleep=lambda s: None) as fetcher:
            assert RobotsPolicy(fetcher, DEFAULT_USER_AGENT).allowed(f"{server.url}/news/1")
        assert server.requests == []


def test_empty_robots_txt_allows_everything(fetcher) -> None:
    with LoopbackServer(robots_route("")) as server:
        assert RobotsPolicy(fetcher, DEFAULT_USER_AGENT).allowed(f"{server.url}/anything")


GOOGLE_STYLE = """User-agent: *
Disallow: /
Allow: /news/
Disallow: /*?print=
Disallow: /*.pdf$
Disallow: /новости/архив/
Disallow: /%D1%82%D0%B5%D0%B3%D0%B8/
"""


@pytest.fixture(scope="module")
def google_site():
    with LoopbackServer(robots_route(GOOGLE_STYLE)) as server:
        yield server


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/news/2026/11/24/a/", True),  # the longer Allow beats "Disallow: /" above it
        ("/about/", False),
        ("/news/1?print=1", False),  # "*" is a wildcard
        ("/news/file.pdf", False),  # "$" anchors the end
        ("/news/file.pdf?x=1", True),
        ("/news/новости/архив/1", True),
        ("/новости/архив/1", False),  # a raw Cyrillic rule matches the encoded URL
        ("/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/%D0%B0%D1%80%D1%85%D0%B8%D0%B2/2", False),
        ("/теги/москва", False),  # and an encoded rule matches the raw URL
    ],
)
def test_rules_are_matched_as_google_does(google_site, fetcher, path: str, allowed: bool) -> None:
    policy = RobotsPolicy(fetcher, DEFAULT_USER_AGENT)
    assert policy.allowed(f"{google_site.url}{path}") is allowed


def test_a_backtracking_wildcard_rule_is_matched_at_once(fetcher) -> None:
    rules = "User-agent: *\nDisallow: /*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b$\n"
    with LoopbackServer(robots_route(rules)) as server:
        policy = RobotsPolicy(fetcher, DEFAULT_USER_AGENT)
        answers: list[bool] = []
        worker = threading.Thread(
            target=lambda: answers.append(policy.allowed(f"{server.url}/{'a' * 40}"))
        )
        worker.start()
        worker.join(5)  # a backtracking matcher takes minutes here
        assert answers == [True]
        assert not policy.allowed(f"{server.url}/{'a' * 40}b")


def test_only_the_first_robots_max_bytes_are_read() -> None:
    early = "User-agent: *\nDisallow: /early/\n"
    late = "User-agent: *\nDisallow: /late/\n"
    text = early + "# padding\n" * 100_000 + late  # about 1 MB
    config = FetchConfig(retries=0, timeout=5, allow_private_addresses=True)
    assert config.robots_max_bytes < len(text) // 2
    with LoopbackServer(robots_route(text)) as server, Fetcher(config, None) as fetcher:
        policy = RobotsPolicy(fetcher, DEFAULT_USER_AGENT)
        assert not policy.allowed(f"{server.url}/early/1")
        assert policy.allowed(f"{server.url}/late/1")


@pytest.mark.parametrize(
    ("line", "delay"),
    [
        ("Crawl-delay: inf", None),
        ("Crawl-delay: nan", None),
        ("Crawl-delay: -5", None),
        ("Crawl-delay: 1e300", MAX_CRAWL_DELAY),
        ("Crawl-delay: 123456789012345678901234", MAX_CRAWL_DELAY),
        ("Crawl-delay: 3", 3.0),
        ("Request-rate: 1/100000", MAX_CRAWL_DELAY),
        ("Request-rate: 0/10", None),
    ],
)
def test_crawl_delays_from_the_file_are_clamped(fetcher, line: str, delay: float | None) -> None:
    with LoopbackServer(robots_route(f"User-agent: *\n{line}\n")) as server:
        policy = RobotsPolicy(fetcher, DEFAULT_USER_AGENT)
        assert policy.crawl_delay(f"{server.url}/a") == delay
