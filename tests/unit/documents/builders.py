"""Documents the tests compose themselves: a Word file with every feature, hostile packages, subtitles."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"

HEADING = "Ministers meet in Jerusalem"
CAPTION = "The two ministers at the meeting on Tuesday."
QUOTE_OPEN, QUOTE_SAID, QUOTE_REST = "“We will not wait,”", " the minister said, ", "“not for a day.”"
NAME_BEFORE, NAME, NAME_AFTER = "The talks were led by ", "Moshe Cohen", " of the foreign ministry."
LINK_BEFORE, LINK, LINK_AFTER = "Read ", "the full statement", " on the ministry site."
CELL = ("City", "Votes")
FOOTNOTE_BEFORE, FOOTNOTE_AFTER = "The vote was close", " in the end."
FOOTNOTE = "Counted by the election committee."
HEADER, FOOTER = "Morning edition", "Page footer text"


def _hyperlink(paragraph, text: str, url: str):  # type: ignore[no-untyped-def]
    """A w:hyperlink with one run, as Word writes it (python-docx has no API to add one)."""
    rel = paragraph.part.relate_to(url, HYPERLINK, is_external=True)
    link = paragraph._p.makeelement(qn("w:hyperlink"), {qn("r:id"): rel})
    run = paragraph._p.makeelement(qn("w:r"), {})
    properties = run.makeelement(qn("w:rPr"), {})
    properties.append(properties.makeelement(qn("w:u"), {qn("w:val"): "single"}))
    run.append(properties)
    t = run.makeelement(qn("w:t"), {})
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _footnote_reference(paragraph, note_id: int) -> None:  # type: ignore[no-untyped-def]
    run = paragraph.add_run()._r
    run.append(run.makeelement(qn("w:footnoteReference"), {qn("w:id"): str(note_id)}))


def _footnotes_xml() -> bytes:
    """The footnotes part, written by hand: two separators and one note."""
    root = etree.Element(f"{{{W}}}footnotes", nsmap={"w": W, "r": R})
    for number, kind in ((-1, "separator"), (0, "continuationSeparator")):
        note = etree.SubElement(root, f"{{{W}}}footnote", {f"{{{W}}}type": kind, f"{{{W}}}id": str(number)})
        etree.SubElement(etree.SubElement(etree.SubElement(note, f"{{{W}}}p"), f"{{{W}}}r"), f"{{{W}}}{kind}")
    note = etree.SubElement(root, f"{{{W}}}footnote", {f"{{{W}}}id": "1"})
    p = etree.SubElement(note, f"{{{W}}}p")
    ref = etree.SubElement(p, f"{{{W}}}r")
    etree.SubElement(ref, f"{{{W}}}footnoteRef")
    run = etree.SubElement(p, f"{{{W}}}r")
    t = etree.SubElement(run, f"{{{W}}}t", {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
    t.text = " " + FOOTNOTE
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def news_docx() -> bytes:
    """A Word story: heading, caption, interrupted quotation, a bold name and a link in sentences, a table,
    a footnote, a header and a footer."""
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(11)
    if "Caption" not in [s.name for s in document.styles]:
        document.styles.add_style("Caption", WD_STYLE_TYPE.PARAGRAPH)
    document.sections[0].header.paragraphs[0].text = HEADER
    document.sections[0].footer.paragraphs[0].text = FOOTER
    document.add_heading(HEADING, level=1)
    document.add_paragraph(CAPTION, style="Caption")
    quote = document.add_paragraph(QUOTE_OPEN)
    quote.add_run(QUOTE_SAID)
    quote.add_run(QUOTE_REST)
    named = document.add_paragraph(NAME_BEFORE)
    named.add_run(NAME).bold = True
    named.add_run(NAME_AFTER)
    linked = document.add_paragraph(LINK_BEFORE)
    _hyperlink(linked, LINK, "https://example.org/statement")
    linked.add_run(LINK_AFTER)
    table = document.add_table(rows=1, cols=2)
    for cell, text in zip(table.rows[0].cells, CELL):
        cell.text = text
    noted = document.add_paragraph(FOOTNOTE_BEFORE)
    _footnote_reference(noted, 1)
    noted.add_run(FOOTNOTE_AFTER)
    out = io.BytesIO()
    document.save(out)
    return add_part(out.getvalue(), "word/footnotes.xml", _footnotes_xml(), FOOTNOTES_TYPE, FOOTNOTES,
                    "footnotes.xml")


def add_part(data: bytes, name: str, content: bytes, content_type: str, rel_type: str, target: str,
             mode: str | None = None) -> bytes:
    """A package with one more part (or only a relationship, ``content`` empty) related from the main part."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "[Content_Types].xml" and content:
                body = body.replace(b"</Types>", f'<Override PartName="/{name}" ContentType="{content_type}"/>'
                                    "</Types>".encode())
            if info.filename == "word/_rels/document.xml.rels":
                extra = f' TargetMode="{mode}"' if mode else ""
                body = body.replace(b"</Relationships>", f'<Relationship Id="rIdT9" Type="{rel_type}" '
                                    f'Target="{target}"{extra}/></Relationships>'.encode())
            archive.writestr(info, body)
        if content:
            archive.writestr(name, content)
    return out.getvalue()


def with_external_image(data: bytes) -> bytes:
    """A Word file that links an image by URL: Word would fetch it when the file is opened."""
    return add_part(data, "", b"", "", IMAGE, "https://tracker.example.com/pixel.png", mode="External")


def zip_bomb() -> bytes:
    """A .docx-shaped zip whose one part inflates 1,000 times: 200 MB of zeros in 200 KB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                         'content-types"/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            block = b"\0" * (1024 * 1024)
            for _ in range(200):
                part.write(block)
    return out.getvalue()


ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3">
<office:automatic-styles>
<style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Quotations"/>
</office:automatic-styles>
<office:body><office:text>
<text:h text:outline-level="1">Ministers meet in Jerusalem</text:h>
<text:p text:style-name="Standard">The talks were led by <text:span text:style-name="T1">Moshe Cohen</text:span> of the ministry.</text:p>
<text:p text:style-name="Standard">Read <text:a xlink:type="simple" xlink:href="https://example.org/s">the statement</text:a> online.</text:p>
<text:p text:style-name="P1">We will not wait.</text:p>
<text:p text:style-name="Standard">The vote was close<text:note text:id="n1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p text:style-name="Footnote">Counted by the committee.</text:p></text:note-body></text:note> in the end.</text:p>
{extra}
</office:text></office:body></office:document-content>
"""
ODT_STYLES = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 office:version="1.3">
<office:styles><style:style style:name="Quotations" style:family="paragraph"/></office:styles>
<office:master-styles><style:master-page style:name="Standard"><style:header><text:p>Morning edition</text:p></style:header>
</style:master-page></office:master-styles></office:document-styles>
"""


def news_odt(extra: str = "") -> bytes:
    """An OpenDocument story written by hand: heading, bold name, link, quotation style, footnote, header."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", ODT_CONTENT.replace("{extra}", extra))
        archive.writestr("styles.xml", ODT_STYLES)
        archive.writestr("META-INF/manifest.xml", '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                         'opendocument:xmlns:manifest:1.0"/>')
    return out.getvalue()
