"""A document's paragraphs through the HTML path: one pipeline pass for every paragraph and every target.

The paragraphs become one HTML fragment (:func:`translator.documents.markup.to_html`),
which :func:`translator.html.translate.translate_html` translates as it
translates any HTML article: kinds from the markup, one batched model call
per package, the translation memory, glossaries, review flags, inline
markup placed by alignment. Each target's filled fragment is read back into
spans, paragraph by paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from translator.corrections.approved import ApprovedTranslations
from translator.documents.markup import Paragraph, Span, from_html, merged, to_html
from translator.glossary.termbase import TermBase
from translator.html.parse import parse_html
from translator.html.translate import translate_html
from translator.pipeline import Options, Pipeline
from translator.render import RenderedTranslation


@dataclass(frozen=True)
class TranslatedParagraphs:
    """Each target's paragraphs as spans (None: left as it was), and the translation they came from."""

    spans: dict[str, list[tuple[Span, ...] | None]]
    rendered: RenderedTranslation


def translate_paragraphs(
    pipeline: Pipeline, paragraphs: Sequence[Paragraph], source: str, targets: Sequence[str], options: Options,
    deadline: float | None = None, terms: TermBase | None = None, tags: Mapping[int, str] | None = None,
    approved: ApprovedTranslations | None = None,
) -> TranslatedParagraphs:
    """Translate every paragraph into every target in one pass; unchanged paragraphs come back None."""
    doc = parse_html(to_html(paragraphs, tags))
    rendered = translate_html(pipeline, doc, source, targets, options, deadline, terms, approved)
    spans = {}
    for target, rendering in rendered.renderings.items():
        read = from_html(rendering.html, len(paragraphs))
        spans[target] = [None if found is None or found == merged(p.spans) else found
                         for p, found in zip(paragraphs, read)]
    return TranslatedParagraphs(spans, rendered)
