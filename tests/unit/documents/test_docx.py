"""Word documents: the story's structure and its runs survive translation into Hebrew and Russian."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from tests.conftest import fixture_engine_settings
from tests.support.package_builder import transliterate
from tests.unit.documents import builders as b
from translator.document.article import BlockKind
from translator.documents.docx import read_docx
from translator.documents.translate import DocumentLimits, translate_document
from translator.engine.engine import Engine
from translator.errors import DocumentTooLarge, DocumentUnsafe, UnsupportedDocumentFormat
from translator.language.detect import Detector
from translator.pipeline import Pipeline

LIMITS = DocumentLimits(max_bytes=10 * 1024 * 1024, max_chars=100_000)
W = b.W


@pytest.fixture
def pipeline(packages_dir: Path, detector: Detector) -> Pipeline:
    return Pipeline(Engine(fixture_engine_settings(packages_dir)), detector)


@pytest.fixture(scope="module")
def story() -> bytes:
    return b.news_docx()


def _paragraphs(data: bytes) -> list[docx.text.paragraph.Paragraph]:
    return list(docx.Document(io.BytesIO(data)).paragraphs)


def _by_text(data: bytes, text: str) -> docx.text.paragraph.Paragraph:
    return next(p for p in _paragraphs(data) if p.text.strip() == text)


def _part(data: bytes, name: str) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))


def test_styles_decide_kinds_before_the_classifier(story: bytes) -> None:
    kinds = {p.text: p.kind for p in read_docx(story).paragraphs}
    assert kinds[b.HEADING] == BlockKind.HEADLINE
    assert kinds[b.CAPTION] == BlockKind.CAPTION
    assert kinds[b.QUOTE_OPEN + b.QUOTE_SAID + b.QUOTE_REST] is None  # Normal: the classifier decides


@pytest.mark.parametrize("target", ["he", "ru"])
def test_a_story_keeps_its_formatting_in_place(pipeline: Pipeline, story: bytes, target: str) -> None:
    result = translate_document(pipeline, "story.docx", story, "en", [target], LIMITS)
    out = result.files[target]
    t = lambda text: transliterate(text, "en", target)  # noqa: E731 - what the fixture model does
    heading = _by_text(out, t(b.HEADING))
    assert heading.style.name == "Heading 1"
    assert _by_text(out, t(b.CAPTION)).style.name == "Caption"
    named = next(p for p in _paragraphs(out) if t(b.NAME) in p.text)
    bold = [r.text for r in named.runs if r.bold]
    assert bold == [t(b.NAME)]  # the bold run holds the name's translation, nothing else
    linked = next(p for p in _paragraphs(out) if t(b.LINK) in p.text)
    links = linked._p.findall(f"{{{W}}}hyperlink")
    assert len(links) == 1 and "".join(links[0].xpath(".//w:t/text()")) == t(b.LINK)
    assert links[0].get(f"{{{b.R}}}id")  # the same relationship: the URL as it was
    table = docx.Document(io.BytesIO(out)).tables[0]
    assert [c.text for c in table.rows[0].cells] == [t(text) for text in b.CELL]
    noted = next(p for p in _paragraphs(out) if t("The vote") in p.text)
    assert noted._p.find(f".//{{{W}}}footnoteReference") is not None
    footnotes = "".join(_part(out, "word/footnotes.xml").itertext())
    assert t("Counted by the election committee.") in footnotes
    assert t(b.HEADER) in "".join(_part(out, "word/header1.xml").itertext())
    assert t(b.FOOTER) in "".join(_part(out, "word/footer1.xml").itertext())
    quote = next(p for p in _paragraphs(out) if t("the minister said") in p.text)
    assert quote.text.count(t("the minister said")) == 1
    if target == "ru":  # the interrupted quotation in Russian marks, the attribution between dashes
        assert quote.text.startswith("«") and quote.text.count("«") == quote.text.count("»") == 2
        assert "— " + t("the minister said") in quote.text
    kinds = {b.text: b.kind for b in result.rendered.translation.blocks}
    assert kinds[b.QUOTE_OPEN + b.QUOTE_SAID + b.QUOTE_REST] == BlockKind.QUOTE


def test_hebrew_paragraphs_and_runs_are_right_to_left(pipeline: Pipeline, story: bytes) -> None:
    result = translate_document(pipeline, "story.docx", story, "en", ["he", "ru"], LIMITS)
    hebrew, russian = result.files["he"], result.files["ru"]
    for p in _paragraphs(hebrew):
        if p.text.strip():
            assert p._p.find(f"{{{W}}}pPr/{{{W}}}bidi") is not None, p.text
            assert all(r._r.find(f"{{{W}}}rPr/{{{W}}}rtl") is not None for r in p.runs if r.text.strip())
    assert _part(hebrew, "word/document.xml").find(f".//{{{W}}}tblPr/{{{W}}}bidiVisual") is not None
    assert _part(russian, "word/document.xml").find(f".//{{{W}}}bidi") is None
    assert result.rendered.translation.stats.model_calls <= 2  # one batched call per package


def test_an_external_image_link_is_refused(pipeline: Pipeline, story: bytes) -> None:
    with pytest.raises(DocumentUnsafe) as refused:
        translate_document(pipeline, "story.docx", b.with_external_image(story), "en", ["ru"], LIMITS)
    assert refused.value.code == "external_content" and refused.value.extra["relationships"] == ["image"]


def test_a_zip_bomb_is_refused_before_it_inflates(pipeline: Pipeline) -> None:
    bomb = b.zip_bomb()
    assert len(bomb) < 1024 * 1024
    with pytest.raises(DocumentUnsafe) as refused:
        translate_document(pipeline, "bomb.docx", bomb, "en", ["ru"], LIMITS)
    assert refused.value.code == "zip_bomb"


def test_macros_and_sizes_are_refused(pipeline: Pipeline, story: bytes) -> None:
    with pytest.raises(UnsupportedDocumentFormat) as named:
        translate_document(pipeline, "story.docm", story, "en", ["ru"], LIMITS)
    assert named.value.code == "document_has_macros"
    macro = b.add_part(story, "word/vbaProject.bin", b"\x00macro", "application/vnd.ms-office.vbaProject",
                       "http://schemas.microsoft.com/office/2006/relationships/vbaProject", "vbaProject.bin")
    with pytest.raises(DocumentUnsafe) as hidden:
        translate_document(pipeline, "story.docx", macro, "en", ["ru"], LIMITS)
    assert hidden.value.code == "macros_refused"
    with pytest.raises(DocumentTooLarge):
        translate_document(pipeline, "story.docx", story, "en", ["ru"], DocumentLimits(len(story) - 1, 100_000))
    with pytest.raises(DocumentTooLarge) as text:
        translate_document(pipeline, "story.docx", story, "en", ["ru"], DocumentLimits(len(story), 50))
    assert text.value.code == "document_text_too_large"


def test_a_hebrew_story_into_english_loses_its_right_to_left_settings(pipeline: Pipeline) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("השרים נפגשו בירושלים היום.")
    paragraph._p.get_or_add_pPr().append(paragraph._p.makeelement(f"{{{W}}}bidi", {}))
    out = io.BytesIO()
    document.save(out)
    english = translate_document(pipeline, "he.docx", out.getvalue(), "he", ["en"], LIMITS).files["en"]
    (translated,) = [p for p in _paragraphs(english) if p.text.strip()]
    assert translated.text == transliterate("השרים נפגשו בירושלים היום.", "he", "en")
    assert translated._p.find(f"{{{W}}}pPr/{{{W}}}bidi") is None
