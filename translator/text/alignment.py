"""The block half of word alignment: a block's links from its sentences' links.

The engine gives each translated sentence its links to its source
(:mod:`translator.engine.attention`). Here they are shifted from a sentence
into its block, and carried through the typography that
:func:`translator.text.sentences.assemble` applies (marks, dashes, credit
labels) by a character diff of the text before and after.
"""

from __future__ import annotations

import difflib
from typing import Sequence

from translator.engine.attention import AlignedText, Link, Span
from translator.text.sentences import Unit


def identity(start: int, text: str, target_start: int) -> list[Link]:
    """Each non-space character of ``text`` linked to itself, for text copied unchanged."""
    return [(start + i, start + i + 1, target_start + i, target_start + i + 1)
            for i, ch in enumerate(text) if not ch.isspace()]


def char_map(before: str, after: str) -> list[Span]:
    """For each character of ``before``, the span it became in ``after`` (a character diff).

    Equal runs map one to one; a replaced run maps proportionally (“ → «,
    " - " → " — "); a deleted character maps to an empty span where it was.
    """
    spans: list[Span] = [(0, 0)] * len(before)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        for i in range(i1, i2):
            if op == "equal":
                spans[i] = (j1 + i - i1, j1 + i - i1 + 1)
            elif op == "replace":
                n, m = i2 - i1, j2 - j1
                spans[i] = (j1 + (i - i1) * m // n, j1 + max((i - i1 + 1) * m // n, (i - i1) * m // n + 1))
            else:  # delete
                spans[i] = (j1, j1)
    return spans


def remap(links: Sequence[Link], mapping: Sequence[Span]) -> tuple[Link, ...]:
    """Links with their target spans carried through a :func:`char_map`."""
    out: list[Link] = []
    for ss, se, ts, te in links:
        mapped = [mapping[i] for i in range(ts, min(te, len(mapping)))]
        filled = [span for span in mapped if span[0] != span[1]]
        if filled:
            out.append((ss, se, min(s for s, _ in filled), max(e for _, e in filled)))
    return tuple(out)


def block_links(units: Sequence[Unit], outputs: Sequence[AlignedText], assembled: str) -> tuple[Link, ...]:
    """Links from a block's source text to its assembled translation.

    ``units`` are the block's translation units (their pieces join into the
    block's text), ``outputs`` the aligned model outputs of the units that are
    translated, in order, and ``assembled`` what
    :func:`translator.text.sentences.assemble` made of them. The raw joining of the
    outputs is rebuilt here as ``assemble`` starts it, and carried onto the
    typeset text by a character diff.
    """
    raw: list[str] = []
    links: list[Link] = []
    source_at = target_at = 0
    answers = iter(outputs)

    def put(text: str, unit_links: list[Link] | tuple[Link, ...]) -> None:
        nonlocal target_at
        links.extend(unit_links)
        raw.append(text)
        target_at += len(text)

    for unit in units:
        put(unit.opening, identity(source_at, unit.opening, target_at))
        source_at += len(unit.opening)
        if unit.translate:
            answer = next(answers)
            out = answer.text.strip()
            if out:
                cut = len(answer.text) - len(answer.text.lstrip())
                shifted = [(ss + source_at, se + source_at, max(ts - cut, 0) + target_at,
                            min(te - cut, len(out)) + target_at)
                           for ss, se, ts, te in answer.links if te - cut > 0 and ts - cut < len(out)]
                put(out, shifted)
            else:  # assemble keeps the source sentence when the model gave nothing
                put(unit.text, identity(source_at, unit.text, target_at))
        else:
            put(unit.text, identity(source_at, unit.text, target_at))
        source_at += len(unit.text)
        put(unit.closing, identity(source_at, unit.closing, target_at))
        source_at += len(unit.closing)
        put(unit.space_after, [])
        source_at += len(unit.space_after)
    return remap(links, char_map("".join(raw), assembled))
