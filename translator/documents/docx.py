"""Word documents (``.docx``): paragraphs read as spans, translations written back run by run.

The package is a zip of XML parts (:mod:`translator.documents.limits` reads
it, :mod:`translator.documents.ooxml` checks it); the parts with text are the
body, the headers and footers, the footnotes and endnotes (:data:`TEXT_PARTS`).
Every ``w:p`` in them is a paragraph, table cells and text boxes included.
In a paragraph, each run's text is a span keyed by its run properties
(``w:rPr``: bold, italic, font…); a hyperlink's runs carry its link; anything
else (a footnote reference, a tab, a break, a drawing, a bookmark, a field
code, a tracked change, a content control) is a point, kept as it is and put
back where the alignment says. Other parts (styles, images, settings) are
copied byte for byte.

A paragraph's style decides its kind (:data:`STYLE_KINDS`, by the style's
name in ``styles.xml``): Title and Heading 1 a headline, other headings and
Subtitle a subheadline, Caption a caption, Quote and Intense Quote a quote,
List styles a list item. For a right-to-left target (Hebrew) each rewritten
paragraph gets ``w:bidi``, each run ``w:rtl``, each table ``w:bidiVisual``;
for a left-to-right target from a Hebrew source they are taken off.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any, Sequence

from lxml import etree

from translator.document.article import BlockKind
from translator.documents.limits import Package, parse_xml, read_package, write_package
from translator.documents.markup import Paragraph, Span
from translator.documents.ooxml import check_word_package

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
TEXT_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
STYLE_KINDS = {"title": BlockKind.HEADLINE, "heading 1": BlockKind.HEADLINE, "subtitle": BlockKind.SUBHEADLINE,
               "caption": BlockKind.CAPTION, "quote": BlockKind.QUOTE, "intense quote": BlockKind.QUOTE}
# Where w:rtl and w:bidi go in their parents (the schema's sequences: what must come after them).
_AFTER_RTL = ("cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath", "rPrChange")
_AFTER_BIDI = ("adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
               "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
               "cnfStyle", "rPr", "sectPr", "pPrChange")
_AFTER_BIDI_VISUAL = ("tblStyleRowBandSize", "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd",
                      "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription",
                      "tblPrChange")


def w(tag: str) -> str:
    """A WordprocessingML tag in Clark notation."""
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class DocxSource:
    """A read Word document: its package, its paragraphs in reading order, the run formats they key into."""

    package: Package
    paragraphs: tuple[Paragraph, ...]


class _Walk:
    """One pass over a package's text parts: paragraphs as spans; points and links as elements of these trees."""

    def __init__(self, package: Package) -> None:
        self.trees = {name: parse_xml(package.entries[name], name) for name in package.names
                      if TEXT_PARTS.match(name)}
        self.styles = _style_names(package)
        self.formats: dict[bytes, int] = {b"": 0}
        self.format_elements: list[Any] = [None]
        self.points: list[tuple[Any, Any]] = []
        self.links: list[Any] = []
        self.elements: list[Any] = []
        self.paragraphs: list[Paragraph] = []
        for tree in self.trees.values():
            for p in list(tree.iter(w("p"))):
                self.elements.append(p)
                self.paragraphs.append(Paragraph(tuple(self._paragraph(p)), self._kind(p)))

    def _kind(self, p: Any) -> BlockKind | None:
        style = p.find(f"{w('pPr')}/{w('pStyle')}")
        name = self.styles.get(style.get(w("val"), "")) if style is not None else None
        if name is None:
            return None
        if re.fullmatch(r"heading [2-9]", name):
            return BlockKind.SUBHEADLINE
        return STYLE_KINDS.get(name, BlockKind.LIST_ITEM if name.startswith("list") else None)

    def _paragraph(self, p: Any) -> list[Span]:
        spans: list[Span] = []
        for child in p:
            if child.tag == w("pPr"):
                continue
            if child.tag == w("r"):
                spans.extend(self._run(child, None))
            elif child.tag == w("hyperlink"):
                self.links.append(child)
                for inner in child:
                    spans.extend(self._run(inner, len(self.links) - 1) if inner.tag == w("r")
                                 else [self._point(inner, len(self.links) - 1)])
            else:
                spans.append(self._point(child, None))
        return spans

    def _run(self, run: Any, link: int | None) -> list[Span]:
        properties = run.find(w("rPr"))
        key = etree.tostring(properties) if properties is not None else b""
        if key not in self.formats:
            self.formats[key] = len(self.format_elements)
            self.format_elements.append(properties)
        style = self.formats[key]
        spans = []
        for child in run:
            if child.tag == w("rPr"):
                continue
            if child.tag == w("t"):
                spans.append(Span(child.text or "", style, link))
            else:  # a tab, a break, a footnote reference, a drawing, a field code: a run of its own when written
                spans.append(self._point(child, link, run))
        return spans

    def _point(self, element: Any, link: int | None, run: Any = None) -> Span:
        self.points.append((element, run))
        return Span(point=len(self.points) - 1, link=link)

    def point(self, index: int) -> Any:
        """A point as it is written back: the element itself, or a run of its own around a run's child.

        Only a rewritten paragraph's points are moved (never copied: a text box's paragraphs inside a
        drawing stay the elements the walk rewrites); the others stay where they are.
        """
        element, run = self.points[index]
        if run is None:
            return element
        holder = etree.Element(w("r"))
        properties = run.find(w("rPr"))
        if properties is not None:
            holder.append(copy.deepcopy(properties))
        holder.append(element)
        return holder


def _style_names(package: Package) -> dict[str, str]:
    """Paragraph style ids → the name of the built-in style they are or are based on, lower case.

    Word writes ids in the user's language and names in English; a house style based on Heading 1
    ("Story head") is a heading too, found through ``w:basedOn`` (a few levels up).
    """
    data = package.entries.get("word/styles.xml")
    if data is None:
        return {}
    root = parse_xml(data, "word/styles.xml")
    names, parents = {}, {}
    for style in root.iter(w("style")):
        name, based = style.find(w("name")), style.find(w("basedOn"))
        if name is not None and style.get(w("styleId")):
            names[style.get(w("styleId"))] = name.get(w("val"), "").lower()
            if based is not None:
                parents[style.get(w("styleId"))] = based.get(w("val"), "")
    return {sid: _known(sid, names, parents) for sid in names}


def _known(style_id: str, names: dict[str, str], parents: dict[str, str]) -> str:
    """A style's own name when it says a kind, else the nearest ancestor's that does (else its own)."""
    current = style_id
    for _ in range(8):
        name = names.get(current, "")
        if name in STYLE_KINDS or re.fullmatch(r"heading [1-9]|list.*", name):
            return name
        if current not in parents:
            break
        current = parents[current]
    return names.get(style_id, "")


def read_docx(data: bytes) -> DocxSource:
    """A Word document's paragraphs, its package checked (zip limits, macros, external content)."""
    package = read_package(data)
    check_word_package(package)
    return DocxSource(package, tuple(_Walk(package).paragraphs))


def write_docx(source: DocxSource, translated: Sequence[tuple[Span, ...] | None], rtl: bool) -> bytes:
    """The document with each translated paragraph's runs rewritten, right-to-left settings for ``rtl``."""
    walk = _Walk(source.package)  # fresh trees: each target is written from the source
    for p, spans in zip(walk.elements, translated):
        if spans is not None:
            _rewrite(p, spans, walk, rtl)
    for tree in walk.trees.values():
        for table in tree.iter(w("tblPr")):
            _direction(table, "bidiVisual", rtl, _AFTER_BIDI_VISUAL)
    changed = {name: etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
               for name, tree in walk.trees.items()}
    return write_package(source.package, changed)


def _rewrite(p: Any, spans: Sequence[Span], walk: _Walk, rtl: bool) -> None:
    """Replace a paragraph's content (not its properties) with runs made from ``spans``."""
    properties = p.find(w("pPr"))
    for child in list(p):
        if child is not properties:
            p.remove(child)
    if properties is None:
        properties = etree.SubElement(p, w("pPr"))
    _direction(properties, "bidi", rtl, _AFTER_BIDI)
    groups: dict[int, Any] = {}
    for span in spans:
        parent = p
        if span.link is not None:
            if span.link not in groups:
                shell = walk.links[span.link]
                groups[span.link] = etree.SubElement(p, shell.tag, dict(shell.attrib))
            parent = groups[span.link]
        if span.point is not None:
            parent.append(walk.point(span.point))
            continue
        run = etree.SubElement(parent, w("r"))
        formats = walk.format_elements[span.style]
        run_properties = copy.deepcopy(formats) if formats is not None else etree.Element(w("rPr"))
        _direction(run_properties, "rtl", rtl, _AFTER_RTL)
        if len(run_properties):
            run.append(run_properties)
        text = etree.SubElement(run, w("t"))
        text.text = span.text
        text.set(XML_SPACE, "preserve")


def _direction(parent: Any, tag: str, on: bool, after: tuple[str, ...]) -> None:
    """Set or clear a right-to-left switch (``w:bidi``, ``w:rtl``, ``w:bidiVisual``) in its schema place."""
    if parent is None:
        return
    for found in parent.findall(w(tag)):
        parent.remove(found)
    if not on:
        return
    switch = etree.Element(w(tag))
    for index, child in enumerate(parent):
        if isinstance(child.tag, str) and etree.QName(child).localname in after:
            parent.insert(index, switch)
            return
    parent.append(switch)
