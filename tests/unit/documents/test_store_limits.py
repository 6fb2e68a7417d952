"""Where translated documents wait, and what a package may be before anything parses it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from translator.documents.formats import DocumentFormat, detect_format, safe_filename
from translator.documents.limits import MAX_ENTRIES, read_package
from translator.documents.store import DocumentRecord, DocumentStore
from translator.errors import DocumentUnsafe, UnsupportedDocumentFormat


def test_a_document_is_found_until_it_expires_and_then_swept(tmp_path: Path) -> None:
    now = [1000.0]
    store = DocumentStore(tmp_path, ttl_s=60, clock=lambda: now[0])
    created, expires = store.times()
    record = store.create(DocumentRecord(store.new_id(), "a.txt", "txt", "en", ("ru",), created, expires), b"hi")
    assert store.get(record.id) == record and store.upload(record.id) == b"hi"
    done = store.finish(record, {"ru": b"privet"}, "txt")
    assert done.status == "succeeded" and store.upload(record.id) is None
    assert store.file(done, "ru", "txt").read_bytes() == b"privet"
    assert not [p for p in (tmp_path / record.id).iterdir() if p.name.endswith(".tmp")]
    now[0] += 61
    assert store.get(record.id) is None
    assert store.sweep() == 1 and not (tmp_path / record.id).exists()


def test_ids_that_are_not_ours_name_nothing(tmp_path: Path) -> None:
    store = DocumentStore(tmp_path, ttl_s=60)
    for bad in ("../etc", "doc_x", "doc_" + "0" * 32 + "/..", ""):
        assert store.get(bad) is None and store.upload(bad) is None


def _zip(entries: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for n in range(entries):
            archive.writestr(f"part{n}.xml", b"<a/>")
    return out.getvalue()


def test_too_many_entries_or_a_header_that_lies_is_a_zip_bomb() -> None:
    with pytest.raises(DocumentUnsafe) as many:
        read_package(_zip(MAX_ENTRIES + 1))
    assert many.value.code == "zip_bomb"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("word/document.xml", b"x" * 5000)
    lying = bytearray(out.getvalue())
    # The central directory says the entry has 10 bytes; it has 5,000.
    central = lying.rfind(b"PK\x01\x02")
    lying[central + 24:central + 28] = (10).to_bytes(4, "little")
    with pytest.raises(Exception) as caught:
        read_package(bytes(lying))
    assert getattr(caught.value, "code", "") in ("zip_bomb", "invalid_document")


def test_formats_are_told_by_name_and_bytes() -> None:
    assert detect_format("Story.DOCX", b"PK\x03\x04rest") == DocumentFormat.DOCX
    assert detect_format("clip.srt", "1\n00:00:01,000 --> 00:00:02,000\nשלום\n".encode()) == DocumentFormat.SRT
    with pytest.raises(UnsupportedDocumentFormat):
        detect_format("clip.srt", b"PK\x03\x04")
    with pytest.raises(UnsupportedDocumentFormat):
        detect_format("a.exe", b"MZ")
    assert safe_filename("../../etc/pass wd.docx", "x") == "pass wd.docx"
    assert safe_filename("///", "fallback.docx") == "fallback.docx"
