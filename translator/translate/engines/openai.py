"""`openai`: any server speaking OpenAI's Chat Completions protocol, over httpx.

OpenAI itself, Azure OpenAI (set `api_version`: the key goes in `api-key` and the URL is the
deployment's), OpenRouter, Mistral, Groq, and local servers (Ollama, vLLM, llama.cpp, LM
Studio) through `engine_url`, which is the base that `/chat/completions` is appended to
(e.g. http://localhost:11434/v1). With `json_schema` on (the default) the request asks for
structured output with the answer's JSON schema; servers that ignore it are still checked.
"""

from __future__ import annotations

import logging
from typing import Any

from translator.config import Config, EngineSettings
from translator.errors import BadTranslation
from translator.translate.engines.base import Usage
from translator.translate.engines.http import HttpEngine, RequestRefused
from translator.translate.engines.llm import (
    SCHEMA,
    ModelEngineMixin,
    ModelSettings,
    model_settings,
)
from translator.translate.resilience import MinuteLimiter

OPENAI_URL = "https://api.openai.com/v1"
log = logging.getLogger(__name__)


class OpenAIEngine(ModelEngineMixin, HttpEngine):
    """Chat Completions: system prompt, the document as the user message, JSON back."""

    name = "openai"

    def __init__(
        self,
        settings: ModelSettings,
        api_key: str = "",
        url: str | None = None,
        api_version: str = "",
        minute_limiter: MinuteLimiter | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.settings = settings
        self.api_key = api_key
        self.api_version = api_version
        self.url = (url or OPENAI_URL).rstrip("/") + "/chat/completions"
        self.minute_limiter = minute_limiter or MinuteLimiter()

    @classmethod
    def from_settings(
        cls, settings: EngineSettings, url: str | None, api_key: str, config: Config, **common
    ) -> OpenAIEngine:
        limiter = MinuteLimiter(settings.requests_per_minute, settings.tokens_per_minute)
        return cls(
            model_settings(cls.name, settings),
            api_key,
            url,
            settings.api_version,
            limiter,
            **common,
        )

    def _complete(self, system: str, document: str, usage: Usage | None) -> tuple[str, bool]:
        try:
            return self._chat(system, document, usage)
        except RequestRefused as exc:
            if exc.status != 400 or not self.settings.json_schema:
                raise
            # Servers that do not know structured output refuse the field: ask without it
            # from now on (answers are verified either way).
            log.warning(
                "%s: the server refused response_format (%s); asking without it", self.name, exc
            )
            self.settings.json_schema = False
            return self._chat(system, document, usage)

    def _chat(self, system: str, document: str, usage: Usage | None) -> tuple[str, bool]:
        body: dict[str, object] = {
            "model": self.settings.model,
            "messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": document},
            ],
            "temperature": 0,
            "max_tokens": self.settings.max_output_tokens,
        }
        if self.settings.json_schema:
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "translation", "strict": True, "schema": SCHEMA},
            }
        headers, params = {}, {}
        if self.api_version:
            headers["api-key"] = self.api_key
            params["api-version"] = self.api_version
        elif self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        data = self.post_json(self.url, json=body, headers=headers, params=params)
        try:
            choice = data["choices"][0]
            content = choice["message"].get("content") or ""
            finish = choice.get("finish_reason")
        except (KeyError, TypeError, IndexError, AttributeError) as exc:
            raise BadTranslation(f"{self.name}: malformed answer") from exc
        if usage is not None and isinstance(data, dict) and isinstance(data.get("usage"), dict):
            counts = data["usage"]
            usage.add(_int(counts.get("prompt_tokens")), _int(counts.get("completion_tokens")))
        if choice["message"].get("refusal"):
            raise BadTranslation(f"{self.name}: the model refused: {choice['message']['refusal']}")
        if not isinstance(content, str):
            raise BadTranslation(f"{self.name}: malformed answer")
        return content, finish == "length"


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0
