"""translate: every block of an article into English through one engine, nothing paid twice.

`stage` is the stage itself (packing, memory, fallbacks); `segment` and `packing` cut and join
the text an engine sees; `checks` verifies what comes back; `engines/` holds the engines.
"""

from translator.translate.stage import TranslationStats, translate_article

__all__ = ["TranslationStats", "translate_article"]
