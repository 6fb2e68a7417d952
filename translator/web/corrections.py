"""Corrections: editors' approved translations, used before the memory and the model, exchanged as TMX.

``POST /v1/corrections`` stores one (201, ``Location``); ``GET`` searches them
(text, article, editor, languages, dates) or shows one with its log;
``DELETE`` removes one (``?editor=`` says who, for the log);
``GET /v1/corrections/log`` is every change with who and when.
``GET /v1/corrections.tmx`` exports them as TMX 1.4b, and
``POST /v1/corrections/import`` adds a TMX file (the body, or a multipart
``file``) with a report of what was added, skipped and refused.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from flask import Blueprint, Response, jsonify, request, url_for

from translator.corrections.pairs import make_draft
from translator.corrections.tmx import write_tmx
from translator.errors import InvalidRequest, TmxTooLarge, UnsupportedMediaType
from translator.store.corrections import MAX_LIMIT, Correction, Event, Search
from translator.store.imports import ImportReport, import_tmx
from translator.web import auth
from translator.web.body import json_object, query_number
from translator.web.context import targum
from translator.web.openapi import API_VERSION

bp = Blueprint("corrections", __name__, url_prefix="/v1")
auth.protect(bp)
TMX_TYPES = ("application/x-tmx+xml", "application/x-tmx", "application/xml", "text/xml")


def correction_json(correction: Correction) -> dict[str, Any]:
    """A stored correction, as the API shows it."""
    return {"id": correction.id, "source": correction.source, "source_language": correction.source_language,
            "target_language": correction.target_language, "text": correction.text, "level": correction.level,
            "origin": correction.origin, "article_id": correction.article_id, "block_id": correction.block_id,
            "editor": correction.editor, "created_at": correction.created_at, "pairs": correction.pairs}


def event_json(event: Event) -> dict[str, Any]:
    """One change of the log."""
    return {"id": event.id, "correction_id": event.correction_id, "action": event.action, "editor": event.editor,
            "at": event.at}


@bp.post("/corrections")
def create() -> tuple[Response, int, dict[str, str]]:
    """Store an editor's correction of a block or a sentence."""
    data = json_object()
    draft = make_draft(data.get("source"), data.get("source_language"), data.get("target_language"),
                       data.get("text"), data.get("article_id"), data.get("block_id"), data.get("editor"))
    correction = targum().corrections.add(draft)
    return jsonify(correction_json(correction)), 201, {"Location": url_for(".show", correction_id=correction.id)}


def _moment(name: str) -> datetime | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidRequest(f"`{name}` must be an ISO 8601 date or time, such as 2026-12-01 or "
                             "2026-12-01T09:30:00Z", code="invalid_field", field=name) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@bp.get("/corrections")
def index() -> Response:
    """Corrections that match, newest first: ``q`` (in the source or the text), ``article_id``, ``editor``…"""
    args = request.args
    search = Search(args.get("q") or None, args.get("article_id"), args.get("editor"), args.get("source_language"),
                    args.get("target_language"), _moment("since"), _moment("until"),
                    query_number("limit", 50, 0, MAX_LIMIT), query_number("offset", 0, 0, 10**9))
    found, total = targum().corrections.search(search)
    return jsonify({"corrections": [correction_json(c) for c in found], "total": total})


@bp.get("/corrections/log")
def log() -> Response:
    """Every change (created, deleted), newest first, with who and when."""
    events = targum().corrections.log(query_number("limit", 50, 0, MAX_LIMIT), query_number("after", 0, 0, 2**62))
    return jsonify({"events": [event_json(e) for e in events]})


@bp.get("/corrections/<correction_id>")
def show(correction_id: str) -> Response:
    """One correction with its log."""
    correction, events = targum().corrections.get(correction_id)
    return jsonify({**correction_json(correction), "history": [event_json(e) for e in events]})


@bp.delete("/corrections/<correction_id>")
def delete(correction_id: str) -> tuple[str, int]:
    """The correction and its pairs, gone (the log keeps who and when)."""
    targum().corrections.delete(correction_id, request.args.get("editor") or None)
    return "", 204


@bp.get("/corrections.tmx")
def export() -> Response:
    """Every approved pair as TMX 1.4b."""
    body = write_tmx(list(targum().corrections.export()), API_VERSION)
    return Response(body, mimetype="application/x-tmx+xml",
                    headers={"Content-Disposition": 'attachment; filename="targum-corrections.tmx"'})


def _tmx_body(limit: int) -> bytes:
    """The TMX file: a multipart ``file``, or the body itself."""
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            raise InvalidRequest("send the TMX file as the multipart field `file`", code="missing_field", field="file")
        data = upload.stream.read(limit + 1)
    elif request.mimetype in TMX_TYPES:
        data = request.get_data(cache=False)
    else:
        raise UnsupportedMediaType(f"send a TMX file as {TMX_TYPES[0]} or as multipart/form-data `file`")
    if len(data) > limit:
        raise TmxTooLarge(f"the TMX file is over {limit} bytes", limit=limit)
    return data


def report_json(report: ImportReport) -> dict[str, Any]:
    """What an import did."""
    return {"added": report.added, "skipped": report.skipped, "refused": report.refused, "by_pair": report.by_pair,
            "problems": [{"unit": p.unit, "outcome": p.outcome, "reason": p.reason} for p in report.problems]}


@bp.post("/corrections/import")
def import_file() -> Response:
    """A TMX file's pairs added (all in one transaction), with the report."""
    limit = targum().settings.tmx_max_bytes
    report = import_tmx(targum().corrections, _tmx_body(limit), limit)
    return jsonify(report_json(report))
