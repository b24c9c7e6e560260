"""Yandex Translate API v2 over httpx."""

from __future__ import annotations

from typing import Any

from translator.errors import BadTranslation
from translator.translate.engines.http import HttpEngine


class YandexEngine(HttpEngine):
    """Yandex Translate API v2 (Yandex Cloud), `POST /translate/v2/translate` with a service
    account's API key (`Authorization: Api-Key`; such a key implies its folder, so no
    folderId is sent): up to 10,000 characters a request. deep-translator's client speaks the
    retired v1.5 API of translate.yandex.net instead."""

    name = "yandex"
    max_items = 100
    max_chars = 10_000

    def __init__(self, api_key: str, url: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.api_key = api_key
        base = url or "https://translate.api.cloud.yandex.net"
        self.url = base.rstrip("/") + "/translate/v2/translate"

    def _send(self, items: list[str]) -> list[str]:
        data = self.post_json(
            self.url,
            headers={"Authorization": f"Api-Key {self.api_key}"},
            json={
                "sourceLanguageCode": self.source,
                "targetLanguageCode": self.target,
                "format": "PLAIN_TEXT",
                "texts": items,
            },
        )
        try:
            return [t["text"] for t in data["translations"]]
        except (KeyError, TypeError) as exc:
            raise BadTranslation(f"{self.name}: malformed answer") from exc
