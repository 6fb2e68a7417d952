"""Placing inline markup onto a translation, by the model's word alignment.

The model translates a whole sentence, markup left out; each inline element
of the source (:class:`~translator.html.parse.Inline`) then goes around
the words that translate its content. For an element over source characters
``[s, e)``:

1. its target range runs from the first to the last target character linked
   (:mod:`translator.text.alignment`) to any source character inside it;
2. an edge that sat on a word boundary in the source is widened to the whole
   target word (links are per token, and a subword may be all that attended);
3. an element none of whose characters is linked goes around the target word
   of the nearest linked source character: it is never dropped;
4. children are kept inside their parent and siblings in their source order,
   so the element tree comes back as it went in; when the model moved words
   so that siblings would cross, they share the words of their union in
   source order, each at least one word where there are enough.

A ``point`` (a ``<br>``, an image) goes after the target word of the source
word before it.

Why alignment and not placeholder tokens: the placeholders would have to go
through a SentencePiece vocabulary that has never seen them, so a real model
may drop, repeat or move them; the attention is there for every output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from translator.engine.attention import Link
from translator.html.parse import Inline

_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class Placed:
    """An inline node placed on the target text: ``[start, end)`` there, children inside."""

    source: Inline
    start: int
    end: int
    children: tuple["Placed", ...] = ()


def place(inlines: Sequence[Inline], source: str, target: str, links: Sequence[Link]) -> tuple[Placed, ...]:
    """Every inline node of a run placed on ``target``, nesting and order as in the source."""
    raw = [_raw(node, source, target, links) for node in inlines]
    return _settle(raw, 0, len(target), target)


@dataclass(frozen=True)
class _Raw:
    source: Inline
    start: int
    end: int
    children: tuple["_Raw", ...]


def _raw(node: Inline, source: str, target: str, links: Sequence[Link]) -> _Raw:
    """A node's range from the alignment alone (before nesting and order are enforced)."""
    raw_children: list[_Raw] = []
    for inner in node.children:  # a loop, not a comprehension: one frame a level (parse.MAX_DEPTH)
        raw_children.append(_raw(inner, source, target, links))
    children = tuple(raw_children)
    if node.start == node.end:
        point = _point(node.start, source, target, links)
        return _Raw(node, point, point, children)
    hits = [(ts, te) for ss, se, ts, te in links if ss < node.end and node.start < se and ts < te]
    if not hits:
        hits = _nearest(node.start, node.end, links)
    if hits:
        start, end = min(s for s, _ in hits), max(e for _, e in hits)
    else:  # no alignment at all: the same share of the way through the text
        start = end = round(node.start / max(len(source), 1) * len(target))
    if _on_boundary(source, node.start) or not hits:
        start = _word_start(target, start)
    if _on_boundary(source, node.end) or not hits:
        end = _word_end(target, max(end, start))
    for child in children:  # a parent holds its children, whatever the alignment says
        if child.start < child.end:
            start, end = min(start, child.start), max(end, child.end)
    return _Raw(node, start, end, children)


def _nearest(start: int, end: int, links: Sequence[Link]) -> list[tuple[int, int]]:
    """The target spans of the linked source character nearest to ``[start, end)``."""
    best: list[tuple[int, int]] = []
    best_distance = None
    for ss, se, ts, te in links:
        if ts >= te:
            continue
        distance = max(ss - end, start - se, 0)
        if best_distance is None or distance < best_distance:
            best, best_distance = [(ts, te)], distance
        elif distance == best_distance:
            best.append((ts, te))
    return best[:1]


def _point(position: int, source: str, target: str, links: Sequence[Link]) -> int:
    """Where a zero-width node goes: after the translation of the source word before it."""
    before = source[:position].rstrip()
    if not before:
        return 0
    word = len(before) - len(before.split()[-1])  # where the word before the point starts
    ends = [te for ss, se, ts, te in links if ss < len(before) and word < se and ts < te]
    if not ends:
        ends = [te for ss, se, ts, te in links if se <= position and ts < te]
    if not ends:
        return 0 if position == 0 else len(target) if position >= len(source) else _word_end(
            target, round(position / len(source) * len(target)))
    return _word_end(target, max(ends))


def _settle(raws: Sequence[_Raw], low: int, high: int, target: str) -> tuple[Placed, ...]:
    """Siblings clamped into their parent's ``[low, high)`` and kept in order, trimmed of spaces."""
    spans = [_trim(target, min(max(r.start, low), high), min(max(r.end, r.start, low), high))
             if r.source.start < r.source.end else (min(max(r.start, low), high),) * 2 for r in raws]
    wide = [i for i, r in enumerate(raws) if r.source.start < r.source.end]
    if any(spans[a][1] > spans[b][0] for a, b in zip(wide, wide[1:])):
        # The model moved words so that siblings would cross: they share the words of their
        # union in source order, in proportion to their source lengths.
        shared = _share([raws[i].source for i in wide], min(spans[i][0] for i in wide),
                        max(spans[i][1] for i in wide), target)
        for i, span in zip(wide, shared):
            spans[i] = span
    placed: list[Placed] = []
    floor = low
    for raw, (start, end) in zip(raws, spans):
        start = max(start, floor)
        end = max(end, start)
        if raw.source.start < raw.source.end and start == end:
            start, end = _next_word(target, floor, high)  # pushed off its words: take the next one left
        placed.append(Placed(raw.source, start, end, _settle(raw.children, start, end, target)))
        floor = max(floor, end)
    return tuple(placed)


def _share(nodes: Sequence[Inline], low: int, high: int, target: str) -> list[tuple[int, int]]:
    """Consecutive word groups of ``target[low:high]``, one per node, sized by the nodes' source lengths."""
    found = [(m.start(), m.end()) for m in re.finditer(r"\S+", target[:high]) if m.start() >= low]
    if len(found) < len(nodes):  # too few words: one each, the rest empty at the end
        return [found[k] if k < len(found) else (high, high) for k in range(len(nodes))]
    lengths = [max(n.end - n.start, 1) for n in nodes]
    total, spans, taken = sum(lengths), [], 0
    for k, length in enumerate(lengths):
        left = len(nodes) - k - 1  # words the later nodes still need
        count = max(1, min(round(length / total * len(found)), len(found) - taken - left))
        if k == len(nodes) - 1:
            count = len(found) - taken
        group = found[taken : taken + count]
        spans.append((group[0][0], group[-1][1]))
        taken += count
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _next_word(text: str, start: int, high: int) -> tuple[int, int]:
    match = re.compile(r"\S+").search(text, start, high)
    return (match.start(), match.end()) if match else (start, start)


def _is_word(text: str, i: int) -> bool:
    return 0 <= i < len(text) and bool(_WORD.match(text[i]))


def _on_boundary(text: str, i: int) -> bool:
    """Whether offset ``i`` is not inside a word (a word edge, a space, punctuation)."""
    return not (_is_word(text, i - 1) and _is_word(text, i))


def _word_start(text: str, i: int) -> int:
    while _is_word(text, i - 1) and _is_word(text, i):
        i -= 1
    return i


def _word_end(text: str, i: int) -> int:
    while _is_word(text, i - 1) and _is_word(text, i):
        i += 1
    return i
