"""One JSON error shape for every failure: ``application/problem+json``.

Domain errors build their own document (:meth:`TargumError.problem`); every
``HTTPException`` (a 404 from the router, a 405, a 413 from Werkzeug) becomes
an :class:`HttpError` and the same shape, so a client never sees an HTML page
or a traceback.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from translator.errors import HttpError, InternalError, TargumError

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("targum")


def problem(error: TargumError) -> Response:
    """The problem+json response of an error."""
    response = jsonify(error.problem())
    response.status_code = error.status
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
        return problem(exc)

    @app.errorhandler(HTTPException)
    def handle_http_error(exc: HTTPException) -> Response:
        response = problem(HttpError(exc.code or 500, _code_for_http(exc), exc.name, exc.description or exc.name))
        if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception) -> Response:
        # The traceback goes to the log, never to the client.
        log.exception("unhandled error")
        return problem(InternalError("an unexpected error occurred"))
