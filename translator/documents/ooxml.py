"""What a Word package may hold, checked before its text is read: no macros, nothing fetched from elsewhere.

Word fetches some relationships when a file is opened: an image, a frame or
an OLE object linked by URL (``TargetMode="External"``), an attached
template. Targum never fetches any of them, and it does not hand back a file
that would: a package with an external relationship other than a hyperlink
is refused (422 ``external_content``), with the kinds it found. Hyperlinks
stay links, as written. A package with macros (``vbaProject.bin``, a
macro-enabled content type: a ``.docm`` renamed) is refused (422
``macros_refused``): macros are never run, and never passed on.
"""

from __future__ import annotations

import re

from translator.documents.limits import Package, parse_xml
from translator.errors import DocumentInvalid, DocumentUnsafe

REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_MAIN_TYPES = ("wordprocessingml.document.main+xml", "wordprocessingml.template.main+xml")
_HYPERLINK = "/hyperlink"


def check_word_package(package: Package) -> None:
    """Refuse a package that is not a Word document, holds macros, or links content from elsewhere."""
    types = package.entries.get("[Content_Types].xml")
    if types is None:
        raise DocumentInvalid("the package has no [Content_Types].xml: it is not a Word document")
    declared = types.decode("utf-8", "replace")
    if "macroEnabled" in declared or any(n.lower().endswith("vbaproject.bin") for n in package.names):
        raise DocumentUnsafe("the document holds macros; they are never run or kept: save it as .docx without them",
                             code="macros_refused")
    if not any(t in declared for t in _MAIN_TYPES):
        raise DocumentInvalid("the package is not a Word document (no WordprocessingML main part)")
    external = sorted({kind for name in package.names if name.endswith(".rels")
                       for kind in external_relationships(package.entries[name], name)})
    if external:
        raise DocumentUnsafe("the document links content that Word would fetch from elsewhere when it is opened "
                             f"({', '.join(external)}); Targum never fetches it and does not pass it on: embed it, "
                             "or remove it", code="external_content", relationships=external)


def external_relationships(data: bytes, name: str) -> list[str]:
    """The kinds (``image``, ``attachedTemplate``…) of a .rels part's external relationships, hyperlinks aside."""
    root = parse_xml(data, name)
    return [re.sub(r".*/", "", rel.get("Type", "")) or "unknown" for rel in root.iter(REL)
            if rel.get("TargetMode", "").lower() == "external" and not rel.get("Type", "").endswith(_HYPERLINK)]
