"""Article pages the tests write themselves (no shared corpus needed): Russian news pages that
extraction reads as an article, each with its own words so that no two share a translation."""

from __future__ import annotations

from html import escape

WORDS = (
    "суд",
    "город",
    "власти",
    "жители",
    "решение",
    "заявление",
    "полиция",
    "депутаты",
    "митинг",
    "школа",
    "больница",
    "дорога",
)


def article_page(number: int, *, title: str | None = None, canonical: str | None = None) -> str:
    """A whole HTML page of article `number`: headline, date, five paragraphs."""
    headline = title or f"В городе {number} прошло заседание суда"
    paragraphs = "".join(f"<p>{paragraph(number, i)}</p>" for i in range(5))
    link = f'<link rel="canonical" href="{escape(canonical)}">' if canonical else ""
    return (
        f'<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">'
        f"<title>{escape(headline)}</title>{link}"
        f'<meta property="article:published_time" content="2026-02-01T10:00:00+03:00">'
        f"</head><body><nav><a href='/'>Главная</a></nav><article><h1>{escape(headline)}</h1>"
        f"{paragraphs}</article><footer>© Новости</footer></body></html>"
    )


def paragraph(number: int, index: int) -> str:
    words = [WORDS[(number * 7 + index * 3 + k) % len(WORDS)] for k in range(9)]
    return (
        f"Статья {number}, абзац {index}: {' '.join(words)} обсуждали вопрос номер "
        f"{number * 10 + index} на встрече в понедельник, сообщили корреспонденту."
    )
