"""The v1 API: translate an article into several languages, detect, list languages."""

from __future__ import annotations

import json
import time
from typing import Any

from flask import Blueprint, Response, current_app, g, jsonify, request

from translator.errors import ArticleTooLarge, InvalidRequest, UnsupportedMediaType
from translator.service import Targum
from translator.text.typography import direction
from translator.web import auth
from translator.contract import detection_json, parse_translate, translation_json

bp = Blueprint("v1", __name__, url_prefix="/v1")
auth.protect(bp)


def _targum() -> Targum:
    return current_app.extensions["targum"]


def json_body() -> Any:
    """The request's JSON body, or a clear error: wrong content type, empty, not JSON."""
    if not request.is_json:
        raise UnsupportedMediaType("send the request body as JSON with `Content-Type: application/json`")
    raw = request.get_data(cache=True)
    if not raw.strip():
        raise InvalidRequest("the request body is empty", code="missing_body")
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidRequest(f"the request body is not valid JSON: {exc}", code="invalid_json") from None


@bp.post("/translate")
def translate() -> Response:
    """Translate one article into every requested language."""
    targum = _targum()
    req = parse_translate(json_body(), targum.settings)
    deadline = time.monotonic() + targum.settings.request_time_budget_s
    result = targum.translate(req.body, req.title, req.format, req.source, req.targets, req.options, deadline)
    g.log_fields = {"source": result.source.language, "targets": list(req.targets),
                    "sentences": result.stats.sentences, "model_calls": result.stats.model_calls}
    return jsonify(translation_json(result))


@bp.post("/detect")
def detect() -> Response:
    """The language of a text: language, confidence, alternatives."""
    data = json_body()
    if not isinstance(data, dict):
        raise InvalidRequest("the request body must be a JSON object", code="invalid_json")
    text = data.get("text")
    if not isinstance(text, str):
        raise InvalidRequest("`text` is required and must be a string", code="missing_field", field="text")
    if not text.strip():
        raise InvalidRequest("`text` is empty", code="empty_article")
    targum = _targum()
    if len(text) > targum.settings.max_article_chars:
        raise ArticleTooLarge(f"the text has {len(text)} characters; the limit is {targum.settings.max_article_chars}",
                              limit=targum.settings.max_article_chars)
    lines = [line for line in text.splitlines() if line.strip()]
    return jsonify(detection_json(targum.detector.detect_article(lines), targum.engine.graph.sources()))


@bp.get("/languages")
def languages() -> Response:
    """Installed languages with names, direction and reachable targets."""
    targum = _targum()
    names = targum.engine.catalog.language_names()
    graph = targum.engine.graph
    return jsonify([
        {"code": code, "name": names[code], "dir": direction(code),
         "targets": [{"code": target, "via": None if how == "direct" else how.removeprefix("via ")}
                     for target, how in graph.targets_of(code).items()]}
        for code in graph.languages
    ])
