"""Translating an HTML article: blocks through the pipeline, translations back into the tree.

The one entry point both APIs use: ``/v1/translate`` with ``format: html``
(:func:`translate_html`) and LibreTranslate's ``/translate`` with
``format: html`` (:func:`aligned_blocks` and :func:`render_target`, per item
of a batch).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from translator.html.parse import HtmlArticle
from translator.html.fill import render_html
from translator.pipeline import ArticleTranslation, Options, Pipeline, TargetTranslation
from translator.render import render_text


def aligned_blocks(doc: HtmlArticle, prefix: str = "") -> frozenset[str]:
    """The ids of the blocks that hold inline markup, URLs or protected text: they need alignments."""
    return frozenset(prefix + run.block_id for run in doc.runs if run.inlines)


def render_target(doc: HtmlArticle, translation: TargetTranslation, wrap: bool = True) -> TargetTranslation:
    """One target's translation with ``html`` the translated document, and blocks read back from it."""
    rendered = render_html(doc, {b.id: b for b in translation.blocks}, translation.language, wrap)
    blocks = tuple(replace(b, text=rendered.texts.get(b.id, b.text), alignment=None) for b in translation.blocks)
    return replace(translation, blocks=blocks, text=render_text(doc.article, blocks), html=rendered.html)


def translate_html(
    pipeline: Pipeline, doc: HtmlArticle, source: str, targets: Sequence[str], options: Options = Options(),
    deadline: float | None = None,
) -> ArticleTranslation:
    """Translate a parsed HTML article into every target; each target's ``html`` is the filled-in document."""
    result = pipeline.translate(doc.article, source, targets, options, deadline, aligned=aligned_blocks(doc))
    translations = {target: render_target(doc, t) for target, t in result.translations.items()}
    return replace(result, translations=translations)
