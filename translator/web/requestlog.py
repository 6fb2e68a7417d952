"""Request ids and one structured log line per request, with its timing."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid

from flask import Flask, Response, g, request

log = logging.getLogger("targum.requests")
# A client's id is echoed only if it is short and plain, so logs cannot be forged.
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def request_id(sent: str | None) -> str:
    """The client's request id when it is short and plain, else a new one."""
    return sent if sent and _SAFE_ID.match(sent) else uuid.uuid4().hex


def init_app(app: Flask) -> None:
    """Give every response an ``X-Request-ID`` and log one JSON line per request."""

    @app.before_request
    def start() -> None:
        g.request_id = request_id(request.headers.get("X-Request-ID"))
        g.started = time.perf_counter()

    @app.after_request
    def finish(response: Response) -> Response:
        request_id = g.get("request_id") or uuid.uuid4().hex
        response.headers["X-Request-ID"] = request_id
        elapsed_ms = round((time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 1)
        log.info(json.dumps({
            "event": "request", "request_id": request_id, "method": request.method,
            "path": request.path, "status": response.status_code, "elapsed_ms": elapsed_ms,
            "bytes_in": request.content_length or 0, **g.get("log_fields", {}),
        }, ensure_ascii=False))
        return response
