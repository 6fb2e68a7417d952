"""The LibreTranslate-compatible API: LibreTranslate 1.9's paths, so its clients work unchanged.

Existing LibreTranslate clients (Mastodon, Discourse, wagtail-localize,
libretranslatepy, deep-translator, browser add-ons) talk to Targum unchanged:
the same request fields (``q`` a string or a list, ``source`` a code or
"auto", ``target``, ``format``, ``alternatives``, ``api_key``), sent as JSON,
as a form or in the query string, and the same answers (``translatedText``,
``detectedLanguage`` with a confidence from 0 to 100, ``alternatives``).

LibreTranslate translates raw text, so nothing a client sends is kept as site
chrome or as a byline, and each ``q`` comes back with its own line structure.
Errors and CORS on these paths are :mod:`translator.web.libre_http`'s; the
fields and answers, with no Flask, are :mod:`translator.web.libre_fields`; the
batching is :mod:`translator.batch`.
"""

from __future__ import annotations

import time
from typing import Any

from flask import Blueprint, Response, current_app, g, jsonify, request

from translator.batch import alternatives
from translator.errors import HttpError
from translator.language.detect import UNDETERMINED
from translator.web import auth, libre_http
from translator.web.body import form_values, json_object
from translator.web.context import targum
from translator.web.libre_fields import (
    frontend_settings_json,
    parse_detect,
    parse_suggestion,
    parse_translate,
    percent,
    translate_json,
)

bp = Blueprint("libretranslate", __name__)
libre_http.init(bp)

# Open as LibreTranslate's are: no key is asked for or checked.
# A suggestion is stored as a correction, editors' durable data: it needs a key when keys are on.
OPEN_ENDPOINTS = frozenset({"libretranslate.frontend_settings", "libretranslate.health", "libretranslate.spec",
                            "libretranslate.download_file"})


@bp.before_request
def require_key() -> None:
    """An API key (when configured) on every route but the open ones.

    ``/languages`` needs none unless TARGUM_OPEN_LANGUAGES is off, but a key
    that is sent must be valid.
    """
    if request.endpoint in OPEN_ENDPOINTS:
        return
    if request.endpoint == "libretranslate.languages" and targum().settings.open_languages:
        auth.check_sent_key()
    else:
        auth.check_api_key()


@bp.post("/translate")
def translate() -> Response:
    """Translate one text or a list of texts into one target, in one pipeline pass per source language."""
    service = targum()
    req = parse_translate(_payload(), service.settings)
    deadline = time.monotonic() + service.settings.request_time_budget_s
    result = service.translate_texts(req.texts, req.format, req.source, req.target, deadline, req.glossaries)
    others = None
    if req.alternatives and req.format == "text":
        others = alternatives(service.pipeline, req.texts, result.languages, req.target, req.alternatives,
                              result.outputs)
    g.log_fields = {"source": sorted(set(result.languages)), "targets": [req.target], "items": len(req.texts),
                    "model_calls": result.model_calls}
    return jsonify(translate_json(req, list(result.outputs), result.detections, others))


@bp.post("/detect")
def detect() -> Response:
    """The languages a text may be in, best first, confidences from 0 to 100.

    A text no language can be read in (emoji, "12:45") is LibreTranslate's
    answer for it: the pivot language (English) with confidence 0.
    """
    service = targum()
    text = parse_detect(_payload(), service.settings)
    found = service.detector.detect_article([line for line in text.splitlines() if line.strip()])
    if found.language == UNDETERMINED:
        return jsonify([{"language": service.settings.pivot_language, "confidence": 0.0}])
    return jsonify([{"language": language, "confidence": percent(confidence)}
                    for language, confidence in ((found.language, found.confidence), *found.alternatives)])


@bp.get("/languages")
def languages() -> Response:
    """Installed languages with their names and every target reachable from them, pivots included."""
    service = targum()
    names = service.engine.catalog.language_names()
    graph = service.engine.graph
    return jsonify([{"code": code, "name": names[code], "targets": list(graph.targets_of(code))}
                    for code in graph.languages])


@bp.get("/frontend/settings")
def frontend_settings() -> Response:
    """What LibreTranslate's web page needs to start: limits, whether keys are on, default languages."""
    service = targum()
    return jsonify(frontend_settings_json(service.settings, service.engine.graph.languages,
                                          service.engine.catalog.language_names()))


@bp.get("/health")
def health() -> Response:
    """LibreTranslate's liveness answer (``/healthz`` and ``/readyz`` say more)."""
    return jsonify({"status": "ok"})


@bp.get("/spec")
def spec() -> Response:
    """The API's description, where LibreTranslate serves its own: this server's OpenAPI document."""
    return Response(current_app.extensions["openapi"], mimetype="application/json")


@bp.post("/suggest")
def suggest() -> Response:
    """LibreTranslate's "suggest a better translation": stored as an editor's correction, used from then on."""
    correction = parse_suggestion(_payload())
    targum().corrections.add(correction, origin="suggest")
    return jsonify({"success": True})


@bp.post("/translate_file")
def translate_file() -> Response:
    """Not yet: files will be translated as documents."""
    raise not_implemented("Files translation is not available on this server yet: Targum will translate files "
                          "as documents, which it does not take yet")


@bp.get("/download_file/<string:filename>")
def download_file(filename: str) -> Response:
    """Not yet: there is no translated file to download until ``/translate_file`` is."""
    raise not_implemented("Files translation is not available on this server yet, so there is no file to download")


def not_implemented(reason: str) -> HttpError:
    """A 501 that says why."""
    return HttpError(501, "not_implemented", "Not implemented", reason)


def _payload() -> dict[str, Any]:
    """The request's fields from a JSON body, or from the form and query string (several ``q`` make a list)."""
    if request.is_json:
        return json_object()
    values = form_values()
    data: dict[str, Any] = values.to_dict()
    if len(values.getlist("q")) > 1:
        data["q"] = values.getlist("q")
    return data
