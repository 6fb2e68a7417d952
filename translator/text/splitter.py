"""Sentence boundaries in English, Hebrew and Russian news text.

The boundaries come from ``sentencex`` (Wikimedia's rule-based segmenter,
offline, no model), which already knows many abbreviations and keeps a
quotation in one piece. On news copy it still cuts after initials and a few
abbreviations ("Б. Нетаньяху", "т. е. давно", "ד. הגרי"), so we glue those
back. ``bounded_cuts`` then makes sure no piece is longer than a model can
take, cutting at the most natural place it finds.
"""

from __future__ import annotations

import re

import sentencex

MAX_UNIT_CHARS = 400

# Abbreviations after which a period does not end a sentence (casefolded, no period).
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col maj capt cpt sgt adm rep sen gov st jr sr rev hon no vs
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.g i.e approx dept est fig
    г гг т.е т.к т.н т.п ул им ок св см стр проф акад ген полк тыс млн млрд руб долл ч мин рис
    н.э пр просп обл р-н гос зам ред изд
    פרופ עמ רח""".split()
)
_LAST_TOKEN = re.compile(r"(?:^|[\s(«„“\"'])([^\s(«„“\"']+)\.$")
# "и т. д." and "и т. п." end Russian sentences although they are abbreviations.
_RU_ENDINGS = re.compile(r"\bт\.\s?[дп]\.$")


def _continues(before: str, after: str) -> bool:
    """Whether a boundary between ``before`` and ``after`` is a false one."""
    stripped = before.rstrip()
    if _RU_ENDINGS.search(stripped):
        return False
    nxt = after.lstrip()[:1]
    if nxt.isalpha() and nxt.islower():
        return True  # sentences do not start in lower case
    match = _LAST_TOKEN.search(stripped)
    if not match:
        return False
    token = match.group(1).casefold()
    return (len(token) == 1 and token.isalpha()) or token in _ABBREVIATIONS


def sentence_ends(text: str, language: str) -> list[int]:
    """Offsets where sentences end (after their trailing space), not counting ``len(text)``."""
    try:
        pieces = [str(p) for p in sentencex.segment(language, text)]
    except Exception:  # an unknown language code: one sentence is safe
        return []
    if "".join(pieces) != text:
        return []  # never risk losing text over a boundary
    ends, offset = [], 0
    for piece in pieces[:-1]:
        offset += len(piece)
        if not _continues(text[:offset], text[offset:]):
            ends.append(offset)
    return ends


def bounded_cuts(text: str, avoid: list[tuple[int, int]], limit: int = MAX_UNIT_CHARS) -> list[int]:
    """Offsets to cut ``text`` so that every piece is at most ``limit`` characters.

    Each cut falls after the best break in the last stretch before the limit:
    a sentence end, then ``;`` or ``:``, then ``,`` or a dash, then a space,
    preferring places outside the ``avoid`` spans (quotations). Text with no
    break at all is cut at the limit: a piece may be clumsy, but nothing is lost.
    """
    cuts: list[int] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = _best_break(window, [(a - start, b - start) for a, b in avoid])
        cuts.append(start + cut)
        start += cut
    return cuts


_BREAKS = (re.compile(r"[.!?…][\"'”»’]*\s+"), re.compile(r"[;:]\s+"), re.compile(r"(,|\s[—–-])\s+"),
           re.compile(r"\s+"))


def _best_break(window: str, avoid: list[tuple[int, int]]) -> int:
    floor = len(window) // 3  # do not make tiny pieces when a later break exists
    for inside_ok in (False, True):
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(window) if floor <= m.end() < len(window)]
            if not inside_ok:
                ends = [e for e in ends if not any(a < e < b for a, b in avoid)]
            if ends:
                return ends[-1]
    return len(window)
