"""What an upload may be: its size, and what a zip package may hold before anything parses it.

A ``.docx`` or ``.odt`` is a zip. Its central directory is read first and
checked against :data:`MAX_ENTRIES`, :data:`MAX_UNCOMPRESSED` (what the
entries claim, together) and :data:`MAX_RATIO` (a part that claims to grow
more than that from its compressed size is a zip bomb, not a document); each
entry is then read with a cap of its own claimed size, so a header that lies
is caught while it is read, never after. Nothing in the package is executed:
macros (``vbaProject.bin``, a macro-enabled content type) make a renamed
``.docm`` refused, never run. XML is parsed with entities and network access
off (:func:`xml_parser`).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from lxml import etree

from translator.errors import DocumentInvalid, DocumentTooLarge, DocumentUnsafe

MAX_ENTRIES = 2000  # parts in one package (a long Word document has a few dozen)
MAX_UNCOMPRESSED = 256 * 1024 * 1024  # bytes, every entry together, as their headers claim and as read
MAX_RATIO = 100  # uncompressed ÷ compressed, per entry over 1 MiB (XML compresses about 10×)
_RATIO_FLOOR = 1024 * 1024
# What a multipart upload may add to the file itself (boundaries, part headers, the other fields).
MULTIPART_ALLOWANCE = 64 * 1024
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Package:
    """A zip package, checked and read whole: its entries' names in order, and their bytes."""

    names: tuple[str, ...]
    entries: dict[str, bytes]
    infos: dict[str, zipfile.ZipInfo]


def check_size(size: int, limit: int) -> None:
    """413 ``document_too_large`` for an upload over ``limit`` bytes."""
    if size > limit:
        raise DocumentTooLarge(f"the document has {size} bytes; the limit is {limit}", limit=limit)


def check_text(chars: int, limit: int) -> None:
    """413 ``document_text_too_large`` for a document with more text to translate than ``limit`` characters."""
    if chars > limit:
        raise DocumentTooLarge(f"the document has {chars} characters of text; the limit is {limit} "
                               "(TARGUM_MAX_DOCUMENT_CHARS)", code="document_text_too_large", limit=limit)


def read_package(data: bytes) -> Package:
    """Open a zip package and read every entry, refusing a zip bomb (422 ``zip_bomb``) before it inflates."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise DocumentInvalid(f"the file is not a readable zip package: {exc}") from None
    if len(infos) > MAX_ENTRIES:
        raise DocumentUnsafe(f"the package has {len(infos)} entries; at most {MAX_ENTRIES}", code="zip_bomb")
    claimed = sum(info.file_size for info in infos)
    if claimed > MAX_UNCOMPRESSED:
        raise DocumentUnsafe(f"the package would inflate to {claimed} bytes; at most {MAX_UNCOMPRESSED}",
                             code="zip_bomb")
    for info in infos:
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise DocumentUnsafe(f"the entry {info.filename!r} inflates {info.file_size // max(info.compress_size, 1)}"
                                 f" times; at most {MAX_RATIO}", code="zip_bomb")
        if info.flag_bits & 0x1:
            raise DocumentInvalid("the package is encrypted", code="document_encrypted")
    entries = {info.filename: _read_entry(archive, info) for info in infos}
    return Package(tuple(info.filename for info in infos), entries, {info.filename: info for info in infos})


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """One entry, read in chunks and stopped past its claimed size (zipfile checks the CRC at the end)."""
    out = bytearray()
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                out += chunk
                if len(out) > info.file_size:
                    raise DocumentUnsafe(f"the entry {info.filename!r} inflates past its declared size",
                                         code="zip_bomb")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError) as exc:
        raise DocumentInvalid(f"the entry {info.filename!r} cannot be read: {exc}") from None
    return bytes(out)


def write_package(package: Package, changed: dict[str, bytes]) -> bytes:
    """The package again, ``changed`` entries replaced, the others copied as they were, in the same order."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in package.names:
            info = package.infos[name]
            copy = zipfile.ZipInfo(name, date_time=info.date_time)
            copy.external_attr = info.external_attr
            # OpenDocument's `mimetype` must stay first and stored; everything else is deflated.
            copy.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(copy, changed.get(name, package.entries[name]))
    return out.getvalue()


def xml_parser() -> etree.XMLParser:
    """lxml's parser with no entity expansion, no DTD, no network: a billion laughs or an XXE reads as nothing."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           remove_blank_text=False)


def parse_xml(data: bytes, name: str) -> etree._Element:
    """One XML part of a package, parsed safely; 422 ``invalid_document`` when it does not parse."""
    try:
        return etree.fromstring(data, parser=xml_parser())
    except etree.XMLSyntaxError as exc:
        raise DocumentInvalid(f"the part {name!r} is not well-formed XML: {exc}") from None
