"""The token half of word alignment: the decoder's attention turned into character links.

The engine asks CTranslate2 for the decoder's attention (``return_attention``)
and keeps, for each target token, the source token it attended to most. That
token-level alignment is turned into character spans here, so everything above
the engine (inline HTML markup, protected spans) works on strings:

a :data:`Link` says "target characters ``[ts, te)`` translate source
characters ``[ss, se)``". Links of two hops are composed across a pivot
(he→en→ru) with :func:`compose`. The block half (shifting a sentence's links
into its block, through the typography of assembly) is
:mod:`translator.text.alignment`.

Nothing here imports CTranslate2 or knows about articles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

# (source start, source end, target start, target end), character offsets.
Link = tuple[int, int, int, int]
Span = tuple[int, int]
# How far past the cursor a token's text may be found (whitespace, a character
# the tokenizer normalised away); further means the token is not in the text.
_SEARCH_WINDOW = 8


@dataclass(frozen=True)
class AlignedText:
    """A translation, its alignment to the source it was made from, and what the decoder said of it.

    ``score``: the model's mean log-probability per output token (None where
    unknown: a text not made by a model); ``truncated``: the decode stopped at
    the maximum length instead of at its end token.
    """

    text: str
    links: tuple[Link, ...]
    score: float | None = None
    truncated: bool = False


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
