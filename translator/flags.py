"""The QA flags a copy can carry, each with its severity: the vocabulary of the publish gate.

Block flags sit in `Block.flags` (and the JSON copy's `body[].flags`); article flags are the
gate's own findings about the whole copy. `[publish] hold_on` in config.toml names the flags
(or whole severities) that keep a copy out of the feeds until an editor approves it.
"""

from __future__ import annotations

CRITICAL = "critical"  # the copy is not a faithful English copy
MAJOR = "major"  # a fact may be wrong
MINOR = "minor"  # worth a look

SEVERITIES = (CRITICAL, MAJOR, MINOR)

SEVERITY = {
    # the block (or headline) came back in the source script: an echo or a half translation
    "untranslated": CRITICAL,
    # the block's English is its source text, character for character
    "echo": CRITICAL,
    # the English text as a whole is not in the target language
    "wrong-language": CRITICAL,
    # the page carries a foreign-agent label that the copy does not lead with
    "missing-label": CRITICAL,
    # nothing of the body reached the copy
    "empty-body": CRITICAL,
    # a legal mark left to the engine (it was the predicate of its sentence) is gone from the
    # English
    "mark-lost": CRITICAL,
    # a block's numbers differ from its source's; held above [publish] numbers_mismatch_share
    "numbers-mismatch": MAJOR,
}

DEFAULT_HOLD_ON = (
    "untranslated",
    "echo",
    "wrong-language",
    "missing-label",
    "empty-body",
    "mark-lost",
    "numbers-mismatch",
)


def severity(flag: str) -> str:
    """The severity of a flag; flags from elsewhere (a newer engine check) count as minor."""
    return SEVERITY.get(flag, MINOR)


def holds(flag: str, hold_on: list[str] | tuple[str, ...]) -> bool:
    """Whether `hold_on` (flag names and/or severities) holds a copy carrying `flag`."""
    return flag in hold_on or severity(flag) in hold_on
