"""Word alignment: which characters of a translation came from which characters of its source.

The engine asks CTranslate2 for the decoder's attention (``return_attention``)
and keeps, for each target token, the source token it attended to most. That
token-level alignment is turned into character spans here, so everything above
the engine (inline HTML markup, protected spans) works on strings:

a :data:`Link` says "target characters ``[ts, te)`` translate source
characters ``[ss, se)``". Links are composed across a pivot (he→en→ru), shifted
from a sentence into its block, and carried through the typography that
:func:`translator.text.sentences.assemble` applies (marks, dashes, credit labels)
by a character diff of the text before and after.

Nothing here imports CTranslate2 or knows about HTML.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Sequence

from translator.text.sentences import Unit

# (source start, source end, target start, target end), character offsets.
Link = tuple[int, int, int, int]
Span = tuple[int, int]
# How far past the cursor a token's text may be found (whitespace, a character
# the tokenizer normalised away); further means the token is not in the text.
_SEARCH_WINDOW = 8


@dataclass(frozen=True)
class AlignedText:
    """A translation and its alignment to the source it was made from."""

    text: str
    links: tuple[Link, ...]


def piece_spans(pieces: Sequence[str], text: str, target: bool = False) -> list[Span]:
    """Where each token of ``pieces`` sits in ``text``, as ``(start, end)``; empty where it cannot be found.

    Works for SentencePiece (``▁`` marks a word start) and BPE (``@@`` joins)
    tokens by finding each token's surface text in order. A token whose text
    was changed by normalisation gets an empty span and costs nothing more:
    the search goes on from the last token found. ``target`` also maps ``_``
    to a space, as argostranslate's detokenizer does.
    """
    spans: list[Span] = []
    cursor = 0
    for piece in pieces:
        surface = piece.replace("▁", " ").replace("@@", "")
        if target:
            surface = surface.replace("_", " ")
        surface = surface.strip()
        found = text.find(surface, cursor, cursor + len(surface) + _SEARCH_WINDOW) if surface else -1
        if found < 0:
            spans.append((cursor, cursor))
            continue
        spans.append((found, found + len(surface)))
        cursor = found + len(surface)
    return spans


def links_from_attention(
    source_spans: Sequence[Span], target_spans: Sequence[Span], attention: Sequence[Sequence[float]]
) -> tuple[Link, ...]:
    """One link per located target token: to the source token its attention weighs most.

    ``attention[k]`` holds the weights of target token ``k`` over the source
    positions (an end-of-sentence position past the tokens is ignored).
    """
    links: list[Link] = []
    width = len(source_spans)
    for (ts, te), weights in zip(target_spans, attention):
        if ts == te or not width:
            continue
        row = list(weights[:width])
        if not row:
            continue
        best = max(range(len(row)), key=row.__getitem__)
        ss, se = source_spans[best]
        if ss != se:
            links.append((ss, se, ts, te))
    return tuple(links)


def compose(first: Sequence[Link], second: Sequence[Link]) -> tuple[Link, ...]:
    """Links from ``first``'s source to ``second``'s target, through the text between (a pivot)."""
    out: list[Link] = []
    for ms, me, ts, te in second:
        for ss, se, fs, fe in first:
            if fs < me and ms < fe:
                out.append((ss, se, ts, te))
    return tuple(out)


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
