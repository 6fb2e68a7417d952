"""Finding quotation marks in text and pairing them.

Used by segmentation (is this paragraph mostly quoted speech?), by sentence
splitting (never cut inside a quotation) and by typography (swap glyphs for
the target's). Works on any of our languages at once, because model output
mixes conventions: ASCII ``"``, English “…”, Russian «…» and „…“, Hebrew
״…״ and „…”.

What is *not* a quotation mark: an apostrophe between letters (won't,
Russia’s, О’Нил), and Hebrew geresh/gershayim inside a word (צה״ל, צה"ל,
ג'ורג'), which are part of the word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

DOUBLE_MARKS = frozenset('"“”„‟«»״')
SINGLE_MARKS = frozenset("'‘’‚‛‹›")
# Glyphs whose role never depends on context.
ALWAYS_OPENING = frozenset("«„‚‹")
ALWAYS_CLOSING = frozenset("»›")
# Characters after which a mark is opening (it starts a quotation).
_BEFORE_OPENING = frozenset("([{—–-/:\u00a0") | ALWAYS_OPENING | frozenset("“‘\"'")

# Candidate marks, before the context decides (most characters are not).
_CANDIDATE = re.compile("[" + re.escape("".join(sorted(DOUBLE_MARKS | SINGLE_MARKS))) + "]")
# An opening single mark: ‘ ‚ ‹ anywhere, or ' at the start of a word.
_OPEN_SINGLE = re.compile(r"[‘‚‹]|(?:^|[\s(\[\"“«„])'(?=\w)")

Level = Literal["double", "single"]
Role = Literal["open", "close"]


@dataclass(frozen=True)
class Mark:
    """One quotation mark: where it is, which glyph, and what it does."""

    index: int
    char: str
    level: Level
    role: Role
    partner: int | None = None  # index of the matching mark, None if unpaired


def is_hebrew_letter(ch: str) -> bool:
    """True for the letters of the Hebrew alphabet (not points or punctuation)."""
    return "\u05d0" <= ch <= "\u05ea"


def _is_mark(text: str, i: int) -> bool:
    ch = text[i]
    if ch not in DOUBLE_MARKS and ch not in SINGLE_MARKS:
        return False
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    # Hebrew acronyms and transliterations: צה"ל, תא״ל, ג'ורג', ג׳.
    if ch in "\"״'’" and before and is_hebrew_letter(before):
        if is_hebrew_letter(after) or (ch in "'’" and not after.isalpha()
                                        and not _follows_open_single(text, i)):
            return False
    # Apostrophes: won't, Russia’s, rock ’n’ roll is rare enough to ignore.
    if ch in "'’" and before.isalpha() and after.isalpha():
        return False
    return True


def _follows_open_single(text: str, i: int) -> bool:
    """Whether an opening single mark came earlier on the line (so this may close it)."""
    return bool(_OPEN_SINGLE.search(text[:i]))


def _role(text: str, i: int, open_levels: list[Level], level: Level) -> Role:
    ch = text[i]
    if ch in ALWAYS_OPENING:
        return "open"
    if ch in ALWAYS_CLOSING:
        return "close"
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    left_open = not before or before.isspace() or before in _BEFORE_OPENING
    right_open = not after or after.isspace() or (not after.isalnum())
    if left_open and not right_open:
        return "open"
    if right_open and not left_open:
        return "close"
    # Ambiguous (e.g. between two spaces): close if one of this level is open.
    if level in open_levels:
        return "close"
    return "close" if ch in "”’" else "open"


def find_marks(text: str) -> list[Mark]:
    """Every quotation mark in ``text``, in order, each with its partner if paired.

    Pairing uses a stack: a closing mark closes the nearest open mark of its
    level; single marks left open inside a closed double quotation are taken
    to have been apostrophes after all. Unpaired marks keep ``partner=None``.
    """
    raw: list[tuple[int, str, Level, Role]] = []
    stack: list[tuple[int, Level]] = []  # (position in raw, level)
    partners: dict[int, int] = {}
    for candidate in _CANDIDATE.finditer(text):
        i, ch = candidate.start(), candidate.group()
        if not _is_mark(text, i):
            continue
        level: Level = "double" if ch in DOUBLE_MARKS else "single"
        role = _role(text, i, [lv for _, lv in stack], level)
        if role == "close" and level == "single" and not any(lv == "single" for _, lv in stack):
            if i > 0 and text[i - 1].isalpha():
                continue  # students’ — a trailing apostrophe, not a quote
        raw.append((i, ch, level, role))
        k = len(raw) - 1
        if role == "open":
            stack.append((k, level))
            continue
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth][1] == level:
                partners[k] = stack[depth][0]
                partners[stack[depth][0]] = k
                del stack[depth:]
                break
    return [
        Mark(i, ch, level, role, raw[partners[k]][0] if k in partners else None)
        for k, (i, ch, level, role) in enumerate(raw)
    ]


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """Top-level quotations as ``(start, end)`` slices, marks included.

    An opening mark that is never closed runs to the end of the text: that is
    how a quotation over several paragraphs looks in each paragraph but the last.
    Stray closing marks (a scraping leftover) make no span.
    """
    spans: list[tuple[int, int]] = []
    for mark in find_marks(text):
        if mark.role != "open":
            continue
        end = mark.partner + 1 if mark.partner is not None else len(text)
        if spans and mark.index < spans[-1][1]:
            continue  # nested inside the previous quotation
        spans.append((mark.index, end))
    return spans


def quoted_share(text: str) -> float:
    """The share of non-space characters that sit inside quotations (0..1)."""
    total = len("".join(text.split()))
    if not total:
        return 0.0
    inside = sum(len("".join(text[start:end].split())) for start, end in quotation_spans(text))
    return inside / total


def is_balanced(text: str) -> bool:
    """True when every quotation mark in ``text`` has a partner."""
    return all(m.partner is not None for m in find_marks(text))
