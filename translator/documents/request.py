"""``POST /v1/documents`` and LibreTranslate's ``/translate_file``: the form's fields, checked, and the answer. No Flask.

The form is read by the web layer into a mapping of field name → values.
``source`` is a code or ``auto``; ``target`` names one language, several
(repeated, or comma-separated), or ``targets`` does; ``glossaries`` is a JSON
list or a comma-separated list of glossary ids or names.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Mapping, Sequence

from translator.contract import glossary_refs
from translator.documents.store import DocumentRecord
from translator.errors import InvalidRequest, TooManyTargets
from translator.language.detect import normalize_language
from translator.settings import Settings


@dataclass(frozen=True)
class DocumentRequest:
    """A document upload and what to do with it."""

    filename: str
    data: bytes
    source: str
    targets: tuple[str, ...]
    glossaries: tuple[str, ...] | None = None


def _one(form: Mapping[str, Sequence[str]], name: str) -> str | None:
    values = [v for v in form.get(name, ()) if v.strip()]
    return values[0].strip() if values else None


def parse_glossary_field(raw: str | None) -> tuple[str, ...] | None:
    """A form's ``glossaries``: a JSON list, or names separated by commas."""
    if raw is None:
        return None
    try:
        value = json.loads(raw) if raw.lstrip().startswith("[") else [r for r in raw.split(",") if r.strip()]
    except ValueError:
        raise InvalidRequest("`glossaries` must be a JSON list or a comma-separated list", code="invalid_field",
                             field="glossaries") from None
    return glossary_refs(value)


def parse_document(filename: str | None, data: bytes | None, form: Mapping[str, Sequence[str]],
                   settings: Settings) -> DocumentRequest:
    """Check an upload's fields: a file, a source, one or more targets, glossaries."""
    if filename is None or data is None:
        raise InvalidRequest("`file` is required: send the document as multipart/form-data", code="missing_field",
                             field="file")
    raw_targets = [t for value in [*form.get("target", ()), *form.get("targets", ())] for t in value.split(",")]
    targets = tuple(dict.fromkeys(normalize_language(t) for t in raw_targets if t.strip()))
    if not targets:
        raise InvalidRequest("`target` is required: one language code, or several", code="missing_field",
                             field="target")
    if len(targets) > settings.max_targets:
        raise TooManyTargets(f"{len(targets)} targets requested; at most {settings.max_targets} per request",
                             limit=settings.max_targets)
    source = normalize_language(_one(form, "source") or "auto")
    return DocumentRequest(filename or "document", data, source, targets,
                           parse_glossary_field(_one(form, "glossaries")))


def document_json(record: DocumentRecord, base_url: str) -> dict[str, Any]:
    """A document as ``POST``/``GET /v1/documents`` answer and a job's callback carries it.

    ``base_url`` ends with ``/``; ``download_url`` is the file (``?target=`` picks one of several, as each of
    ``downloads`` does), there once ``status`` is ``succeeded``.
    """
    download = f"{base_url}v1/documents/{record.id}/download"
    out: dict[str, Any] = {
        "id": record.id, "status": record.status, "download_url": download,
        "downloads": {t: f"{download}?target={t}" for t in record.targets},
        "status_url": f"{base_url}v1/documents/{record.id}", "filename": record.filename, "format": record.format,
        "source": record.source, "targets": list(record.targets), "detected_source": record.detected_source,
        "expires_at": datetime.fromtimestamp(record.expires_at, timezone.utc).isoformat(timespec="seconds"),
    }
    if record.stats:
        out["stats"] = record.stats
    if record.error is not None:
        out["error"] = record.error
    return out
