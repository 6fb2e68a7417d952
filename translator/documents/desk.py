"""The document desk: an upload translated now, or queued for a job; its record and files kept for download.

``POST /v1/documents`` without a callback translates at once
(:meth:`DocumentDesk.translate`); with one, the upload is kept and a job
translates it later (:meth:`DocumentDesk.accept`, then :meth:`DocumentDesk.run`),
its callback carrying the record with its download URL. Either way a failure
is recorded on the document (``failed`` with the problem document) and no
file is written.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any, Callable, Sequence

from translator.corrections.approved import ApprovedTranslations
from translator.documents.formats import EXTENSIONS, DocumentFormat, detect_format, safe_filename
from translator.documents.limits import check_size
from translator.documents.request import DocumentRequest
from translator.documents.store import DocumentRecord, DocumentStore
from translator.documents.translate import DocumentLimits, TranslatedDocument, translate_document
from translator.errors import DocumentNotFound, InternalError, TargumError
from translator.glossary.termbase import TermBase
from translator.pipeline import Options, Pipeline

Resolve = Callable[[Sequence[str] | None], tuple[TermBase | None, Any]]


@dataclass(frozen=True)
class Download:
    """A translated file ready to send: where it is, its name and media type."""

    path: Any
    filename: str
    media_type: str


class DocumentDesk:
    """Translates uploads with the service's pipeline and keeps them in a :class:`DocumentStore`."""

    def __init__(self, pipeline: Pipeline, store: DocumentStore, limits: DocumentLimits, resolve: Resolve,
                 check_targets: Callable[[Sequence[str]], None], options: Options = Options(),
                 approvals: Callable[[], ApprovedTranslations] | None = None) -> None:
        self.pipeline = pipeline
        self.options = options  # the configured defaults (TARGUM_SANITIZE_HTML for HTML files)
        self.store = store
        self.limits = limits
        self.resolve = resolve
        self.check_targets = check_targets
        self.approvals = approvals  # a request's view of editors' approved translations

    def _record(self, req: DocumentRequest, base_url: str) -> DocumentRecord:
        check_size(len(req.data), self.limits.max_bytes)
        fmt = detect_format(req.filename, req.data)
        self.check_targets(req.targets)
        created, expires = self.store.times()
        name = safe_filename(req.filename, f"document.{fmt.value}")
        return DocumentRecord(self.store.new_id(), name, fmt.value, req.source, req.targets, created, expires,
                              glossaries=req.glossaries, base_url=base_url)

    def translate(self, req: DocumentRequest, deadline: float | None = None, base_url: str = "") -> DocumentRecord:
        """Translate an upload now; its record says ``succeeded`` (a failure raises, and nothing is kept)."""
        record = self._record(req, base_url)
        done = self._translate(record, req.data, deadline)
        self.store.create(replace(record, status="running"))
        return self.store.finish(done[0], done[1].files, record.format)

    def accept(self, req: DocumentRequest, base_url: str = "") -> DocumentRecord:
        """Check an upload and keep it for a job: its record says ``queued``."""
        return self.store.create(self._record(req, base_url), req.data)

    def run(self, document_id: str) -> DocumentRecord:
        """A job's part: translate a queued upload; the record says ``succeeded``, or ``failed`` and this raises."""
        record, upload = self.store.get(document_id), self.store.upload(document_id)
        if record is None:
            raise DocumentNotFound(f"no document {document_id!r}: it expired before its job ran")
        if record.status == "succeeded" or upload is None:
            return record
        self.store.save(replace(record, status="running"))
        try:
            done, translated = self._translate(record, upload, None)
        except TargumError as exc:
            self.store.save(replace(record, status="failed", error=exc.problem(typed=False)))
            raise  # the job fails with the same problem
        except Exception:  # noqa: BLE001 -- the document must end failed, never stay running
            failed = replace(record, status="failed",
                             error=InternalError("an unexpected error occurred").problem(typed=False))
            self.store.save(failed)
            raise
        return self.store.finish(done, translated.files, record.format)

    def _translate(self, record: DocumentRecord, data: bytes, deadline: float | None
                   ) -> tuple[DocumentRecord, TranslatedDocument]:
        terms, _ = self.resolve(record.glossaries)
        started = time.perf_counter()
        result = translate_document(self.pipeline, record.filename, data, record.source, record.targets,
                                    self.limits, self.options, deadline=deadline, terms=terms,
                                    approved=self.approvals() if self.approvals else None)
        stats = result.rendered.translation.stats
        flagged = {t: sum(1 for b in tr.blocks if b.flags) for t, tr in result.rendered.translation.translations.items()}
        return replace(record, detected_source=result.rendered.translation.source.language, chars=result.chars,
                       stats={"sentences": stats.sentences, "model_calls": stats.model_calls,
                              "blocks": len(result.rendered.translation.blocks), "blocks_flagged": flagged,
                              "elapsed_ms": round((time.perf_counter() - started) * 1000)}), result

    def get(self, document_id: str) -> DocumentRecord:
        """A document's record; 404 ``document_not_found`` when there is none."""
        record = self.store.get(document_id)
        if record is None:
            raise DocumentNotFound(f"no document {document_id!r}: it never existed, or it expired",
                                   document_id=document_id)
        return record

    def download(self, record: DocumentRecord, target: str) -> Download | None:
        """One target's file (None while it is not there)."""
        fmt = DocumentFormat(record.format)
        path = self.store.file(record, target, record.format)
        if path is None:
            return None
        stem = record.filename.rsplit(".", 1)[0] if "." in record.filename else record.filename
        ext = record.filename.rsplit(".", 1)[-1].lower() if "." in record.filename else fmt.value
        return Download(path, f"{stem}.{target}.{ext if EXTENSIONS.get(ext) == fmt else fmt.value}", fmt.media_type)
