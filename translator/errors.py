"""Every error a user can cause, as one exception tree whose names say what went wrong.

TranslatorError                 one-line message for the user; the CLI exits non-zero
 ├── ConfigError                config.toml is unreadable or a key is wrong
 ├── FetchError                 the page or feed could not be had
 │    ├── InvalidURL            not an http(s) URL, or a refused address
 │    ├── HTTPStatusError       the server answered 4xx/5xx
 │    ├── TooLarge              the body exceeded the size cap
 │    ├── NotHTML               the body is a PDF, image, JSON...
 │    └── NetworkError          DNS, connect, read, TLS, redirect loop, timeout
 ├── ExtractError               the page holds no article
 ├── WrongLanguage              the page is not in [translate] source_lang
 ├── LanguageDetectionError     the language identifier could not run
 ├── EngineError                the translation engine failed
 │    ├── UnknownEngine         no engine by that name
 │    ├── MissingAPIKey         the engine needs a key that is not set
 │    ├── EngineUnavailable     5xx, 429, timeout, reset: worth retrying later
 │    └── BadTranslation        the answer is empty, malformed or misaligned
 ├── PublishError               the copy could not be written
 ├── UnknownArticle             approve/reject names no held copy
 ├── FeedError                  a source feed is not a feed
 ├── LockedError                another run holds the lock
 └── StoreError                 the cache cannot be opened, read or written
      ├── CacheTooNew           written by a newer translator (a schema this one does not know)
      ├── CacheFull             the database or its disk is full
      └── CorruptRow            a row holds a value its column cannot hold
"""

from __future__ import annotations


class TranslatorError(Exception):
    """Base class: `str(exc)` is the one line shown to the user."""

    retryable = False


class ConfigError(TranslatorError):
    """config.toml cannot be read, or a key has the wrong type or an unknown value."""


class FetchError(TranslatorError):
    """The page or feed could not be fetched."""

    retryable = True


class InvalidURL(FetchError):
    """Not an http(s) URL, or it resolves to an address we refuse to contact."""

    retryable = False


class HTTPStatusError(FetchError):
    """The server answered with an error status."""

    def __init__(self, message: str, *, status: int, retry_after: float | None = None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after
        self.retryable = status == 429 or status >= 500


class TooLarge(FetchError):
    """The response body exceeded the configured size cap."""

    retryable = False


class NotHTML(FetchError):
    """The response is not an HTML page (PDF, image, JSON, ...)."""

    retryable = False


class NetworkError(FetchError):
    """The connection failed: DNS, connect, read, TLS, timeouts, too many redirects."""


class ArticleTooLarge(TranslatorError):
    """The article holds more segments or characters than `[translate]` lets one article send."""

    retryable = False


class ExtractError(TranslatorError):
    """The page holds no article body we can extract."""


class WrongLanguage(TranslatorError):
    """The page is in another language than `[translate] source_lang` asks for."""

    def __init__(self, message: str, *, language: str):
        super().__init__(message)
        self.language = language


class LanguageDetectionError(TranslatorError):
    """The language identifier could not be loaded or failed on a text."""


class EngineError(TranslatorError):
    """The translation engine failed."""


class UnknownEngine(EngineError):
    """No engine by that name."""


class MissingAPIKey(EngineError):
    """The engine needs an API key that is set neither in config.toml nor in the environment."""


class EngineUnavailable(EngineError):
    """A transient engine failure (429, 5xx, timeout, reset): the article is retried later."""

    retryable = True

    def __init__(self, message: str, *, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class UnsupportedLanguage(EngineError):
    """The engine does not translate between the languages asked for."""


class BadTranslation(EngineError):
    """The engine answered, but the answer is empty, malformed or does not align."""

    retryable = True


class AnswerRefused(BadTranslation):
    """Every engine asked answered, and every answer was refused (the source echoed, a
    service message, another language): nothing to translate the article with."""


class PublishError(TranslatorError):
    """The copy could not be written (unwritable folder, disk full)."""


class UnknownArticle(TranslatorError):
    """`approve` or `reject` names no copy held for review."""


class FeedError(TranslatorError):
    """A source that should be an RSS/Atom feed is not one."""


class LockedError(TranslatorError):
    """Another `translator run` holds the lock."""


class StoreError(TranslatorError):
    """The cache database cannot be opened, read or written."""


class CacheTooNew(StoreError):
    """The cache was written by a newer translator: its schema version is past ours."""


class CacheFull(StoreError):
    """The database or its disk is full; the write was rolled back whole."""

    retryable = True


class CorruptRow(StoreError):
    """A cache row holds a value its column cannot hold (JSON that is not JSON, a date that is
    not a date); the row is repaired by marking its article failed, to be done again."""
