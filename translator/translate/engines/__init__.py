"""engines: the translation services and the offline model, behind one `Engine` interface.

`registry` lists them and builds them; `base` is the interface; one module per family.
Names are imported on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from translator.translate.engines.base import Context, Engine, Usage
    from translator.translate.engines.registry import ENGINES, engine_table, get_engine

_HOMES = {
    "Context": "base",
    "Engine": "base",
    "Usage": "base",
    "ENGINES": "registry",
    "engine_table": "registry",
    "get_engine": "registry",
}

__all__ = ["ENGINES", "Context", "Engine", "Usage", "engine_table", "get_engine"]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'translator.translate.engines' has no attribute {name!r}")
    return getattr(importlib.import_module(f"translator.translate.engines.{_HOMES[name]}"), name)
