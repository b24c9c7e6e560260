"""labels: legally required marks (foreign agent, undesirable, banned) and outlet names.

`apply` takes the marks out of the body and carries them as labels with fixed English;
`page` finds the page-level label, `patterns` and `templates` hold the wordings and their
English, `footnotes` the "banned in Russia" notes; `glossary` holds the names that must come
out the same in every grammatical case.
"""

from translator.labels.apply import apply_labels, party_english
from translator.labels.page import find_page_label
from translator.labels.patterns import STATUS_WORDS

__all__ = ["apply_labels", "is_legally_required", "party_english"]


def is_legally_required(text: str) -> bool:
    """Text the law requires on the page (a foreign-agent label, a banned-in-Russia mark):
    never chrome, however often a site repeats it."""
    return bool(STATUS_WORDS.search(text)) or find_page_label(text) is not None
