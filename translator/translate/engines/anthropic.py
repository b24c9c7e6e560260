"""`anthropic`: Anthropic's Messages API (`POST /v1/messages`), over httpx.

The key goes in `x-api-key` with `anthropic-version`; the prompt is the system text, the
document the one user message. A `stop_reason` of `max_tokens` means a cut answer, never used.
"""

from __future__ import annotations

from typing import Any

from translator.config import Config, EngineSettings
from translator.errors import BadTranslation
from translator.translate.engines.base import Usage
from translator.translate.engines.http import HttpEngine
from translator.translate.engines.llm import ModelEngineMixin, ModelSettings, model_settings
from translator.translate.resilience import MinuteLimiter

ANTHROPIC_URL = "https://api.anthropic.com"
ANTHROPIC_VERSION = "2023-06-01"


class AnthropicEngine(ModelEngineMixin, HttpEngine):
    """Messages API: system prompt, the document as the user message, JSON back."""

    name = "anthropic"

    def __init__(
        self,
        settings: ModelSettings,
        api_key: str,
        url: str | None = None,
        minute_limiter: MinuteLimiter | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.settings = settings
        self.api_key = api_key
        self.url = (url or ANTHROPIC_URL).rstrip("/") + "/v1/messages"
        self.minute_limiter = minute_limiter or MinuteLimiter()

    @classmethod
    def from_settings(
        cls, settings: EngineSettings, url: str | None, api_key: str, config: Config, **common
    ) -> AnthropicEngine:
        limiter = MinuteLimiter(settings.requests_per_minute, settings.tokens_per_minute)
        return cls(model_settings(cls.name, settings), api_key, url, limiter, **common)

    def _complete(self, system: str, document: str, usage: Usage | None) -> tuple[str, bool]:
        body = {
            "model": self.settings.model,
            "max_tokens": self.settings.max_output_tokens,
            "system": system,
            "messages": [{"role": "user", "content": document}],
            "temperature": 0,
        }
        headers = {"x-api-key": self.api_key, "anthropic-version": ANTHROPIC_VERSION}
        data = self.post_json(self.url, json=body, headers=headers)
        try:
            blocks = data["content"]
            text = "".join(b.get("text", "") for b in blocks if b.get("type") == "text")
            stop = data.get("stop_reason")
        except (KeyError, TypeError, AttributeError) as exc:
            raise BadTranslation(f"{self.name}: malformed answer") from exc
        counts = data.get("usage") if isinstance(data, dict) else None
        if usage is not None and isinstance(counts, dict):
            usage.add(_int(counts.get("input_tokens")), _int(counts.get("output_tokens")))
        if stop == "refusal":
            raise BadTranslation(f"{self.name}: the model refused")
        return text, stop == "max_tokens"


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0
