"""Fetcher against real loopback sockets: statuses, retries, redirects, timeouts, broken
bodies, size caps, compression (and bombs), charsets, content types, proxies, conditional GET."""

from __future__ import annotations

import gzip
import re
import socket
import struct
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator

import brotli
import httpx
import pytest

import translator.fetch.client as fetch_module
import translator.fetch.transport as transport_module
from tests.servers import LoopbackServer, RawServer, Reply, Request, head
from translator.config import FetchConfig
from translator.errors import HTTPStatusError, InvalidURL, NetworkError, NotHTML, TooLarge
from translator.fetch.charset import decode_html, looks_garbled
from translator.fetch.client import Fetcher
from translator.store import Cache
from translator.timestamps import MAX_RETRY_AFTER, retry_after_seconds

RUSSIAN = (
    "<html><head><title>Новости</title></head><body><p>Президент России заявил, что "
    "переговоры продолжатся на следующей неделе. Эксперты считают, что это важный шаг "
    "для всего региона, и ждут новых заявлений.</p></body></html>"
)


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def make_fetcher(sleeps: list[float]) -> Iterator[Callable[..., Fetcher]]:
    made: list[Fetcher] = []

    def make(cache: Cache | None = None, **options: object) -> Fetcher:
        options.setdefault("timeout", 5.0)
        fetcher = Fetcher(FetchConfig(**options), cache, sleep=sleeps.append)
        made.append(fetcher)
        return fetcher

    yield make
    for fetcher in made:
        fetcher.close()


# statuses and retries ------------------------------------------------------------------------


def test_ok_page_sends_our_user_agent(make_fetcher) -> None:
    with LoopbackServer(lambda r: Reply(RUSSIAN)) as server:
        page = make_fetcher().fetch(server.url + "/a")
    assert page.status == 200 and page.final_url == server.url + "/a"
    assert "Президент России" in page.text and page.encoding == "utf-8"
    assert page.body == RUSSIAN.encode() and not page.not_modified and not page.from_cache
    agent = server.requests[0].headers["user-agent"]
    assert agent == FetchConfig().user_agent and "translator" in agent


def test_404_is_one_line_and_not_retried(make_fetcher) -> None:
    with (
        LoopbackServer(lambda r: Reply("gone", status=404)) as server,
        pytest.raises(HTTPStatusError) as info,
    ):
        make_fetcher().fetch(server.url + "/y")
    assert str(info.value) == f"{server.url}/y: HTTP 404 Not Found"
    assert info.value.status == 404 and not info.value.retryable
    assert len(server.requests) == 1


def test_500_then_success_is_retried_with_backoff(make_fetcher, sleeps) -> None:
    answers = iter([Reply("oops", status=500), Reply("oops", status=503), Reply(RUSSIAN)])
    with LoopbackServer(lambda r: next(answers)) as server:
        page = make_fetcher(retries=2).fetch(server.url)
    assert page.status == 200 and len(server.requests) == 3
    assert len(sleeps) == 2 and 0 < sleeps[0] < sleeps[1] <= fetch_module.BACKOFF_CAP


def test_persistent_500_gives_up_after_the_retries(make_fetcher, sleeps) -> None:
    with (
        LoopbackServer(lambda r: Reply("oops", status=500)) as server,
        pytest.raises(HTTPStatusError) as info,
    ):
        make_fetcher(retries=3).fetch(server.url)
    assert info.value.retryable and "HTTP 500 Internal Server Error" in str(info.value)
    assert len(server.requests) == 4 and len(sleeps) == 3


def test_429_retry_after_is_honoured(make_fetcher, sleeps) -> None:
    answers = iter([Reply("slow down", status=429, headers={"Retry-After": "3"}), Reply(RUSSIAN)])
    with LoopbackServer(lambda r: next(answers)) as server:
        page = make_fetcher().fetch(server.url)
    assert page.status == 200 and sleeps == [3.0]


def test_429_asking_for_too_long_is_left_to_the_pipeline(make_fetcher, sleeps) -> None:
    with (
        LoopbackServer(
            lambda r: Reply("later", status=429, headers={"Retry-After": "3600"})
        ) as server,
        pytest.raises(HTTPStatusError) as info,
    ):
        make_fetcher().fetch(server.url)
    assert info.value.retry_after == 3600 and info.value.retryable
    assert sleeps == [] and len(server.requests) == 1


def test_retry_after_as_http_date() -> None:
    later = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 20))
    assert 15 <= retry_after_seconds(later) <= 21
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("garbage") is None


# redirects -----------------------------------------------------------------------------------


def redirecting(request: Request) -> Reply:
    path = request.path
    if path.startswith("/hop/"):
        n = int(path.rsplit("/", 1)[1])
        target = "/final" if n == 0 else f"/hop/{n - 1}"
        return Reply(status=301, headers={"Location": target})
    if path == "/loop-a":
        return Reply(status=302, headers={"Location": "/loop-b"})
    if path == "/loop-b":
        return Reply(status=307, headers={"Location": "/loop-a"})
    if path == "/to-ftp":
        return Reply(status=302, headers={"Location": "ftp://127.0.0.1/file"})
    return Reply(RUSSIAN)


def test_redirects_are_followed(make_fetcher) -> None:
    with LoopbackServer(redirecting) as server:
        page = make_fetcher().fetch(server.url + "/hop/3")
    assert page.final_url == server.url + "/final" and page.url == server.url + "/hop/3"
    assert [r.path for r in server.requests] == ["/hop/3", "/hop/2", "/hop/1", "/hop/0", "/final"]


def test_redirect_loop_stops(make_fetcher) -> None:
    with (
        LoopbackServer(redirecting) as server,
        pytest.raises(NetworkError, match="too many redirects") as info,
    ):
        make_fetcher(max_redirects=10).fetch(server.url + "/loop-a")
    assert "\n" not in str(info.value) and not info.value.retryable
    assert len(server.requests) == 11


def test_thirty_hops_exceed_the_limit(make_fetcher) -> None:
    with (
        LoopbackServer(redirecting) as server,
        pytest.raises(NetworkError, match=r"too many redirects \(more than 10\)"),
    ):
        make_fetcher(max_redirects=10).fetch(server.url + "/hop/30")
    assert len(server.requests) == 11


def test_redirect_to_another_scheme_is_refused(make_fetcher) -> None:
    with (
        LoopbackServer(redirecting) as server,
        pytest.raises(InvalidURL, match="only http and https"),
    ):
        make_fetcher().fetch(server.url + "/to-ftp")


def test_every_hop_is_checked_when_untrusted(make_fetcher, monkeypatch) -> None:
    calls: list[tuple[str, bool]] = []
    real = fetch_module.check_url

    def recording(url: str, *, allow_private: bool, **options: object) -> None:
        calls.append((url, allow_private))
        real(url, allow_private=True)

    monkeypatch.setattr(fetch_module, "check_url", recording)
    monkeypatch.setattr(transport_module, "is_public_address", lambda address: True)
    with LoopbackServer(redirecting) as server:
        make_fetcher().fetch(server.url + "/hop/2", trusted=False)
    assert [url.removeprefix(server.url) for url, _ in calls] == [
        "/hop/2",
        "/hop/1",
        "/hop/0",
        "/final",
    ]
    assert all(allow is False for _, allow in calls)


def test_untrusted_loopback_url_is_never_contacted(make_fetcher) -> None:
    with LoopbackServer(redirecting) as server:
        with pytest.raises(InvalidURL, match="non-public address"):
            make_fetcher().fetch(server.url + "/final", trusted=False)
        assert server.requests == []
        page = make_fetcher(allow_private_addresses=True).fetch(
            server.url + "/final", trusted=False
        )
    assert page.status == 200


def test_dns_rebinding_is_refused_at_connect_time(make_fetcher, monkeypatch) -> None:
    # "rebind.test" looks public when check_url asks, then points at loopback. Only loopback
    # is ever contacted, and only if the connect-time guard is missing.
    import translator.fetch.guard as netguard

    real = socket.getaddrinfo
    answers = {"count": 0}

    def rebinding(host, port, *args, **kwargs):
        if host != "rebind.test":
            return real(host, port, *args, **kwargs)
        answers["count"] += 1
        address = "93.184.216.34" if answers["count"] == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(netguard.socket, "getaddrinfo", rebinding)
    with LoopbackServer(redirecting) as server:
        with pytest.raises(InvalidURL, match=r"non-public address \(127\.0\.0\.1\)"):
            make_fetcher().fetch(f"http://rebind.test:{server.port}/final", trusted=False)
        assert server.requests == [] and answers["count"] == 2
        # Trusted fetches (the user's own URLs) may go anywhere.
        page = make_fetcher().fetch(f"http://rebind.test:{server.port}/final", trusted=True)
        assert page.status == 200


def test_non_http_url_is_refused(make_fetcher) -> None:
    for url in ("ftp://127.0.0.1/x", "file:///etc/passwd", "javascript:alert(1)", "127.0.0.1/x"):
        with pytest.raises(InvalidURL):
            make_fetcher().fetch(url)


# timeouts and broken connections ------------------------------------------------------------


def test_connect_timeout(make_fetcher) -> None:
    # A listener that never accepts, its one-slot queue already filled: our SYN is dropped.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(3):
        filler = socket.socket()
        filler.setblocking(False)
        try:
            filler.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        fillers.append(filler)
    time.sleep(0.05)
    try:
        started = time.monotonic()
        with pytest.raises(NetworkError, match=r"cannot connect \(timed out\)"):
            make_fetcher(timeout=0.3, retries=1).fetch(f"http://127.0.0.1:{port}/")
        assert time.monotonic() - started < 5
    finally:
        for sock in (*fillers, listener):
            sock.close()


def test_connection_refused(make_fetcher) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    with pytest.raises(NetworkError) as info:
        make_fetcher(retries=0).fetch(f"http://127.0.0.1:{port}/x")
    assert str(info.value) == f"http://127.0.0.1:{port}/x: cannot connect (connection refused)"


def test_read_timeout(make_fetcher) -> None:
    with (
        LoopbackServer(lambda r: Reply(RUSSIAN, delay=1.5)) as server,
        pytest.raises(NetworkError, match="timed out"),
    ):
        make_fetcher(timeout=0.3, retries=0).fetch(server.url)


def test_slow_drip_hits_the_total_deadline(make_fetcher) -> None:
    def drip(conn: socket.socket) -> None:
        conn.sendall(head(Content_Type="text/html", Content_Length="1000"))
        for _ in range(40):
            conn.sendall(b"<p>")
            time.sleep(0.05)

    with RawServer(drip) as server:
        started = time.monotonic()
        with pytest.raises(NetworkError, match="timed out"):
            make_fetcher(timeout=0.5, retries=0).fetch(server.url)
        assert time.monotonic() - started < 1.5


def test_reset_mid_body(make_fetcher) -> None:
    def reset(conn: socket.socket) -> None:
        conn.sendall(head(Content_Type="text/html", Content_Length="100000") + b"<p>" * 300)
        time.sleep(0.05)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    with RawServer(reset) as server, pytest.raises(NetworkError) as info:
        make_fetcher(retries=1).fetch(server.url)
    assert str(info.value).startswith(server.url) and "\n" not in str(info.value)
    assert server.hits == 2


def test_truncated_body(make_fetcher) -> None:
    def short(conn: socket.socket) -> None:
        conn.sendall(head(Content_Type="text/html", Content_Length="1000") + b"x" * 500)

    with (
        RawServer(short) as server,
        pytest.raises(NetworkError, match="connection closed before the whole body"),
    ):
        make_fetcher(retries=0).fetch(server.url)


# size caps and compression -------------------------------------------------------------------


def test_gzip_deflate_and_brotli_are_decoded(make_fetcher) -> None:
    raw = RUSSIAN.encode()
    bodies = {
        "/gzip": (gzip.compress(raw), "gzip"),
        "/deflate": (zlib.compress(raw), "deflate"),
        "/raw-deflate": (_raw_deflate(raw), "deflate"),
        "/br": (brotli.compress(raw), "br"),
        "/both": (brotli.compress(gzip.compress(raw)), "gzip, br"),
    }

    def route(request: Request) -> Reply:
        body, coding = bodies[request.path]
        return Reply(body, headers={"Content-Encoding": coding})

    fetcher = make_fetcher()
    with LoopbackServer(route) as server:
        for path in bodies:
            page = fetcher.fetch(server.url + path)
            assert page.body == raw, path
            assert "Президент" in page.text
    assert "br" in server.requests[0].headers["accept-encoding"]


def _raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(wbits=-15)
    return packer.compress(data) + packer.flush()


def test_corrupt_gzip_is_a_network_error(make_fetcher) -> None:
    with (
        LoopbackServer(
            lambda r: Reply(b"\x1f\x8b\x08\x00garbage" * 10, headers={"Content-Encoding": "gzip"})
        ) as server,
        pytest.raises(NetworkError, match="corrupt gzip body"),
    ):
        make_fetcher(retries=0).fetch(server.url)


def _gzip_bomb(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = b"\0" * 1_000_000
    parts = [packer.compress(b"<html>")]
    parts += [packer.compress(zeros) for _ in range(size // len(zeros))]
    return b"".join(parts) + packer.flush()


def _brotli_bomb(size: int) -> bytes:
    packer = brotli.Compressor(quality=5)
    zeros = b"\0" * 1_000_000
    parts = [packer.process(zeros) for _ in range(size // len(zeros))]
    return b"".join(parts) + packer.finish()


@pytest.mark.parametrize("coding", ["gzip", "br"])
def test_compression_bomb_is_refused_with_flat_memory(make_fetcher, coding) -> None:
    bomb = _gzip_bomb(100_000_000) if coding == "gzip" else _brotli_bomb(100_000_000)
    assert len(bomb) < 150_000
    with LoopbackServer(lambda r: Reply(bomb, headers={"Content-Encoding": coding})) as server:
        fetcher = make_fetcher(max_bytes=2_000_000, retries=0)
        tracemalloc.start()
        try:
            with pytest.raises(TooLarge) as info:
                fetcher.fetch(server.url + "/bomb")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert str(info.value) == f"{server.url}/bomb: response larger than 2 MB"
    assert peak < 8_000_000, peak


def test_fifty_megabytes_refused_at_the_cap_with_flat_memory(make_fetcher) -> None:
    sent = [0]

    def firehose(conn: socket.socket) -> None:
        # No Content-Length: the cap can only be enforced while reading.
        conn.sendall(head(Content_Type="text/html", Connection="close"))
        chunk = b"<p>" + b"a" * 65533
        for _ in range(50_000_000 // len(chunk)):
            conn.sendall(chunk)
            sent[0] += len(chunk)

    with RawServer(firehose) as server:
        fetcher = make_fetcher(retries=0)  # default cap: 10 MB
        tracemalloc.start()
        try:
            with pytest.raises(TooLarge, match="response larger than 10 MB"):
                fetcher.fetch(server.url)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert peak < 25_000_000, peak


def test_content_length_over_the_cap_is_refused_before_reading(make_fetcher) -> None:
    def liar(conn: socket.socket) -> None:
        conn.sendall(head(Content_Type="text/html", Content_Length="50000000") + b"<p>")
        time.sleep(2)

    with RawServer(liar) as server:
        started = time.monotonic()
        with pytest.raises(TooLarge, match="larger than 10 MB"):
            make_fetcher(retries=0).fetch(server.url)
        assert time.monotonic() - started < 1.5


# content types -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type, body, shown",
    [
        ("application/pdf", b"%PDF-1.7 ...", "application/pdf"),
        ("image/png", b"\x89PNG\r\n\x1a\n....", "image/png"),
        ("application/json", b'{"a": 1}', "application/json"),
        ("application/octet-stream", b"%PDF-1.4 ...", "application/pdf"),
        ("text/html", b"\x89PNG\r\n\x1a\n....", "image/png"),
        (None, b'{"not": "html"}', "no content type"),
    ],
)
def test_non_html_is_refused(make_fetcher, content_type, body, shown) -> None:
    with (
        LoopbackServer(lambda r: Reply(body, content_type=content_type)) as server,
        pytest.raises(NotHTML) as info,
    ):
        make_fetcher().fetch(server.url + "/doc")
    assert str(info.value) == f"{server.url}/doc: not an HTML page ({shown})"


def test_feeds_are_accepted_as_bytes(make_fetcher) -> None:
    rss = '<?xml version="1.0" encoding="windows-1251"?><rss><channel><title>Лента</title></channel></rss>'
    types = {
        "/rss": "application/rss+xml",
        "/xml": "text/xml; charset=windows-1251",
        "/html": "text/html",
        "/plain": "text/plain",
    }
    with LoopbackServer(
        lambda r: Reply(rss.encode("cp1251"), content_type=types[r.path])
    ) as server:
        fetcher = make_fetcher()
        for path in types:
            page = fetcher.fetch(server.url + path, accept="feed")
            assert page.body == rss.encode("cp1251") and page.text == ""
        with pytest.raises(NotHTML, match=r"not an HTML page \(application/rss\+xml\)"):
            fetcher.fetch(server.url + "/rss")
        assert fetcher.fetch(server.url + "/rss", accept="any").status == 200


def test_feed_refuses_images(make_fetcher) -> None:
    with (
        LoopbackServer(lambda r: Reply(b"GIF89a...", content_type="image/gif")) as server,
        pytest.raises(NotHTML, match=r"not a feed \(image/gif\)"),
    ):
        make_fetcher().fetch(server.url, accept="feed")


# charsets ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoding, content_type, meta",
    [
        ("cp1251", "text/html", '<meta charset="windows-1251">'),
        (
            "cp1251",
            "text/html",
            '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
        ),
        ("koi8_r", "text/html; charset=utf-8", ""),  # koi8-r mislabelled as utf-8
        ("utf-8", "text/html; charset=koi8-r", ""),  # and the reverse
        ("utf-8", "text/html; charset=windows-1251", ""),
        ("koi8_r", "text/html; charset=windows-1251", ""),
        ("cp1251", "text/html; charset=koi8-r", ""),
        ("cp1251", "text/html; charset=iso-8859-1", ""),
        ("utf-8", "text/html", ""),  # no charset at all
        ("cp1251", "text/html", ""),
        ("koi8_r", "text/html", '<meta charset="utf-8">'),
    ],
)
def test_charsets(make_fetcher, encoding, content_type, meta) -> None:
    html = RUSSIAN.replace("<head>", "<head>" + meta)
    with LoopbackServer(
        lambda r: Reply(html.encode(encoding), content_type=content_type)
    ) as server:
        page = make_fetcher().fetch(server.url)
    assert page.text == html
    assert page.encoding == {"cp1251": "cp1251", "koi8_r": "koi8-r", "utf-8": "utf-8"}[encoding]


def test_decode_html_units() -> None:
    assert decode_html(b"\xef\xbb\xbf<p>\xd0\xb4\xd0\xb0</p>", "koi8-r") == (
        "<p>да</p>",
        "utf-8-sig",
    )
    assert decode_html(b"<p>plain ascii</p>", None) == ("<p>plain ascii</p>", "utf-8")
    assert decode_html(b"<p>plain</p>", "no-such-charset")[0] == "<p>plain</p>"
    assert looks_garbled(RUSSIAN.encode("koi8_r").decode("cp1251"))
    assert looks_garbled(RUSSIAN.encode("cp1251").decode("koi8_r"))
    assert not looks_garbled(RUSSIAN)
    french = (
        "<p>Élysée : le président a déclaré à la presse qu'il étudierait les propositions "
        "des députés. Ça a été un été très chargé, où l'économie française a résisté.</p>"
    ) * 5
    assert decode_html(french.encode("cp1252"), "iso-8859-1") == (french, "cp1252")


def test_decode_mislabelled_corpus_pages() -> None:
    from conftest import all_corpus_pages, need_corpus

    pages = all_corpus_pages()
    need_corpus(pages)
    checked = 0
    for entry in pages:
        raw = entry["path"].read_bytes()
        text = raw.decode("cp1251" if entry["encoding"].startswith("windows-1251") else "utf-8")
        # Without its <meta charset>, only the (wrong) header label speaks for the page.
        text = re.sub(r"<meta[^>]*charset[^>]*>", "", text, flags=re.IGNORECASE)
        for real, label in (
            ("cp1251", "koi8-r"),
            ("koi8_r", "utf-8"),
            ("cp1251", None),
            ("utf-8", "windows-1251"),
            ("koi8_r", "windows-1251"),
            ("cp1251", "iso-8859-1"),
            ("utf-8", "koi8-r"),
        ):
            body = text.encode(real, errors="ignore")
            decoded, name = decode_html(body, label)
            assert decoded == body.decode(real), (entry["id"], real, label, name)
            checked += 1
    assert checked == 7 * len(pages)


def test_cp1251_corpus_page_with_meta_only(make_fetcher) -> None:
    from conftest import corpus_pages, need_corpus

    pages = [p for p in corpus_pages("ru-synthetic") if p["encoding"].startswith("windows-1251")]
    need_corpus(pages)
    for entry in pages:
        body = entry["path"].read_bytes()
        with LoopbackServer(lambda r, body=body: Reply(body, content_type="text/html")) as server:
            page = make_fetcher().fetch(server.url)
        assert page.encoding == "cp1251"
        assert entry["body_first_sentence_ru"] in re.sub(r"<[^>]+>", "", page.text)


# proxies and conditional GET -------------------------------------------------------------------


def test_http_proxy_from_environment_is_used(make_fetcher, monkeypatch) -> None:
    with (
        LoopbackServer(lambda r: Reply("<p>via proxy</p>")) as proxy,
        LoopbackServer(lambda r: Reply("<p>direct</p>")) as origin,
    ):
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        page = make_fetcher().fetch(origin.url + "/news/1")
        assert page.text == "<p>via proxy</p>"
        assert [r.path for r in proxy.requests] == ["/news/1"] and origin.requests == []
        assert proxy.requests[0].headers["host"] == f"127.0.0.1:{origin.port}"

        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        page = make_fetcher().fetch(origin.url + "/news/2")
        assert page.text == "<p>direct</p>" and len(proxy.requests) == 1


def test_conditional_get_returns_the_cached_body_on_304(make_fetcher, tmp_path) -> None:
    def route(request: Request) -> Reply:
        if request.headers.get("if-none-match") == '"v1"':
            return Reply(status=304, headers={"ETag": '"v1"'}, content_type=None)
        return Reply(
            RUSSIAN.encode("cp1251"),
            content_type="text/html; charset=windows-1251",
            headers={"ETag": '"v1"', "Last-Modified": "Wed, 11 Feb 2026 10:00:00 GMT"},
        )

    cache = Cache(tmp_path)
    try:
        fetcher = make_fetcher(cache)
        with LoopbackServer(route) as server:
            first = fetcher.fetch(server.url + "/a")
            stored = cache.get_page(server.url + "/a")
            assert stored is not None and stored.etag == '"v1"' and stored.body == first.body
            second = fetcher.fetch(server.url + "/a", conditional=True)
            unconditional = fetcher.fetch(server.url + "/a")
        sent = server.requests[1].headers
        assert sent["if-none-match"] == '"v1"'
        assert sent["if-modified-since"] == "Wed, 11 Feb 2026 10:00:00 GMT"
        assert "if-none-match" not in server.requests[2].headers
        assert second.not_modified and second.from_cache and second.status == 304
        assert second.body == first.body and second.text == RUSSIAN
        assert not unconditional.not_modified and unconditional.status == 200
    finally:
        cache.close()


def test_unexpected_304_without_cache_is_an_error(make_fetcher) -> None:
    with (
        LoopbackServer(lambda r: Reply(status=304, content_type=None)) as server,
        pytest.raises(HTTPStatusError, match="HTTP 304"),
    ):
        make_fetcher().fetch(server.url, conditional=True)


# one deadline per attempt, by the clock ------------------------------------------------------


def _endless_continue(conn: socket.socket) -> None:
    for _ in range(600):
        conn.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        time.sleep(0.1)


def _drip(data: bytes, pause: float) -> Callable[[socket.socket], None]:
    def handler(conn: socket.socket) -> None:
        for byte in data:
            conn.sendall(bytes([byte]))
            time.sleep(pause)

    return handler


RESPONSE = head(Content_Type="text/html; charset=utf-8", Content_Length="2000") + b"<p>" * 666


@pytest.mark.parametrize(
    "handler",
    [
        _endless_continue,
        _drip(RESPONSE, 0.2),  # status line, then headers, a byte at a time
        _drip(b"HTTP/1.1 200 OK\r\n" + b"X-Pad: " + b"a" * 500, 0.05),  # endless header
        _drip(RESPONSE, 0.002),  # headers soon, then the body a byte at a time
    ],
    ids=["100-continue-flood", "status-line-drip", "header-drip", "body-drip"],
)
def test_every_stage_of_a_response_ends_at_the_deadline(make_fetcher, handler) -> None:
    with RawServer(handler) as server:
        started = time.monotonic()
        with pytest.raises(NetworkError, match=r"timed out after 1 s"):
            make_fetcher(timeout=1.0, retries=0).fetch(server.url)
        elapsed = time.monotonic() - started
    assert 0.9 < elapsed < 1.5, elapsed


def test_a_one_off_with_timeout_3_ends_within_3_3_seconds(tmp_path) -> None:
    from click.testing import CliRunner

    from translator.cli import cli

    (tmp_path / "config.toml").write_text("[fetch]\ntimeout = 3\nretries = 0\n", "utf-8")

    def one_off(url: str) -> tuple[float, str]:
        started = time.monotonic()
        result = CliRunner().invoke(
            cli,
            ["translate", url, "--config", str(tmp_path / "config.toml")]
            + ["--cache", str(tmp_path / "cache"), "--out", str(tmp_path / "out")],
            catch_exceptions=False,
        )
        assert result.exit_code == 1
        return time.monotonic() - started, result.stderr

    with socket.socket() as probe:  # a first one-off loads what the command imports
        probe.bind(("127.0.0.1", 0))
        refused = f"http://127.0.0.1:{probe.getsockname()[1]}/"
    one_off(refused)
    with RawServer(_endless_continue) as server:
        elapsed, stderr = one_off(server.url + "/news/1")
    assert "timed out after 3 s" in stderr and stderr.count("\n") == 1
    assert elapsed < 3.3, elapsed


def test_retries_each_get_a_fresh_deadline(make_fetcher, sleeps) -> None:
    with RawServer(_endless_continue) as server:
        started = time.monotonic()
        with pytest.raises(NetworkError, match="timed out"):
            make_fetcher(timeout=0.5, retries=2).fetch(server.url)
        assert time.monotonic() - started < 2.0
    assert server.hits == 3 and len(sleeps) == 2


def test_bounded_client_gives_engines_the_same_deadline() -> None:
    from translator.fetch import bounded_client, within

    with RawServer(_endless_continue) as server, bounded_client(0.5) as client:
        started = time.monotonic()
        with pytest.raises(httpx.TimeoutException):
            client.post(server.url + "/translate", json={"q": "x"})
        assert time.monotonic() - started < 0.8
        # a caller's shorter deadline wins over the client's own
        started = time.monotonic()
        with within(0.2), pytest.raises(httpx.TimeoutException):
            client.get(server.url)
        assert time.monotonic() - started < 0.5


def test_deadline_budgets_are_clamped() -> None:
    from translator.fetch.deadline import MAX_DEADLINE, clamp_budget

    assert clamp_budget(float("nan")) == MAX_DEADLINE == clamp_budget(float("inf"))
    assert clamp_budget(1e300) == MAX_DEADLINE and clamp_budget(-5) == 0 and clamp_budget(3) == 3


# numbers from outside --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header, expected",
    [
        ("inf", MAX_RETRY_AFTER),
        ("Infinity", MAX_RETRY_AFTER),
        ("1e14", MAX_RETRY_AFTER),
        ("1e400", MAX_RETRY_AFTER),
        ("12345678901234567890123", MAX_RETRY_AFTER),
        ("-5", 0.0),
        ("-inf", 0.0),
        ("nan", None),
        ("2.5", 2.5),
        ("Fri, 31 Dec 9999 23:59:59 GMT", MAX_RETRY_AFTER),
        ("Mon, 01 Jan 1900 00:00:00 GMT", 0.0),
        ("Mon, 01 Jan 99999999999999 00:00:00 GMT", None),
        ("", None),
    ],
)
def test_retry_after_is_clamped(header, expected) -> None:
    assert retry_after_seconds(header) == expected


@pytest.mark.parametrize("header", ["inf", "1e14", "12345678901234567890123"])
def test_an_endless_retry_after_is_left_to_the_pipeline_clamped(
    make_fetcher, sleeps, header
) -> None:
    answer = Reply("later", status=503, headers={"Retry-After": header})
    with LoopbackServer(lambda r: answer) as server, pytest.raises(HTTPStatusError) as info:
        make_fetcher().fetch(server.url)
    assert info.value.retry_after == MAX_RETRY_AFTER and sleeps == []


@pytest.mark.parametrize("length", ["²", "１２", "-1", "9" * 5000, "1e3"])
def test_odd_content_lengths_never_crash(make_fetcher, length) -> None:
    def liar(conn: socket.socket) -> None:
        conn.sendall(
            f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {length}\r\n".encode()
            + b"Connection: close\r\n\r\n<p>ok</p>"
        )

    with RawServer(liar) as server:
        try:
            page = make_fetcher(retries=0).fetch(server.url)
        except (NetworkError, TooLarge) as exc:
            assert str(exc).startswith(server.url)
        else:
            assert "ok" in page.text


# foreign exceptions ----------------------------------------------------------------------------


def _exception_classes(module: object) -> set[type]:
    return {
        value
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, Exception)
    }


def test_every_httpx_and_httpcore_exception_class_is_mapped() -> None:
    import httpcore

    from translator.fetch.failures import HTTPCORE_TO_HTTPX, HTTPX_ERRORS

    assert _exception_classes(httpx) - set(HTTPX_ERRORS) == set()
    assert _exception_classes(httpcore) - set(HTTPCORE_TO_HTTPX) == set()


def test_each_mapped_httpx_error_is_one_line_naming_the_url() -> None:
    from translator.errors import FetchError
    from translator.fetch.failures import HTTPX_ERRORS, fetch_error

    for cls in HTTPX_ERRORS:
        try:
            exc = cls("boom\nsecond line")
        except TypeError:  # HTTPStatusError needs a request and a response
            continue
        error = fetch_error("http://x.example/a", exc)
        assert isinstance(error, FetchError)
        assert str(error).startswith("http://x.example/a: ") and "\n" not in str(error), cls


# charsets the header names --------------------------------------------------------------------


@pytest.mark.parametrize("label", ["utf-16le", "UTF-16LE", "utf-16"])
def test_bomless_utf16le_named_by_the_header_is_honoured(make_fetcher, label) -> None:
    body = RUSSIAN.encode("utf-16-le")
    with LoopbackServer(
        lambda r: Reply(body, content_type=f"text/html; charset={label}")
    ) as server:
        page = make_fetcher().fetch(server.url)
    assert page.text == RUSSIAN and page.encoding.startswith("utf-16")


def test_a_utf16_label_on_a_utf8_body_is_not_believed() -> None:
    assert decode_html(RUSSIAN.encode("utf-8"), "utf-16le") == (RUSSIAN, "utf-8")


# the one retry policy ---------------------------------------------------------------------------


def test_retry_policy_backs_off_honours_retry_after_and_gives_up() -> None:
    from translator.errors import EngineUnavailable
    from translator.retry import RetryPolicy, call

    waits: list[float] = []
    failures = iter(
        [NetworkError("x: reset"), EngineUnavailable("e: 429", retry_after=4.0), NetworkError("x")]
    )

    def flaky() -> str:
        failure = next(failures, None)
        if failure is not None:
            raise failure
        return "ok"

    assert call(flaky, RetryPolicy(retries=3, base=0.5, cap=10), sleep=waits.append) == "ok"
    assert waits == [0.5, 4.0, 2.0]

    waits.clear()
    with pytest.raises(EngineUnavailable, match="asked too long"):
        call(
            lambda: (_ for _ in ()).throw(EngineUnavailable("asked too long", retry_after=3600)),
            RetryPolicy(retries=3, max_retry_after=30),
            sleep=waits.append,
        )
    assert waits == []
    with pytest.raises(InvalidURL):
        call(lambda: (_ for _ in ()).throw(InvalidURL("x")), RetryPolicy(), sleep=waits.append)
    assert waits == []


def test_retry_policy_with_jitter_stays_under_the_cap() -> None:
    from translator.retry import RetryPolicy, call

    waits: list[float] = []
    with pytest.raises(NetworkError):
        call(
            lambda: (_ for _ in ()).throw(NetworkError("x")),
            RetryPolicy(retries=6, base=1.0, cap=5.0, jitter=True),
            sleep=waits.append,
        )
    assert len(waits) == 6 and all(0 <= w <= 5.0 for w in waits)


@pytest.mark.parametrize(
    "toml, key",
    [
        ('[fetch]\nproxy = "ftp://proxy.example:21"\n', "fetch.proxy"),
        (
            '[[sources]]\nname = "a"\nurl = "https://a.example/rss"\nproxy = "socks4://x:1"\n',
            "sources[0].proxy",
        ),
    ],
)
def test_a_proxy_that_is_not_a_proxy_url_is_a_config_error(tmp_path, toml, key) -> None:
    from translator.config import load_config
    from translator.errors import ConfigError

    (tmp_path / "config.toml").write_text(toml, "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "config.toml")
    assert f"{key}: not a proxy URL" in str(caught.value) and "line " in str(caught.value)


@pytest.mark.parametrize(
    "proxy", ["ftp://x:1", "http://[::1", "socks4://127.0.0.1:1", "http://h:99999"]
)
def test_an_unusable_proxy_in_the_environment_is_one_line(make_fetcher, monkeypatch, proxy) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy)
    monkeypatch.delenv("NO_PROXY", raising=False)
    with pytest.raises(NetworkError) as caught:
        make_fetcher(retries=0).fetch("http://127.0.0.1:9/")
    assert "cannot use the proxy (unusable proxy URL" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_proxy_that_answers_502_is_one_line(make_fetcher, monkeypatch) -> None:
    from tests.servers import ForwardProxy

    with ForwardProxy({}) as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        with pytest.raises(HTTPStatusError, match="HTTP 502"):
            make_fetcher(retries=0).fetch("http://unknown.test/a")


# whatever the bytes, a FetchError or a page ----------------------------------------------------

PIECES = [
    b"HTTP/1.1 200 OK\r\n",
    b"HTTP/1.1 100 Continue\r\n\r\n",
    b"HTTP/1.0 301 Moved\r\nLocation: \x00://\r\n\r\n",
    b"Content-Length: 5\r\n",
    b"Content-Length: -1\r\n",
    b"Transfer-Encoding: chunked\r\n",
    b"Content-Encoding: gzip\r\n",
    b"Content-Encoding: br, deflate\r\n",
    b"Content-Type: text/html; charset=utf-16\r\n",
    b"\r\n",
    b"zzz\r\n",
    b"\x1f\x8b\x08\x00garbage",
    b"<html>\xd0\xbf</html>",
    b"HTTP/9.9 999 ???\r\n",
    b"Location: http://[::1\r\n",
    b"Retry-After: 1e999\r\n",
    b"HTTP/1.1 503 x\r\n",
    b"Location: //\r\n",
    b"HTTP/1.1 302 x\r\n",
    b"Content-Type: \xff\xfe\r\n",
]


def test_broken_responses_give_a_fetch_error_or_a_page(make_fetcher) -> None:
    import random

    rng = random.Random(3)  # fixed: the same 120 answers every run
    answers = [b"".join(rng.choices(PIECES, k=rng.randint(1, 8))) for _ in range(120)]
    current = [b""]
    with RawServer(lambda conn: conn.sendall(current[0])) as server:
        fetcher = make_fetcher(timeout=0.5, retries=0)
        for answer in answers:
            current[0] = answer
            for accept in ("html", "feed", "any"):
                try:
                    fetcher.fetch(server.url + "/x", accept=accept)
                except (NetworkError, HTTPStatusError, InvalidURL, NotHTML, TooLarge) as exc:
                    assert str(exc).startswith(server.url) and "\n" not in str(exc), answer
