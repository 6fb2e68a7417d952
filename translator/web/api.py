"""The v1 API: translate an article into several languages, detect, list languages."""

from __future__ import annotations

import time

from flask import Blueprint, Response, g, jsonify

from translator.contract import detection_json, parse_translate, translation_json
from translator.errors import ArticleTooLarge, InvalidRequest
from translator.text.typography import direction
from translator.web import auth
from translator.web.body import json_body, json_object
from translator.web.context import targum

bp = Blueprint("v1", __name__, url_prefix="/v1")
auth.protect(bp)


@bp.post("/translate")
def translate() -> Response:
    """Translate one article into every requested language."""
    service = targum()
    req = parse_translate(json_body(), service.settings)
    rendered = service.translate(req, time.monotonic() + service.settings.request_time_budget_s)
    result = rendered.translation
    g.log_fields = {"source": result.source.language, "targets": list(req.targets),
                    "sentences": result.stats.sentences, "model_calls": result.stats.model_calls}
    return jsonify(translation_json(rendered, explain=req.options.explain, flags=req.options.flags))


@bp.post("/detect")
def detect() -> Response:
    """The language of a text: language, confidence, alternatives."""
    data = json_object()
    text = data.get("text")
    if not isinstance(text, str):
        raise InvalidRequest("`text` is required and must be a string", code="missing_field", field="text")
    if not text.strip():
        raise InvalidRequest("`text` is empty", code="empty_article")
    service = targum()
    if len(text) > service.settings.max_article_chars:
        raise ArticleTooLarge(f"the text has {len(text)} characters; the limit is {service.settings.max_article_chars}",
                              limit=service.settings.max_article_chars)
    lines = [line for line in text.splitlines() if line.strip()]
    return jsonify(detection_json(service.detector.detect_article(lines), service.engine.graph.sources()))


@bp.get("/languages")
def languages() -> Response:
    """Installed languages with names, direction and reachable targets."""
    service = targum()
    names = service.engine.catalog.language_names()
    graph = service.engine.graph
    return jsonify([
        {"code": code, "name": names[code], "dir": direction(code),
         "targets": [{"code": target, "via": None if how == "direct" else how.removeprefix("via ")}
                     for target, how in graph.targets_of(code).items()]}
        for code in graph.languages
    ])
