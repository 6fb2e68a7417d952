"""One JSON error shape for every failure: ``application/problem+json``.

Domain errors carry their own code and status; every ``HTTPException`` (a 404
from the router, a 405, a 413 from Werkzeug) becomes the same shape, so a
client never sees an HTML page or a traceback.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify
from werkzeug.exceptions import HTTPException

from translator.errors import TargumError

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("targum")


def problem(status: int, code: str, title: str, detail: str, **extra: object) -> Response:
    """Build a problem+json response with a stable ``code``."""
    body = {"type": f"urn:targum:problem:{code}", "title": title, "status": status,
            "detail": detail, "code": code, **extra}
    response = jsonify(body)
    response.status_code = status
    response.mimetype = PROBLEM_JSON
    return response


def _code_for_http(exc: HTTPException) -> str:
    name = (exc.name or "error").lower().replace(" ", "_").replace("'", "")
    return {"not_found": "not_found", "method_not_allowed": "method_not_allowed",
            "request_entity_too_large": "request_too_large"}.get(name, name)


def init_app(app: Flask) -> None:
    """Register the app-level handlers (app-level, so routing errors are JSON too)."""

    @app.errorhandler(TargumError)
    def handle_domain_error(exc: TargumError) -> Response:
        return problem(exc.status, exc.code, exc.title, exc.detail, **exc.extra)

    @app.errorhandler(HTTPException)
    def handle_http_error(exc: HTTPException) -> Response:
        response = problem(exc.code or 500, _code_for_http(exc), exc.name, exc.description or exc.name)
        if exc.code == 405 and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception) -> Response:
        # The traceback goes to the log, never to the client.
        log.exception("unhandled error")
        return problem(500, "internal_error", "Internal error", "an unexpected error occurred")
