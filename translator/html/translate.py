"""Translating an HTML article: blocks through the pipeline, translations back into the tree.

Used by ``/v1/translate`` with ``format: html`` (:func:`translate_html`) and,
through :mod:`translator.batch`, by LibreTranslate's ``/translate`` with
``format: html`` (:func:`aligned_blocks`, then :func:`fill_html` per item).
Each target's HTML is filled in once, after the pipeline; the blocks are read
back from it (protected spans, such as code and URLs, as they were written),
and the text rendering is made from those blocks.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from translator.corrections.approved import ApprovedTranslations
from translator.document.translation import TargetTranslation
from translator.glossary.termbase import TermBase
from translator.html.fill import fill_html
from translator.html.parse import HtmlArticle
from translator.pipeline import Options, Pipeline
from translator.render import RenderedTranslation, Rendering, render_text
from translator.review.reviewer import recheck_text
from translator.settings import ReviewSettings


def aligned_blocks(doc: HtmlArticle, prefix: str = "") -> frozenset[str]:
    """The ids of the blocks that hold inline markup, URLs or protected text: they need alignments."""
    return frozenset(prefix + run.block_id for run in doc.runs if run.inlines)


def render_target(
    doc: HtmlArticle, translation: TargetTranslation, mark_flags: bool = False, review: ReviewSettings | None = None,
) -> tuple[TargetTranslation, Rendering]:
    """One target filled into the document: its blocks as they read there, and both renderings.

    ``review``: the flags' checks on text run again on each block's filled text (its protected spans restored).
    """
    sources = {b.id: b.text for b in doc.article.blocks}
    blocks = tuple(translation.blocks)
    filled = fill_html(doc, {b.id: b for b in blocks}, translation.language)
    if review is not None:
        blocks = tuple(replace(b, flags=recheck_text(b.flags, sources[b.id], filled.texts.get(b.id, b.text),
                                                     b.language, review))
                       if b.status == "translated" else b for b in blocks)
    if mark_flags and any(b.flags for b in blocks):
        filled = fill_html(doc, {b.id: b for b in blocks}, translation.language, mark_flags=True)
    blocks = tuple(replace(b, text=filled.texts.get(b.id, b.text), alignment=None) for b in blocks)
    return replace(translation, blocks=blocks), Rendering(render_text(doc.article, blocks, mark_flags), filled.html)


def translate_html(
    pipeline: Pipeline, doc: HtmlArticle, source: str, targets: Sequence[str], options: Options = Options(),
    deadline: float | None = None, terms: TermBase | None = None, approved: ApprovedTranslations | None = None,
) -> RenderedTranslation:
    """Translate a parsed HTML article into every target; each target's ``html`` is the filled-in document.

    Blocks with a glossary term are aligned whether or not they hold inline markup (the pipeline asks for it).
    """
    result = pipeline.translate(doc.article, source, targets, options, deadline, aligned=aligned_blocks(doc),
                                terms=terms, approved=approved)
    review = pipeline.review if options.flags else None
    done = {target: render_target(doc, t, options.mark_flags, review) for target, t in result.translations.items()}
    translation = replace(result, translations={target: t for target, (t, _) in done.items()})
    return RenderedTranslation(translation, {target: rendering for target, (_, rendering) in done.items()})
