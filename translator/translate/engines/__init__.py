"""engines: the translation services and the offline model, behind one `Engine` interface.

`registry` lists them and builds them; `base` is the interface; one module per family.
"""

from translator.translate.engines.base import Context, Engine, Usage
from translator.translate.engines.registry import ENGINES, engine_table, get_engine

__all__ = ["ENGINES", "Context", "Engine", "Usage", "engine_table", "get_engine"]
