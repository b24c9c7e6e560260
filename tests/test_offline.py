"""The offline engine, run for real on a tiny CTranslate2 transformer built at test time."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from translator.article import Article, Block
from translator.config import Config, EngineSettings
from translator.errors import EngineError
from translator.store import Cache
from translator.translate import translate_article
from translator.translate.engines import get_engine
from translator.translate.engines.offline import (
    OfflineEngine,
    install_model,
    locate_model,
    models_dir,
)

ctranslate2 = pytest.importorskip("ctranslate2")
spm = pytest.importorskip("sentencepiece")

LINES = [
    "Суд оштрафовал издание на 500 тысяч рублей.",
    "Президент подписал закон о новых правилах.",
    "В Москве прошла акция протеста против войны.",
    "The court fined the outlet 500 thousand rubles.",
    "The president signed the law on new rules.",
    "A protest against the war took place in Moscow.",
]


def _train_spm(folder: Path, name: str) -> list[str]:
    """A tiny SentencePiece model trained on LINES; returns its vocabulary."""
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(LINES * 20),
        model_prefix=str(folder / name),
        vocab_size=60,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        bos_id=-1,
        eos_id=-1,
        unk_id=0,
        pad_id=-1,
        minloglevel=2,
    )
    sp = spm.SentencePieceProcessor(model_file=str(folder / f"{name}.model"))
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


def _fill(
    spec: object, d: int, ff: int, src_vocab: int, tgt_vocab: int, rng: np.random.Generator
) -> None:
    """Give every required weight of a 1-layer transformer spec a small random value."""

    def shape(name: str) -> tuple[int, ...]:
        if name.endswith(("gamma", "beta")):
            return (d,)
        if "embeddings" in name:
            return (src_vocab if name.startswith("encoder") else tgt_vocab, d)
        if "projection" in name:
            return (tgt_vocab, d)
        if "ffn/linear_0" in name:
            return (ff, d)
        if "ffn/linear_1" in name:
            return (d, ff)
        if "self_attention/linear_0" in name:
            return (3 * d, d)
        if "/attention/linear_1" in name:
            return (2 * d, d)
        return (d, d)

    def visit(scope: object, name: str, value: object) -> None:
        if value is None:
            attr = name.rsplit("/", 1)[-1]
            init = np.ones if attr == "gamma" else (np.zeros if attr == "beta" else None)
            array = init(shape(name)) if init else rng.normal(0, 0.3, shape(name))
            setattr(scope, attr, array.astype(np.float32))

    spec._visit(visit)  # type: ignore[attr-defined]


def build_tiny_model(folder: Path) -> Path:
    """A real (if useless) CTranslate2 ru->en model with an Argos-style layout."""
    from ctranslate2.specs import TransformerSpec

    folder.mkdir(parents=True, exist_ok=True)
    vocab = _train_spm(folder, "sentencepiece")
    full = ["<blank>", "<s>", "</s>"] + [v for v in vocab if v not in ("<blank>", "<s>", "</s>")]
    spec = TransformerSpec.from_config(1, 2)
    _fill(spec, d=16, ff=32, src_vocab=len(full), tgt_vocab=len(full), rng=np.random.default_rng(7))
    spec.register_source_vocabulary(full)
    spec.register_target_vocabulary(full)
    spec.validate()
    spec.optimize(quantization=None)
    (folder / "model").mkdir()
    spec.save(str(folder / "model"))
    (folder / "metadata.json").write_text(json.dumps({"from_code": "ru", "to_code": "en"}))
    return folder


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("model") / "translate-ru_en")


@pytest.mark.parametrize(
    "metadata", ["[1, 2]", "[" * 200_000 + "]" * 200_000, '{"from_code": 1, "to_code": ["en"]}']
)
def test_a_metadata_file_of_another_shape_names_no_languages(tmp_path: Path, metadata: str) -> None:
    """An unpacked model's metadata.json is outside input: a list, a nesting past Python's
    recursion limit or codes that are not text read as no languages, never a crash."""
    folder = tmp_path / "m"
    (folder / "model").mkdir(parents=True)
    (folder / "model" / "model.bin").write_bytes(b"")
    (folder / "sentencepiece.model").write_bytes(b"")
    (folder / "metadata.json").write_text(metadata)
    files = locate_model(folder)
    assert (files.source_lang, files.target_lang) == (None, None)


def test_locate_finds_argos_layout(tiny_model: Path) -> None:
    files = locate_model(tiny_model)
    assert files.model_dir == tiny_model / "model"
    assert files.source_spm == files.target_spm == tiny_model / "sentencepiece.model"
    assert (files.source_lang, files.target_lang) == ("ru", "en")


def test_engine_translates_each_segment_for_real(tiny_model: Path) -> None:
    engine = OfflineEngine(tiny_model, max_decoding_length=12)
    items = ["Суд оштрафовал издание. Президент подписал закон.", "В Москве прошла акция."]
    out = engine.send(items)
    assert len(out) == 2
    assert all(isinstance(t, str) and t.strip() for t in out)
    # deterministic: greedy/beam decoding of fixed weights gives the same answer twice
    assert engine.send(items) == out


def test_install_and_get_engine_through_config(
    tiny_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRANSLATOR_MODELS", str(tmp_path / "models"))
    config = Config()
    with pytest.raises(EngineError, match="models add"):
        get_engine("offline", config)
    installed = install_model(tiny_model, models_dir())
    assert installed.parent == tmp_path / "models"
    assert installed.name == "ru-en-translate-ru_en"
    engine = get_engine("offline", config)
    assert isinstance(engine, OfflineEngine)
    engine.max_decoding_length = 8
    article = Article(
        url="http://example.test/a",
        title="Суд оштрафовал издание",
        blocks=[
            Block("paragraph", "Президент подписал закон."),
            Block("paragraph", "В Москве прошла акция."),
        ],
    )
    stats = translate_article(article, engine, Cache(tmp_path / "cache"))
    assert article.engine == "offline"
    assert article.title_en and all(b.text_en for b in article.blocks)
    assert stats.segments == 3


def test_install_unpacks_an_argosmodel_archive(tiny_model: Path, tmp_path: Path) -> None:
    archive = tmp_path / "translate-ru_en-1_9.argosmodel"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in tiny_model.rglob("*"):
            zf.write(path, Path("translate-ru_en") / path.relative_to(tiny_model))
    installed = install_model(archive, tmp_path / "models")
    assert locate_model(installed).model_dir == installed / "model"


def test_named_model_and_bad_folders(
    tiny_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRANSLATOR_MODELS", str(tmp_path / "models"))
    config = Config(engines={"offline": EngineSettings(model=str(tiny_model))})
    assert isinstance(get_engine("offline", config), OfflineEngine)
    config = Config(engines={"offline": EngineSettings(model="nope")})
    with pytest.raises(EngineError, match="not found"):
        get_engine("offline", config)
    with pytest.raises(EngineError, match="model.bin"):
        install_model(tmp_path, tmp_path / "models")


def test_opus_mt_layout_with_source_and_target_spm(tiny_model: Path, tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "opus-mt-ru-en"
    shutil.copytree(tiny_model / "model", folder)
    shutil.copy(tiny_model / "sentencepiece.model", folder / "source.spm")
    shutil.copy(tiny_model / "sentencepiece.model", folder / "target.spm")
    files = locate_model(folder)
    assert (files.model_dir, files.source_spm, files.target_spm) == (
        folder,
        folder / "source.spm",
        folder / "target.spm",
    )
    engine = OfflineEngine(folder, max_decoding_length=6)
    assert len(engine.send(["Суд оштрафовал издание."])) == 1


def _write_marian_download(folder: Path) -> None:
    """A tiny OPUS-MT download as Helsinki-NLP ships it: Marian .npz, vocab .yml, decoder.yml."""
    folder.mkdir(parents=True)
    vocab = _train_spm(folder, "spm")
    (folder / "spm.model").rename(folder / "source.spm")
    (folder / "spm.vocab").unlink()
    import shutil

    shutil.copy(folder / "source.spm", folder / "target.spm")
    tokens = ["</s>", "<unk>"] + [v for v in vocab if v not in ("</s>", "<unk>", "<s>")]
    (folder / "opus.vocab.yml").write_text(
        "".join(
            '"{}": {}\n'.format(t.replace("\\", "\\\\").replace('"', '\\"'), i)
            for i, t in enumerate(tokens)
        ),
        encoding="utf-8",
    )
    config = (
        "type: transformer\ntransformer-decoder-autoreg: self-attention\n"
        "transformer-no-projection: false\ntransformer-ffn-activation: swish\n"
        "transformer-postprocess-emb: d\ntransformer-preprocess: ''\n"
        "transformer-postprocess: dan\ntransformer-guided-alignment-layer: last\n"
        "enc-depth: 1\ndec-depth: 1\ntransformer-heads: 2\n"
    )
    d, ff, v = 16, 32, len(tokens)
    rng = np.random.default_rng(3)
    weights = {
        "special:model.yml": np.frombuffer(config.encode() + b"\0", dtype=np.int8),
        "Wemb": rng.normal(0, 0.3, (v, d)),
        "decoder_ff_logit_out_b": np.zeros((1, v)),
    }
    for scope, attentions in (("encoder_l1", ["self"]), ("decoder_l1", ["self", "context"])):
        for att in attentions:
            for x in "qkvo":
                weights[f"{scope}_{att}_W{x}"] = rng.normal(0, 0.3, (d, d))
                weights[f"{scope}_{att}_b{x}"] = np.zeros((1, d))
            weights[f"{scope}_{att}_Wo_ln_scale"] = np.ones((1, d))
            weights[f"{scope}_{att}_Wo_ln_bias"] = np.zeros((1, d))
        weights[f"{scope}_ffn_W1"] = rng.normal(0, 0.3, (d, ff))
        weights[f"{scope}_ffn_b1"] = np.zeros((1, ff))
        weights[f"{scope}_ffn_W2"] = rng.normal(0, 0.3, (ff, d))
        weights[f"{scope}_ffn_b2"] = np.zeros((1, d))
        weights[f"{scope}_ffn_ffn_ln_scale"] = np.ones((1, d))
        weights[f"{scope}_ffn_ffn_ln_bias"] = np.zeros((1, d))
    np.savez(
        folder / "opus.model.npz",
        **{
            k: np.asarray(a, dtype=np.float32) if k != "special:model.yml" else a
            for k, a in weights.items()
        },
    )
    (folder / "decoder.yml").write_text(
        "models:\n  - opus.model.npz\nvocabs:\n  - opus.vocab.yml\n  - opus.vocab.yml\n",
        encoding="utf-8",
    )


def test_install_converts_an_opus_mt_download(tmp_path: Path) -> None:
    download = tmp_path / "opus-2020-02-26"
    _write_marian_download(download)
    archive = tmp_path / "opus-2020-02-26.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in download.iterdir():
            zf.write(path, path.name)  # the real zip has its files at the top level
    installed = install_model(archive, tmp_path / "models")
    files = locate_model(installed)
    assert files.model_dir == installed and files.source_spm == installed / "source.spm"
    engine = OfflineEngine(installed, max_decoding_length=6)
    out = engine.send(["Суд оштрафовал издание.", "Президент подписал закон."])
    assert len(out) == 2 and all(isinstance(t, str) for t in out)
