"""Translated documents awaiting download: a folder per document under the instance directory, for a while.

``<TARGUM_INSTANCE_DIR>/documents/<id>/`` holds ``document.json`` (what was
asked, where it stands), the upload while a job waits for it
(``source.bin``), and one file per target once translated. Every file is
written to a temporary name and renamed into place, and the record last, so
a reader sees a document whole or not at all: nothing half-written. A
document is kept ``TARGUM_DOCUMENT_TTL`` seconds from its creation, then
swept (at each new document) and no longer found. The folder is per host:
several hosts behind one address need a shared instance directory, or
sticky routing, for downloads.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Literal

DocumentStatus = Literal["queued", "running", "succeeded", "failed"]
_ID = re.compile(r"^doc_[0-9a-f]{32}$")
RECORD = "document.json"
SOURCE = "source.bin"


@dataclass(frozen=True)
class DocumentRecord:
    """One document: what was asked for, where it stands, and what came of it."""

    id: str
    filename: str
    format: str
    source: str
    targets: tuple[str, ...]
    created_at: float
    expires_at: float
    status: DocumentStatus = "queued"
    glossaries: tuple[str, ...] | None = None
    detected_source: str | None = None
    chars: int = 0
    error: dict[str, Any] | None = None
    base_url: str = ""  # where the download is reached from, for a job's callback
    stats: dict[str, Any] = field(default_factory=dict)


def _write(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


class DocumentStore:
    """The documents folder: create a record, put its files, read them back until they expire."""

    def __init__(self, root: Path, ttl_s: float, clock: Callable[[], float] = time.time) -> None:
        self.root = root
        self.ttl_s = ttl_s
        self.clock = clock

    def _folder(self, document_id: str) -> Path | None:
        return self.root / document_id if _ID.match(document_id) else None

    def create(self, record: DocumentRecord, upload: bytes | None = None) -> DocumentRecord:
        """Store a new record (and the upload, for a job to read); expired documents are swept first."""
        self.sweep()
        folder = self.root / record.id
        folder.mkdir(parents=True, exist_ok=True)
        if upload is not None:
            _write(folder / SOURCE, upload)
        self.save(record)
        return record

    def new_id(self) -> str:
        return f"doc_{secrets.token_hex(16)}"

    def times(self) -> tuple[float, float]:
        """(now, when a document made now expires)."""
        now = self.clock()
        return now, now + self.ttl_s

    def save(self, record: DocumentRecord) -> None:
        """Write a record (after its files: see :meth:`finish`)."""
        _write(self.root / record.id / RECORD, json.dumps(asdict(record), ensure_ascii=False).encode("utf-8"))

    def finish(self, record: DocumentRecord, files: dict[str, bytes], extension: str) -> DocumentRecord:
        """Every target's file, then the record that says they are there; the upload is dropped."""
        folder = self.root / record.id
        for target, data in files.items():
            _write(folder / f"{target}.{extension}", data)
        done = replace(record, status="succeeded")
        self.save(done)
        (folder / SOURCE).unlink(missing_ok=True)
        return done

    def get(self, document_id: str) -> DocumentRecord | None:
        """A document's record, or None when there is none (never made, or expired)."""
        folder = self._folder(document_id)
        if folder is None or not (folder / RECORD).is_file():
            return None
        try:
            raw = json.loads((folder / RECORD).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        record = DocumentRecord(**{**raw, "targets": tuple(raw["targets"]),
                                   "glossaries": tuple(raw["glossaries"]) if raw.get("glossaries") else None})
        return None if record.expires_at < self.clock() else record

    def upload(self, document_id: str) -> bytes | None:
        """The upload a queued document keeps for its job."""
        folder = self._folder(document_id)
        path = folder / SOURCE if folder is not None else None
        return path.read_bytes() if path is not None and path.is_file() else None

    def file(self, record: DocumentRecord, target: str, extension: str) -> Path | None:
        """The translated file for one target, when it is there."""
        path = self.root / record.id / f"{target}.{extension}"
        return path if path.is_file() else None

    def remove(self, document_id: str) -> None:
        """Forget a document and its files."""
        folder = self._folder(document_id)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)

    def sweep(self) -> int:
        """Remove every expired document; how many."""
        if not self.root.is_dir():
            return 0
        removed = 0
        now = self.clock()
        for folder in self.root.iterdir():
            try:
                expires = json.loads((folder / RECORD).read_text("utf-8"))["expires_at"]
            except (OSError, ValueError, KeyError, TypeError):
                expires = folder.stat().st_mtime + self.ttl_s if folder.exists() else now + 1
            if expires < now:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        return removed
