"""The offline engine: a CTranslate2 model and its SentencePiece tokenizer, on this machine.

A model folder is either an Argos Translate package (`model/` + `sentencepiece.model`,
`metadata.json`) or an OPUS-MT model converted with `ct2-opus-mt-converter` (`model.bin`
plus the `source.spm`/`target.spm` copied in). `install_model` puts one under the models
folder for `translator models add PATH`, converting an unconverted OPUS-MT download (the zip
or its folder, with `decoder.yml`) on the way. No torch, no network.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import razdel

from translator.config import Config
from translator.errors import EngineError
from translator.translate.engines.base import Engine


@dataclass
class ModelFiles:
    """Where the pieces of one model are."""

    model_dir: Path
    source_spm: Path
    target_spm: Path
    source_lang: str | None = None
    target_lang: str | None = None


def locate_model(folder: Path) -> ModelFiles:
    """The CTranslate2 model and tokenizers inside `folder`; EngineError if they are not there."""
    folder = Path(folder)
    candidates = (
        [folder, folder / "model"] + [p for p in folder.iterdir() if p.is_dir()]
        if folder.is_dir()
        else []
    )
    model_dir = next((c for c in candidates if (c / "model.bin").is_file()), None)
    if model_dir is None:
        raise EngineError(
            f"{folder}: not a CTranslate2 model folder (no model.bin); see "
            "README, 'Offline translation'"
        )
    places = list(dict.fromkeys([model_dir, folder, model_dir.parent]))

    def find(*names: str) -> Path | None:
        return next((p / n for p in places for n in names if (p / n).is_file()), None)

    shared = find("sentencepiece.model", "spm.model")
    source = find("source.spm") or shared
    target = find("target.spm") or shared
    if source is None or target is None:
        raise EngineError(
            f"{folder}: no SentencePiece model (sentencepiece.model, or "
            "source.spm and target.spm) next to model.bin"
        )
    meta = find("metadata.json")
    src_lang = tgt_lang = None
    if meta:
        try:
            data = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            data = None
        if isinstance(data, dict):
            codes = data.get("from_code"), data.get("to_code")
            src_lang, tgt_lang = (c if isinstance(c, str) else None for c in codes)
    return ModelFiles(model_dir, source, target, src_lang, tgt_lang)


def models_dir() -> Path:
    """Where `translator models add` installs models: $TRANSLATOR_MODELS, else
    $XDG_DATA_HOME/translator/models (~/.local/share/translator/models)."""
    if os.environ.get("TRANSLATOR_MODELS"):
        return Path(os.environ["TRANSLATOR_MODELS"]).expanduser()
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data).expanduser() / "translator" / "models"


def install_model(path: str | Path, models: str | Path) -> Path:
    """Copy a model folder (or unpack an .argosmodel file) into `models`; return where it went."""
    path = Path(path).expanduser()
    models = Path(models)
    if not path.exists():
        raise EngineError(f"{path}: no such file or folder")
    with tempfile.TemporaryDirectory() as tmp:
        if path.is_file():
            try:
                with zipfile.ZipFile(path) as archive:
                    archive.extractall(tmp)
            except zipfile.BadZipFile as exc:
                raise EngineError(f"{path}: not a model folder or .argosmodel archive") from exc
            entries = [p for p in Path(tmp).iterdir()]
            source = entries[0] if len(entries) == 1 and entries[0].is_dir() else Path(tmp)
            name = path.stem
        else:
            source, name = path, path.name
        if (source / "decoder.yml").is_file() and not (source / "model.bin").is_file():
            converted = Path(tmp) / "converted"
            _convert_opus_mt(source, converted)
            source = converted
        files = locate_model(source)
        if files.source_lang and files.target_lang:
            name = f"{files.source_lang}-{files.target_lang}-{name}"
        destination = models / name
        if destination.resolve() == path.resolve():
            raise EngineError(f"{path}: this model is already installed")
        try:
            models.mkdir(parents=True, exist_ok=True)
            # Copied beside its final place, then swapped in: a failed copy leaves the
            # installed model as it was.
            staging = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=models))
            shutil.copytree(source, staging / "model")
            if destination.exists():
                shutil.rmtree(destination)
            (staging / "model").rename(destination)
            shutil.rmtree(staging, ignore_errors=True)
        except OSError as exc:
            raise EngineError(f"{models}: cannot install the model: {exc.strerror or exc}") from exc
    locate_model(destination)
    return destination


def _convert_opus_mt(source: Path, output: Path) -> None:
    """Convert an OPUS-MT (Marian) model folder to CTranslate2, tokenizers alongside."""
    from ctranslate2.converters import OpusMTConverter

    try:
        OpusMTConverter(str(source)).convert(str(output))
    except (OSError, KeyError, ValueError, TypeError, RuntimeError) as exc:
        raise EngineError(f"{source}: cannot convert this OPUS-MT model: {exc}") from exc
    for name in ("source.spm", "target.spm", "README.md", "LICENSE"):
        if (source / name).is_file():
            shutil.copy(source / name, output / name)


def installed_models(models: Path) -> list[Path]:
    if not models.is_dir():
        return []
    return sorted(p for p in models.iterdir() if p.is_dir())


class OfflineEngine(Engine):
    """Translates sentence by sentence with CTranslate2; a request is a batch of segments."""

    name = "offline"
    max_items = 32
    max_chars = 20_000

    def __init__(
        self,
        folder: str | Path,
        beam_size: int = 2,
        max_decoding_length: int = 256,
        device: str = "cpu",
        threads: int = 0,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        import ctranslate2
        import sentencepiece

        self.files = locate_model(Path(folder))
        try:
            self._translator = ctranslate2.Translator(
                str(self.files.model_dir), device=device, intra_threads=threads
            )
            self._source_sp = sentencepiece.SentencePieceProcessor(
                model_file=str(self.files.source_spm)
            )
            self._target_sp = sentencepiece.SentencePieceProcessor(
                model_file=str(self.files.target_spm)
            )
        except (RuntimeError, OSError, ValueError) as exc:
            raise EngineError(f"{folder}: cannot load the model: {exc}") from exc
        self.beam_size = beam_size
        self.max_decoding_length = max_decoding_length
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config: Config, url: str | None = None, **common: Any) -> OfflineEngine:
        """The model named by [engines.offline] model (a path or an installed name), or the
        only installed one."""
        chosen = config.engine_settings("offline").model or url or ""
        models = models_dir()
        if chosen:
            path = Path(chosen).expanduser()
            folder = path if path.exists() else models / chosen
            if not folder.exists():
                raise EngineError(
                    f"offline model {chosen!r} not found (installed: "
                    f"{', '.join(p.name for p in installed_models(models)) or 'none'})"
                )
        else:
            found = installed_models(models)
            if len(found) != 1:
                raise EngineError(
                    "engine 'offline' needs a model: run `translator models add PATH` "
                    + (
                        ""
                        if not found
                        else "and set [engines.offline] model to one of: "
                        + ", ".join(p.name for p in found)
                    )
                )
            folder = found[0]
        return cls(folder, **common)

    def _send(self, items: list[str]) -> list[str]:
        sentences: list[list[str]] = [
            [s.text for s in razdel.sentenize(item)] or [item] for item in items
        ]
        flat = [s for group in sentences for s in group]
        tokens = [self._source_sp.encode(s, out_type=str) for s in flat]
        with self._lock:
            try:
                # replace_unknowns copies the source token for <unk>: names survive.
                results = self._translator.translate_batch(
                    tokens,
                    beam_size=self.beam_size,
                    replace_unknowns=True,
                    max_decoding_length=self.max_decoding_length,
                )
            except (RuntimeError, ValueError) as exc:
                raise EngineError(f"offline: translation failed: {exc}") from exc
        decoded = iter(self._target_sp.decode(r.hypotheses[0]) for r in results)
        return [" ".join(next(decoded) for _ in group).strip() for group in sentences]
