"""Renderings of a translated article: plain text and HTML.

The text rendering keeps the source's paragraphing (each block followed by
the whitespace that followed it in the source). The HTML rendering is one
``<article>`` with ``lang`` and ``dir`` for the target; each block is the
element its kind calls for, carries its id and status, and says its own
``lang``/``dir`` when it was kept in another language. Latin runs inside
Hebrew text are isolated with ``<bdi>`` so names read right.
"""

from __future__ import annotations

import html
from typing import Protocol, Sequence

from translator.document.article import Article
from translator.text.typography import direction, isolate_latin

_ELEMENTS = {
    "headline": "h1", "subheadline": "h2", "paragraph": "p", "quote": "blockquote",
    "caption": "figcaption", "credit": "p", "byline": "p", "boilerplate": "aside", "list_item": "li",
}


class RenderedBlock(Protocol):
    """What a rendering needs of a block."""

    id: str
    kind: str
    text: str
    status: str
    language: str


def render_text(article: Article, blocks: Sequence[RenderedBlock]) -> str:
    """The whole article as plain text, with the source's spacing between blocks."""
    parts = [article.leading]
    for source, block in zip(article.blocks, blocks):
        parts.append(block.text + source.separator)
    return "".join(parts).strip() + "\n"


def _element(block: RenderedBlock, target: str) -> str:
    tag = _ELEMENTS.get(block.kind, "p")
    attrs = f' data-block-id="{html.escape(block.id)}" data-status="{html.escape(block.status)}"'
    if block.kind in ("byline", "credit", "boilerplate"):
        attrs += f' class="{block.kind}"'
    if block.language != target:
        attrs += f' lang="{html.escape(block.language)}" dir="{direction(block.language)}"'
    body = isolate_latin(block.text, "html") if block.language == "he" else html.escape(block.text, quote=False)
    if tag == "blockquote":
        return f"<blockquote{attrs}><p>{body}</p></blockquote>"
    if tag == "figcaption":
        return f"<figure{attrs}><figcaption>{body}</figcaption></figure>"
    return f"<{tag}{attrs}>{body}</{tag}>"


def render_html(target: str, blocks: Sequence[RenderedBlock]) -> str:
    """The whole article as an HTML fragment: one ``<article lang dir>``."""
    lines = [f'<article lang="{html.escape(target)}" dir="{direction(target)}">']
    in_list = False
    for block in blocks:
        if (block.kind == "list_item") != in_list:
            lines.append("<ul>" if not in_list else "</ul>")
            in_list = not in_list
        lines.append(_element(block, target))
    if in_list:
        lines.append("</ul>")
    lines.append("</article>")
    return "\n".join(lines) + "\n"
