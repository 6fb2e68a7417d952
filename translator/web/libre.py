"""The LibreTranslate-compatible API: POST /translate, POST /detect, GET /languages.

Existing LibreTranslate clients (Mastodon, Discourse, wagtail-localize, the
libretranslatepy package) talk to Targum unchanged: the same request fields
(``q`` a string or a list, ``source`` a code or "auto", ``target``, ``format``,
``api_key``), sent as JSON or as a form, and the same answers
(``translatedText``, ``detectedLanguage`` with a confidence from 0 to 100).

LibreTranslate translates raw text, so nothing a client sends is kept as site
chrome or as a byline, and each ``q`` comes back with its own line structure.
Errors keep Targum's problem+json shape and add the ``error`` key that
LibreTranslate clients show to their users.

The helpers below the routes parse this API's fields and shape its answers,
with no Flask; the batching itself is :mod:`translator.batch`.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any, Sequence

from flask import Blueprint, Response, current_app, g, jsonify, request

from translator.contract import whole_number
from translator.errors import ArticleTooLarge, InvalidRequest, UndetectableLanguage
from translator.language.detect import UNDETERMINED, Detection, normalize_language
from translator.settings import Settings
from translator.web import auth
from translator.web.body import form_values, json_object
from translator.web.context import targum
from translator.web.errors import PROBLEM_JSON

bp = Blueprint("libretranslate", __name__)
auth.protect(bp)

FORMATS = ("text", "html")


@dataclass(frozen=True)
class LibreRequest:
    """A parsed LibreTranslate ``/translate`` request."""

    texts: tuple[str, ...]
    batch: bool  # q was a list: answer with lists
    source: str  # a normalised code, or "auto"
    target: str
    format: str
    alternatives: int


@bp.after_request
def add_error_key(response: Response) -> Response:
    """Give every problem+json answer of this API the ``error`` key LibreTranslate clients read."""
    if response.mimetype == PROBLEM_JSON:
        body = json.loads(response.get_data())
        body.setdefault("error", body.get("detail"))
        response.set_data(current_app.json.dumps(body))
    return response


@bp.post("/translate")
def translate() -> Response:
    """Translate one text or a list of texts into one target, in one pipeline pass per source language."""
    service = targum()
    req = parse_translate(_payload(), service.settings)
    deadline = time.monotonic() + service.settings.request_time_budget_s
    result = service.translate_texts(req.texts, req.format, req.source, req.target, deadline)
    g.log_fields = {"source": sorted(set(result.languages)), "targets": [req.target], "items": len(req.texts),
                    "model_calls": result.model_calls}
    return jsonify(translate_json(req, list(result.outputs), result.detections))


@bp.post("/detect")
def detect() -> Response:
    """The languages a text may be in, best first, confidences from 0 to 100."""
    service = targum()
    text = parse_detect(_payload(), service.settings)
    found = service.detector.detect_article([line for line in text.splitlines() if line.strip()])
    if found.language == UNDETERMINED:
        raise UndetectableLanguage("the text's language could not be determined")
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


def _payload() -> dict[str, Any]:
    """The request's fields from a JSON body, or from the form and query string (several ``q`` make a list)."""
    if request.is_json:
        return json_object()
    values = form_values()
    data: dict[str, Any] = values.to_dict()
    if len(values.getlist("q")) > 1:
        data["q"] = values.getlist("q")
    return data


# --- parsing and answers (no Flask below this line) ---------------------------------------------


def _string(data: dict[str, Any], name: str, default: str | None = None) -> str:
    value = data.get(name)
    if value is None or value == "":  # a form sends an unset field as ""
        if default is None:
            raise InvalidRequest(f"`{name}` is required", code="missing_field", field=name)
        return default
    if not isinstance(value, str):
        raise InvalidRequest(f"`{name}` must be a string", code="invalid_field", field=name)
    return value


def _texts(data: dict[str, Any], settings: Settings) -> tuple[tuple[str, ...], bool]:
    """``q`` as a tuple of texts, whether it was a list; empty and oversized requests are refused."""
    q = data.get("q")
    if q is None:
        raise InvalidRequest("`q` is required", code="missing_field", field="q")
    batch = isinstance(q, list)
    texts = tuple(q) if batch else (q,)
    if not all(isinstance(text, str) for text in texts):
        raise InvalidRequest("`q` must be a string or a list of strings", code="invalid_field", field="q")
    chars = sum(map(len, texts))
    if chars > settings.max_article_chars:
        raise ArticleTooLarge(f"the text has {chars} characters; the limit is {settings.max_article_chars}",
                              limit=settings.max_article_chars)
    if not any(text.strip() for text in texts):
        raise InvalidRequest("`q` is empty", code="empty_article")
    return texts, batch


def parse_translate(data: dict[str, Any], settings: Settings) -> LibreRequest:
    """Check a ``/translate`` request: q, source (default auto), target, format (default text)."""
    texts, batch = _texts(data, settings)
    fmt = _string(data, "format", "text")
    if fmt not in FORMATS:
        raise InvalidRequest(f"`format` must be one of {', '.join(FORMATS)}", code="invalid_field", field="format")
    raw = data.get("alternatives", 0)
    # A form sends "3"; JSON sends 3, or 3.0 (JSON Schema's integer too).
    alternatives = int(raw) if isinstance(raw, str) and raw.strip().isdecimal() else whole_number(raw)
    if alternatives is None or alternatives < 0:
        raise InvalidRequest("`alternatives` must be a whole number", code="invalid_field", field="alternatives")
    source = normalize_language(_string(data, "source", "auto"))
    return LibreRequest(texts, batch, source, normalize_language(_string(data, "target")), fmt, alternatives)


def parse_detect(data: dict[str, Any], settings: Settings) -> str:
    """Check a ``/detect`` request: one ``q`` string."""
    q = data.get("q")
    if q is None:
        raise InvalidRequest("`q` is required", code="missing_field", field="q")
    if not isinstance(q, str):
        raise InvalidRequest("`q` must be a string", code="invalid_field", field="q")
    texts, _ = _texts(data, settings)
    return texts[0]


def percent(confidence: float) -> float:
    """A 0–1 confidence on LibreTranslate's 0–100 scale."""
    return round(confidence * 100, 2)


def translate_json(req: LibreRequest, outputs: list[str], detections: Sequence[Detection] | None) -> dict[str, Any]:
    """The ``/translate`` answer: lists for a list ``q``, single values for a string."""
    body: dict[str, Any] = {"translatedText": outputs if req.batch else outputs[0]}
    if detections is not None:
        found = [{"language": d.language, "confidence": percent(d.confidence)} for d in detections]
        body["detectedLanguage"] = found if req.batch else found[0]
    if req.alternatives:
        # Targum decodes one best translation; LibreTranslate answers [] when it has none either.
        body["alternatives"] = [[] for _ in outputs] if req.batch else []
    return body
