"""A document translated: its format found, its limits checked, its text through the pipeline, its files written.

Every format goes through the pipeline once for all its targets: Word
documents, OpenDocument text, subtitles and Markdown as paragraphs of spans
(:mod:`translator.documents.paragraphs`), text and HTML files as the text and
HTML articles they are (:mod:`translator.documents.plain`). A document is
the newsroom's own, not a scraped page: its boilerplate and bylines are
translated (``translate_boilerplate``), as everything else in it. Nothing is
written before every target is translated, so a failure leaves no file.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable, Sequence

from translator.corrections.approved import ApprovedTranslations
from translator.documents import docx, markdown, odt, subtitles
from translator.documents.formats import DocumentFormat, detect_format
from translator.documents.limits import check_size, check_text
from translator.documents.markup import Paragraph
from translator.documents.paragraphs import translate_paragraphs
from translator.documents.plain import file_text, html_text, translate_html_file, translate_txt
from translator.errors import InvalidRequest
from translator.glossary.termbase import TermBase
from translator.pipeline import Options, Pipeline
from translator.render import RenderedTranslation
from translator.text.typography import direction


@dataclass(frozen=True)
class DocumentLimits:
    """How large a document may be: bytes uploaded, characters of text to translate."""

    max_bytes: int
    max_chars: int


@dataclass(frozen=True)
class TranslatedDocument:
    """A document's translations, one file per target, and the translation they were written from."""

    format: DocumentFormat
    files: dict[str, bytes]
    rendered: RenderedTranslation
    chars: int


@dataclass(frozen=True)
class _Paragraphed:
    """A format read as paragraphs, and how one target's spans are written back as its file."""

    paragraphs: Sequence[Paragraph]
    write: Callable[[list[Any], str], bytes]
    tags: dict[int, str] | None = None


def _read(fmt: DocumentFormat, data: bytes) -> _Paragraphed:
    if fmt == DocumentFormat.DOCX:
        word = docx.read_docx(data)
        return _Paragraphed(word.paragraphs, lambda spans, t: docx.write_docx(word, spans, direction(t) == "rtl"))
    if fmt == DocumentFormat.ODT:
        text = odt.read_odt(data)
        return _Paragraphed(text.paragraphs, lambda spans, t: odt.write_odt(text, spans, direction(t) == "rtl"))
    if fmt in (DocumentFormat.SRT, DocumentFormat.VTT):
        cues = subtitles.read_subtitles(file_text(data), fmt)
        return _Paragraphed(cues.paragraphs, lambda spans, t: subtitles.write_subtitles(cues, spans).encode())
    md = markdown.read_markdown(file_text(data))
    return _Paragraphed(md.paragraphs, lambda spans, t: markdown.write_markdown(md, spans).encode(),
                        markdown.TAGS)


def translate_document(
    pipeline: Pipeline, filename: str, data: bytes, source: str, targets: Sequence[str], limits: DocumentLimits,
    options: Options = Options(), deadline: float | None = None, terms: TermBase | None = None,
    approved: ApprovedTranslations | None = None,
) -> TranslatedDocument:
    """Translate one uploaded file into every target, each in the file's own format.

    ``terms``: the glossaries; ``approved``: editors' approved translations, used before the memory and the model.
    """
    check_size(len(data), limits.max_bytes)
    fmt = detect_format(filename, data)
    options = replace(options, translate_boilerplate=True, translate_bylines=True)
    if fmt in (DocumentFormat.TXT, DocumentFormat.HTML):
        text = file_text(data) if fmt == DocumentFormat.TXT else html_text(data)
        check_text(len(text), limits.max_chars)
        _check_not_empty(text)
        run = translate_txt if fmt == DocumentFormat.TXT else translate_html_file
        rendered, texts = run(pipeline, text, source, targets, options, deadline, terms, approved)
        return TranslatedDocument(fmt, {t: body.encode("utf-8") for t, body in texts.items()}, rendered, len(text))
    read = _read(fmt, data)
    chars = sum(len(p.text) for p in read.paragraphs)
    check_text(chars, limits.max_chars)
    _check_not_empty("".join(p.text for p in read.paragraphs))
    done = translate_paragraphs(pipeline, read.paragraphs, source, targets, options, deadline, terms, read.tags,
                                approved)
    files = {target: read.write(spans, target) for target, spans in done.spans.items()}
    return TranslatedDocument(fmt, files, done.rendered, chars)


def _check_not_empty(text: str) -> None:
    if not any(ch.isalpha() for ch in text):
        raise InvalidRequest("the document has no text to translate", code="empty_article")
