"""/v1/documents: a file in (multipart), the same format out, at once or through a job with a callback."""

from __future__ import annotations

import time
from typing import Any

from flask import Blueprint, Response, jsonify, request, send_file

from translator.documents.formats import MEDIA_TYPES, DocumentFormat
from translator.documents.limits import MULTIPART_ALLOWANCE
from translator.documents.request import DocumentRequest, document_json, parse_document
from translator.documents.store import DocumentRecord
from translator.errors import DocumentNotReady, DocumentTooLarge, InvalidRequest
from translator.web import auth
from translator.web.body import form_values
from translator.web.context import job_queue, targum

bp = Blueprint("documents", __name__, url_prefix="/v1/documents")
auth.protect(bp)


def allow_upload() -> None:
    """Lift the body limit to a document's for this request; refuse a larger one before reading it."""
    limit = targum().settings.max_document_bytes
    request.max_content_length = limit + MULTIPART_ALLOWANCE
    if request.content_length is not None and request.content_length > limit + MULTIPART_ALLOWANCE:
        raise DocumentTooLarge(f"the upload has {request.content_length} bytes; a document may have {limit}",
                               limit=limit)


def read_upload() -> DocumentRequest:
    """The multipart upload's file and fields, checked."""
    allow_upload()
    form = form_values()
    upload = request.files.get("file")
    data = upload.read() if upload is not None else None
    return parse_document(upload.filename if upload is not None else None, data, form.to_dict(flat=False),
                          targum().settings)


@bp.post("")
def create_document() -> Response:
    """Translate an upload now (200), or queue it for a job that calls back when it is done (202)."""
    service, req = targum(), read_upload()
    callback_url = request.form.get("callback_url", "").strip()
    if not callback_url:
        deadline = time.monotonic() + service.settings.request_time_budget_s
        return jsonify(document_json(service.documents.translate(req, deadline, request.host_url), request.host_url))
    record = service.documents.accept(req, request.host_url)
    try:
        job, _ = job_queue().submit({"document": record.id}, callback_url, None, request.headers.get("Idempotency-Key"))
    except Exception:
        service.documents.store.remove(record.id)  # no job will ever run it: keep nothing
        raise
    response = jsonify({**document_json(record, request.host_url), "job_id": job.id})
    response.status_code = 202
    response.headers["Location"] = f"{request.host_url}v1/documents/{record.id}"
    return response


@bp.get("/<document_id>")
def get_document(document_id: str) -> Response:
    """A document's status as JSON; the file itself when ``Accept`` asks for the document's media type."""
    record = targum().documents.get(document_id)
    media_type = MEDIA_TYPES[DocumentFormat(record.format)].split(";")[0]
    named = any(value == media_type for value, quality in request.accept_mimetypes if quality > 0)
    if named and request.accept_mimetypes.best_match([media_type, "application/json"]) == media_type:
        return send_document(record, request.args.get("target"))
    return jsonify(document_json(record, request.host_url))


@bp.get("/<document_id>/download")
def download_document(document_id: str) -> Response:
    """The translated file (``?target=`` when there are several)."""
    return send_document(targum().documents.get(document_id), request.args.get("target"))


def send_document(record: DocumentRecord, target: str | None, **extra: Any) -> Response:
    """One target's file, as an attachment named after the upload and the target."""
    if record.status != "succeeded":
        raise DocumentNotReady(f"the document is {record.status}; its file is there once it has succeeded",
                               status_of_document=record.status)
    if target is None and len(record.targets) > 1:
        raise InvalidRequest(f"the document was translated into {', '.join(record.targets)}: say which with "
                             "`?target=`", code="missing_field", field="target")
    chosen = target or record.targets[0]
    download = targum().documents.download(record, chosen)
    if download is None:
        raise InvalidRequest(f"the document was not translated into {chosen!r}; it was into "
                             f"{', '.join(record.targets)}", code="invalid_field", field="target")
    return send_file(download.path, mimetype=download.media_type, as_attachment=True,
                     download_name=extra.get("name", download.filename), max_age=0)
