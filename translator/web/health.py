"""Liveness and readiness probes."""

from __future__ import annotations

import os

from flask import Blueprint, Response, current_app, jsonify

from translator.service import INSTALL_HINT, Targum

bp = Blueprint("health", __name__)


def _targum() -> Targum:
    return current_app.extensions["targum"]


@bp.get("/healthz")
def healthz() -> Response:
    """The process is alive; says which pairs are installed (and how to install some)."""
    targum = _targum()
    body: dict[str, object] = {
        "status": "ok",
        "pid": os.getpid(),
        "pairs": targum.installed_pairs(),
        "loaded": list(targum.engine.loaded),
        "skipped_packages": [{"name": s.name, "reason": s.reason} for s in targum.engine.catalog.skipped],
    }
    if not targum.engine.catalog.packages:
        body["hint"] = INSTALL_HINT
    return jsonify(body)


@bp.get("/readyz")
def readyz() -> tuple[Response, int]:
    """200 when every configured pair can be translated, else 503 with the reasons."""
    readiness = _targum().readiness()
    status = 200 if readiness.ready else 503
    return jsonify({"ready": readiness.ready, "reasons": list(readiness.reasons)}), status
