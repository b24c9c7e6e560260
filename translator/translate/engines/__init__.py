"""engines: the translation services and the offline model, behind one `Engine` interface."""

from translator.translate.engines.web import ENGINES, Engine, engine_table, get_engine

__all__ = ["ENGINES", "Engine", "engine_table", "get_engine"]
