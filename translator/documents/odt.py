"""OpenDocument text (``.odt``): paragraphs and headings read as spans, written back span by span.

The package is a zip (:mod:`translator.documents.limits`) whose ``mimetype``
says ``application/vnd.oasis.opendocument.text``. The text lives in
``content.xml`` (the body, tables, notes) and ``styles.xml`` (headers and
footers); every ``text:p`` and ``text:h`` in them is a paragraph. Inside one,
text is a span keyed by its ``text:span`` style, a ``text:a`` is a link, and
anything else (a note, a tab, a line break, a frame, a bookmark) is a point
put back where the alignment says; a note's own paragraphs are translated
in their turn. Kinds: ``text:h`` is a headline at outline level 1, a
subheadline below; paragraph styles Title, Subtitle, Quotations, Caption
(Illustration, Figure) and list items decide theirs.

Refused: Basic macros or scripts in the package (``macros_refused``), and
images, objects or frames linked by URL (``external_content``): Targum
fetches nothing and hands back nothing that would. For a right-to-left
target each rewritten paragraph gets an automatic style of its own that
says ``style:writing-mode="rl-tb"``, aligned to its start.
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
from translator.errors import DocumentInvalid, DocumentUnsafe

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
XLINK = "http://www.w3.org/1999/xlink"
MIMETYPE = b"application/vnd.oasis.opendocument.text"
TEXT_PARTS = ("content.xml", "styles.xml")
STYLE_KINDS = {"title": BlockKind.HEADLINE, "subtitle": BlockKind.SUBHEADLINE, "quotations": BlockKind.QUOTE,
               "caption": BlockKind.CAPTION, "illustration": BlockKind.CAPTION, "figure": BlockKind.CAPTION}
_REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


def t(tag: str) -> str:
    return f"{{{TEXT}}}{tag}"


@dataclass(frozen=True)
class OdtSource:
    """A read OpenDocument text: its package and its paragraphs in reading order."""

    package: Package
    paragraphs: tuple[Paragraph, ...]


def check_odt_package(package: Package) -> None:
    """Refuse a package that is no OpenDocument text, holds macros, or links images or objects by URL."""
    if package.entries.get("mimetype", b"").strip() != MIMETYPE:
        raise DocumentInvalid("the package is not an OpenDocument text (its mimetype entry says otherwise)")
    if any(name.startswith(("Basic/", "Scripts/")) for name in package.names):
        raise DocumentUnsafe("the document holds macros; they are never run or kept: save it without them",
                             code="macros_refused")
    for name in TEXT_PARTS:
        if name not in package.entries:
            raise DocumentInvalid(f"the package has no {name}")
        remote = [el.get(f"{{{XLINK}}}href") for el in parse_xml(package.entries[name], name).iter()
                  if isinstance(el.tag, str) and not el.tag.startswith(f"{{{TEXT}}}")
                  and _REMOTE.match(el.get(f"{{{XLINK}}}href") or "")]
        if remote:
            raise DocumentUnsafe("the document links images or objects that would be fetched from elsewhere when "
                                 "it is opened; Targum never fetches them and does not pass them on: embed them",
                                 code="external_content", relationships=["image"])


class _Walk:
    """One pass over the text parts: paragraphs as spans; points, links and styles of these trees."""

    def __init__(self, package: Package) -> None:
        self.trees = {name: parse_xml(package.entries[name], name) for name in TEXT_PARTS}
        self.names = _style_names(self.trees)
        self.styles: list[str] = [""]
        self.points: list[Any] = []
        self.links: list[Any] = []
        self.elements: list[tuple[str, Any]] = []
        self.paragraphs: list[Paragraph] = []
        for part, tree in self.trees.items():
            for p in [el for el in tree.iter(t("p"), t("h"))]:
                self.elements.append((part, p))
                self.paragraphs.append(Paragraph(tuple(self._spans(p, 0, None)), self._kind(p)))

    def _kind(self, p: Any) -> BlockKind | None:
        if p.tag == t("h"):
            return BlockKind.HEADLINE if p.get(t("outline-level"), "1") == "1" else BlockKind.SUBHEADLINE
        if p.getparent() is not None and p.getparent().tag == t("list-item"):
            return BlockKind.LIST_ITEM
        return STYLE_KINDS.get(self.names.get(p.get(t("style-name"), ""), ""))

    def _style(self, name: str) -> int:
        if name not in self.styles:
            self.styles.append(name)
        return self.styles.index(name)

    def _spans(self, element: Any, style: int, link: int | None) -> list[Span]:
        spans = [Span(element.text, style, link)] if element.text else []
        for child in element:
            if child.tag == t("span"):
                spans.extend(self._spans(child, self._style(child.get(t("style-name"), "")), link))
            elif child.tag == t("a"):
                self.links.append(child)
                spans.extend(self._spans(child, style, len(self.links) - 1))
            elif child.tag == t("s"):
                spans.append(Span(" ", style, link))
            else:
                self.points.append(child)
                spans.append(Span(point=len(self.points) - 1, link=link))
            if child.tail:
                spans.append(Span(child.tail, style, link))
        return spans


def _style_names(trees: dict[str, Any]) -> dict[str, str]:
    """Style names → the named style they are (an automatic style's parent), lower case."""
    names: dict[str, str] = {}
    for tree in trees.values():
        for style in tree.iter(f"{{{STYLE}}}style"):
            name = style.get(f"{{{STYLE}}}name", "")
            shown = style.get(f"{{{STYLE}}}display-name") or name
            names[name] = shown.replace("_20_", " ").lower()
    for tree in trees.values():
        for style in tree.iter(f"{{{STYLE}}}style"):
            parent = style.get(f"{{{STYLE}}}parent-style-name")
            if parent and style.getparent().tag == f"{{{OFFICE}}}automatic-styles":
                names[style.get(f"{{{STYLE}}}name", "")] = names.get(parent, parent.lower())
    return names


def read_odt(data: bytes) -> OdtSource:
    """An OpenDocument text's paragraphs, its package checked (zip limits, macros, linked content)."""
    package = read_package(data)
    check_odt_package(package)
    return OdtSource(package, tuple(_Walk(package).paragraphs))


def write_odt(source: OdtSource, translated: Sequence[tuple[Span, ...] | None], rtl: bool) -> bytes:
    """The document with each translated paragraph rewritten, right-to-left paragraph styles for ``rtl``."""
    walk = _Walk(source.package)
    for (part, p), spans in zip(walk.elements, translated):
        if spans is None:
            continue
        _rewrite(p, spans, walk)
        if rtl:
            p.set(t("style-name"), _rtl_style(walk.trees[part], p.get(t("style-name"), "")))
    changed = {name: etree.tostring(tree, xml_declaration=True, encoding="UTF-8") for name, tree in walk.trees.items()}
    return write_package(source.package, changed)


def _append_text(parent: Any, text: str) -> None:
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _rewrite(p: Any, spans: Sequence[Span], walk: _Walk) -> None:
    p.text = None
    for child in list(p):
        p.remove(child)
    groups: dict[int, Any] = {}
    for span in spans:
        parent = p
        if span.link is not None:
            if span.link not in groups:
                groups[span.link] = etree.SubElement(p, t("a"), dict(walk.links[span.link].attrib))
            parent = groups[span.link]
        if span.point is not None:
            point = walk.points[span.point]
            point.tail = None
            parent.append(point)
        elif span.style:
            etree.SubElement(parent, t("span"), {t("style-name"): walk.styles[span.style]}).text = span.text
        else:
            _append_text(parent, span.text)


def _rtl_style(tree: Any, name: str) -> str:
    """The name of an automatic paragraph style like ``name`` that writes right to left (made once per part)."""
    rtl_name = f"TargumRtl_{name or 'Standard'}"
    automatic = tree.find(f"{{{OFFICE}}}automatic-styles")
    if automatic is None:  # it goes before the body (content.xml) or the master pages (styles.xml)
        automatic = etree.Element(f"{{{OFFICE}}}automatic-styles")
        following = [c for c in tree if c.tag in (f"{{{OFFICE}}}body", f"{{{OFFICE}}}master-styles")]
        tree.insert(tree.index(following[0]) if following else len(tree), automatic)
    for style in automatic:
        if style.get(f"{{{STYLE}}}name") == rtl_name:
            return rtl_name
    own = [s for s in automatic if s.get(f"{{{STYLE}}}name") == name]
    style = copy.deepcopy(own[0]) if own else etree.Element(
        f"{{{STYLE}}}style", {f"{{{STYLE}}}family": "paragraph", **({f"{{{STYLE}}}parent-style-name": name}
                                                                      if name else {})})
    style.set(f"{{{STYLE}}}name", rtl_name)
    properties = style.find(f"{{{STYLE}}}paragraph-properties")
    if properties is None:
        properties = etree.Element(f"{{{STYLE}}}paragraph-properties")
        style.insert(0, properties)
    properties.set(f"{{{STYLE}}}writing-mode", "rl-tb")
    properties.set(f"{{{FO}}}text-align", "start")
    automatic.append(style)
    return rtl_name
