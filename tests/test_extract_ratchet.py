"""The ratchet: extraction figures never drop below the last ones kept in bench/figures.json.

`python bench/extraction.py --save` writes the figures; this test recomputes ours (the fast
part: no baselines) on every dataset present and fails when an F1 drops below its saved value
or more articles are lost (an empty result where the reference has 30 words or more). Datasets that are not on this machine are skipped with a reason.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import extraction  # bench/ is a folder of scripts, not a package

SAVED = json.loads((ROOT / "bench" / "figures.json").read_text(encoding="utf-8"))


def _parts() -> list[tuple[str, Path, str]]:
    found = []
    for key in sorted(SAVED):
        name, _, split = key.partition("/")
        found.append((key, extraction.BENCH_DATA / name if split else extraction.DATA, split))
    return found


@pytest.mark.parametrize(("key", "folder", "split"), _parts(), ids=[k for k, _, _ in _parts()])
def test_no_extraction_figure_drops(key: str, folder: Path, split: str) -> None:
    if not (folder / "ground-truth.json").exists():
        pytest.skip(f"{key}: benchmark data not here ({folder}; see bench/get_datasets.py)")
    pages = extraction.load_pages(folder, split or "all")
    result = extraction.score("ours", pages, reference_holds=extraction.holds(folder))
    saved = SAVED[key]
    assert len(pages) == saved["pages"]
    assert round(result["F1"], 4) >= saved["F1"], f"{key}: F1 fell below {saved['F1']}"
    assert result["lost"] <= saved["lost"], f"{key}: more articles lost than {saved['lost']}"


def test_templates_leave_no_chrome_on_the_synthetic_sites() -> None:
    """bench/templates.py's figure for the sites it writes itself: 0 pages leak, every page kept."""
    from tests.synthetic_sites import SITES, site_pages
    from translator.article import Article
    from translator.extract import Options, extract
    from translator.extract.templates import Template, page_keys

    for host in SITES:
        pages = site_pages(host, 3)
        template = Template(host=host)
        for other in pages[1:2]:  # one sibling, the least the issue measures
            for key in page_keys(other.html, other.url):
                template.counts[key] = template.counts.get(key, 0) + 1
        page = pages[0]
        article = extract(Article(url=page.url, html=page.html), Options(template=template))
        text = "\n".join(block.text for block in article.blocks)
        assert [c for c in page.chrome if c in text] == []
        assert page.first in text and page.last in text
