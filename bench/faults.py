"""The fault-injection table: every fault class, cases tried, survived, data lost, and the peak
memory of fetching a 50 MB response.

    python bench/faults.py

Runs the fault tests of the suite (loopback servers that misbehave on purpose) through pytest
with a JUnit report, sorts them into fault classes, and prints one row per class. A case
"survived" when its test passed: each of these tests asserts the clear one-line error, the
protection, and that nothing done before the fault was lost. "Data lost" counts failed cases
whose test checks for loss (pipeline, run, publish, translation memory, the store). Each row also
gives its slowest case in seconds, and the table ends with the peak resident memory of any
process the tests ran. Then it serves 50 MB on loopback and measures the fetcher's peak Python
memory while refusing it.
"""

from __future__ import annotations

import re
import resource
import subprocess
import sys
import tempfile
import tracemalloc
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (fault class, test file, regex on the test name); a test counts in the first class it matches
CLASSES = [
    ("pages: 404/429/5xx, Retry-After", "test_fetch.py", r"404|500|429|retry_after"),
    (
        "pages: 1xx floods, drips (one deadline)",
        "test_fetch.py",
        r"every_stage|one_off|fresh_deadline|bounded_client|deadline_budgets",
    ),
    ("numbers: Retry-After, Content-Length", "test_fetch.py", r"clamped|content_lengths"),
    ("pages: timeouts", "test_fetch.py", r"timeout|slow_drip"),
    ("pages: gzip/brotli, bomb, 50 MB", "test_fetch.py", r"gzip|bomb|fifty|over_the_cap"),
    (
        "pages: resets, truncation, refused",
        "test_fetch.py",
        r"reset|truncated|connection_refused|corrupt",
    ),
    ("pages: redirect loops, 30 hops", "test_fetch.py", r"redirect|hops"),
    ("pages: wrong or missing charset", "test_fetch.py", r"charset|decode"),
    ("pages: non-HTML (PDF, image, JSON)", "test_fetch.py", r"non_html|refuses_images"),
    ("pages: bad pages end to end", "test_pipeline.py", r"bad_pages|bad_url|unreachable"),
    (
        "engines: 429/5xx/timeouts/resets/dying",
        "test_translate.py",
        r"retries|retried|not_found|dying|timeouts|budget|fallback|retry_after",
    ),
    (
        "engines: empty, malformed, misaligned",
        "test_translate.py",
        r"misaligned|never_aligns|echoed|lost_placeholder|marker|faults|newlines",
    ),
    ("engines: faults end to end", "test_pipeline.py", r"engine_5xx"),
    ("process: kill -9, two runs, stale lock", "test_run.py", r"kill|lock"),
    (
        "disk: full, unwritable output",
        "test_publish.py",
        r"unwritable|read_only|permission|disk_full",
    ),
    (
        "hostile: scripts/handlers/js: URLs in HTML",
        "test_render.py",
        r"hostile|script|escape|sanit",
    ),
    ("hostile: fuzzed HTML and articles", "test_fuzz_render.py", r"."),
    ("hostile: fuzzed HTML and articles", "test_fuzz_extract.py", r"."),
    ("hostile: file names escaping --out", "test_publish.py", r"hostile|symlink|slug"),
    ("hostile: entity bombs, not-a-feed", "test_sources.py", r"bomb|not_a_feed|bad_source"),
    (
        "feeds: any declared encoding, UTF-16, dates",
        "test_sources.py",
        r"entities_are_refused|unknown_declared|bogus|bomless|mislabelled|dates_out|nested",
    ),
    (
        "robots.txt: backtracking, size, Crawl-delay",
        "test_robots.py",
        r"backtracking|max_bytes|clamped",
    ),
    ("networks: proxies without local DNS", "test_sources.py", r"proxy|local_dns"),
    ("networks: proxies without local DNS", "test_fetch.py", r"proxy"),
    ("hostile: internal addresses (SSRF)", "test_netguard.py", r"."),
    ("hostile: internal addresses (SSRF)", "test_fetch.py", r"untrusted|every_hop|scheme"),
    ("hostile: internal addresses (SSRF)", "test_run.py", r"internal"),
    ("config.toml errors", "test_config.py", r"mistakes|syntax|one_line"),
    # what one article, feed, answer or cache row could do to every later run (issue 15)
    (
        "run: every bad class beside a good source",
        "test_run.py",
        r"every_bad_class|breaks_decoding|as_long_as_the_server_asked",
    ),
    (
        "engines: U+FFFF, surrogates, non-UTF-8, service text",
        "test_translate_answers.py",
        r"bad_answer|quota|service_message",
    ),
    ("engines: words moved across a marker", "test_translate_answers.py", r"moved|boundary|shape"),
    (
        "engines: 200 MB answer, drips, endless 1xx",
        "test_translate_answers.py",
        r"oversized|one_deadline",
    ),
    ("articles: past the per-article caps", "test_translate_answers.py", r"_cap_"),
    ("pages: JSON-LD 100,000 deep, huge pages", "test_extract_structure.py", r"json_ld"),
    ("pages: JSON-LD 100,000 deep, huge pages", "test_extract_templates.py", r"huge_page"),
    ("pages: speaking for another (canonical)", "test_run.py", r"canonical"),
    ("files: planted symlinks", "test_run.py", r"symlink|regular_file"),
    ("files: planted symlinks", "test_publish.py", r"planted|symlink"),
    (
        "config: nan, inf, ranges, slugs, /dev/zero",
        "test_config.py",
        r"every_number|huge_glossary|values_are_checked",
    ),
    (
        "cache: corrupt rows, other schemas",
        "test_store.py",
        r"corrupt|unsound|before_versions|newer|unversioned|older_cache",
    ),
    ("cache: full disk", "test_store.py", r"full"),
    ("cache: bodies pruned, dry run", "test_store.py", r"lose_their_bodies|dry_run"),
    ("process: signals mid-run", "test_run.py", r"sigint|signal"),
]
LOSS_CHECKED = {
    "test_pipeline.py",
    "test_run.py",
    "test_publish.py",
    "test_translate.py",
    "test_translate_answers.py",
    "test_store.py",
}


def run_suite(report: Path) -> None:
    files = sorted({f"tests/{name}" for _, name, _ in CLASSES})
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--junitxml={report}",
            *files,
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        check=False,
    )


def tabulate(report: Path) -> list[tuple[str, int, int, int, float]]:
    """(class, tried, survived, data lost, seconds of its slowest case) per fault class."""
    rows: dict[str, list[float]] = {name: [0, 0, 0, 0.0] for name, _, _ in CLASSES}
    for case in ET.parse(report).getroot().iter("testcase"):
        module = case.get("classname", "").rsplit(".", 1)[-1] + ".py"
        name = case.get("name", "")
        if case.find("skipped") is not None:
            continue
        for fault, file, pattern in CLASSES:
            if file == module and re.search(pattern, name):
                failed = case.find("failure") is not None or case.find("error") is not None
                rows[fault][0] += 1
                rows[fault][1] += not failed
                rows[fault][2] += failed and file in LOSS_CHECKED
                rows[fault][3] = max(rows[fault][3], float(case.get("time", 0.0)))
                break
    return [(name, int(a), int(b), int(c), d) for name, (a, b, c, d) in rows.items()]


def fifty_megabytes_peak() -> tuple[str, float]:
    """Fetch a 50 MB page sent without Content-Length (so the cap must hold while reading)."""
    from tests.servers import RawServer, head
    from translator.config import FetchConfig
    from translator.errors import TooLarge
    from translator.fetch.client import Fetcher

    def firehose(conn) -> None:
        conn.sendall(head(Content_Type="text/html", Connection="close"))
        chunk = b"<p>" + b"a" * 65533
        for _ in range(50_000_000 // len(chunk)):
            conn.sendall(chunk)

    with RawServer(firehose) as server:
        tracemalloc.start()
        outcome = "fetched (cap not enforced!)"
        with Fetcher(FetchConfig(retries=0)) as fetcher:
            try:
                fetcher.fetch(server.url)
            except TooLarge as exc:
                outcome = f"refused: {exc}"
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return outcome, peak / 1e6


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "junit.xml"
        run_suite(report)
        rows = tabulate(report)
    width = max(len(name) for name, *_ in rows)
    head = f"{'fault class':<{width}}  {'tried':>5}  {'survived':>8}  {'data lost':>9}"
    print(f"{head}  {'slowest s':>9}")
    for name, tried, survived, lost, slowest in rows:
        print(f"{name:<{width}}  {tried:>5}  {survived:>8}  {lost:>9}  {slowest:>9.1f}")
    total = [sum(row[i] for row in rows) for i in (1, 2, 3)]
    print(f"{'total':<{width}}  {total[0]:>5}  {total[1]:>8}  {total[2]:>9}")
    # the largest resident set of any process the suite ran (pytest, its workers, the CLI)
    peak_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory of any test process: {peak_rss:.0f} MB")
    outcome, peak = fifty_megabytes_peak()
    print(f"\n50 MB response: {outcome}; peak traced memory {peak:.1f} MB")


if __name__ == "__main__":
    main()
