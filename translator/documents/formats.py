"""Which document format a file is: by its name's extension, checked against its first bytes.

The extension says what the sender meant; the bytes must agree (a ``.docx``
is a zip whose ``[Content_Types].xml`` names a WordprocessingML document, an
``.odt`` a zip whose ``mimetype`` entry says so, a text format is UTF-8 or
UTF-16 text with no NUL), so a renamed executable or a spreadsheet is
refused before anything parses it. Word's macro-enabled formats (``.docm``,
``.dotm``) are refused by name, and by content when renamed
(:mod:`translator.documents.limits`).
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import PurePosixPath

from translator.errors import UnsupportedDocumentFormat


class DocumentFormat(str, Enum):
    """A format Targum translates, named by its usual extension."""

    DOCX = "docx"
    ODT = "odt"
    SRT = "srt"
    VTT = "vtt"
    HTML = "html"
    TXT = "txt"
    MD = "md"

    def __str__(self) -> str:
        return self.value

    @property
    def media_type(self) -> str:
        """The file's media type, as the download is sent."""
        return MEDIA_TYPES[self]

    @property
    def zipped(self) -> bool:
        """An OOXML or OpenDocument package (a zip), as opposed to a text file."""
        return self in (DocumentFormat.DOCX, DocumentFormat.ODT)


MEDIA_TYPES = {
    DocumentFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DocumentFormat.ODT: "application/vnd.oasis.opendocument.text",
    DocumentFormat.SRT: "application/x-subrip",
    DocumentFormat.VTT: "text/vtt",
    DocumentFormat.HTML: "text/html; charset=utf-8",
    DocumentFormat.TXT: "text/plain; charset=utf-8",
    DocumentFormat.MD: "text/markdown; charset=utf-8",
}
# Extensions taken for each format (the first is the one a download is named with).
EXTENSIONS = {
    "docx": DocumentFormat.DOCX, "odt": DocumentFormat.ODT, "srt": DocumentFormat.SRT, "vtt": DocumentFormat.VTT,
    "html": DocumentFormat.HTML, "htm": DocumentFormat.HTML, "txt": DocumentFormat.TXT, "md": DocumentFormat.MD,
    "markdown": DocumentFormat.MD,
}
# LibreTranslate's /frontend/settings lists them with the dot.
SUPPORTED_EXTENSIONS = tuple(f".{ext}" for ext in EXTENSIONS)
MACRO_EXTENSIONS = frozenset({"docm", "dotm"})
_ZIP = b"PK\x03\x04"
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def extension(filename: str) -> str:
    """The lower-case extension of a file name, without the dot ("" when it has none)."""
    return PurePosixPath(filename.replace("\\", "/")).suffix.lower().lstrip(".")


def detect_format(filename: str, data: bytes) -> DocumentFormat:
    """The format of an upload, from its name and its bytes; 415 ``unsupported_document_format`` otherwise."""
    ext = extension(filename)
    if ext in MACRO_EXTENSIONS:
        raise UnsupportedDocumentFormat(f"{filename!r} is a macro-enabled Word file; macros are never run or kept: "
                                        "save it as .docx", code="document_has_macros")
    found = EXTENSIONS.get(ext)
    if found is None:
        raise UnsupportedDocumentFormat(f"{filename!r} is not a format Targum translates; it takes "
                                        f"{', '.join(SUPPORTED_EXTENSIONS)}", formats=list(SUPPORTED_EXTENSIONS))
    if found.zipped != data.startswith(_ZIP) or (not found.zipped and not is_text(data)):
        what = "a zip package" if found.zipped else "text"
        raise UnsupportedDocumentFormat(f"{filename!r} is named .{ext} but its bytes are not {what}",
                                        formats=list(SUPPORTED_EXTENSIONS))
    return found


def is_text(data: bytes) -> bool:
    """UTF-8 (or UTF-16 with its BOM) text, with no NUL in it."""
    if data.startswith(_BOMS[1:]):
        return True
    return b"\x00" not in data and decode_text(data) is not None


def decode_text(data: bytes) -> str | None:
    """A text file's content: UTF-16 by its BOM, else UTF-8 (BOM dropped); None when it is neither."""
    try:
        if data.startswith(_BOMS[1:]):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


_UNSAFE_NAME = re.compile(r"[^\w.\- ]+", re.UNICODE)


def safe_filename(filename: str, fallback: str) -> str:
    """A file name fit for Content-Disposition and a path: its last component, odd characters dropped."""
    name = _UNSAFE_NAME.sub("", PurePosixPath(filename.replace("\\", "/")).name).strip(" .")
    return name[:120] or fallback
