"""Liveness and readiness probes."""

from __future__ import annotations

import os

from flask import Blueprint, Response, jsonify

from translator.service import INSTALL_HINT
from translator.web.context import job_queue, targum

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    """The process is alive; says which pairs are installed (and how to install some)."""
    service = targum()
    body: dict[str, object] = {
        "status": "ok",
        "pid": os.getpid(),
        "pairs": service.installed_pairs(),
        "loaded": list(service.engine.loaded),
        "skipped_packages": [{"name": s.name, "reason": s.reason} for s in service.engine.catalog.skipped],
    }
    if not service.engine.catalog.packages:
        body["hint"] = INSTALL_HINT
    return jsonify(body)


@bp.get("/readyz")
def readyz() -> tuple[Response, int]:
    """200 when every configured pair can be translated, else 503 with the reasons.

    Jobs that are off (a damaged queue or store) are reported under ``jobs``
    but leave the status alone: translation still serves, so the instance
    stays in rotation.
    """
    readiness = targum().readiness()
    status = 200 if readiness.ready else 503
    body: dict[str, object] = {"ready": readiness.ready, "reasons": list(readiness.reasons)}
    jobs_off = job_queue().unavailable
    if jobs_off is not None:
        body["jobs"] = {"available": False, "reason": jobs_off}
    return jsonify(body), status
