"""OpenDocument, Markdown, text and HTML files: their structure and inline formatting survive translation."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import fixture_engine_settings
from tests.support.package_builder import transliterate
from tests.unit.documents import builders as b
from translator.document.article import BlockKind
from translator.documents.odt import TEXT, read_odt
from translator.documents.translate import DocumentLimits, translate_document
from translator.engine.engine import Engine
from translator.errors import DocumentUnsafe
from translator.language.detect import Detector
from translator.pipeline import Pipeline

LIMITS = DocumentLimits(max_bytes=1024 * 1024, max_chars=100_000)
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
MARKDOWN = """# Ministers meet in Jerusalem

The talks were led by **Moshe Cohen** of the
foreign ministry, and [the statement](https://example.org/s) followed.

```
code stays as it is
```

- Votes were counted on `Tuesday` night.
"""


@pytest.fixture
def pipeline(packages_dir: Path, detector: Detector) -> Pipeline:
    return Pipeline(Engine(fixture_engine_settings(packages_dir)), detector)


def _content(data: bytes) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("content.xml"))


def test_odt_kinds_come_from_headings_and_styles() -> None:
    kinds = {p.text: p.kind for p in read_odt(b.news_odt()).paragraphs}
    assert kinds["Ministers meet in Jerusalem"] == BlockKind.HEADLINE
    assert kinds["We will not wait."] == BlockKind.QUOTE


def test_odt_keeps_spans_links_notes_and_writes_hebrew_right_to_left(pipeline: Pipeline) -> None:
    out = translate_document(pipeline, "story.odt", b.news_odt(), "en", ["he"], LIMITS).files["he"]
    t = lambda text: transliterate(text, "en", "he")  # noqa: E731 - what the fixture model does
    root = _content(out)
    bold = root.find(f".//{{{TEXT}}}span[@{{{TEXT}}}style-name='T1']")
    assert bold is not None and bold.text == t("Moshe Cohen")
    link = root.find(f".//{{{TEXT}}}a")
    assert link is not None and link.get("{http://www.w3.org/1999/xlink}href") == "https://example.org/s"
    assert "".join(link.itertext()) == t("the statement")
    note = root.find(f".//{{{TEXT}}}note")
    assert note is not None and t("Counted by the committee.") in "".join(note.itertext())
    rtl = [s for s in root.iter(f"{{{STYLE}}}paragraph-properties") if s.get(f"{{{STYLE}}}writing-mode") == "rl-tb"]
    assert rtl and all(p.get(f"{{{TEXT}}}style-name", "").startswith("TargumRtl_")
                       for p in root.iter(f"{{{TEXT}}}p") if (p.text or "").strip())
    styles = zipfile.ZipFile(io.BytesIO(out)).read("styles.xml").decode()
    assert t("Morning edition") in styles
    assert zipfile.ZipFile(io.BytesIO(out)).infolist()[0].filename == "mimetype"


def test_odt_with_a_linked_image_is_refused(pipeline: Pipeline) -> None:
    linked = b.news_odt('<text:p><draw:frame><draw:image xlink:href="https://tracker.example.com/p.png"/>'
                        '</draw:frame></text:p>')
    with pytest.raises(DocumentUnsafe) as refused:
        translate_document(pipeline, "story.odt", linked, "en", ["ru"], LIMITS)
    assert refused.value.code == "external_content"


def test_markdown_keeps_its_marks_links_and_code(pipeline: Pipeline) -> None:
    out = translate_document(pipeline, "story.md", MARKDOWN.encode(), "en", ["ru"], LIMITS).files["ru"].decode()
    t = lambda text: transliterate(text, "en", "ru")  # noqa: E731
    lines = out.split("\n")
    assert lines[0] == "# " + t("Ministers meet in Jerusalem")
    assert f"**{t('Moshe Cohen')}**" in out and f"[{t('the statement')}](https://example.org/s)" in out
    assert "code stays as it is" in out and "`Tuesday`" in out
    assert any(line.startswith("- ") and t("Votes") in line for line in lines)


def test_text_and_html_files_are_articles(pipeline: Pipeline) -> None:
    text = "Ministers meet in Jerusalem\n\nThe talks were led by Moshe Cohen.\n"
    out = translate_document(pipeline, "note.txt", text.encode(), "en", ["ru"], LIMITS).files["ru"].decode()
    assert out == transliterate("Ministers meet in Jerusalem", "en", "ru") + "\n\n" + \
        transliterate("The talks were led by Moshe Cohen.", "en", "ru") + "\n"
    page = ('<!doctype html><html><head><meta charset="windows-1255"><title>x</title></head>'
            "<body><h1>Ministers meet</h1><p>The talks <b>went on</b>.</p></body></html>")
    html = translate_document(pipeline, "page.html", page.encode(), "en", ["he"], LIMITS).files["he"].decode()
    assert 'charset="utf-8"' in html and transliterate("went on", "en", "he") in html and "<b>" in html
