"""Review flags: what an editor should check in a translated block, and why.

A flag has a stable code, a message for the editor, and where it is: a span
of the source block's text and a span of the translated block's text
(character offsets, end exclusive), either of which may be unknown. A target's
``review`` counts its flagged blocks and its flags by code.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Literal, get_args

FlagCode = Literal[
    "number_mismatch", "untranslated", "wrong_script", "repetition", "length_ratio", "truncated", "low_confidence",
    "quotes_unbalanced", "glossary_not_enforced", "url_or_handle_changed",
]
# The same codes, in the order the checks run; settings.REVIEW_CODES (what TARGUM_REVIEW_CHECKS may name) is
# this list too, which tests/unit/review/test_checks.py holds them to.
CODES: tuple[FlagCode, ...] = get_args(FlagCode)
Span = tuple[int, int]


@dataclass(frozen=True)
class Flag:
    """One thing to check in one translated block."""

    code: FlagCode
    message: str
    source_span: Span | None = None
    target_span: Span | None = None


@dataclass(frozen=True)
class Review:
    """One target's flags in sum: how many blocks have any, and how many flags of each code."""

    blocks_flagged: int
    by_code: dict[str, int]


def summarize(blocks: Iterable[tuple[Flag, ...]]) -> Review:
    """The review of a target from its blocks' flags."""
    flagged = 0
    counts: Counter[str] = Counter()
    for flags in blocks:
        if flags:
            flagged += 1
            counts.update(flag.code for flag in flags)
    return Review(flagged, {code: counts[code] for code in CODES if counts[code]})
