"""What every answer on LibreTranslate's paths carries: CORS headers, and errors as LibreTranslate clients read them.

LibreTranslate answers ``{"error": "…"}`` as ``application/json`` on every
failure, and its clients show that message or match on it ("… is not
supported", "Invalid request: missing q parameter"). Here every error on
those paths, a 404 or 405 from the router and a 413 or 500 included, keeps
Targum's problem members (``code``, ``status``, ``detail`` …) and gains
``error`` in LibreTranslate's words, served as ``application/json``. ``/v1``
and Targum's own paths keep ``application/problem+json`` and no CORS.

CORS follows TARGUM_CORS_ORIGINS (default ``*``): a browser add-on or a web
page on another origin may call these paths, its preflight (``OPTIONS``)
answered without an API key.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, current_app, request

from translator.web.context import targum
from translator.web.errors import PROBLEM_JSON

# The paths LibreTranslate serves (and /download_file/<name>).
LIBRE_PATHS = frozenset({"/translate", "/detect", "/languages", "/frontend/settings", "/health", "/spec",
                         "/suggest", "/translate_file"})
LIBRE_PREFIXES = ("/download_file/",)
# LibreTranslate's wording where Targum's own message says it differently; clients match on these.
API_KEY_MISSING = "Please contact the server operator to get an API key"
API_KEY_INVALID = "Invalid API key"
MAX_AGE_S = 20 * 86400  # LibreTranslate's preflight cache


def is_libre_path(path: str) -> bool:
    """Whether ``path`` is one of LibreTranslate's (and so gets its error shape and CORS)."""
    return path in LIBRE_PATHS or path.startswith(LIBRE_PREFIXES)


def libre_message(problem: dict[str, Any]) -> str:
    """The ``error`` text of a problem: LibreTranslate's words for its faults, else Targum's ``detail``."""
    code = problem.get("code")
    if code == "unsupported_target_language" and problem.get("targets"):
        return f"{problem['targets'][0]} is not supported"
    if code == "unsupported_source_language" and problem.get("language"):
        return f"{problem['language']} is not supported"
    if code == "api_key_required":
        return API_KEY_MISSING
    if code == "invalid_api_key":
        return API_KEY_INVALID
    if code == "invalid_json" and problem.get("detail") == "the request body must be a JSON object":
        return "Invalid JSON format"
    return str(problem.get("detail") or problem.get("title") or "error")


def as_libre_error(response: Response) -> Response:
    """A problem+json response as LibreTranslate's clients read it: ``error`` added, ``application/json``."""
    body = json.loads(response.get_data())
    body["error"] = libre_message(body)
    response.set_data(current_app.json.dumps(body))
    response.mimetype = "application/json"
    return response


def allowed_origin(origins: tuple[str, ...], origin: str | None) -> str | None:
    """The ``Access-Control-Allow-Origin`` value for a request from ``origin``, or None for no CORS."""
    if "*" in origins:
        return "*"
    if origin and origin.rstrip("/") in origins:
        return origin
    return None


def add_cors(response: Response, origins: tuple[str, ...], origin: str | None) -> None:
    """LibreTranslate's CORS headers, for the origins configured."""
    allowed = allowed_origin(origins, origin)
    if allowed is None:
        return
    response.headers["Access-Control-Allow-Origin"] = allowed
    if allowed != "*":
        response.vary.add("Origin")
    response.headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type"
    response.headers["Access-Control-Expose-Headers"] = "Authorization"
    response.headers["Access-Control-Allow-Methods"] = "GET, POST"
    response.headers["Access-Control-Max-Age"] = str(MAX_AGE_S)


def init(bp: Blueprint) -> None:
    """Register, through the LibreTranslate blueprint, the app-wide hook that shapes answers on its paths.

    App-wide, because a 404 or a 405 never reaches a blueprint's own hooks.
    """

    @bp.after_app_request
    def libre_answer(response: Response) -> Response:
        if not is_libre_path(request.path):
            return response
        if response.mimetype == PROBLEM_JSON:
            response = as_libre_error(response)
        add_cors(response, targum().settings.cors_origins, request.headers.get("Origin"))
        return response
