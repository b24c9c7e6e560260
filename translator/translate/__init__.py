"""translate: every block of an article into English through one engine, nothing paid twice.

`stage` is the stage itself; `units` cuts an article into what the engine sees; `session`
asks the memory and the engines, verifies every answer (`checks`) and falls back; `batching`
groups segments into requests; `segment` and `packing` mask and join the text (packing: the
`[[N]]` boundary markers); `memory` stores and reads verified segments; `engines/` holds
the engines.
"""

from translator.translate.session import TranslationStats
from translator.translate.stage import translate_article

__all__ = ["TranslationStats", "translate_article"]
