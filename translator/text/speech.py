"""Quoted speech and its attribution: “Israel,” Netanyahu continued, “cannot live…”; «Мы готовы», — сказал он.

A quotation at the start of a sentence, set off by a comma (or a dash, ? or !) from a short attribution, is
speech: its words and the attribution are translated as separate units (:mod:`translator.text.sentences`),
so the target's marks and punctuation are put around them by Targum, whatever the model does with marks.
Two shapes: interrupted (a second quotation follows the attribution) and closing (the attribution ends the
sentence). A quotation inside a sentence's grammar (exchanged “warm greetings”) is not speech.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from translator.text.quotes import find_marks, quotation_spans

# What may stand between a quotation and its attribution: commas, colons, dashes, spaces.
JOINT = " \u00a0,;:—–-"
MAX_ATTRIBUTION_WORDS = 8
_LETTER = re.compile(r"[^\W\d_]")
_SENTENCE_END = re.compile(r"[.!?…]")
_MARK_CHARS = re.compile("[\"“”«»„‟״‘’‚‹›]")
# An attribution that ends its sentence: the joint, the words, the final punctuation, then a space or the end.
_CLOSING_ATTRIBUTION = re.compile(r"([ \u00a0,;:—–-]+)([^.!?…\n]+?)([.!?…]+)(?=\s|$)")


@dataclass(frozen=True)
class Speech:
    """Where a quotation and its attribution are in a text (offsets; the quotations' marks included)."""

    first: tuple[int, int]
    attribution: tuple[int, int]  # the attribution's words alone
    second: tuple[int, int] | None  # the quotation after the attribution, when it interrupts one
    end: int  # where the speech ends: after the second quotation's mark, or the attribution's full stop


def _attribution(words: str) -> bool:
    return (0 < len(words.split()) <= MAX_ATTRIBUTION_WORDS and bool(_LETTER.search(words))
            and not _SENTENCE_END.search(words) and not _MARK_CHARS.search(words))


def _set_off(body: str, start: int, end: int) -> bool:
    """Whether a quotation is set off from what follows: “Israel,” / «Мы готовы», — / “Why?” she asked."""
    inner_end = body[end - 2 : end - 1]
    return inner_end in (",", "?", "!", "…") or body[end : end + 1] in (",", "—", "–")


def find_speech(body: str, ends: set[int]) -> Speech | None:
    """The first quoted speech in ``body`` whose quotation starts a sentence (``ends``: sentence ends)."""
    closed = {m.index: m.partner is not None for m in find_marks(body) if m.role == "open"}
    spans = quotation_spans(body)
    for k, (s1, e1) in enumerate(spans):
        inner = body[s1 + 1 : e1 - 1]
        if ((s1 != 0 and s1 not in ends) or not closed.get(s1, False) or not _LETTER.search(inner)
                or inner != inner.rstrip() or not _set_off(body, s1, e1)):
            continue
        if k + 1 < len(spans):
            s2, e2 = spans[k + 1]
            gap = body[e1:s2]
            words = gap.strip(JOINT)
            second = body[s2 + 1 : e2 - 1] if closed.get(s2, False) else body[s2 + 1 : e2]
            if (_attribution(words) and gap[:1] in JOINT and gap[-1:] in JOINT and _LETTER.search(second)
                    and second == second.rstrip() and _ends_sentence(body, e2, ends)):
                start = e1 + gap.index(words)
                return Speech((s1, e1), (start, start + len(words)), (s2, e2), e2)
        found = _CLOSING_ATTRIBUTION.match(body, e1)
        if found and _attribution(found.group(2)) and _ends_sentence(body, found.end(), ends):
            words = found.group(2).rstrip()
            return Speech((s1, e1), (found.start(2), found.start(2) + len(words)), None, found.end())
    return None


def _ends_sentence(body: str, end: int, ends: set[int]) -> bool:
    """Whether a quotation ending at ``end`` ends its sentence (or the block): only punctuation may follow."""
    rest = body[end:].lstrip(".,!?;:…")
    return not rest.strip() or len(body) - len(rest.lstrip()) in ends
