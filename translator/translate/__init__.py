"""translate: every block of an article into English through one engine, nothing paid twice.

`stage` is the stage itself; `units` cuts an article into what the engine sees; `session`
asks the memory and the engines, verifies every answer (`checks`) and falls back; `batching`
groups segments into requests; `segment` and `packing` mask and join the text (packing: the
`[[N]]` boundary markers); `memory` stores and reads verified segments; `engines/` holds
the engines. Names are imported on first use, so reading the engine registry (config.toml
validation, `translator engines`) loads none of the stage.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from translator.translate.session import TranslationStats
    from translator.translate.stage import translate_article

_HOMES = {"TranslationStats": "session", "translate_article": "stage"}

__all__ = ["TranslationStats", "translate_article"]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'translator.translate' has no attribute {name!r}")
    return getattr(importlib.import_module(f"translator.translate.{_HOMES[name]}"), name)
