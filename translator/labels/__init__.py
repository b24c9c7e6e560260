"""labels: legally required marks (foreign agent, undesirable, banned) and outlet names.

`apply` takes the marks out of the body and carries them as labels with fixed English;
`glossary` holds the names that must come out the same in every grammatical case.
"""

from translator.labels.apply import apply_labels, party_english

__all__ = ["apply_labels", "party_english"]
