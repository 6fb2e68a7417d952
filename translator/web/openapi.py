"""``GET /openapi.json``: the OpenAPI 3.1 description of the API.

The document is data, hand-written in ``openapi.json`` next to this module;
only ``info.version`` and the language codes a request may name come from
code. The committed file lists the newsroom's en, he and ru; each app serves
the languages its installed packages translate from and into (with the
legacy codes it takes for them, ``iw`` for ``he``), so a client or a fuzzer
that follows the served schema names languages this deployment can serve.
It is read, filled in and serialised once, when the blueprint is registered
on an app, and served as those bytes. No API key is needed to read it.
``tests/web/test_openapi.py`` keeps it true: every route is documented and
real responses validate against it; ``tests/e2e/test_schemathesis.py`` fuzzes
the app with requests generated from it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Sequence

from flask import Blueprint, Response, current_app
from flask.blueprints import BlueprintSetupState

from translator.language.detect import LEGACY_CODES
from translator.service import Targum

# The version of the API contract (not of the packages): bump it when the document changes.
API_VERSION = "1.0.0"
DOCUMENT_PATH = Path(__file__).with_name("openapi.json")

bp = Blueprint("openapi", __name__)


def load_document(version: str = API_VERSION) -> dict[str, Any]:
    """The OpenAPI document from ``openapi.json``, with ``info.version`` set to ``version``."""
    document: dict[str, Any] = json.loads(DOCUMENT_PATH.read_text(encoding="utf-8"))
    document["info"]["version"] = version
    return document


def request_codes(languages: Iterable[str]) -> list[str]:
    """The codes a request may send for ``languages``: each one, and the legacy codes the API takes for them."""
    codes = set(languages)
    return sorted(codes | {legacy for legacy, code in LEGACY_CODES.items() if code in codes})


def with_languages(document: dict[str, Any], sources: Sequence[str], targets: Sequence[str]) -> dict[str, Any]:
    """``document`` with the request schemas' language enums set to these source and target languages."""
    schemas = document["components"]["schemas"]
    schemas["SourceLanguage"]["enum"] = ["auto", *request_codes(sources)]
    schemas["TargetLanguage"]["enum"] = request_codes(targets)
    return document


@bp.record_once
def _load(state: BlueprintSetupState) -> None:
    # Once per app, not per request: the document never changes while the app runs.
    service: Targum = state.app.extensions["targum"]
    graph = service.engine.graph
    # With no package installed every translation is refused anyway; the schema then names the languages the
    # deployment is configured for (TARGUM_LANGUAGES), those it will serve once their packages are installed.
    configured = service.settings.languages
    document = with_languages(load_document(), graph.sources() or configured, graph.languages or configured)
    state.app.extensions["openapi"] = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI document of this server."""
    return Response(current_app.extensions["openapi"], mimetype="application/json")
