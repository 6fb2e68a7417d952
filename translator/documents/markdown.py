"""Markdown files (``.md``): blocks by their line syntax, inline emphasis, code and links kept in place.

The common blocks are read line by line: ATX headings (``#`` a headline,
``##``… a subheadline), block quotes (``>``, a quote), list items (``-``,
``*``, ``+``, ``1.``), paragraphs (lines up to a blank one, written back as
one line). Fenced and indented code, tables, HTML blocks, rules and link
definitions are kept as written. Inside a block, ``**strong**``,
``*emphasis*``, `` `code` `` (never translated) and ``[links](url)`` are
spans that the translation's alignment places (:mod:`translator.documents.markup`);
images are kept where they were.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from translator.document.article import BlockKind
from translator.documents.markup import Paragraph, Span

PLAIN, STRONG, EMPHASIS, STRONG_EMPHASIS, CODE = range(5)
MARKS = {STRONG: "**", EMPHASIS: "*", STRONG_EMPHASIS: "***", CODE: "`"}
TAGS = {CODE: "code"}  # written as <code>: the HTML path protects it
_INLINE = re.compile(r"(?P<img>!\[[^\]]*\]\([^)]*\))|\[(?P<link>[^\]]+)\]\((?P<url>[^)\s]*(?:\s+\"[^\"]*\")?)\)"
                     r"|`(?P<code>[^`]+)`|(?P<m>\*\*\*|___|\*\*|__|\*|_)(?P<em>\S(?:.*?\S)?)(?P=m)")
_BLOCK = re.compile(r"^(?P<prefix>\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d{1,9}[.)]\s+))(?P<text>.*)$")
_KEPT = re.compile(r"^(?:\s{4}|\t|\s{0,3}(?:\||<|\[[^\]]+\]:|(?:[-*_]\s*){3,}$))")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


@dataclass(frozen=True)
class MarkdownSource:
    """A read Markdown file: its lines, the paragraphs, and where each paragraph's lines were."""

    lines: tuple[str, ...]
    paragraphs: tuple[Paragraph, ...]
    places: tuple[tuple[int, int, str], ...]  # (first line, last line + 1, the block's prefix)
    links: tuple[str, ...]
    points: tuple[str, ...]


def _kind(prefix: str) -> BlockKind | None:
    marker = prefix.strip()
    if marker.startswith("#"):
        return BlockKind.HEADLINE if marker == "#" else BlockKind.SUBHEADLINE
    if marker.startswith(">"):
        return BlockKind.QUOTE
    return BlockKind.LIST_ITEM if marker else None


class _Reader:
    def __init__(self, text: str) -> None:
        self.lines = tuple(text.split("\n"))
        self.paragraphs: list[Paragraph] = []
        self.places: list[tuple[int, int, str]] = []
        self.links: list[str] = []
        self.points: list[str] = []
        fenced = False
        k = 0
        while k < len(self.lines):
            line = self.lines[k]
            if _FENCE.match(line):
                fenced = not fenced
            if fenced or _FENCE.match(line) or not line.strip() or _KEPT.match(line):
                k += 1
                continue
            k = self._block(k)

    def _block(self, first: int) -> int:
        match = _BLOCK.match(self.lines[first])
        prefix, text = (match.group("prefix"), match.group("text")) if match else ("", self.lines[first])
        end = first + 1
        if not prefix.strip().startswith("#"):  # a paragraph or an item goes on to its next plain line
            while end < len(self.lines) and self.lines[end].strip() and not _BLOCK.match(self.lines[end]) \
                    and not _KEPT.match(self.lines[end]) and not _FENCE.match(self.lines[end]):
                text += " " + self.lines[end].strip()
                end += 1
        self.paragraphs.append(Paragraph(tuple(self._spans(text.strip())), _kind(prefix)))
        self.places.append((first, end, prefix))
        return end

    def _spans(self, text: str) -> list[Span]:
        spans, at = [], 0
        for m in _INLINE.finditer(text):
            spans.append(Span(text[at:m.start()]))
            at = m.end()
            if m.group("img"):
                self.points.append(m.group("img"))
                spans.append(Span(point=len(self.points) - 1))
            elif m.group("link"):
                self.links.append(m.group("url"))
                spans.append(Span(m.group("link"), link=len(self.links) - 1))
            elif m.group("code"):
                spans.append(Span(m.group("code"), CODE))
            else:
                style = {1: EMPHASIS, 2: STRONG, 3: STRONG_EMPHASIS}[len(m.group("m"))]
                spans.append(Span(m.group("em"), style))
        spans.append(Span(text[at:]))
        return [s for s in spans if s.text or s.point is not None]


def read_markdown(text: str) -> MarkdownSource:
    """A Markdown file's translatable blocks as paragraphs."""
    reader = _Reader(text)
    return MarkdownSource(reader.lines, tuple(reader.paragraphs), tuple(reader.places), tuple(reader.links),
                          tuple(reader.points))


def _inline(source: MarkdownSource, spans: tuple[Span, ...]) -> str:
    out = []
    for span in spans:
        if span.point is not None:
            out.append(source.points[span.point])
            continue
        core = span.text.strip()
        lead, trail = span.text[: len(span.text) - len(span.text.lstrip())], span.text[len(span.text.rstrip()):]
        mark = MARKS.get(span.style, "")
        body = f"{mark}{core}{mark}" if core and mark else core
        if span.link is not None:
            body = f"[{body}]({source.links[span.link]})"
        out.append(lead + body + trail)
    return "".join(out)


def write_markdown(source: MarkdownSource, translated: list[tuple[Span, ...] | None]) -> str:
    """The file again, each translated block one line (or one item) in its place, every other line as it was."""
    lines: list[str | None] = list(source.lines)
    for (first, end, prefix), spans in zip(source.places, translated):
        if spans is None:
            continue
        lines[first] = prefix + _inline(source, spans).strip()
        for k in range(first + 1, end):
            lines[k] = None
    return "\n".join(line for line in lines if line is not None)
