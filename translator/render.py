"""Renderings of a translated article: plain text and HTML, built once, after the pipeline.

The text rendering keeps the source's paragraphing (each block followed by
the whitespace that followed it in the source). The HTML rendering of a text
article is one ``<article>`` with ``lang`` and ``dir`` for the target; each
block is the element its kind calls for, carries its id and status, and says
its own ``lang``/``dir`` when it was kept in another language. Latin runs
inside Hebrew text are isolated with ``<bdi>`` so names read right. (An HTML
article is rendered into its own tree instead: :mod:`translator.html.translate`.)
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Sequence

from translator.document.article import Article, BlockKind
from translator.document.translation import ArticleTranslation, TargetTranslation, TranslatedBlock
from translator.glossary.terms import Applied
from translator.text.typography import direction, isolate_latin

_ELEMENTS = {
    BlockKind.HEADLINE: "h1", BlockKind.SUBHEADLINE: "h2", BlockKind.PARAGRAPH: "p", BlockKind.QUOTE: "blockquote",
    BlockKind.CAPTION: "figcaption", BlockKind.CREDIT: "p", BlockKind.BYLINE: "p", BlockKind.BOILERPLATE: "aside",
    BlockKind.LIST_ITEM: "li",
}
# Kinds that are not the story: a class says so, for the newsroom's stylesheet.
_CLASSED = frozenset({BlockKind.BYLINE, BlockKind.CREDIT, BlockKind.BOILERPLATE})


@dataclass(frozen=True)
class Rendering:
    """One target's article as plain text and as HTML."""

    text: str
    html: str


@dataclass(frozen=True)
class RenderedTranslation:
    """A translated article with each target's rendering beside its blocks."""

    translation: ArticleTranslation
    renderings: dict[str, Rendering]
    # The glossaries the translation was made with (each block's ``glossary`` says what they did).
    glossaries: tuple[Applied, ...] = ()
    # Why editors' approved translations could not be used (the store is down); None when they were.
    corrections_unavailable: str | None = None


def flag_codes(block: TranslatedBlock) -> str:
    """A flagged block's codes, once each, space-separated (the ``data-flag`` attribute's value)."""
    return " ".join(dict.fromkeys(flag.code for flag in block.flags))


def render_text(article: Article, blocks: Sequence[TranslatedBlock], mark_flags: bool = False) -> str:
    """The whole article as plain text, with the source's spacing between blocks.

    ``mark_flags``: a flagged block ends with its codes in brackets, ``[⚑ number_mismatch]``.
    """
    parts = [article.leading]
    for source, block in zip(article.blocks, blocks):
        mark = f" [⚑ {flag_codes(block)}]" if mark_flags and block.flags else ""
        parts.append(block.text + mark + source.separator)
    return "".join(parts).strip() + "\n"


def _element(block: TranslatedBlock, target: str, mark_flags: bool = False) -> str:
    tag = _ELEMENTS.get(block.kind, "p")
    attrs = f' data-block-id="{html.escape(block.id)}" data-status="{html.escape(block.status)}"'
    if mark_flags and block.flags:
        attrs += f' data-flag="{flag_codes(block)}"'
    if block.kind in _CLASSED:
        attrs += f' class="{block.kind.value}"'
    if block.language != target:
        attrs += f' lang="{html.escape(block.language)}" dir="{direction(block.language)}"'
    body = isolate_latin(block.text) if block.language == "he" else html.escape(block.text, quote=False)
    if tag == "blockquote":
        return f"<blockquote{attrs}><p>{body}</p></blockquote>"
    if tag == "figcaption":
        return f"<figure{attrs}><figcaption>{body}</figcaption></figure>"
    return f"<{tag}{attrs}>{body}</{tag}>"


def render_html(target: str, blocks: Sequence[TranslatedBlock], mark_flags: bool = False) -> str:
    """The whole article as an HTML fragment: one ``<article lang dir>``."""
    lines = [f'<article lang="{html.escape(target)}" dir="{direction(target)}">']
    in_list = False
    for block in blocks:
        if (block.kind == BlockKind.LIST_ITEM) != in_list:
            lines.append("<ul>" if not in_list else "</ul>")
            in_list = not in_list
        lines.append(_element(block, target, mark_flags))
    if in_list:
        lines.append("</ul>")
    lines.append("</article>")
    return "\n".join(lines) + "\n"


def render(article: Article, target: TargetTranslation, mark_flags: bool = False) -> Rendering:
    """Both renderings of one target of a text article."""
    return Rendering(render_text(article, target.blocks, mark_flags),
                     render_html(target.language, target.blocks, mark_flags))


def render_all(article: Article, result: ArticleTranslation, mark_flags: bool = False) -> RenderedTranslation:
    """Every target of a text article, rendered (``mark_flags``: flagged blocks marked in both)."""
    return RenderedTranslation(result, {language: render(article, t, mark_flags)
                                        for language, t in result.translations.items()})
