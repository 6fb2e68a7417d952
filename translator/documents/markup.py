"""A document's paragraphs as inline markup, and back: how runs inside a sentence survive translation.

A word processor's paragraph is a sequence of runs, each with its own
formatting (bold, italic, a link, a footnote reference). Each format module
reads a paragraph into :class:`Span` values: text with a formatting key
(``style``, an index into the format module's own table), an optional link
key, or a ``point`` (something that is not text: a footnote reference, a
tab, an image), kept where it was. :func:`to_html` writes the paragraphs as
one HTML fragment, ``<p data-p="3">Said <span data-s="1">Netanyahu</span>
…</p>``, the paragraph's most common formatting left bare; the HTML path
(:mod:`translator.html`) translates it, placing each span on the words that
translate it by the model's alignment, and :func:`from_html` reads each
translated paragraph back into spans, in the target's word order.

A paragraph's kind, when the document's style says it (a heading, a caption,
a quotation), is the tag it is written with (``<h1>``, ``<figcaption>``,
``<blockquote>``…): the markup decides before the classifier does.
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any, Iterator, Mapping, Sequence

import lxml.html

from translator.document.article import BlockKind

# The tag that says a kind to the HTML parser (translator.html.parse: _TAG_KINDS).
_KIND_TAGS = {
    BlockKind.HEADLINE: "h1", BlockKind.SUBHEADLINE: "h2", BlockKind.QUOTE: "blockquote",
    BlockKind.CAPTION: "figcaption", BlockKind.LIST_ITEM: "li",
}


@dataclass(frozen=True)
class Span:
    """A piece of a paragraph: text with its formatting key and link key, or a point (``point`` set, no text)."""

    text: str = ""
    style: int = 0
    link: int | None = None
    point: int | None = None


@dataclass(frozen=True)
class Paragraph:
    """One paragraph as spans, and the kind its style says (None: the classifier decides)."""

    spans: tuple[Span, ...]
    kind: BlockKind | None = None

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


def merged(spans: Sequence[Span]) -> tuple[Span, ...]:
    """Neighbouring text spans with the same formatting and link as one (Word splits runs for its own reasons)."""
    out: list[Span] = []
    for span in spans:
        last = out[-1] if out else None
        if (last is not None and span.point is None and last.point is None and (span.style, span.link)
                == (last.style, last.link)):
            out[-1] = replace(last, text=last.text + span.text)
        elif span.point is not None or span.text:
            out.append(span)
    return tuple(out)


def base_style(spans: Sequence[Span]) -> int:
    """The formatting most of a paragraph's text has: written bare, every other one wrapped."""
    weights: Counter[int] = Counter()
    for span in spans:
        if span.point is None and span.link is None:
            weights[span.style] += len(span.text.strip()) or 1
    return weights.most_common(1)[0][0] if weights else 0


def to_html(paragraphs: Sequence[Paragraph], tags: Mapping[int, str] | None = None) -> str:
    """Every paragraph as one element of an HTML fragment, ``data-p`` its index, its spans inline.

    ``tags``: the element a formatting key is written as (``code``, which the HTML path never translates);
    ``span`` for the others.
    """
    parts = []
    for index, paragraph in enumerate(paragraphs):
        tag = _KIND_TAGS.get(paragraph.kind, "p") if paragraph.kind is not None else "p"
        spans = merged(paragraph.spans)
        base = base_style(spans)
        parts.append(f'<{tag} data-p="{index}" data-b="{base}">{_inline(spans, base, tags or {})}</{tag}>')
    return "".join(parts)


def _inline(spans: Sequence[Span], base: int, tags: Mapping[int, str]) -> str:
    out: list[str] = []
    k = 0
    while k < len(spans):
        link = spans[k].link
        if link is None or spans[k].point is not None:
            out.append(_span(spans[k], base, tags))
            k += 1
            continue
        group = []
        while k < len(spans) and spans[k].link == link and spans[k].point is None:
            group.append(spans[k])
            k += 1
        inner_base = base_style([replace(s, link=None) for s in group])
        inner = "".join(_span(s, inner_base, tags) for s in group)
        out.append(f'<a data-l="{link}" data-b="{inner_base}">{inner}</a>')
    return "".join(out)


def _span(span: Span, base: int, tags: Mapping[int, str]) -> str:
    if span.point is not None:
        return f'<img data-x="{span.point}">'
    text = html.escape(span.text, quote=False)
    tag = tags.get(span.style, "span")
    return text if span.style == base and tag == "span" else f'<{tag} data-s="{span.style}">{text}</{tag}>'


def from_html(filled: str, count: int) -> list[tuple[Span, ...] | None]:
    """Each paragraph's spans as the translated fragment has them (None: a paragraph not found there)."""
    root = lxml.html.fragment_fromstring(filled, create_parent="div")
    found: list[tuple[Span, ...] | None] = [None] * count
    for element in root.iter():
        index = element.get("data-p") if isinstance(element.tag, str) else None
        if index is not None and index.isdigit() and int(index) < count:
            found[int(index)] = merged(list(_read(element, int(element.get("data-b", "0")), None)))
    return found


def _read(element: Any, style: int, link: int | None) -> Iterator[Span]:
    """The spans of an element's content: its text, its children (by their data attributes), their tails."""
    if element.text:
        yield Span(element.text, style, link)
    for child in element:
        if not isinstance(child.tag, str):
            pass
        elif child.get("data-x") is not None:
            yield Span(point=int(child.get("data-x")), link=link)
        elif child.get("data-l") is not None:
            yield from _read(child, int(child.get("data-b", "0")), int(child.get("data-l")))
        else:
            yield from _read(child, int(child.get("data-s", str(style))), link)
        if child.tail:
            yield Span(child.tail, style, link)

