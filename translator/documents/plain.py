"""Text and HTML files: the article paths Targum already has, a file in and a file out.

A ``.txt`` file is a text article (:func:`translator.document.segment.segment_text`:
headline, paragraphs, quotations, captions, credits by their shape), and its
translation is the text rendering, with the file's spacing between blocks.
An ``.html`` file is an HTML article or page (:mod:`translator.html`), and
its translation the filled-in tree, written as UTF-8 (a ``<meta charset>``
that said otherwise is changed to say so).
"""

from __future__ import annotations

import re
from typing import Sequence

from translator.corrections.approved import ApprovedTranslations
from translator.document.segment import segment_text
from translator.documents.formats import decode_text
from translator.errors import DocumentInvalid
from translator.glossary.termbase import TermBase
from translator.html.parse import parse_html
from translator.html.translate import translate_html
from translator.pipeline import Options, Pipeline
from translator.render import RenderedTranslation, render_all

_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w-]+)", re.IGNORECASE)


def file_text(data: bytes) -> str:
    """A text file's content (UTF-8 or UTF-16); 422 ``invalid_document`` for anything else."""
    text = decode_text(data)
    if text is None:
        raise DocumentInvalid("the file is not UTF-8 or UTF-16 text")
    return text


def html_text(data: bytes) -> str:
    """An HTML file's content: UTF-8 or UTF-16, or the ``<meta charset>`` it declares."""
    text = decode_text(data)
    if text is not None:
        return text
    declared = _META_CHARSET.search(data[:4096])
    try:
        return data.decode(declared.group(1).decode("ascii") if declared else "utf-8")
    except (LookupError, UnicodeDecodeError):
        raise DocumentInvalid("the HTML file's encoding is neither UTF-8 nor the one it declares") from None


def translate_txt(pipeline: Pipeline, text: str, source: str, targets: Sequence[str], options: Options,
                  deadline: float | None, terms: TermBase | None,
                  approved: ApprovedTranslations | None = None) -> tuple[RenderedTranslation, dict[str, str]]:
    """A text file as a text article: each target's text rendering."""
    article = segment_text(text, None)
    result = pipeline.translate(article, source, targets, options, deadline, terms=terms, approved=approved)
    rendered = render_all(article, result, options.mark_flags)
    return rendered, {target: r.text for target, r in rendered.renderings.items()}


def translate_html_file(pipeline: Pipeline, text: str, source: str, targets: Sequence[str], options: Options,
                        deadline: float | None, terms: TermBase | None,
                  approved: ApprovedTranslations | None = None) -> tuple[RenderedTranslation, dict[str, str]]:
    """An HTML file as an HTML article: each target's filled-in document, declared UTF-8."""
    doc = parse_html(text, None, options.sanitize)
    rendered = translate_html(pipeline, doc, source, targets, options, deadline, terms, approved)
    files = {target: re.sub(r"(<meta[^>]+charset\s*=\s*[\"']?)[\w-]+", r"\1utf-8", r.html, count=1,
                            flags=re.IGNORECASE)
             for target, r in rendered.renderings.items()}
    return rendered, files
