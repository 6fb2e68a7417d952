"""``GET /openapi.json``: the OpenAPI 3.1 description of the API.

The document is data, hand-written in ``openapi.json`` next to this module;
only ``info.version`` comes from code. It is read and serialised once, when
the blueprint is registered on an app, and served as those bytes. No API
key is needed to read it. ``tests/test_web_openapi.py`` keeps it true: every
route is documented and real responses validate against it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app
from flask.blueprints import BlueprintSetupState

# The version of the API contract (not of the packages): bump it when the document changes.
API_VERSION = "1.0.0"
DOCUMENT_PATH = Path(__file__).with_name("openapi.json")

bp = Blueprint("openapi", __name__)


def load_document(version: str = API_VERSION) -> dict[str, Any]:
    """The OpenAPI document from ``openapi.json``, with ``info.version`` set to ``version``."""
    document: dict[str, Any] = json.loads(DOCUMENT_PATH.read_text(encoding="utf-8"))
    document["info"]["version"] = version
    return document


@bp.record_once
def _load(state: BlueprintSetupState) -> None:
    # Once per app, not per request: the document never changes while the app runs.
    body = json.dumps(load_document(), ensure_ascii=False, indent=2).encode("utf-8")
    state.app.extensions["openapi"] = body


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI document of this server."""
    return Response(current_app.extensions["openapi"], mimetype="application/json")
