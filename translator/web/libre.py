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

The helpers below the routes take and return plain values and dataclasses, no
Flask; they are the batching core of this API.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, replace
from typing import Any, Sequence

from flask import Blueprint, Response, current_app, g, jsonify, request

from translator.document.article import Article
from translator.language.detect import UNDETERMINED, UNDETERMINED_DETECTION, Detection, Detector, normalize_language
from translator.errors import (
    ArticleTooLarge,
    InvalidRequest,
    UndetectableLanguage,
    UnsupportedLanguage,
)
from translator.html.parse import HtmlArticle, parse_html
from translator.html.fill import render_html
from translator.html.translate import aligned_blocks
from translator.pipeline import Options, Pipeline
from translator.document.segment import segment_text
from translator.service import Targum
from translator.settings import Settings
from translator.web import auth
from translator.web.api import json_body
from translator.web.errors import PROBLEM_JSON

bp = Blueprint("libretranslate", __name__)
auth.protect(bp)

# Raw text, not a scraped page: every line is translated.
OPTIONS = Options(translate_boilerplate=True, translate_bylines=True)
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


def _targum() -> Targum:
    return current_app.extensions["targum"]


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
    targum = _targum()
    req = parse_translate(_payload(), targum.settings)
    if req.target not in targum.engine.graph.languages:
        raise UnsupportedLanguage(f"no installed package translates into {req.target!r}",
                                  code="unsupported_target_language", supported=list(targum.engine.graph.languages))
    items = [segment(text, req.format) for text in req.texts]
    articles = [article_of(item) for item in items]
    detections = detect_items(targum.detector, articles) if req.source == "auto" else None
    languages = [d.language for d in detections] if detections else [req.source] * len(articles)
    deadline = time.monotonic() + targum.settings.request_time_budget_s
    outputs, model_calls = translate_items(targum.pipeline, items, languages, req.target, deadline)
    g.log_fields = {"source": sorted(set(languages)), "targets": [req.target], "items": len(articles),
                    "model_calls": model_calls}
    return jsonify(translate_json(req, outputs, detections))


@bp.post("/detect")
def detect() -> Response:
    """The languages a text may be in, best first, confidences from 0 to 100."""
    targum = _targum()
    text = parse_detect(_payload(), targum.settings)
    found = targum.detector.detect_article([line for line in text.splitlines() if line.strip()])
    if found.language == UNDETERMINED:
        raise UndetectableLanguage("the text's language could not be determined")
    return jsonify([{"language": language, "confidence": percent(confidence)}
                    for language, confidence in ((found.language, found.confidence), *found.alternatives)])


@bp.get("/languages")
def languages() -> Response:
    """Installed languages with their names and every target reachable from them, pivots included."""
    targum = _targum()
    names = targum.engine.catalog.language_names()
    graph = targum.engine.graph
    return jsonify([{"code": code, "name": names[code], "targets": list(graph.targets_of(code))}
                    for code in graph.languages])


def _payload() -> dict[str, Any]:
    """The request's fields from a JSON body, or from the form and query string (several ``q`` make a list)."""
    if request.is_json:
        data = json_body()
        if not isinstance(data, dict):
            raise InvalidRequest("the request body must be a JSON object", code="invalid_json")
        return data
    values = request.values
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
    alternatives = data.get("alternatives", 0)
    if isinstance(alternatives, str) and alternatives.strip().isdigit():
        alternatives = int(alternatives)
    if not isinstance(alternatives, int) or isinstance(alternatives, bool) or alternatives < 0:
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


def segment(text: str, fmt: str) -> Article | HtmlArticle:
    """One ``q`` as an article: the one place the format decides how a text becomes blocks.

    HTML is parsed into blocks and a tree to fill back (:mod:`translator.html.parse`),
    the same machinery as ``/v1/translate`` with ``format: html``.
    """
    if fmt == "html":
        return parse_html(text)
    return segment_text(text)


def article_of(item: Article | HtmlArticle) -> Article:
    """The blocks of an item, whatever its format."""
    return item.article if isinstance(item, HtmlArticle) else item


def detect_items(detector: Detector, articles: Sequence[Article]) -> list[Detection]:
    """Each item's language, judged on its own.

    An item that cannot be judged alone (blank, a number, a name) takes the
    language of the whole request, with confidence 0; if the whole request
    cannot be judged either, it is refused as the pipeline would refuse it.
    """
    found = [detector.detect_article([b.text for b in a.blocks]) if a.blocks else UNDETERMINED_DETECTION
             for a in articles]
    if all(d.language != UNDETERMINED for d in found):
        return found
    whole = detector.detect_article([b.text for a in articles for b in a.blocks])
    if whole.language == UNDETERMINED:
        raise UndetectableLanguage("the text's language could not be determined; send `source`")
    return [d if d.language != UNDETERMINED else Detection(whole.language, 0.0) for d in found]


def translate_items(
    pipeline: Pipeline, items: Sequence[Article | HtmlArticle], languages: Sequence[str], target: str,
    deadline: float,
) -> tuple[list[str], int]:
    """Every item translated, each with its own whitespace; and the model calls it took.

    Items in the same source language are concatenated into one article (block
    ids prefixed with the item's index) and translated in one pipeline pass,
    so each model is called once for all of them; the translated blocks are
    then split back per item and joined with the item's own separators, or,
    for HTML, filled back into the item's own tree (returned bare, without a
    wrapping element, as LibreTranslate returns HTML).
    """
    groups: dict[str, list[int]] = {}
    for index, language in enumerate(languages):
        groups.setdefault(language, []).append(index)
    articles = [article_of(item) for item in items]
    # Blank items come back as sent.
    outputs = [render_html(item, {}, target, wrap=False).html if isinstance(item, HtmlArticle) else item.source()
               for item in items]
    model_calls = 0
    for language, members in groups.items():
        combined = Article(tuple(replace(b, id=f"q{i}:{b.id}") for i in members for b in articles[i].blocks))
        if not combined.blocks:
            continue
        aligned = frozenset().union(*(aligned_blocks(item, f"q{i}:") for i in members
                                      if isinstance(item := items[i], HtmlArticle)))
        result = pipeline.translate(combined, language, [target], OPTIONS, deadline, aligned=aligned)
        translated = {b.id: b for b in result.translations[target].blocks}
        for i in members:
            item = items[i]
            if isinstance(item, HtmlArticle):
                own = {b.id: translated[f"q{i}:{b.id}"] for b in item.article.blocks}
                outputs[i] = render_html(item, own, target, wrap=False).html
                continue
            outputs[i] = item.leading + "".join(translated[f"q{i}:{b.id}"].text + b.separator for b in item.blocks)
        model_calls += result.stats.model_calls
    return outputs, model_calls


def percent(confidence: float) -> float:
    """A 0–1 confidence on LibreTranslate's 0–100 scale."""
    return round(confidence * 100, 2)


def translate_json(req: LibreRequest, outputs: list[str], detections: list[Detection] | None) -> dict[str, Any]:
    """The ``/translate`` answer: lists for a list ``q``, single values for a string."""
    body: dict[str, Any] = {"translatedText": outputs if req.batch else outputs[0]}
    if detections is not None:
        found = [{"language": d.language, "confidence": percent(d.confidence)} for d in detections]
        body["detectedLanguage"] = found if req.batch else found[0]
    if req.alternatives:
        # Targum decodes one best translation; LibreTranslate answers [] when it has none either.
        body["alternatives"] = [[] for _ in outputs] if req.batch else []
    return body
